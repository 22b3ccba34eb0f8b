package precedents

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
)

var testNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

func evalRows(t *testing.T) []Row {
	t.Helper()
	f, err := os.Open("testdata/eval/precedents.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, bad, err := Parse(FormatJSONL, f, testNow)
	if err != nil || len(bad) > 0 {
		t.Fatalf("the evaluation set does not parse: %v %v", err, bad)
	}
	return rows
}

// An export in either format imports back to the same records: public bodies can exchange
// their libraries without loss.
func TestExportImportRoundTrip(t *testing.T) {
	rows := evalRows(t)
	for _, format := range []string{FormatJSONL, FormatCSV} {
		var buf bytes.Buffer
		w, err := NewWriter(format, &buf)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if err := w.Write(r.Record); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		back, bad, err := Parse(format, &buf, testNow)
		if err != nil || len(bad) > 0 {
			t.Fatalf("%s: re-import: %v %v", format, err, bad)
		}
		if len(back) != len(rows) {
			t.Fatalf("%s: %d rows back, want %d", format, len(back), len(rows))
		}
		for i := range rows {
			if !reflect.DeepEqual(back[i].Record, rows[i].Record) {
				t.Fatalf("%s: row %d changed:\n%+v\n%+v", format, i, back[i].Record, rows[i].Record)
			}
			if back[i].Hash() != rows[i].Hash() {
				t.Fatalf("%s: row %d hash changed", format, i)
			}
		}
	}
}

// Every bad row is reported with its line and field, and parsing goes on after it.
func TestImportReportsEveryBadRow(t *testing.T) {
	good := `{"external_id":"a-1","source_organisation":"Gemeente Utrecht","year":2024,"category":"BULLYING","findings":"PROVEN","sanction":"WRITTEN_WARNING","summary":"Pesten."}`
	lines := []string{
		good,
		`{"external_id":"a-2","source_organisation":"X","year":2024,"category":"NO_SUCH","findings":"PROVEN","sanction":"NONE","summary":"s"}`,
		`{"external_id":"a-3","source_organisation":"X","year":2024,"category":"BULLYING","findings":"NOT_PROVEN","sanction":"FINAL_WARNING","summary":"s"}`,
		`{"external_id":"a-4","source_organisation":"X","year":2024,"category":"BULLYING","discrimination_grounds":["RELIGION"],"findings":"PROVEN","sanction":"NONE","summary":"s"}`,
		`{"external_id":"a-5","source_organisation":"X","year":"2024"}`,
		`{"external_id":"a-6","unknown_field":1}`,
		good, // the same id again
		`{"external_id":"a 7","source_organisation":"X","year":2024,"category":"BULLYING","findings":"PROVEN","sanction":"NONE","summary":"s"}`,
		`{"external_id":"a-8","source_organisation":"X","year":2099,"category":"BULLYING","findings":"PROVEN","sanction":"NONE","summary":"s"}`,
	}
	rows, bad, err := Parse(FormatJSONL, strings.NewReader(strings.Join(lines, "\n")), testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Errorf("%d good rows, want 1", len(rows))
	}
	want := map[int]string{2: "category", 3: "sanction", 4: "discrimination_grounds", 5: "", 6: "", 7: "external_id", 8: "external_id", 9: "year"}
	got := map[int]string{}
	for _, b := range bad {
		got[b.Line] = b.Field
		if b.Message == "" {
			t.Errorf("line %d: no message", b.Line)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("bad rows %v, want %v (%v)", got, want, bad)
	}
}

func TestCSVImportNamesMissingColumnsAndAcceptsSemicolonsOrCommas(t *testing.T) {
	_, bad, err := Parse(FormatCSV, strings.NewReader("external_id;year\nx;2020\n"), testNow)
	if err != nil || len(bad) != 1 || bad[0].Line != 1 || bad[0].Reason != apperr.ReasonColumnMissing || bad[0].Value != "source_organisation" {
		t.Errorf("missing column: %v %v", bad, err)
	}
	comma := "external_id,source_organisation,year,category,findings,sanction,summary,norms\n" +
		`x-1,Gemeente Utrecht,2024,DISCRIMINATION,PROVEN,WRITTEN_WARNING,"Opmerkingen, over afkomst.",GC-1.2|CAT-DISCRIMINATION` + "\n"
	rows, bad, err := Parse(FormatCSV, strings.NewReader(comma), testNow)
	if err != nil || len(bad) > 0 || len(rows) != 1 {
		t.Fatalf("comma CSV: %v %v %v", rows, bad, err)
	}
	if got := rows[0].Norms; !reflect.DeepEqual(got, []string{"CAT-DISCRIMINATION", "GC-1.2"}) || rows[0].Summary != "Opmerkingen, over afkomst." || rows[0].Line != 2 {
		t.Errorf("comma CSV row: %+v", rows[0])
	}
}

// A text that starts like a formula is exported so that a spreadsheet shows it as text, and
// imported back unchanged.
func TestCSVExportIsSafeInSpreadsheets(t *testing.T) {
	r := evalRows(t)[0].Record
	r.Summary = "=HYPERLINK(\"http://evil\",\"klik\")"
	var buf bytes.Buffer
	w, _ := NewWriter(FormatCSV, &buf)
	_ = w.Write(r)
	_ = w.Close()
	if strings.Contains(buf.String(), ";=HYPERLINK") || strings.Contains(buf.String(), ";\"=HYPERLINK") {
		t.Fatalf("the formula is exported as a formula: %s", buf.String())
	}
	back, bad, err := Parse(FormatCSV, &buf, testNow)
	if err != nil || len(bad) > 0 || back[0].Summary != r.Summary {
		t.Fatalf("round trip: %v %v %q", err, bad, back[0].Summary)
	}
}

func TestSimilarityWeighsWhatMakesCasesComparable(t *testing.T) {
	q := Features{Category: "DISCRIMINATION", Norms: []string{"GC-1.2"}, Grounds: []string{"RELIGION"}}.Tags()
	same, _ := Similarity(q, q)
	otherGround, _ := Similarity(q, Features{Category: "DISCRIMINATION", Norms: []string{"GC-1.2"}, Grounds: []string{"AGE"}}.Tags())
	otherNorm, _ := Similarity(q, Features{Category: "DISCRIMINATION", Norms: []string{"GC-1.4"}, Grounds: []string{"RELIGION"}}.Tags())
	nothing, shared := Similarity(q, Features{Category: "GIFTS"}.Tags())
	if same != 1 || !(otherGround < same && otherNorm < otherGround && nothing == 0) || len(shared) != 0 {
		t.Errorf("similarities: same %v, other ground %v, other norm %v, nothing %v", same, otherGround, otherNorm, nothing)
	}
}

func TestAProposedSanctionIsPlacedAgainstTheMiddleOfComparableCases(t *testing.T) {
	hits := func(sanctions ...string) []Hit {
		var hs []Hit
		for _, s := range sanctions {
			hs = append(hs, Hit{Stored: Stored{Record: Record{Category: "BULLYING", Findings: "PROVEN", Sanction: s}}, Score: 1})
		}
		return hs
	}
	h := hits("WRITTEN_WARNING", "FINAL_WARNING", "FINAL_WARNING", "TERMINATION_BY_COURT", "TERMINATION_BY_COURT", "SUMMARY_DISMISSAL")
	h = append(h, Hit{Stored: Stored{Record: Record{Category: "BULLYING", Findings: "NOT_PROVEN", Sanction: NoSanction}}, Score: 1})
	for proposed, want := range map[string]string{
		"NONE": Lighter, "WRITTEN_WARNING": Lighter, "FINAL_WARNING": InLine, "TRANSFER": InLine,
		"TERMINATION_BY_COURT": InLine, "SUMMARY_DISMISSAL": Heavier,
	} {
		dist, c := distribution(h, "BULLYING", proposed)
		if c == nil || c.Verdict != want || c.Basis != 6 {
			t.Errorf("%s: %+v, want %s on 6", proposed, c, want)
		}
		if len(dist) != 4 || dist[0].Sanction != "WRITTEN_WARNING" || dist[1].Count != 2 {
			t.Errorf("distribution %v", dist)
		}
	}
	if _, c := distribution(hits("FINAL_WARNING", "FINAL_WARNING"), "BULLYING", "FINAL_WARNING"); c == nil || c.Verdict != NoBasis {
		t.Errorf("two comparable cases are no basis: %+v", c)
	}
}

// One highly comparable precedent with the proposed sanction outweighs several weakly comparable
// heavier ones; precedents of another category, not proven or below the floor do not count.
func TestTheSanctionComparisonIsWeightedBySimilarity(t *testing.T) {
	hit := func(cat, findings, sanction string, score float64) Hit {
		return Hit{Stored: Stored{Record: Record{Category: cat, Findings: findings, Sanction: sanction}}, Score: score}
	}
	h := []Hit{hit("BULLYING", "PROVEN", "WRITTEN_WARNING", 0.95)}
	for range 5 {
		h = append(h, hit("DISCRIMINATION", "PROVEN", "SUMMARY_DISMISSAL", 0.9))
	}
	for range 5 {
		h = append(h, hit("BULLYING", "PROVEN", "FINAL_WARNING", 0.35))
	}
	h = append(h, hit("BULLYING", "NOT_PROVEN", NoSanction, 0.9), hit("BULLYING", "PROVEN", "TRANSFER", 0.1))
	dist, c := distribution(h, "BULLYING", "WRITTEN_WARNING")
	if c == nil || c.Verdict != InLine || c.Basis != 6 {
		t.Errorf("comparison %+v, want IN_LINE on 6", c)
	}
	if len(dist) != 2 || dist[0] != (SanctionCount{"WRITTEN_WARNING", 1}) || dist[1] != (SanctionCount{"FINAL_WARNING", 5}) {
		t.Errorf("distribution %v", dist)
	}
	if _, c := distribution(h, "", "WRITTEN_WARNING"); c == nil || c.Verdict != NoBasis {
		t.Errorf("without a category: %+v, want NO_BASIS", c)
	}
}
