package store_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/store"
)

func TestMigrationsApplyToAnEmptyDatabaseAndAreIdempotent(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		// openMigrated migrated once; a second run (a restart, or another replica) is a no-op.
		if err := st.Migrate(nil); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		svc := newService(t, st)
		if _, err := svc.FileReport(context.Background(), anonymousReport("the schema takes a report")); err != nil {
			t.Fatalf("file report on migrated schema: %v", err)
		}
	})
}

// TestContentIsNeverStoredInTheClear files a report whose every free-text field, the identity
// and the messages carry a canary, then searches the raw database for it: the SQLite files
// byte by byte, and a full pg_dump of the PostgreSQL database.
func TestContentIsNeverStoredInTheClear(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		svc := newService(t, st)
		canary := "CANARY-" + strings.ReplaceAll(uuid.NewString(), "-", "")
		r := cases.NewReport{
			IdempotencyKey: uuid.NewString(),
			Category:       "DISCRIMINATION",
			Anonymity:      cases.Confidential,
			Identity:       &cases.Identity{Name: "Name " + canary, Contact: canary + "@example.org", Department: "Dept " + canary},
			Content: cases.ReportContent{
				Description: "What happened: " + canary, OccurredWhen: "when " + canary, OccurredWhere: "where " + canary,
				Subjects: []string{"subject " + canary}, Witnesses: []string{"witness " + canary}, DesiredOutcome: "hope " + canary,
			},
		}
		f, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := svc.OpenSession(ctx, "src", f.ReceiptCode)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := svc.AuthenticateReporter(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SendMyMessage(ctx, rs, "reporter says "+canary); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Acknowledge(ctx, intake, f.Summary.Reference, "staff says "+canary); err != nil {
			t.Fatal(err)
		}
		// The content is really there and readable through the service...
		d, err := svc.GetCase(ctx, intake, f.Summary.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(d.Content.Description, canary) || !strings.Contains(d.Identity.Name, canary) {
			t.Fatalf("service did not return the filed content")
		}

		var raw []byte
		if store.IsPostgres(url) {
			raw = pgDump(t, url)
		} else {
			st.Close()
			path := strings.TrimPrefix(url, "sqlite://")
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				b, err := os.ReadFile(p)
				if err != nil && !errors.Is(err, os.ErrNotExist) {
					t.Fatal(err)
				}
				raw = append(raw, b...)
			}
		}
		// ...and the raw bytes hold the case (a positive control, so the search is meaningful)...
		if !bytes.Contains(raw, []byte(f.Summary.Reference)) {
			t.Fatalf("raw database does not contain the case reference %s: the search looks in the wrong place", f.Summary.Reference)
		}
		// ...but neither the canary nor the receipt code.
		if bytes.Contains(raw, []byte("CANARY-")) {
			t.Fatal("the canary is in the raw database: content is stored in the clear")
		}
		code := []byte(strings.ReplaceAll(f.ReceiptCode, "-", ""))
		if bytes.Contains(raw, code) || bytes.Contains(raw, []byte(f.ReceiptCode)) {
			t.Fatal("the receipt code is in the raw database")
		}
	})
}

func pgDump(t *testing.T, dsn string) []byte {
	t.Helper()
	bin, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_dump")
	path := "pg_dump"
	if len(bin) > 0 {
		path = bin[len(bin)-1]
	}
	out, err := exec.Command(path, "--dbname="+dsn, "--data-only", "--inserts").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("pg_dump: %v: %s", err, ee.Stderr)
		}
		t.Fatalf("pg_dump: %v", err)
	}
	return out
}

func TestEveryContentReadAndChangeIsAudited(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		svc := newService(t, st)
		f, err := svc.FileReport(ctx, anonymousReport("someone keeps shouting at me"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.GetCase(ctx, intake, f.Summary.Reference); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Acknowledge(ctx, intake, f.Summary.Reference, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SendCaseMessage(ctx, intake, f.Summary.Reference, "can we talk?"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CaseMessages(ctx, intake, f.Summary.Reference); err != nil {
			t.Fatal(err)
		}
		trail, err := st.AuditTrail(ctx, f.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			Kind   audit.ActorKind
			Actor  string
			Action string
			Fields []string
		}
		var got []row
		for _, ev := range trail {
			got = append(got, row{ev.Actor.Kind, ev.Actor.ID, ev.Action, ev.Fields})
			if ev.Actor.Kind == audit.ActorReporter && !ev.At.Equal(ev.At.Truncate(time.Hour)) {
				t.Errorf("reporter event %s timed to the second (%s): it could time an anonymous reporter", ev.Action, ev.At)
			}
		}
		want := []row{
			{audit.ActorReporter, "", audit.ActionFileReport, []string{"category", "anonymity", "report"}},
			{audit.ActorStaff, "alice", audit.ActionReadCase, []string{"report", "consents", "weighing"}},
			{audit.ActorStaff, "alice", audit.ActionAcknowledge, []string{"status", "acknowledged_at", "feedback_due_at"}},
			{audit.ActorStaff, "alice", audit.ActionSendMessage, []string{"message"}},
			{audit.ActorStaff, "alice", audit.ActionReadMessages, []string{"messages"}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("audit trail (-want +got):\n%s", diff)
		}
	})
}

func TestConcurrentRetriesOfOneSubmissionMakeOneCase(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		svc := newService(t, st)
		r := anonymousReport("retried from a bad phone connection")
		const n = 12
		var (
			wg    sync.WaitGroup
			mu    sync.Mutex
			refs  = map[string]int{}
			codes = map[string]int{}
		)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f, err := svc.FileReport(ctx, r)
				if err != nil {
					t.Errorf("retry: %v", err)
					return
				}
				mu.Lock()
				refs[f.Summary.Reference]++
				codes[f.ReceiptCode]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if len(refs) != 1 || len(codes) != 1 {
			t.Fatalf("%d retries gave %d cases and %d receipt codes, want 1 and 1", n, len(refs), len(codes))
		}
		page, err := svc.ListCases(ctx, intake, cases.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Cases) != 1 {
			t.Fatalf("stored %d cases, want 1", len(page.Cases))
		}
		// The same key with other content is refused, not silently merged.
		other := r
		other.Content.Description = "a different report entirely"
		_, err = svc.FileReport(ctx, other)
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindConflict {
			t.Fatalf("reused key with other content: got %v, want a conflict", err)
		}
	})
}

func TestConcurrentAcknowledgementsAcknowledgeOnce(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		svc := newService(t, st)
		f, err := svc.FileReport(ctx, anonymousReport("two staff members click at once"))
		if err != nil {
			t.Fatal(err)
		}
		const n = 6
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = svc.Acknowledge(ctx, intake, f.Summary.Reference, "we received your report")
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			if e, isApp := apperr.As(err); !isApp || (e.Kind != apperr.KindAborted && e.Kind != apperr.KindFailedPrecondition) {
				t.Errorf("losing acknowledgement: got %v, want aborted or failed precondition", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d acknowledgements succeeded, want exactly 1", ok)
		}
		msgs, err := svc.CaseMessages(ctx, intake, f.Summary.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 1 {
			t.Fatalf("the reporter got %d acknowledgement messages, want 1", len(msgs))
		}
	})
}

func TestListCasesPagesNewestFirstWithoutGapsOrRepeats(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		svc := newService(t, st)
		filed := map[string]bool{}
		for i := 0; i < 7; i++ {
			f, err := svc.FileReport(ctx, anonymousReport("report number for paging"))
			if err != nil {
				t.Fatal(err)
			}
			filed[f.Summary.Reference] = true
		}
		seen := map[string]bool{}
		var last *time.Time
		f := cases.ListFilter{Limit: 3}
		for pages := 0; ; pages++ {
			if pages > 5 {
				t.Fatal("paging does not end")
			}
			p, err := svc.ListCases(ctx, intake, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range p.Cases {
				if seen[c.Reference] {
					t.Fatalf("case %s listed twice", c.Reference)
				}
				seen[c.Reference] = true
				if last != nil && c.ReceivedAt.After(*last) {
					t.Fatalf("list not newest first")
				}
				ts := c.ReceivedAt
				last = &ts
			}
			if p.Next == nil {
				break
			}
			f.AfterReceivedAt, f.AfterID = &p.Next.ReceivedAt, p.Next.ID
		}
		if diff := cmp.Diff(filed, seen); diff != "" {
			t.Fatalf("listed cases differ from filed (-filed +listed):\n%s", diff)
		}
	})
}
