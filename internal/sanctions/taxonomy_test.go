package sanctions_test

import (
	"slices"
	"testing"

	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/sanctions"
)

// Every taxonomy category has its own norm, and every category a norm refers to exists.
func TestNormsCoverTaxonomy(t *testing.T) {
	rs := sanctions.Default()
	for _, c := range cases.Categories() {
		n, ok := rs.Norm("CAT-" + string(c.Code))
		if !ok {
			t.Errorf("no norm for category %s", c.Code)
			continue
		}
		if !slices.Equal(n.Categories, []string{string(c.Code)}) {
			t.Errorf("norm %s: categories %v", n.ID, n.Categories)
		}
	}
	for _, n := range rs.Norms() {
		for _, c := range n.Categories {
			if _, ok := cases.LookupCategory(cases.Category(c)); !ok {
				t.Errorf("norm %s refers to unknown category %s", n.ID, c)
			}
		}
	}
}
