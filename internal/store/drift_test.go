package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"

	"github.com/utrecht/meldpunt/ent/migrate"
	"github.com/utrecht/meldpunt/internal/pgtest"
	"github.com/utrecht/meldpunt/internal/store"
)

// TestCommittedMigrationsMatchTheSchema replays the committed PostgreSQL migrations on an empty
// database and diffs them against ent/schema: a schema change without its migration fails here
// (run scripts/migration-diff NAME).
func TestCommittedMigrationsMatchTheSchema(t *testing.T) {
	dsn := pgtest.NewDatabase(t, "empty", nil)
	dir := t.TempDir()
	entries, err := store.Migrations.ReadDir(store.MigrationDir(dialect.Postgres))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := store.Migrations.ReadFile(store.MigrationDir(dialect.Postgres) + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, err := sqltool.NewGolangMigrateDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = migrate.NamedDiff(context.Background(), dsn, "drift", schema.WithDir(d),
		schema.WithMigrationMode(schema.ModeReplay), schema.WithDialect(dialect.Postgres),
		schema.WithFormatter(sqltool.GolangMigrateFormatter))
	if err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(entries) {
		var names []string
		for _, e := range after {
			names = append(names, e.Name())
		}
		t.Fatalf("ent/schema differs from the committed migrations; a new migration would be written (%v): run scripts/migration-diff NAME and commit it", names)
	}
}
