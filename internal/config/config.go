// Package config is Meldpunt's one Config struct, loaded from flags and MELDPUNT_* environment
// variables (a flag given on the command line wins), and validated at start. Secrets are never
// values here, only references: the keys file, the dev signing key, the OIDC client secret and the
// database password are paths to files, read where they are used.
package config

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/utrecht/meldpunt/internal/dbconn"
	"github.com/utrecht/meldpunt/internal/ratelimit"
)

// Config is everything the service can be told.
type Config struct {
	DataDir         string
	DatabaseURL     string
	DBPasswordFile  string
	KeysFile        string
	GRPCAddr        string
	HTTPAddr        string
	Dev             bool
	OIDCIssuer      string
	OIDCAudience    string
	OIDCJWKSURL     string
	OIDCRolesClaim  string
	OIDCClientID    string
	OIDCSecret      string
	OIDCSecretFile  string
	OIDCRoleMap     string
	OIDCRoleMapFile string
	OIDCScopes      string
	OIDCPromptLogin bool
	PublicURL       string
	StaffIdle       time.Duration
	StaffMaxSession time.Duration
	StaffProgress   time.Duration
	AckDeadline     time.Duration
	FeedbackMonths  int
	WeighDeadline   time.Duration
	DismissPromptly time.Duration
	KeepNotes       time.Duration
	KeepCases       time.Duration
	EscrowTTL       time.Duration
	RetentionEvery  time.Duration
	CheckpointEvery time.Duration
	CheckpointKeep  time.Duration
	SessionTTL      time.Duration
	ShutdownTimeout time.Duration
	ShutdownDelay   time.Duration
	Migrate         string
	LogFormat       string
	DBMaxConns      int
	TrustedProxies  []string
	Organisation    string
	Logo            string

	// The filing budget (package ratelimit).
	FilingBurst       int
	FilingEvery       time.Duration
	FilingGlobalBurst int
	FilingGlobalEvery time.Duration

	// Observability (observe.go).
	MetricsAddr  string
	OTLPEndpoint string

	// E-mail notifications of staff (notify.go).
	Notify Notify
}

// Bind registers the flags of c on fs, with defaults.
func (c *Config) Bind(fs *pflag.FlagSet) {
	fs.StringVar(&c.DataDir, "data-dir", "data", "directory for the embedded database and, in dev mode, the keys (created on first run)")
	fs.StringVar(&c.DatabaseURL, "database-url", "", "postgres://... for PostgreSQL; default: the embedded SQLite file in --data-dir")
	fs.StringVar(&c.DBPasswordFile, "database-password-file", "", "file holding the PostgreSQL password (e.g. a mounted secret), added to --database-url, which then carries none")
	fs.StringVar(&c.KeysFile, "keys-file", "", "keys file made by `meldpunt keys init` (default in dev mode: <data-dir>/keys.json)")
	fs.StringVar(&c.GRPCAddr, "grpc-addr", "127.0.0.1:9090", "gRPC listen address")
	fs.StringVar(&c.HTTPAddr, "http-addr", "127.0.0.1:8080", "REST gateway listen address")
	fs.BoolVar(&c.Dev, "dev", false, "dev mode: keys and a dev token signer are created under --data-dir; never in production")
	fs.StringVar(&c.OIDCIssuer, "oidc-issuer", "", "OIDC issuer URL of staff tokens")
	fs.StringVar(&c.OIDCAudience, "oidc-audience", "meldpunt", "audience staff tokens must carry")
	fs.StringVar(&c.OIDCJWKSURL, "oidc-jwks-url", "", "JWKS URL (default: from the issuer's discovery document)")
	fs.StringVar(&c.OIDCRolesClaim, "oidc-roles-claim", "roles", "claim holding the staff member's roles: a claim name, or a dotted path into nested objects (realm_access.roles, resource_access.meldpunt.roles); its value a string, an array of strings, or an object whose keys are the roles")
	fs.StringVar(&c.OIDCClientID, "oidc-client-id", "", "client id of the staff pages' sign-in at the issuer (default: --oidc-audience)")
	fs.StringVar(&c.OIDCSecret, "oidc-client-secret", "", "client secret of the staff pages' sign-in; empty for a public client (PKCE only). Prefer --oidc-client-secret-file")
	fs.StringVar(&c.OIDCSecretFile, "oidc-client-secret-file", "", "file holding the client secret (e.g. a mounted secret), so that it is not in the process list or the environment")
	fs.StringVar(&c.OIDCRoleMap, "oidc-role-map", "", "map the roles claim's values onto roles: 'GG-Meldpunt-Advisers=adviser,GG-HR=hr'; several roles as 'G=adviser+intake'; separate entries with ';' when group names hold commas (each entry splits at its last '='); with a map only mapped values count (without one, values equal to a role's name)")
	fs.StringVar(&c.OIDCRoleMapFile, "oidc-role-map-file", "", "file with the role map, one 'group=role[+role]' per line (split at the last '=', so LDAP names such as CN=GG-Meldpunt,OU=Groepen,DC=utrecht,DC=nl fit; '#' starts a comment line); adds to --oidc-role-map")
	fs.StringVar(&c.OIDCScopes, "oidc-scopes", "openid profile", "scopes the staff sign-in asks for, separated by spaces or commas (openid is always added); e.g. 'openid profile groups' for Dex or Okta")
	fs.BoolVar(&c.OIDCPromptLogin, "oidc-prompt-login", false, "ask the identity provider to request the password at every staff sign-in (prompt=login), for shared workstations")
	fs.StringVar(&c.PublicURL, "public-url", "", "the site's public address, e.g. https://meldpunt.utrecht.nl (the sign-in's redirect address; default: from the request)")
	fs.DurationVar(&c.StaffIdle, "staff-idle-timeout", 30*time.Minute, "a staff session without activity ends after this time")
	fs.DurationVar(&c.StaffMaxSession, "staff-session-max", 10*time.Hour, "a staff session ends after this time, however active")
	fs.DurationVar(&c.StaffProgress, "staff-progress-after", time.Second, "a staff page's long operation (a precedent import, the annual report) that takes longer than this shows its progress while it runs (0: always)")
	fs.DurationVar(&c.AckDeadline, "ack-deadline", 7*24*time.Hour, "acknowledge receipt to the reporter within this time")
	fs.IntVar(&c.FeedbackMonths, "feedback-months", 3, "give the reporter feedback within this many months of the acknowledgement")
	fs.DurationVar(&c.KeepNotes, "adviser-notes-retention", 365*24*time.Hour, "destroy an adviser's conversation notes this long after their part of the case ended")
	fs.DurationVar(&c.EscrowTTL, "escrow-ttl", 365*24*time.Hour, "destroy a matching entry (\"not alone\") this long after it was made, whether or not it matched")
	fs.DurationVar(&c.KeepCases, "case-retention", 5*365*24*time.Hour, "destroy a closed case's content (its key) this long after closure; the counts stay")
	fs.DurationVar(&c.RetentionEvery, "retention-interval", time.Hour, "how often the retention job runs")
	fs.DurationVar(&c.CheckpointEvery, "audit-checkpoint-interval", time.Hour, "how often serve makes a signed checkpoint of every case's audit trail when it changed (0: never; `meldpunt audit checkpoint` makes one now)")
	fs.DurationVar(&c.CheckpointKeep, "audit-checkpoint-keep", 7*24*time.Hour, "every audit checkpoint keeps the head of each case (56 bytes a case) this long; older ones keep it only when they are the first checkpoint of their UTC day (serve prunes hourly; give `meldpunt audit verify` the same value)")
	fs.DurationVar(&c.DismissPromptly, "summary-dismissal-within", 3*24*time.Hour, "a summary dismissal decided later than this after the facts became known is recorded as late (Civil Code 7:677)")
	fs.DurationVar(&c.WeighDeadline, "weigh-deadline", 28*24*time.Hour, "an escalated signal must be weighed within this time")
	fs.DurationVar(&c.SessionTTL, "reporter-session-ttl", 30*time.Minute, "lifetime of a reporter's session")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 15*time.Second, "time in-flight calls get to finish on shutdown")
	fs.DurationVar(&c.ShutdownDelay, "shutdown-delay", 5*time.Second, "on SIGTERM, how long to serve on while not ready, so that a load balancer stops sending requests first (0 in dev mode unless given)")
	fs.StringVar(&c.Migrate, "migrate", "auto", "auto: migrate the database at start (replicas starting at once wait for each other); off: only check that the schema is current (run `meldpunt migrate` as a job of its own)")
	fs.StringVar(&c.LogFormat, "log-format", "json", "json or text")
	fs.IntVar(&c.DBMaxConns, "db-max-conns", 20, "PostgreSQL connections this replica may open; all replicas together must stay below the server's max_connections (see README)")
	fs.StringVar(&c.Organisation, "organisation", "Gemeente Utrecht", "the employer's name, as the source of the precedents it publishes")
	fs.StringVar(&c.Logo, "logo", "", "an SVG or PNG file with the organisation's logo, shown in the pages' header beside its name (empty: the name only)")
	fs.StringSliceVar(&c.TrustedProxies, "trusted-proxies", nil, "CIDRs of reverse proxies that append the client address to X-Forwarded-For; wrong receipt codes are then rate-limited by that address (never stored or logged)")
	fs.IntVar(&c.FilingBurst, "filing-burst", ratelimit.Filings.PerSourceBurst, "reports one network address may file at once without signing in (the web form, REST, gRPC); more are refused with 429 and Retry-After, nothing stored")
	fs.DurationVar(&c.FilingEvery, "filing-every", ratelimit.Filings.PerSourceEvery, "after its burst, one more report per address per this interval")
	fs.IntVar(&c.FilingGlobalBurst, "filing-global-burst", ratelimit.Filings.GlobalBurst, "reports all addresses together may file at once (per replica)")
	fs.DurationVar(&c.FilingGlobalEvery, "filing-global-every", ratelimit.Filings.GlobalEvery, "after the global burst, one more report per this interval (per replica)")
	c.bindObservability(fs)
	c.bindNotify(fs)
}

// EnvName is the environment variable of a flag: MELDPUNT_ and the flag in upper snake case.
func EnvName(flag string) string {
	return "MELDPUNT_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// ApplyEnv sets every flag not given on the command line from its environment variable.
func ApplyEnv(fs *pflag.FlagSet) error {
	var errs []error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed {
			return
		}
		if v, ok := os.LookupEnv(EnvName(f.Name)); ok {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", EnvName(f.Name), err))
			}
		}
	})
	return errors.Join(errs...)
}

// Resolve fills in derived defaults and validates.
func (c *Config) Resolve() error {
	if c.DatabaseURL == "" {
		c.DatabaseURL = dbconn.SQLiteURL(c.DataDir)
	}
	if !dbconn.IsPostgres(c.DatabaseURL) && !strings.HasPrefix(c.DatabaseURL, "sqlite://") {
		return errors.New("--database-url must start with postgres:// or sqlite://")
	}
	if err := c.checkDatabasePassword(); err != nil {
		return err
	}
	if c.KeysFile == "" {
		if !c.Dev {
			return errors.New("--keys-file is required outside dev mode: create one with `meldpunt keys init --keys-file PATH`, keep it out of the database backups, and pass its path")
		}
		c.KeysFile = filepath.Join(c.DataDir, "keys.json")
	}
	if !c.Dev && c.OIDCIssuer == "" {
		return errors.New("--oidc-issuer is required outside dev mode (staff sign in with tokens from it); for a local try-out use --dev")
	}
	if c.AckDeadline <= 0 || c.FeedbackMonths <= 0 || c.WeighDeadline <= 0 || c.KeepNotes <= 0 || c.KeepCases <= 0 || c.RetentionEvery <= 0 || c.EscrowTTL <= 0 {
		return errors.New("--ack-deadline, --feedback-months, --weigh-deadline, --adviser-notes-retention, --case-retention, --escrow-ttl and --retention-interval must be positive")
	}
	if c.FilingBurst <= 0 || c.FilingEvery <= 0 || c.FilingGlobalBurst <= 0 || c.FilingGlobalEvery <= 0 {
		return errors.New("--filing-burst, --filing-every, --filing-global-burst and --filing-global-every must be positive")
	}
	if c.CheckpointEvery < 0 {
		return errors.New("--audit-checkpoint-interval must not be negative")
	}
	if c.CheckpointKeep <= 0 {
		return errors.New("--audit-checkpoint-keep must be positive")
	}
	if _, err := c.ProxyPrefixes(); err != nil {
		return err
	}
	if c.Migrate != "auto" && c.Migrate != "off" {
		return errors.New("--migrate must be auto or off")
	}
	if c.DBMaxConns < 2 {
		return errors.New("--db-max-conns must be at least 2")
	}
	if c.ShutdownDelay < 0 || c.ShutdownTimeout <= 0 {
		return errors.New("--shutdown-delay must not be negative and --shutdown-timeout must be positive")
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return errors.New("--log-format must be json or text")
	}
	if err := c.checkNotify(); err != nil {
		return err
	}
	return c.checkObservability()
}

// Scopes parses --oidc-scopes; openid is always among them, first.
func (c *Config) Scopes() []string {
	out := []string{"openid"}
	for _, sc := range strings.FieldsFunc(c.OIDCScopes, func(r rune) bool { return r == ' ' || r == ',' }) {
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out
}

// DevKeyFile is where dev mode keeps the signing key of local staff tokens.
func (c *Config) DevKeyFile() string { return filepath.Join(c.DataDir, "dev-signing-key.json") }

// ProxyPrefixes parses --trusted-proxies.
func (c *Config) ProxyPrefixes() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range c.TrustedProxies {
		p, err := netip.ParsePrefix(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxies: %q is not a CIDR such as 10.0.0.0/8", s)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
