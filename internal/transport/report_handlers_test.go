package transport

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/utrecht/meldpunt/internal/report"
)

// leaves flattens a JSON document to its number, boolean and null leaves by path (object keys
// in snake_case, list positions as [i]).
func leaves(t *testing.T, data []byte) map[string]any {
	return leavesOf(t, data, false)
}

// leavesOf is leaves, with the string leaves too when withStrings is set.
func leavesOf(t *testing.T, data []byte, withStrings bool) map[string]any {
	t.Helper()
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	snake := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			if unicode.IsUpper(r) {
				b.WriteByte('_')
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	out := map[string]any{}
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch x := v.(type) {
		case map[string]any:
			for k, v := range x {
				walk(v, path+"."+snake(k))
			}
		case []any:
			for i, v := range x {
				walk(v, fmt.Sprintf("%s[%d]", path, i))
			}
		case string:
			if withStrings {
				out[path] = v
			}
		default:
			out[path] = v
		}
	}
	walk(doc, "")
	return out
}

// The API publishes the annual report as a protocol buffer; its JSON must carry no number that
// the report's own JSON (whose every number internal/report proves to be a protected count,
// or a year, the threshold or a figure's value) does not carry with the same value.
func TestTheAPIReportPublishesNoOtherNumbers(t *testing.T) {
	r := sampleReport()
	own, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	api, err := protojson.MarshalOptions{EmitUnpopulated: true}.Marshal(reportToProto(r))
	if err != nil {
		t.Fatal(err)
	}
	ownLeaves, apiLeaves := leaves(t, own), leaves(t, api)
	numbers := 0
	for path, v := range apiLeaves {
		if _, shown := ownLeaves[path]; v == nil || v == false && !shown {
			continue // nothing published (a mark that is not set: the report leaves it out)
		}
		numbers++
		if w, ok := ownLeaves[path]; !ok || w != v {
			t.Errorf("the API publishes %s = %v; the report has %v", path, v, w)
		}
	}
	if numbers < 30 {
		t.Fatalf("only %d numbers compared", numbers)
	}
}

// sampleReport is a protected report of a small organisation.
func sampleReport() report.Report {
	raw := report.Raw{Year: 2026, Reports: 40,
		ReportsByChannel: map[string]int{"WEB_FORM": 30, "HR": 3, "MANAGER": 7}, ReportsByCategory: map[string]int{"DISCRIMINATION": 25, "BULLYING": 15},
		ReportsByAnonymity: map[string]int{"ANONYMOUS": 20, "NAMED": 20}, ReportsByUnit: map[string]int{"": 10, "Sociaal Domein": 30},
		GroundMentions: map[string]int{"AGE": 12, "RELIGION": 13}, Conversations: map[string]int{"INTERNAL": 30}, ReportersInConversation: map[string]int{"INTERNAL": 20},
		Escalations: 12, WeighingsByOutcome: map[string]int{"REASONABLE_SUSPICION": 6, "NO_REASONABLE_SUSPICION": 6},
		Investigations: 6, InvestigationsByUnit: map[string]int{"Sociaal Domein": 6},
		OutcomesByOutcome: map[string]int{"NO_REASONABLE_SUSPICION": 6, "RESOLVED_INFORMALLY": 10, "NOT_PROVEN": 2, "PROVEN_WITH_SANCTION": 4},
		FindingsByResult:  map[string]int{"PROVEN": 5, "NOT_PROVEN": 3}, SanctionsByType: map[string]int{"WRITTEN_WARNING": 4}, Decisions: 4, Lighter: 1,
		Durations: map[string]report.Duration{"closure": {N: 22, Median: 20, P90: 40}, "weighing": {N: 12, Median: 5, P90: 9}},
		Deadlines: map[string]report.Compliance{"acknowledgement": {Due: 40, Met: 38}}, ProvenDiscrimination: 4, ProvenDiscriminationSanctioned: 4,
	}
	years := []report.YearRaw{{Year: 2025, Reports: 35, Conversations: 20, Investigations: 3, Sanctions: 2}, {Year: 2026, Reports: 40, Conversations: 30, Investigations: 6, Sanctions: 4}}
	r := report.Build(raw, years, 5, "Gemeente", time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC))
	return r
}

// The API carries what the report's own JSON (and so its CSV and page) shows: every count, and
// also the marks of suppressed counts — small ("< 5") or shielding another ("afgeschermd") —,
// the deadline bands, the handling times held back, and the relations between the counts.
func TestTheAPICarriesWhatTheReportShows(t *testing.T) {
	r := sampleReport()
	own, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	api, err := protojson.MarshalOptions{EmitUnpopulated: true}.Marshal(reportToProto(r))
	if err != nil {
		t.Fatal(err)
	}
	ownLeaves, apiLeaves := leavesOf(t, own, true), leavesOf(t, api, true)
	kinds := map[string]int{}
	for path, v := range ownLeaves {
		if path == ".generated_at" {
			continue // a timestamp, written differently
		}
		if v == nil { // suppressed: not in the API either (an unset optional field)
			if w := apiLeaves[path]; w != nil {
				t.Errorf("%s is suppressed in the report; the API has %v", path, w)
			}
			continue
		}
		if w, ok := apiLeaves[path]; !ok || w != v {
			t.Errorf("the report shows %s = %v; the API %v", path, v, w)
		}
		for _, k := range []string{".small", ".total_small", ".share_band_nl", ".relations[", "zero_tolerance.small["} {
			if strings.Contains(path, k) {
				kinds[k]++
			}
		}
	}
	if len(kinds) < 4 {
		t.Fatalf("the sample shows too little to compare: %v", kinds)
	}
}
