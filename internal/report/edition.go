package report

import (
	"strconv"
	"strings"
	"time"
)

// Edition is a report as published before: an earlier edition of the same year, or an earlier
// year's final edition. Every reader has it, so a new edition is protected with its published
// counts known (Public) and its suppressed counts unknown but protected as before (Withheld).
type Edition struct {
	// Key names the edition's counts in the disclosure problem: its cells are Key + "." + the
	// cell id (e.g. "ed3.reports.channel.WEB_FORM").
	Key string
	// Published is the edition as it was published (suppressed counts nil).
	Published Report
	// Truth holds every count of the edition before suppression, by cell id. It is never
	// published: the disclosure control needs the values it protects.
	Truth map[string]int
}

// Known is what was published before a new edition.
type Known struct {
	// Earlier editions of the same year, oldest first.
	Earlier []Edition
	// Finals holds the final edition of each earlier year, by year: the comparison with earlier
	// years prints their figures only as published there.
	Finals map[int]Report
}

// BuildEdition is Build for an edition published after the known ones: the comparison with
// earlier years repeats their final editions, and the disclosure control treats every earlier
// edition's published counts as known. It returns the report and its counts before suppression
// (to be kept, unpublished, with the edition).
func BuildEdition(raw Raw, years []YearRaw, threshold int, organisation string, now time.Time, known Known) (Report, map[string]int) {
	r := build(raw, years, threshold, organisation, now)
	useFinals(&r, known.Finals)
	truth := map[string]int{}
	cells(&r, func(id string, v **int) {
		if *v != nil {
			truth[id] = **v
		}
	})
	protectKnown(&r, threshold, known)
	holdBackHandlingTimes(&r, now, known.Earlier)
	addShareBands(&r)
	return r, truth
}

// Handling times held back (Figure.HeldBackNL).
const (
	HeldBackYearOpen = "volgt na afloop van het jaar"
	HeldBackChanged  = "gewijzigd na een eerdere editie; niet opnieuw gegeven"
)

// yearClosed reports whether the calendar year is over at now, in the Netherlands (where the
// cases of a year are counted).
func yearClosed(year int, now time.Time) bool {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		loc = time.UTC
	}
	return !now.Before(time.Date(year+1, 1, 1, 0, 0, 0, 0, loc))
}

// holdBackHandlingTimes applies the rule for figures that move. A median or a 90th percentile
// of handling times is not a count, and the disclosure control cannot protect it: published in
// two editions a few cases apart, the way it moves says how long the new cases took. So a
// handling time is published only in an edition of a year that is over — when no case of the
// year can still start or end, so that every such edition computes it over the same cases —
// and a later edition gives it again only as it was. Should it have changed all the same (a
// late correction), it is not given at all.
func holdBackHandlingTimes(r *Report, now time.Time, earlier []Edition) {
	closed := yearClosed(r.Year, now)
	for si := range r.Sections {
		for fi := range r.Sections[si].Figures {
			f := &r.Sections[si].Figures[fi]
			if f.Value == nil && f.P90 == nil {
				continue
			}
			if !closed {
				f.Value, f.P90, f.HeldBackNL = nil, nil, HeldBackYearOpen
				continue
			}
			for k := len(earlier) - 1; k >= 0; k-- {
				prev, ok := earlier[k].Published.figure(f.ID)
				if !ok || prev.Value == nil && prev.P90 == nil {
					continue
				}
				if sameFloat(prev.Value, f.Value) && sameFloat(prev.P90, f.P90) && sameInt(prev.N, f.N) {
					break
				}
				f.Value, f.P90, f.HeldBackNL = nil, nil, HeldBackChanged
				break
			}
		}
	}
}

// figure returns the figure with this id.
func (r *Report) figure(id string) (Figure, bool) {
	for _, s := range r.Sections {
		for _, f := range s.Figures {
			if f.ID == id {
				return f, true
			}
		}
	}
	return Figure{}, false
}

func sameFloat(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func sameInt(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// useFinals replaces the rows of earlier years in the comparison with the row as published in
// that year's final edition (or, when that year has none, in the latest later final edition
// that shows it): a count suppressed then stays suppressed, and none is recomputed. A year that
// no final edition shows keeps the computed row, protected with the rest of this report.
func useFinals(r *Report, finals map[int]Report) {
	for yi := range r.Years {
		y := &r.Years[yi]
		if y.Year >= r.Year {
			continue
		}
		if row, ok := finalRow(finals, y.Year, r.Year); ok {
			*y = row
		}
	}
}

// finalRow finds year's row as published in a final edition before the year before.
func finalRow(finals map[int]Report, year, before int) (YearTotals, bool) {
	for f := year; f < before; f++ {
		fin, ok := finals[f]
		if !ok {
			continue
		}
		for _, row := range fin.Years {
			if row.Year == year {
				cp := row
				cp.Small = append([]string(nil), row.Small...)
				for _, p := range []**int{&cp.Reports, &cp.Conversations, &cp.Investigations, &cp.Sanctions} {
					if *p != nil {
						*p = Int(**p)
					}
				}
				return cp, true
			}
		}
	}
	return YearTotals{}, false
}

// monotone reports whether a count of the year can only grow as the year goes on, so that a
// later edition's count is at least an earlier one's: reports received, conversations held,
// weighings, investigations, findings, closures and sanctions decided, deadlines that fell due
// (met in time or not — a missed deadline stays missed). Not monotone: proven discrimination not
// (yet) sanctioned, which a later sanction decision lowers; the comparison with earlier years is
// related through the final editions instead.
func monotone(id string) bool {
	return id != "zero_tolerance.not_sanctioned" && !strings.HasPrefix(id, "years.")
}

// editionRelations declares what a reader of an earlier edition of the same year (its cells
// named key + "." + id) and of this one knows: every monotone count of this edition is at least
// the same count of the earlier one. The difference of a row (the new reports of one category,
// say) is a count of people, protected like a suppressed one: its id is "delta." + key + "." +
// id. The difference of a total is not protected: that some reports came in is no one's
// secret. The differences of the totals are the sums of the differences of the rows through
// the tables' own relations.
//
// Only the counts for which keep holds are related (keep nil: all of them).
func editionRelations(key string, earlier, current *Report, keep func(id string) bool) []Relation {
	have := map[string]bool{}
	cells(earlier, func(id string, _ **int) { have[id] = true })
	var rels []Relation
	seen := map[string]bool{}
	cells(current, func(id string, _ **int) {
		if !have[id] || seen[id] || !monotone(id) || keep != nil && !keep(id) {
			return
		}
		seen[id] = true
		rel := le("a count of the year only grows from one edition to the next", one(key+"."+id), one(id))
		if !strings.HasSuffix(id, ".total") {
			rel.Difference = "delta." + key + "." + id
		}
		rels = append(rels, rel)
	})
	return rels
}

// prefixed returns an earlier edition's own relations with its cells named key + "." + id.
func prefixed(key string, rels []Relation) []Relation {
	p := func(ids []string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = key + "." + id
		}
		return out
	}
	var out []Relation
	for _, rel := range rels {
		rel.Left, rel.Right = p(rel.Left), p(rel.Right)
		if rel.Difference != "" {
			rel.Difference = key + "." + rel.Difference
		}
		out = append(out, rel)
	}
	return out
}

// EditionKey is the key of the n-th edition of a year.
func EditionKey(n int) string { return "ed" + strconv.Itoa(n) }

// betweenEditions is editionRelations between two earlier editions of the year, the later one's
// cells named laterKey + "." + id, and the difference of a row "delta." + key + "." + laterKey +
// "." + id.
func betweenEditions(key string, earlier *Report, laterKey string, later *Report, keep func(id string) bool) []Relation {
	rels := editionRelations(key, earlier, later, keep)
	for i := range rels {
		rels[i].Right = []string{laterKey + "." + rels[i].Right[0]}
		if d := rels[i].Difference; d != "" {
			rels[i].Difference = "delta." + key + "." + laterKey + strings.TrimPrefix(d, "delta."+key)
		}
	}
	return rels
}
