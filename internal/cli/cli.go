// Package cli is the meldpunt command line: it turns flags and environment into a Config and
// runs one subcommand. The wiring of the service (store, vault, domain, transport) lives here,
// by hand, in one place: app.go.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/observe"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/transport"
	"github.com/utrecht/meldpunt/internal/vault"
)

// Run executes the command line args.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config.Config
	root := &cobra.Command{
		Use:           "meldpunt",
		Short:         "Confidential reporting and integrity case system",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return config.ApplyEnv(cmd.Flags())
		},
	}
	cfg.Bind(root.PersistentFlags())
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(serveCmd(&cfg, stderr), migrateCmd(&cfg, stderr), keysCmd(&cfg, stdout, stderr), devCmd(&cfg, stdout, stderr),
		orgCmd(&cfg, stdout, stderr), auditCmd(&cfg, stdout), retentionCmd(&cfg, stdout, stderr),
		precedentsCmd(&cfg, stdout, stderr), reportCmd(&cfg, stdout, stderr), demoCmd(&cfg, stdout, stderr))
	return root.ExecuteContext(ctx)
}

// ExitError is an error that ends the command with an exit status other than 1.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// ExitCode is the exit status for the error Run returned: 0 for none, the code of an ExitError,
// else 1.
func ExitCode(err error) int {
	var ee *ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.Code
	}
	return 1
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{}
	var h slog.Handler = slog.NewJSONHandler(w, opts)
	if cfg.LogFormat == "text" {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(transport.LogHandler{Handler: observe.TraceLogHandler{Handler: h}})
}

func serveCmd(cfg *config.Config, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the gRPC service and REST gateway (migrates the database first)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cfg.Resolve(); err != nil {
				return err
			}
			if f := cmd.Flag("shutdown-delay"); cfg.Dev && f != nil && !f.Changed {
				cfg.ShutdownDelay = 0 // no load balancer to wait for on a developer's machine
			}
			return serve(cmd.Context(), cfg, newLogger(cfg, stderr))
		},
	}
}

func migrateCmd(cfg *config.Config, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending database migrations and exit",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg.Dev = true // migrating needs no keys or OIDC
			if err := cfg.Resolve(); err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), cfg, 2)
			if err != nil {
				return err
			}
			defer st.Close()
			return st.Migrate(newLogger(cfg, stderr))
		},
	}
}

func keysCmd(cfg *config.Config, stdout, stderr io.Writer) *cobra.Command {
	keys := &cobra.Command{Use: "keys", Short: "Manage the encryption keys file"}
	keys.AddCommand(&cobra.Command{
		Use:   "init",
		Short: "Create a new keys file (key-encryption key and keyed-hash key)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			path := cfg.KeysFile
			if path == "" {
				return fmt.Errorf("give the path with --keys-file (or %s)", config.EnvName("keys-file"))
			}
			if err := vault.Init(path); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "created %s (mode 0600). Back it up apart from the database: without it no case can be read.\n", path)
			return nil
		},
	}, keysCheckCmd(cfg, stdout))
	keys.AddCommand(keysRotateCmds(cfg, stdout, stderr)...)
	return keys
}

func devCmd(cfg *config.Config, stdout, stderr io.Writer) *cobra.Command {
	dev := &cobra.Command{Use: "dev", Short: "Development helpers (need dev mode: --dev or MELDPUNT_DEV=true)"}
	var (
		roles []string
		user  string
		name  string
		ttl   time.Duration
	)
	tok := &cobra.Command{
		Use:   "token",
		Short: "Print a local staff token signed by the dev signing key",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if !cfg.Dev {
				return fmt.Errorf("dev tokens are only issued in dev mode: pass --dev (or set %s=true) — and never in production", config.EnvName("dev"))
			}
			var rs []auth.Role
			for _, r := range roles {
				for _, part := range strings.Split(r, ",") {
					role, err := auth.ParseRole(strings.TrimSpace(part))
					if err != nil {
						return err
					}
					rs = append(rs, role)
				}
			}
			if len(rs) == 0 || user == "" {
				return fmt.Errorf("give --role and --user, e.g. `meldpunt dev token --dev --role intake --user alice`")
			}
			iss, path, err := devIssuer(cfg, false)
			if err != nil {
				return err
			}
			t, err := iss.Token(user, name, rs, ttl)
			if err != nil {
				return err
			}
			fmt.Fprintf(stderr, "signed with the dev signing key %s (key id %s)\n", path, iss.KeyID())
			fmt.Fprintln(stdout, t)
			return nil
		},
	}
	tok.Flags().StringSliceVar(&roles, "role", nil, "role(s): intake, adviser, manager, integrity_team, hr, admin, auditor")
	tok.Flags().StringVar(&user, "user", "", "subject (user id) of the token")
	tok.Flags().StringVar(&name, "name", "", "display name")
	tok.Flags().DurationVar(&ttl, "ttl", 8*time.Hour, "lifetime")
	dev.AddCommand(tok)
	return dev
}

// devKey is where dev mode keeps its signing key for local staff tokens — the one rule that
// `serve --dev` and `dev token` share: <data-dir>/dev-signing-key.json, the data directory from
// --data-dir or MELDPUNT_DATA_DIR (default ./data, relative to the working directory), made
// absolute so that messages say which directory was meant.
func devKey(cfg *config.Config) (dir, file string, err error) {
	dir, err = filepath.Abs(cfg.DataDir)
	if err != nil {
		return "", "", fmt.Errorf("--data-dir %s: %w", cfg.DataDir, err)
	}
	c := *cfg
	c.DataDir = dir
	return dir, c.DevKeyFile(), nil
}

// devIssuer loads the dev signing key. The server (create) makes it on first use; `dev token`
// does not: a key it made would be one the server does not know, and every token a plain 401.
func devIssuer(cfg *config.Config, create bool) (*auth.DevIssuer, string, error) {
	dir, path, err := devKey(cfg)
	if err != nil {
		return nil, "", err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if !create {
			return nil, "", fmt.Errorf("no dev signing key in %s; start `meldpunt serve --dev` first (it makes one there), "+
				"or pass the server's data directory with --data-dir (or %s)", dir, config.EnvName("data-dir"))
		}
		if err := auth.InitDevKey(path); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, "", err
		}
	}
	iss, err := auth.LoadDevIssuer(path)
	return iss, path, err
}

// openStore opens the database of cfg with a pool of maxConns: the one place where the
// database password file, if any, is read and joined to the URL (config.DatabaseDSN).
func openStore(ctx context.Context, cfg *config.Config, maxConns int, log ...*slog.Logger) (*store.Store, error) {
	dsn, err := cfg.DatabaseDSN()
	if err != nil {
		return nil, err
	}
	opt := store.Options{MaxOpenConns: maxConns}
	if len(log) > 0 {
		opt.Logger = log[0]
	}
	return store.Open(ctx, dsn, opt)
}
