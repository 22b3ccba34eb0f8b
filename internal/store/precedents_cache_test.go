package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/pgtest"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/store"
)

// shown is what a user sees of a lookup: the hits in order with their scores, reasons and
// differences, the suggestions and the verdict.
func shown(t *testing.T, lib *precedents.Service, q evalQuery) string {
	t.Helper()
	s, err := lookedUp(lib, q)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func lookedUp(lib *precedents.Service, q evalQuery) (string, error) {
	res, err := lib.Lookup(context.Background(), lookupActor, precedents.Query{Text: q.Text, Language: q.Language,
		Features:         precedents.Features{Category: q.Category, Grounds: q.Grounds, Norms: q.Norms, Aggravating: q.Aggravating, Mitigating: q.Mitigating},
		ProposedSanction: "FINAL_WARNING"})
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, h := range res.Hits {
		fmt.Fprintf(&b, "%s %.17g %.17g %.17g %s\n", h.ExternalID, h.Score, h.Structural, h.Textual, h.Summary)
		for _, r := range h.Reasons {
			fmt.Fprintf(&b, "  %s\n", r.Text)
		}
		for _, d := range h.Differences {
			fmt.Fprintf(&b, "  %+v\n", d)
		}
	}
	fmt.Fprintf(&b, "%+v %+v %+v %d\n", res.Suggestions, res.Distribution, res.Comparison, res.Candidates)
	return b.String(), nil
}

// A replica that has answered lookups answers the next ones as a replica that starts afresh
// does, within a second of another replica importing, changing or withdrawing precedents: what
// a replica keeps of the library shows an older library for a moment at most.
func TestLookupsFollowWritesOfAnotherReplica(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		lib, qs := loadEval(t, st)
		qs = qs[:8]
		other, err := store.Open(ctx, url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		otherLib := precedents.New(other.Precedents(), nil)
		// same waits until every query is answered as a fresh replica answers it, at most a
		// second and a half (the bound of what a replica keeps, a second, and some slack).
		same := func(step string) {
			t.Helper()
			fresh, err := store.Open(ctx, url, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer fresh.Close()
			freshLib := precedents.New(fresh.Precedents(), nil)
			deadline := time.Now().Add(1500 * time.Millisecond)
			for i, q := range qs {
				want := shown(t, freshLib, q)
				for {
					got := shown(t, lib, q)
					if got == want {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("%s: query %d still differs from a fresh replica's answer:\n%s\nwant\n%s", step, i, got, want)
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
		}
		for range 2 { // what the replica keeps is filled
			for _, q := range qs {
				shown(t, lib, q)
			}
		}
		same("unchanged")

		// Another replica imports a precedent in the words of the first query, …
		imp := func(jsonl string) {
			t.Helper()
			if _, err := otherLib.Import(ctx, hrActor, precedents.FormatJSONL, strings.NewReader(jsonl), nil); err != nil {
				t.Fatal(err)
			}
		}
		line := func(summary string) string {
			return fmt.Sprintf(`{"external_id":"new-1","source_organisation":"Gemeente Utrecht","year":2025,"category":%q,"findings":"PROVEN","sanction":"FINAL_WARNING","summary":%q}`+"\n",
				qs[0].Category, summary)
		}
		imp(line(qs[0].Text))
		same("after an import by another replica")
		if !strings.Contains(shown(t, lib, qs[0]), "new-1 ") {
			t.Fatalf("the precedent another replica imported is not found:\n%s", shown(t, lib, qs[0]))
		}

		// … changes its text to that of the second query, …
		imp(line(qs[1].Text))
		same("after a change by another replica")
		if !strings.Contains(shown(t, lib, qs[1]), "new-1 ") {
			t.Fatal("the changed precedent is not found by its new text")
		}

		// … and withdraws it.
		list, _, err := otherLib.List(ctx, hrActor, precedents.ListFilter{PageSize: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			if p.ExternalID == "new-1" {
				if err := otherLib.Withdraw(ctx, hrActor, p.ID, "test"); err != nil {
					t.Fatal(err)
				}
			}
		}
		same("after a withdrawal by another replica")
		if strings.Contains(shown(t, lib, qs[1]), "new-1 ") {
			t.Fatal("a precedent another replica withdrew is still found")
		}
	})
}

// A repeated lookup reads neither the precedents' facts nor their texts again: it answers, the
// same, while the precedents table is locked (as by a VACUUM FULL or a migration), where it used
// to wait for the lock.
func TestRepeatedLookupDoesNotReadThePrecedentsAgain(t *testing.T) {
	url := pgtest.NewDatabase(t, "migrated", migratePostgres)
	st := openMigrated(t, url)
	lib, qs := loadEval(t, st)
	before := map[int]string{}
	for i, q := range qs {
		before[i] = shown(t, lib, q)
	}
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `LOCK TABLE precedents IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	for i, q := range qs {
		done := make(chan string, 1)
		go func() {
			s, err := lookedUp(lib, q)
			if err != nil {
				s = err.Error()
			}
			done <- s
		}()
		select {
		case got := <-done:
			if got != before[i] {
				t.Fatalf("query %d answers differently the second time:\n%s\nwant\n%s", i, got, before[i])
			}
		case <-time.After(5 * time.Second):
			tx.Rollback() // let the lookup finish
			<-done
			t.Fatalf("query %d: a repeated lookup waited for the precedents table", i)
		}
	}
}

// After its first lookup a store reads the statistics, the structured facts and the tags of the
// whole library once, in the background: a lookup with words and facts not looked up before then
// reads no statistics and no facts (two statements fewer in line), and answers as a store that
// read them for it does.
func TestLookupsWithNewWordsReadNoStatistics(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		var reads, factReads atomic.Int64
		store.TracePrecedents(st, func(q string) {
			if store.IsStatsQuery(q) {
				reads.Add(1)
			}
			if store.IsFeaturesQuery(q) {
				factReads.Add(1)
			}
		})
		lib, qs := loadEval(t, st)
		fresh, err := store.Open(ctx, url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer fresh.Close()
		freshLib := precedents.New(fresh.Precedents(), nil)
		shown(t, lib, qs[0])
		time.Sleep(2 * time.Second) // the statistics are read in the background
		for i, q := range qs[1:] {
			before, beforeFacts := reads.Load(), factReads.Load()
			got := shown(t, lib, q)
			if n := reads.Load() - before; n != 0 {
				t.Errorf("query %d: %d reads of statistics, want none", i+1, n)
			}
			if n := factReads.Load() - beforeFacts; n != 0 {
				t.Errorf("query %d: %d reads of facts, want none", i+1, n)
			}
			if want := shown(t, freshLib, q); got != want {
				t.Errorf("query %d answers otherwise than a store reading its statistics:\n%s\nwant\n%s", i+1, got, want)
			}
		}
	})
}
