package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	"github.com/golang-migrate/migrate/v4/database/postgres"
	"github.com/golang-migrate/migrate/v4/database/sqlite"
	"github.com/golang-migrate/migrate/v4/source/iofs"
)

// Migrations holds the committed, versioned migrations, one folder per dialect, generated from
// ent/schema by scripts/migration-diff.
//
//go:embed migrations/postgres migrations/sqlite
var Migrations embed.FS

// MigrationDir returns the folder of migrations for a dialect.
func MigrationDir(d string) string {
	if d == dialect.Postgres {
		return "migrations/postgres"
	}
	return "migrations/sqlite"
}

// Migrate applies every pending migration, logging each step. Any number of replicas may run it
// at once: on PostgreSQL it first takes a session advisory lock of its own and only then reads the
// schema's state, so a replica that starts while another migrates waits (saying so) and then
// finds the schema up to date — it never mistakes the other's migration in progress for a dirty
// schema. SQLite is one file of one process; its write lock serialises the rest.
func (s *Store) Migrate(log *slog.Logger) error {
	return s.MigrateContext(context.Background(), log)
}

// MigrateContext is Migrate that stops waiting for another replica's migration when ctx ends
// (a replica told to stop while it waits).
func (s *Store) MigrateContext(ctx context.Context, log *slog.Logger) error {
	return migrateURL(ctx, s.dialect, s.dsn, log)
}

// migrationLockKey is the PostgreSQL advisory lock that serialises migrations across replicas
// (an arbitrary constant: "meldpunt" in ASCII, shortened to fit a bigint). golang-migrate holds a
// lock of its own inside, but reads nothing before it and gives up after 15 s; this one is taken
// first and waited for as long as the other replica needs.
const migrationLockKey int64 = 0x6d656c6470756e

// MigrateURL applies the migrations to the database at dsn (a driver DSN, as Open builds it).
//
// The lock is a session lock: migrations must reach PostgreSQL directly (or through a pooler in
// session mode), never through PgBouncer in transaction mode, where the lock and its release
// could land on different server connections.
func MigrateURL(d, dsn string, log *slog.Logger) error {
	return migrateURL(context.Background(), d, dsn, log)
}

func migrateURL(ctx context.Context, d, dsn string, log *slog.Logger) error {
	if d != dialect.Postgres {
		return migrateLocked(d, dsn, log)
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect for migrations: %w", err)
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, migrationLockKey).Scan(&got); err != nil {
		return fmt.Errorf("take the migration lock: %w", err)
	}
	if !got {
		if log != nil {
			log.Info("another replica is migrating the database; waiting for it to finish")
		}
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLockKey); err != nil {
			return fmt.Errorf("wait for the migration lock: %w", err)
		}
	}
	defer func() {
		_, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLockKey)
	}()
	return migrateLocked(d, dsn, log)
}

// newMigrate opens golang-migrate on the database at dsn with the embedded migrations.
func newMigrate(d, dsn string) (*migrate.Migrate, error) {
	sub, err := fs.Sub(Migrations, MigrationDir(d))
	if err != nil {
		return nil, err
	}
	src, err := iofs.New(sub, ".")
	if err != nil {
		return nil, err
	}
	driverName := "sqlite"
	if d == dialect.Postgres {
		driverName = "postgres"
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, err
	}
	var drv database.Driver
	if d == dialect.Postgres {
		drv, err = postgres.WithInstance(db, &postgres.Config{})
	} else {
		drv, err = sqlite.WithInstance(db, &sqlite.Config{})
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare migrations: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, d, drv)
	if err != nil {
		db.Close()
		return nil, err
	}
	return m, nil
}

// migrateLocked migrates; on PostgreSQL the caller holds the migration lock.
func migrateLocked(d, dsn string, log *slog.Logger) error {
	m, err := newMigrate(d, dsn)
	if err != nil {
		return err
	}
	defer m.Close() // closes db too
	m.Log = migrateLogger{log}
	before, dirty, verr := m.Version()
	if verr != nil && !errors.Is(verr, migrate.ErrNilVersion) {
		return fmt.Errorf("read the schema version: %w", verr)
	}
	if dirty {
		return dirtyError(before)
	}
	if latest := LatestMigration(d); verr == nil && before > latest {
		return fmt.Errorf("the database schema is at version %d, newer than this build knows (%d): a newer meldpunt migrated it; run that version", before, latest)
	}
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		var de migrate.ErrDirty
		if errors.As(err, &de) {
			return dirtyError(uint(de.Version))
		}
		return fmt.Errorf("apply migrations: %w", err)
	}
	after, _, _ := m.Version()
	if log != nil {
		if errors.Is(verr, migrate.ErrNilVersion) {
			before = 0
		}
		log.Info("database schema up to date", "dialect", d, "from_version", before, "to_version", after)
	}
	return nil
}

func dirtyError(v uint) error {
	return fmt.Errorf("database schema is dirty at version %d: a migration failed halfway; restore the database from backup or repair it by hand and fix the schema_migrations row", v)
}

// LatestMigration is the version of the newest migration this build carries for dialect d.
func LatestMigration(d string) uint {
	entries, _ := fs.ReadDir(Migrations, MigrationDir(d))
	var latest uint
	for _, e := range entries {
		name := e.Name()
		i := strings.IndexByte(name, '_')
		if i <= 0 || !strings.HasSuffix(name, ".up.sql") {
			continue
		}
		if v, err := strconv.ParseUint(name[:i], 10, 64); err == nil && uint(v) > latest {
			latest = uint(v)
		}
	}
	return latest
}

// CheckSchema reports whether the database's schema is exactly what this build expects, without
// changing it: for replicas started with --migrate=off, after `meldpunt migrate` ran as a job of
// its own.
func (s *Store) CheckSchema() error {
	m, err := newMigrate(s.dialect, s.dsn)
	if err != nil {
		return err
	}
	defer m.Close()
	v, dirty, err := m.Version()
	latest := LatestMigration(s.dialect)
	switch {
	case errors.Is(err, migrate.ErrNilVersion):
		return fmt.Errorf("the database has no schema yet: run `meldpunt migrate` first (or start with --migrate=auto)")
	case err != nil:
		return fmt.Errorf("read the schema version: %w", err)
	case dirty:
		return dirtyError(v)
	case v < latest:
		return fmt.Errorf("the database schema is at version %d and this build needs %d: run `meldpunt migrate` first (or start with --migrate=auto)", v, latest)
	case v > latest:
		return fmt.Errorf("the database schema is at version %d, newer than this build knows (%d): run the newer meldpunt", v, latest)
	}
	return nil
}

type migrateLogger struct{ log *slog.Logger }

func (l migrateLogger) Printf(format string, v ...any) {
	if l.log != nil {
		l.log.Info("migration", "step", fmt.Sprintf(format, v...))
	}
}

func (l migrateLogger) Verbose() bool { return l.log != nil }
