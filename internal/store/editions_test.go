package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/report"
	"github.com/utrecht/meldpunt/internal/store"
)

// rowCounts maps a table's row codes to their published counts (suppressed ones left out).
func rowCounts(r report.Report, table string) map[string]int {
	out := map[string]int{}
	for _, s := range r.Sections {
		for _, t := range s.Tables {
			if t.ID != table {
				continue
			}
			for _, row := range t.Rows {
				if row.Count != nil {
					out[row.Code] = *row.Count
				}
			}
		}
	}
	return out
}

// HR publishes an edition, one more report comes in, HR publishes again: the editions are
// numbered and stored as published, the draft shown in between is the next edition, and the
// second edition does not show the category or anonymity choice of the one new report, on
// both databases.
func TestEditionsArePublishedFrozenAndProtectedTogether(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		c := &clock{now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		file := func(cat cases.Category, anon cases.Anonymity, i int) {
			t.Helper()
			r := anonymousReport("A report for the editions of the annual report, number " + strconv.Itoa(i) + ".")
			r.Category, r.Anonymity = cat, anon
			if cat == "DISCRIMINATION" {
				r.Grounds = []string{"RELIGION"}
			}
			if anon != cases.Anonymous {
				r.Identity = &cases.Identity{Name: "Reporter " + strconv.Itoa(i)}
			}
			if _, err := svc.FileReport(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 14 {
			file("BULLYING", cases.Anonymous, i)
		}
		for i := range 9 {
			file("DISCRIMINATION", cases.Confidential, 14+i)
		}
		for i := range 6 {
			file("INTIMIDATION", cases.Confidential, 23+i)
		}
		c.Advance(time.Hour)
		rep := report.New(st.Reports(), "Gemeente", 0, c.Now)
		hr := report.Actor{Subject: "hr-1", HR: true}
		e1, r1, err := rep.Publish(ctx, hr, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if e1.Number != 1 {
			t.Fatalf("first edition numbered %d", e1.Number)
		}
		c.Advance(72 * time.Hour)
		file("DISCRIMINATION", cases.Named, 40)
		c.Advance(time.Hour)
		draft, err := rep.Annual(ctx, hr, 2026, nil)
		if err != nil {
			t.Fatal(err)
		}
		e2, r2, err := rep.Publish(ctx, hr, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if e2.Number != 2 || e2.PublishedBy != "hr-1" {
			t.Fatalf("second edition: %+v", e2)
		}
		for _, table := range []string{"reports.category", "reports.anonymity"} {
			a, b := rowCounts(r1, table), rowCounts(r2, table)
			for code, n := range b {
				if m, ok := a[code]; ok && m != n {
					t.Errorf("%s.%s: %d in edition 1, %d in edition 2: the new report's row shows", table, code, m, n)
				}
			}
			if d := rowCounts(draft, table); len(d) != len(b) {
				t.Errorf("%s: the draft shows %v, the edition %v", table, d, b)
			}
		}
		eds, err := rep.Editions(ctx, hr, 2026)
		if err != nil || len(eds) != 2 || eds[0].Number != 1 || eds[1].Number != 2 || eds[0].Truth != nil {
			t.Fatalf("editions: %+v, %v", eds, err)
		}
		got, err := rep.Edition(ctx, hr, 2026, 1)
		if err != nil {
			t.Fatal(err)
		}
		j1, _ := json.Marshal(r1)
		jg, _ := json.Marshal(got)
		if !bytes.Equal(j1, jg) {
			t.Errorf("edition 1 read back differs from what was published")
		}
		if _, err := rep.Edition(ctx, hr, 2026, 3); err == nil {
			t.Errorf("edition 3 found")
		}
		if _, _, err := rep.Publish(ctx, report.Actor{Subject: "x"}, 2026); err == nil {
			t.Errorf("published without HR")
		}
		err = st.Reports().InsertEdition(ctx, report.StoredEdition{Year: 2026, Number: 2, PublishedAt: c.Now(), PublishedBy: "x", Report: []byte("{}")})
		if !errors.Is(err, report.ErrEditionExists) {
			t.Errorf("second edition 2: %v", err)
		}
	})
}

// TestAYearHasAtMostFiveEditions: after MaxEditionsPerYear editions of a year a further one is
// refused with the reason, nothing is stored, and the draft HR sees is the last edition as
// published — on both databases.
func TestAYearHasAtMostFiveEditions(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		c := &clock{now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		rep := report.New(st.Reports(), "Gemeente", 0, c.Now)
		hr := report.Actor{Subject: "hr-1", HR: true}
		var last report.Report
		for e := range report.MaxEditionsPerYear {
			for i := range 6 {
				if _, err := svc.FileReport(ctx, anonymousReport("Edition "+strconv.Itoa(e)+", report "+strconv.Itoa(i)+".")); err != nil {
					t.Fatal(err)
				}
			}
			c.Advance(24 * time.Hour)
			ed, r, err := rep.Publish(ctx, hr, 2026)
			if err != nil || ed.Number != e+1 {
				t.Fatalf("edition %d: %+v %v", e+1, ed.Number, err)
			}
			last = r
		}
		c.Advance(24 * time.Hour)
		_, _, err := rep.Publish(ctx, hr, 2026)
		if kindOf(err) != apperr.KindFailedPrecondition || !strings.Contains(err.Error(), "editions") {
			t.Fatalf("edition %d: %v, want a refusal that says why", report.MaxEditionsPerYear+1, err)
		}
		if eds, err := rep.Editions(ctx, hr, 2026); err != nil || len(eds) != report.MaxEditionsPerYear {
			t.Fatalf("editions after the refusal: %d, %v", len(eds), err)
		}
		draft, err := rep.Annual(ctx, hr, 2026, nil)
		if err != nil {
			t.Fatal(err)
		}
		jl, _ := json.Marshal(last)
		jd, _ := json.Marshal(draft)
		if !bytes.Equal(jl, jd) {
			t.Errorf("the draft after the last edition is not that edition")
		}
	})
}
