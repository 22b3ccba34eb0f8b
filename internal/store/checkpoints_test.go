package store_test

import (
	"context"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/audittrail"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// checkpointTrail makes st seal its events under fresh keys and returns the auditor's service
// with checkpoints signed under the same keys.
func checkpointTrail(t *testing.T, st *store.Store) (*audittrail.Service, ed25519.PublicKey) {
	t.Helper()
	v, err := vault.NewEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	seal := audit.SealerFrom(v)
	st.SetAuditSealer(seal)
	key := audit.CheckpointKey(v)
	svc, err := audittrail.New(audittrail.Config{Repo: st.AuditTrails(), Seal: seal, Checkpoints: st.AuditTrails(), CheckpointKey: key})
	if err != nil {
		t.Fatal(err)
	}
	return svc, key.Public().(ed25519.PublicKey)
}

// findingsOf returns the findings of a verification of every trail, by case.
func findingsOf(t *testing.T, trail *audittrail.Service, note string, pub ed25519.PublicKey) map[string][]string {
	t.Helper()
	res, err := trail.VerifyAll(context.Background(), auditor, note, pub, nil)
	if err != nil {
		t.Fatal(err)
	}
	if note != "" && res.Checkpoint == nil {
		t.Fatal("the checkpoint was not used")
	}
	out := map[string][]string{}
	for _, f := range res.Findings {
		out[f.Case()] = append(out[f.Case()], f.What)
	}
	return out
}

// TestACheckpointFindsEventsRemovedBeforeIt: a signed checkpoint fixes every case's head; events
// written before it and removed since — with the head moved back so that the trail itself looks
// whole — are found and named by case, while an untouched database, and one whose trails only
// grew, verifies intact.
func TestACheckpointFindsEventsRemovedBeforeIt(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		trail, pub := checkpointTrail(t, st)
		svc := newService(t, st)
		adv := addAdviser(t, st, "adv-1", "Anna de Adviseur")
		db := rawDB(t, url)
		refA, idA := realisticCase(t, st, svc, adv)
		refB, idB := realisticCase(t, st, svc, adv)
		f, err := svc.FileReport(ctx, anonymousReport("Filed and left alone."))
		if err != nil {
			t.Fatal(err)
		}
		refC := f.Summary.Reference

		if got := findingsOf(t, trail, "", nil); len(got) != 0 {
			t.Fatalf("an untouched database: %v", got)
		}
		note, cp, made, err := trail.MakeCheckpoint(ctx, false)
		if err != nil || !made || cp.Size != 3 {
			t.Fatalf("checkpoint: %+v %v %v", cp, made, err)
		}
		if got := findingsOf(t, trail, note, pub); len(got) != 0 {
			t.Fatalf("against the checkpoint, untouched: %v", got)
		}
		// Trails that grew since still verify against it.
		if _, err := svc.GetCase(ctx, intake, refC); err != nil {
			t.Fatal(err)
		}
		if got := findingsOf(t, trail, note, pub); len(got) != 0 {
			t.Fatalf("against the checkpoint, after later events: %v", got)
		}
		// An unchanged tree is not stored again by the periodic job.
		if _, _, made, err := trail.MakeCheckpoint(ctx, true); err != nil || !made {
			t.Fatalf("after a change: made %v, %v", made, err)
		}
		if _, _, made, err := trail.MakeCheckpoint(ctx, true); err != nil || made {
			t.Fatalf("without a change: made %v, %v", made, err)
		}

		// A's two latest events removed and its head moved back to what is left: the trail is
		// one unbroken line ending at its head, so only the checkpoint can tell.
		rows := trailRows(t, db, url, idA)
		for range 2 {
			for i, r := range rows {
				if len(children(rows, r)) == 0 {
					execSQL(t, db, url, `DELETE FROM audit_events WHERE id = ?`, r.id)
					rows = append(rows[:i], rows[i+1:]...)
					break
				}
			}
		}
		for _, r := range rows {
			if len(children(rows, r)) == 0 {
				execSQL(t, db, url, `UPDATE audit_heads SET mac = ? WHERE id = ?`, r.mac, idA.String())
			}
		}
		if res, err := trail.Verify(ctx, auditor, refA); err != nil || !res.Intact() {
			t.Fatalf("A on its own (what a chain cannot show): %+v %v", res, err)
		}
		// B's whole trail and head removed.
		execSQL(t, db, url, `DELETE FROM audit_events WHERE case_id = ?`, idB.String())
		execSQL(t, db, url, `DELETE FROM audit_heads WHERE id = ?`, idB.String())

		got := findingsOf(t, trail, note, pub)
		if w := got[refA]; len(w) != 1 || !strings.Contains(w[0], "removed") || !strings.Contains(w[0], "before the checkpoint") {
			t.Errorf("A: %q, want its removed events named", w)
		}
		if w := strings.Join(got[refB], "; "); !strings.Contains(w, "head missing") || !strings.Contains(w, "none is left") {
			t.Errorf("B: %q, want its head missing and its events gone", w)
		}
		if len(got) != 2 {
			t.Errorf("findings: %v, want A and B only", got)
		}
		if got := findingsOf(t, trail, "", nil); len(got[refA]) != 0 || len(got[refB]) == 0 {
			t.Errorf("without a checkpoint: %v, want B (head missing) only", got)
		}

		// A note checked with another key, or changed, is refused, saying why.
		other := audit.CheckpointKey(keyedString("other")).Public().(ed25519.PublicKey)
		_, err = trail.VerifyAll(ctx, auditor, note, other, nil)
		if kindOf(err) != apperr.KindInvalid || !strings.Contains(err.Error(), "signed by another key") {
			t.Errorf("another key: %v", err)
		}
		lines := strings.Split(note, "\n")
		changed := strings.Replace(note, "\n"+lines[1]+"\n", "\n4\n", 1)
		_, err = trail.VerifyAll(ctx, auditor, changed, pub, nil)
		if kindOf(err) != apperr.KindInvalid || !strings.Contains(err.Error(), "changed after signing") {
			t.Errorf("a changed note: %v", err)
		}
		// The auditor's download and verifications are in the trail (as events without a case).
		if got, _, err := trail.LatestCheckpoint(ctx, auditor); err != nil || got == "" {
			t.Fatalf("download: %v", err)
		}
		for _, action := range []string{audittrail.ActionDownloadCheckpoint, audittrail.ActionVerifyAll} {
			var n int
			if err := db.QueryRow(q(url, `SELECT count(*) FROM audit_events WHERE action = ? AND actor_id = ? AND case_id IS NULL`), action, "aud").Scan(&n); err != nil || n == 0 {
				t.Errorf("%s events by the auditor: %d %v", action, n, err)
			}
		}
		// The stored checkpoint removed: said so.
		execSQL(t, db, url, `DELETE FROM audit_checkpoints`)
		if got := findingsOf(t, trail, note, pub); !strings.Contains(strings.Join(got["checkpoint"], ""), "no longer in the database") {
			t.Errorf("the checkpoint removed: %v", got)
		}
		// Only the auditor.
		_, err = trail.VerifyAll(ctx, audittrail.Actor{Subject: "alice"}, "", nil, nil)
		wantKind(t, "a non-auditor verifies all", err, apperr.KindForbidden)
		_, _, err = trail.LatestCheckpoint(ctx, audittrail.Actor{Subject: "alice"})
		wantKind(t, "a non-auditor downloads", err, apperr.KindForbidden)
	})
}

type keyedString string

func (k keyedString) MAC(purpose string, data []byte) []byte {
	return audit.MerkleRoot([][]byte{[]byte(k), []byte(purpose), data})
}

// TestVerifyingEveryTrailWhileTheyGrow: checkpoints made and every trail verified while staff
// keep reading cases find nothing: each case's head and trail are read in one snapshot.
func TestVerifyingEveryTrailWhileTheyGrow(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		trail, pub := checkpointTrail(t, st)
		svc := newService(t, st)
		var refs []string
		for range 20 {
			f, err := svc.FileReport(ctx, anonymousReport("Read while the auditor verifies."))
			if err != nil {
				t.Fatal(err)
			}
			refs = append(refs, f.Summary.Reference)
		}
		stop := make(chan struct{})
		done := make(chan error, 1)
		go func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					done <- nil
					return
				default:
				}
				if _, err := svc.GetCase(ctx, intake, refs[i%len(refs)]); err != nil {
					done <- err
					return
				}
			}
		}()
		for range 3 {
			note, _, _, err := trail.MakeCheckpoint(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			res, err := trail.VerifyAll(ctx, auditor, note, pub, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Intact() || res.Cases != len(refs) {
				t.Fatalf("while the trails grow: %d cases, findings %+v", res.Cases, res.Findings)
			}
		}
		close(stop)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}

// TestTheOrganisationTrailStartsCleanAndIsAnchored: the organisation trail has no filing to start
// it, so its first event — the auditor verifying it, or a refusal on a reference no case has — must
// not read as a trail whose head was removed; and once a checkpoint holds it, removing it whole is
// found like any case's.
func TestTheOrganisationTrailStartsCleanAndIsAnchored(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		trail, pub := checkpointTrail(t, st)
		db := rawDB(t, url)
		org := audit.OrgTrailReference
		if v, err := trail.Verify(ctx, auditor, org); err != nil || !v.Intact() {
			t.Fatalf("a fresh organisation trail: %+v %v", v, err)
		}
		r := &audit.Refusal{Subject: "mallory", Ref: "MP-ZZZZZZZZ", Reason: audit.RefusedUnknownCase}
		if ok, err := st.RecordRefusal(ctx, "MP-ZZZZZZZZ", audit.RefusedEvent(time.Now(), r, "CaseService/GetCase", "api", "req")); err != nil || !ok {
			t.Fatalf("refusal: %v %v", ok, err)
		}
		if v, err := trail.Verify(ctx, auditor, org); err != nil || !v.Intact() {
			t.Fatalf("after a refusal: %+v %v", v, err)
		}
		if got := findingsOf(t, trail, "", nil); len(got) != 0 {
			t.Fatalf("verify --all: %v", got)
		}
		note, _, made, err := trail.MakeCheckpoint(ctx, false)
		if err != nil || !made {
			t.Fatalf("checkpoint: %v %v", made, err)
		}
		execSQL(t, db, url, `DELETE FROM audit_events WHERE case_id = ?`, audit.OrgTrailID.String())
		execSQL(t, db, url, `DELETE FROM audit_heads WHERE id = ?`, audit.OrgTrailID.String())
		if got := findingsOf(t, trail, note, pub); len(got[org]) == 0 {
			t.Errorf("the organisation trail removed whole: findings %v, want %s named", got, org)
		}
	})
}
