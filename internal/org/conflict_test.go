package org_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/utrecht/meldpunt/internal/org"
)

// chart is a tree of four levels: TOP › A › A1 › A1X › DEEP, and TOP › B › B1, with B and A1X
// without a manager who signs in.
func chart() org.Chart {
	return org.NewChart([]org.ChartUnit{
		{Code: "TOP", ManagerSubject: "m-top"},
		{Code: "A", ParentCode: "TOP", ManagerSubject: "m-a"},
		{Code: "A1", ParentCode: "A", ManagerSubject: "m-a1"},
		{Code: "A1X", ParentCode: "A1"},
		{Code: "DEEP", ParentCode: "A1X", ManagerSubject: "m-deep"},
		{Code: "B", ParentCode: "TOP"},
		{Code: "B1", ParentCode: "B", ManagerSubject: "m-b1"},
		{Code: "LOOP1", ParentCode: "LOOP2", ManagerSubject: "m-l1"},
		{Code: "LOOP2", ParentCode: "LOOP1", ManagerSubject: "m-l2"},
		{Code: "ORPHAN", ParentCode: "GONE", ManagerSubject: "m-o"},
	})
}

func TestConflictedAboutNamesTheEmployeeAndEveryManagerAbove(t *testing.T) {
	c := chart()
	for _, tc := range []struct {
		subject, unit string
		want          []string
	}{
		{"e-deep", "DEEP", []string{"e-deep", "m-deep", "m-a1", "m-a", "m-top"}},
		{"m-deep", "DEEP", []string{"m-deep", "m-a1", "m-a", "m-top"}}, // manages their own unit
		{"", "A1X", []string{"m-a1", "m-a", "m-top"}},                  // no sign-in; unit without manager
		{"e-b1", "B1", []string{"e-b1", "m-b1", "m-top"}},
		{"e-none", "", []string{"e-none"}},
		{"e-l", "LOOP1", []string{"e-l", "m-l1", "m-l2"}},
		{"e-o", "ORPHAN", []string{"e-o", "m-o"}},
	} {
		if got := c.ConflictedAbout(tc.subject, tc.unit); !slices.Equal(got, tc.want) {
			t.Errorf("conflicted about %q in %q: %v, want %v", tc.subject, tc.unit, got, tc.want)
		}
	}
}

func TestUnitsConflictedForIsTheSameRuleReadDownwards(t *testing.T) {
	c := chart()
	for _, tc := range []struct {
		subject string
		want    []string
	}{
		{"m-top", []string{"A", "A1", "A1X", "B", "B1", "DEEP", "TOP"}},
		{"m-a1", []string{"A1", "A1X", "DEEP"}},
		{"m-deep", []string{"DEEP"}},
		{"m-l2", []string{"LOOP1", "LOOP2"}},
		{"e-b1", nil},
		{"", nil},
	} {
		if got := c.UnitsConflictedFor(tc.subject); !slices.Equal(got, tc.want) {
			t.Errorf("units conflicted for %q: %v, want %v", tc.subject, got, tc.want)
		}
	}
	// Read downwards and upwards, the rule agrees for every manager and every unit.
	units := []string{"TOP", "A", "A1", "A1X", "DEEP", "B", "B1", "LOOP1", "LOOP2", "ORPHAN", "NOWHERE"}
	for _, m := range []string{"m-top", "m-a", "m-a1", "m-deep", "m-b1", "m-l1", "m-l2", "m-o", "x"} {
		down := c.UnitsConflictedFor(m)
		for _, u := range units {
			if up := slices.Contains(c.ConflictedAbout("someone", u), m); up != slices.Contains(down, u) {
				t.Errorf("%s about a member of %s: upwards %v, downwards %v", m, u, up, !up)
			}
		}
	}
}

// TestNoDepthOrWidthIsTooLarge: a chain of 20,000 units is walked to its top both ways (an
// earlier walk downwards stopped at 10,000 units and listed cases that a read refused).
func TestNoDepthOrWidthIsTooLarge(t *testing.T) {
	var units []org.ChartUnit
	parent := ""
	for i := range 20000 {
		code := fmt.Sprintf("U%05d", i)
		u := org.ChartUnit{Code: code, ParentCode: parent}
		if i == 0 {
			u.ManagerSubject = "m-top"
		}
		units = append(units, u)
		parent = code
	}
	c := org.NewChart(units)
	if got := c.ConflictedAbout("", "U19999"); !slices.Equal(got, []string{"m-top"}) {
		t.Fatalf("the bottom of a 20,000-deep chain: %v, want the manager at the top", got)
	}
	if got := c.UnitsConflictedFor("m-top"); len(got) != 20000 {
		t.Fatalf("the top manager is conflicted about %d units, want 20,000", len(got))
	}
}

// TestBothReadingsAgreeOnRandomTrees compares the downward reading with the definition, upwards,
// on random organisations with missing parents, loops and managers of several units.
func TestBothReadingsAgreeOnRandomTrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for round := range 300 {
		n := 1 + rng.IntN(40)
		var units []org.ChartUnit
		for i := range n {
			u := org.ChartUnit{Code: fmt.Sprint("U", i)}
			switch r := rng.IntN(10); {
			case r < 7 && i > 0:
				u.ParentCode = fmt.Sprint("U", rng.IntN(i)) // a tree
			case r < 8:
				u.ParentCode = fmt.Sprint("U", rng.IntN(n)) // anything, loops included
			case r < 9:
				u.ParentCode = "GONE"
			}
			if rng.IntN(3) > 0 {
				u.ManagerSubject = fmt.Sprint("m", rng.IntN(6))
			}
			units = append(units, u)
		}
		c := org.NewChart(units)
		for m := range 6 {
			subject := fmt.Sprint("m", m)
			var want []string
			for _, u := range units {
				if slices.Contains(c.ManagersAbove(u.Code), subject) {
					want = append(want, u.Code)
				}
			}
			slices.Sort(want)
			if got := c.UnitsConflictedFor(subject); !slices.Equal(got, want) {
				t.Fatalf("round %d, %s: downwards %v, upwards %v (units %+v)", round, subject, got, want, units)
			}
		}
	}
}
