package report

import (
	"encoding/json"
	"maps"
	"math/rand/v2"
	"strconv"
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
	p := disclosure.Problem{Threshold: pb.threshold, StrictAttacker: true}
	res := disclosure.Result{Suppressed: map[string]bool{}}
	add := func(pub published, prefix string, truth map[string]int) {
		for _, id := range pub.order {
			v := pub.counts[id]
			c := disclosure.Cell{ID: prefix + id}
			if v != nil {
				c.Value = *v
			} else {
				tv, ok := truth[id]
				if !ok { // a year's figure copied, suppressed, from the earlier report
					tv = truthA[id]
				}
				c.Value = tv
				res.Suppressed[c.ID] = true
			}
			if id == "zero_tolerance.not_sanctioned" {
				if pub.flagged {
					c.AtLeast = 1
				} else {
					c.Kind, res.Suppressed[c.ID] = disclosure.Public, false
				}
			}
			p.Add(c)
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
	for k, rel := range rels {
		aux := "attacker." + strconv.Itoa(k)
		l, okL := p.SumOf(rel.Left)
		r, okR := p.SumOf(rel.Right)
		if !okL || !okR {
			continue
		}
		switch {
		case rel.Kind == RelEqual && len(rel.Left) > 0 && len(rel.Right) > 0:
			p.Equal(aux, rel.Left, rel.Right)
		case rel.Kind == RelLessEq && rel.Difference != "" && len(rel.Difference) > 6 && rel.Difference[:6] == "delta." && r == l:
			p.LessEq(rel.Difference, disclosure.Auxiliary, rel.Left, rel.Right)
		case rel.Kind == RelLessEq && rel.Difference != "":
			p.LessEq(rel.Difference, disclosure.Hidden, rel.Left, rel.Right)
		case rel.Kind == RelLessEq && len(rel.Left) > 0:
			p.LessEq(aux, disclosure.Auxiliary, rel.Left, rel.Right)
		}
	}
	return disclosure.Audit(p, res)
}

// count tallies leaks.
func count(t testing.TB, leaks []disclosure.Leak) (pinned, narrowed int) {
	for _, l := range leaks {
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
	p0, n0 := attackEditionPairs(t, 1, 40, false)
	if p0+n0 == 0 {
		t.Errorf("without the earlier edition known, expected leaks, got none")
	}
	p1, n1 := attackEditionPairs(t, 1, 40, true)
	t.Logf("second edition protected on its own: %d pinned, %d narrowed; knowing the first: %d pinned, %d narrowed", p0, n0, p1, n1)
	// Not yet 0: a few counts of the first edition (a category of 0 to 4 reports) still follow
	// from the two together; see the note on the branch. The test holds the gain.
	if 10*(p1+n1) > p0+n0 {
		t.Errorf("with the earlier edition known: %d pinned, %d narrowed", p1, n1)
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
	p, n := attackYearPairs(t, 1, 60, false)
	t.Logf("comparison recomputed: %d pinned, %d narrowed", p, n)
	if p, n := attackYearPairs(t, 1, 60, true); p+n > 0 {
		t.Errorf("with the comparison from the final edition: %d pinned, %d narrowed", p, n)
	}
}
