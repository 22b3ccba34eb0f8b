package store_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/store"
)

// TestRemovingTheHeadOfATrailIsFound removes or empties a case's head (its record of the latest
// event) behind Meldpunt's back, with and without the events it named, and expects every
// verification from then on — also after later writes — to report it, never "intact".
func TestRemovingTheHeadOfATrailIsFound(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		trail := sealTrail(t, st)
		svc := newService(t, st)
		adv := addAdviser(t, st, "adv-1", "Anna de Adviseur")
		db := rawDB(t, url)

		latest := func(rows []trailRow) trailRow {
			for _, r := range rows {
				if len(r.mac) > 0 && len(children(rows, r)) == 0 {
					return r
				}
			}
			t.Fatal("no latest event")
			return trailRow{}
		}
		deleteHead := func(caseID uuid.UUID) {
			execSQL(t, db, url, `DELETE FROM audit_heads WHERE id = ?`, caseID.String())
		}
		for _, tc := range []struct {
			name string
			// filedOnly: a case with just its filing (on PostgreSQL filed in one statement).
			filedOnly bool
			tamper    func(caseID uuid.UUID, rows []trailRow)
		}{
			{"the head deleted", false, func(caseID uuid.UUID, _ []trailRow) { deleteHead(caseID) }},
			{"the head's seal set to NULL", false, func(caseID uuid.UUID, _ []trailRow) {
				execSQL(t, db, url, `UPDATE audit_heads SET mac = NULL WHERE id = ?`, caseID.String())
			}},
			{"the latest events and the head deleted", false, func(caseID uuid.UUID, rows []trailRow) {
				for range 2 {
					l := latest(rows)
					execSQL(t, db, url, `DELETE FROM audit_events WHERE id = ?`, l.id)
					rows = slices.DeleteFunc(rows, func(r trailRow) bool { return r.id == l.id })
				}
				deleteHead(caseID)
			}},
			{"the whole trail and the head deleted", false, func(caseID uuid.UUID, _ []trailRow) {
				execSQL(t, db, url, `DELETE FROM audit_events WHERE case_id = ?`, caseID.String())
				deleteHead(caseID)
			}},
			{"the whole trail deleted and the head's seal set to NULL", false, func(caseID uuid.UUID, _ []trailRow) {
				execSQL(t, db, url, `DELETE FROM audit_events WHERE case_id = ?`, caseID.String())
				execSQL(t, db, url, `UPDATE audit_heads SET mac = NULL WHERE id = ?`, caseID.String())
			}},
			{"a just-filed case's filing and head deleted", true, func(caseID uuid.UUID, _ []trailRow) {
				execSQL(t, db, url, `DELETE FROM audit_events WHERE case_id = ?`, caseID.String())
				deleteHead(caseID)
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var (
					ref    string
					caseID uuid.UUID
				)
				if tc.filedOnly {
					f, err := svc.FileReport(ctx, anonymousReport("Filed and left alone."))
					if err != nil {
						t.Fatal(err)
					}
					ref, caseID = f.Summary.Reference, f.Summary.ID
				} else {
					ref, caseID = realisticCase(t, st, svc, adv)
				}
				tc.tamper(caseID, trailRows(t, db, url, caseID))
				res, err := trail.Verify(ctx, auditor, ref)
				if err != nil {
					t.Fatal(err)
				}
				if res.Intact() || !res.HeadMissing {
					t.Fatalf("first verification after tampering: %+v, want the head reported missing", res)
				}
				// Work on the case goes on; the removal stays visible in the events written since.
				if _, err := svc.GetCase(ctx, intake, ref); err != nil {
					t.Fatal(err)
				}
				for i := range 2 {
					res, err = trail.Verify(ctx, auditor, ref)
					if err != nil {
						t.Fatal(err)
					}
					if res.Intact() || len(res.Restarted) == 0 {
						t.Fatalf("verification %d after later writes: %+v, want the events written without the head named", i+2, res)
					}
				}
				var marked int
				evs, err := st.AuditTrail(ctx, caseID)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range evs {
					if slices.Contains(e.Fields, audit.HeadMissingField) {
						marked++
					}
				}
				if marked != 1 {
					t.Errorf("%d events carry the mark, want 1 (the first written without the head)", marked)
				}
			})
		}

		// A head set to a seal no event has: the trail does not end at it, now or after later writes.
		t.Run("the head's seal replaced", func(t *testing.T) {
			ref, caseID := realisticCase(t, st, svc, adv)
			execSQL(t, db, url, `UPDATE audit_heads SET mac = ? WHERE id = ?`, bytes.Repeat([]byte{7}, 32), caseID.String())
			for i := range 2 {
				res, err := trail.Verify(ctx, auditor, ref)
				if err != nil {
					t.Fatal(err)
				}
				if res.Intact() || (i == 0 && !res.LatestMissing) || (i == 1 && len(res.BrokenLinks) == 0) {
					t.Fatalf("verification %d: %+v", i+1, res)
				}
			}
		})

		// An untouched case filed and left alone verifies intact: its head was written with it.
		f, err := svc.FileReport(ctx, anonymousReport("Filed and left alone, untouched."))
		if err != nil {
			t.Fatal(err)
		}
		if res, err := trail.Verify(ctx, auditor, f.Summary.Reference); err != nil || !res.Intact() || res.Events != 1 {
			t.Fatalf("an untouched just-filed case: %+v %v", res, err)
		}
	})
}

// TestTheMigrationGivesOlderCasesTheirHead: cases filed before every filing wrote its head (on
// PostgreSQL in one statement, or seeded) had none until a second event; the migration that made a
// missing head tampering gives them the head their trail ends at, so that they verify intact.
func TestTheMigrationGivesOlderCasesTheirHead(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		trail := sealTrail(t, st)
		svc := newService(t, st)
		db := rawDB(t, url)
		dir := store.MigrationDir(st.Dialect())
		entries, err := store.Migrations.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var backfill string
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), "_add_audit_checkpoints.up.sql") {
				b, err := store.Migrations.ReadFile(dir + "/" + e.Name())
				if err != nil {
					t.Fatal(err)
				}
				_, backfill, _ = strings.Cut(string(b), "-- every case gets its head")
			}
		}
		if backfill == "" {
			t.Fatal("no backfill in the migration")
		}
		var refs []string
		for i := range 3 {
			f, err := svc.FileReport(ctx, anonymousReport("Filed before heads came with the filing."))
			if err != nil {
				t.Fatal(err)
			}
			for range i {
				if _, err := svc.GetCase(ctx, intake, f.Summary.Reference); err != nil {
					t.Fatal(err)
				}
			}
			refs = append(refs, f.Summary.Reference)
		}
		execSQL(t, db, url, `DELETE FROM audit_heads`) // as before: no heads
		if _, err := db.ExecContext(ctx, "-- every case gets its head"+backfill); err != nil {
			t.Fatal(err)
		}
		for _, ref := range refs {
			if res, err := trail.Verify(ctx, auditor, ref); err != nil || !res.Intact() {
				t.Errorf("%s after the migration: %+v %v", ref, res, err)
			}
		}
	})
}
