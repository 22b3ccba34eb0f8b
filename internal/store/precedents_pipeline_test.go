package store_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/precedents/dutch"
	"github.com/utrecht/meldpunt/internal/store"
)

var teamActor = precedents.Actor{Subject: "ita", IntegrityTeam: true}

// longCase is a whole case description, as a lookup from a case uses it: far more than 64
// distinct lexemes, with the decisive words ("zwanger", "uitschelden") late in the alphabet and
// at the end.
const longCase = `Op de afdeling Vergunningen werkt een team van twaalf medewerkers onder een nieuwe
leidinggevende. Sinds het voorjaar zijn er meerdere signalen binnengekomen over de sfeer in het team.
Collega's beschrijven vergaderingen waarin de leidinggevende medewerkers onderbreekt, hun werk
belachelijk maakt en opmerkingen maakt over hun uiterlijk. Een medewerkster heeft tijdens een
functioneringsgesprek gezegd dat zij zich niet veilig voelt en overweegt ontslag te nemen. De
vertrouwenspersoon is ingeschakeld en heeft gesprekken gevoerd met vier betrokkenen. Uit de
verklaringen blijkt dat de situatie al maanden duurt en dat meerdere collega's zich ziek hebben
gemeld. Volgens getuigen gebeurde dit ook tijdens het werkoverleg en in de kantine, in het bijzijn
van stagiairs en externe adviseurs. De leidinggevende ontkent niet dat hij streng is maar vindt dat
hij alleen hoge eisen stelt. Nadat de medewerkster had verteld dat zij zwanger was, bleef hij haar
uitschelden en zei hij dat zij zwanger niet meer mee hoefde te doen.`

func TestLongLookupStillMatchesWordsLateInTheAlphabet(t *testing.T) {
	if n := len(slices.Compact(slices.Sorted(slices.Values(dutch.Terms("nl", longCase))))); n <= 64 {
		t.Fatalf("the case description has %d distinct lexemes, want more than 64", n)
	}
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		lib, _ := loadEval(t, st)
		line := `{"external_id":"z-1","source_organisation":"Gemeente Utrecht","year":2024,"category":"INTIMIDATION","findings":"PROVEN","sanction":"FINAL_WARNING","summary":"Een chef bleef een werkneemster uitschelden omdat zij zwanger was."}` + "\n"
		if _, err := lib.Import(context.Background(), hrActor, precedents.FormatJSONL, strings.NewReader(line), nil); err != nil {
			t.Fatal(err)
		}
		res, err := lib.Lookup(context.Background(), teamActor, precedents.Query{Text: longCase, Ranking: precedents.RankTextOnly, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ExternalID)
		}
		if len(res.Hits) == 0 || ids[0] != "z-1" {
			t.Fatalf("%s: the precedent about a pregnant employee being sworn at does not come first: %v", st.Dialect(), ids)
		}
		var words []string
		for _, r := range res.Hits[0].Reasons {
			words = append(words, r.Words...)
		}
		if !slices.Contains(words, "zwanger") {
			t.Errorf("%s: the reasons of the match do not name the decisive word: %v", st.Dialect(), words)
		}
	})
}

// reorder returns the sentences of text in reverse order.
func reorder(text string) string {
	var sentences []string
	for _, s := range strings.SplitAfter(text, ".") {
		if strings.TrimSpace(s) != "" {
			sentences = append(sentences, strings.TrimSpace(s))
		}
	}
	slices.Reverse(sentences)
	return strings.Join(sentences, " ")
}

func rankedIDs(t *testing.T, lib *precedents.Service, q precedents.Query) []string {
	t.Helper()
	res, err := lib.Lookup(context.Background(), teamActor, q)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ExternalID)
	}
	return ids
}

func evalQueries(qs []evalQuery) []precedents.Query {
	var out []precedents.Query
	for _, q := range qs {
		for _, mode := range []string{precedents.RankTextOnly, precedents.RankCombined} {
			out = append(out, precedents.Query{Text: q.Text, Language: q.Language, Ranking: mode, Limit: 10,
				Features: precedents.Features{Category: q.Category, Grounds: q.Grounds, Norms: q.Norms, Aggravating: q.Aggravating, Mitigating: q.Mitigating}})
		}
	}
	out = append(out, precedents.Query{Text: longCase, Ranking: precedents.RankTextOnly, Limit: 10})
	return out
}

func TestPrecedentRankingDoesNotDependOnSentenceOrder(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		lib, qs := loadEval(t, st)
		for i, q := range evalQueries(qs) {
			a := rankedIDs(t, lib, q)
			q.Text = reorder(q.Text)
			if b := rankedIDs(t, lib, q); !slices.Equal(a, b) {
				t.Errorf("%s: query %d (%s): in text order %v, sentences reversed %v", st.Dialect(), i, q.Ranking, a, b)
			}
		}
	})
}

func TestPrecedentLookupGivesTheSameTopFiveOnBothDatabases(t *testing.T) {
	var mu sync.Mutex
	got := map[string][][]string{}
	t.Run("lookups", func(t *testing.T) {
		forEach(t, func(t *testing.T, st *store.Store, _ string) {
			lib, qs := loadEval(t, st)
			var all [][]string
			for _, q := range evalQueries(qs) {
				ids := rankedIDs(t, lib, q)
				all = append(all, ids[:min(5, len(ids))])
			}
			mu.Lock()
			got[st.Dialect()] = all
			mu.Unlock()
		})
	})
	if len(got) < 2 {
		t.Skip("needs both databases")
	}
	var names []string
	for n := range got {
		names = append(names, n)
	}
	slices.Sort(names)
	a, b := got[names[0]], got[names[1]]
	for i := range a {
		if !slices.Equal(a[i], b[i]) {
			t.Errorf("query %d: %s %v, %s %v", i, names[0], a[i], names[1], b[i])
		}
	}
}

// bullyingLibrary: one highly comparable bullying precedent (a written warning), five weakly
// comparable bullying precedents (final warnings), five discrimination precedents worded like the
// query (summary dismissals) and a not-proven bullying one.
func bullyingLibrary(t *testing.T, st *store.Store) *precedents.Service {
	t.Helper()
	lib := precedents.New(st.Precedents(), nil)
	var b strings.Builder
	add := func(id, cat, grounds, norms, findings, sanction, summary string) {
		b.WriteString(`{"external_id":"` + id + `","source_organisation":"Gemeente Utrecht","year":2024,"category":"` + cat +
			`","discrimination_grounds":[` + grounds + `],"norms":[` + norms + `],"findings":"` + findings + `","sanction":"` + sanction +
			`","summary":"` + summary + `"}` + "\n")
	}
	add("b-1", "BULLYING", "", `"CAT-BULLYING","GC-1.1"`, "PROVEN", "WRITTEN_WARNING", "Een teamleider maakte een collega herhaaldelijk belachelijk in het werkoverleg.")
	weak := []string{"Een medewerker verstopte de spullen van een collega.", "Een medewerker negeerde een collega wekenlang.",
		"Een medewerker stuurde een collega spottende berichten.", "Een medewerker sloot een collega buiten bij de lunch.",
		"Een medewerker verspreidde roddels over een collega."}
	for i, s := range weak {
		add("b-"+string(rune('2'+i)), "BULLYING", "", `"CAT-BULLYING"`, "PROVEN", "FINAL_WARNING", s)
	}
	for i := range 5 {
		add("d-"+string(rune('1'+i)), "DISCRIMINATION", `"ORIGIN_ETHNICITY"`, `"CAT-DISCRIMINATION","GC-1.2"`, "PROVEN", "SUMMARY_DISMISSAL",
			"Een teamleider maakte een collega herhaaldelijk belachelijk in het werkoverleg om haar afkomst.")
	}
	add("n-1", "BULLYING", "", `"CAT-BULLYING","GC-1.1"`, "NOT_PROVEN", "NONE", "Een teamleider zou een collega belachelijk hebben gemaakt in het werkoverleg.")
	if _, err := lib.Import(context.Background(), hrActor, precedents.FormatJSONL, strings.NewReader(b.String()), nil); err != nil {
		t.Fatal(err)
	}
	return lib
}

var bullyingCase = precedents.Query{
	Text:             "De teamleider maakt een collega herhaaldelijk belachelijk in het werkoverleg.",
	Features:         precedents.Features{Category: "BULLYING", Norms: []string{"CAT-BULLYING", "GC-1.1"}},
	ProposedSanction: "WRITTEN_WARNING",
}

// The comparison of a proposed sanction rests on the comparable proven precedents of the case's
// category, weighted by similarity: the same whatever the page size, never discrimination
// precedents for a bullying case, and the one highly comparable precedent with the same sanction
// outweighs five weakly comparable heavier ones.
func TestSanctionComparisonRestsOnComparableProvenPrecedentsOfTheCategory(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		lib := bullyingLibrary(t, st)
		var first *precedents.LookupResult
		for _, limit := range []int{1, 3, 10, 50} {
			q := bullyingCase
			q.Limit = limit
			res, err := lib.Lookup(context.Background(), teamActor, q)
			if err != nil {
				t.Fatal(err)
			}
			c := res.Comparison
			if c == nil || c.Verdict != precedents.InLine || c.Basis != 6 {
				t.Errorf("%s, page of %d: comparison %+v, want IN_LINE resting on 6 bullying precedents", st.Dialect(), limit, c)
			}
			for _, d := range res.Distribution {
				if d.Sanction == "SUMMARY_DISMISSAL" || d.Sanction == "NONE" {
					t.Errorf("%s, page of %d: the distribution counts a discrimination or not-proven precedent: %v", st.Dialect(), limit, res.Distribution)
				}
			}
			if first == nil {
				first = &res
			} else if !slices.Equal(first.Distribution, res.Distribution) || *first.Comparison != *res.Comparison {
				t.Errorf("%s: page of %d gives %v %+v, page of 1 gave %v %+v", st.Dialect(), limit, res.Distribution, res.Comparison, first.Distribution, first.Comparison)
			}
		}
		// Too few comparable proven precedents: no verdict.
		q := bullyingCase
		q.Category, q.Norms = "GIFTS", []string{"CAT-GIFTS"}
		res, err := lib.Lookup(context.Background(), teamActor, q)
		if err != nil {
			t.Fatal(err)
		}
		if res.Comparison == nil || res.Comparison.Verdict != precedents.NoBasis || len(res.Distribution) != 0 {
			t.Errorf("%s: a gifts case with no gifts precedents: %v %+v, want NO_BASIS", st.Dialect(), res.Distribution, res.Comparison)
		}
	})
}
