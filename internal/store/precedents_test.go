package store_test

import (
	"bytes"
	"cmp"
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
	return loadEvalSet(t, st, "eval")
}

// loadEvalSet imports the labelled set in ../precedents/testdata/<dir> and returns its queries.
func loadEvalSet(t *testing.T, st *store.Store, dir string) (*precedents.Service, []evalQuery) {
	t.Helper()
	lib := precedents.New(st.Precedents(), nil)
	f, err := os.ReadFile("../precedents/testdata/" + dir + "/precedents.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	res, err := lib.Import(context.Background(), hrActor, precedents.FormatJSONL, bytes.NewReader(f), nil)
	if err != nil {
		t.Fatalf("import the evaluation set %s: %v", dir, err)
	}
	if res.Created < 40 {
		t.Fatalf("the evaluation set %s has %d precedents, want at least 40", dir, res.Created)
	}
	var qs []evalQuery
	b, err := os.ReadFile("../precedents/testdata/" + dir + "/queries.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &qs); err != nil {
		t.Fatal(err)
	}
	if len(qs) < 15 {
		t.Fatalf("%s: %d queries, want at least 15", dir, len(qs))
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

// logEvalQuery shows how a query ranked (MELDPUNT_EVAL_DEBUG="text alone" for that mode): its
// top five with their grades, and the facts the lookup read from the text.
func logEvalQuery(t *testing.T, q evalQuery, res precedents.LookupResult, rr, nd float64) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s rr %.2f nDCG@5 %.2f — %s\n", q.ID, rr, nd, q.Description)
	for i, h := range res.Hits[:min(5, len(res.Hits))] {
		fmt.Fprintf(&b, "   %d. %s grade %d score %.3f (struct %.2f text %.2f) %s %v %v\n", i+1, h.ExternalID, q.Relevant[h.ExternalID],
			h.Score, h.Structural, h.Textual, h.Category, h.Grounds, h.Findings)
	}
	for _, sg := range res.Suggestions {
		fmt.Fprintf(&b, "   suggests %s %.2f %v\n", sg.Key(), sg.Confidence, sg.Words)
	}
	t.Log(b.String())
}

// evalMode is one way of asking an evaluation set's queries.
type evalMode struct {
	name    string
	ranking string
	codes   bool                 // give the query's codes; otherwise its text alone
	only    func(evalQuery) bool // the queries that count; nil for all
}

func (q evalQuery) hasCodes() bool {
	return q.Category != "" || len(q.Grounds)+len(q.Norms)+len(q.Aggravating)+len(q.Mitigating) > 0
}

// The modes reported. "text alone" is what a user who only types gets: every query's text with
// its codes removed, with the product's ranking. "with filters" is the product's ranking with the
// codes a case or a user gives; text-only queries are left out there, because for them it is the
// same lookup as text alone. The last three are the comparison the first set was made for.
var evalModes = []evalMode{
	{name: "text alone", ranking: precedents.RankCombined},
	{name: "text alone (coded queries)", ranking: precedents.RankCombined, only: evalQuery.hasCodes},
	{name: "with filters", ranking: precedents.RankCombined, codes: true, only: evalQuery.hasCodes},
	{name: "combined, as given", ranking: precedents.RankCombined, codes: true},
	{name: "text ranking only", ranking: precedents.RankTextOnly, codes: true},
	{name: "plain BM25, text alone", ranking: precedents.RankTextOnly},
	{name: "structure ranking only", ranking: precedents.RankStructure, codes: true},
}

type evalScore struct {
	n         int
	mrr, ndcg float64
}

// runEvalMode asks the queries of one mode and averages MRR and nDCG@5 over them.
func runEvalMode(t *testing.T, lib *precedents.Service, qs []evalQuery, m evalMode) evalScore {
	t.Helper()
	var s evalScore
	for _, q := range qs {
		if m.only != nil && !m.only(q) {
			continue
		}
		s.n++
		query := precedents.Query{Text: q.Text, Language: q.Language, Ranking: m.ranking, Limit: 10}
		if m.codes {
			query.Features = precedents.Features{Category: q.Category, Grounds: q.Grounds, Norms: q.Norms, Aggravating: q.Aggravating, Mitigating: q.Mitigating}
		}
		if m.ranking == precedents.RankStructure && len(query.Features.Tags()) == 0 {
			continue // structure alone has nothing to go on; counted as 0
		}
		res, err := lib.Lookup(context.Background(), precedents.Actor{Subject: "ita", IntegrityTeam: true}, query)
		if err != nil {
			t.Fatalf("%s (%s): %v", q.ID, m.name, err)
		}
		var ranked []string
		for _, h := range res.Hits {
			ranked = append(ranked, h.ExternalID)
		}
		rr, nd := metrics(ranked, q.Relevant)
		if os.Getenv("MELDPUNT_EVAL_DEBUG") == m.name {
			logEvalQuery(t, q, res, rr, nd)
		}
		s.mrr += rr
		s.ndcg += nd
	}
	if s.n > 0 {
		s.mrr, s.ndcg = s.mrr/float64(s.n), s.ndcg/float64(s.n)
	}
	return s
}

// evalFloors are the figures the lookup must keep on both databases: about 0.02 below what it
// measured when they were set, so that a regression fails. Raise them when the ranking improves.
// Measured (the same on SQLite and PostgreSQL), MRR and nDCG@5: eval text alone 1.000 0.882,
// with filters 1.000 0.900; eval2 text alone 1.000 0.882, with filters 1.000 0.904; eval3 text
// alone 1.000 0.943, with filters 1.000 0.945; eval4 text alone 0.925 0.861, with filters 1.000
// 0.959. eval3 and eval4 were graded before the ranking was changed for them; they then
// measured text alone 0.836 0.732 and 0.724 0.709, with filters 1.000 0.937 and 1.000 0.955.
// Before facts were read from the text, paraphrases looked up and decisive differences counted:
// eval text alone 0.811 0.554, with filters 0.939 0.782; eval2 text alone 0.860 0.630, with
// filters 1.000 0.843. eval5 is sealed (never tuned on) and has no floors.
var evalFloors = map[string]map[string]evalScore{
	"eval": {
		"text alone":   {mrr: 0.98, ndcg: 0.86},
		"with filters": {mrr: 0.98, ndcg: 0.88},
	},
	"eval2": {
		"text alone":   {mrr: 0.98, ndcg: 0.86},
		"with filters": {mrr: 0.98, ndcg: 0.88},
	},
	"eval3": {
		"text alone":   {mrr: 0.98, ndcg: 0.92},
		"with filters": {mrr: 0.98, ndcg: 0.92},
	},
	"eval4": {
		"text alone":   {mrr: 0.90, ndcg: 0.84},
		"with filters": {mrr: 0.98, ndcg: 0.94},
	},
}

// evalSetNames lists the labelled evaluation sets: every directory internal/precedents/testdata/eval*,
// or those named in MELDPUNT_EVAL_SETS (comma-separated, e.g. "eval,eval2") — to work on some
// sets without seeing the figures of a set kept unseen.
func evalSetNames(t *testing.T) []string {
	t.Helper()
	if only := os.Getenv("MELDPUNT_EVAL_SETS"); only != "" {
		return strings.Split(only, ",")
	}
	dirs, err := filepath.Glob("../precedents/testdata/eval*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no evaluation sets under ../precedents/testdata (%v)", err)
	}
	var names []string
	for _, d := range dirs {
		names = append(names, filepath.Base(d))
	}
	return names
}

// TestPrecedentRankingQuality measures the lookup on the three labelled evaluation sets
// (internal/precedents/testdata/eval: 58 precedents, 25 queries; eval2: the hard cases, 60
// precedents, 25 queries; eval3: paraphrases, lexical traps and one-respect twins, 44
// precedents, 22 queries) on both databases. It prints MRR and nDCG@5 per set, database and mode
// as a table (go test -v) and holds text alone and with filters to their floors; on every set
// the combined ranking must beat the text ranking alone.
func TestPrecedentRankingQuality(t *testing.T) {
	type key struct{ set, db, mode string }
	var mu sync.Mutex
	results := map[key]evalScore{}
	t.Run("sets", func(t *testing.T) {
		for _, set := range evalSetNames(t) {
			t.Run(set, func(t *testing.T) {
				forEach(t, func(t *testing.T, st *store.Store, _ string) {
					lib, qs := loadEvalSet(t, st, set)
					got := map[string]evalScore{}
					for _, m := range evalModes {
						got[m.name] = runEvalMode(t, lib, qs, m)
					}
					mu.Lock()
					for mode, s := range got {
						results[key{set, st.Dialect(), mode}] = s
					}
					mu.Unlock()
					for mode, floor := range evalFloors[set] {
						if s := got[mode]; s.mrr < floor.mrr || s.ndcg < floor.ndcg {
							t.Errorf("%s, %s: MRR %.3f nDCG@5 %.3f, below the floor MRR %.2f nDCG@5 %.2f",
								set, mode, s.mrr, s.ndcg, floor.mrr, floor.ndcg)
						}
					}
					c, x := got["combined, as given"], got["text ranking only"]
					// Better nDCG@5, and an MRR as good (both may be 1).
					if c.mrr < x.mrr || c.ndcg <= x.ndcg {
						t.Errorf("%s: the combined ranking does not beat text search alone: %+v vs %+v", set, c, x)
					}
					if a, bm := got["text alone"], got["plain BM25, text alone"]; a.ndcg <= bm.ndcg {
						t.Errorf("%s: a text-only lookup does not beat plain BM25: %+v vs %+v", set, a, bm)
					}
				})
			})
		}
	})
	for k, s := range results {
		if o, ok := results[key{k.set, "postgres", k.mode}]; ok && k.db != "postgres" && o != s {
			t.Errorf("%s, %s: the databases differ: %s %+v, postgres %+v", k.set, k.mode, k.db, s, o)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-6s %-9s %-28s %7s %6s %7s\n", "set", "database", "mode", "queries", "MRR", "nDCG@5")
	keys := slices.Collect(maps.Keys(results))
	order := func(mode string) int {
		return slices.IndexFunc(evalModes, func(m evalMode) bool { return m.name == mode })
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.set, b.set), cmp.Compare(order(a.mode), order(b.mode)), cmp.Compare(a.db, b.db))
	})
	for _, k := range keys {
		s := results[k]
		fmt.Fprintf(&b, "%-6s %-9s %-28s %7d %6.3f %7.3f\n", k.set, k.db, k.mode, s.n, s.mrr, s.ndcg)
	}
	t.Log(b.String())
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
