package store_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/store"
)

// The lookup's reads by id (the facts of the candidates, then the whole hits) return what reading
// each precedent on its own returns, on either database.
func TestPrecedentsReadByIDAreReadWhole(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		loadEval(t, st)
		repo := st.Precedents()
		list, _, err := repo.List(ctx, precedents.ListFilter{PageSize: 100})
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]uuid.UUID, len(list))
		for i, p := range list {
			ids[i] = p.ID
		}
		full, err := repo.Fetch(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		facts, err := repo.Features(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(full) != len(ids) || len(facts) != len(ids) {
			t.Fatalf("%d ids: fetched %d, features of %d", len(ids), len(full), len(facts))
		}
		byID := map[uuid.UUID]precedents.Stored{}
		for _, p := range facts {
			byID[p.ID] = p
		}
		for _, p := range full {
			want, err := repo.Get(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p, *want) {
				t.Errorf("fetched %+v, read alone %+v", p, *want)
			}
			f := byID[p.ID]
			if f.ExternalID != want.ExternalID || f.Category != want.Category || !reflect.DeepEqual(f.Grounds, want.Grounds) ||
				!reflect.DeepEqual(f.Norms, want.Norms) || f.Findings != want.Findings || f.Sanction != want.Sanction ||
				!reflect.DeepEqual(f.Aggravating, want.Aggravating) || !reflect.DeepEqual(f.Mitigating, want.Mitigating) || f.Year != want.Year {
				t.Errorf("features %+v, read alone %+v", f, *want)
			}
		}
	})
}

// The precedents sharing the most tag weight are the same, in the same order, as summing every
// shared tag's weight and breaking ties by id would give — also where the cut falls among equals.
func TestTagCandidatesAreTheHeaviestWithTiesByID(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		lib := precedents.New(st.Precedents(), nil)
		var b strings.Builder
		norms := []string{`"CAT-BULLYING"`, `"CAT-BULLYING","GC-1.1"`, `"GC-1.1"`, `"CAT-BULLYING","GC-1.2"`}
		for i := range 150 {
			cat := "BULLYING"
			if i%5 == 0 {
				cat = "INTIMIDATION"
			}
			fmt.Fprintf(&b, `{"external_id":"t-%03d","source_organisation":"Gemeente Utrecht","year":2024,"category":"%s","norms":[%s],"findings":"PROVEN","sanction":"WRITTEN_WARNING","summary":"Een medewerker pestte een collega."}`+"\n",
				i, cat, norms[i%len(norms)])
		}
		if _, err := lib.Import(ctx, hrActor, precedents.FormatJSONL, strings.NewReader(b.String()), nil); err != nil {
			t.Fatal(err)
		}
		tags := precedents.Features{Category: "BULLYING", Norms: []string{"CAT-BULLYING", "GC-1.1"}}.Tags()
		const limit = 60
		got, err := st.Precedents().TagCandidates(ctx, tags, limit)
		if err != nil {
			t.Fatal(err)
		}
		// Every shared tag, summed here.
		db := rawDB(t, url)
		sum := map[uuid.UUID]float64{}
		for _, tag := range tags {
			rows, err := db.Query(q(url, `SELECT precedent_id, weight FROM precedent_tags WHERE tag = ?`), tag.Name)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id string
				var w float64
				if err := rows.Scan(&id, &w); err != nil {
					t.Fatal(err)
				}
				sum[uuid.MustParse(id)] += w
			}
			rows.Close()
		}
		var want []precedents.Scored
		for id, w := range sum {
			want = append(want, precedents.Scored{ID: id, Score: w})
		}
		slices.SortFunc(want, func(a, b precedents.Scored) int {
			return cmp.Or(cmp.Compare(b.Score, a.Score), bytes.Compare(a.ID[:], b.ID[:]))
		})
		if len(want) <= limit || want[limit-1].Score != want[limit].Score {
			t.Fatalf("the library should put the cut among equals: %d candidates", len(want))
		}
		want = want[:limit]
		if !reflect.DeepEqual(got, want) {
			t.Errorf("tag candidates:\n got %v\nwant %v", got, want)
		}
		// Once the library is read into the cache, the candidates come from its tag index: the
		// same ones, in the same order.
		store.WarmLibrary(st)
		c, err := st.Precedents().Candidates(ctx, nil, 10, tags, limit)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c.Tags, want) {
			t.Errorf("tag candidates from the cache:\n got %v\nwant %v", c.Tags, want)
		}
	})
}
