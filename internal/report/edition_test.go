package report

import (
	"encoding/json"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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
	var ra, rb Report
	if err := json.Unmarshal(a, &ra); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rb); err != nil {
		t.Fatal(err)
	}
	if !sameYear && ra.Year == rb.Year {
		t.Fatal("two reports of one year are editions of that year")
	}
	return attackSeq(t, []string{key, ""}, [][]byte{a, b}, []map[string]int{truthA, truthB})
}

// attackSeq is the attacker with a sequence of published reports, oldest first: editions of
// one year and of later years. The counts of each but the last are named keys[i] + "." + id.
// The attacker has every report's counts and relations, and what a reader knows of them
// together: the counts of a year only grow from one edition of that year to the next
// (editionRelations), and an earlier year's figure in the comparison is the same figure in
// every report that shows it. It returns the leaks of them all.
func attackSeq(t testing.TB, keys []string, docs [][]byte, truths []map[string]int) []disclosure.Leak {
	t.Helper()
	pubs := make([]published, len(docs))
	reps := make([]Report, len(docs))
	for i, d := range docs {
		var err error
		if pubs[i], err = readPublished(d); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(d, &reps[i]); err != nil {
			t.Fatal(err)
		}
	}
	pre := func(i int) string {
		if keys[i] == "" {
			return ""
		}
		return keys[i] + "."
	}
	type cell struct {
		c   disclosure.Cell
		sup bool
	}
	var all []cell
	var rels []Relation
	for i, pub := range pubs {
		for _, id := range pub.order {
			v := pub.counts[id]
			c := cell{c: disclosure.Cell{ID: pre(i) + id}}
			if v != nil {
				c.c.Value = *v
			} else {
				tv, ok := truths[i][id]
				for j := i - 1; !ok && j >= 0; j-- { // a year's figure copied, suppressed, from an earlier report
					tv, ok = truths[j][id]
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
		if keys[i] == "" {
			rels = append(rels, pub.relations...)
		} else {
			rels = append(rels, prefixed(keys[i], pub.relations)...)
		}
	}
	for i := range reps {
		for j := i + 1; j < len(reps); j++ {
			// Editions of one year: the counts only grow; what came in between any two of them
			// is a count of its own.
			switch {
			case reps[i].Year != reps[j].Year:
			case keys[j] == "":
				rels = append(rels, editionRelations(keys[i], &reps[i], &reps[j], nil)...)
			default:
				rels = append(rels, betweenEditions(keys[i], &reps[i], keys[j], &reps[j], nil)...)
			}
			// An earlier year's figure in the comparison is the same figure in both reports.
			for _, y := range reps[i].Years {
				// (This year's row of an edition is the year's figure only in its last edition.)
				if y.Year >= reps[j].Year || y.Year == reps[i].Year && reps[i+1].Year == reps[i].Year {
					continue
				}
				for _, f := range []string{"reports", "conversations", "investigations", "sanctions"} {
					id := "years." + strconv.Itoa(y.Year) + "." + f
					if _, ok := pubs[j].counts[id]; ok {
						rels = append(rels, eq("the same year's figure", one(pre(i)+id), one(pre(j)+id)))
					}
				}
			}
		}
	}
	rb, pb := reps[len(reps)-1], pubs[len(pubs)-1]
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

// editionSeries is one organisation's published reports, oldest first: 3 or 4 editions of one
// year, each 1 to 4 new reports after the one before (one, for every other organisation), then
// two editions of the next year one new report apart, whose comparison repeats the first
// year's last edition. Each is protected as the store protects it: knowing the earlier
// editions of its year and the final editions of earlier years.
func editionSeries(rng *rand.Rand, i int) (keys []string, docs [][]byte, truths []map[string]int) {
	size := orgSize(rng)
	raw, years := genOrg(rng, size, 2025)
	add := func(key string, r Report, truth map[string]int) {
		data, err := json.Marshal(r)
		if err != nil {
			panic(err)
		}
		keys, docs, truths = append(keys, key), append(docs, data), append(truths, truth)
	}
	var earlier []Edition
	n := 3 + rng.IntN(2)
	for e := range n {
		if e > 0 {
			k := 1
			if i%2 == 1 {
				k = 1 + rng.IntN(4)
			}
			raw, years = nextEdition(rng, raw, years, k)
		}
		r, truth := BuildEdition(raw, years, 5, "Gemeente", now, Known{Earlier: slices.Clone(earlier)})
		key := "y2025." + EditionKey(e+1)
		earlier = append(earlier, Edition{Key: key, Published: r, Truth: truth})
		add(key, r, truth)
	}
	finals := map[int]Report{2025: earlier[len(earlier)-1].Published}
	raw2, years2 := genOrg(rng, size, 2026)
	years2 = append(append([]YearRaw(nil), years[1:]...), years2[len(years2)-1])
	first, truth := BuildEdition(raw2, years2, 5, "Gemeente", now, Known{Finals: finals})
	add("y2026.ed1", first, truth)
	raw2, years2 = nextEdition(rng, raw2, years2, 1)
	second, truth := BuildEdition(raw2, years2, 5, "Gemeente", now, Known{Finals: finals,
		Earlier: []Edition{{Key: "y2026.ed1", Published: first, Truth: truths[len(truths)-1]}}})
	add("", second, truth)
	return keys, docs, truths
}

// attackSeries attacks n organisations' series of editions (editionSeries) all at once.
func attackSeries(t testing.TB, seed uint64, n int) (pinned, narrowed, reports int) {
	rng := rand.New(rand.NewPCG(seed, 184))
	for i := range n {
		keys, docs, truths := editionSeries(rng, i)
		leaks := attackSeq(t, keys, docs, truths)
		if len(leaks) > 0 && testing.Verbose() {
			t.Logf("organisation %d: %v", i, leaks)
		}
		p, nw := count(t, leaks)
		pinned += p
		narrowed += nw
		reports += len(docs)
	}
	return
}

// Three or four editions of one year, each a few new reports after the one before, and two
// editions of the next year: an attacker with all of them at once recovers no count exactly,
// narrows none below the threshold, and leaves nothing undecided.
func TestAttackerOnSeriesOfEditionsRecoversNothing(t *testing.T) {
	n := 12 // scripts/report-attack runs more
	if testing.Short() {
		n = 4
	}
	if env, _ := strconv.Atoi(os.Getenv("MELDPUNT_ATTACK_SERIES")); env > 0 {
		n = env
	}
	undecided = 0
	p, nw, reports := attackSeries(t, 1, n)
	t.Logf("%d organisations, %d published reports: %d pinned, %d narrowed, %d undecided", n, reports, p, nw, undecided)
	if p+nw+undecided > 0 {
		t.Errorf("%d pinned, %d narrowed, %d undecided", p, nw, undecided)
	}
}

// A handling time moves with every case: two editions of a year one case apart would say, by
// how the median or the 90th percentile moved, how long the new case took. So it is given only
// once the year is over (every edition then computes it over the same cases), then repeated as
// it was, and left out should a late correction have changed it.
func TestHandlingTimesOnlyOnceTheYearIsOver(t *testing.T) {
	raw, years := sampleRaw(), sampleYears()
	values := func(r Report) map[string]string {
		out := map[string]string{}
		for _, s := range r.Sections {
			for _, f := range s.Figures {
				if f.UnitNL != "dagen" || f.N == nil || *f.N < MinDurationN {
					continue
				}
				v := "-"
				if f.Value != nil {
					v = strconv.FormatFloat(*f.Value, 'f', 0, 64) + "/" + strconv.FormatFloat(*f.P90, 'f', 0, 64)
				}
				out[f.ID] = v + " " + f.HeldBackNL
			}
		}
		return out
	}
	// During the year: two editions one case apart give N, never the handling times.
	june := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	first, truth := BuildEdition(raw, years, 5, "Gemeente", june, Known{})
	rng := rand.New(rand.NewPCG(1, 1))
	raw2, years2 := nextEdition(rng, raw, years, 1)
	d := raw2.Durations["acknowledgement"]
	d.Median, d.P90 = d.Median+3, d.P90+20 // the new case took long
	raw2.Durations["acknowledgement"] = d
	second, _ := BuildEdition(raw2, years2, 5, "Gemeente", june.AddDate(0, 0, 3),
		Known{Earlier: []Edition{{Key: "ed1", Published: first, Truth: truth}}})
	for _, r := range []Report{first, second} {
		vs := values(r)
		if len(vs) < 2 {
			t.Fatalf("handling-time figures with N ≥ %d: %v", MinDurationN, vs)
		}
		for id, v := range vs {
			if v != "- "+HeldBackYearOpen {
				t.Errorf("during the year, %s: %q, want held back until the year is over", id, v)
			}
		}
	}
	// After the year: given, and repeated as they were.
	jan := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	closed1, truth1 := BuildEdition(raw2, years2, 5, "Gemeente", jan, Known{})
	for id, v := range values(closed1) {
		if strings.HasPrefix(v, "-") {
			t.Errorf("after the year, %s: %q, want given", id, v)
		}
	}
	known := Known{Earlier: []Edition{{Key: "ed1", Published: closed1, Truth: truth1}}}
	again, _ := BuildEdition(raw2, years2, 5, "Gemeente", jan.AddDate(0, 0, 7), known)
	if a, b := values(closed1), values(again); !maps.Equal(a, b) {
		t.Errorf("the same year again: %v, want %v", b, a)
	}
	// A late correction moved one: not given again.
	raw3 := raw2
	raw3.Durations = maps.Clone(raw2.Durations)
	d = raw3.Durations["closure"]
	d.Median++
	raw3.Durations["closure"] = d
	corrected, _ := BuildEdition(raw3, years2, 5, "Gemeente", jan.AddDate(0, 0, 14), known)
	got := values(corrected)
	if got["duration.closure"] != "- "+HeldBackChanged {
		t.Errorf("after a correction, closure: %q, want held back as changed", got["duration.closure"])
	}
	if got["duration.weighing"] != values(closed1)["duration.weighing"] {
		t.Errorf("after a correction elsewhere, weighing: %q, want as before", got["duration.weighing"])
	}
}
