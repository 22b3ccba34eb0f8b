// Package precedents is the moresprudentie library (domain.md §7): anonymised closed cases that
// the integrity team and managers consult before they decide, so that the same facts lead to the
// same sanction. A precedent keeps no link to the case it came from.
package precedents

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/sanctions"
	"github.com/utrecht/meldpunt/internal/taxonomy"
)

// Record is one precedent as it is exchanged between public bodies (JSON Lines and CSV) and as
// it is stored. Codes are the taxonomy codes of domain.md §9 and the rule set's ids.
type Record struct {
	// ExternalID identifies the precedent across exports and imports: importing the same id
	// again updates or skips, never duplicates.
	ExternalID string `json:"external_id"`
	// SourceOrganisation is the public body whose case it was ("Gemeente Utrecht").
	SourceOrganisation string `json:"source_organisation"`
	Year               int    `json:"year"`
	// Language of the texts: "nl" or "en".
	Language string `json:"language"`
	// Category is a category code, e.g. DISCRIMINATION.
	Category string `json:"category"`
	// Grounds are discrimination ground codes, e.g. ORIGIN_ETHNICITY (only for discrimination).
	Grounds []string `json:"discrimination_grounds"`
	// Norms are the norm ids involved, e.g. GC-1.2 (another body's ids are kept as they are).
	Norms []string `json:"norms"`
	// Findings is the overall finding: PROVEN, PARTLY_PROVEN or NOT_PROVEN.
	Findings string `json:"findings"`
	// Qualification is how the proven facts were qualified against the norms.
	Qualification string `json:"qualification"`
	// Aggravating and Mitigating are circumstance ids of the rule set, e.g. REPEATED_CONDUCT.
	Aggravating []string `json:"aggravating"`
	Mitigating  []string `json:"mitigating"`
	// Sanction is NONE or a sanction code, e.g. WRITTEN_WARNING.
	Sanction string `json:"sanction"`
	// Summary is the anonymised summary of the facts.
	Summary string `json:"summary"`
	// Considerations are the reasons for the sanction.
	Considerations string `json:"considerations"`
}

// Findings values.
var FindingsValues = []string{"PROVEN", "PARTLY_PROVEN", "NOT_PROVEN"}

// NoSanction is the sanction of a precedent without one.
const NoSanction = "NONE"

// SanctionWeight orders sanctions from none (0) to summary dismissal; -1 for an unknown code.
func SanctionWeight(s string) int {
	if s == NoSanction {
		return 0
	}
	if w := sanctions.Sanction(s).Weight(); w > 0 {
		return w
	}
	return -1
}

// FieldError names the field that is wrong and why.
type FieldError struct {
	Field  string
	Reason string // why, in English
	Code   apperr.Reason
	Value  string // what the code's sentence names (apperr.Violation.Value)
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

var (
	externalIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$`)
	codePattern       = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$`)
)

// Text limits, in characters.
const (
	maxSummary = 8000
	maxText    = 4000
	maxOrg     = 200
	maxList    = 20
)

// Normalize trims texts, upper-cases codes and sorts and de-duplicates the lists, so that the
// same precedent always has the same form (imports compare records).
func (r *Record) Normalize() {
	r.ExternalID = strings.TrimSpace(r.ExternalID)
	r.SourceOrganisation = strings.TrimSpace(r.SourceOrganisation)
	r.Language = strings.ToLower(strings.TrimSpace(r.Language))
	if r.Language == "" {
		r.Language = "nl"
	}
	up := func(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
	r.Category, r.Findings, r.Sanction = up(r.Category), up(r.Findings), up(r.Sanction)
	if r.Sanction == "" {
		r.Sanction = NoSanction
	}
	list := func(xs []string, upper bool) []string {
		out := make([]string, 0, len(xs))
		for _, x := range xs {
			x = strings.TrimSpace(x)
			if upper {
				x = strings.ToUpper(x)
			}
			if x != "" {
				out = append(out, x)
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	r.Grounds, r.Norms = list(r.Grounds, true), list(r.Norms, false)
	r.Aggravating, r.Mitigating = list(r.Aggravating, true), list(r.Mitigating, true)
	text := func(s string) string { return strings.TrimSpace(lineEndings.Replace(s)) }
	r.Qualification, r.Summary, r.Considerations = text(r.Qualification), text(r.Summary), text(r.Considerations)
}

// lineEndings turns CRLF and CR line endings into LF: a CSV reader does the same inside quoted
// values, so a text keeps its form through an export and an import.
var lineEndings = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// Validate checks a normalized record; the first problem is returned with its field.
func (r *Record) Validate(now time.Time) error {
	bad := func(field string, code apperr.Reason, value, format string, a ...any) error {
		return &FieldError{Field: field, Reason: fmt.Sprintf(format, a...), Code: code, Value: value}
	}
	for _, t := range []struct{ field, s string }{
		{"external_id", r.ExternalID}, {"source_organisation", r.SourceOrganisation}, {"qualification", r.Qualification},
		{"summary", r.Summary}, {"considerations", r.Considerations},
	} {
		// Either cannot be stored (PostgreSQL refuses both); a CSV file can hold them.
		switch {
		case !utf8.ValidString(t.s):
			return bad(t.field, apperr.ReasonValueNotText, "", "is not valid UTF-8 text")
		case strings.IndexByte(t.s, 0) >= 0:
			return bad(t.field, apperr.ReasonValueNotText, "", "contains a NUL character")
		}
	}
	switch {
	case !externalIDPattern.MatchString(r.ExternalID):
		return bad("external_id", apperr.ReasonValueMalformed, "", "must be 1-100 letters, digits or . _ : / - (starting with a letter or digit)")
	case r.SourceOrganisation == "" || utf8.RuneCountInString(r.SourceOrganisation) > maxOrg:
		if r.SourceOrganisation == "" {
			return bad("source_organisation", apperr.ReasonValueRequired, "", "is required (at most %d characters)", maxOrg)
		}
		return bad("source_organisation", apperr.ReasonValueTooLong, strconv.Itoa(maxOrg), "is required (at most %d characters)", maxOrg)
	case r.Year < 1990 || r.Year > now.Year():
		return bad("year", apperr.ReasonValueOutOfRange, fmt.Sprintf("1990–%d", now.Year()), "must be between 1990 and %d", now.Year())
	case r.Language != "nl" && r.Language != "en":
		return bad("language", apperr.ReasonValueNotAllowed, codeValue(r.Language), "must be nl or en")
	}
	if _, ok := taxonomy.Category(r.Category); !ok {
		return bad("category", apperr.ReasonValueNotAllowed, codeValue(r.Category), "unknown category %q", r.Category)
	}
	if len(r.Grounds) > 0 && r.Category != "DISCRIMINATION" {
		return bad("discrimination_grounds", apperr.ReasonGroundsNotDiscrimination, "", "only for category DISCRIMINATION")
	}
	for _, g := range r.Grounds {
		if _, ok := taxonomy.Ground(g); !ok {
			return bad("discrimination_grounds", apperr.ReasonValueNotAllowed, codeValue(g), "unknown ground %q", g)
		}
	}
	for _, l := range []struct {
		field string
		xs    []string
	}{{"discrimination_grounds", r.Grounds}, {"norms", r.Norms}, {"aggravating", r.Aggravating}, {"mitigating", r.Mitigating}} {
		field, xs := l.field, l.xs
		if len(xs) > maxList {
			return bad(field, apperr.ReasonTooManyValues, strconv.Itoa(maxList), "at most %d", maxList)
		}
		for _, x := range xs {
			if !codePattern.MatchString(x) {
				return bad(field, apperr.ReasonValueMalformed, "", "%q is not a code (letters, digits, . _ -; at most 50)", x)
			}
		}
	}
	if !slices.Contains(FindingsValues, r.Findings) {
		return bad("findings", apperr.ReasonValueNotAllowed, codeValue(r.Findings), "must be one of %s", strings.Join(FindingsValues, ", "))
	}
	if SanctionWeight(r.Sanction) < 0 {
		return bad("sanction", apperr.ReasonValueNotAllowed, codeValue(r.Sanction), "unknown sanction %q", r.Sanction)
	}
	if r.Findings == "NOT_PROVEN" && r.Sanction != NoSanction {
		return bad("sanction", apperr.ReasonNotProvenSanction, "", "a precedent whose facts were not proven has no sanction")
	}
	if r.Summary == "" || utf8.RuneCountInString(r.Summary) > maxSummary {
		if r.Summary == "" {
			return bad("summary", apperr.ReasonValueRequired, "", "is required (at most %d characters)", maxSummary)
		}
		return bad("summary", apperr.ReasonValueTooLong, strconv.Itoa(maxSummary), "is required (at most %d characters)", maxSummary)
	}
	if utf8.RuneCountInString(r.Qualification) > maxText {
		return bad("qualification", apperr.ReasonValueTooLong, strconv.Itoa(maxText), "at most %d characters", maxText)
	}
	if utf8.RuneCountInString(r.Considerations) > maxText {
		return bad("considerations", apperr.ReasonValueTooLong, strconv.Itoa(maxText), "at most %d characters", maxText)
	}
	return nil
}

// codeValue is s when it has the form of a code, for a refusal to name; else "" (a cell of a
// shifted column can hold a precedent's text, which a refusal does not repeat).
func codeValue(s string) string {
	if codePattern.MatchString(s) {
		return s
	}
	return ""
}
