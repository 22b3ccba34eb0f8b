package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/store"
)

// lookupEvents counts the lookup events recorded with this request id (-1 when it cannot).
func lookupEvents(t *testing.T, db *sql.DB, url, requestID string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q(url, `SELECT count(*) FROM audit_events WHERE action = ? AND request_id = ?`),
		precedents.ActionLookup, requestID).Scan(&n); err != nil {
		t.Errorf("read the trail: %v", err)
		return -1
	}
	return n
}

// A lookup returns only once its audit event is committed: read from another connection the
// moment the call returns, the event is there — for one lookup, for 8 at once (whose events are
// written together), and for 8 at once on one case, whose sealed trail still verifies intact.
func TestALookupIsInTheTrailWhenItReturns(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		trail := sealTrail(t, st)
		lib, qs := loadEval(t, st)
		queries := evalQueries(qs)
		db := rawDB(t, url)

		const clients, rounds = 8, 3
		var wg sync.WaitGroup
		errs := make(chan error, clients*rounds)
		for c := range clients {
			wg.Go(func() {
				for r := range rounds {
					id := fmt.Sprintf("free-%d-%d", c, r)
					a := teamActor
					a.RequestID = id
					res, err := lib.Lookup(ctx, a, queries[(c*rounds+r)%len(queries)])
					if err != nil {
						errs <- fmt.Errorf("lookup %s: %w", id, err)
						continue
					}
					if len(res.Hits) == 0 {
						errs <- fmt.Errorf("lookup %s: no hits", id)
					}
					if n := lookupEvents(t, db, url, id); n != 1 {
						errs <- fmt.Errorf("lookup %s returned with %d events in the trail, want 1", id, n)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}

		// On a case: the events chain on the case's head, in one transaction or several.
		svc := newService(t, st)
		f, err := svc.FileReport(ctx, anonymousReport("Comparable cases wanted."))
		if err != nil {
			t.Fatal(err)
		}
		caseID := f.Summary.ID
		before, err := st.AuditTrail(ctx, caseID)
		if err != nil {
			t.Fatal(err)
		}
		errs = make(chan error, clients)
		for c := range clients {
			wg.Go(func() {
				id := fmt.Sprintf("case-%d", c)
				a := teamActor
				a.RequestID = id
				if _, err := lib.LookupForCase(ctx, a, caseID, queries[c%len(queries)]); err != nil {
					errs <- fmt.Errorf("lookup %s: %w", id, err)
					return
				}
				if n := lookupEvents(t, db, url, id); n != 1 {
					errs <- fmt.Errorf("lookup %s returned with %d events in the trail, want 1", id, n)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		after, err := st.AuditTrail(ctx, caseID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before)+clients {
			t.Errorf("the case's trail grew by %d events, want %d", len(after)-len(before), clients)
		}
		res, err := trail.Verify(ctx, auditor, f.Summary.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Intact() {
			t.Errorf("after %d concurrent lookups on the case: %+v, want intact", clients, res)
		}
	})
}

// refuseAuditOf makes the database refuse every audit event of this actor, as a full disk or a
// broken table would.
func refuseAuditOf(t *testing.T, db *sql.DB, url, actor string) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events WHEN NEW.actor_id = '` + actor + `'
BEGIN SELECT RAISE(ABORT, 'audit refused'); END`}
	if store.IsPostgres(url) {
		stmts = []string{
			`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN IF NEW.actor_id = '` + actor + `' THEN RAISE EXCEPTION 'audit refused'; END IF; RETURN NEW; END $$`,
			`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_audit()`,
		}
	}
	for _, s := range stmts {
		execSQL(t, db, url, s)
	}
}

// A lookup whose audit event cannot be written fails, and answers nothing — also when its event
// would have been written together with those of concurrent lookups, which still succeed.
func TestALookupWhoseAuditFailsFails(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		lib, qs := loadEval(t, st)
		queries := evalQueries(qs)
		db := rawDB(t, url)
		refuseAuditOf(t, db, url, "mallory")
		mallory := precedents.Actor{Subject: "mallory", IntegrityTeam: true}

		res, err := lib.Lookup(ctx, mallory, queries[0])
		if err == nil || len(res.Hits) > 0 {
			t.Fatalf("a lookup whose event was refused: %d hits, error %v; want an error and no hits", len(res.Hits), err)
		}

		const clients, rounds = 8, 4
		var wg sync.WaitGroup
		errs := make(chan error, clients*rounds)
		for c := range clients {
			wg.Go(func() {
				for r := range rounds {
					id := fmt.Sprintf("req-%d-%d", c, r)
					a := teamActor
					if c%2 == 0 {
						a = mallory
					}
					a.RequestID = id
					res, err := lib.Lookup(ctx, a, queries[(c*rounds+r)%len(queries)])
					n := lookupEvents(t, db, url, id)
					switch {
					case a.Subject == "mallory" && (err == nil || len(res.Hits) > 0 || n != 0):
						errs <- fmt.Errorf("%s refused: %d hits, error %v, %d events; want an error, no hits, no event", id, len(res.Hits), err, n)
					case a.Subject != "mallory" && (err != nil || n != 1):
						errs <- fmt.Errorf("%s beside refused ones: error %v, %d events; want an answer and its event", id, err, n)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

// A read audited after the store is closed fails (it does not hang or answer unaudited).
func TestAuditAfterCloseFails(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		lib, qs := loadEval(t, st)
		if _, err := lib.Lookup(ctx, teamActor, evalQueries(qs)[0]); err != nil {
			t.Fatal(err)
		}
		st.Close()
		if _, err := lib.Lookup(ctx, teamActor, evalQueries(qs)[0]); err == nil {
			t.Fatal("a lookup on a closed store succeeded")
		}
	})
}

// slowCommits is the library's repository where the audit commit and the reading of the
// candidates' facts each take commitDelay longer, as behind a busy writer and a cold cache.
type slowCommits struct {
	precedents.Repository
}

const commitDelay = time.Second

func (r slowCommits) Audit(ctx context.Context, ev audit.Event) error {
	time.Sleep(commitDelay)
	return r.Repository.Audit(ctx, ev)
}

func (r slowCommits) Features(ctx context.Context, ids []uuid.UUID) ([]precedents.Stored, error) {
	time.Sleep(commitDelay)
	return r.Repository.Features(ctx, ids)
}

// A lookup does not wait for its audit commit after reading the library: it waits for the
// slower of the two, and still returns only once its event is in the trail.
func TestALookupReadsWhileItsEventIsCommitted(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		_, qs := loadEval(t, st)
		lib := precedents.New(slowCommits{st.Precedents()}, nil)
		db := rawDB(t, url)
		for i, q := range evalQueries(qs)[:3] {
			a := teamActor
			a.RequestID = fmt.Sprintf("slow-%d", i)
			t0 := time.Now()
			res, err := lib.Lookup(ctx, a, q)
			took := time.Since(t0)
			if err != nil || len(res.Hits) == 0 {
				t.Fatalf("lookup %d: %d hits, error %v", i, len(res.Hits), err)
			}
			if n := lookupEvents(t, db, url, a.RequestID); n != 1 {
				t.Errorf("lookup %d returned with %d events in the trail, want 1", i, n)
			}
			if took >= 2*commitDelay-commitDelay/3 {
				t.Errorf("lookup %d took %s with a commit and a read of %s each: they ran one after the other", i, took.Round(time.Millisecond), commitDelay)
			}
		}
	})
}
