package report

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/report/disclosure"
)

var now = time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)

// sampleRaw is a year of a mid-sized organisation: mostly large counts, with the small ones that
// make disclosure control necessary (one EXTERNAL_COMPLAINT, two reports about gifts, three
// proven discrimination cases of which one was not sanctioned...).
func sampleRaw() Raw {
	return Raw{
		Year:                    2026,
		Reports:                 212,
		ReportsByChannel:        map[string]int{"WEB_FORM": 120, "INTERNAL_ADVISER": 51, "EXTERNAL_ADVISER": 17, "MANAGER": 20, "HR": 3, "EXTERNAL_COMPLAINT": 1},
		ReportsByCategory:       map[string]int{"DISCRIMINATION": 64, "SEXUAL_HARASSMENT": 31, "BULLYING": 55, "INTIMIDATION": 30, "GIFTS": 2, "FRAUD_THEFT_EMBEZZLEMENT": 22, "OTHER": 8},
		ReportsByAnonymity:      map[string]int{"ANONYMOUS": 97, "CONFIDENTIAL": 111, "NAMED": 4},
		ReportsByUnit:           map[string]int{"": 150, "Sociaal Domein": 40, "Bedrijfsvoering": 19, "Stadsontwikkeling": 3},
		GroundMentions:          map[string]int{"ORIGIN_ETHNICITY": 30, "RELIGION": 14, "SEXUAL_ORIENTATION": 9, "AGE": 4, "DISABILITY_CHRONIC_ILLNESS": 1},
		Conversations:           map[string]int{"INTERNAL": 310, "EXTERNAL": 44},
		ReportersInConversation: map[string]int{"INTERNAL": 140, "EXTERNAL": 21},
		Escalations:             61,
		WeighingsByOutcome:      map[string]int{"REASONABLE_SUSPICION": 24, "NO_REASONABLE_SUSPICION": 30, "REFER_ELSEWHERE": 4, "RESOLVED_INFORMALLY": 2},
		Investigations:          24, InvestigationsByUnit: map[string]int{"Sociaal Domein": 15, "Bedrijfsvoering": 7, "Stadsontwikkeling": 2},
		FindingsByResult: map[string]int{"PROVEN": 19, "PARTLY_PROVEN": 6, "NOT_PROVEN": 11},
		SanctionsByType:  map[string]int{"WRITTEN_WARNING": 9, "FINAL_WARNING": 3, "TERMINATION_BY_COURT": 4, "SUMMARY_DISMISSAL": 1},
		Decisions:        17, Lighter: 6,
		OutcomesByOutcome: map[string]int{"RESOLVED_INFORMALLY": 80, "REFERRED": 20, "WITHDRAWN": 12, "NO_REASONABLE_SUSPICION": 30, "NOT_PROVEN": 6, "PROVEN_WITH_SANCTION": 17, "PROVEN_WITHOUT_SANCTION": 2},
		Durations: map[string]Duration{"acknowledgement": {N: 205, Median: 1.5, P90: 5}, "weighing": {N: 60, Median: 12, P90: 26},
			"fact_finding": {N: 3, Median: 40, P90: 70}, "closure": {N: 167, Median: 33, P90: 101}},
		Deadlines:            map[string]Compliance{"acknowledgement": {Due: 212, Met: 209}, "feedback": {Due: 150, Met: 120}, "weighing": {Due: 61, Met: 61}},
		ProvenDiscrimination: 6, ProvenDiscriminationSanctioned: 5,
	}
}

func sampleYears() []YearRaw {
	return []YearRaw{{2022, 150, 200, 10, 7}, {2023, 170, 260, 14, 3}, {2024, 190, 290, 20, 12}, {2025, 201, 330, 22, 15}, {2026, 212, 354, 24, 17}}
}

// every visits every count of a report.
func every(r Report, fn func(where string, n *int)) {
	for _, s := range r.Sections {
		for _, t := range s.Tables {
			for _, row := range t.Rows {
				fn(t.ID+"."+row.Code, row.Count)
			}
			fn(t.ID+".total", t.Total)
		}
		for _, f := range s.Figures {
			fn(f.ID, f.N)
		}
	}
	zt := r.ZeroTolerance
	for _, c := range []struct {
		id string
		n  *int
	}{{"zt.proven", zt.ProvenDiscrimination}, {"zt.sanctioned", zt.Sanctioned}, {"zt.not_sanctioned", zt.NotSanctioned},
		{"zt.lighter", zt.LighterThanGuidance}, {"zt.decisions", zt.DecisionsTotal}} {
		fn(c.id, c.n)
	}
	for _, y := range r.Years {
		for _, n := range []*int{y.Reports, y.Conversations, y.Investigations, y.Sanctions} {
			fn("year", n)
		}
	}
}

// No published count is below the threshold (except exact zeros where the rules publish them).
func TestNoSmallCountIsPublished(t *testing.T) {
	r := Build(sampleRaw(), sampleYears(), 5, "Gemeente Utrecht", now)
	suppressed := 0
	every(r, func(where string, n *int) {
		if n == nil {
			suppressed++
			return
		}
		if *n > 0 && *n < 5 {
			t.Errorf("%s: %d is published", where, *n)
		}
	})
	if suppressed == 0 {
		t.Fatal("nothing was suppressed in a report with small counts")
	}
	if !r.ZeroTolerance.Flagged {
		t.Error("one of six proven discrimination cases was not sanctioned: the report must flag it")
	}
}

// The attacker of internal/report/disclosure gets the published report and every relation
// between its tables that a reader knows (totals shared by breakdowns, this year's totals in the
// comparison, sanctioned + not sanctioned = proven, the flag) and recovers nothing.
func TestSuppressedCountsCannotBeRecovered(t *testing.T) {
	check := func(t *testing.T, raw Raw) {
		t.Helper()
		r := build(raw, sampleYears(), 5, "Gemeente Utrecht", now)
		p, _, _ := problemOf(&r, 5)
		res := protect(&r, 5)
		if leaks := disclosure.Audit(p, res); len(leaks) > 0 {
			t.Fatalf("the published report gives away %d counts: %v", len(leaks), leaks)
		}
		// The attacker is real: without complementary suppression it recovers counts.
		if leaks := disclosure.Audit(p, disclosure.PrimaryOnly(p)); len(leaks) == 0 {
			t.Fatal("with primary suppression only, the attacker should recover something")
		}
	}
	t.Run("sample", func(t *testing.T) { check(t, sampleRaw()) })
	// Random small organisations: every count between 0 and 12.
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		raw := sampleRaw()
		for _, m := range []map[string]int{raw.ReportsByChannel, raw.ReportsByCategory, raw.ReportsByAnonymity, raw.ReportsByUnit} {
			for k := range m {
				m[k] = rng.IntN(13)
			}
		}
		// Keep the partitions consistent: the total is the sum of each breakdown; make them equal.
		raw.Reports = sumOf(raw.ReportsByChannel)
		rebalance(raw.ReportsByCategory, raw.Reports, rng)
		rebalance(raw.ReportsByAnonymity, raw.Reports, rng)
		rebalance(raw.ReportsByUnit, raw.Reports, rng)
		raw.ProvenDiscrimination = rng.IntN(9)
		raw.ProvenDiscriminationSanctioned = raw.ProvenDiscrimination - rng.IntN(min(3, raw.ProvenDiscrimination+1))
		for k := range raw.SanctionsByType {
			raw.SanctionsByType[k] = rng.IntN(8)
		}
		raw.Decisions = sumOf(raw.SanctionsByType)
		raw.Lighter = rng.IntN(raw.Decisions + 1)
		t.Run("random", func(t *testing.T) { check(t, raw) })
	}
}

func sumOf(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// rebalance sets m's values to random non-negative counts summing to total.
func rebalance(m map[string]int, total int, rng *rand.Rand) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
		m[k] = 0
	}
	for i := 0; i < total; i++ {
		m[keys[rng.IntN(len(keys))]]++
	}
}

func TestCSVShowsSuppressedCountsAsEmpty(t *testing.T) {
	r := Build(sampleRaw(), sampleYears(), 5, "Gemeente Utrecht", now)
	var b bytes.Buffer
	if err := WriteCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(&b)
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ";") != strings.Join(CSVHeader, ";") {
		t.Fatalf("header %v", rows[0])
	}
	var suppressed, flagged int
	for _, row := range rows[1:] {
		if row[9] == "ja" {
			suppressed++
			if row[5] != "" {
				t.Errorf("suppressed row shows %q: %v", row[5], row)
			}
		}
		if row[3] == "flagged" && row[6] == "ja" {
			flagged++
		}
		if row[3] == "EXTERNAL_COMPLAINT" && row[5] == "1" {
			t.Error("the single external complaint is in the CSV")
		}
	}
	if suppressed == 0 || flagged != 1 {
		t.Errorf("suppressed rows %d, zero-tolerance flag rows %d", suppressed, flagged)
	}
}

// A small year — twelve reports, nine of one kind, nothing else yet — still publishes what may
// be published (the total, the nine), and the problem is well-formed (tables without rows).
func TestASmallYearPublishesWhatItMay(t *testing.T) {
	raw := Raw{Year: 2026, Reports: 12, ReportsByChannel: map[string]int{"WEB_FORM": 12},
		ReportsByCategory: map[string]int{"DISCRIMINATION": 9, "BULLYING": 3}, ReportsByAnonymity: map[string]int{"ANONYMOUS": 12},
		ReportsByUnit: map[string]int{"": 12}, Deadlines: map[string]Compliance{"acknowledgement": {Due: 12, Met: 12}}}
	r := build(raw, []YearRaw{{2026, 12, 0, 0, 0}}, 5, "Gemeente Utrecht", now)
	p, _, _ := problemOf(&r, 5)
	res := protect(&r, 5)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if leaks := disclosure.Audit(p, res); len(leaks) > 0 {
		t.Fatalf("leaks: %v", leaks)
	}
	var total, discrimination *int
	for _, s := range r.Sections {
		for _, tb := range s.Tables {
			if tb.ID == "reports.category" {
				total = tb.Total
				for _, row := range tb.Rows {
					if row.Code == "DISCRIMINATION" {
						discrimination = row.Count
					}
				}
			}
		}
	}
	if total == nil || *total != 12 || discrimination == nil || *discrimination != 9 {
		t.Errorf("total %v, discrimination %v: want 12 and 9 published", total, discrimination)
	}
}

// Handling times are published only over at least 10 cases, and then in whole days, in the JSON
// and in the CSV: the 90th percentile of 9 cases is the longest one, and a fraction of a day
// says when someone acted.
func TestHandlingTimesOnlyFromTenAndInWholeDays(t *testing.T) {
	raw := sampleRaw()
	raw.Durations = map[string]Duration{
		"acknowledgement": {N: 205, Median: 1.4999, P90: 5.73125},
		"weighing":        {N: 10, Median: 12.2, P90: 26.5},
		"fact_finding":    {N: 9, Median: 40.123456, P90: 70.654321},
		"closure":         {N: 167, Median: 33.000011574, P90: 101.9},
	}
	r := Build(raw, sampleYears(), 5, "Gemeente Utrecht", now)
	figs := map[string]Figure{}
	for _, s := range r.Sections {
		for _, f := range s.Figures {
			figs[f.ID] = f
		}
	}
	for id, want := range map[string][2]float64{"duration.acknowledgement": {1, 6}, "duration.weighing": {12, 27}, "duration.closure": {33, 102}} {
		f := figs[id]
		if f.Value == nil || f.P90 == nil || *f.Value != want[0] || *f.P90 != want[1] {
			t.Errorf("%s: %v / %v, want %v whole days", id, f.Value, f.P90, want)
		}
	}
	if f := figs["duration.fact_finding"]; f.Value != nil || f.P90 != nil {
		t.Errorf("fact finding over 9 cases published: %v / %v", *f.Value, *f.P90)
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"40.1", "70.6", "1.4999", "5.73", "33.0000"} {
		if strings.Contains(js.String(), `": `+leak) {
			t.Errorf("JSON holds %s", leak)
		}
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(strings.NewReader(buf.String()))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		switch row[3] {
		case "duration.weighing":
			if row[6] != "12" || row[7] != "27" {
				t.Errorf("CSV weighing: %q %q, want 12 and 27", row[6], row[7])
			}
		case "duration.fact_finding":
			if row[6] != "" || row[7] != "" {
				t.Errorf("CSV fact finding over 9: %q %q", row[6], row[7])
			}
		}
	}
}

// A suppressed count is marked small exactly when it is below the threshold (the page prints
// "< 5" for it); one suppressed to protect another is not (the page prints "afgeschermd").
func TestSmallMarksExactlyTheCountsBelowTheThreshold(t *testing.T) {
	raw := sampleRaw()
	raw.Directorates = []string{"Bedrijfsvoering", "Sociaal Domein", "Stadsontwikkeling", "Publiekszaken"}
	truth := build(raw, sampleYears(), 5, "", now)
	r := Build(raw, sampleYears(), 5, "", now)
	small, protecting := 0, 0
	check := func(where string, true_ *int, shown *int, isSmall bool) {
		t.Helper()
		switch {
		case shown != nil && isSmall:
			t.Errorf("%s: published and marked small", where)
		case shown == nil && isSmall != (*true_ < 5):
			t.Errorf("%s: value %d suppressed, marked small %v", where, *true_, isSmall)
		case shown == nil && isSmall:
			small++
		case shown == nil:
			protecting++
		}
	}
	for si, s := range r.Sections {
		for ti, tb := range s.Tables {
			tt := truth.Sections[si].Tables[ti]
			check(tb.ID+".total", tt.Total, tb.Total, tb.TotalSmall)
			for ri, row := range tb.Rows {
				check(tb.ID+"."+row.Code, tt.Rows[ri].Count, row.Count, row.Small)
			}
		}
		for fi, f := range s.Figures {
			check(f.ID, truth.Sections[si].Figures[fi].N, f.N, f.NSmall)
		}
	}
	zt, tz := r.ZeroTolerance, truth.ZeroTolerance
	for _, c := range []struct {
		name         string
		true_, shown *int
	}{{"proven_discrimination", tz.ProvenDiscrimination, zt.ProvenDiscrimination}, {"sanctioned", tz.Sanctioned, zt.Sanctioned},
		{"not_sanctioned", tz.NotSanctioned, zt.NotSanctioned}, {"lighter_than_guidance", tz.LighterThanGuidance, zt.LighterThanGuidance},
		{"heavier_than_guidance", tz.HeavierThanGuidance, zt.HeavierThanGuidance}, {"decisions_total", tz.DecisionsTotal, zt.DecisionsTotal}} {
		check("zt."+c.name, c.true_, c.shown, slices.Contains(zt.Small, c.name))
	}
	if small == 0 || protecting == 0 {
		t.Errorf("%d small and %d protecting suppressions: the sample should have both", small, protecting)
	}
}

// The share band is derived from what the table publishes only: every band is true of every
// number met that the published table allows.
func TestShareBandFollowsFromThePublishedTable(t *testing.T) {
	tbl := func(total int, met, missed *int, metSmall, missedSmall bool) Table {
		return Table{ID: "deadline.x", Total: Int(total), Rows: []Row{{Code: "met", Count: met, Small: metSmall}, {Code: "missed", Count: missed, Small: missedSmall}}}
	}
	for _, c := range []struct {
		t    Table
		want string
	}{
		{tbl(66, nil, nil, false, true), "vrijwel alle (90 % of meer)"}, // 62..66 of 66
		{tbl(20, nil, nil, false, true), "de helft of meer"},            // 16..20 of 20: 80 % to 100 %
		{tbl(9, nil, nil, false, true), ""},                             // too few
		{tbl(30, Int(20), Int(10), false, false), "de meeste (50 tot 90 %)"},
		{tbl(30, nil, nil, true, false), "minder dan de helft"}, // 0..4 of 30
		{tbl(12, Int(5), Int(7), false, false), "minder dan de helft"},
		{tbl(10, nil, nil, false, false), "de meeste (50 tot 90 %)"},                            // both ≥ 5: 5 of 10
		{tbl(20, nil, nil, false, false), "niet te zeggen zonder kleine aantallen te verraden"}, // 5..15 of 20
	} {
		if got := shareBand(c.t, 5); got != c.want {
			t.Errorf("%+v: %q, want %q", c.t.Rows, got, c.want)
		}
	}
}
