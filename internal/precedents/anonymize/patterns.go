package anonymize

import (
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	weekdaysNL = `maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo`
	weekdaysEN = `monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun`
	months     = `januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|` +
		`january|february|march|may|june|july|august|october|sept|febr|jan|feb|mrt|mar|apr|jun|jul|aug|sep|okt|oct|nov|dec`
	day = `(?:3[01]|[12]\d|0?[1-9])`

	streetSuffixes = `straat|straatweg|laan|weg|plein|gracht|kade|singel|dreef|steeg|hof|park|plantsoen|pad|dijk|` +
		`markt|baan|plateau|boulevard|allee|wal|veld|kanaal|haven|vliet|poort|erf|hoven|dam|brug|oord|zijde|kwartier|lei|rade|ring`
)

var (
	emailRe = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}`)
	urlRe   = regexp.MustCompile(`(?i)\b(?:https?://|ftp://|www\.)[^\s<>"\[\]{}|\\^` + "`" + `]+`)

	ibanNLRe = regexp.MustCompile(`(?i)\bNL ?\d{2} ?[A-Z]{4} ?(?:\d ?){9}\d\b`)
	ibanRe   = regexp.MustCompile(`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b`)

	bsnRe        = regexp.MustCompile(`\b(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3})\b`)
	bsnContextRe = regexp.MustCompile(`(?i)\b(?:bsn|burgerservicenummer|sofi-?nummer)(?:-?nummer|\s+nr\.?)?\s*[:.]?\s*(?:is\s+)?(\d[\d .]{6,12}\d)`)

	caseRefRe  = regexp.MustCompile(`(?i)\bMP-[0-9A-Z]{8}\b`)
	receiptRe  = regexp.MustCompile(`(?i)\b[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}\b`)
	ipRe       = regexp.MustCompile(`\b(?:\d{1,3}\.){3}\d{1,3}\b`)
	plateRe    = regexp.MustCompile(`\b[A-Z0-9]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3}\b`)
	postcodeRe = regexp.MustCompile(`\b[1-9]\d{3}( ?)([A-Z]{2})\b`)
	addressRe  = regexp.MustCompile(`\b(?:(?:Van|De|Ter|Ten|Het|'t)\s+(?:(?:der|den|de)\s+)?)?(?:\p{Lu}\p{L}+\s+)?\p{Lu}[\p{L}'’-]*?` +
		`(?:` + streetSuffixes + `)` +
		`\s+\d{1,5}(?:-\d{1,4}|\s?[a-zA-Z]\b|\s?bis\b)?\b`)

	dayMonthRe = regexp.MustCompile(`(?i)\b` + day + `(?:ste|de|st|nd|rd|th|e)?(?:\s+(?:van|of)\s+|\s*-\s*|\s+)(?:` + months + `)\b\.?` +
		`(?:(?:,?\s+|\s*-\s*)(?:(?:19|20)\d{2}|'\d{2})\b)?`)
	monthDayRe    = regexp.MustCompile(`(?i)\b(` + months + `)\.?\s+` + day + `(st|nd|rd|th)?\b(,?\s+(?:19|20)\d{2}\b)?`)
	monthYearRe   = regexp.MustCompile(`(?i)\b(?:` + months + `)\b\.?,?\s*(?:(?:19|20)\d{2}|'\d{2})\b`)
	numDateRe     = regexp.MustCompile(`\b(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{4}|\d{2})\b`)
	isoDateRe     = regexp.MustCompile(`\b((?:19|20)\d{2})([-/.])(\d{1,2})([-/.])(\d{1,2})`)
	dayMonthNumRe = regexp.MustCompile(`\b` + day + `[-/](?:1[0-2]|0?[1-9])\b`)

	timeRe     = regexp.MustCompile(`(?i)(\d{1,2})([:.hu])([0-5]\d)(?::[0-5]\d)?(\s?(?:uur\b|u\b|u\.|am\b|pm\b|a\.m\.|p\.m\.))?`)
	hourOnlyRe = regexp.MustCompile(`(?i)\b(?:[01]?\d|2[0-3]) ?(?:uur|u|h|am|pm)\b`)

	employeeLabelRe = regexp.MustCompile(`(?i)\b(?:personeelsnummer|personeelsnr|pers\.?\s?nr|pnr|p-nummer|p-nr|` +
		`medewerkersnummer|medewerkernummer|medewerkersnr|werknemersnummer|werknemernummer|` +
		`employee\s+(?:number|no|id)|staff\s+(?:number|no|id)|personnel\s+number)\.?(?:\s*[:#]\s*|\s+)(?:is\s+)?([A-Za-z]{0,3}\d{2,10})\b`)
)

// roleNumberRe finds a person referred to by a number after their role: "medewerker 10",
// "collega nr. 4521", "manager #3", "employee no. 12" — a personnel number or a case file's
// numbering, which identifies them to anyone with the file. The number is group 1.
var roleNumberRe = regexp.MustCompile(`(?i)\b(?:medewerker|medewerkster|collega|manager|werknemer|werkneemster|` +
	`teamleider|leidinggevende|employee|colleague|staff\s+member)\s*(?:(?:nr|nummer|no|number)\.?\s*:?\s*|#\s*)?` +
	`([A-Za-z]{0,2}\d{1,10})\b`)

// roleWords anchor the windows in which roleNumberRe is tried.
var roleWords = set("medewerker", "medewerkster", "collega", "manager", "werknemer", "werkneemster",
	"teamleider", "leidinggevende", "employee", "colleague", "member")

// countWords after a number make it a count or a measure, not a person: "manager 2 keer", "collega
// 3 weken".
var countWords = set("keer", "keren", "maal", "x", "weken", "week", "dagen", "dag", "maanden", "maand",
	"jaar", "jaren", "uur", "uren", "minuten", "minuut", "seconden", "euro", "eur", "procent",
	"personen", "mensen", "medewerkers", "collega", "collegas", "meldingen", "stuks", "km", "meter",
	"times", "weeks", "days", "months", "years", "hours", "minutes", "people")

// countFollows reports whether the number ending at end is a count or a measure: followed by a
// decimal part, a percent sign or one of countWords.
func countFollows(text string, end int) bool {
	rest := text[end:]
	if len(rest) >= 2 && (rest[0] == ',' || rest[0] == '.') && rest[1] >= '0' && rest[1] <= '9' {
		return true
	}
	rest = strings.TrimLeft(rest, " \u00a0")
	if strings.HasPrefix(rest, "%") {
		return true
	}
	w := rest
	for i, r := range rest {
		if !isWordRune(r) && r != '\'' && r != '’' {
			w = rest[:i]
			break
		}
	}
	w = strings.NewReplacer("'", "", "’", "").Replace(fold(w))
	return countWords[w]
}

// Words before a time written with a dot ("om 14.30") that make it a time and not an amount.
var timeContext = set("om", "rond", "omstreeks", "vanaf", "tussen", "tegen", "at", "from", "until", "till",
	"ca", "circa", "sinds", "before", "after", "around")

// Words before a time written with a dot that make it a time only in a range: "van 9.00 tot
// 17.00", not "een boete van 12.50".
var rangeContext = set("van", "tot", "en", "to", "and", "m")

var (
	timeBeforeRe = regexp.MustCompile(`(?:^|[^\d.:])(?:[01]?\d|2[0-3])[.:][0-5]\d\s*(?:tot|en|t/m|to|and|-|–)\s*$`)
	timeAfterRe  = regexp.MustCompile(`^\s*(?:tot|en|t/m|to|and|-|–)\s*(?:[01]?\d|2[0-3])[.:][0-5]\d(?:$|[^\d.:])`)
)

// timeRange reports whether the time at text[s:e] is one end of a range of times.
func timeRange(text string, s, e int) bool {
	return timeBeforeRe.MatchString(text[max(0, s-16):s]) || timeAfterRe.MatchString(text[e:min(len(text), e+16)])
}

// Words before "14 uur" that make it a time of day and not a duration ("8 uur per week").
var hourContext = set("om", "rond", "omstreeks", "tegen", "at")

// Words before "12/3" that make it a date and not a fraction or a score.
var dayMonthContext = set(append([]string{"op", "sinds", "vanaf", "per", "tot", "t/m", "d.d", "dd", "datum", "on", "date"},
	strings.Split(weekdaysNL+"|"+weekdaysEN, "|")...)...)

var weekdayWords = set(strings.Split(weekdaysNL+"|"+weekdaysEN, "|")...)

// chunkBefore returns the lower-cased run of non-space characters before pos, without trailing
// ".", ":" and ",": "d.d. 12/3" gives "d.d", "Maandag, 12/3" "maandag".
func chunkBefore(text string, pos int) string {
	e := pos
	for e > 0 && (text[e-1] == ' ' || text[e-1] == '\t') {
		e--
	}
	s := strings.LastIndexAny(text[:e], " \t\n\r(") + 1
	return strings.TrimRight(fold(text[s:e]), ".:,")
}

// withWeekday moves the start of a date at pos back over a weekday before it: "maandag 12
// maart", "Monday, the 12th of March", "di. 3 jan".
func withWeekday(text string, pos int) int {
	s, w := wordBefore(text, pos, " \t")
	if w == "de" || w == "the" {
		if s2, w2 := wordBefore(text, s, " \t,."); weekdayWords[w2] {
			return s2
		}
		return pos
	}
	if s, w = wordBefore(text, pos, " \t,."); weekdayWords[w] {
		return s
	}
	return pos
}

// wordBefore skips up to three characters of seps before pos and returns the start and folded
// form of the ASCII word before them ("" if there is none).
func wordBefore(text string, pos int, seps string) (int, string) {
	e := pos
	for e > 0 && pos-e < 3 && strings.IndexByte(seps, text[e-1]) >= 0 {
		e--
	}
	s := e
	for s > 0 && isASCIILetter(text[s-1]) {
		s--
	}
	if s == e || e == pos {
		return pos, ""
	}
	if s > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:s]); isWordRune(r) {
			return pos, ""
		}
	}
	return s, fold(text[s:e])
}

func isASCIILetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

// Words before "3:12" that make it a reference and not a time.
var notTimeContext = set("artikel", "art", "lid", "hoofdstuk", "paragraaf", "par", "boek", "article", "section", "vers")

// Two-letter postcodes suffixes that, after a space, are more likely an abbreviation.
var postcodeStop = set("OR", "OM", "HR", "IT", "NL", "EU", "BW", "VS", "UK", "AI", "CA", "BV", "NV", "EN",
	"DE", "IN", "OP", "AN", "TO", "AT", "ON", "OF", "IS", "BE", "NB", "PS")

// English-only month names: "March 12" is a date, "april 12" may be "april, 12 meldingen".
var englishMonth = set("january", "february", "march", "mar", "may", "june", "july", "august", "october", "oct")

// window is a byte range of the text that a regular expression is run on. Go's regular
// expressions cost about 15 ns a byte each, so they run only around the words that can start a
// finding: words with digits, month names, "@", "://" and "www.".
type window struct{ start, end int }

// windows returns the merged ranges from before words before to after words after every word
// for which anchor is true. Ranges start and end at word edges, so \b means what it means in
// the whole text.
func windows(toks []token, anchor func(t *token) bool, before, after int) []window {
	var ws []window
	for i := range toks {
		if !anchor(&toks[i]) {
			continue
		}
		w := window{toks[max(0, i-before)].start, toks[min(len(toks)-1, i+after)].end}
		if n := len(ws); n > 0 && w.start <= ws[n-1].end {
			ws[n-1].end = max(ws[n-1].end, w.end)
			continue
		}
		ws = append(ws, w)
	}
	return ws
}

// chunks returns, for every occurrence of sub, the surrounding run of non-space characters.
func chunks(text, lower, sub string, ws []window) []window {
	for from := 0; ; {
		i := strings.Index(lower[from:], sub)
		if i < 0 {
			return ws
		}
		i += from
		s := strings.LastIndexAny(text[:i], " \t\n\r") + 1
		e := strings.IndexAny(text[i:], " \t\n\r")
		if e < 0 {
			e = len(text)
		} else {
			e += i
		}
		if n := len(ws); n > 0 && s <= ws[n-1].end {
			ws[n-1].end = max(ws[n-1].end, e)
		} else {
			ws = append(ws, window{s, e})
		}
		from = max(e, i+len(sub))
	}
}

// each calls fn with the submatch indexes (in the whole text) of every match of re in the windows.
func each(re *regexp.Regexp, text string, ws []window, fn func(m []int)) {
	for _, w := range ws {
		for _, m := range re.FindAllStringSubmatchIndex(text[w.start:w.end], -1) {
			for i := range m {
				if m[i] >= 0 {
					m[i] += w.start
				}
			}
			fn(m)
		}
	}
}

func hasDigitTok(t *token) bool { return !t.alpha }

// ibanTok reports whether t may start an IBAN: two letters and two digits, then maybe more.
func ibanTok(t *token) bool {
	f := t.fold
	return len(f) >= 4 && f[0] >= 'a' && f[0] <= 'z' && f[1] >= 'a' && f[1] <= 'z' && isDigitByte(f[2]) && isDigitByte(f[3])
}

func monthTok(t *token) bool { return t.alpha && monthWords[t.fold] }

// wordIn returns an anchor for the words of a set.
func wordIn(words map[string]bool) func(t *token) bool {
	return func(t *token) bool { return t.alpha && words[t.fold] }
}

// streetTok reports whether t may be a street name: capitalised and ending in a street suffix.
func streetTok(t *token) bool {
	if !t.alpha || !t.cap {
		return false
	}
	for _, suf := range streetSuffixList {
		if strings.HasSuffix(t.fold, suf) {
			return true
		}
	}
	return false
}

var (
	streetSuffixList = strings.Split(streetSuffixes, "|")
	bsnLabels        = set("bsn", "burgerservicenummer", "sofinummer", "sofi")
	employeeLabels   = set("personeelsnummer", "personeelsnr", "pers", "pnr", "p", "medewerkersnummer",
		"medewerkernummer", "medewerkersnr", "werknemersnummer", "werknemernummer", "employee", "staff", "personnel")
)

var monthWords = set(strings.Split(months, "|")...)

// findPatterns runs the pattern detectors.
func findPatterns(text string, toks []token, out []span) []span {
	lower := asciiLower(text)
	if at := chunks(text, lower, "@", nil); len(at) > 0 {
		each(emailRe, text, at, func(m []int) { out = append(out, span{m[0], m[1], kEmail}) })
		out = findHandles(text, out)
	}
	if ws := chunks(text, lower, "www.", chunks(text, lower, "://", nil)); len(ws) > 0 {
		sortWindows(ws)
		each(urlRe, text, ws, func(m []int) {
			e := m[1]
			for e > m[0] && strings.IndexByte(".,;:!?)'\"", text[e-1]) >= 0 {
				e--
			}
			out = append(out, span{m[0], e, kURL})
		})
	}
	if mw := windows(toks, monthTok, 4, 3); len(mw) > 0 {
		out = findTextDates(text, mw, out)
	}
	// Windows around words with digits, as wide as each pattern needs.
	near := windows(toks, hasDigitTok, 1, 3) // 12-03-2026, 10.0.0.1, 12-ABC-3, 123456782, MP-7K3QX9AB
	wide := windows(toks, hasDigitTok, 3, 3) // labels and context words: "pers. nr. 2001", "om 14.30 uur"
	if len(near) == 0 {
		return out
	}
	iban := windows(toks, ibanTok, 0, 8)
	each(ibanNLRe, text, iban, func(m []int) { out = append(out, span{m[0], m[1], kIBAN}) })
	each(ibanRe, text, iban, func(m []int) {
		if e := validIBANEnd(text, m[0], m[1]); e > 0 {
			out = append(out, span{m[0], e, kIBAN})
		}
	})
	each(bsnRe, text, near, func(m []int) {
		if elfproef(digitsOf(text[m[0]:m[1]])) {
			out = append(out, span{m[0], m[1], kBSN})
		}
	})
	each(bsnContextRe, text, windows(toks, wordIn(bsnLabels), 0, 6), func(m []int) {
		s, e := m[2], m[3]
		for e > s && (text[e-1] == ' ' || text[e-1] == '.') {
			e--
		}
		if n := len(digitsOf(text[s:e])); n == 8 || n == 9 {
			out = append(out, span{s, e, kBSN})
		}
	})
	out = findPhones(text, out)
	each(caseRefRe, text, near, func(m []int) { out = append(out, span{m[0], m[1], kCaseRef}) })
	each(receiptRe, text, wide, func(m []int) { out = append(out, span{m[0], m[1], kReceipt}) })
	each(ipRe, text, near, func(m []int) {
		if validIP(text[m[0]:m[1]]) && !continuesNumber(text, m[1]) && !precededByNumber(text, m[0]) {
			out = append(out, span{m[0], m[1], kIP})
		}
	})
	each(plateRe, text, near, func(m []int) {
		if validPlate(text[m[0]:m[1]]) {
			out = append(out, span{m[0], m[1], kPlate})
		}
	})
	each(postcodeRe, text, near, func(m []int) {
		if letters := text[m[4]:m[5]]; letters == "SA" || letters == "SD" || letters == "SS" ||
			(m[3] > m[2] && postcodeStop[letters]) {
			return
		}
		out = append(out, span{m[0], m[1], kPostcode})
	})
	each(addressRe, text, windows(toks, streetTok, 3, 3), func(m []int) { out = append(out, span{m[0], m[1], kAddress}) })
	out = findNumericDates(text, near, wide, out)
	out = findTimes(text, toks, wide, out)
	each(employeeLabelRe, text, windows(toks, wordIn(employeeLabels), 0, 6), func(m []int) {
		out = append(out, span{m[2], m[3], kEmployee})
	})
	each(roleNumberRe, text, windows(toks, wordIn(roleWords), 1, 6), func(m []int) {
		if !countFollows(text, m[3]) {
			out = append(out, span{m[2], m[3], kEmployee})
		}
	})
	return findLongNumbers(text, out)
}

func sortWindows(ws []window) {
	sort.Slice(ws, func(i, j int) bool { return ws[i].start < ws[j].start })
}

// findHandles finds social media handles: "@" at the start of a word, then a name.
func findHandles(text string, out []span) []span {
	for i := 0; i < len(text); i++ {
		if text[i] != '@' || (i > 0 && !strings.ContainsRune(" \t\n\r(", rune(text[i-1]))) {
			continue
		}
		j := i + 1
		for j < len(text) && j-i <= 30 && (isASCIIWord(text[j]) || (text[j] == '.' && j > i+1)) {
			j++
		}
		for j > i+1 && text[j-1] == '.' {
			j--
		}
		if j-i >= 3 && text[i+1] != '.' {
			out = append(out, span{i, j, kHandle})
		}
	}
	return out
}

func isASCIIWord(c byte) bool {
	return c == '_' || isDigitByte(c) || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func findTextDates(text string, ws []window, out []span) []span {
	each(dayMonthRe, text, ws, func(m []int) {
		out = append(out, span{withWeekday(text, m[0]), trimSentenceDot(text, m[0], m[1]), kDate})
	})
	each(monthDayRe, text, ws, func(m []int) {
		month := strings.ToLower(text[m[2]:m[3]])
		if englishMonth[month] || m[4] >= 0 || m[6] >= 0 {
			out = append(out, span{withWeekday(text, m[0]), m[1], kDate})
		}
	})
	each(monthYearRe, text, ws, func(m []int) { out = append(out, span{m[0], m[1], kDate}) })
	return out
}

func findNumericDates(text string, near, wide []window, out []span) []span {
	each(numDateRe, text, near, func(m []int) {
		a, _ := strconv.Atoi(text[m[2]:m[3]])
		b, _ := strconv.Atoi(text[m[6]:m[7]])
		sep, sep2 := text[m[4]:m[5]], text[m[8]:m[9]]
		if sep != sep2 || (sep == "." && m[11]-m[10] != 4) || continuesNumber(text, m[1]) || precededByNumber(text, m[0]) {
			return
		}
		if (a >= 1 && a <= 31 && b >= 1 && b <= 12) || (a >= 1 && a <= 12 && b >= 1 && b <= 31) {
			out = append(out, span{m[0], m[1], kDate})
		}
	})
	each(isoDateRe, text, near, func(m []int) {
		mo, _ := strconv.Atoi(text[m[6]:m[7]])
		d, _ := strconv.Atoi(text[m[10]:m[11]])
		if text[m[4]:m[5]] != text[m[8]:m[9]] || mo < 1 || mo > 12 || d < 1 || d > 31 ||
			precededByNumber(text, m[0]) || (m[1] < len(text) && isDigitByte(text[m[1]])) || continuesNumber(text, m[1]) {
			return
		}
		out = append(out, span{m[0], m[1], kDate})
	})
	each(dayMonthNumRe, text, near, func(m []int) {
		if !continuesNumber(text, m[1]) && !precededByNumber(text, m[0]) && dayMonthContext[chunkBefore(text, m[0])] {
			out = append(out, span{m[0], m[1], kDate})
		}
	})
	return out
}

// trimSentenceDot leaves the dot after an abbreviated month ("op 3 jan.") in the text when it
// also ends the sentence.
func trimSentenceDot(text string, start, end int) int {
	if end-start < 2 || text[end-1] != '.' {
		return end
	}
	rest := strings.TrimLeft(text[end:], " \t")
	if rest == "" || rest[0] == '\n' || rest[0] == '\r' {
		return end - 1
	}
	if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) {
		return end - 1
	}
	return end
}

func findTimes(text string, toks []token, ws []window, out []span) []span {
	each(timeRe, text, ws, func(m []int) {
		s, e := m[0], m[1]
		if s > 0 {
			r, _ := utf8.DecodeLastRuneInString(text[:s])
			if isWordRune(r) && !(r == 'T' && s > 1 && isDigitByte(text[s-2])) {
				return
			}
			if (r == ':' || r == '.' || r == ',') && s > 1 && isDigitByte(text[s-2]) {
				return
			}
		}
		if e < len(text) && (isDigitByte(text[e]) || continuesNumber(text, e) || (text[e] == ':' && e+1 < len(text) && isDigitByte(text[e+1]))) {
			return
		}
		if m[8] < 0 && e < len(text) {
			if r, _ := utf8.DecodeRuneInString(text[e:]); unicode.IsLetter(r) {
				return
			}
		}
		h, _ := strconv.Atoi(text[m[2]:m[3]])
		sep := text[m[4]:m[5]]
		suffix := ""
		if m[8] >= 0 {
			suffix = strings.ToLower(strings.TrimSpace(text[m[8]:m[9]]))
		}
		ampm := strings.HasPrefix(suffix, "a") || strings.HasPrefix(suffix, "p")
		if h > 23 || (ampm && (h == 0 || h > 12)) {
			return
		}
		prev := previousWord(text, s)
		if sep == ":" && notTimeContext[prev] {
			return
		}
		if sep == "." && suffix == "" && !timeContext[prev] && !(rangeContext[prev] && timeRange(text, s, e)) {
			return
		}
		out = append(out, span{s, e, kTime})
	})
	each(hourOnlyRe, text, windows(toks, wordIn(hourContext), 0, 2), func(m []int) {
		if hourContext[previousWord(text, m[0])] {
			out = append(out, span{m[0], m[1], kTime})
		}
	})
	return out
}

// previousWord returns the folded word before pos, skipping spaces.
func previousWord(text string, pos int) string {
	e := pos
	for e > 0 && (text[e-1] == ' ' || text[e-1] == '\t') {
		e--
	}
	s := e
	for s > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:s])
		if !unicode.IsLetter(r) {
			break
		}
		s -= size
	}
	return fold(text[s:e])
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// continuesNumber reports whether text at pos goes on with a separator and a digit ("1.2.3.4.5").
func continuesNumber(text string, pos int) bool {
	return pos+1 < len(text) && strings.IndexByte("-/.:", text[pos]) >= 0 && isDigitByte(text[pos+1])
}

func precededByNumber(text string, pos int) bool {
	return pos >= 2 && strings.IndexByte("-/.:", text[pos-1]) >= 0 && isDigitByte(text[pos-2])
}

func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isDigitByte(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// elfproef is the check of Dutch citizen service numbers (BSN): 9 digits (8 with the leading 0
// left out) whose weighted sum 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11.
func elfproef(d string) bool {
	if len(d) == 8 {
		d = "0" + d
	}
	if len(d) != 9 || strings.Trim(d, "0") == "" {
		return false
	}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(d[i]-'0') * (9 - i)
	}
	sum -= int(d[8] - '0')
	return sum%11 == 0
}

// validIBANEnd returns the end of the longest valid IBAN (ISO 13616 mod-97 check) that starts at
// start and ends at or before end, or 0.
func validIBANEnd(text string, start, end int) int {
	for e := end; e-start >= 15; e-- {
		if (e < end && text[e] != ' ') || text[e-1] == ' ' {
			continue // ends inside a group of the match
		}
		if ibanChecksum(strings.ReplaceAll(text[start:e], " ", "")) {
			return e
		}
	}
	return 0
}

func ibanChecksum(s string) bool {
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	var b strings.Builder
	for _, c := range s[4:] + s[:4] {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			b.WriteString(strconv.Itoa(int(c-'A') + 10))
		default:
			return false
		}
	}
	n, ok := new(big.Int).SetString(b.String(), 10)
	return ok && new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

func validIP(s string) bool {
	for _, p := range strings.Split(s, ".") {
		if n, err := strconv.Atoi(p); err != nil || n > 255 || (len(p) > 1 && p[0] == '0') {
			return false
		}
	}
	return true
}

// validPlate checks the Dutch licence plate side codes: three groups of six characters in all,
// each group all letters or all digits, with letters and digits both present.
func validPlate(s string) bool {
	groups := strings.Split(s, "-")
	total, letters, digits := 0, 0, 0
	for _, g := range groups {
		total += len(g)
		switch {
		case strings.Trim(g, "0123456789") == "":
			digits++
		case strings.Trim(g, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "":
			letters++
		default:
			return false
		}
	}
	return total == 6 && letters > 0 && digits > 0
}

// findLongNumbers replaces any other stand-alone number of six or more digits: in a precedent it
// is almost always an identifier (an unknown personnel number, a case or invoice number).
func findLongNumbers(text string, out []span) []span {
	for i := 0; i < len(text); {
		if !isDigitByte(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isDigitByte(text[j]) {
			j++
		}
		if j-i >= 6 && boundary(text, i, '0', true) && boundary(text, j, '0', false) && edgeNotLetter(text, i, j) {
			out = append(out, span{i, j, kNumber})
		}
		i = j
	}
	return out
}

func edgeNotLetter(text string, i, j int) bool {
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:i]); unicode.IsLetter(r) {
			return false
		}
	}
	if j < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[j:]); unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
