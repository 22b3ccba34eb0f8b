package store_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/rules"
	"github.com/utrecht/meldpunt/internal/sanctions"
	"github.com/utrecht/meldpunt/internal/store"
)

func TestRuleSetsArePublishedAsNewVersionsNeverChanged(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		svc, err := rules.New(st.RuleSets(), nil)
		if err != nil {
			t.Fatal(err)
		}
		// Two replicas start at once: the shipped version is stored once.
		other, err := store.Open(ctx, url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		otherSvc, _ := rules.New(other.RuleSets(), nil)
		var wg sync.WaitGroup
		for _, s := range []*rules.Service{svc, otherSvc} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.EnsureDefault(ctx); err != nil {
					t.Errorf("ensure default: %v", err)
				}
			}()
		}
		wg.Wait()
		if vs, err := svc.List(ctx); err != nil || len(vs) != 1 || vs[0].Version != sanctions.Default().Version() {
			t.Fatalf("after first start: %+v %v", vs, err)
		}
		d, rs, err := svc.Get(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if n, ok := rs.Norm("GC-1.2"); !ok || !n.ZeroTolerance {
			t.Fatalf("the current rule set lacks the zero-tolerance norm on discrimination: %+v", n)
		}

		// HR publishes v2 (effective a day later, already past): it becomes current; v1 stays
		// readable as it was.
		v2 := bytes.Replace(d.Document, []byte(`"version": "`+d.Version+`"`), []byte(`"version": "v2"`), 1)
		v2 = bytes.Replace(v2, []byte(d.EffectiveDate.Format("2006-01-02")), []byte(d.EffectiveDate.AddDate(0, 0, 1).Format("2006-01-02")), 1)
		if bytes.Equal(v2, d.Document) {
			t.Fatal("the test did not manage to make a v2 document")
		}
		if _, err := svc.Publish(ctx, "hr-1", v2); err != nil {
			t.Fatalf("publish v2: %v", err)
		}
		cur, _, err := svc.Get(ctx, "")
		if err != nil || cur.Version != "v2" {
			t.Fatalf("current after publishing v2: %s %v", cur.Version, err)
		}
		old, _, err := svc.Get(ctx, d.Version)
		if err != nil || !bytes.Equal(old.Document, d.Document) {
			t.Fatalf("v1 changed or vanished: %v", err)
		}
		_, err = svc.Publish(ctx, "hr-1", v2)
		wantKind(t, "publish a version twice", err, apperr.KindConflict)
		_, err = svc.Publish(ctx, "hr-1", []byte(`{"version": "v3"}`))
		wantKind(t, "publish a broken rule set", err, apperr.KindInvalid)
		_, _, err = svc.Get(ctx, "v9")
		wantKind(t, "get an unknown version", err, apperr.KindNotFound)
	})
}
