package store_test

import (
	"context"
	"reflect"
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
