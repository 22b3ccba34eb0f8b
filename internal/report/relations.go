package report

import (
	"slices"
	"strconv"
)

// Relation is a fact about the counts of a report that a reader knows without seeing them:
// sum(Left) = sum(Right) ("eq") or sum(Left) ≤ sum(Right) ("le"). Counts are named by cell id:
//
//   - a table's rows: table id + "." + row code; its total: table id + ".total";
//   - a figure's N: figure id + ".n";
//   - zero tolerance: "zero_tolerance." + the JSON name of the field;
//   - the comparison with earlier years: "years." + year + "." + the JSON name of the field.
//
// A count of an earlier edition of a report (published before, hence known) can later be
// related in the same way, under an id of its own.
type Relation struct {
	Kind  string   `json:"kind"` // RelEqual or RelLessEq
	Left  []string `json:"left"`
	Right []string `json:"right"`
	// Difference, for "le": the id of sum(Right) − sum(Left) when that is itself a count of
	// people that the report does not show (decisions in line with the guidance): it is
	// protected like a suppressed count. Empty when the difference counts nobody in particular.
	Difference string `json:"difference,omitempty"`
	// Why says in English what the relation is.
	Why string `json:"why"`
}

// Kinds of relation.
const (
	RelEqual  = "eq"
	RelLessEq = "le"
)

func eq(why string, left, right []string) Relation {
	return Relation{Kind: RelEqual, Left: left, Right: right, Why: why}
}

func le(why string, left, right []string) Relation {
	return Relation{Kind: RelLessEq, Left: left, Right: right, Why: why}
}

func one(id string) []string { return []string{id} }

// partition: a table's rows sum to its total.
func partition(t *Table) []Relation {
	var rows []string
	for _, r := range t.Rows {
		rows = append(rows, t.ID+"."+r.Code)
	}
	return []Relation{eq("the rows of "+t.ID+" sum to its total", one(t.ID+".total"), rows)}
}

// hasCell reports whether the report shows a count with this cell id.
func (r *Report) hasCell(id string) bool {
	found := false
	cells(r, func(c string, _ **int) {
		if c == id {
			found = true
		}
	})
	return found
}

// sameTotal: the table counts the same items as the table "of".
func sameTotal(of string) func(r *Report, t *Table) []Relation {
	return func(r *Report, t *Table) []Relation {
		return append(partition(t), eq(t.ID+" breaks down the same items as "+of, one(t.ID+".total"), one(of+".total")))
	}
}

// tableRelations declares, for every table id, what a reader knows about its counts beyond
// what it shows. Every table must have an entry (a test checks): a new table is added here
// with its relations, or explicitly with none beyond its total (partition).
var tableRelations = map[string]func(r *Report, t *Table) []Relation{
	"reports.channel":   func(_ *Report, t *Table) []Relation { return partition(t) },
	"reports.category":  sameTotal("reports.channel"),
	"reports.anonymity": sameTotal("reports.channel"),
	"reports.unit":      sameTotal("reports.channel"),
	// Grounds are recorded only on discrimination reports, each ground once per report.
	"reports.grounds": func(r *Report, t *Table) []Relation {
		rels := partition(t)
		for _, row := range t.Rows {
			rels = append(rels, le("grounds are named only in discrimination reports, each at most once",
				one(t.ID+"."+row.Code), one("reports.category.DISCRIMINATION")))
		}
		return rels
	},
	"conversations.kind": func(_ *Report, t *Table) []Relation { return partition(t) },
	// An employee who had a conversation had at least one.
	"reporters.kind": func(r *Report, t *Table) []Relation {
		rels := partition(t)
		for _, row := range t.Rows {
			if r.hasCell("conversations.kind." + row.Code) {
				rels = append(rels, le("employees who had a conversation, at most the conversations",
					one(t.ID+"."+row.Code), one("conversations.kind."+row.Code)))
			}
		}
		return rels
	},
	"weighings.outcome":   func(_ *Report, t *Table) []Relation { return partition(t) },
	"investigations.unit": func(_ *Report, t *Table) []Relation { return partition(t) },
	// Every case closed after fact-finding has findings; a proven outcome at least one
	// (partly) proven finding.
	"findings.result": func(_ *Report, t *Table) []Relation {
		return append(partition(t),
			le("a case closed as proven has at least one (partly) proven finding",
				[]string{"outcomes.PROVEN_WITHOUT_SANCTION", "outcomes.PROVEN_WITH_SANCTION"},
				[]string{t.ID + ".PROVEN", t.ID + ".PARTLY_PROVEN"}),
			le("a case closed after fact-finding has at least one finding",
				[]string{"outcomes.NOT_PROVEN", "outcomes.PROVEN_WITHOUT_SANCTION", "outcomes.PROVEN_WITH_SANCTION"},
				one(t.ID+".total")))
	},
	"sanctions.type": func(_ *Report, t *Table) []Relation { return partition(t) },
	// The lifecycle: a weighing other than "reasonable suspicion" closes the case at once, with
	// the outcome that goes with it; "no reasonable suspicion" is reached no other way.
	"outcomes": func(_ *Report, t *Table) []Relation {
		return append(partition(t),
			eq("a weighing of no reasonable suspicion closes the case at once", one(t.ID+".NO_REASONABLE_SUSPICION"), one("weighings.outcome.NO_REASONABLE_SUSPICION")),
			le("a weighing that refers elsewhere closes the case as referred", one("weighings.outcome.REFER_ELSEWHERE"), one(t.ID+".REFERRED")),
			le("a weighing that finds it resolved informally closes the case so", one("weighings.outcome.RESOLVED_INFORMALLY"), one(t.ID+".RESOLVED_INFORMALLY")))
	},
	"deadline.acknowledgement": func(_ *Report, t *Table) []Relation { return partition(t) },
	"deadline.feedback":        func(_ *Report, t *Table) []Relation { return partition(t) },
	"deadline.weighing":        func(_ *Report, t *Table) []Relation { return partition(t) },
}

// figureRelations declares, for every figure id, how its N relates to the tables. Every figure
// must have an entry (a test checks), nil when its N relates to nothing else.
var figureRelations = map[string]func(r *Report, f *Figure) []Relation{
	"escalations": func(*Report, *Figure) []Relation { return nil }, // escalations of cases of any year
	// Matching entries: an entry made one year may match or go ahead the next, so the three
	// counts bound each other only across years; within the report they relate to nothing.
	"escrow.made":     func(*Report, *Figure) []Relation { return nil },
	"escrow.matched":  func(*Report, *Figure) []Relation { return nil },
	"escrow.accepted": func(*Report, *Figure) []Relation { return nil },
	"duration.acknowledgement": func(_ *Report, f *Figure) []Relation {
		return []Relation{le("acknowledged reports of the year, at most the reports", one(f.ID+".n"), one("reports.channel.total"))}
	},
	"duration.weighing": func(_ *Report, f *Figure) []Relation {
		return []Relation{eq("every weighing of the year is timed", one(f.ID+".n"), one("weighings.outcome.total"))}
	},
	"duration.fact_finding": func(_ *Report, f *Figure) []Relation {
		return []Relation{eq("fact-finding ends in not proven or proven with or without sanction", one(f.ID+".n"),
			[]string{"outcomes.NOT_PROVEN", "outcomes.PROVEN_WITHOUT_SANCTION", "outcomes.PROVEN_WITH_SANCTION"})}
	},
	"duration.closure": func(_ *Report, f *Figure) []Relation {
		return []Relation{eq("every case closed in the year is timed", one(f.ID+".n"), one("outcomes.total"))}
	},
}

// zeroToleranceRelations: proven discrimination is sanctioned or not; the decisions are the
// sanction decisions of the year, lighter, heavier or in line with the guidance. (The flag is
// handled with the cells: it says whether "not sanctioned" is zero.)
func zeroToleranceRelations(*Report) []Relation {
	const z = "zero_tolerance."
	inLine := le("decisions lighter or heavier than the guidance, within all decisions",
		[]string{z + "lighter_than_guidance", z + "heavier_than_guidance"}, one(z+"decisions_total"))
	inLine.Difference = z + "in_line_with_guidance"
	return []Relation{
		eq("proven discrimination is sanctioned or not", one(z+"proven_discrimination"), []string{z + "sanctioned", z + "not_sanctioned"}),
		inLine,
		eq("the decisions are the sanction decisions of the year", one(z+"decisions_total"), one("sanctions.type.total")),
		le("a sanctioned proven case is closed as proven with sanction", one(z+"sanctioned"), one("outcomes.PROVEN_WITH_SANCTION")),
		le("an unsanctioned proven case is closed as proven without sanction", one(z+"not_sanctioned"), one("outcomes.PROVEN_WITHOUT_SANCTION")),
	}
}

// yearRelations: this year's row of the comparison repeats the tables' totals. Earlier years'
// rows relate to nothing in this report (an earlier edition's published figures would).
func yearRelations(r *Report) []Relation {
	var rels []Relation
	for _, y := range r.Years {
		if y.Year != r.Year {
			continue
		}
		pre := "years." + strconv.Itoa(y.Year) + "."
		rels = append(rels,
			eq("this year's reports in the comparison", one(pre+"reports"), one("reports.channel.total")),
			eq("this year's conversations in the comparison", one(pre+"conversations"), one("conversations.kind.total")),
			eq("this year's investigations in the comparison", one(pre+"investigations"), one("investigations.unit.total")),
			eq("this year's sanction decisions in the comparison", one(pre+"sanctions"), one("sanctions.type.total")))
	}
	return rels
}

// relationsOf collects the declarations of every table and figure of r. A table or figure
// without a declaration gets none here; TestEveryTableAndFigureIsDeclared fails on it.
func relationsOf(r *Report) []Relation {
	var rels []Relation
	for si := range r.Sections {
		s := &r.Sections[si]
		for ti := range s.Tables {
			if fn, ok := tableRelations[s.Tables[ti].ID]; ok {
				rels = append(rels, fn(r, &s.Tables[ti])...)
			} else {
				rels = append(rels, partition(&s.Tables[ti])...) // at least what it shows
			}
		}
		for fi := range s.Figures {
			if fn, ok := figureRelations[s.Figures[fi].ID]; ok {
				rels = append(rels, fn(r, &s.Figures[fi])...)
			}
		}
	}
	rels = append(rels, zeroToleranceRelations(r)...)
	rels = append(rels, yearRelations(r)...)
	// Only relations between counts the report has (a table may lack a row).
	return slices.DeleteFunc(rels, func(rel Relation) bool {
		for _, id := range slices.Concat(rel.Left, rel.Right) {
			if !r.hasCell(id) {
				return true
			}
		}
		return false
	})
}
