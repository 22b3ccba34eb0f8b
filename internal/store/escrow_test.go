package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/escrow"
	"github.com/utrecht/meldpunt/internal/store"
)

// TestEscrowConcurrentDepositsMatch: reporters who name the same person at the same moment still
// match, every one of them — none is left waiting because its transaction did not see the others'
// — and each entry is counted once as made and once as matched.
func TestEscrowConcurrentDepositsMatch(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		repo := st.Escrow()
		// Rounds of two reporters naming one person at once: the narrowest race.
		const rounds, n = 30, 2
		for round := range rounds {
			person := []byte(fmt.Sprintf("person-hash-%02d", round))
			var wg sync.WaitGroup
			errs := make([]error, n)
			start := make(chan struct{})
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					e := escrow.Entry{ID: uuid.New(), PersonHash: person, ReporterHash: []byte(fmt.Sprintf("reporter-%02d-%d", round, i)),
						Sealed: []byte("sealed"), CreatedOn: time.Now().UTC().Truncate(24 * time.Hour), State: escrow.Waiting}
					errs[i] = repo.Deposit(ctx, e, escrow.MaxLive, 2026)
				}()
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("round %d, deposit %d: %v", round, i, err)
				}
			}
			for i := range n {
				es, err := repo.Entries(ctx, []byte(fmt.Sprintf("reporter-%02d-%d", round, i)))
				if err != nil || len(es) != 1 {
					t.Fatalf("round %d, reporter %d: %v %v", round, i, es, err)
				}
				if es[0].State != escrow.Matched {
					t.Fatalf("round %d: reporter %d's entry is %s, want MATCHED", round, i, es[0].State)
				}
			}
		}
		tally, err := repo.Tally(ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if tally != (escrow.Tally{Made: rounds * n, Matched: rounds * n}) {
			t.Errorf("tally %+v, want %d made and %d matched", tally, rounds*n, rounds*n)
		}
	})
}
