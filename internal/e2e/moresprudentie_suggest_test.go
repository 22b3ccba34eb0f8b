package e2e

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// lookupView is what a user sees of one lookup: the order of the hits, the suggestions (key →
// words and status), and per hit the Dutch texts of how it is alike and how it differs.
type lookupView struct {
	order       []string
	suggestions map[string]*pb.PrecedentSuggestion
	alike       map[string][]string
	differs     map[string][]string
}

func viewOf(res *pb.LookupPrecedentsResponse) lookupView {
	v := lookupView{suggestions: map[string]*pb.PrecedentSuggestion{}, alike: map[string][]string{}, differs: map[string][]string{}}
	for _, sg := range res.GetSuggestions() {
		v.suggestions[sg.GetKey()] = sg
	}
	for _, h := range res.GetHits() {
		id := h.GetPrecedent().GetExternalId()
		v.order = append(v.order, id)
		for _, r := range h.GetReasons() {
			v.alike[id] = append(v.alike[id], r.GetText())
		}
		for _, d := range h.GetDifferences() {
			v.differs[id] = append(v.differs[id], d.GetText())
		}
	}
	return v
}

func (v lookupView) String() string {
	var b strings.Builder
	for _, id := range v.order {
		fmt.Fprintf(&b, "%s alike %q differs %q; ", id, v.alike[id], v.differs[id])
	}
	return b.String()
}

// Over REST and gRPC, on both databases, with text alone: the lookup reads facts from the text
// and offers them with the words that point to them; confirming or dropping one changes which
// precedent comes first; every hit says in Dutch how it is alike, and the twins how they differ
// ("Andere discriminatiegrond: …", "Niet bewezen").
func TestTextOnlyLookupSuggestsConfirmsDropsAndSaysHowHitsDiffer(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		hanna := s.tokenFor(t, "hanna", "hr")
		ita := s.tokenFor(t, "ita-1", "integrity_team")
		s.rest(t, "POST", "/v1/precedents:import", hanna, map[string]any{"format": "jsonl", "content": base64.StdEncoding.EncodeToString([]byte(twinPrecedents()))}).want(t, 200, nil)

		lookups := map[string]func(t *testing.T, text string, confirmed, dropped []string) lookupView{
			"REST": func(t *testing.T, text string, confirmed, dropped []string) lookupView {
				q := map[string]any{"text": text}
				if confirmed != nil {
					q["confirmedSuggestions"] = confirmed
				}
				if dropped != nil {
					q["droppedSuggestions"] = dropped
				}
				r := s.rest(t, "POST", "/v1/precedents:lookup", ita, map[string]any{"query": q})
				r.want(t, 200, nil)
				var res pb.LookupPrecedentsResponse
				if err := protojson.Unmarshal(r.Body, &res); err != nil {
					t.Fatalf("decoding %s: %v", r.Body, err)
				}
				return viewOf(&res)
			},
			"gRPC": func(t *testing.T, text string, confirmed, dropped []string) lookupView {
				res, err := s.precedents.LookupPrecedents(ctx(t, ita), &pb.LookupPrecedentsRequest{Query: &pb.PrecedentQuery{
					Text: text, ConfirmedSuggestions: confirmed, DroppedSuggestions: dropped}})
				if err != nil {
					t.Fatal(err)
				}
				return viewOf(res)
			},
		}
		const text = "Een inwoner met een hoofddoek is aan de balie beledigd door een medewerker."
		seen := map[string]string{}
		for _, via := range []string{"REST", "gRPC"} {
			lookup := lookups[via]

			// Text alone: the facts read from it, with the words behind them.
			v := lookup(t, text, nil, nil)
			religion, category := v.suggestions["GROUND:RELIGION"], v.suggestions["CATEGORY:DISCRIMINATION"]
			if religion == nil || !slices.Contains(religion.GetWords(), "hoofddoek") || religion.GetStatus() != "SUGGESTED" ||
				category == nil || len(category.GetWords()) == 0 {
				t.Fatalf("%s: suggestions %v", via, v.suggestions)
			}
			wantOrder(t, via+", text alone", v, "t-religion", "t-unproven", "t-origin")
			for _, id := range v.order {
				if !slices.ContainsFunc(v.alike[id], func(s string) bool { return strings.HasPrefix(s, "Woorden: ") }) {
					t.Errorf("%s: %s does not say which words it shares: %q", via, id, v.alike[id])
				}
			}
			wantText(t, via+", t-religion alike", v.alike["t-religion"], "Zelfde discriminatiegrond: godsdienst (afgeleid uit de tekst: hoofddoek")
			wantText(t, via+", t-religion alike", v.alike["t-religion"], "beledigd ≈ uitgescholden")
			if len(v.differs["t-religion"]) != 0 {
				t.Errorf("%s: the twin that matches differs in %q", via, v.differs["t-religion"])
			}
			wantText(t, via+", t-unproven differs", v.differs["t-unproven"], "Niet bewezen")
			wantText(t, via+", t-origin differs", v.differs["t-origin"], "Andere discriminatiegrond: afkomst of etniciteit in plaats van godsdienst")
			seen[via] = v.String()

			// Religion dropped: not read again, and the origin twin no longer differs in its ground.
			v = lookup(t, text, nil, []string{"GROUND:RELIGION"})
			if v.suggestions["GROUND:RELIGION"] != nil {
				t.Errorf("%s: a dropped suggestion came back", via)
			}
			wantOrder(t, via+", religion dropped", v, "t-religion", "t-origin", "t-unproven")
			if len(v.differs["t-origin"]) != 0 {
				t.Errorf("%s, religion dropped: the origin twin still differs in %q", via, v.differs["t-origin"])
			}

			// Origin confirmed instead: the origin twin first, the religion twins differ from it.
			v = lookup(t, text, []string{"GROUND:ORIGIN_ETHNICITY"}, []string{"GROUND:RELIGION"})
			if sg := v.suggestions["GROUND:ORIGIN_ETHNICITY"]; sg == nil || sg.GetStatus() != "CONFIRMED" {
				t.Errorf("%s: the confirmed ground: %v", via, sg)
			}
			wantOrder(t, via+", origin confirmed", v, "t-origin", "t-religion", "t-unproven")
			wantText(t, via+", t-origin alike", v.alike["t-origin"], "Zelfde discriminatiegrond: afkomst of etniciteit")
			wantText(t, via+", t-religion differs", v.differs["t-religion"], "Andere discriminatiegrond: godsdienst in plaats van afkomst of etniciteit")
			wantText(t, via+", t-unproven differs", v.differs["t-unproven"], "Andere discriminatiegrond: godsdienst in plaats van afkomst of etniciteit")
			wantText(t, via+", t-unproven differs", v.differs["t-unproven"], "Niet bewezen")
		}
		if seen["REST"] != seen["gRPC"] {
			t.Errorf("REST and gRPC differ:\nREST %s\ngRPC %s", seen["REST"], seen["gRPC"])
		}
	})
}

func wantOrder(t *testing.T, what string, v lookupView, first ...string) {
	t.Helper()
	if len(v.order) < len(first) || !slices.Equal(v.order[:len(first)], first) {
		t.Errorf("%s: hits %s, want first %v", what, v, first)
	}
}

func wantText(t *testing.T, what string, texts []string, part string) {
	t.Helper()
	if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, part) }) {
		t.Errorf("%s: %q does not say %q", what, texts, part)
	}
}
