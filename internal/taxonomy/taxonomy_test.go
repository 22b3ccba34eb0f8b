package taxonomy_test

import (
	"testing"

	"github.com/utrecht/meldpunt/internal/catalogue"
	"github.com/utrecht/meldpunt/internal/taxonomy"
)

// TestTheTaxonomyIsNamedByTheCatalogue: every category and ground of the taxonomy has the
// catalogue's names, in the catalogue's order, and the catalogue names nothing the taxonomy
// lacks.
func TestTheTaxonomyIsNamedByTheCatalogue(t *testing.T) {
	for _, c := range []struct {
		items []taxonomy.Item
		kind  catalogue.Kind
	}{{taxonomy.Categories(), catalogue.Category}, {taxonomy.Grounds(), catalogue.Ground}} {
		entries := catalogue.Entries(c.kind)
		if len(entries) != len(c.items) {
			t.Fatalf("%s: the taxonomy has %d codes, the catalogue %d", c.kind, len(c.items), len(entries))
		}
		for i, it := range c.items {
			e := entries[i]
			if it.Code != e.Code || it.LabelNL != e.Names.NL || it.LabelEN != e.Names.EN || it.LabelNL == "" || it.LabelEN == "" {
				t.Errorf("%s %d: taxonomy %+v, catalogue %+v", c.kind, i, it, e)
			}
		}
	}
}
