package e2e

import (
	"encoding/base64"
	"strings"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// bullyingPrecedents: one highly comparable bullying precedent (written warning), five weakly
// comparable ones (final warnings) and five discrimination precedents worded like the query.
func bullyingPrecedents() string {
	var b strings.Builder
	add := func(id, cat, grounds, norms, sanction, summary string) {
		b.WriteString(`{"external_id":"` + id + `","source_organisation":"Gemeente Utrecht","year":2024,"category":"` + cat +
			`","discrimination_grounds":[` + grounds + `],"norms":[` + norms + `],"findings":"PROVEN","sanction":"` + sanction +
			`","summary":"` + summary + `"}` + "\n")
	}
	add("b-1", "BULLYING", "", `"CAT-BULLYING","GC-1.1"`, "WRITTEN_WARNING", "Een teamleider maakte een collega herhaaldelijk belachelijk in het werkoverleg.")
	for i, s := range []string{"verstopte de spullen van", "negeerde wekenlang", "stuurde spottende berichten aan", "sloot bij de lunch buiten", "verspreidde roddels over"} {
		add("b-"+string(rune('2'+i)), "BULLYING", "", `"CAT-BULLYING"`, "FINAL_WARNING", "Een medewerker "+s+" een collega.")
	}
	for i := range 5 {
		add("d-"+string(rune('1'+i)), "DISCRIMINATION", `"ORIGIN_ETHNICITY"`, `"CAT-DISCRIMINATION","GC-1.2"`, "SUMMARY_DISMISSAL",
			"Een teamleider maakte een collega herhaaldelijk belachelijk in het werkoverleg om haar afkomst.")
	}
	return b.String()
}

// Over REST and gRPC: the verdict on a proposed sanction rests on the comparable proven
// precedents of the category, weighted — the same for any page size, never discrimination
// precedents for a bullying case — and without enough of them it is NO_BASIS.
func TestSanctionVerdictOverTheAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		hanna := s.tokenFor(t, "hanna", "hr")
		ita := s.tokenFor(t, "ita-1", "integrity_team")
		s.rest(t, "POST", "/v1/precedents:import", hanna, map[string]any{"format": "jsonl", "content": base64.StdEncoding.EncodeToString([]byte(bullyingPrecedents()))}).want(t, 200, nil)
		query := map[string]any{"text": "De teamleider maakt een collega herhaaldelijk belachelijk in het werkoverleg.", "category": "BULLYING", "norms": []string{"CAT-BULLYING", "GC-1.1"}}
		type answer struct {
			SanctionDistribution []struct {
				Sanction string `json:"sanction"`
				Count    int    `json:"count"`
			} `json:"sanctionDistribution"`
			Comparison struct {
				Verdict string `json:"verdict"`
				Basis   int    `json:"basis"`
			} `json:"comparison"`
		}
		for _, limit := range []int{1, 10} {
			var a answer
			s.rest(t, "POST", "/v1/precedents:lookup", ita, map[string]any{"query": query, "proposedSanction": "WRITTEN_WARNING", "limit": limit}).want(t, 200, &a)
			if a.Comparison.Verdict != "IN_LINE" || a.Comparison.Basis != 6 {
				t.Errorf("REST, page of %d: %+v, want IN_LINE on 6", limit, a.Comparison)
			}
			for _, d := range a.SanctionDistribution {
				if d.Sanction == "SUMMARY_DISMISSAL" {
					t.Errorf("REST, page of %d: a bullying case compared with discrimination precedents: %+v", limit, a.SanctionDistribution)
				}
			}
		}
		res, err := s.precedents.LookupPrecedents(ctx(t, ita), &pb.LookupPrecedentsRequest{
			Query:            &pb.PrecedentQuery{Text: "Een medewerker nam een dure fles wijn aan van een leverancier.", Category: "GIFTS", Norms: []string{"CAT-GIFTS"}},
			ProposedSanction: "WRITTEN_WARNING",
		})
		if err != nil {
			t.Fatal(err)
		}
		if c := res.GetComparison(); c.GetVerdict() != "NO_BASIS" || c.GetBasis() != 0 || len(res.GetSanctionDistribution()) != 0 {
			t.Errorf("gRPC, a gifts case without gifts precedents: %v %v, want NO_BASIS on 0", c, res.GetSanctionDistribution())
		}
	})
}
