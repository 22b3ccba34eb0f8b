package report

import (
	"slices"
	"strconv"
	"strings"

	"github.com/utrecht/meldpunt/internal/report/disclosure"
)

// protect applies disclosure control to r in place: it declares the relations between the
// counts (r.Relations, from relations.go), describes every count the report shows as a cell
// (cells) and every relation as constraints, asks disclosure.Protect which cells to suppress,
// and blanks them.
func protect(r *Report, threshold int) disclosure.Result {
	return protectKnown(r, threshold, Known{})
}

// protectKnown is protect for an edition published after the known ones.
func protectKnown(r *Report, threshold int, known Known) disclosure.Result {
	p, ptrs, _ := problemOfKnown(r, threshold, known)
	// The page tells a small suppressed count ("< 5") from one suppressed to protect it
	// ("afgeschermd"), so the reader knows the latter is at least the threshold.
	p.StrictAttacker = true
	res := disclosure.Protect(p)
	small := map[string]bool{} // primary suppressions: below the threshold
	for _, c := range p.Cells {
		small[c.ID] = c.Value < threshold
	}
	markers := smallMarkers(r)
	for id, places := range ptrs {
		if res.Suppressed[id] {
			for _, v := range places {
				*v = nil
				if mark := markers[v]; mark != nil && small[id] {
					mark()
				}
			}
		}
	}
	// A figure's value is computed over its N items: without N, no value either.
	for si := range r.Sections {
		for fi := range r.Sections[si].Figures {
			f := &r.Sections[si].Figures[fi]
			if f.N == nil {
				f.Value, f.P90 = nil, nil
			}
		}
	}
	return res
}

// cells visits every count the report shows, with its cell id (see Relation) and its place.
// Every number of the published JSON is one of these, or a year, the threshold, or a figure's
// value (a median or share, dropped with its N): TestEveryPublishedNumberIsACell checks it.
func cells(r *Report, fn func(id string, v **int)) {
	for si := range r.Sections {
		s := &r.Sections[si]
		for ti := range s.Tables {
			t := &s.Tables[ti]
			for ri := range t.Rows {
				fn(t.ID+"."+t.Rows[ri].Code, &t.Rows[ri].Count)
			}
			fn(t.ID+".total", &t.Total)
		}
		for fi := range s.Figures {
			fn(s.Figures[fi].ID+".n", &s.Figures[fi].N)
		}
	}
	zt := &r.ZeroTolerance
	const z = "zero_tolerance."
	fn(z+"proven_discrimination", &zt.ProvenDiscrimination)
	fn(z+"sanctioned", &zt.Sanctioned)
	fn(z+"not_sanctioned", &zt.NotSanctioned)
	fn(z+"lighter_than_guidance", &zt.LighterThanGuidance)
	fn(z+"heavier_than_guidance", &zt.HeavierThanGuidance)
	fn(z+"decisions_total", &zt.DecisionsTotal)
	for yi := range r.Years {
		y := &r.Years[yi]
		pre := "years." + strconv.Itoa(y.Year) + "."
		fn(pre+"reports", &y.Reports)
		fn(pre+"conversations", &y.Conversations)
		fn(pre+"investigations", &y.Investigations)
		fn(pre+"sanctions", &y.Sanctions)
	}
}

// problemOf declares the relations of an unprotected report (setting r.Relations) and
// describes it to the disclosure control: a cell per count that
// cells visits (counts that relations declare equal are one cell, shown in several places), and
// the declared relations r.Relations as constraints. It returns the places that show each cell,
// and the relations that the values contradict (left out, of the problem and of r.Relations:
// data that break the lifecycle; none in a consistent database).
func problemOf(r *Report, threshold int) (disclosure.Problem, map[string][]**int, []Relation) {
	return problemOfKnown(r, threshold, Known{})
}

// problemOfKnown is problemOf for an edition published after the known ones: the earlier
// editions of the year are in the problem under their keys (their published counts Public, their
// suppressed ones Withheld), with their own relations and those between the editions
// (editionRelations); the rows of earlier years copied from their final editions (useFinals)
// are Public. Only this report's own relations are published with it (r.Relations).
func problemOfKnown(r *Report, threshold int, known Known) (disclosure.Problem, map[string][]**int, []Relation) {
	r.Relations = relationsOf(r)
	own := len(r.Relations)
	values := map[string]int{}
	places := map[string][]**int{}
	var order []string
	cells(r, func(id string, v **int) {
		if *v == nil {
			return
		}
		if _, ok := values[id]; !ok {
			order = append(order, id)
		}
		values[id] = **v
		places[id] = append(places[id], v)
	})
	kinds := map[string]disclosure.Kind{}
	atLeast := map[string]int{}
	for _, y := range r.Years {
		if _, ok := finalRow(known.Finals, y.Year, r.Year); ok && y.Year < r.Year {
			pre := "years." + strconv.Itoa(y.Year) + "."
			for _, f := range []string{"reports", "conversations", "investigations", "sanctions"} {
				kinds[pre+f] = disclosure.Public
			}
		}
	}
	var earlier []string // cells of earlier editions
	// The editions of the year in order, this one last: the counts each has (by cell id).
	present := make([]map[string]bool, len(known.Earlier)+1)
	for k, ed := range known.Earlier {
		present[k] = map[string]bool{}
		cells(&ed.Published, func(id string, v **int) {
			tv, ok := ed.Truth[id]
			eid := ed.Key + "." + id
			if ok {
				present[k][id] = true
			}
			if _, dup := values[eid]; !ok || dup {
				return
			}
			values[eid] = tv
			earlier = append(earlier, eid)
			kinds[eid] = disclosure.Withheld
			if *v != nil {
				kinds[eid] = disclosure.Public
			}
		})
		if ns := ed.Key + ".zero_tolerance.not_sanctioned"; ed.Published.ZeroTolerance.Flagged {
			atLeast[ns] = 1
		} else if _, ok := values[ns]; ok {
			kinds[ns] = disclosure.Public
		}
		r.Relations = append(r.Relations, prefixed(ed.Key, ed.Published.Relations)...)
	}
	present[len(known.Earlier)] = map[string]bool{}
	for id := range values {
		present[len(known.Earlier)][id] = true
	}
	// Between every two editions of the year (this one included): a reader of three editions
	// knows the second's counts lie between the first's and the third's, and what came in
	// between any two of them counts people as much as what came in since. Between editions
	// that are not consecutive, the inequality itself follows from those between consecutive
	// ones (when every edition in between has the count): it is needed only for its
	// difference, when that is a count to protect (1 to threshold − 1). The others are left out:
	// the reader knows no less, and nothing to protect is lost, but the problem no longer grows
	// with the square of the number of editions.
	value := func(k int, id string) int {
		if k == len(known.Earlier) {
			return values[id]
		}
		return known.Earlier[k].Truth[id]
	}
	needed := func(i, j int, id string) bool {
		if j == i+1 {
			return true
		}
		if d := value(j, id) - value(i, id); d >= 1 && d < threshold {
			return true
		}
		for k := i + 1; k < j; k++ {
			if !present[k][id] {
				return true
			}
		}
		return false
	}
	for i, a := range known.Earlier {
		r.Relations = append(r.Relations, editionRelations(a.Key, &a.Published, r, func(id string) bool {
			return needed(i, len(known.Earlier), id)
		})...)
		for j := i + 1; j < len(known.Earlier); j++ {
			b := known.Earlier[j]
			r.Relations = append(r.Relations, betweenEditions(a.Key, &a.Published, b.Key, &b.Published, func(id string) bool {
				return needed(i, j, id)
			})...)
		}
	}
	// Hidden differences of inequalities are counts too.
	for _, rel := range r.Relations {
		if rel.Difference != "" {
			if _, ok := values[rel.Difference]; !ok {
				values[rel.Difference] = relSum(values, rel.Right) - relSum(values, rel.Left)
			}
		}
	}
	var broken, rels, ownRels []Relation
	for i, rel := range r.Relations {
		known := true
		for _, id := range slices.Concat(rel.Left, rel.Right) {
			if _, ok := values[id]; !ok {
				known = false
			}
		}
		l, rt := relSum(values, rel.Left), relSum(values, rel.Right)
		switch {
		case !known:
		case rel.Kind == RelEqual && l != rt, rel.Kind == RelLessEq && l > rt, rel.Kind != RelEqual && rel.Kind != RelLessEq:
			broken = append(broken, rel)
		default:
			rels = append(rels, rel)
			if i < own {
				ownRels = append(ownRels, rel)
			}
		}
	}
	// Publish only what holds: a relation the data break is no knowledge of a reader's. And only
	// this report's own: the others are the earlier editions' or follow from the two.
	r.Relations = ownRels
	// Counts declared equal one to one are one cell, named by the first of them the report
	// shows (the total of the first breakdown).
	rank := map[string]int{}
	for i, id := range order {
		rank[id] = i + 1
	}
	first := func(a, b string) bool { // a names the cell rather than b
		ra, rb := rank[a], rank[b]
		if ra == 0 {
			ra = len(order) + 1
		}
		if rb == 0 {
			rb = len(order) + 1
		}
		return ra < rb || ra == rb && a < b
	}
	parent := map[string]string{}
	var find func(string) string
	find = func(id string) string {
		p, ok := parent[id]
		if !ok || p == id {
			return id
		}
		root := find(p)
		parent[id] = root
		return root
	}
	for _, rel := range rels {
		if rel.Kind == RelEqual && len(rel.Left) == 1 && len(rel.Right) == 1 {
			a, b := find(rel.Left[0]), find(rel.Right[0])
			if a != b && first(a, b) {
				parent[b] = a
			} else if a != b {
				parent[a] = b
			}
		}
	}
	var p disclosure.Problem
	p.Threshold = threshold
	ptrs := map[string][]**int{}
	// The flag is always published: a reader knows whether "not sanctioned" is 0 or at least 1.
	if ns := find("zero_tolerance.not_sanctioned"); r.ZeroTolerance.Flagged {
		atLeast[ns] = 1
	} else if _, ok := values[ns]; ok {
		kinds[ns] = disclosure.Public
	}
	for _, id := range order {
		c := find(id)
		ptrs[c] = append(ptrs[c], places[id]...)
		if c == id {
			p.Add(disclosure.Cell{ID: id, Value: values[id], Kind: kinds[id], AtLeast: min(atLeast[id], values[id])})
		}
	}
	for _, id := range earlier {
		if find(id) == id {
			p.Add(disclosure.Cell{ID: id, Value: values[id], Kind: kinds[id], AtLeast: min(atLeast[id], values[id])})
		}
	}
	canon := func(ids []string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = find(id)
		}
		return out
	}
	for k, rel := range rels {
		left, right := canon(rel.Left), canon(rel.Right)
		// A cell on both sides cancels out.
		for i := 0; i < len(left); i++ {
			if j := slices.Index(right, left[i]); j >= 0 {
				right = slices.Delete(right, j, j+1)
				left = slices.Delete(left, i, i+1)
				i--
			}
		}
		aux := "relation." + strconv.Itoa(k)
		switch {
		case rel.Kind == RelEqual && (len(left) == 0 || len(right) == 0):
			// Trivial (the same cell twice) or "these sum to zero": the latter only for an empty
			// table, whose total is then shown as zero anyway.
		case rel.Kind == RelEqual:
			p.Equal(aux, left, right)
		case rel.Difference != "" && strings.HasPrefix(rel.Difference, "delta.") && values[rel.Difference] == 0:
			// No new item in this row between two editions: nothing to protect in itself, and
			// the rows that did change are protected (see editionRelations).
			p.LessEq(rel.Difference, disclosure.Auxiliary, left, right)
		case rel.Difference != "":
			p.LessEq(rel.Difference, disclosure.Hidden, left, right)
		case len(left) == 0:
			// sum(right) ≥ 0: nothing a reader did not know.
		default:
			p.LessEq(aux, disclosure.Auxiliary, left, right)
		}
	}
	return p, ptrs, broken
}

func relSum(values map[string]int, ids []string) int {
	s := 0
	for _, id := range ids {
		s += values[id]
	}
	return s
}
