package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/demo"
	"github.com/utrecht/meldpunt/internal/ratelimit"
	"github.com/utrecht/meldpunt/internal/report"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// TestDemoDataObeysTheDomainRules seeds demo cases in bulk and checks them against the rules the
// service enforces, with queries that must all return 0; then the service reads a seeded case's
// content and the annual report is built from them.
func TestDemoDataObeysTheDomainRules(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		v, err := vault.NewEphemeral()
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
		if err := demo.Seed(ctx, st, v, demo.Options{Cases: 1500, Years: 3, Seed: 7, Now: now}, nil); err != nil {
			t.Fatalf("seed: %v", err)
		}
		db := rawDB(t, url)
		violations := map[string]string{
			"cases outside the years":                         `SELECT count(*) FROM cases WHERE received_at < '2024-01-01' OR received_at > '2026-11-02'`,
			"acknowledged before received":                    `SELECT count(*) FROM cases WHERE acknowledged_at < received_at`,
			"escalated without a unit":                        `SELECT count(*) FROM cases WHERE escalated_at IS NOT NULL AND unit_id IS NULL`,
			"weighed before escalated":                        `SELECT count(*) FROM cases WHERE weighed_at < escalated_at`,
			"closed without outcome":                          `SELECT count(*) FROM cases WHERE status = 'CLOSED' AND (outcome = '' OR outcome IS NULL OR closed_at IS NULL)`,
			"closed case without feedback message":            `SELECT count(*) FROM cases c WHERE status = 'CLOSED' AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.case_id = c.id AND m.sent_at >= c.closed_at)`,
			"confidential or named without identity":          `SELECT count(*) FROM cases c WHERE anonymity <> 'ANONYMOUS' AND NOT EXISTS (SELECT 1 FROM reporter_identities i WHERE i.case_id = c.id)`,
			"investigation without a reasonable suspicion":    `SELECT count(*) FROM investigations i JOIN weighings w ON w.case_id = i.case_id WHERE w.outcome <> 'REASONABLE_SUSPICION'`,
			"investigation before the weighing":               `SELECT count(*) FROM investigations i JOIN weighings w ON w.case_id = i.case_id WHERE i.started_at < w.decided_at`,
			"findings without a hearing":                      `SELECT count(*) FROM allegations a WHERE a.finding IS NOT NULL AND NOT EXISTS (SELECT 1 FROM hearings h WHERE h.case_id = a.case_id)`,
			"sanction without an assessment":                  `SELECT count(*) FROM sanction_decisions s WHERE NOT EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = s.case_id AND a.assessed_at <= s.decided_at)`,
			"proven discrimination closed without sanction":   `SELECT count(*) FROM cases c WHERE c.status = 'CLOSED' AND EXISTS (SELECT 1 FROM allegations a WHERE a.case_id = c.id AND a.norm_id = 'GC-1.2' AND a.finding IN ('PROVEN','PARTLY_PROVEN')) AND NOT EXISTS (SELECT 1 FROM sanction_decisions s WHERE s.case_id = c.id)`,
			"zero tolerance sanction outside the allowed set": `SELECT count(*) FROM sanction_decisions s WHERE s.sanction = 'TRANSFER' AND EXISTS (SELECT 1 FROM allegations a WHERE a.case_id = s.case_id AND a.norm_id = 'GC-1.2' AND a.finding IN ('PROVEN','PARTLY_PROVEN'))`,
			"lighter sanction without motivation":             `SELECT count(*) FROM sanction_decisions WHERE lighter_than_recommended AND motivation_sealed IS NULL`,
			"grounds on a case that is not discrimination":    `SELECT count(*) FROM case_grounds g JOIN cases c ON c.id = g.case_id WHERE c.category <> 'DISCRIMINATION'`,
			"conversation before the report":                  `SELECT count(*) FROM conversations v JOIN cases c ON c.id = v.case_id WHERE v.held_on < c.received_at`,
			"conversation by another than the case's adviser": `SELECT count(*) FROM conversations v JOIN cases c ON c.id = v.case_id JOIN advisers a ON a.id = c.adviser_id WHERE a.staff_subject <> v.adviser_subject`,
			"a future event":                                  `SELECT count(*) FROM cases WHERE closed_at > '2026-11-02' OR weighed_at > '2026-11-02' OR acknowledged_at > '2026-11-02'`,
			"a case without its audit event":                  `SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.case_id = c.id)`,
		}
		for what, q := range violations {
			var n int
			if err := db.QueryRow(q).Scan(&n); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if n != 0 {
				t.Errorf("%s: %d cases", what, n)
			}
		}
		var total, closed, sanctioned int
		if err := db.QueryRow(`SELECT count(*), count(closed_at) FROM cases`).Scan(&total, &closed); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT count(*) FROM sanction_decisions`).Scan(&sanctioned); err != nil {
			t.Fatal(err)
		}
		if total != 1500 || closed < 700 || sanctioned < 20 {
			t.Errorf("%d cases, %d closed, %d sanctions: want a realistic mix", total, closed, sanctioned)
		}

		// The service opens a seeded case's content like any other.
		var ref, unitManager string
		if err := db.QueryRow(`SELECT c.reference, e.staff_subject FROM cases c JOIN org_units u ON u.id = c.unit_id
			JOIN employees e ON e.id = u.org_unit_manager WHERE c.escalated_at IS NOT NULL AND c.anonymity = 'NAMED' LIMIT 1`).Scan(&ref, &unitManager); err != nil {
			t.Fatal(err)
		}
		svc, err := cases.New(cases.Config{Repo: st.Cases(), Vault: v, Limiter: ratelimit.New(ratelimit.Config{}), Policy: cases.DefaultPolicy()})
		if err != nil {
			t.Fatal(err)
		}
		d, err := svc.GetCase(ctx, cases.StaffActor{Subject: unitManager, Manager: true}, ref)
		if err != nil || d.Content.Description == "" {
			t.Fatalf("read a seeded case: %v %+v", err, d.Content)
		}
		// And the annual report of a seeded year builds, with zero tolerance respected.
		r, err := report.New(st.Reports(), "Demo", 0, func() time.Time { return now }).Annual(ctx, report.Actor{Subject: "hr", HR: true}, 2025, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.ZeroTolerance.Flagged {
			t.Error("the demo data leaves proven discrimination unsanctioned")
		}
		var generated int
		if err := db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'report.annual.generate' AND actor_id = 'hr' AND fields = 'year:2025'`).Scan(&generated); err != nil || generated != 1 {
			t.Errorf("generating the report is not in the audit trail: %d %v", generated, err)
		}
	})
}

// TestDemoDataFollowsTheLifecycle seeds organisations of several sizes and checks, in the
// database, the relations the service's lifecycle gives real data — relations any reader of
// the annual report knows, so demo data without them would let a test attacker (or a demo)
// draw wrong conclusions: a weighing other than a reasonable suspicion closes the case at once
// with the outcome it stands for; a reasonable suspicion moves it to fact-finding; every
// investigated case closes as not proven or proven (with or without a sanction) and only those;
// grounds only on discrimination reports; no more reporters in conversation than conversations.
func TestDemoDataFollowsTheLifecycle(t *testing.T) {
	for _, size := range []int{15, 120, 700} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			forEach(t, func(t *testing.T, st *store.Store, url string) {
				ctx := context.Background()
				v, err := vault.NewEphemeral()
				if err != nil {
					t.Fatal(err)
				}
				now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
				if err := demo.Seed(ctx, st, v, demo.Options{Cases: size, Years: 2, Seed: uint64(size), Now: now}, nil); err != nil {
					t.Fatalf("seed: %v", err)
				}
				db := rawDB(t, url)
				violations := map[string]string{
					"a closing weighing that did not close the case at once": `SELECT count(*) FROM weighings w JOIN cases c ON c.id = w.case_id
						WHERE w.outcome <> 'REASONABLE_SUSPICION' AND (c.status <> 'CLOSED' OR c.closed_at IS NULL OR c.closed_at <> w.decided_at)`,
					"a closing weighing with another outcome": `SELECT count(*) FROM weighings w JOIN cases c ON c.id = w.case_id
						WHERE (w.outcome = 'NO_REASONABLE_SUSPICION' AND c.outcome <> 'NO_REASONABLE_SUSPICION')
						OR (w.outcome = 'REFER_ELSEWHERE' AND c.outcome <> 'REFERRED')
						OR (w.outcome = 'RESOLVED_INFORMALLY' AND c.outcome <> 'RESOLVED_INFORMALLY')`,
					"a weighing's moment differs from the case's": `SELECT count(*) FROM weighings w JOIN cases c ON c.id = w.case_id WHERE c.weighed_at IS NULL OR c.weighed_at <> w.decided_at`,
					"a reasonable suspicion still waiting to be weighed": `SELECT count(*) FROM weighings w JOIN cases c ON c.id = w.case_id
						WHERE w.outcome = 'REASONABLE_SUSPICION' AND c.status = 'WEIGHING'`,
					"closed for no reasonable suspicion without such a weighing": `SELECT count(*) FROM cases c WHERE c.outcome IN ('NO_REASONABLE_SUSPICION')
						AND NOT EXISTS (SELECT 1 FROM weighings w WHERE w.case_id = c.id AND w.outcome = 'NO_REASONABLE_SUSPICION')`,
					"an investigated case closed otherwise than by its findings": `SELECT count(*) FROM investigations i JOIN cases c ON c.id = i.case_id
						WHERE c.closed_at IS NOT NULL AND c.outcome NOT IN ('NOT_PROVEN', 'PROVEN_WITHOUT_SANCTION', 'PROVEN_WITH_SANCTION')`,
					"a findings outcome without an investigation": `SELECT count(*) FROM cases c WHERE c.outcome IN ('NOT_PROVEN', 'PROVEN_WITHOUT_SANCTION', 'PROVEN_WITH_SANCTION')
						AND NOT EXISTS (SELECT 1 FROM investigations i WHERE i.case_id = c.id)`,
					"proven with a sanction, without a sanction decision": `SELECT count(*) FROM cases c WHERE c.outcome = 'PROVEN_WITH_SANCTION'
						AND NOT EXISTS (SELECT 1 FROM sanction_decisions s WHERE s.case_id = c.id)`,
					"a sanction decision on a case closed otherwise": `SELECT count(*) FROM sanction_decisions s JOIN cases c ON c.id = s.case_id
						WHERE c.closed_at IS NOT NULL AND c.outcome <> 'PROVEN_WITH_SANCTION'`,
					"proven without a proven finding": `SELECT count(*) FROM cases c WHERE c.outcome IN ('PROVEN_WITHOUT_SANCTION', 'PROVEN_WITH_SANCTION')
						AND NOT EXISTS (SELECT 1 FROM allegations a WHERE a.case_id = c.id AND a.finding IN ('PROVEN', 'PARTLY_PROVEN'))`,
					"not proven with a proven finding": `SELECT count(*) FROM cases c WHERE c.outcome = 'NOT_PROVEN'
						AND EXISTS (SELECT 1 FROM allegations a WHERE a.case_id = c.id AND a.finding IN ('PROVEN', 'PARTLY_PROVEN'))`,
					"grounds on a case that is not discrimination":      `SELECT count(*) FROM case_grounds g JOIN cases c ON c.id = g.case_id WHERE c.category <> 'DISCRIMINATION'`,
					"more reporters in conversation than conversations": `SELECT count(*) FROM (SELECT count(*) AS n, count(DISTINCT case_id) AS m FROM conversations GROUP BY adviser_subject) x WHERE m > n`,
				}
				for what, q := range violations {
					var n int
					if err := db.QueryRow(q).Scan(&n); err != nil {
						t.Fatalf("%s: %v", what, err)
					}
					if n != 0 {
						t.Errorf("%d cases: %s: %d", size, what, n)
					}
				}
				var weighings int
				if err := db.QueryRow(`SELECT count(*) FROM weighings`).Scan(&weighings); err != nil {
					t.Fatal(err)
				}
				if size >= 120 && weighings == 0 {
					t.Errorf("%d cases and no weighing: the checks above checked nothing", size)
				}
			})
		})
	}
}
