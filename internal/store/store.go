// Package store is the only code that touches the database: ent over PostgreSQL (production) or
// SQLite (the embedded default, pure Go). It implements the domain repositories, each change
// together with its audit event in one transaction (WithTx), and applies the committed,
// versioned migrations in migrations/<dialect>.
//
// The store sees only ciphertext and keyed hashes: sealing happens in the domain.
package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // PostgreSQL driver "postgres"
	_ "modernc.org/sqlite" // SQLite driver "sqlite"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/dbconn"
)

// Store holds the database handle.
type Store struct {
	client  *ent.Client
	db      *sql.DB
	dialect string
	dsn     string

	mu    sync.Mutex
	stmts map[string]*sql.Stmt

	// seal seals every audit event written (see SetAuditSealer); nil writes them unsealed.
	seal audit.Sealer
	// notifyDomain is the domain of the notifications' Message-IDs; "" queues none (SetNotifications).
	notifyDomain string
	// openReporter opens a reporter's sealed address when a "there is a reply" is sent
	// (SetReporterAddressOpener); nil: such messages are not queued.
	openReporter ReporterAddressOpener

	auditWriterState // the group-commit writer of reads' audit events (auditqueue.go)

	libCache precedentCache // the precedent library's statistics and facts (precedents_cache.go)
	// precTrace, when set (tests), is called with each query of the library's lookups.
	precTrace func(query string)
	libPoll   struct {
		once sync.Once
		stop chan struct{}
		done chan struct{}
	}
}

// SetAuditSealer makes the store seal every audit event it writes from now on (audit.Record): the
// seal is computed with seal, which holds the server's key, and chains each event of a case to
// the one written before it. Call it once, before the store is used; without it events are
// written unsealed, and a verification reports them so.
func (s *Store) SetAuditSealer(seal audit.Sealer) { s.seal = seal }

// AuditSealer returns the sealer set with SetAuditSealer, or nil.
func (s *Store) AuditSealer() audit.Sealer { return s.seal }

// prepared returns a prepared statement for query, preparing it on first use. PostgreSQL then
// parses and plans the statement once per connection instead of on every call.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.stmts[query]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if s.stmts == nil {
		s.stmts = make(map[string]*sql.Stmt)
	}
	s.stmts[query] = st
	return st, nil
}

// Options tune the connection pool.
type Options struct {
	MaxOpenConns int          // PostgreSQL pool size (default DefaultMaxConns)
	Logger       *slog.Logger // for tightening the SQLite files' modes (default slog.Default())
}

// DefaultMaxConns is a replica's PostgreSQL pool when not configured: three replicas (60) and a
// migration job, backups and an operator's psql fit PostgreSQL's default max_connections of 100.
const DefaultMaxConns = 20

// sqliteConns is the SQLite pool: readers in parallel (WAL), writers one at a time.
const sqliteConns = 8

// IsPostgres reports whether url names a PostgreSQL database.
func IsPostgres(url string) bool { return dbconn.IsPostgres(url) }

// SQLiteURL returns the URL of the embedded database file in dataDir.
func SQLiteURL(dataDir string) string { return dbconn.SQLiteURL(dataDir) }

// IsUnavailable reports whether err means that the database cannot serve right now
// (dbconn.IsUnavailable).
func IsUnavailable(err error) bool { return dbconn.IsUnavailable(err) }

// PostgresDSN is the lib/pq DSN the store connects with: binary_parameters=yes (unless the URL
// says otherwise) sends each statement with its parameters in one round trip instead of two
// (prepare, then execute) — half the round trips of every query, which is most of a filing's
// cost when the database is on another host. It requires that no []byte parameter goes to a
// column other than bytea (jsonb would misread binary), which the schema keeps to.
func PostgresDSN(url string) string {
	return withParam(url, "binary_parameters", "yes")
}

// withParam adds a connection parameter to a URL that does not name it already.
func withParam(url, name, value string) string {
	if strings.Contains(url, name+"=") {
		return url
	}
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + name + "=" + value
}

// sqliteDSN turns sqlite://PATH into a modernc DSN. Foreign keys on; WAL so readers do not block
// the writer; synchronous=FULL so that an acknowledged report survives a power cut; immediate
// transactions so that concurrent writers queue on busy_timeout instead of failing on upgrade.
func sqliteDSN(u string) (path, dsn string, err error) {
	path = strings.TrimPrefix(u, "sqlite://")
	if path == "" || path == u {
		return "", "", fmt.Errorf("database URL must be postgres://... or sqlite://PATH")
	}
	q := url.Values{}
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(15000)", "synchronous(FULL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	// Times as "2006-01-02 15:04:05.999999999-07:00": SQLite's date functions read it (the annual
	// report computes durations with julianday), and it sorts as it reads.
	q.Set("_time_format", "sqlite")
	return path, "file:" + path + "?" + q.Encode(), nil
}

// Open connects to the database named by url (postgres://... or sqlite://PATH). For SQLite the
// file's directory is created (0700) if needed. It does not migrate; call Migrate.
func Open(ctx context.Context, url string, opt Options) (*Store, error) {
	var (
		db  *sql.DB
		err error
		d   string
		dsn string
	)
	if IsPostgres(url) {
		n := opt.MaxOpenConns
		if n <= 0 {
			n = DefaultMaxConns
		}
		// The connections name the replica and its pool size, for the operator in
		// pg_stat_activity and for the pool check at start (PoolWarning).
		// A connection attempt to a server that does not answer (a network partition, a
		// failover in progress) gives up after 5 s instead of hanging the call for good.
		d, dsn = dialect.Postgres, withParam(withParam(PostgresDSN(url), "application_name", poolName(n)), "connect_timeout", "5")
		c, err := newPGConnector(dsn)
		if err != nil {
			return nil, err
		}
		db = sql.OpenDB(c)
		db.SetMaxOpenConns(n)
		// Under load every connection stays open: a pool that keeps fewer idle than it may open
		// closes a connection whenever a burst ebbs for a moment and opens a new one (a new
		// server process) at the next, and filing at 32 clients fell to a third with the cores
		// idle. A connection idle for a minute is given back, so that a quiet replica does not
		// sit on connections other replicas (or an operator's psql) need.
		db.SetMaxIdleConns(n)
		db.SetConnMaxIdleTime(time.Minute)
		// Renewed now and then: after a failover or a connection pooler's restart no
		// connection lingers on the old server.
		db.SetConnMaxLifetime(30 * time.Minute)
	} else {
		var path string
		if path, dsn, err = sqliteDSN(url); err != nil {
			return nil, err
		}
		if err := secureSQLiteFiles(path, cmp.Or(opt.Logger, slog.Default())); err != nil {
			return nil, err
		}
		d = dialect.SQLite
		if db, err = sql.Open("sqlite", dsn); err != nil {
			return nil, err
		}
		// Every connection is kept: a connection to a file costs nothing while idle, and one
		// reopened loses its page cache and prepared statements (the default kept 2 of the 8,
		// and concurrent lookups closed and reopened connections all the time).
		db.SetMaxOpenConns(sqliteConns)
		db.SetMaxIdleConns(sqliteConns)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w (check --database-url)", d, err)
	}
	client := ent.NewClient(ent.Driver(entsql.OpenDB(d, db)))
	return &Store{client: client, db: db, dialect: d, dsn: dsn}, nil
}

// secureSQLiteFiles makes the SQLite database at path readable by its owner only, before SQLite
// opens it: the directory is created 0700, or tightened to 0700 if group or others may enter it
// (unless it is a shared, sticky directory such as /tmp, which is not ours to change); the
// database file is created 0600 if missing, and it and any -wal, -shm or -journal file left from
// an earlier run are tightened to 0600. SQLite creates -wal and -shm with the main file's
// permissions, so they follow.
func secureSQLiteFiles(path string, log *slog.Logger) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	if m := fi.Mode(); m.Perm()&0o077 != 0 && m&os.ModeSticky == 0 {
		// A directory not ours (a volume mounted by root) cannot be changed; the files in it
		// are still the owner's only, below.
		if err := os.Chmod(dir, 0o700); err != nil {
			log.Warn("data directory is open to group or others and cannot be restricted", "dir", dir, "mode", fmt.Sprintf("%#o", m.Perm()), "error", err)
		} else {
			log.Warn("data directory was open to group or others; restricted to its owner (0700)", "dir", dir, "was", fmt.Sprintf("%#o", m.Perm()))
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open database file: %w", err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		fi, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("database file: %w", err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, 0o600); err != nil {
				return fmt.Errorf("restrict database file %s to its owner: %w", p, err)
			}
			log.Warn("database file was readable by group or others; restricted to its owner (0600)", "file", p, "was", fmt.Sprintf("%#o", fi.Mode().Perm()))
		}
	}
	return nil
}

// Dialect returns "postgres" or "sqlite3".
func (s *Store) Dialect() string { return s.dialect }

// Close closes the database.
func (s *Store) Close() error {
	s.stopAuditWriter()
	s.stopLibraryPoll()
	s.mu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
	s.mu.Unlock()
	return s.client.Close()
}

// Ping checks the database is reachable (for readiness).
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// WithTx runs fn in a transaction, committing when it returns nil and rolling back otherwise.
// Inside a unit of work (InTx) it joins the unit's transaction instead: what fn writes is committed
// or rolled back with the rest of the unit.
func (s *Store) WithTx(ctx context.Context, fn func(tx *ent.Tx) error) (err error) {
	if u := s.unitOf(ctx); u != nil {
		return fn(u.tx)
	}
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// saveVersioned applies a case update that is conditioned on the version read (and on whatever
// else its Where says), raising the version; when no row matched, someone changed the case in
// between and cases.ErrVersionConflict is returned. Every optimistic-lock update goes through it.
func saveVersioned(ctx context.Context, upd *ent.CaseFileUpdate) error {
	n, err := upd.AddVersion(1).Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return cases.ErrVersionConflict
	}
	return nil
}

// unit is a unit of work's transaction, carried in the context.
type unit struct {
	s  *Store
	tx *ent.Tx
}

type unitKey struct{}

// unitOf returns the unit of work of this store that ctx carries, or nil.
func (s *Store) unitOf(ctx context.Context) *unit {
	if u, ok := ctx.Value(unitKey{}).(*unit); ok && u.s == s {
		return u
	}
	return nil
}

// RecordEvent writes ev in the unit's transaction (audit.Recorder).
func (u *unit) RecordEvent(ctx context.Context, ev audit.Event) error {
	return u.s.writeAudit(ctx, u.tx, ev)
}

// InTx runs fn as one unit of work: every store method fn calls with the context it is given
// joins one transaction, and audit.Log records events in it, so that a change and its audit
// event are committed together or not at all. It commits when fn returns nil and rolls back
// otherwise. Called inside a unit of work it joins that unit.
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if s.unitOf(ctx) != nil {
		return fn(ctx)
	}
	return s.WithTx(ctx, func(tx *ent.Tx) error {
		u := &unit{s: s, tx: tx}
		return fn(audit.WithRecorder(context.WithValue(ctx, unitKey{}, u), u))
	})
}
