package bench

// Precedent lookup at volume (issue 5): MELDPUNT_BENCH_PRECEDENTS generated precedents (default
// 100,000) in the library, looked up by 8 concurrent clients through precedents.Service.Lookup
// (the domain call the RPC makes: text candidates, structured candidates, scoring, reasons and
// the audit event), on PostgreSQL (the durable cluster of bench_test.go, own database) and on
// SQLite (a file in a temporary directory). See scripts/bench-precedents.
//
// The precedents are made from the 58 of the evaluation set (internal/precedents/testdata/eval):
// each generated one takes a base precedent's category, grounds and norms, a random year, source
// organisation, circumstances and (consistent) sanction, and a summary stitched from sentences of
// three precedents of the same category — so that the vocabulary is realistic and heavily shared,
// the hard case for full-text search. The queries are the evaluation set's 25, in turn
// ("repeated"), or texts never looked up before ("fresh").

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/store"
)

const envBenchPrecedents = "MELDPUNT_BENCH_PRECEDENTS"

type evalQ struct {
	Text        string   `json:"text"`
	Language    string   `json:"language"`
	Category    string   `json:"category"`
	Grounds     []string `json:"grounds"`
	Norms       []string `json:"norms"`
	Aggravating []string `json:"aggravating"`
	Mitigating  []string `json:"mitigating"`
}

func loadEvalSet(b *testing.B) ([]precedents.Record, []precedents.Query) {
	b.Helper()
	f, err := os.Open("../precedents/testdata/eval/precedents.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, bad, err := precedents.Parse(precedents.FormatJSONL, f, time.Now())
	if err != nil || len(bad) > 0 {
		b.Fatalf("eval set: %v %v", err, bad)
	}
	var recs []precedents.Record
	for _, r := range rows {
		recs = append(recs, r.Record)
	}
	raw, err := os.ReadFile("../precedents/testdata/eval/queries.json")
	if err != nil {
		b.Fatal(err)
	}
	var qs []evalQ
	if err := json.Unmarshal(raw, &qs); err != nil {
		b.Fatal(err)
	}
	var out []precedents.Query
	for _, q := range qs {
		out = append(out, precedents.Query{Text: q.Text, Language: q.Language, Limit: 10, Features: precedents.Features{
			Category: q.Category, Grounds: q.Grounds, Norms: q.Norms, Aggravating: q.Aggravating, Mitigating: q.Mitigating}})
	}
	return recs, out
}

func benchSentences(s string) []string {
	var out []string
	for _, p := range strings.SplitAfter(s, ". ") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// generate makes n precedents from the evaluation set.
func generate(base []precedents.Record, n int, seed uint64) []precedents.Prepared {
	rng := rand.New(rand.NewPCG(seed, 1))
	byCat := map[string][]precedents.Record{}
	for _, r := range base {
		byCat[r.Category] = append(byCat[r.Category], r)
	}
	orgs := []string{"Gemeente Utrecht", "Gemeente Amersfoort", "Gemeente Nieuwegein", "Provincie Utrecht", "Gemeente Zeist", "Gemeente Houten", "Waterschap De Stichtse Rijnlanden"}
	circs := []string{"ABUSE_OF_POSITION", "VULNERABLE_VICTIM", "REPEATED_CONDUCT", "PUBLIC_HARM", "OBSTRUCTION"}
	mits := []string{"SELF_REPORT", "REMORSE_AND_REPAIR", "SHORT_SERVICE_NO_INSTRUCTION", "PROVOCATION", "LONG_UNBLEMISHED_SERVICE"}
	sanctions := []string{"WRITTEN_WARNING", "FINAL_WARNING", "TRANSFER", "TERMINATION_BY_COURT", "SUMMARY_DISMISSAL"}
	out := make([]precedents.Prepared, 0, n)
	for i := 0; i < n; i++ {
		b := base[rng.IntN(len(base))]
		peers := byCat[b.Category]
		r := b
		r.ExternalID = fmt.Sprintf("gen-%07d", i)
		r.SourceOrganisation = orgs[rng.IntN(len(orgs))]
		r.Year = 2015 + rng.IntN(12)
		var text []string
		for k := 0; k < 3; k++ {
			ss := benchSentences(peers[rng.IntN(len(peers))].Summary)
			from := rng.IntN(len(ss))
			text = append(text, ss[from:min(len(ss), from+2)]...)
		}
		r.Summary = strings.Join(text, " ")
		r.Aggravating, r.Mitigating = nil, nil
		if rng.IntN(2) == 0 {
			r.Aggravating = []string{circs[rng.IntN(len(circs))]}
		}
		if rng.IntN(3) == 0 {
			r.Mitigating = []string{mits[rng.IntN(len(mits))]}
		}
		switch rng.IntN(10) {
		case 0:
			r.Findings, r.Sanction = "NOT_PROVEN", precedents.NoSanction
		case 1:
			r.Findings, r.Sanction = "PARTLY_PROVEN", sanctions[rng.IntN(3)]
		default:
			r.Findings, r.Sanction = "PROVEN", sanctions[rng.IntN(len(sanctions))]
		}
		r.Normalize()
		out = append(out, precedents.Prepare(r, "IMPORTED", "bench"))
	}
	return out
}

var (
	precedentStores   = map[string]*store.Store{}
	precedentStoresMu sync.Mutex
)

// precedentLibrary returns a store holding the generated library, made once per database.
func precedentLibrary(b *testing.B, db string) *store.Store {
	b.Helper()
	precedentStoresMu.Lock()
	defer precedentStoresMu.Unlock()
	if st := precedentStores[db]; st != nil {
		return st
	}
	n := 100_000
	if v := os.Getenv(envBenchPrecedents); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("%s=%q: want a positive number", envBenchPrecedents, v)
		}
	}
	ctx := context.Background()
	var url string
	switch db {
	case "postgres":
		e := getEnv(b)
		if _, err := e.admin.ExecContext(ctx, `CREATE DATABASE meldpunt_precedents`); err != nil {
			b.Fatal(err)
		}
		url = withDatabase(e.dsn, "meldpunt_precedents")
	case "sqlite":
		dir, err := os.MkdirTemp("", "meldpunt-bench-precedents-")
		if err != nil {
			b.Fatal(err)
		}
		url = store.SQLiteURL(dir)
		e := getEnv(b) // teardown removes the directory with the rest
		e.closers = append(e.closers, func() { _ = os.RemoveAll(dir) })
	}
	st, err := store.Open(ctx, url, store.Options{MaxOpenConns: 16})
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Migrate(nil); err != nil {
		b.Fatal(err)
	}
	base, _ := loadEvalSet(b)
	recs := generate(base, n, 42)
	start := time.Now()
	ev := audit.Event{At: time.Now(), Actor: audit.Staff("bench"), Action: precedents.ActionImport}
	last := time.Now()
	if _, err := st.Precedents().Upsert(ctx, recs, ev, func(done, total int) {
		if time.Since(last) > 5*time.Second || done == total {
			last = time.Now()
			fmt.Fprintf(os.Stderr, "bench: %s: %d/%d precedents\n", db, done, total)
		}
	}); err != nil {
		b.Fatal(err)
	}
	if db == "postgres" { // as autovacuum would have left a table that grew over years
		pg, err := sql.Open("postgres", url)
		if err != nil {
			b.Fatal(err)
		}
		for _, t := range []string{"precedents", "precedent_tags", "audit_events"} {
			if _, err := pg.ExecContext(ctx, `VACUUM (ANALYZE) `+t); err != nil {
				b.Fatal(err)
			}
		}
		pg.Close()
	}
	fmt.Fprintf(os.Stderr, "bench: %s: seeded %d precedents in %s\n", db, n, time.Since(start).Round(time.Second))
	// As serve does at start: the library's statistics and facts into memory.
	t0 := time.Now()
	held, err := st.WarmPrecedents(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "bench: %s: read %d precedents into memory in %s\n", db, held, time.Since(t0).Round(time.Millisecond))
	precedentStores[db] = st
	return st
}

// BenchmarkPrecedentLookup: 8 concurrent lookups; ops/s and p50/p95/p99 latency. In "repeated"
// the evaluation set's 25 queries come in turn (after the first 25 the store has read what they
// need); in "fresh" every lookup is a text never looked up before (freshQueries), as when each
// lookup comes from another case.
func BenchmarkPrecedentLookup(b *testing.B) {
	for _, db := range []string{"postgres", "sqlite"} {
		b.Run(db, func(b *testing.B) {
			st := precedentLibrary(b, db)
			_, repeated := loadEvalSet(b)
			b.Run("fresh", func(b *testing.B) {
				freshRuns++
				benchLookups(b, st, freshQueries(b, b.N, uint64(freshRuns)))
			})
			b.Run("repeated", func(b *testing.B) {
				benchLookups(b, st, repeated)
			})
		})
	}
}

// freshRuns makes every run of "fresh" draw other texts.
var freshRuns int

// freshQueries makes n distinct queries from the texts of every labelled evaluation set's
// queries: each joins sentences of two or three of them (in another order each time) and
// carries the codes of the first in half the cases, so that no text repeats and every lookup
// reads postings, candidates and facts it has not read in this combination before.
func freshQueries(b *testing.B, n int, seed uint64) []precedents.Query {
	b.Helper()
	dirs, err := filepath.Glob("../precedents/testdata/eval*/queries.json")
	if err != nil || len(dirs) == 0 {
		b.Fatalf("no evaluation queries: %v", err)
	}
	var all []evalQ
	for _, d := range dirs {
		raw, err := os.ReadFile(d)
		if err != nil {
			b.Fatal(err)
		}
		var qs []evalQ
		if err := json.Unmarshal(raw, &qs); err != nil {
			b.Fatal(err)
		}
		for _, q := range qs {
			if q.Language == "nl" {
				all = append(all, q)
			}
		}
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	seen := map[string]bool{}
	out := make([]precedents.Query, 0, n)
	for len(out) < n {
		first := all[rng.IntN(len(all))]
		var text []string
		for k, m := 0, 2+rng.IntN(2); k < m; k++ {
			q := first
			if k > 0 {
				q = all[rng.IntN(len(all))]
			}
			ss := benchSentences(q.Text)
			rng.Shuffle(len(ss), func(i, j int) { ss[i], ss[j] = ss[j], ss[i] })
			text = append(text, ss[:1+rng.IntN(len(ss))]...)
		}
		t := strings.Join(text, " ")
		if seen[t] {
			continue
		}
		seen[t] = true
		q := precedents.Query{Text: t, Language: "nl", Limit: 10}
		if rng.IntN(2) == 0 {
			q.Features = precedents.Features{Category: first.Category, Grounds: first.Grounds, Norms: first.Norms,
				Aggravating: first.Aggravating, Mitigating: first.Mitigating}
		}
		out = append(out, q)
	}
	return out
}

// benchLookups makes b.N lookups with 8 clients, taking the queries in turn.
func benchLookups(b *testing.B, st *store.Store, queries []precedents.Query) {
	timed := &timedRepo{Repository: st.Precedents(), d: map[string]time.Duration{}}
	lib := precedents.New(timed, nil)
	actor := precedents.Actor{Subject: "bench", IntegrityTeam: true}
	const clients = 8
	var (
		mu   sync.Mutex
		lats []time.Duration
		next int64
	)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	var failed error
	var once sync.Once
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= int64(b.N) {
					break
				}
				q := queries[int(i)%len(queries)]
				t0 := time.Now()
				res, err := lib.Lookup(context.Background(), actor, q)
				mine = append(mine, time.Since(t0))
				if err != nil || len(res.Hits) == 0 {
					once.Do(func() { failed = fmt.Errorf("lookup: %v (hits %d)", err, len(res.Hits)) })
					return
				}
			}
			mu.Lock()
			lats = append(lats, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if failed != nil {
		b.Fatal(failed)
	}
	slices.Sort(lats)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(ms(percentile(lats, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(lats, 0.95)), "p95-ms")
	b.ReportMetric(ms(percentile(lats, 0.99)), "p99-ms")
	for _, k := range slices.Sorted(maps.Keys(timed.d)) {
		b.ReportMetric(ms(timed.d[k])/float64(b.N), k+"-ms/op")
	}
}

// timedRepo sums the time spent in each repository call of a lookup (over all clients), to
// show which step costs what.
type timedRepo struct {
	precedents.Repository
	mu sync.Mutex
	d  map[string]time.Duration
}

func (t *timedRepo) since(name string, t0 time.Time) {
	t.mu.Lock()
	t.d[name] += time.Since(t0)
	t.mu.Unlock()
}

func (t *timedRepo) Stats(ctx context.Context, terms []string) (precedents.TermStats, error) {
	defer t.since("text-stats", time.Now())
	return t.Repository.Stats(ctx, terms)
}

func (t *timedRepo) Candidates(ctx context.Context, terms []string, perTerm int, tags []precedents.Tag, n int) (precedents.Candidates, error) {
	defer t.since("candidates", time.Now())
	return t.Repository.Candidates(ctx, terms, perTerm, tags, n)
}

func (t *timedRepo) Features(ctx context.Context, ids []uuid.UUID) ([]precedents.Stored, error) {
	defer t.since("features", time.Now())
	return t.Repository.Features(ctx, ids)
}

func (t *timedRepo) Fetch(ctx context.Context, ids []uuid.UUID) ([]precedents.Stored, error) {
	defer t.since("fetch", time.Now())
	return t.Repository.Fetch(ctx, ids)
}

func (t *timedRepo) Audit(ctx context.Context, ev audit.Event) error {
	defer t.since("audit", time.Now())
	return t.Repository.Audit(ctx, ev)
}
