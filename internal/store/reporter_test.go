package store_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/ratelimit"
	"github.com/utrecht/meldpunt/internal/sanctions"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// newClockedService wires the domain service on st with fresh keys and clock c (nil: real time).
func newClockedService(t *testing.T, st *store.Store, c *clock) *cases.Service {
	t.Helper()
	now := time.Now
	if c != nil {
		now = c.Now
	}
	v, err := vault.NewEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	return newServiceWith(t, st, v, now)
}

// newServiceWith wires the domain service on st with the keys of v and the clock now.
func newServiceWith(t *testing.T, st *store.Store, v *vault.Vault, now func() time.Time) *cases.Service {
	t.Helper()
	svc, err := cases.New(cases.Config{
		Repo: st.Cases(), Vault: v, Limiter: ratelimit.New(ratelimit.Config{}), Policy: cases.DefaultPolicy(),
		SessionTTL: 30 * time.Minute, ReplayWindow: 24 * time.Hour, Now: now,
		NormExists: func(_ context.Context, id string) (bool, error) {
			_, ok := sanctions.Default().Norm(id)
			return ok, nil
		},
		RuleSet: func(context.Context, string) (*sanctions.RuleSet, error) { return sanctions.Default(), nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func kindOf(err error) apperr.Kind {
	if e, ok := apperr.As(err); ok {
		return e.Kind
	}
	// Several invalid fields at once (an import's rows, a rule set's problems): the one error
	// mapping answers them as InvalidArgument.
	var vs apperr.Violations
	if errors.As(err, &vs) {
		return apperr.KindInvalid
	}
	return 0
}

func TestReporterSessionSeesOnlyItsCaseAndExpires(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		mine, err := svc.FileReport(ctx, anonymousReport("my own report about my manager"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.FileReport(ctx, anonymousReport("somebody else's report")); err != nil {
			t.Fatal(err)
		}
		// A code typed from paper: lower case, spaces instead of dashes.
		typed := strings.ToLower(strings.ReplaceAll(mine.ReceiptCode, "-", " "))
		tok, exp, err := svc.OpenSession(ctx, "src", typed)
		if err != nil {
			t.Fatalf("log in with typed code: %v", err)
		}
		if want := c.Now().Add(30 * time.Minute); !exp.Equal(want) {
			t.Errorf("session expires %s, want %s", exp, want)
		}
		rs, err := svc.AuthenticateReporter(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		v, err := svc.MyCase(ctx, rs)
		if err != nil {
			t.Fatal(err)
		}
		if v.Reference != mine.Summary.Reference || v.Description != "my own report about my manager" {
			t.Fatalf("reporter sees %s %q, want their own case", v.Reference, v.Description)
		}
		c.Advance(31 * time.Minute)
		if _, err := svc.AuthenticateReporter(ctx, tok); kindOf(err) != apperr.KindUnauthenticated {
			t.Fatalf("expired session: got %v, want unauthenticated", err)
		}
		// Logging out ends a session at once.
		tok2, _, err := svc.OpenSession(ctx, "src", mine.ReceiptCode)
		if err != nil {
			t.Fatal(err)
		}
		rs2, err := svc.AuthenticateReporter(ctx, tok2)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.CloseSession(ctx, rs2); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AuthenticateReporter(ctx, tok2); kindOf(err) != apperr.KindUnauthenticated {
			t.Fatalf("closed session: got %v, want unauthenticated", err)
		}
	})
}

func TestWrongCodesLookAlikeAndAreRateLimited(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		svc := newService(t, st)
		f, err := svc.FileReport(ctx, anonymousReport("a report that exists"))
		if err != nil {
			t.Fatal(err)
		}
		_, _, errUnknown := svc.OpenSession(ctx, "a", "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ")
		_, _, errMalformed := svc.OpenSession(ctx, "b", "not a code")
		if errUnknown == nil || errMalformed == nil || errUnknown.Error() != errMalformed.Error() {
			t.Fatalf("unknown and malformed codes answer differently: %v / %v", errUnknown, errMalformed)
		}
		if kindOf(errUnknown) != apperr.KindUnauthenticated {
			t.Fatalf("wrong code: got %v, want unauthenticated", errUnknown)
		}
		for i := 0; i < 5; i++ {
			_, _, _ = svc.OpenSession(ctx, "attacker", "AAAAA-AAAAA-AAAAA-AAAAA")
		}
		// The source's budget of 5 wrong codes is spent: a wrong code from there is answered
		// "too many", with the time to wait, whether malformed or unknown...
		for _, code := range []string{"AAAAA-AAAAA-AAAAA-AAAAB", "not a code"} {
			_, _, err := svc.OpenSession(ctx, "attacker", code)
			if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindRateLimited || e.RetryAfter <= 0 {
				t.Fatalf("after 5 wrong codes from one source, %q: got %v, want rate limited with a wait", code, err)
			}
		}
		if _, _, err := svc.OpenSession(ctx, "a", "AAAAA-AAAAA-AAAAA-AAAAB"); kindOf(err) != apperr.KindUnauthenticated {
			t.Fatalf("source a after 2 failures: %v", err)
		}
		// ...while the right code is accepted from there all the same...
		if _, _, err := svc.OpenSession(ctx, "attacker", f.ReceiptCode); err != nil {
			t.Fatalf("the right code from a source that made wrong ones: %v", err)
		}
		// ...but another source (the real reporter) is not locked out.
		if _, _, err := svc.OpenSession(ctx, "reporter", f.ReceiptCode); err != nil {
			t.Fatalf("real reporter locked out by an attacker: %v", err)
		}
	})
}

func TestRetryGetsTheCodeBackOnlyWithinTheWindowAndUntilFirstLogin(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC)}
		svc := newClockedService(t, st, c)

		r := anonymousReport("the answer got lost on the way")
		first, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		c.Advance(time.Hour)
		again, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if !again.Replayed || again.ReceiptCode != first.ReceiptCode || again.Summary.Reference != first.Summary.Reference {
			t.Fatalf("retry within the window: got %+v, want the same case and code, replayed", again)
		}

		// After the window, a retry does not make a second case, and no longer shows the code.
		late := anonymousReport("filed, then retried two days later")
		if _, err := svc.FileReport(ctx, late); err != nil {
			t.Fatal(err)
		}
		c.Advance(48 * time.Hour)
		if _, err := svc.FileReport(ctx, late); kindOf(err) != apperr.KindConflict {
			t.Fatalf("retry after the window: got %v, want conflict", err)
		}

		// Once the reporter has logged in, the code is no longer kept for retries at all.
		fresh := anonymousReport("logged in, then an old retry arrives")
		f, err := svc.FileReport(ctx, fresh)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.OpenSession(ctx, "src", f.ReceiptCode); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.FileReport(ctx, fresh); kindOf(err) != apperr.KindConflict {
			t.Fatalf("retry after login: got %v, want conflict", err)
		}
		page, err := svc.ListCases(ctx, intake, cases.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Cases) != 3 {
			t.Fatalf("stored %d cases, want 3", len(page.Cases))
		}
	})
}

func TestDeadlinesAsTheReporterAndStaffSeeThem(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		received := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
		c := &clock{now: received}
		svc := newClockedService(t, st, c)
		f, err := svc.FileReport(ctx, anonymousReport("deadline check report"))
		if err != nil {
			t.Fatal(err)
		}
		if want := received.AddDate(0, 0, 7); !f.Summary.AckDueAt.Equal(want) {
			t.Fatalf("acknowledgement due %s, want %s", f.Summary.AckDueAt, want)
		}
		c.Advance(8 * 24 * time.Hour)
		p, err := svc.ListCases(ctx, intake, cases.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		ds := svc.Policy().Deadlines(p.Cases[0], c.Now())
		if !ds[0].Overdue {
			t.Fatalf("acknowledgement 8 days after receipt is not overdue: %+v", ds[0])
		}
		sum, err := svc.Acknowledge(ctx, intake, f.Summary.Reference, "")
		if err != nil {
			t.Fatal(err)
		}
		ds = svc.Policy().Deadlines(sum, c.Now())
		if ds[0].Overdue || ds[0].MetAt == nil {
			t.Fatalf("acknowledgement deadline after acknowledging: %+v", ds[0])
		}
		if want := c.Now().AddDate(0, 3, 0); ds[1].DueAt == nil || !ds[1].DueAt.Equal(want) {
			t.Fatalf("feedback due %v, want %s", ds[1].DueAt, want)
		}
		if _, err := svc.Acknowledge(ctx, intake, f.Summary.Reference, ""); kindOf(err) != apperr.KindFailedPrecondition {
			t.Fatalf("second acknowledgement: got %v, want failed precondition", err)
		}
	})
}

func TestMyDeadlinesListOverdueAndSoonDueFirst(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		a, err := svc.FileReport(ctx, anonymousReport("first report, will be late"))
		if err != nil {
			t.Fatal(err)
		}
		c.Advance(3 * 24 * time.Hour)
		b, err := svc.FileReport(ctx, anonymousReport("second report, due soon"))
		if err != nil {
			t.Fatal(err)
		}
		c.Advance(5 * 24 * time.Hour)
		items, err := svc.MyDeadlines(ctx, intake)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range items {
			got = append(got, it.Summary.Reference+" "+it.Deadline.Kind+" overdue="+strconv.FormatBool(it.Deadline.Overdue))
		}
		want := []string{a.Summary.Reference + " acknowledgement overdue=true", b.Summary.Reference + " acknowledgement overdue=false"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("my deadlines (-want +got):\n%s", diff)
		}
		if _, err := svc.Acknowledge(ctx, intake, b.Summary.Reference, ""); err != nil {
			t.Fatal(err)
		}
		items, err = svc.MyDeadlines(ctx, intake)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].Summary.Reference != a.Summary.Reference {
			t.Fatalf("after acknowledging the second, my deadlines are %+v, want only the late first", items)
		}
	})
}
