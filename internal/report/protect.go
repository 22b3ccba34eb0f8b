package report

import (
	"strconv"

	"github.com/utrecht/meldpunt/internal/report/disclosure"
)

// protect applies disclosure control to r in place: it describes every published count as a
// cell, every table as a constraint (total = sum of rows; a total shared by several tables is one
// cell), asks disclosure.Protect which cells to suppress, and blanks them.
func protect(r *Report, threshold int) disclosure.Result {
	p, ptrs := problemOf(r, threshold)
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

// problemOf describes the counts of an unprotected report to the disclosure control, with the
// places in the report that show each cell.
func problemOf(r *Report, threshold int) (disclosure.Problem, map[string][]**int) {
	var p disclosure.Problem
	p.Threshold = threshold
	ptrs := map[string][]**int{} // cell id -> the places in the report that show it
	values := map[string]int{}
	var order []string
	kinds := map[string]disclosure.Kind{}
	atLeast := map[string]int{}
	add := func(id string, v **int) {
		if *v == nil {
			return
		}
		if _, ok := ptrs[id]; !ok {
			order = append(order, id)
			values[id] = **v
		}
		ptrs[id] = append(ptrs[id], v)
	}
	// The totals that several tables or figures share.
	totalID := map[string]string{
		"reports.channel": "reports.total", "reports.category": "reports.total", "reports.anonymity": "reports.total",
		"reports.unit": "reports.total", "investigations.unit": "investigations.total", "sanctions.type": "decisions.total",
		"conversations.kind": "conversations.total",
	}
	for si := range r.Sections {
		s := &r.Sections[si]
		for ti := range s.Tables {
			t := &s.Tables[ti]
			tid := t.ID + ".total"
			if id, ok := totalID[t.ID]; ok {
				tid = id
			}
			add(tid, &t.Total)
			c := disclosure.Constraint{Total: tid}
			for ri := range t.Rows {
				id := t.ID + "." + t.Rows[ri].Code
				add(id, &t.Rows[ri].Count)
				c.Parts = append(c.Parts, id)
			}
			if len(c.Parts) > 0 { // a table without rows has only its total (zero)
				p.Constraints = append(p.Constraints, c)
			}
		}
		for fi := range s.Figures {
			add(s.Figures[fi].ID+".n", &s.Figures[fi].N)
		}
	}
	zt := &r.ZeroTolerance
	add("zt.proven", &zt.ProvenDiscrimination)
	add("zt.sanctioned", &zt.Sanctioned)
	add("zt.not_sanctioned", &zt.NotSanctioned)
	// The flag is always published: a reader knows whether "not sanctioned" is 0 or at least 1.
	if zt.Flagged {
		atLeast["zt.not_sanctioned"] = 1
	} else {
		kinds["zt.not_sanctioned"] = disclosure.Public
	}
	p.Constraints = append(p.Constraints, disclosure.Constraint{Total: "zt.proven", Parts: []string{"zt.sanctioned", "zt.not_sanctioned"}})
	// Decisions lighter than the guidance, and the rest: not shown, but a count of people that
	// the two published ones would give away — protected as a hidden cell.
	inLine := Int(0)
	if zt.DecisionsTotal != nil && zt.LighterThanGuidance != nil && zt.HeavierThanGuidance != nil {
		*inLine = *zt.DecisionsTotal - *zt.LighterThanGuidance - *zt.HeavierThanGuidance
	}
	add("decisions.total", &zt.DecisionsTotal)
	add("zt.lighter", &zt.LighterThanGuidance)
	add("zt.heavier", &zt.HeavierThanGuidance)
	add("zt.in_line", &inLine)
	kinds["zt.in_line"] = disclosure.Hidden
	p.Constraints = append(p.Constraints, disclosure.Constraint{Total: "decisions.total", Parts: []string{"zt.lighter", "zt.heavier", "zt.in_line"}})
	for yi := range r.Years {
		y := &r.Years[yi]
		if y.Year == r.Year { // this year's totals are the tables' totals
			add("reports.total", &y.Reports)
			add("conversations.total", &y.Conversations)
			add("investigations.total", &y.Investigations)
			add("decisions.total", &y.Sanctions)
			continue
		}
		pre := "year." + strconv.Itoa(y.Year) + "."
		add(pre+"reports", &y.Reports)
		add(pre+"conversations", &y.Conversations)
		add(pre+"investigations", &y.Investigations)
		add(pre+"sanctions", &y.Sanctions)
	}
	for _, id := range order {
		p.Cells = append(p.Cells, disclosure.Cell{ID: id, Value: values[id], Kind: kinds[id], AtLeast: atLeast[id]})
	}
	return p, ptrs
}
