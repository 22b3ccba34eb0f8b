package catalogue_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/catalogue"
)

// enums are the API's enums and the kinds of the catalogue that name their values.
var enums = []struct {
	enum   protoreflect.EnumDescriptor
	prefix string
	kinds  []catalogue.Kind
}{
	{pb.Category(0).Descriptor(), "CATEGORY_", []catalogue.Kind{catalogue.Category}},
	{pb.DiscriminationGround(0).Descriptor(), "DISCRIMINATION_GROUND_", []catalogue.Kind{catalogue.Ground}},
	{pb.CaseStatus(0).Descriptor(), "CASE_STATUS_", []catalogue.Kind{catalogue.Status, catalogue.ReporterStatus}},
	{pb.Anonymity(0).Descriptor(), "ANONYMITY_", []catalogue.Kind{catalogue.Anonymity, catalogue.ReporterAnonymity}},
	{pb.Channel(0).Descriptor(), "CHANNEL_", []catalogue.Kind{catalogue.Channel}},
	{pb.ConsentPurpose(0).Descriptor(), "CONSENT_PURPOSE_", []catalogue.Kind{catalogue.Consent}},
	{pb.Sanction(0).Descriptor(), "SANCTION_", []catalogue.Kind{catalogue.Sanction}},
	{pb.Finding(0).Descriptor(), "FINDING_", []catalogue.Kind{catalogue.Finding}},
	{pb.SupportOutcome(0).Descriptor(), "SUPPORT_OUTCOME_", []catalogue.Kind{catalogue.Outcome}},
	{pb.Severity(0).Descriptor(), "SEVERITY_", []catalogue.Kind{catalogue.Severity}},
	{pb.WeighingOutcome(0).Descriptor(), "WEIGHING_OUTCOME_", []catalogue.Kind{catalogue.Weighing}},
	{pb.AdviserKind(0).Descriptor(), "ADVISER_KIND_", []catalogue.Kind{catalogue.AdviserKind}},
}

// rawCode is what a name must not look like: an upper-case code ("TERMINATION_BY_COURT") or a
// norm's code ("CAT-GIFTS").
var rawCode = regexp.MustCompile(`[A-Z0-9]+_[A-Z0-9_]+|CAT-`)

// TestEveryEnumValueHasANameInEveryLanguage: every value of the API's enums is named in every
// language of the people who see it, and by a name, not a code.
func TestEveryEnumValueHasANameInEveryLanguage(t *testing.T) {
	for _, e := range enums {
		values := e.enum.Values()
		for i := range values.Len() {
			full := string(values.Get(i).Name())
			if strings.HasSuffix(full, "_UNSPECIFIED") {
				continue
			}
			code := strings.TrimPrefix(full, e.prefix)
			for _, k := range e.kinds {
				for _, lang := range catalogue.Languages(k) {
					var name string
					for _, en := range catalogue.Entries(k) {
						if en.Code == code {
							name = en.Names.In(lang)
						}
					}
					switch {
					case name == "":
						t.Errorf("%s %s has no %s name", k, full, lang)
					case rawCode.MatchString(name):
						t.Errorf("%s %s is named by a code in %s: %q", k, full, lang, name)
					}
				}
			}
		}
	}
}

// TestEveryNameIsAName: also the kinds without an enum (roles, deadlines, outcomes of a case)
// are named in every language of their kind, by a name.
func TestEveryNameIsAName(t *testing.T) {
	for _, k := range catalogue.Kinds() {
		if len(catalogue.Entries(k)) == 0 {
			t.Errorf("kind %s has no codes", k)
		}
		for _, e := range catalogue.Entries(k) {
			for _, lang := range catalogue.Languages(k) {
				if n := e.Names.In(lang); n == "" || rawCode.MatchString(n) {
					t.Errorf("%s %s in %s: %q", k, e.Code, lang, n)
				}
			}
		}
	}
}

// TestTheSanctionsHaveThePolicysNames: the zero-tolerance policy names the sanctions it allows;
// the catalogue uses its words (a "kantonrechter" procedure is an opzegging of the employment
// contract, not an ontbinding).
func TestTheSanctionsHaveThePolicysNames(t *testing.T) {
	want := map[string]string{
		"WRITTEN_WARNING":      "Schriftelijke waarschuwing",
		"TERMINATION_BY_COURT": "Opzegging van de arbeidsovereenkomst via de kantonrechter",
		"SUMMARY_DISMISSAL":    "Ontslag op staande voet",
	}
	for code, name := range want {
		if got := catalogue.Name(catalogue.Sanction, code, "nl"); got != name {
			t.Errorf("sanction %s: %q, the policy says %q", code, got, name)
		}
	}
	if got := catalogue.Name(catalogue.Sanction, "NO_SUCH", "nl"); got != "NO_SUCH" {
		t.Errorf("unknown code: %q, want the code itself", got)
	}
	if got, _ := catalogue.Lookup(catalogue.Sanction, "TRANSFER", "ar"); got != "Overplaatsing" {
		t.Errorf("a language a kind has no name in falls back to Dutch, got %q", got)
	}
	if !slices.Contains(catalogue.Languages(catalogue.Category), "tr") || slices.Contains(catalogue.Languages(catalogue.Sanction), "tr") {
		t.Error("categories are named in the reporter languages, sanctions in the staff languages")
	}
}

// Every reason the services give has a sentence in every staff language, and every reason a
// reporter can get one in every reporter language.
func TestEveryRefusalHasASentenceInEveryLanguage(t *testing.T) {
	reporter := map[apperr.Reason]bool{}
	for _, r := range apperr.ReporterReasons() {
		reporter[r] = true
	}
	for _, r := range apperr.AllReasons() {
		n, ok := catalogue.RefusalNames(string(r))
		if !ok {
			t.Errorf("%s: no sentence", r)
			continue
		}
		langs := catalogue.StaffLanguages
		if reporter[r] {
			langs = catalogue.ReporterLanguages
		}
		for _, l := range langs {
			if n.In(l) == "" {
				t.Errorf("%s: no sentence in %s", r, l)
			}
		}
		if n.NL == n.EN {
			t.Errorf("%s: the Dutch sentence is the English one", r)
		}
	}
	for _, r := range apperr.ReporterReasons() {
		if !slices.Contains(apperr.Reasons(), r) {
			t.Errorf("%s: a reporter's reason that is not among the reasons", r)
		}
	}
}
