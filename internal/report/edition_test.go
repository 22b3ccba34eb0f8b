package report

import (
	"encoding/json"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/report/disclosure"
	"github.com/utrecht/meldpunt/internal/taxonomy"
)

// nextEdition is raw a few days later: k new reports, each with a channel, a category, an
// anonymity choice and a unit (and a ground when it is about discrimination), acknowledged in
// time.
func nextEdition(rng *rand.Rand, raw Raw, years []YearRaw, k int) (Raw, []YearRaw) {
	n := raw
	cp := func(m map[string]int) map[string]int { return maps.Clone(m) }
	n.ReportsByChannel, n.ReportsByCategory, n.ReportsByAnonymity = cp(raw.ReportsByChannel), cp(raw.ReportsByCategory), cp(raw.ReportsByAnonymity)
	n.ReportsByUnit, n.GroundMentions = cp(raw.ReportsByUnit), cp(raw.GroundMentions)
	n.Durations, n.Deadlines = maps.Clone(raw.Durations), maps.Clone(raw.Deadlines)
	pick := func(m map[string]int) string {
		keys := make([]string, 0, len(m))
		for key := range m {
			keys = append(keys, key)
		}
		sortStrings(keys)
		return keys[rng.IntN(len(keys))]
	}
	grounds := taxonomy.Grounds()
	for range k {
		n.Reports++
		n.ReportsByChannel[pick(n.ReportsByChannel)]++
		cat := pick(n.ReportsByCategory)
		n.ReportsByCategory[cat]++
		if cat == "DISCRIMINATION" {
			n.GroundMentions[grounds[rng.IntN(len(grounds))].Code]++
		}
		n.ReportsByAnonymity[pick(n.ReportsByAnonymity)]++
		n.ReportsByUnit[pick(n.ReportsByUnit)]++
		d := n.Durations["acknowledgement"]
		d.N++
		n.Durations["acknowledgement"] = d
		c := n.Deadlines["acknowledgement"]
		c.Due++
		c.Met++
		n.Deadlines["acknowledgement"] = c
	}
	ys := append([]YearRaw(nil), years...)
	ys[len(ys)-1].Reports = n.Reports
	return n, ys
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// attackPair is the attacker with two published reports: the earlier one's counts under key,
// the relations each publishes, and what a reader knows of the two together — the counts of a
// year only grow between editions of that year (editionRelations), and a year's figure in the
// comparison is the same in both. It returns the leaks of both.
func attackPair(t testing.TB, key string, a, b []byte, truthA, truthB map[string]int, sameYear bool) []disclosure.Leak {
	t.Helper()
	pa, err := readPublished(a)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := readPublished(b)
	if err != nil {
		t.Fatal(err)
	}
	type cell struct {
		c   disclosure.Cell
		sup bool
	}
	var all []cell
	add := func(pub published, prefix string, truth map[string]int) {
		for _, id := range pub.order {
			v := pub.counts[id]
			c := cell{c: disclosure.Cell{ID: prefix + id}}
			if v != nil {
				c.c.Value = *v
			} else {
				tv, ok := truth[id]
				if !ok { // a year's figure copied, suppressed, from the earlier report
					tv = truthA[id]
				}
				c.c.Value, c.sup = tv, true
			}
			if id == "zero_tolerance.not_sanctioned" {
				if pub.flagged {
					c.c.AtLeast = 1
				} else {
					c.c.Kind, c.sup = disclosure.Public, false
				}
			}
			all = append(all, c)
		}
	}
	add(pa, key+".", truthA)
	add(pb, "", truthB)
	rels := append(prefixed(key, pa.relations), pb.relations...)
	var ra, rb Report
	if err := json.Unmarshal(a, &ra); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rb); err != nil {
		t.Fatal(err)
	}
	if sameYear {
		rels = append(rels, editionRelations(key, &ra, &rb)...)
	}
	// A year's figure in the comparison is the same figure in both reports.
	for _, y := range ra.Years {
		if y.Year >= rb.Year {
			continue
		}
		for _, f := range []string{"reports", "conversations", "investigations", "sanctions"} {
			id := "years." + strconv.Itoa(y.Year) + "." + f
			if _, ok := pb.counts[id]; ok {
				rels = append(rels, eq("the same year's figure", one(key+"."+id), one(id)))
			}
		}
	}
	// Counts that are equal one to one are one unknown (as the disclosure control has them):
	// the same programme, smaller, so that the exact search stays within its budget.
	parent := map[string]string{}
	var find func(string) string
	find = func(id string) string {
		if q, ok := parent[id]; ok && q != id {
			r := find(q)
			parent[id] = r
			return r
		}
		return id
	}
	// Named as the disclosure control names them: by the first place the later report shows
	// them (the search visits the unknowns in the order of their names).
	rank := map[string]int{}
	cells(&rb, func(id string, _ **int) {
		if _, ok := rank[id]; !ok {
			rank[id] = len(rank) + 1
		}
	})
	first := func(x, y string) bool {
		rx, ry := rank[x], rank[y]
		if rx == 0 {
			rx = len(rank) + 1
		}
		if ry == 0 {
			ry = len(rank) + 1
		}
		return rx < ry || rx == ry && x < y
	}
	for _, rel := range rels {
		if rel.Kind == RelEqual && len(rel.Left) == 1 && len(rel.Right) == 1 {
			x, y := find(rel.Left[0]), find(rel.Right[0])
			if x != y && first(x, y) {
				parent[y] = x
			} else if x != y {
				parent[x] = y
			}
		}
	}
	merged := map[string]*cell{}
	var order []string
	members := map[string][]cell{}
	for _, c := range all {
		members[find(c.c.ID)] = append(members[find(c.c.ID)], c)
	}
	// A count suppressed in one report and published (or public) in the other is given away.
	var revealed []disclosure.Leak
	for _, ms := range members {
		known := false
		for _, m := range ms {
			known = known || !m.sup
		}
		for _, m := range ms {
			if m.sup && known {
				revealed = append(revealed, disclosure.Leak{ID: m.c.ID, Value: m.c.Value, Reason: disclosure.ReasonExact,
					Interval: disclosure.Interval{Min: m.c.Value, Max: m.c.Value, Exact: true}})
			}
		}
	}
	for _, c := range all {
		r := find(c.c.ID)
		m, ok := merged[r]
		if !ok {
			cp := c
			cp.c.ID = r
			merged[r] = &cp
			order = append(order, r)
			continue
		}
		if !c.sup {
			m.sup = false
		}
		if c.c.Kind == disclosure.Public {
			m.c.Kind = disclosure.Public
		}
		m.c.AtLeast = max(m.c.AtLeast, c.c.AtLeast)
	}
	p := disclosure.Problem{Threshold: pb.threshold, StrictAttacker: true}
	res := disclosure.Result{Suppressed: map[string]bool{}}
	for _, id := range order {
		m := merged[id]
		p.Add(m.c)
		res.Suppressed[id] = m.sup
	}
	for k, rel := range rels {
		aux := "attacker." + strconv.Itoa(k)
		left, right := make([]string, len(rel.Left)), make([]string, len(rel.Right))
		for i, id := range rel.Left {
			left[i] = find(id)
		}
		for i, id := range rel.Right {
			right[i] = find(id)
		}
		for i := 0; i < len(left); i++ {
			if j := slices.Index(right, left[i]); j >= 0 {
				right = slices.Delete(right, j, j+1)
				left = slices.Delete(left, i, i+1)
				i--
			}
		}
		l, okL := p.SumOf(left)
		r, okR := p.SumOf(right)
		if !okL || !okR {
			continue
		}
		switch {
		case rel.Kind == RelEqual && len(left) > 0 && len(right) > 0:
			p.Equal(aux, left, right)
		case rel.Kind == RelLessEq && strings.HasPrefix(rel.Difference, "delta.") && r == l:
			p.LessEq(rel.Difference, disclosure.Auxiliary, left, right)
		case rel.Kind == RelLessEq && rel.Difference != "":
			p.LessEq(rel.Difference, disclosure.Hidden, left, right)
		case rel.Kind == RelLessEq && len(left) > 0:
			p.LessEq(aux, disclosure.Auxiliary, left, right)
		}
	}
	return append(revealed, disclosure.Audit(p, res)...)
}

// undecided counts the leaks that the attacker's search could not settle within its budget.
var undecided int

// count tallies leaks.
func count(t testing.TB, leaks []disclosure.Leak) (pinned, narrowed int) {
	for _, l := range leaks {
		if !l.Interval.Exact {
			// The search ran out of budget: the interval is the range of the solutions found,
			// perhaps narrower than the truth. Counted apart (see undecided).
			undecided++
			continue
		}
		switch l.Reason {
		case disclosure.ReasonExact:
			pinned++
		case disclosure.ReasonNarrow:
			narrowed++
		default:
			t.Errorf("%v", l)
		}
	}
	return
}

// attackEditionPairs builds n organisations' edition of the year, and a second one 1 to 4 new
// reports later (exactly one for every other organisation), and attacks each pair. With known
// set, the second edition is protected knowing the first; otherwise on its own.
func attackEditionPairs(t testing.TB, seed uint64, n int, known bool) (pinned, narrowed int) {
	rng := rand.New(rand.NewPCG(seed, 182))
	for i := range n {
		raw, years := genOrg(rng, orgSize(rng), 2026)
		a, truthA := BuildEdition(raw, years, 5, "Gemeente", now, Known{})
		k := 1
		if i%2 == 1 {
			k = 1 + rng.IntN(4)
		}
		raw2, years2 := nextEdition(rng, raw, years, k)
		kn := Known{}
		if known {
			kn.Earlier = []Edition{{Key: "ed1", Published: a, Truth: truthA}}
		}
		b, truthB := BuildEdition(raw2, years2, 5, "Gemeente", now, kn)
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		leaks := attackPair(t, "ed1", ja, jb, truthA, truthB, true)
		if known && len(leaks) > 0 && testing.Verbose() {
			t.Logf("k=%d: %v", k, leaks)
		}
		p, nw := count(t, leaks)
		pinned += p
		narrowed += nw
	}
	return
}

// Two editions of one year a few new reports apart (one, for every other pair): an attacker
// with both recovers no count exactly and narrows none below the threshold — in particular not
// the category or anonymity choice of the new report. Protected without the first edition
// known, the second gives them away.
func TestAttackerOnConsecutiveEditionsRecoversNothing(t *testing.T) {
	undecided = 0
	p0, n0 := attackEditionPairs(t, 1, 40, false)
	if p0+n0 == 0 {
		t.Errorf("without the earlier edition known, expected leaks, got none")
	}
	u0 := undecided
	undecided = 0
	p1, n1 := attackEditionPairs(t, 1, 40, true)
	t.Logf("second edition protected on its own: %d pinned, %d narrowed (%d undecided); knowing the first: %d pinned, %d narrowed (%d undecided)",
		p0, n0, u0, p1, n1, undecided)
	if p1+n1+undecided > 0 {
		t.Errorf("with the earlier edition known: %d pinned, %d narrowed, %d undecided", p1, n1, undecided)
	}
}

// attackYearPairs builds n organisations' final edition of one year and the next year's report,
// whose comparison shows the first year, and attacks each pair.
func attackYearPairs(t testing.TB, seed uint64, n int, finals bool) (pinned, narrowed int) {
	rng := rand.New(rand.NewPCG(seed, 183))
	for range n {
		size := orgSize(rng)
		raw1, years1 := genOrg(rng, size, 2025)
		a, truthA := BuildEdition(raw1, years1, 5, "Gemeente", now, Known{})
		raw2, years2 := genOrg(rng, size, 2026)
		// The next year's comparison: the same earlier years, and last year as it now is.
		years2 = append(append([]YearRaw(nil), years1[1:]...), years2[len(years2)-1])
		kn := Known{}
		if finals {
			kn.Finals = map[int]Report{2025: a}
		}
		b, truthB := BuildEdition(raw2, years2, 5, "Gemeente", now, kn)
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		p, nw := count(t, attackPair(t, "y2025", ja, jb, truthA, truthB, false))
		pinned += p
		narrowed += nw
	}
	return
}

// Last year's final report and this year's: the comparison repeats last year's figures as
// published then (a suppressed one stays suppressed), so the pair gives nothing away.
// Recomputed from the data, it printed what last year's report had suppressed.
func TestAttackerOnConsecutiveYearsRecoversNothing(t *testing.T) {
	p, n := attackYearPairs(t, 1, 200, false)
	if p+n == 0 {
		t.Errorf("with the comparison recomputed, expected leaks, got none")
	}
	t.Logf("comparison recomputed: %d pinned, %d narrowed", p, n)
	undecided = 0
	if p, n := attackYearPairs(t, 1, 200, true); p+n+undecided > 0 {
		t.Errorf("with the comparison from the final edition: %d pinned, %d narrowed, %d undecided", p, n, undecided)
	}
}

// The comparison prints an earlier year only as its final edition published it: a count
// suppressed there stays suppressed (and small stays marked small), whatever the data say now.
func TestComparisonRepeatsTheFinalEdition(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 18))
	raw1, years1 := genOrg(rng, 40, 2025)
	years1[len(years1)-1].Sanctions = 2 // small: suppressed in 2025's report
	raw1.Decisions = 2
	raw1.SanctionsByType = map[string]int{"WARNING": 2}
	raw1.Lighter, raw1.Heavier = 0, 0
	final, _ := BuildEdition(raw1, years1, 5, "Gemeente", now, Known{})
	var row YearTotals
	for _, y := range final.Years {
		if y.Year == 2025 {
			row = y
		}
	}
	if row.Sanctions != nil {
		t.Fatalf("2025's report published its sanctions: %d", *row.Sanctions)
	}
	raw2, years2 := genOrg(rng, 40, 2026)
	// The data now say 2025 had 7 sanction decisions (a late correction): not printed.
	years2[len(years2)-2] = YearRaw{Year: 2025, Reports: 99, Conversations: 99, Investigations: 7, Sanctions: 7}
	r, _ := BuildEdition(raw2, years2, 5, "Gemeente", now, Known{Finals: map[int]Report{2025: final}})
	for _, y := range r.Years {
		if y.Year != 2025 {
			continue
		}
		if y.Sanctions != nil || !slices.Contains(y.Small, "sanctions") {
			t.Errorf("2025's sanctions: got %v (small %v), want suppressed and small as in 2025's report", y.Sanctions, y.Small)
		}
		if y.Reports == nil || row.Reports == nil || *y.Reports != *row.Reports {
			t.Errorf("2025's reports: got %v, want %v as published", y.Reports, row.Reports)
		}
		return
	}
	t.Fatal("2025 missing from the comparison")
}
