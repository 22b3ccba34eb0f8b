package anonymize

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// coreInfo describes a word of a known name that is replaced wherever it occurs on its own: a
// given name or a surname part, not a particle or an initial.
type coreInfo struct {
	first   bool       // the given name of some known name
	surname bool       // a surname part of some known name
	needCap bool       // also an ordinary word: replaced only when capitalised
	pre     [][]string // the particles right before it in known names, e.g. {"van", "der"}
}

// New prepares the anonymisation of the texts of one case.
func New(k Known) *Anonymizer {
	a := &Anonymizer{cores: make(map[string]*coreInfo)}
	for _, name := range k.Names {
		a.addName(name)
	}
	for _, u := range k.SmallUnits {
		a.units.add(u)
	}
	for _, p := range k.Places {
		a.places.add(p)
	}
	seen := map[string]bool{}
	for _, n := range k.EmployeeNumbers {
		n = asciiLower(strings.TrimSpace(n))
		// One- and two-digit numbers are replaced only after a label such as "pnr.":
		// anywhere else they would take every "12" with them.
		if len(n) < 3 || seen[n] {
			continue
		}
		seen[n] = true
		a.numbers = append(a.numbers, n)
	}
	return a
}

func (a *Anonymizer) addName(name string) {
	type word struct {
		fold              string
		initial, particle bool
	}
	var words []word
	for _, t := range tokenize(name) {
		if c := titles[t.fold]; c == titleSalutation || c == titleAbbrevDot {
			continue // "mr. J. de Vries"
		}
		if !t.alpha {
			continue
		}
		words = append(words, word{fold: t.fold, initial: t.runes == 1 && !dutchParticles[t.fold]})
	}
	for i := range words {
		w := &words[i]
		if w.initial || i == len(words)-1 {
			continue
		}
		w.particle = dutchParticles[w.fold] || (foreignParticles[w.fold] && (i > 0 || w.fold != "ben"))
	}
	cores := 0
	for _, w := range words {
		if !w.initial && !w.particle {
			cores++
		}
	}
	for i, w := range words {
		if w.initial || w.particle || dutchParticles[w.fold] {
			continue // a particle is never replaced on its own, even as the last word
		}
		info := a.core(w.fold)
		if i == 0 && cores > 1 {
			info.first = true
		} else {
			info.surname = true
		}
		var pre []string
		for j := i - 1; j >= 0 && words[j].particle; j-- {
			pre = append([]string{words[j].fold}, pre...)
		}
		if len(pre) > 0 && !containsSeq(info.pre, pre) {
			info.pre = append(info.pre, pre)
			sort.SliceStable(info.pre, func(x, y int) bool { return len(info.pre[x]) > len(info.pre[y]) })
			// The surname written as one word: "DeVries", "vanderberg", "ElAmrani".
			a.core(strings.Join(pre, "") + w.fold).surname = true
		}
	}
}

// core returns the entry for a known-name word, making it if needed. A word that is also an
// ordinary word, or one that the unknown-name heuristics treat as no name ("Raad", "Koning"),
// is replaced only where capitalised.
func (a *Anonymizer) core(f string) *coreInfo {
	info := a.cores[f]
	if info == nil {
		info = &coreInfo{needCap: commonWords[f] || stopWords[f]}
		a.cores[f] = info
	}
	return info
}

func containsSeq(list [][]string, seq []string) bool {
	for _, s := range list {
		if strings.Join(s, " ") == strings.Join(seq, " ") {
			return true
		}
	}
	return false
}

// lookup returns the known-name word that t is, also as a possessive ("Jans"), or nil. A match
// is weak when the word is also an ordinary word and written in lower case ("ben", "bakker"): it
// counts only next to a strong match of a name ("jan de vries").
func (a *Anonymizer) lookup(t token) (info *coreInfo, strong bool) {
	if !t.alpha || t.runes < 2 {
		return nil, false
	}
	if info := a.cores[t.fold]; info != nil {
		return info, t.cap || !info.needCap
	}
	if t.runes >= 4 && strings.HasSuffix(t.fold, "s") {
		if info := a.cores[t.fold[:len(t.fold)-1]]; info != nil {
			return info, t.cap || (!info.needCap && !commonWords[t.fold])
		}
	}
	return nil, false
}

func hyphen(g string) bool { return g == "-" || g == "‐" || g == "‑" }

func apostrophe(g string) bool { return g == "'" || g == "’" }

func isInitial(t token) bool { return t.runes == 1 && t.alpha && t.cap }

func initialGap(g string) bool { return g == "." || g == ". " || g == ".\u00a0" }

// spaceGap reports whether g is one or two spaces.
func spaceGap(g string) bool {
	if g == "" || len(g) > 4 {
		return false
	}
	n := 0
	for _, r := range g {
		if r != ' ' && r != '\u00a0' && r != '\t' {
			return false
		}
		n++
	}
	return n <= 2
}

// nameLike reports whether t may be an unknown name: a capitalised word that is not a particle,
// a title, a short acronym or one of the stop words.
func nameLike(t token) bool {
	return t.alpha && t.cap && t.runes >= 2 && !(t.allUpper && t.runes <= 4) &&
		!stopWords[t.fold] && titles[t.fold] == titleNone &&
		!dutchParticles[t.fold] && !foreignParticles[t.fold]
}

// findNames finds the known names: every given name and surname part on its own or together,
// with the particles of the known name before a surname ("de Vries"), initials before it
// ("J.P. de Vries"), and unknown name words next to a known one: the surname after a known given
// name ("Jan Pietersen") and a capitalised word before a known surname that does not start a
// sentence ("met Piet de Vries").
func (a *Anonymizer) findNames(text string, toks []token, out []span) []span {
	if len(a.cores) == 0 {
		return out
	}
	n := len(toks)
	infos := make([]*coreInfo, n)
	strong := make([]bool, n)
	found := false
	for i := range toks {
		infos[i], strong[i] = a.lookup(toks[i])
		found = found || strong[i]
	}
	if !found {
		return out
	}
	gap := func(i, j int) string { return text[toks[i].end:toks[j].start] }
	var members []int // the known and unknown name words of a chain, without the particles between them
	for i := 0; i < n; i++ {
		if infos[i] == nil {
			continue
		}
		members = append(members[:0], i)
		lastFirst := infos[i].first && strong[i] // the last known word so far is a given name
		unknown := 0
		for e := i; e+1 < n && softGap(gap(e, e+1)); {
			k := e + 1
			for k < n && infos[k] == nil && toks[k].alpha && nameParticles[toks[k].fold] && (k == e+1 || softGap(gap(k-1, k))) {
				k++
			}
			if k >= n || (k > e+1 && !softGap(gap(k-1, k))) {
				break
			}
			if infos[k] != nil {
				lastFirst = infos[k].first && strong[k]
			} else if (lastFirst || (k == e+1 && hyphen(gap(e, k)))) && unknown < 2 && nameLike(toks[k]) {
				unknown++ // "Jan Pietersen", "De Vries-Jansen"
			} else if lastFirst && k == e+1 && isInitial(toks[k]) && strings.HasPrefix(text[toks[k].end:], ".") {
				members = append(members, k) // "Fatma Y."
				break
			} else {
				break
			}
			members = append(members, k)
			e = k
		}
		// A weak word counts only in a name written all in lower case ("jan de vries"), not
		// next to a capitalised one ("ik ben Jan").
		hasStrong, capital := false, false
		for _, m := range members {
			hasStrong = hasStrong || strong[m]
			capital = capital || (strong[m] && toks[m].cap)
		}
		if !hasStrong {
			continue // only ordinary words: "ik ben de boer"
		}
		for capital && infos[members[0]] != nil && !strong[members[0]] {
			members = members[1:]
		}
		for capital && infos[members[len(members)-1]] != nil && !strong[members[len(members)-1]] {
			members = members[:len(members)-1]
		}
		s, e := members[0], members[len(members)-1]
		var pre [][]string
		startSurname := false
		if info := infos[s]; info != nil {
			pre, startSurname = info.pre, !info.first
		}
		for _, seq := range pre {
			if particlesBefore(text, toks, s, seq) {
				s -= len(seq)
				break
			}
		}
		initials := false
		for s > 0 && isInitial(toks[s-1]) && initialGap(gap(s-1, s)) {
			s--
			initials = true
		}
		if s > 0 && nameLike(toks[s-1]) && (hyphen(gap(s-1, s)) ||
			(startSurname && !initials && spaceGap(gap(s-1, s)) && !sentenceInitial(text, toks[s-1].start))) {
			s-- // "Jansen-de Vries", "met Piet de Vries"
		}
		start := toks[s].start
		if s > 0 && toks[s-1].runes == 1 && toks[s-1].alpha && apostrophe(gap(s-1, s)) {
			start = toks[s-1].start // "D'Souza", "O'Neill"
		} else if toks[s].runes == 1 && (toks[s].fold == "t" || toks[s].fold == "s") {
			if r, size := utf8.DecodeLastRuneInString(text[:start]); r == '\'' || r == '’' {
				start -= size // "'t Hart"
			}
		}
		// "Müller, J." and "De Vries, J.P.": a surname, a comma and initials.
		if info := infos[e]; info != nil && info.surname && e+1 < n && (gap(e, e+1) == ", " || gap(e, e+1) == ",") &&
			isInitial(toks[e+1]) && strings.HasPrefix(text[toks[e+1].end:], ".") {
			e++
			for e+1 < n && isInitial(toks[e+1]) && initialGap(gap(e, e+1)) && strings.HasPrefix(text[toks[e+1].end:], ".") {
				e++
			}
		}
		end := toks[e].end
		if isInitial(toks[e]) {
			end++ // the dot of "Fatma Y."
		}
		out = append(out, span{start, end, kName})
		i = e
	}
	return out
}

// particlesBefore reports whether the words right before toks[i] are seq.
func particlesBefore(text string, toks []token, i int, seq []string) bool {
	if i < len(seq) {
		return false
	}
	for k := range seq {
		j := i - len(seq) + k
		if toks[j].fold != seq[k] || !softGap(text[toks[j].end:toks[j+1].start]) {
			return false
		}
	}
	return true
}

// findTitledNames finds unknown names after a title or salutation ("mevrouw Jansen", "dhr.
// Bos", "meneer El Amrani", "collega Sanne"), after "genaamd" and the like, after a greeting at
// the start of a line ("Beste Sanne,") and under a closing ("Met vriendelijke groet,\nSanne").
// The title itself stays. A name is one to four capitalised words, with particles and initials.
func findTitledNames(text string, toks []token, out []span) []span {
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		cls := titles[t.fold]
		if cls == titleNone || !t.alpha {
			continue
		}
		g := text[t.end:toks[i+1].start]
		maxWords := 4
		switch cls {
		case titleSalutation:
			if t.allUpper && t.runes <= 3 {
				continue // MS, DR: acronyms
			}
			if !spaceGap(strings.TrimPrefix(g, ".")) {
				continue
			}
		case titleAbbrevDot:
			if t.allUpper || !strings.HasPrefix(g, ".") || !spaceGap(g[1:]) {
				continue
			}
		case titleColleague, titleNamed:
			if !spaceGap(g) {
				continue
			}
		case titleGreeting:
			if !t.cap || !spaceGap(g) || !sentenceInitial(text, t.start) {
				continue
			}
			maxWords = 3
		case titleClosing:
			if !closingGap(g) {
				continue
			}
			maxWords = 3
		}
		if s, e := parseName(text, toks, i+1, cls, maxWords); e >= 0 {
			out = append(out, span{toks[s].start, toks[e].end, kName})
		}
	}
	return out
}

// closingGap is the text between "groet" and the name under it.
func closingGap(g string) bool {
	if g == "" || len(g) > 8 {
		return false
	}
	for _, r := range g {
		if r != ',' && r != ' ' && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
	}
	return true
}

// parseName reads an unknown name starting at toks[j]: initials, particles and capitalised words.
// It returns the first and last token of the name, or e < 0 if there is none.
func parseName(text string, toks []token, j int, cls titleClass, maxWords int) (s, e int) {
	e = -1
	words := 0
	for k := j; k < len(toks); k++ {
		t := toks[k]
		if k > j {
			g := text[toks[k-1].end:t.start]
			if !softGap(g) && !(isInitial(toks[k-1]) && initialGap(g)) {
				break
			}
		}
		if isInitial(t) && strings.HasPrefix(text[t.end:], ".") {
			continue
		}
		if t.alpha && nameParticles[t.fold] {
			if k == j && cls == titleColleague && !t.cap {
				return j, -1 // "collega van Burgerzaken"
			}
			continue
		}
		if !nameLike(t) {
			break
		}
		e = k
		if words++; words >= maxWords {
			break
		}
	}
	return j, e
}

// phraseSet holds unit or place names as folded words, indexed by their first word.
type phraseSet struct {
	byFirst map[string][][]string
}

func (p *phraseSet) add(s string) {
	var words []string
	for _, t := range tokenize(s) {
		words = append(words, t.fold)
	}
	if len(words) == 0 {
		return
	}
	if p.byFirst == nil {
		p.byFirst = make(map[string][][]string)
	}
	list := append(p.byFirst[words[0]], words)
	sort.SliceStable(list, func(x, y int) bool { return len(list[x]) > len(list[y]) })
	p.byFirst[words[0]] = list
}

// match returns the number of tokens of the longest phrase starting at toks[i], or 0.
func (p *phraseSet) match(text string, toks []token, i int) int {
	for _, words := range p.byFirst[toks[i].fold] {
		if i+len(words) > len(toks) {
			continue
		}
		ok := true
		for k := 1; k < len(words) && ok; k++ {
			ok = toks[i+k].fold == words[k] && phraseGap(text[toks[i+k-1].end:toks[i+k].start])
		}
		if ok {
			return len(words)
		}
	}
	return 0
}

// findPhrases finds the known small units and places, whole phrases only. A place followed by a
// house number ("Stadsplateau 1") is an address.
func (a *Anonymizer) findPhrases(text string, toks []token, out []span) []span {
	if a.units.byFirst == nil && a.places.byFirst == nil {
		return out
	}
	for i := range toks {
		if m := a.units.match(text, toks, i); m > 0 {
			out = append(out, span{toks[i].start, toks[i+m-1].end, kUnit})
		}
		if m := a.places.match(text, toks, i); m > 0 {
			e, k := i+m-1, kPlace
			if e+1 < len(toks) && spaceGap(text[toks[e].end:toks[e+1].start]) && houseNumber(toks[e+1]) {
				e, k = e+1, kAddress
			}
			out = append(out, span{toks[i].start, toks[e].end, k})
		}
	}
	return out
}

// houseNumber reports whether t is a house number: 1 to 5 digits and at most 3 letters (12, 12a, 1bis).
func houseNumber(t token) bool {
	d := 0
	for d < len(t.fold) && d < 6 && t.fold[d] >= '0' && t.fold[d] <= '9' {
		d++
	}
	if d == 0 || d > 5 || len(t.fold)-d > 3 {
		return false
	}
	for _, r := range t.fold[d:] {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// findKnownNumbers finds the known employee numbers anywhere: not inside a longer number, and
// when they start or end with a letter not inside a longer word.
func (a *Anonymizer) findKnownNumbers(text string, out []span) []span {
	if len(a.numbers) == 0 {
		return out
	}
	lower := asciiLower(text)
	for _, num := range a.numbers {
		for from := 0; from < len(lower); {
			idx := strings.Index(lower[from:], num)
			if idx < 0 {
				break
			}
			st, en := from+idx, from+idx+len(num)
			if boundary(lower, st, num[0], true) && boundary(lower, en, num[len(num)-1], false) {
				out = append(out, span{st, en, kEmployee})
			}
			from = st + 1
		}
	}
	return out
}

// boundary reports whether the match edge at pos is a word edge for a match whose edge
// character is c: a digit must not touch another digit, a letter no letter or digit.
func boundary(s string, pos int, c byte, before bool) bool {
	var r rune
	if before {
		if pos == 0 {
			return true
		}
		r, _ = utf8.DecodeLastRuneInString(s[:pos])
	} else {
		if pos >= len(s) {
			return true
		}
		r, _ = utf8.DecodeRuneInString(s[pos:])
	}
	if c >= '0' && c <= '9' {
		return !unicode.IsDigit(r)
	}
	return !isWordRune(r)
}

// findUnknownNames finds names that nobody listed and no title announces, from two cues that a
// word sequence is a name rather than a capitalised sentence start or institution:
//   - a common given name (givenNames) followed by a surname: "Jan Jansen", "Fatima El Amrani",
//     "Jan van der Berg", "Jan-Willem de Jong-Bakker" — the surname being capitalised words with
//     particles, ended by stop words ("Jan van Burgerzaken" is no name);
//   - initials followed by a surname: "J. de Vries", "J.P. Bakker", "A.B. van Dam". A single
//     initial before a surname without particle ("D. Jansen") counts only where a name can
//     stand: not straight after a lower-case word that the initial could end ("vitamine D.
//     Vervolgens").
func findUnknownNames(text string, toks []token, out []span) []span {
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		if !t.alpha || !t.cap {
			continue
		}
		gap := text[t.end:toks[i+1].start]
		if givenNames[t.fold] && softGap(gap) {
			if _, e := parseName(text, toks, i+1, titleSalutation, 3); e >= 0 {
				out = append(out, span{t.start, toks[e].end, kName})
				i = e
				continue
			}
		}
		if !isInitial(t) || !strings.HasPrefix(gap, ".") {
			continue
		}
		// Initials: "J.", "J.P.", "J. P.".
		k := i
		for k+1 < len(toks) && isInitial(toks[k+1]) && initialGap(text[toks[k].end:toks[k+1].start]) &&
			strings.HasPrefix(text[toks[k+1].end:], ".") {
			k++
		}
		if k+1 >= len(toks) || !initialGap(text[toks[k].end:toks[k+1].start]) || text[toks[k].end:toks[k+1].start] == "." {
			i = k
			continue
		}
		_, e := parseName(text, toks, k+1, titleSalutation, 3)
		if e < 0 {
			i = k
			continue
		}
		particle := toks[k+1].alpha && nameParticles[toks[k+1].fold]
		if k == i && !particle && !initialMayStart(text, toks, i) {
			i = k
			continue
		}
		out = append(out, span{t.start, toks[e].end, kName})
		i = e
	}
	return out
}

// initialMayStart reports whether a single initial at toks[i] may begin a name: at the start of
// the text, a line, a sentence or a parenthesis, after punctuation, a capitalised word or a word
// that commonly comes before a name ("met", "en", "door"), but not after another lower-case word.
func initialMayStart(text string, toks []token, i int) bool {
	if i == 0 || sentenceInitial(text, toks[i].start) {
		return true
	}
	p := toks[i-1]
	if !spaceGap(text[p.end:toks[i].start]) {
		return true // "(", ",", ":" and the like
	}
	return p.cap || !p.alpha || beforeName[p.fold] || titles[p.fold] != titleNone
}

// beforeName are lower-case words after which an initial starts a name ("met A. Jansen").
var beforeName = set("met", "en", "door", "van", "aan", "voor", "bij", "volgens", "namens", "of",
	"tussen", "dat", "zei", "zegt", "heeft", "had", "is", "was", "werd", "wordt", "tegen", "over",
	"getuige", "betrokkene", "melder", "medewerker", "medewerkster", "manager", "leidinggevende",
	"and", "with", "by", "from", "to")
