package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/pgtest"
	"github.com/utrecht/meldpunt/internal/store"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// backend is one database the shared suite runs on.
type backend struct {
	name string
	open func(t *testing.T) (st *store.Store, url string)
}

func migratePostgres(dsn string) error { return store.MigrateURL("postgres", dsn, nil) }

var backends = []backend{
	{"sqlite", func(t *testing.T) (*store.Store, string) {
		url := store.SQLiteURL(filepath.Join(t.TempDir(), "data"))
		return openMigrated(t, url), url
	}},
	{"postgres", func(t *testing.T) (*store.Store, string) {
		url := pgtest.NewDatabase(t, "migrated", migratePostgres)
		return openMigrated(t, url), url
	}},
}

func openMigrated(t *testing.T, url string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(nil); err != nil {
		t.Fatal(err)
	}
	return st
}

// forEach runs fn as a subtest on every backend.
func forEach(t *testing.T, fn func(t *testing.T, st *store.Store, url string)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			st, url := b.open(t)
			fn(t, st, url)
		})
	}
}

// newService wires the domain service on st with fresh keys and the real clock.
func newService(t *testing.T, st *store.Store) *cases.Service { return newClockedService(t, st, nil) }

func anonymousReport(desc string) cases.NewReport {
	return cases.NewReport{
		IdempotencyKey: uuid.NewString(),
		Category:       "BULLYING",
		Anonymity:      cases.Anonymous,
		Content:        cases.ReportContent{Description: desc},
	}
}

var intake = cases.StaffActor{Subject: "alice", Intake: true}
