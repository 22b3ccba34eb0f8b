// Package lexicon is a Dutch lexicon of the integrity domain: which words point to a
// category of conduct, a discrimination ground, a circumstance of the sanction rule set or an
// unproven allegation, which words say the same thing in other words (paraphrases), and which
// words say nothing about a case however often they occur ("goed", "nooit", "inmiddels").
//
// Cues are matched on the lower-cased words of a text, not on stems, so that compounds and
// inflections can be caught with a prefix ("hoofddoek*" matches hoofddoekje) or an infix
// ("*racis*" matches antiracisme and racistische). A cue of several words matches them in
// sequence; a one-word cue also matches as the last part of a compound ("afdelingschef" names a
// "chef"). Synonyms are matched on the lexemes the full-text index uses (dutch.Terms).
//
// The cues are in one file per area: discrimination.go (the category and every ground),
// conduct.go (sexual harassment, bullying, intimidation, aggression, not stepping in),
// integrity.go (fraud, gifts, corruption, conflicts of interest, information, authority, off
// duty) and circumstances.go (the rule set's circumstances, not-proven findings, denials of
// repetition). A word that by itself names a fact weighs 1; hints weigh less and count only
// together. A bare ground word ("ramadan", "zwanger") names the ground, not discrimination: the
// category comes from what was done. Each area's tests hold realistic sentences and traps.
package lexicon

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/utrecht/meldpunt/internal/precedents/dutch"
)

// Kinds of fact a cue points to. FINDINGS:NOT_PROVEN means the text reads as an allegation that
// was not substantiated.
const (
	Category     = "CATEGORY"
	Ground       = "GROUND"
	Aggravating  = "AGGRAVATING"
	Mitigating   = "MITIGATING"
	Findings     = "FINDINGS"
	NotProven    = "NOT_PROVEN"
	strongWeight = 1.0
)

// Evidence is one cue found in a text: the fact it points to, how strongly, and the words of the
// text that matched.
type Evidence struct {
	Kind   string
	Code   string
	Weight float64
	Words  string // as they stand in the text, lower-cased
}

type cue struct {
	pattern []string // each: word, prefix "abc*", or infix "*abc*"
	kind    string
	code    string
	weight  float64
}

// facts lists the cues (discrimination.go, conduct.go, integrity.go, circumstances.go). A weight
// of 1 is a word that by itself names the fact ("hoofddoek" is about religion); lower weights are
// hints that count only together with others.
var facts = slices.Concat(discriminationFacts, conductFacts, integrityFacts, circumstanceFacts)

// factCues are the cues of one fact: its kind and code, the weight of each cue, and the cues
// ("|"-separated; the words of a phrase separated by spaces).
type factCues struct {
	kind, code string
	weight     float64
	cues       string
}

// denials are words that say a circumstance does not apply: "het bleef bij die ene keer" is not
// repeated conduct, whatever else the text says ("bleef" is a cue of repetition elsewhere). A
// denied circumstance is not suggested, and a precedent with it differs (see Denied).
var denials = []struct {
	kind, code string
	cues       string
}{
	{Aggravating, "REPEATED_CONDUCT", repetitionDenials}, // circumstances.go
}

// synonyms are groups of words that say the same thing in a case of this domain. The first word
// of a group is how the group is named when a paraphrase is shown.
var synonyms = slices.Concat(discriminationSynonyms, conductSynonyms, integritySynonyms, generalSynonyms)

// generic are words that match many cases without saying anything about them: adverbs,
// auxiliaries and the domain's everyday words. They are neither scored nor shown as a reason.
var generic = strings.Fields(`goed nooit inmiddels altijd echt gewoon heel erg wel even daarna later eerst
	steeds toen nadat waarna zodat omdat terwijl hierna daarop daarbij hierbij hierover vervolgens tevens
	gaan ging gegaan komen kwam gekomen maken maakte gemaakt zeggen zei zegt gezegd hebben heeft had
	gehad worden werd geworden zijn was waren geweest doen deed gedaan kunnen kon gekund moeten moest
	willen wilde zullen zou zouden laten liet gelaten vinden vond gevonden geven gaf gegeven staan stond
	ander andere anders groot grote klein kleine veel weinig meer minder meest eigen
	zaak zaken keer keren dag dagen week weken jaar jaren tijd moment situatie geval gevallen manier
	mensen persoon personen iemand niemand iets niets alles elkaar zelf zichzelf
	medewerker medewerkers werknemer werknemers collega collega's collegas gemeente organisatie werk
	onderzoek melding gemeld betrokkene betrokken namelijk daarom echter bovendien ongeveer volgens
	aldus dus nog maar enkel alleen ook zelfs bijna helemaal volledig duidelijk mogelijk waarschijnlijk
	krijgen kreeg kregen gekregen naast reden wie wat waar waarom hoe welke daar hier erop ervan
	good never meanwhile always really just very well then later first also only still`)

// quiet are words that may count in the ranking but say too little to be shown as a reason.
var quiet = strings.Fields(`twee drie vier vijf tien eerste tweede derde ding dingen verder volgende
	rol kant deel paar enkele diverse verschillende allerlei sommige meerdere overige praten hen hun`)

type compiled struct {
	cues     []cue
	denials  []denial
	exact    map[string][]int    // cues whose first pattern is a word, by that word
	prefix   map[string][]int    // cues whose first pattern is a prefix, by its first three letters
	slow     []int               // the others (suffixes, infixes, short prefixes)
	syn      map[string][]int    // lexeme → groups it belongs to
	groups   [][]string          // lexemes of each group
	form     map[string]string   // lexeme → the word form listed for it
	name     []string            // group → its first word
	listed   map[string]bool     // the synonym list's words
	heads    map[string][]string // synonym words of 6 letters or more by their first three letters
	tails    map[string][]string // and by their last three
	generic  map[string]bool     // lower-cased words
	genericL map[string]bool     // their lexemes
	quietL   map[string]bool     // the lexemes of the quiet words
}

var (
	once sync.Once
	c    compiled
)

func load() *compiled {
	once.Do(func() {
		for _, f := range facts {
			for _, p := range strings.Split(f.cues, "|") {
				p = strings.TrimSpace(p)
				if p == "" {
					continue
				}
				c.cues = append(c.cues, cue{pattern: strings.Fields(p), kind: f.kind, code: f.code, weight: f.weight})
			}
		}
		for _, d := range denials {
			dn := denial{kind: d.kind, code: d.code}
			for _, p := range strings.Split(d.cues, "|") {
				if f := strings.Fields(p); len(f) > 0 {
					dn.patterns = append(dn.patterns, f)
				}
			}
			c.denials = append(c.denials, dn)
		}
		c.exact, c.prefix = map[string][]int{}, map[string][]int{}
		for i, cu := range c.cues {
			first := cu.pattern[0]
			switch {
			case !strings.Contains(first, "*"):
				c.exact[first] = append(c.exact[first], i)
			case strings.HasSuffix(first, "*") && !strings.HasPrefix(first, "*") && len(first) > 3:
				c.prefix[first[:3]] = append(c.prefix[first[:3]], i)
			default:
				c.slow = append(c.slow, i)
			}
		}
		c.syn, c.form = map[string][]int{}, map[string]string{}
		for gi, g := range synonyms {
			var lex []string
			for _, w := range g {
				for _, t := range dutch.Terms("nl", w) {
					if !slices.Contains(lex, t) {
						lex = append(lex, t)
					}
					if _, ok := c.form[t]; !ok {
						c.form[t] = w
					}
				}
			}
			for _, t := range lex {
				c.syn[t] = append(c.syn[t], gi)
			}
			c.groups = append(c.groups, lex)
			c.name = append(c.name, g[0])
		}
		c.heads, c.tails, c.listed = map[string][]string{}, map[string][]string{}, map[string]bool{}
		for _, g := range synonyms {
			for _, w := range g {
				c.listed[w] = true
				if len(w) >= 6 && !strings.ContainsAny(w, " -") {
					c.heads[w[:3]] = append(c.heads[w[:3]], w)
					c.tails[w[len(w)-3:]] = append(c.tails[w[len(w)-3:]], w)
				}
			}
		}
		c.quietL = map[string]bool{}
		for _, w := range quiet {
			for _, t := range dutch.Terms("nl", w) {
				c.quietL[t] = true
			}
		}
		c.generic, c.genericL = map[string]bool{}, map[string]bool{}
		for _, w := range generic {
			c.generic[w] = true
			for _, t := range dutch.Terms("nl", w) {
				c.genericL[t] = true
			}
			for _, t := range dutch.Terms("en", w) {
				c.genericL["en:"+t] = true
			}
		}
	})
	return &c
}

// Words splits a text into its lower-cased words (letters and digits; an apostrophe inside a
// word is kept, as in "collega's").
func Words(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			w := strings.Trim(b.String(), "'’-")
			out = append(out, w)
			if strings.Contains(w, "-") { // "homo-collega": also homo and collega
				for _, part := range strings.Split(w, "-") {
					if part != "" {
						out = append(out, part)
					}
				}
			}
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case (r == '\'' || r == '’' || r == '-') && b.Len() > 0:
			b.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return out
}

func matchWord(p, w string) bool {
	switch {
	case len(p) > 2 && strings.HasPrefix(p, "*") && strings.HasSuffix(p, "*"):
		return strings.Contains(w, p[1:len(p)-1])
	case strings.HasSuffix(p, "*"):
		return strings.HasPrefix(w, p[:len(p)-1])
	case strings.HasPrefix(p, "*"):
		return strings.HasSuffix(w, p[1:])
	}
	return p == w
}

// Analyze returns the cues found in a Dutch text, each fact with its strongest cue and every
// cue's words; a fact named by several cues adds their weights (at most 2).
func Analyze(text string) []Evidence {
	cp := load()
	words := Words(text)
	type acc struct {
		w     float64
		words []string
	}

	found := map[[2]string]*acc{}
	var order [][2]string
	// note counts a phrase of the text for the fact of a cue, once (with the first cue it matches).
	note := func(cu cue, phrase string) {
		k := [2]string{cu.kind, cu.code}
		a := found[k]
		if a == nil {
			a = &acc{}
			found[k] = a
			order = append(order, k)
		}
		if !slices.Contains(a.words, phrase) {
			a.w += cu.weight
			a.words = append(a.words, phrase)
		}
	}
	done := make([]bool, len(cp.cues)) // a cue counts once per text
	try := func(ci, i int) {
		cu := cp.cues[ci]
		n := len(cu.pattern)
		if done[ci] || i+n > len(words) {
			return
		}
		for j, p := range cu.pattern {
			if !matchWord(p, words[i+j]) {
				return
			}
		}
		done[ci] = true
		note(cu, strings.Join(words[i:i+n], " "))
	}
	// A one-word cue is tried on the first occurrence of a word only; a phrase everywhere.
	seen := map[string]bool{}
	for i, w := range words {
		again := seen[w]
		seen[w] = true
		for _, list := range [][]int{cp.exact[w], cp.prefix[w[:min(3, len(w))]], cp.slow} {
			for _, ci := range list {
				if !again || len(cp.cues[ci].pattern) > 1 {
					try(ci, i)
				}
			}
		}
		// A compound is a kind of its last part: "afdelingschef" names a "chef".
		if !again {
			// Cue words that end many unrelated compounds ("kraakpers" is no press) are left
			// out (notTail).
			for _, tail := range CompoundTails(w, 4) {
				if notTail[tail] {
					continue
				}
				for _, ci := range cp.exact[tail] {
					if cu := cp.cues[ci]; len(cu.pattern) == 1 && !done[ci] {
						done[ci] = true
						note(cu, w)
					}
				}
			}
		}
	}
	for _, d := range Denied(text) {
		delete(found, [2]string{d.Kind, d.Code})
	}
	out := make([]Evidence, 0, len(order))
	for _, k := range order {
		if found[k] == nil {
			continue
		}
		a := found[k]
		out = append(out, Evidence{Kind: k[0], Code: k[1], Weight: min(a.w, 2), Words: strings.Join(a.words, ", ")})
	}
	return out
}

// CompoundTails are the endings of a word that may be the last part of a compound: every ending
// of at least min letters that leaves at least min letters in front ("afdelingschef": "chef"
// with min 4), cut between letters, never inside one.
func CompoundTails(w string, min int) []string {
	starts := make([]int, 0, len(w)) // byte offset of each letter
	for i := range w {
		starts = append(starts, i)
	}
	var out []string
	for k := min; k <= len(starts)-min; k++ {
		out = append(out, w[starts[k]:])
	}
	return out
}

// notTail are cue words that end many compounds unrelated to the cue.
var notTail = map[string]bool{"pers": true, "klap": true, "stal": true, "gift": true, "kerk": true, "trans": true,
	"figuur": true, "kleding": true, "lichaam": true, "gewicht": true}

type denial struct {
	kind, code string
	patterns   [][]string
}

// Denied returns the circumstances a Dutch text says do not apply, each with the words that say
// so (kind and code as in Evidence, weight 1).
func Denied(text string) []Evidence {
	cp := load()
	words := Words(text)
	var out []Evidence
	for _, d := range cp.denials {
		for _, pat := range d.patterns {
			if at := matchAt(pat, words); at >= 0 {
				out = append(out, Evidence{Kind: d.kind, Code: d.code, Weight: strongWeight, Words: strings.Join(words[at:at+len(pat)], " ")})
				break
			}
		}
	}
	return out
}

// matchAt is where the words of pattern first stand in words, or -1.
func matchAt(pattern, words []string) int {
	for i := 0; i+len(pattern) <= len(words); i++ {
		ok := true
		for j, p := range pattern {
			if !matchWord(p, words[i+j]) {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// Paraphrase is a lexeme that says what a query's lexeme says, in other words.
type Paraphrase struct {
	Of, Lexeme string // the query's lexeme, and the synonym's
	Form       string // how the synonym is written
}

// Paraphrases returns the synonyms of a Dutch lexeme (not itself), in the lexicon's order.
func Paraphrases(lexeme string) []Paraphrase {
	cp := load()
	var out []Paraphrase
	for _, gi := range cp.syn[lexeme] {
		for _, t := range cp.groups[gi] {
			if t != lexeme && !slices.ContainsFunc(out, func(p Paraphrase) bool { return p.Lexeme == t }) {
				out = append(out, Paraphrase{Of: lexeme, Lexeme: t, Form: cp.form[t]})
			}
		}
	}
	return out
}

// Parts returns the words of the synonym list that a Dutch compound begins or ends with
// ("sollicitatiebrieven" begins with sollicitatie, "moslimvrouwen" with moslim; a part has
// at least six letters), longest
// first; none for a word that is itself listed.
func Parts(word string) []string {
	cp := load()
	word = strings.ToLower(word)
	if len(word) < 9 {
		return nil
	}
	if cp.listed[word] {
		return nil
	}
	var out []string
	for _, w := range cp.heads[word[:3]] {
		if len(w) < len(word) && strings.HasPrefix(word, w) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	for _, w := range cp.tails[word[len(word)-3:]] {
		if len(w) < len(word) && strings.HasSuffix(word, w) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// Generic reports whether a lexeme (of the language "nl" or "en") is a word that says nothing
// about a case.
func Generic(lang, lexeme string) bool {
	cp := load()
	if lang == "en" {
		return cp.genericL["en:"+lexeme]
	}
	return cp.genericL[lexeme]
}

// Quiet reports whether a lexeme says too little about a case to be shown as a reason: a generic
// word, or one of a few more that may count in the ranking.
func Quiet(lang, lexeme string) bool {
	return Generic(lang, lexeme) || (lang != "en" && load().quietL[lexeme])
}
