package precedents

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/precedents/dutch"
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
}

// Reason says why a precedent matched.
type Reason struct {
	Kind  string   // CATEGORY, NORMS, GROUNDS, CIRCUMSTANCES, TEXT
	Codes []string // the shared codes
	Words []string // for TEXT: the query's words found in the precedent (stemmed match)
}

// Hit is one comparable precedent.
type Hit struct {
	Stored
	Score      float64 // combined, 0..1
	Structural float64 // weighted overlap of the structured facts, 0..1
	Textual    float64 // text relevance relative to the best text match among the candidates, 0..1
	Reasons    []Reason
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
}

const (
	postingsPerTerm = 100 // strongest postings read per query term
	textCandidates  = 60
	tagCandidates   = 60
	structureWeight = 0.55 // the rest is text; chosen before measuring, see the evaluation test
	defaultLimit    = 10
	maxLimit        = 50
	minBasis        = 3
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
	if q.Limit <= 0 {
		q.Limit = defaultLimit
	}
	q.Limit = min(q.Limit, maxLimit)
	var qtf map[string]int
	var stats TermStats
	if strings.TrimSpace(q.Text) != "" {
		var terms []string
		terms, qtf = queryTerms(q.Language, q.Text)
		if len(terms) > 0 {
			st, err := s.repo.Stats(ctx, terms)
			if err != nil {
				return LookupResult{}, err
			}
			stats = st
		}
	}
	qtags := q.Features.Tags()
	if len(qtf) == 0 && len(qtags) == 0 {
		return LookupResult{}, apperr.Invalid("text", "give a text, a category, norms, grounds or circumstances to compare with")
	}
	useText := len(qtf) > 0 && q.Ranking != RankStructure
	useTags := len(qtags) > 0 && q.Ranking != RankTextOnly

	var bm *bm25
	if useText {
		bm = newBM25(stats, qtf)
		useText = len(bm.terms) > 0
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
		posts, err := s.repo.TopPostings(ctx, bm.terms, postingsPerTerm)
		if err != nil {
			return LookupResult{}, err
		}
		text = bm.sum(posts)
		for _, p := range posts {
			matched[p.ID] = append(matched[p.ID], p.Term)
		}
		add(topScored(text, textCandidates))
	}
	if useTags {
		sc, err := s.repo.TagCandidates(ctx, qtags, tagCandidates)
		if err != nil {
			return LookupResult{}, err
		}
		add(sc)
	}
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
		hits := make([]Hit, 0, len(rows))
		for _, st := range rows {
			h := Hit{Stored: st}
			if useTags {
				h.Structural, _ = Similarity(qtags, st.features().Tags())
			}
			if best > 0 {
				h.Textual = text[st.ID] / best
			}
			switch {
			case useTags && useText:
				h.Score = structureWeight*h.Structural + (1-structureWeight)*h.Textual
			case useTags:
				h.Score = h.Structural
			default:
				h.Score = h.Textual
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
		var words map[string]string
		if len(matched) > 0 {
			words = queryWords(q.Language, q.Text)
		}
		for i := range hits {
			hits[i].Reasons = reasons(qtags, words, matched[hits[i].ID], hits[i])
		}
		res.Hits = hits
	} else {
		res.Distribution, res.Comparison = distribution(nil, q.Category, q.ProposedSanction)
	}

	fields := []string{fmt.Sprintf("hits:%d", len(res.Hits))}
	if q.Category != "" {
		fields = append(fields, "category:"+q.Category)
	}
	if len(qtf) > 0 {
		fields = append(fields, "text") // that there was a text, never the text
	}
	if err := s.repo.Audit(ctx, s.event(a, ActionLookup, caseID, fields...)); err != nil {
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
// lexemes come from the same Go normaliser that indexed the library, on either database.
func queryTerms(lang, text string) ([]string, map[string]int) {
	tf := map[string]int{}
	for _, t := range dutch.Terms(lang, text) {
		tf[t]++
	}
	terms := make([]string, 0, len(tf))
	for t := range tf {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	return terms, tf
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

func reasons(qtags []Tag, words map[string]string, matchedTerms []string, h Hit) []Reason {
	var out []Reason
	_, shared := Similarity(qtags, h.features().Tags())
	group := map[string][]string{}
	for _, name := range shared {
		kind, code, _ := strings.Cut(name, ":")
		group[kind] = append(group[kind], code)
	}
	if len(group["cat"]) > 0 {
		out = append(out, Reason{Kind: "CATEGORY", Codes: group["cat"]})
	}
	if len(group["norm"]) > 0 {
		out = append(out, Reason{Kind: "NORMS", Codes: group["norm"]})
	}
	if len(group["ground"]) > 0 {
		out = append(out, Reason{Kind: "GROUNDS", Codes: group["ground"]})
	}
	if c := append(append([]string(nil), group["agg"]...), group["mit"]...); len(c) > 0 {
		out = append(out, Reason{Kind: "CIRCUMSTANCES", Codes: c})
	}
	if h.Textual > 0 {
		var ws []string
		for _, t := range matchedTerms {
			if w, ok := words[t]; ok {
				ws = append(ws, w)
			} else {
				ws = append(ws, t)
			}
		}
		slices.Sort(ws)
		ws = slices.Compact(ws)
		if len(ws) > 12 {
			ws = ws[:12]
		}
		if len(ws) > 0 {
			out = append(out, Reason{Kind: "TEXT", Words: ws})
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
type bm25 struct {
	terms []string
	idf   map[string]float64
	avgdl float64
}

const (
	bm25K1         = 1.2
	bm25B          = 0.75
	maxScoredTerms = 16
)

func newBM25(st TermStats, qtf map[string]int) *bm25 {
	b := &bm25{idf: map[string]float64{}, avgdl: 1}
	if st.Docs > 0 && st.Length > 0 {
		b.avgdl = float64(st.Length) / float64(st.Docs)
	}
	n := float64(st.Docs)
	weight := map[string]float64{}
	for t, f := range qtf {
		if st.DF[t] > 0 {
			df := float64(st.DF[t])
			b.idf[t] = math.Log(1 + (n-df+0.5)/(df+0.5))
			weight[t] = b.idf[t] * (1 + math.Log(float64(f)))
			b.terms = append(b.terms, t)
		}
	}
	slices.SortFunc(b.terms, func(x, y string) int { return cmp.Or(cmp.Compare(weight[y], weight[x]), cmp.Compare(x, y)) })
	if len(b.terms) > maxScoredTerms {
		for _, t := range b.terms[maxScoredTerms:] {
			delete(b.idf, t)
		}
		b.terms = b.terms[:maxScoredTerms]
	}
	return b
}

func (b *bm25) score(p Posting) float64 {
	tf, dl := float64(p.TF), float64(p.DL)
	return b.idf[p.Term] * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*dl/b.avgdl))
}

// sum adds up the scores of each precedent's postings, in the order of term and precedent, so
// that the floating-point sums are the same whatever order the database returned them in.
func (b *bm25) sum(posts []Posting) map[uuid.UUID]float64 {
	posts = slices.Clone(posts)
	slices.SortFunc(posts, func(x, y Posting) int { return cmp.Or(cmp.Compare(x.Term, y.Term), bytes.Compare(x.ID[:], y.ID[:])) })
	out := map[uuid.UUID]float64{}
	for _, p := range posts {
		if _, ok := b.idf[p.Term]; ok {
			out[p.ID] += b.score(p)
		}
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
