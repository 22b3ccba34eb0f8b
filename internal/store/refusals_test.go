package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/store"
)

// TestRefusalsAreCoalescedAndSealed: on both databases, refusals of one actor on one trail within
// a minute are one event; a minute later there is a second; other actors are their own; a
// reference no case has goes to the organisation trail with the reference (a string that is not
// a reference is not kept); and both trails verify intact.
func TestRefusalsAreCoalescedAndSealed(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		trails := sealTrail(t, st)
		svc := newService(t, st)
		f, err := svc.FileReport(ctx, anonymousReport("A case others try to open."))
		if err != nil {
			t.Fatal(err)
		}
		ref := f.Summary.Reference
		t0 := time.Now().Add(-10 * time.Minute)
		record := func(at time.Time, who, probe string, wantWritten bool) {
			t.Helper()
			r := &audit.Refusal{Subject: who, Ref: probe, Reason: audit.RefusedRole}
			ok, err := st.RecordRefusal(ctx, probe, audit.RefusedEvent(at, r, "CaseService/GetCase", "api", "req"))
			if err != nil || ok != wantWritten {
				t.Fatalf("%s at +%s on %s: written %v %v, want %v", who, at.Sub(t0), probe, ok, err, wantWritten)
			}
		}
		for i := range 100 {
			record(t0.Add(time.Duration(i)*500*time.Millisecond), "mallory", ref, i == 0)
		}
		record(t0.Add(61*time.Second), "mallory", ref, true)
		record(t0.Add(62*time.Second), "bob", ref, true)
		for i := range 100 {
			record(t0.Add(time.Duration(i)*100*time.Millisecond), "mallory", fmt.Sprintf("MP-%08d", i+1), i == 0)
		}
		record(t0.Add(20*time.Minute), "eve", "not a reference'; --", true)

		for probe, want := range map[string][][]string{
			ref:                     {{"mallory"}, {"mallory"}, {"bob"}},
			audit.OrgTrailReference: {{"mallory", "ref=MP-00000001"}, {"eve"}},
		} {
			p, err := trails.List(ctx, auditor, probe, 500, "")
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, e := range p.Events {
				if e.Action == audit.ActionRefused {
					row := []string{e.Actor.ID}
					for _, f := range e.Fields {
						if len(f) > 4 && f[:4] == "ref=" {
							row = append(row, f)
						}
					}
					got = append(got, row)
				}
			}
			if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
				t.Errorf("%s: refusals %v, want %v", probe, got, want)
			}
			v, err := trails.Verify(ctx, auditor, probe)
			if err != nil || !v.Intact() {
				t.Errorf("%s: verify %+v %v", probe, v, err)
			}
		}
	})
}
