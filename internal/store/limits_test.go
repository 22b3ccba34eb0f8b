package store_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/ratelimit"
	"github.com/utrecht/meldpunt/internal/sanctions"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// newLimitedService wires the domain service with the production budgets of wrong codes and of
// filings, both on clock c.
func newLimitedService(t *testing.T, st *store.Store, c *clock) *cases.Service {
	t.Helper()
	v, err := vault.NewEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	codes, filings := ratelimit.WrongCodes, ratelimit.Filings
	codes.Now, filings.Now = c.Now, c.Now
	svc, err := cases.New(cases.Config{
		Repo: st.Cases(), Vault: v, Limiter: ratelimit.New(codes), Filings: ratelimit.New(filings),
		Policy: cases.DefaultPolicy(), Now: c.Now,
		RuleSet: func(context.Context, string) (*sanctions.RuleSet, error) { return sanctions.Default(), nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// randomCode is a well-formed receipt code of no case.
func randomCode() string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	out := make([]byte, 0, 23)
	for i, x := range b {
		if i > 0 && i%5 == 0 {
			out = append(out, '-')
		}
		out = append(out, alphabet[x&31])
	}
	return string(out)
}

// TestAFloodOfWrongCodesNeverLocksOutARightCode: wrong codes from 10,000 sources (IPv4
// addresses, then fresh IPv6 /64s — to the service each is one more opaque source), 40 a second
// on the service's clock, exceed the replica's budget and are answered "too many" with a wait;
// all the while a reporter with the right code gets in at once, whether their source has been
// seen before (it made a typo, or it is one of the flood's addresses) or is new.
func TestAFloodOfWrongCodesNeverLocksOutARightCode(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		svc := newLimitedService(t, st, c)
		f, err := svc.FileReport(ctx, anonymousReport("a report whose reporter comes back during a flood"))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.OpenSession(ctx, "reporter-home", randomCode()); kindOf(err) != apperr.KindUnauthenticated {
			t.Fatalf("the reporter's typo: %v", err)
		}
		limited, wrong := 0, 0
		for i := range 10000 {
			src := fmt.Sprintf("198.51.%d.%d", i/256, i%256)
			if i >= 5000 {
				src = fmt.Sprintf("2001:db8:%x::/64", i)
			}
			_, _, err := svc.OpenSession(ctx, src, randomCode())
			switch kindOf(err) {
			case apperr.KindUnauthenticated:
				wrong++
			case apperr.KindRateLimited:
				limited++
				if e, _ := apperr.As(err); e.RetryAfter <= 0 || e.RetryAfter > time.Second {
					t.Fatalf("wrong code %d: wait %s, want at most a second", i, e.RetryAfter)
				}
			default:
				t.Fatalf("wrong code %d: %v", i, err)
			}
			c.Advance(25 * time.Millisecond)
			if i%500 == 499 {
				for _, who := range []string{"reporter-home", fmt.Sprintf("198.51.0.%d", i%256), fmt.Sprintf("never-seen-%d", i)} {
					if _, _, err := svc.OpenSession(ctx, who, f.ReceiptCode); err != nil {
						t.Fatalf("after %d wrong codes, the right code from %s: %v", i+1, who, err)
					}
				}
			}
		}
		if limited == 0 {
			t.Fatalf("no wrong code of the flood was answered \"too many\" (%d answered \"wrong\")", wrong)
		}
		t.Logf("flood of 10,000 wrong codes: %d answered wrong (401), %d too many (429)", wrong, limited)
	})
}

// TestAColleagueBehindAGuessersAddressGetsIn: an office behind one NAT address; one colleague
// guesses codes for ten minutes, one every three seconds. Another colleague's right code is
// accepted at every moment; the guesser gets "wrong" five times and then "too many" for all but
// about one code a minute, each time told how long to wait.
func TestAColleagueBehindAGuessersAddressGetsIn(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		svc := newLimitedService(t, st, c)
		f, err := svc.FileReport(ctx, anonymousReport("a report filed from the office"))
		if err != nil {
			t.Fatal(err)
		}
		const nat = "office-nat"
		wrong, limited := 0, 0
		for i := range 200 {
			_, _, err := svc.OpenSession(ctx, nat, randomCode())
			switch kindOf(err) {
			case apperr.KindUnauthenticated:
				wrong++
			case apperr.KindRateLimited:
				limited++
				if e, _ := apperr.As(err); e.RetryAfter <= 0 || e.RetryAfter > time.Minute {
					t.Fatalf("guess %d: wait %s, want at most a minute", i, e.RetryAfter)
				}
			default:
				t.Fatalf("guess %d: %v", i, err)
			}
			if _, _, err := svc.OpenSession(ctx, nat, f.ReceiptCode); err != nil {
				t.Fatalf("after guess %d, the colleague's right code from the same address: %v", i+1, err)
			}
			c.Advance(3 * time.Second)
		}
		// 5 at once, then one a minute for ten minutes.
		if wrong > 16 || limited < 184 {
			t.Fatalf("the guesser: %d answered wrong, %d too many; want at most 16 wrong", wrong, limited)
		}
	})
}

// TestTheFilingBudget: a source files its burst of reports; the next one is refused with the
// time to wait and nothing is stored; a retry of a stored report still gets its answer; another
// source can file; after the wait the source can file one more.
func TestTheFilingBudget(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		svc := newLimitedService(t, st, c)
		count := func() int {
			t.Helper()
			page, err := svc.ListCases(ctx, intake, cases.ListFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return len(page.Cases)
		}
		from := func(src, desc string) cases.NewReport {
			r := anonymousReport(desc)
			r.Source = src
			return r
		}
		var first cases.NewReport
		var firstFiled cases.Filed
		for i := range ratelimit.Filings.PerSourceBurst {
			r := from("busy", fmt.Sprintf("report number %d from one address", i+1))
			f, err := svc.FileReport(ctx, r)
			if err != nil {
				t.Fatalf("report %d within the burst: %v", i+1, err)
			}
			if i == 0 {
				first, firstFiled = r, f
			}
		}
		before := count()
		_, err := svc.FileReport(ctx, from("busy", "one report too many from this address"))
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindRateLimited || e.RetryAfter <= 0 || e.RetryAfter > ratelimit.Filings.PerSourceEvery {
			t.Fatalf("a report past the burst: %v, want rate limited with a wait of at most %s", err, ratelimit.Filings.PerSourceEvery)
		}
		if n := count(); n != before {
			t.Fatalf("a refused report was stored: %d cases, was %d", n, before)
		}
		again, err := svc.FileReport(ctx, first)
		if err != nil || !again.Replayed || again.ReceiptCode != firstFiled.ReceiptCode {
			t.Fatalf("a retry of a stored report past the budget: %+v, %v; want its own answer again", again, err)
		}
		if _, err := svc.FileReport(ctx, from("elsewhere", "a report from another address")); err != nil {
			t.Fatalf("another address: %v", err)
		}
		c.Advance(e.RetryAfter)
		if _, err := svc.FileReport(ctx, from("busy", "a report after waiting as told")); err != nil {
			t.Fatalf("after the wait it was told: %v", err)
		}
		if n := count(); n != before+2 {
			t.Fatalf("%d cases, want %d", n, before+2)
		}
	})
}
