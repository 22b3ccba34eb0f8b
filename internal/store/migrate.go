package store

import (
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

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

// Migrate applies every pending migration, logging each step. It is safe to run from several
// replicas at once: on PostgreSQL golang-migrate holds an advisory lock.
func (s *Store) Migrate(log *slog.Logger) error {
	return MigrateURL(s.dialect, s.dsn, log)
}

// MigrateURL applies the migrations to the database at dsn (a driver DSN, as Open builds it).
func MigrateURL(d, dsn string, log *slog.Logger) error {
	sub, err := fs.Sub(Migrations, MigrationDir(d))
	if err != nil {
		return err
	}
	src, err := iofs.New(sub, ".")
	if err != nil {
		return err
	}
	driverName := "sqlite"
	if d == dialect.Postgres {
		driverName = "postgres"
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return err
	}
	var drv database.Driver
	if d == dialect.Postgres {
		drv, err = postgres.WithInstance(db, &postgres.Config{})
	} else {
		drv, err = sqlite.WithInstance(db, &sqlite.Config{})
	}
	if err != nil {
		db.Close()
		return fmt.Errorf("prepare migrations: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, d, drv)
	if err != nil {
		db.Close()
		return err
	}
	defer m.Close() // closes db too
	m.Log = migrateLogger{log}
	before, dirty, verr := m.Version()
	if dirty {
		return fmt.Errorf("database schema is dirty at version %d: a migration failed halfway; restore the database from backup or repair it by hand and fix the schema_migrations row", before)
	}
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
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

type migrateLogger struct{ log *slog.Logger }

func (l migrateLogger) Printf(format string, v ...any) {
	if l.log != nil {
		l.log.Info("migration", "step", fmt.Sprintf(format, v...))
	}
}

func (l migrateLogger) Verbose() bool { return l.log != nil }
