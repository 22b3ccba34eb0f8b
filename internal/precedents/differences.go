package precedents

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/utrecht/meldpunt/internal/taxonomy"
)

// Kinds of difference between a precedent and what was looked up.
const (
	DiffCategory   = "CATEGORY"   // another kind of conduct
	DiffGround     = "GROUND"     // another discrimination ground
	DiffFindings   = "FINDINGS"   // not (or only partly) proven, or proven where the text speaks of an allegation
	DiffVictim     = "VICTIM"     // a resident instead of a colleague, or the other way round
	DiffPosition   = "POSITION"   // a manager instead of a colleague, or the other way round
	DiffRepetition = "REPETITION" // one-off instead of repeated, or the other way round
)

// Difference says in which decisive respect a precedent differs, in Dutch.
type Difference struct {
	Kind string
	Text string
}

// Each decisive difference lowers a precedent's score by a factor. A difference the query states
// (a given or likely fact the precedent lacks) weighs fully; one the query is silent on (the
// precedent has a circumstance the query does not mention) weighs half, as the square root of the
// factor.
const (
	factorGround        = 0.8
	factorRelatedGround = 0.9
	factorNotProven     = 0.6
	factorPartlyProven  = 0.88
	factorProven        = 0.85 // an allegation looked up, a proven precedent found
	factorVictim        = 0.85
	factorPosition      = 0.88
	factorRepetition    = 0.92
)

// relatedGrounds are grounds close enough that one is a lesser difference from another.
var relatedGrounds = [][]string{
	{"ORIGIN_ETHNICITY", "SKIN_COLOUR", "NATIONALITY"},
	{"RELIGION", "BELIEF"},
	{"SEX", "SEXUAL_ORIENTATION", "GENDER_IDENTITY"},
}

func related(a, b string) bool {
	for _, g := range relatedGrounds {
		if slices.Contains(g, a) && slices.Contains(g, b) {
			return true
		}
	}
	return false
}

// queryFacts are the facts a lookup compares on: given by the user or, with less certainty,
// read from the text.
type queryFacts struct {
	category        string
	grounds         []string
	circ            map[string]bool // aggravating and mitigating circumstances
	circStated      bool            // the user listed circumstances: what is not listed does not apply
	denied          map[string]bool // circumstances the text says do not apply ("die ene keer")
	expectNotProven bool
}

// The Dutch labels of the taxonomy, read once (every hit of every lookup names some).
var (
	groundLabels   = sync.OnceValue(func() map[string]string { return lowerLabels(taxonomy.Grounds()) })
	categoryLabels = sync.OnceValue(func() map[string]string { return lowerLabels(taxonomy.Categories()) })
)

func lowerLabels(items []taxonomy.Item) map[string]string {
	out := make(map[string]string, len(items))
	for _, it := range items {
		out[it.Code] = strings.ToLower(it.LabelNL)
	}
	return out
}

func groundLabel(code string) string {
	if l, ok := groundLabels()[code]; ok {
		return l
	}
	return code
}

func categoryLabel(code string) string {
	if l, ok := categoryLabels()[code]; ok {
		return l
	}
	return code
}

func labels(codes []string, f func(string) string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = f(c)
	}
	switch len(out) {
	case 0:
		return ""
	case 1:
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " en " + out[len(out)-1]
}

// differences lists the decisive differences of a precedent from the query and the factor by
// which they lower its score.
func differences(q queryFacts, p Record) ([]Difference, float64) {
	var out []Difference
	factor := 1.0
	add := func(kind, text string, f float64) {
		out = append(out, Difference{kind, text})
		factor *= f
	}
	if q.category != "" && p.Category != q.category {
		// The similarity of the structured facts already counts it; shown, not counted twice.
		out = append(out, Difference{DiffCategory, fmt.Sprintf("Andere categorie: %s in plaats van %s", categoryLabel(p.Category), categoryLabel(q.category))})
	}
	if len(q.grounds) > 0 && len(p.Grounds) > 0 {
		shared, near := false, false
		for _, g := range q.grounds {
			if slices.Contains(p.Grounds, g) {
				shared = true
			}
			for _, h := range p.Grounds {
				if related(g, h) {
					near = true
				}
			}
		}
		if !shared {
			f := factorGround
			if near {
				f = factorRelatedGround
			}
			add(DiffGround, fmt.Sprintf("Andere discriminatiegrond: %s in plaats van %s", labels(p.Grounds, groundLabel), labels(q.grounds, groundLabel)), f)
		}
	}
	switch {
	case p.Findings == "NOT_PROVEN" && !q.expectNotProven:
		add(DiffFindings, "Niet bewezen", factorNotProven)
	case p.Findings == "PARTLY_PROVEN" && !q.expectNotProven:
		add(DiffFindings, "Deels bewezen", factorPartlyProven)
	case p.Findings == "PROVEN" && q.expectNotProven:
		add(DiffFindings, "Wel bewezen, waar het hier om een niet aangetoonde beschuldiging lijkt te gaan", factorProven)
	}
	has := func(xs []string, c string) bool { return slices.Contains(xs, c) }
	circ := func(code, kind, ifQuery, ifPrecedent, ifSilent string, f float64) {
		inQ, inP := q.circ[code], has(p.Aggravating, code)
		switch {
		case inQ && !inP:
			add(kind, ifQuery, f)
		case inP && !inQ && (q.circStated || q.denied[code]):
			add(kind, ifPrecedent, f)
		case inP && !inQ:
			add(kind, ifSilent, math.Sqrt(f))
		}
	}
	circ("PUBLIC_HARM", DiffVictim, "Geen inwoner benadeeld: het ging om collega's, hier om een inwoner",
		"Een inwoner benadeeld, hier een collega", "Een inwoner benadeeld (hier niet genoemd)", factorVictim)
	circ("ABUSE_OF_POSITION", DiffPosition, "Betrokkene was geen leidinggevende, hier wel",
		"Betrokkene was leidinggevende, hier een collega", "Betrokkene was leidinggevende (hier niet genoemd)", factorPosition)
	circ("REPEATED_CONDUCT", DiffRepetition, "Eenmalig in plaats van herhaald",
		"Herhaald in plaats van eenmalig", "Herhaald gedrag (hier niet genoemd)", factorRepetition)
	return out, factor
}

// circumstanceLabels are the Dutch names of the rule set's circumstances, for the likeness.
var circumstanceLabels = map[string]string{
	"ABUSE_OF_POSITION":            "misbruik van een machtspositie",
	"VULNERABLE_VICTIM":            "kwetsbaar slachtoffer",
	"REPEATED_CONDUCT":             "herhaald gedrag",
	"PUBLIC_HARM":                  "inwoners of aanzien geschaad",
	"OBSTRUCTION":                  "onderzoek belemmerd",
	"SELF_REPORT":                  "zelf gemeld",
	"REMORSE_AND_REPAIR":           "berouw en herstel",
	"SHORT_SERVICE_NO_INSTRUCTION": "kort in dienst",
	"PROVOCATION":                  "uitlokking",
	"LONG_UNBLEMISHED_SERVICE":     "lang onberispelijk in dienst",
}

func circumstanceLabel(code string) string {
	if l, ok := circumstanceLabels[code]; ok {
		return l
	}
	return code
}
