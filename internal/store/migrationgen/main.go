// Command migrationgen writes a new versioned migration for each dialect from the difference
// between the committed migrations and ent/schema. It replays the existing migrations on a
// throwaway database (a PostgreSQL cluster it starts itself, and an in-memory SQLite), diffs
// against the schema, and writes golang-migrate files into internal/store/migrations/<dialect>.
// Run it through scripts/migration-diff NAME.
package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"
	"modernc.org/sqlite"

	"github.com/utrecht/meldpunt/ent/migrate"
	"github.com/utrecht/meldpunt/internal/pgtest"
)

func main() {
	name := flag.String("name", "", "name of the migration, e.g. add_weighing")
	dir := flag.String("dir", "internal/store/migrations", "migrations root")
	rehash := flag.Bool("rehash", false, "only recompute atlas.sum after a hand-written migration was added")
	flag.Parse()
	if *rehash {
		if err := rehashAll(*dir); err != nil {
			fmt.Fprintln(os.Stderr, "migrationgen:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*name, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "migrationgen:", err)
		os.Exit(1)
	}
}

// sqlite3Driver lets atlas open modernc's pure-Go SQLite under the name it expects.
type sqlite3Driver struct{ d *sqlite.Driver }

func (s sqlite3Driver) Open(name string) (driver.Conn, error) { return s.d.Open(name) }

func run(name, root string) error {
	if name == "" {
		return fmt.Errorf("-name is required")
	}
	ctx := context.Background()
	sql.Register("sqlite3", sqlite3Driver{d: &sqlite.Driver{}})

	tmp, err := os.MkdirTemp("", "meldpunt-migrationgen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintln(os.Stderr, "starting a throwaway PostgreSQL to diff against...")
	stop, dsn, err := pgtest.StartCluster(tmp, 0)
	if err != nil {
		return fmt.Errorf("start PostgreSQL: %w", err)
	}
	defer stop()

	targets := []struct{ dialect, url string }{
		{dialect.Postgres, dsn},
		{dialect.SQLite, "sqlite://meldpunt?mode=memory&_pragma=foreign_keys(1)"},
	}
	for _, t := range targets {
		out := filepath.Join(root, map[string]string{dialect.Postgres: "postgres", dialect.SQLite: "sqlite"}[t.dialect])
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		d, err := sqltool.NewGolangMigrateDir(out)
		if err != nil {
			return err
		}
		opts := []schema.MigrateOption{
			schema.WithDir(d),
			schema.WithMigrationMode(schema.ModeReplay),
			schema.WithDialect(t.dialect),
			schema.WithFormatter(sqltool.GolangMigrateFormatter),
		}
		if err := migrate.NamedDiff(ctx, t.url, name, opts...); err != nil {
			return fmt.Errorf("%s: %w", t.dialect, err)
		}
		fmt.Fprintf(os.Stderr, "%s: migrations in %s\n", t.dialect, out)
	}
	return nil
}

// rehashAll rewrites atlas.sum of each dialect's directory, for hand-written migrations (the
// full-text search objects ent cannot describe).
func rehashAll(root string) error {
	for _, sub := range []string{"postgres", "sqlite"} {
		d, err := sqltool.NewGolangMigrateDir(filepath.Join(root, sub))
		if err != nil {
			return err
		}
		sum, err := d.Checksum()
		if err != nil {
			return err
		}
		if err := atlasmigrate.WriteSumFile(d, sum); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "%s: atlas.sum rewritten\n", sub)
	}
	return nil
}

var _ atlasmigrate.Dir = (*sqltool.GolangMigrateDir)(nil)
