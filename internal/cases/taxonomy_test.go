package cases

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	meldpuntv1 "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// taxonomyWant is domain.md §9 in form order: unwanted behaviour split out first, then the
// Dutch public-sector integrity typology.
var taxonomyWant = []struct {
	Code   Category
	Family Family
}{
	{"DISCRIMINATION", FamilyUnwantedBehaviour},
	{"SEXUAL_HARASSMENT", FamilyUnwantedBehaviour},
	{"AGGRESSION_VIOLENCE", FamilyUnwantedBehaviour},
	{"BULLYING", FamilyUnwantedBehaviour},
	{"INTIMIDATION", FamilyUnwantedBehaviour},
	{"UNWANTED_BEHAVIOUR_OTHER", FamilyUnwantedBehaviour},
	{"CORRUPTION", FamilyIntegrity},
	{"FRAUD_THEFT_EMBEZZLEMENT", FamilyIntegrity},
	{"GIFTS", FamilyIntegrity},
	{"CONFLICT_OF_INTEREST", FamilyIntegrity},
	{"MISUSE_OF_INFORMATION", FamilyIntegrity},
	{"ABUSE_OF_AUTHORITY", FamilyIntegrity},
	{"WASTE_POOR_PERFORMANCE", FamilyIntegrity},
	{"OFF_DUTY_MISCONDUCT", FamilyIntegrity},
	{"WRONGDOING", FamilyIntegrity},
	{"OTHER", FamilyIntegrity},
}

func TestCategoriesCodesAndFamilies(t *testing.T) {
	t.Parallel()
	type codeFamily struct {
		Code   Category
		Family Family
	}
	var want, got []codeFamily
	for _, w := range taxonomyWant {
		want = append(want, codeFamily{w.Code, w.Family})
	}
	for _, c := range Categories() {
		got = append(got, codeFamily{c.Code, c.Family})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Categories() codes/families mismatch (-want +got):\n%s", diff)
	}
	if len(got) != 16 {
		t.Errorf("len(Categories()) = %d, want 16", len(got))
	}

	var unwanted []Category
	for _, c := range Categories() {
		if c.Family == FamilyUnwantedBehaviour {
			unwanted = append(unwanted, c.Code)
		}
	}
	wantUnwanted := []Category{"DISCRIMINATION", "SEXUAL_HARASSMENT", "AGGRESSION_VIOLENCE", "BULLYING", "INTIMIDATION", "UNWANTED_BEHAVIOUR_OTHER"}
	if diff := cmp.Diff(wantUnwanted, unwanted); diff != "" {
		t.Errorf("unwanted-behaviour family mismatch (-want +got):\n%s", diff)
	}
}

func TestCategoriesWellFormed(t *testing.T) {
	t.Parallel()
	seenCode := map[Category]bool{}
	seenNL := map[string]Category{}
	seenEN := map[string]Category{}
	for _, c := range Categories() {
		t.Run(string(c.Code), func(t *testing.T) {
			t.Parallel()
			if c.Code == "" || strings.ToUpper(string(c.Code)) != string(c.Code) || strings.ContainsAny(string(c.Code), " -") {
				t.Errorf("code %q is not an UPPER_SNAKE code", c.Code)
			}
			if c.Family != FamilyUnwantedBehaviour && c.Family != FamilyIntegrity {
				t.Errorf("family %q is not a known family", c.Family)
			}
			if strings.TrimSpace(c.LabelNL) == "" {
				t.Error("no Dutch label")
			}
			if strings.TrimSpace(c.LabelEN) == "" {
				t.Error("no English label")
			}
			if c.LabelNL != strings.TrimSpace(c.LabelNL) || c.LabelEN != strings.TrimSpace(c.LabelEN) {
				t.Errorf("labels %q / %q have surrounding white space", c.LabelNL, c.LabelEN)
			}
		})
		if seenCode[c.Code] {
			t.Errorf("duplicate code %s", c.Code)
		}
		seenCode[c.Code] = true
		if prev, dup := seenNL[c.LabelNL]; dup {
			t.Errorf("Dutch label %q used by %s and %s", c.LabelNL, prev, c.Code)
		}
		seenNL[c.LabelNL] = c.Code
		if prev, dup := seenEN[c.LabelEN]; dup {
			t.Errorf("English label %q used by %s and %s", c.LabelEN, prev, c.Code)
		}
		seenEN[c.LabelEN] = c.Code
	}
}

func TestCategoriesReturnsACopy(t *testing.T) {
	t.Parallel()
	c := Categories()
	c[0].Code = "CHANGED"
	c[0].LabelNL = "Gewijzigd"
	if got := Categories()[0]; got.Code != "DISCRIMINATION" || got.LabelNL == "Gewijzigd" {
		t.Errorf("changing the result of Categories() changed the taxonomy: %+v", got)
	}
}

func TestLookupCategory(t *testing.T) {
	t.Parallel()
	for _, c := range Categories() {
		got, ok := LookupCategory(c.Code)
		if !ok {
			t.Errorf("LookupCategory(%s) not found", c.Code)
			continue
		}
		if diff := cmp.Diff(c, got); diff != "" {
			t.Errorf("LookupCategory(%s) mismatch (-want +got):\n%s", c.Code, diff)
		}
	}
	for _, code := range []Category{"", "UNSPECIFIED", "CATEGORY_BULLYING", "bullying", "BULLYING ", "PARKING"} {
		got, ok := LookupCategory(code)
		if ok {
			t.Errorf("LookupCategory(%q) = %+v, true; want not found", code, got)
		}
		if diff := cmp.Diff(CategoryInfo{}, got); diff != "" {
			t.Errorf("LookupCategory(%q) returned a non-zero value (-want +got):\n%s", code, diff)
		}
	}
}

// The API enum and the domain taxonomy must name the same categories: a code without an enum
// value cannot be sent to clients, and an enum value without a code cannot be filed.
func TestCategoriesMatchProtoEnum(t *testing.T) {
	t.Parallel()
	const prefix = "CATEGORY_"
	for _, c := range Categories() {
		v, ok := meldpuntv1.Category_value[prefix+string(c.Code)]
		if !ok {
			t.Errorf("category %s has no proto enum value %s%s", c.Code, prefix, c.Code)
			continue
		}
		if v == 0 {
			t.Errorf("category %s maps to the UNSPECIFIED enum number 0", c.Code)
		}
		if got := meldpuntv1.Category(v).String(); got != prefix+string(c.Code) {
			t.Errorf("enum %d names itself %s, want %s%s", v, got, prefix, c.Code)
		}
	}

	var names []string
	for name := range meldpuntv1.Category_value {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == "CATEGORY_UNSPECIFIED" {
			continue
		}
		code, ok := strings.CutPrefix(name, prefix)
		if !ok {
			t.Errorf("enum value %s lacks the %s prefix", name, prefix)
			continue
		}
		if _, ok := LookupCategory(Category(code)); !ok {
			t.Errorf("proto enum value %s has no category %s in the taxonomy", name, code)
		}
	}
	if got, want := len(meldpuntv1.Category_value)-1, len(Categories()); got != want {
		t.Errorf("proto enum has %d non-UNSPECIFIED values, taxonomy has %d categories", got, want)
	}
}
