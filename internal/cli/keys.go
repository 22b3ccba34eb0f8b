package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/keyrotation"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// bindKeys is serve's check that the keys file belongs to the database (vault.Bind): it
// records the keys' fingerprint on a new database and refuses to start on a database that was
// started with another keys file, before anything is served, so that a replica with the wrong
// keys never reports ready nor files a case the other replicas cannot read. `demo seed`, which
// files cases too, does the same.
func bindKeys(ctx context.Context, st *store.Store, v *vault.Vault, path string, log *slog.Logger) error {
	b, err := v.Bind(ctx, st.KeyChecks(), true)
	if err != nil {
		return keysError(path, err)
	}
	if err := refuseRetiredKeys(ctx, st, v, path); err != nil {
		return err
	}
	// The short id is a keyed hash of a public label: it tells keys files apart and reveals
	// nothing of them.
	log.Info("keys file belongs to the database", "keys_fingerprint", v.ShortID(), "how", b.String())
	return nil
}

// checkKeys refuses keys that do not belong to the database, writing nothing: for the commands
// that read or seal with the keys but do not file cases.
func checkKeys(ctx context.Context, st *store.Store, v *vault.Vault, path string) error {
	if _, err := v.Bind(ctx, st.KeyChecks(), false); err != nil {
		return keysError(path, err)
	}
	return refuseRetiredKeys(ctx, st, v, path)
}

// refuseRetiredKeys refuses a keys file that a rotation of the key-encryption key has left
// behind, though its fingerprint still fits: once the new key is primary (the rotation's second
// step), a file whose primary is the old key — the first step's file, or its backup — would wrap
// the case keys of new reports under a key that is about to go; from the retirement on, a file
// that still holds the old key at all is a backup that must not run. Replicas already running
// with such a file are the rollout's business; a replica starting with one is refused.
func refuseRetiredKeys(ctx context.Context, st *store.Store, v *vault.Vault, path string) error {
	rot, err := st.KeyRotations().Current(ctx)
	if err != nil {
		return fmt.Errorf("read the state of key rotations: %w", err)
	}
	if rot == nil {
		return nil
	}
	var why string
	switch rot.Phase {
	case keyrotation.PhaseRewrapping, keyrotation.PhaseRewrapped:
		if v.KEKPrimaryID() == rot.OldKey {
			why = "its primary key-encryption key is the one the rotation under way replaces, so new reports would be wrapped under a key that is about to be retired"
		}
	case keyrotation.PhaseRetiring, keyrotation.PhaseRetired:
		if v.HoldsKEK(rot.OldKey) {
			why = "it still holds the key-encryption key the last rotation retired (it is an older keys file or one of its .bak copies)"
		}
	}
	if why == "" {
		return nil
	}
	return fmt.Errorf("the keys file %s does not belong to this database any more: %s. "+
		"Start every replica with the keys file the last `meldpunt keys rotate` or `keys retire` wrote; "+
		"`meldpunt keys check --keys-file FILE` tells which file fits", path, why)
}

// keysMismatchError is the operator's message for keys that do not belong to the database.
type keysMismatchError struct {
	path string
	m    *vault.MismatchError
}

func (e *keysMismatchError) Error() string {
	ids := "keys file fingerprint " + e.m.Keys
	if e.m.Database != "" {
		ids += ", the database's " + e.m.Database
	}
	return fmt.Sprintf("the keys file %s does not belong to this database: %s (%s). "+
		"Start every replica with the same keys file (the one this database was first started with, or the one "+
		"the last `meldpunt keys rotate` or `keys retire` wrote); "+
		"`meldpunt keys check --keys-file FILE` tells which file fits", e.path, e.m.Reason, ids)
}

func (e *keysMismatchError) Unwrap() error { return e.m }

// keysError turns a vault.MismatchError into the operator's message; other errors pass.
func keysError(path string, err error) error {
	var m *vault.MismatchError
	if errors.As(err, &m) {
		return &keysMismatchError{path: path, m: m}
	}
	return err
}

const keysCheckHelp = `Tell whether a keys file belongs to the database, without writing anything.

The database records a fingerprint of the keys file it was first started with (never the keys),
and ` + "`meldpunt serve`" + ` refuses to start with another keys file. This command answers the same
question before a start: it exits 0 when the keys file fits (or when the database has no
fingerprint yet and serve would record this file's), and 1 with the reason when it does not.
A database from before fingerprints were recorded is checked against its earliest case key.`

// keysCheckCmd is `meldpunt keys check --keys-file F [--database-url U]`.
func keysCheckCmd(cfg *config.Config, stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Tell whether a keys file belongs to the database (writes nothing)",
		Long:  keysCheckHelp,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.KeysFile == "" && !cfg.Dev {
				return fmt.Errorf("give the keys file to check with --keys-file (or %s)", config.EnvName("keys-file"))
			}
			cfg.Dev = true // checking needs no staff sign-in; the keys file is given or the dev one
			if err := cfg.Resolve(); err != nil {
				return err
			}
			v, err := vault.Load(cfg.KeysFile)
			if err != nil {
				return err
			}
			// Opening an embedded database that is not there would create it: a check writes
			// nothing.
			if !store.IsPostgres(cfg.DatabaseURL) {
				path := strings.TrimPrefix(cfg.DatabaseURL, "sqlite://")
				if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("no database at %s to check the keys file against (give --database-url or --data-dir)", path)
				}
			}
			st, err := openStore(cmd.Context(), cfg, 2)
			if err != nil {
				return err
			}
			defer st.Close()
			b, err := v.Bind(cmd.Context(), st.KeyChecks(), false)
			if err != nil {
				return keysError(cfg.KeysFile, err)
			}
			if err := refuseRetiredKeys(cmd.Context(), st, v, cfg.KeysFile); err != nil {
				return err
			}
			switch b {
			case vault.Matched:
				fmt.Fprintf(stdout, "the keys file %s belongs to this database (keys fingerprint %s)\n", cfg.KeysFile, v.ShortID())
			case vault.OpenedCase:
				fmt.Fprintf(stdout, "the keys file %s opens this database's earliest case key; the database has no keys "+
					"fingerprint yet, and `meldpunt serve` records this file's (%s) on its next start\n", cfg.KeysFile, v.ShortID())
			default:
				fmt.Fprintf(stdout, "this database has no keys fingerprint and no case keys yet: `meldpunt serve` with %s "+
					"binds it to that file (keys fingerprint %s) on its first start\n", cfg.KeysFile, v.ShortID())
			}
			return nil
		},
	}
}
