package precedents

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/precedents/lexicon"
)

// Kinds of suggestion: the facts a text-only lookup reads from the text.
const (
	SuggestCategory    = "CATEGORY"
	SuggestGround      = "GROUND"
	SuggestNorm        = "NORM"
	SuggestAggravating = "AGGRAVATING"
	SuggestMitigating  = "MITIGATING"
	SuggestFindings    = "FINDINGS"
)

// Sources of a suggestion.
const (
	FromLexicon = "LEXICON" // the domain's word list
	FromLibrary = "LIBRARY" // the precedents that match the text best
	FromBoth    = "BOTH"
)

// Statuses of a suggestion.
const (
	Suggested = "SUGGESTED"
	Confirmed = "CONFIRMED" // the user confirmed it: it counts as a fact the user gave
)

// Suggestion is a fact the lookup read from the text: the user can confirm it (it then counts as
// given, a filter) or drop it (it is then not inferred again).
type Suggestion struct {
	Kind       string
	Code       string
	Words      []string // the words of the text that point to it
	Confidence float64  // 0..1
	Source     string
	Status     string
}

// Key names a suggestion in a request: KIND:CODE, e.g. GROUND:RELIGION.
func (s Suggestion) Key() string { return s.Kind + ":" + s.Code }

var suggestionKinds = []string{SuggestCategory, SuggestGround, SuggestNorm, SuggestAggravating, SuggestMitigating, SuggestFindings}

// parseKeys checks suggestion keys of a request (KIND:CODE).
func parseKeys(field string, keys []string) ([][2]string, error) {
	if len(keys) > 40 {
		return nil, apperr.Invalid(field, "at most 40")
	}
	var out [][2]string
	for _, k := range keys {
		kind, code, ok := strings.Cut(strings.TrimSpace(k), ":")
		kind, code = strings.ToUpper(kind), strings.TrimSpace(code)
		if kind != SuggestNorm {
			code = strings.ToUpper(code)
		}
		if !ok || !slices.Contains(suggestionKinds, kind) || !codePattern.MatchString(code) {
			return nil, apperr.Invalid(field, "%q is not KIND:CODE with KIND one of %s", k, strings.Join(suggestionKinds, ", "))
		}
		out = append(out, [2]string{kind, code})
	}
	return out, nil
}

// inferred is what the lookup read from the text, as weighted query tags and as suggestions.
type inferred struct {
	suggestions []Suggestion
	// expectNotProven: the text reads as an allegation that was not substantiated, so a
	// not-proven precedent is no difference.
	expectNotProven bool
}

// Inferred facts rank with less weight than given ones: a suggestion's tag weighs its
// confidence times inferredWeight of a given tag of the kind.
const (
	inferredWeight    = 0.6
	minConfidence     = 0.3
	libraryHits       = 10 // the best text matches the library's suggestions are read from
	lexiconShare      = 0.55
	maxSuggestPerKind = 2
	// normLead: norms are suggested only when the likely category's confidence is at least
	// this many times the next one's.
	normLead = 1.5
)

// lexiconConfidence turns the summed weight of the cues for a fact into a confidence.
func lexiconConfidence(w float64) float64 { return 1 - math.Exp(-1.2*w) }

type evidenceKey struct{ kind, code string }

// fromLexicon reads the cues of the text for the kinds the user left open.
func fromLexicon(q Query, open map[string]bool, dropped map[string]bool) map[evidenceKey]lexicon.Evidence {
	out := map[evidenceKey]lexicon.Evidence{}
	if q.Language != "nl" || strings.TrimSpace(q.Text) == "" {
		return out
	}
	for _, e := range lexicon.Analyze(q.Text) {
		kind := e.Kind
		if kind == lexicon.Ground {
			kind = SuggestGround
		}
		if !open[kind] || dropped[kind+":"+e.Code] {
			continue
		}
		out[evidenceKey{kind, e.Code}] = e
	}
	return out
}

// lexiconTags are the tags of the lexicon's evidence, to find candidates by before the library
// has been read.
func lexiconTags(ev map[evidenceKey]lexicon.Evidence) []Tag {
	var tags []Tag
	for k, e := range ev {
		if lexiconConfidence(e.Weight) < minConfidence {
			continue
		}
		switch k.kind {
		case SuggestCategory:
			tags = append(tags, Tag{"cat:" + k.code, WeightCategory})
		case SuggestGround:
			tags = append(tags, Tag{"ground:" + k.code, WeightGround})
		}
	}
	slices.SortFunc(tags, func(a, b Tag) int { return cmp.Compare(a.Name, b.Name) })
	return tags
}

// textHit is a candidate with its text score, for reading what the library teaches.
type textHit struct {
	st    Stored
	score float64
}

// infer combines the lexicon's cues with what the best text matches of the library say: a
// category is likely when the text names it and the precedents most like the text are of it.
func infer(ev map[evidenceKey]lexicon.Evidence, top []textHit, b *bm25, matched map[uuid.UUID][]string, qwords map[string]string, open, dropped map[string]bool) inferred {
	var inf inferred
	// The library: the best text matches, each weighted by its text score. The words behind a
	// fact the library suggests are the distinctive words those of its precedents share with the
	// text, by share times IDF.
	lib := map[evidenceKey]float64{}
	termWeight := map[evidenceKey]map[string]float64{}
	total := 0.0
	for _, h := range top {
		total += h.score
	}
	share := func(kind string, code string, w float64, id uuid.UUID) {
		k := evidenceKey{kind, code}
		lib[k] += w
		if termWeight[k] == nil {
			termWeight[k] = map[string]float64{}
		}
		for _, t := range matched[id] {
			termWeight[k][t] += w * b.idf[t]
		}
	}
	libWords := func(k evidenceKey) []string {
		tw := termWeight[k]
		terms := slices.Collect(maps.Keys(tw))
		slices.SortFunc(terms, func(x, y string) int { return cmp.Or(cmp.Compare(tw[y], tw[x]), cmp.Compare(x, y)) })
		var out []string
		for _, t := range terms {
			for _, m := range b.matches([]string{t}, qwords) {
				if !mentions(out, m.label()) && len(out) < 3 {
					out = append(out, m.label())
				}
			}
		}
		return out
	}
	if total > 0 {
		for _, h := range top {
			w := h.score / total
			share(SuggestCategory, h.st.Category, w, h.st.ID)
			for _, g := range h.st.Grounds {
				share(SuggestGround, g, w, h.st.ID)
			}
		}
	}
	// Categories and grounds: both sources; the rest: the lexicon.
	keys := map[evidenceKey]bool{}
	for k := range ev {
		keys[k] = true
	}
	for k := range lib {
		if k.kind == SuggestCategory || k.kind == SuggestGround {
			keys[k] = true
		}
	}
	var sugg []Suggestion
	for k := range keys {
		if !open[k.kind] || dropped[k.kind+":"+k.code] {
			continue
		}
		e, inLex := ev[k]
		lexConf := 0.0
		if inLex {
			lexConf = lexiconConfidence(e.Weight)
		}
		libConf := lib[k]
		s := Suggestion{Kind: k.kind, Code: k.code, Status: Suggested}
		switch {
		case k.kind == SuggestCategory || k.kind == SuggestGround:
			s.Confidence = lexiconShare*lexConf + (1-lexiconShare)*libConf
		case k.kind == SuggestFindings:
			s.Confidence = lexConf
		default:
			s.Confidence = 0.85 * lexConf
		}
		switch {
		case inLex && libConf > 0:
			s.Source = FromBoth
		case inLex:
			s.Source = FromLexicon
		default:
			s.Source = FromLibrary
		}
		if inLex {
			s.Words = strings.Split(e.Words, ", ")
		}
		if libConf > 0 {
			for _, w := range libWords(k) {
				if !mentions(s.Words, w) {
					s.Words = append(s.Words, w)
				}
			}
		}
		if s.Confidence >= minConfidence {
			sugg = append(sugg, s)
		}
	}
	slices.SortFunc(sugg, func(a, b Suggestion) int {
		return cmp.Or(cmp.Compare(slices.Index(suggestionKinds, a.Kind), slices.Index(suggestionKinds, b.Kind)),
			cmp.Compare(b.Confidence, a.Confidence), cmp.Compare(a.Code, b.Code))
	})
	// At most two of a kind; a ground only with discrimination likely or given.
	count := map[string]int{}
	topCat := ""
	for _, s := range sugg {
		if s.Kind == SuggestCategory && topCat == "" {
			topCat = s.Code
		}
	}
	for _, s := range sugg {
		if count[s.Kind] == maxSuggestPerKind {
			continue
		}
		// A ground with another likely category only when the text names it outright (hateful
		// posts about refugees off duty are about origin all the same).
		if s.Kind == SuggestGround && topCat != "" && topCat != "DISCRIMINATION" && open[SuggestCategory] && s.Source == FromLibrary {
			continue
		}
		if s.Kind == SuggestFindings {
			inf.expectNotProven = s.Code == lexicon.NotProven
		}
		count[s.Kind]++
		inf.suggestions = append(inf.suggestions, s)
	}
	// Norms: those most of the best matches of the likely category share — only when that
	// category clearly leads: norms follow from the category, so between two likely categories
	// they would count the leader three times over.
	catConf, secondConf := 0.0, 0.0
	for _, s := range inf.suggestions {
		if s.Kind == SuggestCategory && s.Code == topCat {
			catConf = s.Confidence
		} else if s.Kind == SuggestCategory {
			secondConf = max(secondConf, s.Confidence)
		}
	}
	if open[SuggestNorm] && topCat != "" && total > 0 && catConf >= normLead*secondConf {
		norms := map[string]float64{}
		catTotal := 0.0
		for _, h := range top {
			if h.st.Category != topCat {
				continue
			}
			catTotal += h.score
			for _, n := range h.st.Norms {
				norms[strings.ToUpper(n)] += h.score
			}
		}
		var ns []Suggestion
		for n, w := range norms {
			if dropped[SuggestNorm+":"+n] || w/catTotal < 0.5 {
				continue
			}
			ns = append(ns, Suggestion{Kind: SuggestNorm, Code: n, Confidence: catConf * w / catTotal, Source: FromLibrary, Status: Suggested})
		}
		slices.SortFunc(ns, func(a, b Suggestion) int {
			return cmp.Or(cmp.Compare(b.Confidence, a.Confidence), cmp.Compare(a.Code, b.Code))
		})
		for i, s := range ns {
			if i == maxSuggestPerKind || s.Confidence < minConfidence {
				break
			}
			for _, h := range inf.suggestions {
				if h.Kind == SuggestCategory && h.Code == topCat {
					s.Words = h.Words
				}
			}
			inf.suggestions = append(inf.suggestions, s)
		}
	}
	return inf
}

// qTag is a tag of the query with its weight: a given fact's full weight, a suggestion's
// confidence times inferredWeight of it.
type qTag struct {
	name     string
	weight   float64
	inferred bool
	full     float64 // for a suggestion: its weight at full confidence
}

func suggestionTag(s Suggestion) (qTag, bool) {
	var name string
	var w int
	switch s.Kind {
	case SuggestCategory:
		name, w = "cat:"+s.Code, WeightCategory
	case SuggestGround:
		name, w = "ground:"+s.Code, WeightGround
	case SuggestNorm:
		name, w = "norm:"+strings.ToUpper(s.Code), WeightNorm
	case SuggestAggravating:
		name, w = "agg:"+s.Code, WeightCircumstance
	case SuggestMitigating:
		name, w = "mit:"+s.Code, WeightCircumstance
	default:
		return qTag{}, false
	}
	return qTag{name, float64(w) * inferredWeight * s.Confidence, true, float64(w) * inferredWeight}, true
}

// softSimilarity is Similarity with the query's tags weighted: the weighted Dice coefficient in
// which a precedent's tag that the query holds counts with the query's weight for it.
func softSimilarity(q []qTag, doc []Tag) float64 {
	in := make(map[string]float64, len(q))
	wq := 0.0
	for _, t := range q {
		in[t.name] = t.weight
		wq += t.weight
	}
	wd, shared := 0.0, 0.0
	for _, t := range doc {
		if w, ok := in[t.Name]; ok {
			wd += w
			shared += w
		} else {
			wd += float64(t.Weight)
		}
	}
	if wq+wd == 0 {
		return 0
	}
	return 2 * shared / (wq + wd)
}

// mentions reports whether the query word of w (a word, a phrase or "word ≈ synonym") is among
// the words of ws already.
func mentions(ws []string, w string) bool {
	word, _, _ := strings.Cut(w, " ≈ ")
	for _, x := range ws {
		xw, _, _ := strings.Cut(x, " ≈ ")
		if slices.Contains(strings.Fields(xw), word) || xw == word {
			return true
		}
	}
	return false
}

// coverage is how much of the facts read from the text a precedent holds, each weighted by its
// confidence: 1 when it holds them all and each is certain; a precedent's other facts do not
// count (its decisive differences do, elsewhere).
func coverage(q []qTag, doc []Tag) float64 {
	has := make(map[string]bool, len(doc))
	for _, t := range doc {
		has[t.Name] = true
	}
	shared, total := 0.0, 0.0
	for _, t := range q {
		total += t.full
		if has[t.name] {
			shared += t.weight
		}
	}
	if total == 0 {
		return 0
	}
	return shared / total
}
