package anonymize

import (
	"regexp"
	"sort"
	"strings"
)

// Known is what the case knows about the people and places in it. Every field is optional.
type Known struct {
	// Names are the full names of everyone in the case: reporter (if named), subjects,
	// witnesses, advisers, managers, investigators, e.g. "Jan de Vries", "Fatma Yılmaz-Bakker".
	// Titles and initials in them are allowed ("mr. J. de Vries").
	Names []string
	// EmployeeNumbers are personnel numbers, e.g. "2001", "104233".
	EmployeeNumbers []string
	// SmallUnits are organisational units too small to mention, e.g. "Wijkteam Overvecht".
	SmallUnits []string
	// Places are street or building names known from the case, e.g. "Stadsplateau".
	Places []string
}

// Replacement says how many findings of one kind were replaced. It never holds the replaced
// value.
type Replacement struct {
	Kind  string
	Count int
}

// Result is the anonymised text and what was replaced in it, in the order of Kinds. Replacements
// is empty when nothing was found.
type Result struct {
	Text         string
	Replacements []Replacement
}

// Total is the number of replacements of all kinds.
func (r Result) Total() int {
	n := 0
	for _, x := range r.Replacements {
		n += x.Count
	}
	return n
}

// Kinds of finding.
const (
	KindEmail          = "email"
	KindURL            = "url"
	KindIBAN           = "iban"
	KindBSN            = "bsn"
	KindPhone          = "phone"
	KindCaseReference  = "case_reference"
	KindReceiptCode    = "receipt_code"
	KindIPAddress      = "ip_address"
	KindLicencePlate   = "licence_plate"
	KindPostcode       = "postcode"
	KindAddress        = "address"
	KindDate           = "date"
	KindTime           = "time"
	KindEmployeeNumber = "employee_number"
	KindUnit           = "unit"
	KindPlace          = "place"
	KindName           = "name"
	KindHandle         = "handle"
	KindNumber         = "number"
)

// kinds lists every kind with its placeholder. The order is the order of Result.Replacements
// and breaks ties when two findings of different kinds cover the same text: the more specific
// kind comes first.
var kinds = []struct{ kind, placeholder string }{
	{KindEmail, "[e-mail]"},
	{KindURL, "[link]"},
	{KindIBAN, "[rekeningnummer]"},
	{KindBSN, "[bsn]"},
	{KindPhone, "[telefoonnummer]"},
	{KindCaseReference, "[zaaknummer]"},
	{KindReceiptCode, "[code]"},
	{KindIPAddress, "[ip-adres]"},
	{KindLicencePlate, "[kenteken]"},
	{KindPostcode, "[postcode]"},
	{KindAddress, "[adres]"},
	{KindDate, "[datum]"},
	{KindTime, "[tijd]"},
	{KindEmployeeNumber, "[personeelsnummer]"},
	{KindUnit, "[afdeling]"},
	{KindPlace, "[locatie]"},
	{KindName, "[naam]"},
	{KindHandle, "[account]"},
	{KindNumber, "[nummer]"},
}

// kind indexes into kinds.
type kind int

const (
	kEmail kind = iota
	kURL
	kIBAN
	kBSN
	kPhone
	kCaseRef
	kReceipt
	kIP
	kPlate
	kPostcode
	kAddress
	kDate
	kTime
	kEmployee
	kUnit
	kPlace
	kName
	kHandle
	kNumber
	numKinds
	kKeep kind = -1 // a placeholder already in the text
)

// Kinds returns every kind this package reports, in report order.
func Kinds() []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = k.kind
	}
	return out
}

// Placeholder returns the text that replaces findings of the kind, or "" for an unknown kind.
func Placeholder(kind string) string {
	for _, k := range kinds {
		if k.kind == kind {
			return k.placeholder
		}
	}
	return ""
}

// placeholderPattern finds placeholders already in a text; they are never changed, which makes
// Text idempotent.
var placeholderPattern = func() *regexp.Regexp {
	alts := make([]string, len(kinds))
	for i, k := range kinds {
		alts[i] = regexp.QuoteMeta(k.placeholder)
	}
	return regexp.MustCompile(strings.Join(alts, "|"))
}()

// span is a finding: text[start:end] is to be replaced by the placeholder of kind.
type span struct {
	start, end int
	kind       kind
}

// Anonymizer anonymises texts of one case. Make it with New when several texts (summary,
// considerations) share the same Known; it is safe for concurrent use.
type Anonymizer struct {
	cores   map[string]*coreInfo
	units   phraseSet
	places  phraseSet
	numbers []string // known employee numbers, ASCII lower case
}

// Text anonymises text with what k knows. It is New(k).Text(text).
func Text(text string, k Known) Result {
	return New(k).Text(text)
}

// maxPasses bounds the passes of Text. A pass only replaces text outside placeholders with
// placeholders, so every pass that changes something shrinks that text and the loop ends; in
// practice the second pass finds nothing.
const maxPasses = 16

// Text anonymises text. It runs the detectors until they find nothing more, so that running
// Text on its own output changes nothing and reports no replacements.
func (a *Anonymizer) Text(text string) Result {
	var counts [numKinds]int
	for range maxPasses {
		out, changed := a.pass(text, &counts)
		if !changed {
			break
		}
		text = out
	}
	var res Result
	res.Text = text
	for i, n := range counts {
		if n > 0 {
			res.Replacements = append(res.Replacements, Replacement{Kind: kinds[i].kind, Count: n})
		}
	}
	return res
}

// pass runs every detector once and replaces what they found.
func (a *Anonymizer) pass(text string, counts *[numKinds]int) (string, bool) {
	if text == "" {
		return text, false
	}
	var spans []span
	for _, loc := range placeholderPattern.FindAllStringIndex(text, -1) {
		spans = append(spans, span{loc[0], loc[1], kKeep})
	}
	keeps := len(spans)
	toks := tokenize(text)
	spans = findPatterns(text, toks, spans)
	spans = a.findKnownNumbers(text, spans)
	spans = a.findPhrases(text, toks, spans)
	spans = a.findNames(text, toks, spans)
	spans = findTitledNames(text, toks, spans)
	spans = findUnknownNames(text, toks, spans)
	if len(spans) == keeps {
		return text, false
	}
	spans = dropInsideKeeps(spans, keeps)
	return replace(text, spans, counts)
}

// dropInsideKeeps removes findings that lie within a placeholder (a known name "Naam" inside
// "[naam]"). The first keeps spans are the placeholders, in text order.
func dropInsideKeeps(spans []span, keeps int) []span {
	if keeps == 0 {
		return spans
	}
	ks := spans[:keeps]
	out := spans[:keeps]
	for _, s := range spans[keeps:] {
		i := sort.Search(len(ks), func(i int) bool { return ks[i].end > s.start })
		if i < len(ks) && ks[i].start <= s.start && s.end <= ks[i].end {
			continue
		}
		out = append(out, s)
	}
	return out
}

// replace merges overlapping findings (the longest finding names the kind of the merged one, so
// "3 jan. 2026" is a date even though "jan" may be a known name), joins names that follow each
// other ("[naam] [naam]" becomes "[naam]"), and writes the placeholders.
func replace(text string, spans []span, counts *[numKinds]int) (string, bool) {
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	type group struct {
		start, end int
		kind       kind
		best       int // length of the finding that named the kind
	}
	var groups []group
	for _, s := range spans {
		if s.end <= s.start {
			continue
		}
		if n := len(groups); n > 0 && s.start < groups[n-1].end {
			g := &groups[n-1]
			g.end = max(g.end, s.end)
			if s.kind != kKeep {
				if l := s.end - s.start; g.kind == kKeep || l > g.best || (l == g.best && s.kind < g.kind) {
					g.kind, g.best = s.kind, l
				}
			}
			continue
		}
		groups = append(groups, group{s.start, s.end, s.kind, s.end - s.start})
	}
	// Join names separated only by a space or hyphen.
	joined := groups[:0]
	for _, g := range groups {
		if n := len(joined); n > 0 && g.kind == kName && joined[n-1].kind == kName && nameJoin(text[joined[n-1].end:g.start]) {
			joined[n-1].end = g.end
			continue
		}
		joined = append(joined, g)
	}
	var b strings.Builder
	b.Grow(len(text))
	changed := false
	last := 0
	for _, g := range joined {
		if g.kind == kKeep {
			continue
		}
		b.WriteString(text[last:g.start])
		b.WriteString(kinds[g.kind].placeholder)
		last = g.end
		counts[g.kind]++
		changed = true
	}
	if !changed {
		return text, false
	}
	b.WriteString(text[last:])
	return b.String(), true
}

func nameJoin(g string) bool {
	if len(g) > 2 {
		return false
	}
	for i := 0; i < len(g); i++ {
		if g[i] != ' ' && g[i] != '-' {
			return false
		}
	}
	return true
}
