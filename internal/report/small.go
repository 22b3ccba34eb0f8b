package report

import "slices"

// smallMarkers maps every place in r that shows a count to the function that marks that place
// as suppressed for being small (below the threshold), as opposed to suppressed to protect
// another count. The page prints "< 5" only for the first kind, "afgeschermd" for the second.
//
// Publishing the difference is safe when the disclosure control assumes the attacker knows it
// (disclosure.Problem.StrictAttacker): a cell that is suppressed and not small is then known to
// be at least the threshold, and a small one to be below it.
func smallMarkers(r *Report) map[**int]func() {
	m := map[**int]func(){}
	for si := range r.Sections {
		s := &r.Sections[si]
		for ti := range s.Tables {
			t := &s.Tables[ti]
			m[&t.Total] = func() { t.TotalSmall = true }
			for ri := range t.Rows {
				row := &t.Rows[ri]
				m[&row.Count] = func() { row.Small = true }
			}
		}
		for fi := range s.Figures {
			f := &s.Figures[fi]
			m[&f.N] = func() { f.NSmall = true }
		}
	}
	zt := &r.ZeroTolerance
	mark := func(list *[]string, name string) func() {
		return func() { // kept sorted: the report is the same whatever the order of marking
			if i, found := slices.BinarySearch(*list, name); !found {
				*list = slices.Insert(*list, i, name)
			}
		}
	}
	m[&zt.ProvenDiscrimination] = mark(&zt.Small, "proven_discrimination")
	m[&zt.Sanctioned] = mark(&zt.Small, "sanctioned")
	m[&zt.NotSanctioned] = mark(&zt.Small, "not_sanctioned")
	m[&zt.LighterThanGuidance] = mark(&zt.Small, "lighter_than_guidance")
	m[&zt.HeavierThanGuidance] = mark(&zt.Small, "heavier_than_guidance")
	m[&zt.DecisionsTotal] = mark(&zt.Small, "decisions_total")
	for yi := range r.Years {
		y := &r.Years[yi]
		m[&y.Reports] = mark(&y.Small, "reports")
		m[&y.Conversations] = mark(&y.Small, "conversations")
		m[&y.Investigations] = mark(&y.Small, "investigations")
		m[&y.Sanctions] = mark(&y.Small, "sanctions")
	}
	return m
}
