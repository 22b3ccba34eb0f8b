package precedents

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/precedents/dutch"
	"github.com/utrecht/meldpunt/internal/precedents/lexicon"
	"github.com/utrecht/meldpunt/internal/taxonomy"
)

// Ranking modes. Combined is the product; the others exist to measure it against.
const (
	RankCombined  = ""
	RankTextOnly  = "text"
	RankStructure = "structure"
)

// Query is what a lookup looks for: a case's structured facts and text, or free text plus
// filters.
type Query struct {
	Text     string
	Language string // of Text: nl (default) or en
	Features
	// ProposedSanction, if set, is compared with the comparable precedents.
	ProposedSanction string
	Limit            int
	Ranking          string
	// Confirmed are suggestions the user confirmed (KIND:CODE, see Suggestion.Key): they count as
	// given facts. Dropped are suggestions the user dropped: they are not inferred again.
	Confirmed []string
	Dropped   []string
}

// Reason says how a precedent is alike.
type Reason struct {
	Kind     string   // CATEGORY, NORMS, GROUNDS, CIRCUMSTANCES, TEXT
	Codes    []string // the shared codes
	Words    []string // for TEXT: the query's words found in the precedent, most distinctive first; a paraphrase as "uitschelden ≈ beledigen"
	Matches  []WordMatch
	Inferred bool   // the shared codes were read from the text, not given
	Text     string // in Dutch, e.g. "Zelfde discriminatiegrond: godsdienst"
}

// WordMatch is a word of the query found in a precedent: the same word (after stemming) or a
// paraphrase from the domain's synonym list.
type WordMatch struct {
	Word       string // as in the query
	Matched    string // the precedent's word; for a paraphrase the synonym's listed form
	Paraphrase bool
}

// Hit is one comparable precedent.
type Hit struct {
	Stored
	Score       float64 // combined, 0..1
	Structural  float64 // weighted overlap of the structured facts, 0..1
	Textual     float64 // text relevance relative to the best text match among the candidates, 0..1
	Reasons     []Reason
	Differences []Difference // decisive differences, each lowering the score
}

// SanctionCount is one bar of the distribution.
type SanctionCount struct {
	Sanction string
	Count    int
}

// Verdicts of a proposed sanction against the comparable precedents.
const (
	InLine  = "IN_LINE"
	Lighter = "LIGHTER"
	Heavier = "HEAVIER"
	NoBasis = "NO_BASIS"
)

// Comparison says whether a proposed sanction is in line with comparable cases.
type Comparison struct {
	Verdict     string
	Basis       int    // how many comparable proven precedents of the same category it rests on
	Explanation string // English, one sentence
}

// LookupResult is the answer to a lookup.
type LookupResult struct {
	Hits         []Hit
	Distribution []SanctionCount // sanctions of the comparison's basis (see distribution), not of the page
	Comparison   *Comparison
	Candidates   int // how many precedents were scored
	// Suggestions are the facts read from the text that the user did not give, and those the
	// user confirmed.
	Suggestions []Suggestion
}

const (
	// versionAttempts bounds the reads of a lookup whose statistics and postings were of two
	// versions of the library (see lookup); the last one is used as it is.
	versionAttempts = 3
	postingsPerTerm = 100 // strongest postings read per query term
	textCandidates  = 60
	tagCandidates   = 60
	structureWeight = 0.55 // the rest is text; chosen before measuring, see the evaluation test
	// inferredStructureWeight is the structure's part when all the structure was read from the
	// text (its coverage, which the confidence of each fact already lowers).
	inferredStructureWeight = 0.6
	// factConfidence is the confidence from which a suggestion counts as a fact a precedent can
	// differ in (another ground, a resident rather than a colleague).
	factConfidence = 0.5
	// idealShare: a best text match below this share of the ideal does not count as a full match.
	idealShare   = 0.4
	idealTerms   = 8
	defaultLimit = 10
	maxLimit     = 50
	minBasis     = 3
)

// Lookup ranks the library's precedents by comparability with q. Who may look up is decided by
// the caller: LookupFor checks the roles for a free lookup; a lookup from a case is authorised by
// the case's access rules (internal/cases) and passes caseID for the audit trail.
func (s *Service) Lookup(ctx context.Context, a Actor, q Query) (LookupResult, error) {
	if err := mayConsult(a); err != nil {
		return LookupResult{}, err
	}
	return s.lookup(ctx, a, q, nil)
}

// LookupForCase is a lookup that the case's access rules allowed (a manager weighing or deciding
// the case, its investigators); it is audited against the case.
func (s *Service) LookupForCase(ctx context.Context, a Actor, caseID uuid.UUID, q Query) (LookupResult, error) {
	return s.lookup(ctx, a, q, &caseID)
}

func (s *Service) lookup(ctx context.Context, a Actor, q Query, caseID *uuid.UUID) (LookupResult, error) {
	q.Language = strings.ToLower(strings.TrimSpace(q.Language))
	if q.Language == "" {
		q.Language = "nl"
	}
	if q.Language != "nl" && q.Language != "en" {
		return LookupResult{}, apperr.Invalid("language", "must be nl or en")
	}
	if len(q.Text) > 20000 {
		return LookupResult{}, apperr.Invalid("text", "at most 20,000 characters")
	}
	if q.ProposedSanction != "" && SanctionWeight(q.ProposedSanction) < 0 {
		return LookupResult{}, apperr.Invalid("proposed_sanction", "unknown sanction %q", q.ProposedSanction)
	}
	confirmed, err := parseKeys("confirmed_suggestions", q.Confirmed)
	if err != nil {
		return LookupResult{}, err
	}
	droppedKeys, err := parseKeys("dropped_suggestions", q.Dropped)
	if err != nil {
		return LookupResult{}, err
	}
	if q.Limit <= 0 {
		q.Limit = defaultLimit
	}
	q.Limit = min(q.Limit, maxLimit)
	dropped := map[string]bool{}
	for _, k := range droppedKeys {
		dropped[k[0]+":"+k[1]] = true
	}
	// The kinds of fact the user left open: only those are read from the text.
	circStated := len(q.Aggravating)+len(q.Mitigating) > 0
	open := map[string]bool{
		SuggestCategory: q.Category == "", SuggestGround: len(q.Grounds) == 0 && (q.Category == "" || q.Category == "DISCRIMINATION"),
		SuggestNorm: len(q.Norms) == 0, SuggestAggravating: !circStated, SuggestMitigating: !circStated, SuggestFindings: true,
	}
	var confirmedS []Suggestion
	expectNotProven := false
	for _, k := range confirmed {
		kind, code := k[0], k[1]
		switch kind {
		case SuggestCategory:
			if _, ok := taxonomy.Category(code); !ok {
				return LookupResult{}, apperr.Invalid("confirmed_suggestions", "unknown category %q", code)
			}
			if q.Category != "" && q.Category != code {
				return LookupResult{}, apperr.Invalid("confirmed_suggestions", "category %s confirmed, but the query's category is %s", code, q.Category)
			}
			q.Category = code
		case SuggestGround:
			if _, ok := taxonomy.Ground(code); !ok {
				return LookupResult{}, apperr.Invalid("confirmed_suggestions", "unknown ground %q", code)
			}
			q.Grounds = append(slices.Clone(q.Grounds), code)
		case SuggestNorm:
			q.Norms = append(slices.Clone(q.Norms), code)
		case SuggestAggravating:
			q.Aggravating = append(slices.Clone(q.Aggravating), code)
		case SuggestMitigating:
			q.Mitigating = append(slices.Clone(q.Mitigating), code)
		case SuggestFindings:
			if code != lexicon.NotProven {
				return LookupResult{}, apperr.Invalid("confirmed_suggestions", "FINDINGS can only be NOT_PROVEN")
			}
			expectNotProven = true
		}
		open[kind] = false
		confirmedS = append(confirmedS, Suggestion{Kind: kind, Code: code, Confidence: 1, Status: Confirmed})
	}
	if expectNotProven {
		open[SuggestFindings] = false
	}
	doInfer := q.Ranking == RankCombined
	var qtf map[string]int
	var lookupTerms []string
	var para map[string]lexicon.Paraphrase
	var words map[string]string // lexeme → the query's word
	if strings.TrimSpace(q.Text) != "" {
		var terms []string
		terms, qtf = queryTerms(q.Language, q.Text)
		words = queryWords(q.Language, q.Text)
		if len(terms) > 0 {
			lookupTerms = slices.Clone(terms)
			if q.Language == "nl" && q.Ranking != RankStructure {
				para = paraphrases(terms, qtf, words)
				lookupTerms = append(lookupTerms, slices.Sorted(maps.Keys(para))...)
			}
		}
	}
	qtags := q.Features.Tags()
	if len(qtf) == 0 && len(qtags) == 0 {
		return LookupResult{}, apperr.Invalid("text", "give a text, a category, norms, grounds or circumstances to compare with")
	}
	// The query is valid: its audit event is written while the library is read, and the answer
	// waits for it below. On SQLite the commit (a sync of the log, queued behind the one writer)
	// took as long as the rest of the lookup; run one after the other they added up. The event
	// names what is known before the search — who, the case, the category, that there was a
	// text — so it can be written first; a lookup that fails after it was written stays in the
	// trail, as one whose caller gave up does.
	fields := []string{}
	if q.Category != "" {
		fields = append(fields, "category:"+q.Category)
	}
	if len(qtf) > 0 {
		fields = append(fields, "text") // that there was a text, never the text
	}
	audited := make(chan error, 1) // buffered: a lookup that fails early does not wait for it
	go func(ev audit.Event) { audited <- s.repo.Audit(ctx, ev) }(s.event(a, ActionLookup, caseID, fields...))
	// The lexicon's cues, to find candidates by before the library has been read.
	var ev map[evidenceKey]lexicon.Evidence
	var lexTags []Tag
	if doInfer {
		ev = fromLexicon(q, open, dropped)
		lexTags = lexiconTags(ev)
	}
	useTags := len(qtags) > 0 && q.Ranking != RankTextOnly
	var find []Tag
	if useTags {
		find = qtags
	}
	find = dedupeTags(append(slices.Clone(find), lexTags...))

	// The statistics (which the repository may keep) choose the terms; their postings and the
	// tag candidates are read in one go, with the library's version. Statistics of another
	// version (a precedent written meanwhile, by any replica) are read again, so that the
	// postings are scored with the statistics of their own version.
	var (
		stats   TermStats
		bm      *bm25
		useText bool
		cands   Candidates
	)
	for attempt := 0; ; attempt++ {
		if len(lookupTerms) > 0 {
			st, err := s.repo.Stats(ctx, lookupTerms)
			if err != nil {
				return LookupResult{}, err
			}
			stats = st
		}
		useText = len(qtf) > 0 && q.Ranking != RankStructure
		var terms []string
		if useText {
			bm = newBM25(stats, qtf, para)
			bm.lang = q.Language
			useText = len(bm.terms)+len(bm.extra) > 0 // paraphrases alone count too
			if useText {
				terms = bm.allTerms()
			}
		}
		if len(terms) == 0 && len(find) == 0 {
			break
		}
		c, err := s.repo.Candidates(ctx, terms, postingsPerTerm, find, tagCandidates)
		if err != nil {
			return LookupResult{}, err
		}
		cands = c
		if !useText || c.Version == stats.Version || attempt == versionAttempts-1 {
			break
		}
	}
	seen := map[uuid.UUID]bool{}
	var ids []uuid.UUID
	add := func(sc []Scored) {
		for _, c := range sc {
			if !seen[c.ID] {
				seen[c.ID] = true
				ids = append(ids, c.ID)
			}
		}
	}
	// Text relevance from the strongest postings of each term (impact-ordered retrieval): exact
	// for every precedent among a term's strongest, and 0 for that term otherwise — a precedent
	// outside them matches the term less than the candidates do anyway.
	text := map[uuid.UUID]float64{}
	matched := map[uuid.UUID][]string{}
	if useText {
		posts := cands.Postings
		text = bm.sum(posts)
		for _, p := range posts {
			if _, ok := bm.idf[p.Term]; ok {
				matched[p.ID] = append(matched[p.ID], p.Term)
			}
		}
		add(topScored(text, textCandidates))
	}
	add(cands.Tags)
	res := LookupResult{Candidates: len(ids)}
	if len(ids) > 0 {
		rows, err := s.repo.Features(ctx, ids)
		if err != nil {
			return LookupResult{}, err
		}
		best := 0.0
		for _, v := range text {
			best = max(best, v)
		}
		// The text counts relative to the best match, unless that matches only a small part of
		// what the query asks ("Antisemitische opmerkingen" and a precedent that only shares
		// "opmerkingen"): then relative to a share of the ideal match.
		if bm != nil && best > 0 {
			best = max(best, idealShare*bm.ideal)
		}
		// What the library teaches: the facts of the best text matches.
		var inf inferred
		if doInfer {
			var top []textHit
			for _, st := range rows {
				if text[st.ID] > 0 {
					top = append(top, textHit{st, text[st.ID]})
				}
			}
			slices.SortFunc(top, func(x, y textHit) int {
				return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(x.st.ExternalID, y.st.ExternalID))
			})
			top = top[:min(len(top), libraryHits)]
			inf = infer(ev, top, bm, matched, words, open, dropped)
		}
		res.Suggestions = append(confirmedS, inf.suggestions...)
		facts := queryFacts{category: q.Category, grounds: q.Grounds, circ: map[string]bool{}, circStated: circStated,
			expectNotProven: expectNotProven || inf.expectNotProven, denied: map[string]bool{}}
		if doInfer && !circStated && q.Language == "nl" {
			for _, d := range lexicon.Denied(q.Text) {
				facts.denied[d.Code] = true
			}
		}
		for _, c := range append(slices.Clone(q.Aggravating), q.Mitigating...) {
			facts.circ[c] = true
		}
		all := make([]qTag, 0, len(qtags)+len(inf.suggestions))
		if useTags {
			for _, t := range qtags {
				all = append(all, qTag{t.Name, float64(t.Weight), false, float64(t.Weight)})
			}
		}
		for _, sg := range inf.suggestions {
			if t, ok := suggestionTag(sg); ok {
				all = append(all, t)
			}
			if sg.Confidence < factConfidence {
				continue
			}
			switch sg.Kind {
			case SuggestCategory:
				if facts.category == "" {
					facts.category = sg.Code
				}
			case SuggestGround:
				if len(q.Grounds) == 0 && len(facts.grounds) == 0 {
					facts.grounds = []string{sg.Code}
				}
			case SuggestAggravating, SuggestMitigating:
				facts.circ[sg.Code] = true
			}
		}
		sw := structureWeight
		if !useTags {
			sw = inferredStructureWeight
		}
		hits := make([]Hit, 0, len(rows))
		for _, st := range rows {
			h := Hit{Stored: st}
			// With facts read from the text only, the structure is how much of them a
			// precedent holds, weighted by their confidence.
			switch {
			case useTags:
				h.Structural = softSimilarity(all, st.features().Tags())
			case len(all) > 0:
				h.Structural = coverage(all, st.features().Tags())
			}
			if best > 0 {
				h.Textual = text[st.ID] / best
			}
			switch {
			case len(all) > 0 && useText:
				h.Score = sw*h.Structural + (1-sw)*h.Textual
			case len(all) > 0:
				h.Score = h.Structural
			default:
				h.Score = h.Textual
			}
			var factor float64
			h.Differences, factor = differences(facts, st.Record)
			if q.Ranking == RankCombined {
				h.Score *= factor
			}
			if h.Score > 0 {
				hits = append(hits, h)
			}
		}
		slices.SortFunc(hits, func(x, y Hit) int {
			return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(y.Year, x.Year), cmp.Compare(x.ExternalID, y.ExternalID))
		})
		res.Distribution, res.Comparison = distribution(hits, q.Category, q.ProposedSanction)
		if len(hits) > q.Limit {
			hits = hits[:q.Limit]
		}
		if err := s.withTexts(ctx, hits); err != nil {
			return LookupResult{}, err
		}
		for i := range hits {
			hits[i].Reasons = reasons(all, inf.suggestions, bm, words, matched[hits[i].ID], hits[i])
		}
		res.Hits = hits
	} else {
		res.Distribution, res.Comparison = distribution(nil, q.Category, q.ProposedSanction)
		if doInfer {
			res.Suggestions = append(confirmedS, infer(ev, nil, nil, nil, nil, open, dropped).suggestions...)
		}
	}

	// No answer before its audit event is committed.
	if err := <-audited; err != nil {
		return LookupResult{}, err
	}
	return res, nil
}

// withTexts fills in the texts of the hits (scoring needed only their structured facts).
func (s *Service) withTexts(ctx context.Context, hits []Hit) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	full, err := s.repo.Fetch(ctx, ids)
	if err != nil {
		return err
	}
	byID := make(map[uuid.UUID]Stored, len(full))
	for _, st := range full {
		byID[st.ID] = st
	}
	for i := range hits {
		if st, ok := byID[hits[i].ID]; ok {
			hits[i].Stored = st
		}
	}
	return nil
}

// queryTerms returns the distinct lexemes of a query, sorted, with their frequency in it. The
// lexemes come from the same Go normaliser that indexed the library, on either database. Generic
// words ("goed", "nooit", "inmiddels") are left out: they match without saying anything.
func queryTerms(lang, text string) ([]string, map[string]int) {
	tf := map[string]int{}
	for _, t := range dutch.Terms(lang, text) {
		if !lexicon.Generic(lang, t) {
			tf[t]++
		}
	}
	terms := make([]string, 0, len(tf))
	for t := range tf {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	return terms, tf
}

// paraphrases returns the synonyms of the query's Dutch lexemes that the query does not hold
// itself, each with the query lexeme it paraphrases (the first, in lexeme order); and for a
// compound of the query that begins or ends with a listed word ("sollicitatiebrieven",
// "moslimvrouwen"), that word and its synonyms.
func paraphrases(terms []string, qtf map[string]int, words map[string]string) map[string]lexicon.Paraphrase {
	out := map[string]lexicon.Paraphrase{}
	add := func(p lexicon.Paraphrase) {
		if _, own := qtf[p.Lexeme]; own {
			return
		}
		if _, ok := out[p.Lexeme]; !ok {
			out[p.Lexeme] = p
		}
	}
	for _, t := range terms {
		for _, p := range lexicon.Paraphrases(t) {
			add(p)
		}
	}
	// Forms the stemmer leaves apart: a participle or a noun made with ge- or be- ("gestotter",
	// "belachelijk" against "stotteren", "lachen") and a doubled last consonant
	// ("werkoverleggen" against "werkoverleg"). Only those the library holds are scored.
	for _, t := range terms {
		for _, v := range stemVariants(t) {
			add(lexicon.Paraphrase{Of: t, Lexeme: v, Form: v})
		}
	}
	// Any long compound: its last part, the word it is a kind of ("kraakperswagen" is a
	// "wagen", "oerwoudgeluiden" are "geluiden"), when the library holds it.
	for _, t := range terms {
		for _, tail := range lexicon.CompoundTails(words[t], minCompoundPart) {
			for _, pl := range dutch.Terms("nl", tail) {
				add(lexicon.Paraphrase{Of: t, Lexeme: pl, Form: tail})
			}
		}
	}
	for _, t := range terms {
		for _, part := range lexicon.Parts(words[t]) {
			for _, pl := range dutch.Terms("nl", part) {
				add(lexicon.Paraphrase{Of: t, Lexeme: pl, Form: part})
				for _, p := range lexicon.Paraphrases(pl) {
					p.Of = t
					add(p)
				}
			}
		}
	}
	return out
}

// minCompoundPart is the shortest last part of a compound looked up, and the shortest part left
// in front of it.
const minCompoundPart = 5

// stemVariants are the lexemes a Dutch lexeme of at least four letters may have in another
// form of the same word: without or with the prefix ge- or be-, and with its last consonant
// doubled or undoubled.
func stemVariants(t string) []string {
	if len(t) < 4 || !isASCIIWord(t) {
		return nil
	}
	var out []string
	if rest, ok := strings.CutPrefix(t, "ge"); ok {
		if len(rest) >= 4 {
			out = append(out, rest)
		}
	} else if rest, ok := strings.CutPrefix(t, "be"); ok {
		if len(rest) >= 4 {
			out = append(out, rest)
		}
	} else {
		out = append(out, "ge"+t, "be"+t)
	}
	last, prev := t[len(t)-1], t[len(t)-2]
	switch {
	case last == prev && !isVowel(last) && len(t) >= 5:
		out = append(out, t[:len(t)-1])
	case last != prev && !isVowel(last) && isVowel(prev):
		out = append(out, t+string(last))
	}
	return out
}

func isVowel(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }

func isASCIIWord(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] < 'a' || t[i] > 'z' {
			return false
		}
	}
	return true
}

// queryWords maps each lexeme of the query to the first word of the query that produced it, so
// that a reason can say "afkomst" rather than the stem "afkomst" or "discrimin".
func queryWords(lang, text string) map[string]string {
	out := map[string]string{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		for _, t := range dutch.Terms(lang, w) {
			if _, ok := out[t]; !ok {
				out[t] = strings.ToLower(w)
			}
		}
	}
	return out
}

// reasonFloor is the lowest IDF of a word shown as a reason: a word in more than about a third
// of a library of some size says little about why a precedent is alike.
const (
	reasonFloor     = 1.0
	reasonFloorDocs = 20
	maxReasonWords  = 12
)

// label is how a match is shown: the word, or a paraphrase as "uitschelden ≈ beledigen".
func (m WordMatch) label() string {
	if m.Paraphrase {
		return m.Word + " ≈ " + m.Matched
	}
	return m.Word
}

// matches returns the words (as in the query) of the matched lexemes, most distinctive first,
// without words below the IDF floor.
func (b *bm25) matches(terms []string, words map[string]string) []WordMatch {
	if b == nil {
		return nil
	}
	terms = slices.Clone(terms)
	slices.Sort(terms)
	terms = slices.Compact(terms)
	slices.SortFunc(terms, func(x, y string) int { return cmp.Or(cmp.Compare(b.idf[y], b.idf[x]), cmp.Compare(x, y)) })
	var out []WordMatch
	seen := map[string]bool{}
	for _, t := range terms {
		idf, ok := b.idf[t]
		if !ok || (b.docs >= reasonFloorDocs && idf < reasonFloor) || lexicon.Quiet(b.lang, t) {
			continue
		}
		var m WordMatch
		if p, ok := b.para[t]; ok {
			m = WordMatch{Word: wordOf(words, p.Of), Matched: p.Form, Paraphrase: true}
		} else {
			m = WordMatch{Word: wordOf(words, t), Matched: wordOf(words, t)}
		}
		if !seen[m.Word] { // one match a word of the query: its most distinctive
			seen[m.Word] = true
			out = append(out, m)
		}
	}
	return out
}

func wordOf(words map[string]string, t string) string {
	if w, ok := words[t]; ok {
		return w
	}
	return t
}

// reasons says how a precedent is alike: the facts it shares with the query (given or read from
// the text) and the distinctive words.
func reasons(qtags []qTag, sugg []Suggestion, b *bm25, words map[string]string, matchedTerms []string, h Hit) []Reason {
	var out []Reason
	inQuery := map[string]qTag{}
	for _, t := range qtags {
		inQuery[t.name] = t
	}
	type group struct {
		codes    []string
		inferred bool
	}
	groups := map[string]*group{}
	for _, t := range h.features().Tags() {
		qt, ok := inQuery[t.Name]
		if !ok {
			continue
		}
		kind, code, _ := strings.Cut(t.Name, ":")
		if kind == "mit" {
			kind = "agg"
		}
		g := groups[kind]
		if g == nil {
			g = &group{inferred: true}
			groups[kind] = g
		}
		g.codes = append(g.codes, code)
		g.inferred = g.inferred && qt.inferred
	}
	trigger := func(kind string, codes []string) string {
		var ws []string
		for _, s := range sugg {
			if s.Kind == kind && slices.Contains(codes, s.Code) {
				for _, w := range s.Words {
					if !slices.Contains(ws, w) {
						ws = append(ws, w)
					}
				}
			}
		}
		if len(ws) == 0 {
			return " (afgeleid uit de tekst)"
		}
		return " (afgeleid uit de tekst: " + strings.Join(ws[:min(3, len(ws))], ", ") + ")"
	}
	for _, k := range []struct{ tag, kind, sugg, nl string }{
		{"cat", "CATEGORY", SuggestCategory, "Zelfde categorie: "},
		{"norm", "NORMS", SuggestNorm, "Zelfde norm: "},
		{"ground", "GROUNDS", SuggestGround, "Zelfde discriminatiegrond: "},
		{"agg", "CIRCUMSTANCES", SuggestAggravating, "Zelfde omstandigheden: "},
	} {
		g := groups[k.tag]
		if g == nil {
			continue
		}
		var text string
		switch k.tag {
		case "cat":
			text = k.nl + labels(g.codes, categoryLabel)
		case "norm":
			text = k.nl + strings.Join(g.codes, ", ")
		case "ground":
			text = k.nl + labels(g.codes, groundLabel)
		default:
			text = k.nl + labels(g.codes, circumstanceLabel)
		}
		if g.inferred {
			kind := k.sugg
			if kind == SuggestAggravating {
				for _, c := range g.codes {
					if !slices.Contains(h.Aggravating, c) {
						kind = SuggestMitigating
					}
				}
			}
			text += trigger(kind, g.codes)
		}
		out = append(out, Reason{Kind: k.kind, Codes: g.codes, Inferred: g.inferred, Text: text})
	}
	if h.Textual > 0 {
		ms := b.matches(matchedTerms, words)
		if len(ms) > maxReasonWords {
			ms = ms[:maxReasonWords]
		}
		if len(ms) > 0 {
			r := Reason{Kind: "TEXT", Matches: ms}
			for _, m := range ms {
				r.Words = append(r.Words, m.label())
			}
			r.Text = "Woorden: " + strings.Join(r.Words, ", ")
			out = append(out, r)
		}
	}
	return out
}

// The sanction comparison rests on the basis: the proven precedents of the query's category
// whose combined score is at least basisFloor, the basisSize best of them — all that the lookup
// scored, not the page. Each counts with its score as weight.
const (
	basisFloor = 0.3
	basisSize  = 20
)

// distribution counts the sanctions of the basis (see basisFloor) and places a proposed sanction
// against its middle half, each precedent weighted by its similarity: a sanction is in line when
// it lies between the weighted first and third quartiles. scored is every scored hit, best first.
func distribution(scored []Hit, category, proposed string) ([]SanctionCount, *Comparison) {
	type item struct {
		sanction int
		weight   float64
	}
	counts := map[string]int{}
	var basis []item
	total := 0.0
	if category != "" {
		for _, h := range scored {
			if len(basis) == basisSize {
				break
			}
			if h.Category != category || h.Findings != "PROVEN" || h.Score < basisFloor {
				continue
			}
			counts[h.Sanction]++
			basis = append(basis, item{SanctionWeight(h.Sanction), h.Score})
			total += h.Score
		}
	}
	var dist []SanctionCount
	for s, n := range counts {
		dist = append(dist, SanctionCount{s, n})
	}
	slices.SortFunc(dist, func(a, b SanctionCount) int {
		return cmp.Compare(SanctionWeight(a.Sanction), SanctionWeight(b.Sanction))
	})
	if proposed == "" {
		return dist, nil
	}
	if len(basis) < minBasis {
		why := fmt.Sprintf("Only %d proven precedents of the same category are comparable enough; at least %d are needed to compare.", len(basis), minBasis)
		if category == "" {
			why = "Without a category there are no comparable precedents to compare with."
		}
		return dist, &Comparison{Verdict: NoBasis, Basis: len(basis), Explanation: why}
	}
	slices.SortStableFunc(basis, func(a, b item) int { return cmp.Compare(a.sanction, b.sanction) })
	quantile := func(q float64) int {
		cum := 0.0
		for _, it := range basis {
			cum += it.weight
			if cum >= q*total-1e-9 {
				return it.sanction
			}
		}
		return basis[len(basis)-1].sanction
	}
	lo, hi := quantile(0.25), quantile(0.75)
	w := SanctionWeight(proposed)
	c := &Comparison{Basis: len(basis)}
	rng := fmt.Sprintf("the middle of %d comparable proven precedents weighted by similarity (%s to %s)", len(basis), sanctionAt(lo), sanctionAt(hi))
	switch {
	case w < lo:
		c.Verdict = Lighter
		c.Explanation = fmt.Sprintf("%s is lighter than %s.", proposed, rng)
	case w > hi:
		c.Verdict = Heavier
		c.Explanation = fmt.Sprintf("%s is heavier than %s.", proposed, rng)
	default:
		c.Verdict = InLine
		c.Explanation = fmt.Sprintf("%s is in line with %s.", proposed, rng)
	}
	return dist, c
}

func sanctionAt(w int) string {
	if w == 0 {
		return NoSanction
	}
	for _, s := range []string{"WRITTEN_WARNING", "FINAL_WARNING", "TRANSFER", "TERMINATION_BY_COURT", "SUMMARY_DISMISSAL"} {
		if SanctionWeight(s) == w {
			return s
		}
	}
	return "?"
}

// bm25 scores postings with Okapi BM25 (k1 1.2, b 0.75) under the collection statistics. Only
// the most telling query terms are used: at most maxScoredTerms of them, by weight — the IDF
// times 1 + ln of the term's frequency in the query — and, at equal weight, by lexeme. The
// choice depends on the query's words and the library only: not on the order of the sentences,
// not on the database, and a word late in the alphabet counts as much as an early one. Terms no
// precedent contains are left out.
//
// Paraphrases of the chosen terms (the domain's synonyms, at most maxParaphrases, by IDF) are
// scored too, at paraphraseWeight; a precedent that holds a term and its paraphrase counts the
// better of the two, once.
type bm25 struct {
	terms []string // the query's own, chosen
	extra []string // paraphrases
	idf   map[string]float64
	para  map[string]lexicon.Paraphrase
	avgdl float64
	docs  int64
	lang  string
	ideal float64 // see newBM25
}

const (
	bm25K1           = 1.2
	bm25B            = 0.75
	maxScoredTerms   = 16
	maxParaphrases   = 8
	paraphraseWeight = 0.7
)

func newBM25(st TermStats, qtf map[string]int, para map[string]lexicon.Paraphrase) *bm25 {
	b := &bm25{idf: map[string]float64{}, avgdl: 1, para: map[string]lexicon.Paraphrase{}, docs: st.Docs}
	if st.Docs > 0 && st.Length > 0 {
		b.avgdl = float64(st.Length) / float64(st.Docs)
	}
	n := float64(st.Docs)
	idf := func(t string) float64 {
		df := float64(st.DF[t])
		return math.Log(1 + (n-df+0.5)/(df+0.5))
	}
	weight := map[string]float64{}
	for t, f := range qtf {
		if st.DF[t] > 0 {
			b.idf[t] = idf(t)
			weight[t] = b.idf[t] * (1 + math.Log(float64(f)))
			b.terms = append(b.terms, t)
		}
	}
	// The ideal: what a precedent of average length holding each of the query's idealTerms
	// most telling words once would score, words no precedent holds included. (Not all 16: no
	// precedent holds a good part of a long case description.)
	var all []float64
	for t := range qtf {
		all = append(all, idf(t))
	}
	slices.Sort(all)
	slices.Reverse(all)
	for _, v := range all[:min(len(all), idealTerms)] {
		b.ideal += v
	}
	slices.SortFunc(b.terms, func(x, y string) int { return cmp.Or(cmp.Compare(weight[y], weight[x]), cmp.Compare(x, y)) })
	if len(b.terms) > maxScoredTerms {
		for _, t := range b.terms[maxScoredTerms:] {
			delete(b.idf, t)
		}
		b.terms = b.terms[:maxScoredTerms]
	}
	for t, p := range para {
		// A paraphrase of a chosen term, or of a term the library does not hold at all
		// ("persoonsregistratie" where the precedents say "BRP").
		if _, chosen := b.idf[p.Of]; (chosen || st.DF[p.Of] == 0) && st.DF[t] > 0 {
			b.extra = append(b.extra, t)
		}
	}
	slices.SortFunc(b.extra, func(x, y string) int { return cmp.Or(cmp.Compare(idf(y), idf(x)), cmp.Compare(x, y)) })
	b.extra = b.extra[:min(len(b.extra), maxParaphrases)]
	for _, t := range b.extra {
		b.idf[t] = idf(t)
		b.para[t] = para[t]
	}
	return b
}

// allTerms are the terms whose postings are read: the query's and their paraphrases.
func (b *bm25) allTerms() []string { return append(slices.Clone(b.terms), b.extra...) }

func (b *bm25) score(p Posting) float64 {
	tf, dl := float64(p.TF), float64(p.DL)
	s := b.idf[p.Term] * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*dl/b.avgdl))
	if _, ok := b.para[p.Term]; ok {
		s *= paraphraseWeight
	}
	return s
}

// sum adds up the scores of each precedent's postings, in the order of term, so that the
// floating-point sums are the same whatever order the database returned them in. A term and its
// paraphrases count the best of them. (No sorting of the postings: each precedent keeps one
// slot per query term, summed in term order.)
func (b *bm25) sum(posts []Posting) map[uuid.UUID]float64 {
	// The query terms a posting counts for, in lexeme order.
	slot := make(map[string]int, len(b.idf))
	var of []string
	for t := range b.idf {
		o := t
		if pp, ok := b.para[t]; ok {
			o = pp.Of
		}
		if !slices.Contains(of, o) {
			of = append(of, o)
		}
	}
	slices.Sort(of)
	for t := range b.idf {
		o := t
		if pp, ok := b.para[t]; ok {
			o = pp.Of
		}
		slot[t] = slices.Index(of, o)
	}
	n := len(of)
	best := map[uuid.UUID][]float64{}
	var slab []float64
	for _, p := range posts {
		i, ok := slot[p.Term]
		if !ok {
			continue
		}
		row := best[p.ID]
		if row == nil {
			if len(slab) < n {
				slab = make([]float64, n*64)
			}
			row, slab = slab[:n:n], slab[n:]
			for j := range row {
				row[j] = -1
			}
			best[p.ID] = row
		}
		if s := b.score(p); s > row[i] {
			row[i] = s
		}
	}
	out := make(map[uuid.UUID]float64, len(best))
	for id, row := range best {
		sum := 0.0
		for _, v := range row {
			if v >= 0 {
				sum += v
			}
		}
		out[id] = sum
	}
	return out
}

func topScored(scores map[uuid.UUID]float64, n int) []Scored {
	out := make([]Scored, 0, len(scores))
	for id, s := range scores {
		out = append(out, Scored{id, s})
	}
	slices.SortFunc(out, func(x, y Scored) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), bytes.Compare(x.ID[:], y.ID[:]))
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// Impact is a posting's BM25 weight without the IDF, for a reference text length: the order in
// which a term's postings are read. The exact score uses the library's current average length.
func Impact(tf, dl int) float64 {
	const refLength = 120
	t := float64(tf)
	return t * (bm25K1 + 1) / (t + bm25K1*(1-bm25B+bm25B*float64(dl)/refLength))
}
