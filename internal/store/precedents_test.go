package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/precedents/dutch"
	"github.com/utrecht/meldpunt/internal/store"
)

var hrActor = precedents.Actor{Subject: "hanna", HR: true}

var lookupActor = precedents.Actor{Subject: "ita", IntegrityTeam: true}

type evalQuery struct {
	ID          string         `json:"id"`
	Description string         `json:"description"`
	Text        string         `json:"text"`
	Language    string         `json:"language"`
	Category    string         `json:"category"`
	Grounds     []string       `json:"grounds"`
	Norms       []string       `json:"norms"`
	Aggravating []string       `json:"aggravating"`
	Mitigating  []string       `json:"mitigating"`
	Relevant    map[string]int `json:"relevant"`
}

func loadEval(t *testing.T, st *store.Store) (*precedents.Service, []evalQuery) {
	t.Helper()
	return loadEvalSet(t, st, "../precedents/testdata/eval")
}

func loadEvalSet(t *testing.T, st *store.Store, dir string) (*precedents.Service, []evalQuery) {
	t.Helper()
	lib := precedents.New(st.Precedents(), nil)
	f, err := os.ReadFile(dir + "/precedents.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	res, err := lib.Import(context.Background(), hrActor, precedents.FormatJSONL, bytes.NewReader(f), nil)
	if err != nil {
		t.Fatalf("import the evaluation set: %v", err)
	}
	if res.Created < 40 {
		t.Fatalf("the evaluation set has %d precedents, want at least 40", res.Created)
	}
	var qs []evalQuery
	b, err := os.ReadFile(dir + "/queries.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &qs); err != nil {
		t.Fatal(err)
	}
	if len(qs) < 15 {
		t.Fatalf("%d queries, want at least 15", len(qs))
	}
	return lib, qs
}

// metrics returns the reciprocal rank of the first relevant hit and nDCG@5 of a ranking.
func metrics(ranked []string, rel map[string]int) (rr, ndcg float64) {
	for i, id := range ranked {
		if rel[id] > 0 {
			rr = 1 / float64(i+1)
			break
		}
	}
	dcg := 0.0
	for i, id := range ranked[:min(5, len(ranked))] {
		dcg += (math.Pow(2, float64(rel[id])) - 1) / math.Log2(float64(i+2))
	}
	var grades []int
	for _, g := range rel {
		grades = append(grades, g)
	}
	slices.Sort(grades)
	slices.Reverse(grades)
	idcg := 0.0
	for i, g := range grades[:min(5, len(grades))] {
		idcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
	}
	if idcg > 0 {
		ndcg = dcg / idcg
	}
	return rr, ndcg
}

// evalSets are the labelled evaluation sets (precedents.jsonl and queries.json in each).
func evalSets(t *testing.T) []string {
	dirs, _ := filepath.Glob("../precedents/testdata/eval*")
	var out []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "queries.json")); err == nil {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		t.Fatal("no evaluation set")
	}
	return out
}

type evalScore struct{ mrr, ndcg float64 }

// evalRun measures one way of looking up over every query of a set: mode is a ranking mode, and
// textAlone leaves out the query's codes (a text-only lookup).
func evalRun(t *testing.T, lib *precedents.Service, qs []evalQuery, mode string, textAlone bool) evalScore {
	t.Helper()
	var sum evalScore
	for _, q := range qs {
		query := precedents.Query{Text: q.Text, Language: q.Language, Ranking: mode, Limit: 10}
		if !textAlone {
			query.Features = precedents.Features{Category: q.Category, Grounds: q.Grounds, Norms: q.Norms, Aggravating: q.Aggravating, Mitigating: q.Mitigating}
		}
		if mode == precedents.RankStructure && len(query.Features.Tags()) == 0 {
			continue // structure alone has nothing to go on; counted as 0
		}
		res, err := lib.Lookup(context.Background(), precedents.Actor{Subject: "ita", IntegrityTeam: true}, query)
		if err != nil {
			t.Fatalf("%s %q: %v", q.ID, mode, err)
		}
		var ranked []string
		for _, h := range res.Hits {
			ranked = append(ranked, h.ExternalID)
		}
		rr, nd := metrics(ranked, q.Relevant)
		if os.Getenv("EVAL_DEBUG") != "" && mode == precedents.RankCombined {
			var sg []string
			for _, x := range res.Suggestions {
				sg = append(sg, fmt.Sprintf("%s %.2f %v", x.Key(), x.Confidence, x.Words))
			}
			t.Logf("%s alone=%v rr %.2f ndcg %.2f top %v sugg %v", q.ID, textAlone, rr, nd, ranked[:min(5, len(ranked))], sg)
		}
		sum.mrr += rr
		sum.ndcg += nd
	}
	n := float64(len(qs))
	return evalScore{sum.mrr / n, sum.ndcg / n}
}

// TestPrecedentRankingQuality measures the lookup on the labelled evaluation sets
// (internal/precedents/testdata/eval*, graded relevance) on both databases and reports MRR and
// nDCG@5 with the queries' codes ("with filters": combined ranking, text search alone, structure
// alone) and with their text alone (the codes left out, as a text-only lookup; plain BM25 is text
// search alone). The combined ranking must beat text search alone on both measures, both ways,
// and the figures must be the same on both databases.
func TestPrecedentRankingQuality(t *testing.T) {
	for _, dir := range evalSets(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var mu sync.Mutex
			figures := map[string]string{}
			t.Run("db", func(t *testing.T) {
				forEach(t, func(t *testing.T, st *store.Store, _ string) {
					lib, qs := loadEvalSet(t, st, dir)
					filters := evalRun(t, lib, qs, precedents.RankCombined, false)
					textOnly := evalRun(t, lib, qs, precedents.RankTextOnly, false)
					structure := evalRun(t, lib, qs, precedents.RankStructure, false)
					alone := evalRun(t, lib, qs, precedents.RankCombined, true)
					bm := evalRun(t, lib, qs, precedents.RankTextOnly, true)
					f := func(s evalScore) string { return fmt.Sprintf("MRR %.3f nDCG@5 %.3f", s.mrr, s.ndcg) }
					report := fmt.Sprintf("%d queries: with filters %s; text alone %s; plain BM25 %s; BM25 with filters' text %s; structure only %s",
						len(qs), f(filters), f(alone), f(bm), f(textOnly), f(structure))
					t.Logf("%s %s", st.Dialect(), report)
					mu.Lock()
					figures[st.Dialect()] = report
					mu.Unlock()
					if filters.mrr <= textOnly.mrr || filters.ndcg <= textOnly.ndcg {
						t.Errorf("the combined ranking does not beat text search alone: %+v vs %+v", filters, textOnly)
					}
					if alone.ndcg <= bm.ndcg {
						t.Errorf("a text-only lookup does not beat plain BM25: %+v vs %+v", alone, bm)
					}
				})
			})
			var first string
			for _, r := range figures {
				if first != "" && r != first {
					t.Errorf("the databases differ: %v", figures)
				}
				first = r
			}
		})
	}
}

// The library indexes the Go normaliser's lexemes on both databases. For every precedent of the
// evaluation set the PostgreSQL postings (lexeme and frequency) are those the Go normaliser gives.
func TestPostgresAndGoIndexTheSameLexemes(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		if st.Dialect() != "postgres" {
			t.Skip("compares PostgreSQL's lexemes with Go's")
		}
		lib, _ := loadEval(t, st)
		list, _, err := lib.List(context.Background(), hrActor, precedents.ListFilter{PageSize: 100})
		if err != nil {
			t.Fatal(err)
		}
		db := rawDB(t, url)
		for _, p := range list {
			want := map[string]int{}
			for _, term := range dutch.Terms(p.Language, precedents.SearchText(p.Record)) {
				want[term]++
			}
			rows, err := db.Query(`SELECT term, tf FROM precedent_terms WHERE precedent_id = $1`, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for rows.Next() {
				var term string
				var tf int
				if err := rows.Scan(&term, &tf); err != nil {
					t.Fatal(err)
				}
				got[term] = tf
			}
			rows.Close()
			if !maps.Equal(got, want) {
				for k, v := range want {
					if got[k] != v {
						t.Errorf("%s: lexeme %q: PostgreSQL %d, Go %d", p.ExternalID, k, got[k], v)
					}
				}
				for k := range got {
					if _, ok := want[k]; !ok {
						t.Errorf("%s: lexeme %q only in PostgreSQL", p.ExternalID, k)
					}
				}
			}
		}
		if w, err := st.TextSearchWarning(context.Background()); err != nil || w != "" {
			t.Errorf("text search warning on a UTF-8 database: %q %v", w, err)
		}
	})
}

// A re-import of a changed precedent replaces its text in the index and the statistics; a
// withdrawn precedent is no longer found; an unchanged re-import writes nothing.
func TestPrecedentUpdatesAndWithdrawalsReachTheIndex(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		lib := precedents.New(st.Precedents(), nil)
		team := precedents.Actor{Subject: "ita", IntegrityTeam: true}
		line := func(summary string) string {
			return `{"external_id":"u-1","source_organisation":"Gemeente Utrecht","year":2024,"category":"GIFTS","findings":"PROVEN","sanction":"WRITTEN_WARNING","summary":"` + summary + `"}` + "\n" +
				`{"external_id":"u-2","source_organisation":"Gemeente Utrecht","year":2024,"category":"GIFTS","findings":"PROVEN","sanction":"FINAL_WARNING","summary":"Een medewerker nam een fles wijn aan van een leverancier."}` + "\n"
		}
		imp := func(s string) precedents.ImportResult {
			t.Helper()
			res, err := lib.Import(ctx, hrActor, precedents.FormatJSONL, strings.NewReader(s), nil)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		found := func(text string) []string {
			t.Helper()
			res, err := lib.Lookup(ctx, team, precedents.Query{Text: text, Ranking: precedents.RankTextOnly})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ExternalID)
			}
			return ids
		}
		if r := imp(line("Een medewerker accepteerde concertkaartjes van een aannemer.")); r.Created != 2 {
			t.Fatalf("first import: %+v", r)
		}
		if got := found("concertkaartjes"); !slices.Equal(got, []string{"u-1"}) {
			t.Fatalf("concertkaartjes: %v", got)
		}
		if r := imp(line("Een medewerker accepteerde concertkaartjes van een aannemer.")); r.Unchanged != 2 || r.Created+r.Updated != 0 {
			t.Fatalf("unchanged re-import: %+v", r)
		}
		if r := imp(line("Een medewerker liet zich een weekend in een vakantiehuis betalen.")); r.Updated != 1 || r.Unchanged != 1 {
			t.Fatalf("changed re-import: %+v", r)
		}
		if got := found("concertkaartjes"); len(got) != 0 {
			t.Fatalf("the old text is still found: %v", got)
		}
		if got := found("weekenden"); !slices.Equal(got, []string{"u-1"}) { // stemmed: weekend
			t.Fatalf("the new text is not found: %v", got)
		}
		list, _, err := lib.List(ctx, hrActor, precedents.ListFilter{})
		if err != nil || len(list) != 2 {
			t.Fatalf("list: %v %v", list, err)
		}
		if err := lib.Withdraw(ctx, hrActor, list[0].ID, "identifies a supplier"); err != nil {
			t.Fatal(err)
		}
		if got := found("vakantiehuis"); len(got) != 0 {
			t.Fatalf("a withdrawn precedent is still found: %v", got)
		}
		if got := found("wijn leverancier"); !slices.Equal(got, []string{"u-2"}) {
			t.Fatalf("the other precedent: %v", got)
		}
		// The statistics count one precedent left, of its length.
		st2, err := st.Precedents().Stats(ctx, []string{"wijn"})
		if err != nil || st2.Docs != 1 || st2.DF["wijn"] != 1 || st2.Length == 0 {
			t.Fatalf("statistics after the withdrawal: %+v %v", st2, err)
		}
		// Only HR maintains the library.
		if _, err := lib.Import(ctx, team, precedents.FormatJSONL, strings.NewReader(line("x")), nil); err == nil {
			t.Fatal("the integrity team imported")
		}
	})
}

// SmallUnits counts members in the database: the units too small to name in a precedent.
func TestSmallUnitsAreCountedInTheDatabase(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		orgFixture(t, st) // SO: Marieke; SO-WIJ: Wim, Sam; BO: Bert
		got, err := st.Cases().SmallUnits(context.Background(), 2)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		if want := []string{"Bedrijfsvoering", "Sociaal Domein"}; !slices.Equal(got, want) {
			t.Errorf("units under 2 members: %v, want %v", got, want)
		}
	})
}
