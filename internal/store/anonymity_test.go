package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/store"
)

func TestAnAnonymousReporterIsTimedToTheHourOnly(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 2, 14, 7, 31, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		anon, err := svc.FileReport(ctx, anonymousReport("filed at 14:07:31 precisely"))
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC); !anon.Summary.ReceivedAt.Equal(want) {
			t.Errorf("anonymous report received at %s, want %s (the hour)", anon.Summary.ReceivedAt, want)
		}
		named := anonymousReport("filed in my own name")
		named.Anonymity, named.Identity = cases.Named, &cases.Identity{Name: "Piet"}
		nf, err := svc.FileReport(ctx, named)
		if err != nil {
			t.Fatal(err)
		}
		if !nf.Summary.ReceivedAt.Equal(c.Now()) {
			t.Errorf("named report received at %s, want the precise time %s", nf.Summary.ReceivedAt, c.Now())
		}

		// A conversation: staff at 14:10, reporter at 14:30, staff at 14:45. The reporter's message
		// shows 14:00, yet the conversation keeps its real order.
		c.Advance(3 * time.Minute) // 14:10
		if _, err := svc.SendCaseMessage(ctx, intake, anon.Summary.Reference, "first, from staff"); err != nil {
			t.Fatal(err)
		}
		tok, _, err := svc.OpenSession(ctx, "src", anon.ReceiptCode)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := svc.AuthenticateReporter(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		c.Advance(20 * time.Minute) // 14:30
		if _, err := svc.SendMyMessage(ctx, rs, "second, from the reporter"); err != nil {
			t.Fatal(err)
		}
		c.Advance(15 * time.Minute) // 14:45
		if _, err := svc.SendCaseMessage(ctx, intake, anon.Summary.Reference, "third, from staff"); err != nil {
			t.Fatal(err)
		}
		msgs, err := svc.CaseMessages(ctx, intake, anon.Summary.Reference)
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, m := range msgs {
			order = append(order, strings.Fields(m.Body)[0])
			if m.Author == cases.AuthorReporter && !m.SentAt.Equal(m.SentAt.Truncate(time.Hour)) {
				t.Errorf("the anonymous reporter's message is shown at %s, more precisely than the hour", m.SentAt)
			}
		}
		if got := strings.Join(order, " "); got != "first, second, third," {
			t.Errorf("conversation order %q, want first, second, third", got)
		}

		trail, err := st.AuditTrail(ctx, anon.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range trail {
			if ev.Actor.Kind == audit.ActorReporter && ev.RequestID != "" {
				t.Errorf("reporter event %s carries request id %q, which logs could time", ev.Action, ev.RequestID)
			}
		}
	})
}

func TestAReplayedReceiptCodeIsAudited(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		svc := newService(t, st)
		r := anonymousReport("retried once")
		f, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.FileReport(ctx, r); err != nil {
			t.Fatal(err)
		}
		trail, err := st.AuditTrail(ctx, f.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		var replays int
		for _, ev := range trail {
			if ev.Action == audit.ActionReplayFiling {
				replays++
			}
		}
		if replays != 1 {
			t.Fatalf("%d replay events, want 1", replays)
		}
	})
}

// TestSwappedCiphertextsDoNotOpen: someone with write access to the database moves a message body
// to another message row; the service refuses to show it rather than show it in the wrong place.
func TestSwappedCiphertextsDoNotOpen(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		svc := newService(t, st)
		f, err := svc.FileReport(ctx, anonymousReport("two messages will be swapped"))
		if err != nil {
			t.Fatal(err)
		}
		a, err := svc.SendCaseMessage(ctx, intake, f.Summary.Reference, "message A")
		if err != nil {
			t.Fatal(err)
		}
		b, err := svc.SendCaseMessage(ctx, intake, f.Summary.Reference, "message B")
		if err != nil {
			t.Fatal(err)
		}
		db := rawDB(t, url)
		swap := `UPDATE messages SET body_sealed = (SELECT body_sealed FROM messages WHERE id = $1) WHERE id = $2`
		if _, err := db.ExecContext(ctx, swap, b.ID.String(), a.ID.String()); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CaseMessages(ctx, intake, f.Summary.Reference); err == nil {
			t.Fatal("a message body moved to another row was shown")
		}
	})
}

func rawDB(t *testing.T, url string) *sql.DB {
	t.Helper()
	driver, dsn := "postgres", url
	if !store.IsPostgres(url) {
		driver, dsn = "sqlite", "file:"+strings.TrimPrefix(url, "sqlite://")+"?_pragma=busy_timeout(5000)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
