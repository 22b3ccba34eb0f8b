package store_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/cases/casestest"
	"github.com/utrecht/meldpunt/internal/org"
)

// TestRules runs the domain's rule suite — the one internal/cases runs against the in-memory
// repository — against both databases, so that the fake and the store keep the same contracts.
func TestRules(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			casestest.Rules(t, func(t *testing.T) casestest.Backend {
				st, _ := b.open(t)
				return casestest.Backend{
					Repo: st.Cases(),
					ImportOrg: func(t *testing.T, units []org.Unit, employees []org.Employee) {
						if _, err := st.ImportOrg(context.Background(), units, employees, nil); err != nil {
							t.Fatal(err)
						}
					},
					AddAdviser: func(t *testing.T, subject, name string) uuid.UUID { return addAdviser(t, st, subject, name) },
				}
			})
		})
	}
}
