package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/store"
)

// twinLibrary imports a precedent (twin-base) and near-duplicates of it that differ in one
// decisive respect each, with a later year so that on equal scores they would come first, plus
// unrelated precedents so that word statistics mean something.
func twinLibrary(t *testing.T, st *store.Store) *precedents.Service {
	t.Helper()
	lib := precedents.New(st.Precedents(), nil)
	type rec = map[string]any
	base := func(id string, year int) rec {
		return rec{
			"external_id": id, "source_organisation": "Gemeente Utrecht", "year": year, "language": "nl",
			"category": "DISCRIMINATION", "discrimination_grounds": []string{"ORIGIN_ETHNICITY"},
			"norms": []string{"GC-1.2"}, "findings": "PROVEN", "aggravating": []string{"PUBLIC_HARM"},
			"sanction": "WRITTEN_WARNING",
			"summary":  "Een baliemedewerker heeft een inwoner aan het loket uitgescholden vanwege zijn afkomst en gezegd dat hij terug moest naar zijn eigen land.",
		}
	}
	recs := []rec{base("twin-base", 2021)}
	g := base("twin-ground", 2025)
	g["discrimination_grounds"] = []string{"RELIGION"}
	g["summary"] = "Een baliemedewerker heeft een inwoner aan het loket uitgescholden vanwege haar hoofddoek en gezegd dat zij terug moest naar haar eigen land."
	recs = append(recs, g)
	np := base("twin-not-proven", 2025)
	np["findings"], np["sanction"] = "NOT_PROVEN", "NONE"
	recs = append(recs, np)
	pp := base("twin-partly", 2025)
	pp["findings"] = "PARTLY_PROVEN"
	recs = append(recs, pp)
	col := base("twin-colleague", 2025)
	col["aggravating"] = []string{}
	recs = append(recs, col)
	mgr := base("twin-manager", 2025)
	mgr["aggravating"] = []string{"ABUSE_OF_POSITION", "PUBLIC_HARM"}
	recs = append(recs, mgr)
	rep := base("twin-repeated", 2025)
	rep["aggravating"] = []string{"PUBLIC_HARM", "REPEATED_CONDUCT"}
	recs = append(recs, rep)
	for i, s := range []string{
		"Een medewerker heeft een fles wijn en concertkaartjes van een leverancier aangenomen en dat niet gemeld.",
		"Een medewerker heeft zonder reden gegevens van zijn buurman opgezocht in de basisregistratie.",
		"Een teamleider heeft declaraties ingediend voor etentjes die nooit hebben plaatsgevonden.",
		"Een collega werd maandenlang gepest en buitengesloten tijdens de lunch.",
		"Een medewerker duwde een collega hardhandig tegen de muur na een ruzie over het rooster.",
		"Een medewerker maakte op de personeelsborrel opmerkingen over het lichaam van een stagiaire en raakte haar aan.",
	} {
		cat := []string{"GIFTS", "MISUSE_OF_INFORMATION", "FRAUD_THEFT_EMBEZZLEMENT", "BULLYING", "AGGRESSION_VIOLENCE", "SEXUAL_HARASSMENT"}[i]
		recs = append(recs, rec{"external_id": fmt.Sprintf("other-%d", i), "source_organisation": "Gemeente Utrecht", "year": 2022,
			"language": "nl", "category": cat, "norms": []string{"CAT-" + cat}, "findings": "PROVEN", "sanction": "WRITTEN_WARNING", "summary": s})
	}
	var b strings.Builder
	for _, r := range recs {
		b.WriteString(mustJSON(t, r) + "\n")
	}
	if _, err := lib.Import(context.Background(), hrActor, precedents.FormatJSONL, strings.NewReader(b.String()), nil); err != nil {
		t.Fatal(err)
	}
	return lib
}

func hitByID(res precedents.LookupResult, id string) (int, *precedents.Hit) {
	for i := range res.Hits {
		if res.Hits[i].ExternalID == id {
			return i, &res.Hits[i]
		}
	}
	return -1, nil
}

// A precedent that differs from its twin only in the ground, the findings, the victim, the
// position of the accused or the repetition ranks below the twin that matches, and says in Dutch
// how it differs — with the facts given and from the text alone.
func TestNearDuplicatePrecedentsRankBelowTheirTwinAndSayWhy(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		lib := twinLibrary(t, st)
		text := "Een loketmedewerker heeft een burger met een migratieachtergrond uitgescholden en gezegd dat hij maar terug moest naar zijn eigen land."
		given := precedents.Features{Category: "DISCRIMINATION", Grounds: []string{"ORIGIN_ETHNICITY"}, Norms: []string{"GC-1.2"}, Aggravating: []string{"PUBLIC_HARM"}}
		for _, tc := range []struct {
			name string
			f    precedents.Features
		}{{"with the facts given", given}, {"from the text alone", precedents.Features{}}} {
			res, err := lib.Lookup(context.Background(), lookupActor, precedents.Query{Text: text, Features: tc.f, Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 || res.Hits[0].ExternalID != "twin-base" {
				var got []string
				for _, h := range res.Hits {
					got = append(got, h.ExternalID)
				}
				t.Fatalf("%s: the matching twin is not first: %v", tc.name, got)
			}
			if len(res.Hits[0].Differences) != 0 {
				t.Errorf("%s: the matching twin differs: %+v", tc.name, res.Hits[0].Differences)
			}
			for _, want := range []struct{ id, kind, text string }{
				{"twin-ground", precedents.DiffGround, "Andere discriminatiegrond: godsdienst in plaats van afkomst of etniciteit"},
				{"twin-not-proven", precedents.DiffFindings, "Niet bewezen"},
				{"twin-partly", precedents.DiffFindings, "Deels bewezen"},
				{"twin-colleague", precedents.DiffVictim, "Geen inwoner benadeeld: het ging om collega's, hier om een inwoner"},
				{"twin-manager", precedents.DiffPosition, "Betrokkene was leidinggevende"},
				{"twin-repeated", precedents.DiffRepetition, "Herhaald"},
			} {
				i, h := hitByID(res, want.id)
				if h == nil {
					t.Errorf("%s: %s not found", tc.name, want.id)
					continue
				}
				if i == 0 {
					t.Errorf("%s: %s ranks first", tc.name, want.id)
				}
				if !slices.ContainsFunc(h.Differences, func(d precedents.Difference) bool {
					return d.Kind == want.kind && strings.HasPrefix(d.Text, want.text)
				}) {
					t.Errorf("%s: %s does not say %q: %+v", tc.name, want.id, want.text, h.Differences)
				}
				if len(h.Reasons) == 0 {
					t.Errorf("%s: %s does not say how it is alike", tc.name, want.id)
				}
			}
			// Not proven weighs more than partly proven.
			np, _ := hitByID(res, "twin-not-proven")
			pp, _ := hitByID(res, "twin-partly")
			if np < pp {
				t.Errorf("%s: the not-proven twin (%d) ranks above the partly proven one (%d)", tc.name, np, pp)
			}
		}
	})
}

// A text-only lookup reads the likely category, ground and circumstances from the text with the
// words behind them; a confirmed suggestion counts as a given fact and a dropped one is not read
// again; a malformed one is refused naming the field.
func TestTextOnlyLookupSuggestsFactsToConfirmOrDrop(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		lib := twinLibrary(t, st)
		ctx := context.Background()
		text := "Een inwoner met een hoofddoek is aan de balie door een medewerker uitgescholden; de leidinggevende greep niet in."
		res, err := lib.Lookup(ctx, lookupActor, precedents.Query{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		find := func(res precedents.LookupResult, key string) *precedents.Suggestion {
			for i := range res.Suggestions {
				if res.Suggestions[i].Key() == key {
					return &res.Suggestions[i]
				}
			}
			return nil
		}
		cat := find(res, "CATEGORY:DISCRIMINATION")
		ground := find(res, "GROUND:RELIGION")
		harm := find(res, "AGGRAVATING:PUBLIC_HARM")
		if cat == nil || ground == nil || harm == nil {
			t.Fatalf("suggestions: %+v", res.Suggestions)
		}
		if !slices.Contains(ground.Words, "hoofddoek") || ground.Confidence <= 0 || ground.Confidence > 1 || ground.Status != precedents.Suggested {
			t.Errorf("religion: %+v", *ground)
		}
		if !slices.ContainsFunc(harm.Words, func(w string) bool { return strings.Contains(w, "inwoner") || strings.Contains(w, "balie") }) {
			t.Errorf("public harm: %+v", *harm)
		}
		// The religion twin matches the inferred ground; the reason says it was read from the text.
		_, h := hitByID(res, "twin-ground")
		if h == nil || !slices.ContainsFunc(h.Reasons, func(r precedents.Reason) bool {
			return r.Kind == "GROUNDS" && r.Inferred && strings.Contains(r.Text, "hoofddoek")
		}) {
			t.Errorf("the religion twin's reasons: %+v", h)
		}

		// Confirmed: a filter, as if given.
		res, err = lib.Lookup(ctx, lookupActor, precedents.Query{Text: text, Confirmed: []string{"GROUND:RELIGION", "category:discrimination"}})
		if err != nil {
			t.Fatal(err)
		}
		if s := find(res, "GROUND:RELIGION"); s == nil || s.Status != precedents.Confirmed {
			t.Errorf("confirmed religion: %+v", res.Suggestions)
		}
		if res.Hits[0].ExternalID != "twin-ground" {
			t.Errorf("with religion confirmed the first hit is %s", res.Hits[0].ExternalID)
		}
		_, base := hitByID(res, "twin-base")
		if base == nil || !slices.ContainsFunc(base.Differences, func(d precedents.Difference) bool { return d.Kind == precedents.DiffGround }) {
			t.Errorf("the origin twin does not say it has another ground: %+v", base)
		}

		// Dropped: not read again.
		res, err = lib.Lookup(ctx, lookupActor, precedents.Query{Text: text, Dropped: []string{"GROUND:RELIGION", "AGGRAVATING:PUBLIC_HARM"}})
		if err != nil {
			t.Fatal(err)
		}
		if find(res, "GROUND:RELIGION") != nil || find(res, "AGGRAVATING:PUBLIC_HARM") != nil || find(res, "CATEGORY:DISCRIMINATION") == nil {
			t.Errorf("after dropping: %+v", res.Suggestions)
		}

		for _, bad := range []precedents.Query{
			{Text: text, Confirmed: []string{"RELIGION"}},
			{Text: text, Confirmed: []string{"COLOUR:RED"}},
			{Text: text, Confirmed: []string{"GROUND:NO_SUCH_GROUND"}},
			{Text: text, Dropped: []string{"GROUND:"}},
		} {
			_, err := lib.Lookup(ctx, lookupActor, bad)
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Kind != apperr.KindInvalid || !strings.HasSuffix(ae.Field, "_suggestions") {
				t.Errorf("%+v: %v", bad, err)
			}
		}
	})
}

// The words a reason gives are the distinctive ones, most distinctive first, without generic
// words; a paraphrase from the domain's synonyms is shown as such.
func TestReasonsGiveDistinctiveWordsAndParaphrases(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		lib := twinLibrary(t, st)
		res, err := lib.Lookup(context.Background(), lookupActor, precedents.Query{
			Text: "Een medewerker heeft inmiddels een inwoner aan de balie beledigd; dat was nooit goed en hij moest terug naar zijn eigen land.",
		})
		if err != nil {
			t.Fatal(err)
		}
		_, h := hitByID(res, "twin-base")
		if h == nil {
			t.Fatal("twin-base not found")
		}
		var words []string
		for _, r := range h.Reasons {
			if r.Kind == "TEXT" {
				words = r.Words
			}
		}
		for _, w := range []string{"goed", "nooit", "inmiddels", "medewerker"} {
			if slices.Contains(words, w) {
				t.Errorf("generic word %q among the reasons %v", w, words)
			}
		}
		if !slices.Contains(words, "beledigd ≈ uitgescholden") {
			t.Errorf("the paraphrase is not shown: %v", words)
		}
		if !slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, "balie ≈ ") }) {
			t.Errorf("balie is not shown: %v", words)
		}
		// Most distinctive first: a word every twin holds comes after one only some hold.
		if i, j := slices.Index(words, "inwoner"), slices.Index(words, "beledigd ≈ uitgescholden"); i < 0 || j < 0 {
			t.Errorf("words: %v", words)
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A text none of whose words the library holds still finds the precedents of the kind of
// conduct it names.
func TestATextInOtherWordsFindsPrecedentsByTheFactsItNames(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		lib := twinLibrary(t, st)
		res, err := lib.Lookup(context.Background(), lookupActor, precedents.Query{Text: "Antisemitische uitlatingen."})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].Category != "DISCRIMINATION" {
			t.Fatalf("hits: %+v, suggestions %+v", res.Hits, res.Suggestions)
		}
	})
}

// A long compound of the query matches precedents holding its last part, the word it is a kind
// of: "kraakperswagen" is a "wagen", "oerwoudgeluiden" are "geluiden" — and the reason says so.
func TestACompoundFindsPrecedentsByItsLastPart(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		lib := twinLibrary(t, st)
		var b strings.Builder
		for i, s := range []string{
			"Een belader werd in de wagen door twee collega's uitgelachen met geluiden van dieren.",
			"Een belader kreeg op het depot een verkeerde planning en klaagde daarover bij de teamleider.",
		} {
			b.WriteString(mustJSON(t, map[string]any{"external_id": fmt.Sprintf("part-%d", i), "source_organisation": "Gemeente Utrecht",
				"year": 2023, "language": "nl", "category": "BULLYING", "norms": []string{"CAT-BULLYING"}, "findings": "PROVEN",
				"sanction": "WRITTEN_WARNING", "summary": s}) + "\n")
		}
		if _, err := lib.Import(context.Background(), hrActor, precedents.FormatJSONL, strings.NewReader(b.String()), nil); err != nil {
			t.Fatal(err)
		}
		res, err := lib.Lookup(context.Background(), lookupActor, precedents.Query{
			Text: "Op de kraakperswagen maakten ze oerwoudgeluiden naar de belader.", Ranking: precedents.RankTextOnly,
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].ExternalID != "part-0" {
			t.Fatalf("the precedent holding wagen and geluiden is not first: %+v", res.Hits)
		}
		var words []string
		for _, r := range res.Hits[0].Reasons {
			if r.Kind == "TEXT" {
				words = r.Words
			}
		}
		if !slices.Contains(words, "kraakperswagen ≈ wagen") || !slices.Contains(words, "oerwoudgeluiden ≈ geluiden") {
			t.Errorf("the parts are not shown as paraphrases: %v", words)
		}
	})
}
