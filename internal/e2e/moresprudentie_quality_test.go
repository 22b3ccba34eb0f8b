package e2e

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// twinPrecedents: a discrimination precedent about origin at the counter, its twin about
// religion and its twin that was not proven, plus two unrelated precedents.
func twinPrecedents() string {
	var b strings.Builder
	add := func(id, cat, grounds, findings, sanction, agg, summary string) {
		b.WriteString(`{"external_id":"` + id + `","source_organisation":"Gemeente Utrecht","year":2025,"category":"` + cat +
			`","discrimination_grounds":[` + grounds + `],"norms":["GC-1.2"],"findings":"` + findings + `","sanction":"` + sanction +
			`","aggravating":[` + agg + `],"summary":"` + summary + `"}` + "\n")
	}
	add("t-origin", "DISCRIMINATION", `"ORIGIN_ETHNICITY"`, "PROVEN", "WRITTEN_WARNING", `"PUBLIC_HARM"`,
		"Een baliemedewerker heeft een inwoner aan het loket uitgescholden om zijn afkomst.")
	add("t-religion", "DISCRIMINATION", `"RELIGION"`, "PROVEN", "WRITTEN_WARNING", `"PUBLIC_HARM"`,
		"Een baliemedewerker heeft een inwoner aan het loket uitgescholden om haar hoofddoek.")
	add("t-unproven", "DISCRIMINATION", `"RELIGION"`, "NOT_PROVEN", "NONE", `"PUBLIC_HARM"`,
		"Een baliemedewerker zou een inwoner aan het loket hebben uitgescholden om haar hoofddoek.")
	add("x-gifts", "GIFTS", "", "PROVEN", "WRITTEN_WARNING", "", "Een medewerker nam een fles wijn aan van een leverancier.")
	add("x-fraud", "FRAUD_THEFT_EMBEZZLEMENT", "", "PROVEN", "FINAL_WARNING", "", "Een medewerker declareerde etentjes die niet zakelijk waren.")
	return b.String()
}

// Over REST and gRPC: a text-only lookup suggests the facts it reads from the text with the words
// behind them, ranks with them, and says of each hit how it is alike (a paraphrase as such) and
// how it differs; a confirmed suggestion is a filter, a dropped one is not read again, a malformed
// one is refused naming the field.
func TestPrecedentSuggestionsAndDifferencesOverTheAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		hanna := s.tokenFor(t, "hanna", "hr")
		ita := s.tokenFor(t, "ita-1", "integrity_team")
		s.rest(t, "POST", "/v1/precedents:import", hanna, map[string]any{"format": "jsonl", "content": base64.StdEncoding.EncodeToString([]byte(twinPrecedents()))}).want(t, 200, nil)
		text := "Een inwoner met een hoofddoek is aan de balie beledigd door een medewerker."

		type answer struct {
			Hits []struct {
				Precedent struct {
					ExternalID string `json:"externalId"`
				} `json:"precedent"`
				Reasons []struct {
					Kind     string   `json:"kind"`
					Words    []string `json:"words"`
					Text     string   `json:"text"`
					Inferred bool     `json:"inferred"`
					Matches  []struct {
						Word       string `json:"word"`
						Matched    string `json:"matched"`
						Paraphrase bool   `json:"paraphrase"`
					} `json:"matches"`
				} `json:"reasons"`
				Differences []struct {
					Kind string `json:"kind"`
					Text string `json:"text"`
				} `json:"differences"`
			} `json:"hits"`
			Suggestions []struct {
				Key        string   `json:"key"`
				Words      []string `json:"words"`
				Confidence float64  `json:"confidence"`
				Status     string   `json:"status"`
			} `json:"suggestions"`
		}
		var a answer
		s.rest(t, "POST", "/v1/precedents:lookup", ita, map[string]any{"query": map[string]any{"text": text}}).want(t, 200, &a)
		var keys []string
		for _, sg := range a.Suggestions {
			keys = append(keys, sg.Key)
			if sg.Key == "GROUND:RELIGION" && (!slices.Contains(sg.Words, "hoofddoek") || sg.Confidence <= 0 || sg.Status != "SUGGESTED") {
				t.Errorf("REST: religion suggested as %+v", sg)
			}
		}
		if !slices.Contains(keys, "CATEGORY:DISCRIMINATION") || !slices.Contains(keys, "GROUND:RELIGION") {
			t.Fatalf("REST: suggestions %v", keys)
		}
		if len(a.Hits) < 3 || a.Hits[0].Precedent.ExternalID != "t-religion" {
			t.Fatalf("REST: hits %+v", a.Hits)
		}
		paraphrase := false
		for _, r := range a.Hits[0].Reasons {
			for _, m := range r.Matches {
				if m.Word == "beledigd" && m.Paraphrase && slices.Contains(r.Words, "beledigd ≈ "+m.Matched) {
					paraphrase = true
				}
			}
		}
		if !paraphrase {
			t.Errorf("REST: the paraphrase is not shown: %+v", a.Hits[0].Reasons)
		}
		for _, h := range a.Hits {
			switch h.Precedent.ExternalID {
			case "t-unproven":
				if !slices.ContainsFunc(h.Differences, func(d struct {
					Kind string `json:"kind"`
					Text string `json:"text"`
				}) bool {
					return d.Kind == "FINDINGS" && d.Text == "Niet bewezen"
				}) {
					t.Errorf("REST: the unproven twin does not say so: %+v", h.Differences)
				}
			case "t-origin":
				if len(h.Differences) == 0 || !strings.HasPrefix(h.Differences[0].Text, "Andere discriminatiegrond: afkomst of etniciteit in plaats van godsdienst") {
					t.Errorf("REST: the origin twin: %+v", h.Differences)
				}
			}
		}

		// gRPC: religion dropped, origin confirmed.
		res, err := s.precedents.LookupPrecedents(ctx(t, ita), &pb.LookupPrecedentsRequest{Query: &pb.PrecedentQuery{
			Text: text, ConfirmedSuggestions: []string{"GROUND:ORIGIN_ETHNICITY"}, DroppedSuggestions: []string{"GROUND:RELIGION"},
		}})
		if err != nil {
			t.Fatal(err)
		}
		var confirmed bool
		for _, sg := range res.GetSuggestions() {
			if sg.GetKey() == "GROUND:RELIGION" {
				t.Errorf("gRPC: a dropped suggestion came back: %v", sg)
			}
			if sg.GetKey() == "GROUND:ORIGIN_ETHNICITY" && sg.GetStatus() == "CONFIRMED" {
				confirmed = true
			}
		}
		if !confirmed || res.GetHits()[0].GetPrecedent().GetExternalId() != "t-origin" {
			t.Errorf("gRPC: with origin confirmed: %v first, suggestions %v", res.GetHits()[0].GetPrecedent().GetExternalId(), res.GetSuggestions())
		}
		for _, h := range res.GetHits() {
			if h.GetPrecedent().GetExternalId() == "t-religion" {
				if d := h.GetDifferences(); len(d) == 0 || d[0].GetKind() != "GROUND" || !strings.Contains(d[0].GetText(), "godsdienst in plaats van afkomst") {
					t.Errorf("gRPC: the religion twin: %v", d)
				}
			}
		}

		_, err = s.precedents.LookupPrecedents(ctx(t, ita), &pb.LookupPrecedentsRequest{Query: &pb.PrecedentQuery{Text: text, ConfirmedSuggestions: []string{"GROUND"}}})
		if st := wantCode(t, err, codes.InvalidArgument); !strings.Contains(st.Message(), "confirmed_suggestions") {
			t.Errorf("gRPC: %v", st.Message())
		}
		e := s.rest(t, "POST", "/v1/precedents:lookup", ita, map[string]any{"query": map[string]any{"text": text, "droppedSuggestions": []string{"COLOUR:RED"}}}).wantError(t, 400)
		if !strings.Contains(e.Message, "dropped_suggestions") {
			t.Errorf("REST: %s", e.Message)
		}
	})
}
