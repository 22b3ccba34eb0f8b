package precedents

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/sanctions"
	"github.com/utrecht/meldpunt/internal/taxonomy"
)

// evalSetQuery is one query of an evaluation set (testdata/eval*/queries.json).
type evalSetQuery struct {
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

// foreignNormPrefixes are the norm id prefixes of other bodies, kept as an import keeps them.
var foreignNormPrefixes = []string{"WSRL-", "IF-COC-"}

type evalSetMin struct {
	dir                    string
	minPrecedents, minQs   int
	minTextOnly, minLonger int
}

// The labelled evaluation sets are what the ranking is measured on, so a broken line or a grade
// pointing at a precedent that does not exist would silently skew the figures. Every precedent
// decodes strictly, is already in normal form and is valid, with codes of the taxonomy and the
// rule set; every query uses known codes and has 2 to 8 graded precedents, one of them grade 3.
func TestEvaluationSetsAreWellFormed(t *testing.T) {
	rs := sanctions.Default()
	kind := map[string]sanctions.CircumstanceKind{}
	for _, c := range rs.Circumstances() {
		kind[c.ID] = c.Kind
	}
	ownNorm := func(id string) bool { _, ok := rs.Norm(id); return ok }
	circumstances := func(t *testing.T, where string, agg, mit []string) {
		t.Helper()
		for _, l := range []struct {
			want sanctions.CircumstanceKind
			ids  []string
		}{{sanctions.Aggravating, agg}, {sanctions.Mitigating, mit}} {
			for _, id := range l.ids {
				if kind[id] != l.want {
					t.Errorf("%s: circumstance %q is not %s in the rule set", where, id, l.want)
				}
			}
		}
	}
	sets := []evalSetMin{
		{"testdata/eval", 50, 20, 5, 0},
		// The second, harder set: text-only queries and lookups from a whole case description.
		{"testdata/eval2", 55, 20, 8, 4},
		// The third: paraphrases, lexical traps and twins differing in one decisive respect.
		{"testdata/eval3", 40, 20, 10, 0},
	}
	known := map[string]bool{}
	for _, s := range sets {
		known[s.dir] = true
	}
	// Any further set (testdata/eval4, ...) is held to the general minimum.
	dirs, _ := filepath.Glob("testdata/eval*")
	for _, d := range dirs {
		if !known[d] {
			sets = append(sets, evalSetMin{d, 40, 15, 6, 0})
		}
	}
	for _, set := range sets {
		t.Run(filepath.Base(set.dir), func(t *testing.T) {
			f, err := os.ReadFile(filepath.Join(set.dir, "precedents.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]Record{}
			sc := bufio.NewScanner(bytes.NewReader(f))
			sc.Buffer(nil, 1<<20)
			for n := 1; sc.Scan(); n++ {
				dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
				dec.DisallowUnknownFields()
				var r Record
				if err := dec.Decode(&r); err != nil {
					t.Fatalf("line %d: %v", n, err)
				}
				if dec.More() {
					t.Fatalf("line %d: more than one JSON value", n)
				}
				for _, l := range []struct {
					field string
					xs    []string
				}{{"discrimination_grounds", r.Grounds}, {"norms", r.Norms}, {"aggravating", r.Aggravating}, {"mitigating", r.Mitigating}} {
					if l.xs == nil {
						t.Errorf("%s: %s is missing or null", r.ExternalID, l.field)
					}
				}
				norm := r
				norm.Normalize()
				if !reflect.DeepEqual(norm, r) {
					t.Errorf("line %d (%s): Normalize changes the record:\n got %+v\nwant %+v", n, r.ExternalID, r, norm)
				}
				if err := r.Validate(testNow); err != nil {
					t.Errorf("%s: %v", r.ExternalID, err)
				}
				if _, dup := ids[r.ExternalID]; dup {
					t.Errorf("%s: duplicate external_id", r.ExternalID)
				}
				ids[r.ExternalID] = r
				circumstances(t, r.ExternalID, r.Aggravating, r.Mitigating)
				for _, id := range r.Norms {
					foreign := slices.ContainsFunc(foreignNormPrefixes, func(p string) bool { return strings.HasPrefix(id, p) })
					if !ownNorm(id) && !foreign {
						t.Errorf("%s: norm %q is neither in the rule set nor another body's id", r.ExternalID, id)
					}
				}
				if r.Category == "DISCRIMINATION" && r.Findings != "NOT_PROVEN" && r.Sanction == NoSanction {
					t.Errorf("%s: proven discrimination without a sanction (zero tolerance)", r.ExternalID)
				}
			}
			if err := sc.Err(); err != nil {
				t.Fatal(err)
			}
			if len(ids) < set.minPrecedents {
				t.Errorf("%d precedents, want at least %d", len(ids), set.minPrecedents)
			}

			b, err := os.ReadFile(filepath.Join(set.dir, "queries.json"))
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			var qs []evalSetQuery
			if err := dec.Decode(&qs); err != nil {
				t.Fatal(err)
			}
			if len(qs) < set.minQs {
				t.Errorf("%d queries, want at least %d", len(qs), set.minQs)
			}
			seen, textOnly, longer := map[string]bool{}, 0, 0
			for _, q := range qs {
				if q.ID == "" || seen[q.ID] {
					t.Errorf("query id %q is empty or not unique", q.ID)
				}
				seen[q.ID] = true
				if strings.TrimSpace(q.Text) == "" || q.Description == "" {
					t.Errorf("%s: text and description are required", q.ID)
				}
				if q.Language != "nl" && q.Language != "en" {
					t.Errorf("%s: language %q, want nl or en", q.ID, q.Language)
				}
				if q.Category != "" {
					if _, ok := taxonomy.Category(q.Category); !ok {
						t.Errorf("%s: unknown category %q", q.ID, q.Category)
					}
				}
				for _, g := range q.Grounds {
					if _, ok := taxonomy.Ground(g); !ok || q.Category != "DISCRIMINATION" {
						t.Errorf("%s: ground %q is unknown or not with category DISCRIMINATION", q.ID, g)
					}
				}
				for _, id := range q.Norms {
					if !ownNorm(id) {
						t.Errorf("%s: norm %q is not in the rule set", q.ID, id)
					}
				}
				circumstances(t, q.ID, q.Aggravating, q.Mitigating)
				if q.Category == "" && len(q.Grounds)+len(q.Norms)+len(q.Aggravating)+len(q.Mitigating) == 0 {
					textOnly++
				}
				if n := len(strings.Fields(q.Text)); n >= 150 && n <= 300 {
					longer++
				}
				if n := len(q.Relevant); n < 2 || n > 8 {
					t.Errorf("%s: %d relevant precedents, want 2 to 8", q.ID, n)
				}
				top := 0
				for id, g := range q.Relevant {
					if _, ok := ids[id]; !ok {
						t.Errorf("%s: relevant precedent %q does not exist", q.ID, id)
					}
					if g < 1 || g > 3 {
						t.Errorf("%s: grade %d for %s, want 1 to 3 (leave grade 0 out)", q.ID, g, id)
					}
					top = max(top, g)
				}
				if top != 3 {
					t.Errorf("%s: no precedent graded 3", q.ID)
				}
			}
			if textOnly < set.minTextOnly {
				t.Errorf("%d text-only queries, want at least %d", textOnly, set.minTextOnly)
			}
			if longer < set.minLonger {
				t.Errorf("%d queries with a whole case (150-300 words), want at least %d", longer, set.minLonger)
			}
		})
	}
}
