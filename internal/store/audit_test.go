package store_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/audittrail"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

var auditor = audittrail.Actor{Subject: "aud", Auditor: true}

// sealTrail makes st seal its events under fresh keys and returns the auditor's service.
func sealTrail(t *testing.T, st *store.Store) *audittrail.Service {
	t.Helper()
	v, err := vault.NewEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	seal := audit.SealerFrom(v)
	st.SetAuditSealer(seal)
	svc, err := audittrail.New(audittrail.Config{Repo: st.AuditTrails(), Seal: seal})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// trailRow is an audit event as the database holds it.
type trailRow struct {
	id, action string
	prev, mac  []byte
}

// q turns the ? of a hand-written test query into $n on PostgreSQL.
func q(url, query string) string {
	if !store.IsPostgres(url) {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func trailRows(t *testing.T, db *sql.DB, url string, caseID uuid.UUID) []trailRow {
	t.Helper()
	rows, err := db.Query(q(url, `SELECT id, action, prev_mac, mac FROM audit_events WHERE case_id = ?`), caseID.String())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []trailRow
	for rows.Next() {
		var r trailRow
		if err := rows.Scan(&r.id, &r.action, &r.prev, &r.mac); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// children are the ids of the events that link to r.
func children(rows []trailRow, r trailRow) []string {
	var out []string
	for _, o := range rows {
		if len(o.prev) > 0 && bytes.Equal(o.prev, r.mac) {
			out = append(out, o.id)
		}
	}
	return out
}

func execSQL(t *testing.T, db *sql.DB, url, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q(url, query), args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func ids(xs []uuid.UUID) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.String()
	}
	sort.Strings(out)
	return out
}

func sorted(xs []string) []string { xs = slices.Clone(xs); sort.Strings(xs); return xs }

// realisticCase walks a case through what the reporter, intake and the adviser do and returns its
// reference and id.
func realisticCase(t *testing.T, st *store.Store, svc *cases.Service, adviser uuid.UUID) (string, uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	anna := cases.StaffActor{Subject: "adv-1", Adviser: true}
	r := anonymousReport("My team lead mocks my accent in every team meeting.")
	r.AdviserID = &adviser
	f, err := svc.FileReport(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	ref := f.Summary.Reference
	tok, _, err := svc.OpenSession(ctx, "src", f.ReceiptCode)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := svc.AuthenticateReporter(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	_, err = svc.MyCase(ctx, rs)
	must("reporter reads", err)
	_, err = svc.SendMyMessage(ctx, rs, "I can tell more in person.")
	must("reporter writes", err)
	_, err = svc.Acknowledge(ctx, intake, ref, "Thank you; an adviser will call you.")
	must("acknowledge", err)
	_, err = svc.CaseMessages(ctx, intake, ref)
	must("intake reads messages", err)
	_, err = svc.GetCase(ctx, anna, ref)
	must("adviser reads", err)
	cv, err := svc.LogConversation(ctx, anna, ref, conversation(time.Now().Add(-time.Hour), cases.FormPhone, 20, "First call."))
	must("log", err)
	_, err = svc.UpdateConversation(ctx, anna, ref, cv.ID, cases.ConversationContent{Notes: "First call, corrected."})
	must("correct", err)
	_, err = svc.ListConversations(ctx, anna, ref)
	must("list", err)
	return ref, f.Summary.ID
}

// TestTheTrailOfACaseIsSealedAndVerifiesIntact: after a realistic sequence of reads and changes
// every event is sealed and linked, the trail verifies intact, and the auditor's own reads are
// recorded without breaking it.
func TestTheTrailOfACaseIsSealedAndVerifiesIntact(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		trail := sealTrail(t, st)
		svc := newService(t, st)
		adv := addAdviser(t, st, "adv-1", "Anna de Adviseur")
		ref, caseID := realisticCase(t, st, svc, adv)
		db := rawDB(t, url)

		rows := trailRows(t, db, url, caseID)
		roots := 0
		for _, r := range rows {
			if len(r.mac) != vault.MACSize {
				t.Errorf("event %s (%s) has a seal of %d bytes", r.id, r.action, len(r.mac))
			}
			if len(r.prev) == 0 {
				roots++
			}
		}
		if roots != 1 {
			t.Errorf("%d events link to nothing, want 1 (the filing)", roots)
		}

		res, err := trail.Verify(ctx, auditor, ref)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Intact() || res.Events != len(rows) || res.VerifiedAt.IsZero() {
			t.Fatalf("verification of an untouched trail of %d events: %+v", len(rows), res)
		}
		// The verification is in the trail, and the trail with it is still intact.
		again, err := trail.Verify(ctx, auditor, ref)
		if err != nil {
			t.Fatal(err)
		}
		if !again.Intact() || again.Events != len(rows)+1 {
			t.Fatalf("second verification: %+v, want intact with %d events", again, len(rows)+1)
		}

		// Listed page by page, oldest first; each page read is recorded too.
		var seen []string
		total := 0
		for token, pages := "", 0; ; pages++ {
			p, err := trail.List(ctx, auditor, ref, 4, token)
			if err != nil {
				t.Fatal(err)
			}
			if pages == 0 {
				total = p.Total
			}
			for i, e := range p.Events {
				seen = append(seen, e.ID.String())
				if i > 0 && e.At.Before(p.Events[i-1].At) {
					t.Errorf("page %d is not oldest first", pages)
				}
			}
			if token = p.NextPageToken; token == "" {
				break
			}
		}
		if total != len(rows)+2 || len(seen) < total {
			t.Errorf("listed %d events of total %d, want all %d", len(seen), total, len(rows)+2)
		}
		evs, err := st.AuditTrail(ctx, caseID)
		if err != nil {
			t.Fatal(err)
		}
		got := actions(evs, audit.Staff("aud"))
		if !slices.Contains(got, audit.ActionVerifyTrail) || !slices.Contains(got, audit.ActionReadTrail) {
			t.Errorf("the auditor's events: %v", got)
		}
		if res, err := trail.Verify(ctx, auditor, ref); err != nil || !res.Intact() {
			t.Errorf("after listing: %+v %v", res, err)
		}

		// Only the auditor; unknown cases are not found.
		_, err = trail.Verify(ctx, audittrail.Actor{Subject: "alice"}, ref)
		wantKind(t, "a non-auditor verifies", err, apperr.KindForbidden)
		_, err = trail.List(ctx, auditor, "MP-ZZZZZZZZ", 0, "")
		wantKind(t, "an unknown case", err, apperr.KindNotFound)
		_, err = trail.List(ctx, auditor, ref, 0, "not-a-token")
		wantKind(t, "a bad page token", err, apperr.KindInvalid)
	})
}

// TestTamperingWithTheTrailIsFound changes, removes and adds events in the database behind
// Meldpunt's back and expects the verification to name each one.
func TestTamperingWithTheTrailIsFound(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		trail := sealTrail(t, st)
		svc := newService(t, st)
		adv := addAdviser(t, st, "adv-1", "Anna de Adviseur")
		db := rawDB(t, url)

		// middle returns an event of the case that another event links to, not the filing.
		middle := func(rows []trailRow) trailRow {
			for _, r := range rows {
				if len(r.prev) > 0 && len(children(rows, r)) > 0 {
					return r
				}
			}
			t.Fatal("no event in the middle of the trail")
			return trailRow{}
		}
		for _, tc := range []struct {
			name string
			// tamper changes the trail and returns what the verification must report.
			tamper func(caseID uuid.UUID, rows []trailRow) (altered, broken, unsealed []string)
		}{
			{"an action changed", func(_ uuid.UUID, rows []trailRow) ([]string, []string, []string) {
				m := middle(rows)
				execSQL(t, db, url, `UPDATE audit_events SET action = ? WHERE id = ?`, "case.read", m.id)
				return []string{m.id}, nil, nil
			}},
			{"the fields of an event changed", func(_ uuid.UUID, rows []trailRow) ([]string, []string, []string) {
				m := middle(rows)
				execSQL(t, db, url, `UPDATE audit_events SET fields = ? WHERE id = ?`, "status", m.id)
				return []string{m.id}, nil, nil
			}},
			{"the actor of an event changed", func(_ uuid.UUID, rows []trailRow) ([]string, []string, []string) {
				m := middle(rows)
				execSQL(t, db, url, `UPDATE audit_events SET actor_id = ? WHERE id = ?`, "someone-else", m.id)
				return []string{m.id}, nil, nil
			}},
			{"an event in the middle deleted", func(_ uuid.UUID, rows []trailRow) ([]string, []string, []string) {
				m := middle(rows)
				execSQL(t, db, url, `DELETE FROM audit_events WHERE id = ?`, m.id)
				return nil, children(rows, m), nil
			}},
			{"the filing's event deleted", func(_ uuid.UUID, rows []trailRow) ([]string, []string, []string) {
				for _, r := range rows {
					if len(r.prev) == 0 {
						execSQL(t, db, url, `DELETE FROM audit_events WHERE id = ?`, r.id)
						return nil, children(rows, r), nil
					}
				}
				t.Fatal("no first event")
				return nil, nil, nil
			}},
			{"a forged event inserted", func(caseID uuid.UUID, rows []trailRow) ([]string, []string, []string) {
				forged, mac := uuid.New(), make([]byte, vault.MACSize)
				_, _ = rand.Read(mac)
				execSQL(t, db, url, `INSERT INTO audit_events (id, at, actor_kind, actor_id, action, case_id, fields, request_id, prev_mac, mac)
					VALUES (?, ?, 'STAFF', 'mallory', 'case.read', ?, 'report', '', ?, ?)`,
					forged.String(), time.Now().UTC().Format("2006-01-02 15:04:05-07:00"), caseID.String(), middle(rows).mac, mac)
				// Its seal is wrong, and it makes a branch: one of the two events now linked to
				// the middle one is named (which depends on their order).
				return []string{forged.String()}, append([]string{forged.String()}, children(rows, middle(rows))...), nil
			}},
			{"the latest event deleted", func(_ uuid.UUID, rows []trailRow) ([]string, []string, []string) {
				for _, r := range rows {
					if len(r.mac) > 0 && len(children(rows, r)) == 0 {
						execSQL(t, db, url, `DELETE FROM audit_events WHERE id = ?`, r.id)
						return nil, nil, nil // every link holds; the trail no longer ends at its head
					}
				}
				t.Fatal("no latest event")
				return nil, nil, nil
			}},
			{"an unsealed event inserted", func(caseID uuid.UUID, _ []trailRow) ([]string, []string, []string) {
				forged := uuid.New()
				execSQL(t, db, url, `INSERT INTO audit_events (id, at, actor_kind, actor_id, action, case_id, fields, request_id)
					VALUES (?, ?, 'SYSTEM', 'retention', 'retention.notes.destroy', ?, 'conversations', '')`,
					forged.String(), time.Now().UTC().Format("2006-01-02 15:04:05-07:00"), caseID.String())
				return nil, nil, []string{forged.String()}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ref, caseID := realisticCase(t, st, svc, adv)
				before, err := trail.Verify(ctx, auditor, ref)
				if err != nil || !before.Intact() {
					t.Fatalf("before tampering: %+v %v", before, err)
				}
				altered, broken, unsealed := tc.tamper(caseID, trailRows(t, db, url, caseID))
				res, err := trail.Verify(ctx, auditor, ref)
				if err != nil {
					t.Fatal(err)
				}
				if res.Intact() {
					t.Fatalf("tampered trail verifies intact: %+v", res)
				}
				if tc.name == "the latest event deleted" && !res.LatestMissing {
					t.Errorf("the latest event's removal is not reported: %+v", res)
				}
				if tc.name == "a forged event inserted" {
					if got := ids(res.BrokenLinks); len(got) != 1 || !slices.Contains(broken, got[0]) {
						t.Errorf("broken links: %v, want one of %v", got, broken)
					}
					broken = ids(res.BrokenLinks)
				}
				for _, c := range []struct {
					what      string
					got, want []string
				}{{"altered", ids(res.Altered), sorted(altered)}, {"broken links", ids(res.BrokenLinks), sorted(broken)}, {"unsealed", ids(res.Unsealed), sorted(unsealed)}} {
					if !slices.Equal(c.got, c.want) && (len(c.got) > 0 || len(c.want) > 0) {
						t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
					}
				}
			})
		}
	})
}

// TestEventsWrittenWithoutASealAreReportedUnsealed: events of a store without the key (before
// sealing existed) are reported as unsealed; the sealed events after them start a chain of their
// own and verify.
func TestEventsWrittenWithoutASealAreReportedUnsealed(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		svc := newService(t, st)
		f, err := svc.FileReport(ctx, anonymousReport("Filed before the trail was sealed."))
		if err != nil {
			t.Fatal(err)
		}
		ref := f.Summary.Reference
		if _, err := svc.GetCase(ctx, intake, ref); err != nil {
			t.Fatal(err)
		}
		db := rawDB(t, url)
		var legacy []string
		for _, r := range trailRows(t, db, url, f.Summary.ID) {
			if r.mac != nil || r.prev != nil {
				t.Fatalf("event %s was sealed by a store without a sealer", r.id)
			}
			legacy = append(legacy, r.id)
		}

		trail := sealTrail(t, st)
		if _, err := svc.Acknowledge(ctx, intake, ref, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.GetCase(ctx, intake, ref); err != nil {
			t.Fatal(err)
		}
		res, err := trail.Verify(ctx, auditor, ref)
		if err != nil {
			t.Fatal(err)
		}
		if res.Intact() || !slices.Equal(ids(res.Unsealed), sorted(legacy)) || len(res.Altered) > 0 || len(res.BrokenLinks) > 0 {
			t.Fatalf("verification: %+v; want exactly the %d legacy events unsealed", res, len(legacy))
		}
		if res.Events != len(legacy)+2 {
			t.Errorf("%d events, want %d", res.Events, len(legacy)+2)
		}
	})
}

// TestConcurrentReadsOfOneCaseKeepTheTrailIntact: events written at the same time on one case
// are serialised on its head, so none links to the same predecessor as another (no fork); the
// trail verifies intact, with every event.
func TestConcurrentReadsOfOneCaseKeepTheTrailIntact(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		trail := sealTrail(t, st)
		svc := newService(t, st)
		f, err := svc.FileReport(ctx, anonymousReport("Read by many at once."))
		if err != nil {
			t.Fatal(err)
		}
		ref := f.Summary.Reference
		tok, _, err := svc.OpenSession(ctx, "src", f.ReceiptCode)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := svc.AuthenticateReporter(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				if i%2 == 0 {
					_, errs[i] = svc.GetCase(ctx, intake, ref)
				} else {
					_, errs[i] = svc.MyCase(ctx, rs)
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		res, err := trail.Verify(ctx, auditor, ref)
		if err != nil {
			t.Fatal(err)
		}
		// The filing, the session, and the n reads.
		if !res.Intact() || res.Events != 2+n {
			t.Fatalf("after %d concurrent reads: %+v, want intact with %d events", n, res, 2+n)
		}
		// Later events link on, and still verify.
		if _, err := svc.Acknowledge(ctx, intake, ref, "Thank you."); err != nil {
			t.Fatal(err)
		}
		if res, err := trail.Verify(ctx, auditor, ref); err != nil || !res.Intact() {
			t.Fatalf("after the forks: %+v %v", res, err)
		}
	})
}
