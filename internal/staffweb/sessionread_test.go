package staffweb

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/pgtest"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// lockedBuffer collects log output written from the handler.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func sessionServer(t *testing.T, st *store.Store, log *lockedBuffer) http.Handler {
	t.Helper()
	s, err := New(Config{Conn: nowhere{}, Sessions: st, DevSignIn: true, Log: slog.New(slog.NewTextHandler(log, nil)),
		Mint:     func(*auth.Staff) (string, error) { return "", nil },
		Outgoing: func(r *http.Request, _ string) context.Context { return r.Context() }})
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

func getWithSession(h http.Handler, cookie string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", Prefix+"/zaken", nil)
	r.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// TestASessionReadFailureIsAnsweredByItsCause: on both databases, a malformed or unknown session
// cookie sends the staff member to sign in; a database that cannot be reached is 503 with
// Retry-After; any other failure of the session read (here: the sessions table is gone) is a
// 500 without Retry-After — no retry will mend it — logged without the driver's words.
func TestASessionReadFailureIsAnsweredByItsCause(t *testing.T) {
	const token = "a-session-token-that-is-long-enough-0123456789abcdef"
	backends := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return store.SQLiteURL(filepath.Join(t.TempDir(), "data")) },
		"postgres": func(t *testing.T) string {
			return pgtest.NewDatabase(t, "migrated", func(dsn string) error { return store.MigrateURL("postgres", dsn, nil) })
		},
	}
	for name, url := range backends {
		t.Run(name, func(t *testing.T) {
			st, err := store.Open(context.Background(), url(t), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			if err := st.Migrate(nil); err != nil {
				t.Fatal(err)
			}
			var log lockedBuffer
			h := sessionServer(t, st, &log)
			for _, c := range []string{"short", token, strings.Repeat("x", 64)} {
				if w := getWithSession(h, c); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), Prefix+"/inloggen") {
					t.Errorf("cookie %q: %d to %q, want the sign-in", c, w.Code, w.Header().Get("Location"))
				}
			}
			if _, err := st.DB().ExecContext(context.Background(), "DROP TABLE staff_sessions"); err != nil {
				t.Fatal(err)
			}
			w := getWithSession(h, token)
			if w.Code != http.StatusInternalServerError || w.Header().Get("Retry-After") != "" {
				t.Errorf("a broken sessions table: %d (Retry-After %q), want 500 without Retry-After", w.Code, w.Header().Get("Retry-After"))
			}
			logs := log.String()
			if !strings.Contains(logs, "reading a staff session failed") || strings.Contains(logs, "staff_sessions") {
				t.Errorf("the log should name the failure without the driver's words:\n%s", logs)
			}
		})
	}
	t.Run("stopped", func(t *testing.T) {
		if ok, why := pgtest.Available(); !ok {
			testenv.Missing(t, "postgresql", why, pgtest.InstallHint)
		}
		// Not t.TempDir(): as root the cluster runs as postgres, who must reach the directory.
		dir, err := os.MkdirTemp("", "staffweb-pg-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		stop, dsn, err := pgtest.StartCluster(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		st, err := store.Open(context.Background(), dsn, store.Options{})
		if err != nil {
			_ = stop()
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		var log lockedBuffer
		w := getWithSession(sessionServer(t, st, &log), token)
		if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
			t.Errorf("a stopped database: %d (Retry-After %q), want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
		}
	})
}
