package dutch

import "unicode"

// This file splits text into tokens the way PostgreSQL's default text search parser ("default",
// src/backend/tsearch/wparser_def.c) does in a UTF-8 database whose LC_CTYPE is a real UTF-8
// locale (en_US.utf8, nl_NL.utf8, C.UTF-8: the postgres Docker image's default).
//
// That parser is a state machine with a stack: at some characters it pushes a state and tries a
// longer token (a host name, a file path, a hyphenated word); if that attempt dead-ends it pops
// back to where it pushed and tries the next possibility at the same character. Here every state
// is a method that scans forward from index i: a "try" (a push) calls another state and, if that
// one returns ok == false (a pop), carries on with the next possibility; a plain transition is a
// tail call, so a dead end further on pops back to the nearest try. The methods are named after
// PostgreSQL's states so the two can be compared; the order of the tests in each method is the
// order of PostgreSQL's rules, and that order is what decides between, for example, a host
// ("utrecht.nl"), a file ("en/of") and a plain word.

// tokType is a token type of PostgreSQL's default parser (ts_token_type('default')).
type tokType uint8

const (
	tNone           tokType = iota
	tAsciiWord              // asciiword: word, all ASCII letters
	tWord                   // word: word, all letters
	tNumWord                // numword: word, letters and digits
	tEmail                  // email
	tURL                    // url
	tHost                   // host
	tSFloat                 // sfloat: scientific notation
	tVersion                // version: 1.2.3
	tHWordNumPart           // hword_numpart: part of a hyphenated word, letters and digits
	tHWordPart              // hword_part: part of a hyphenated word, all letters
	tHWordAsciiPart         // hword_asciipart: part of a hyphenated word, all ASCII
	tBlank                  // blank: space and punctuation
	tTag                    // tag: XML tag
	tProtocol               // protocol: "https://"
	tNumHWord               // numhword: hyphenated word, letters and digits
	tAsciiHWord             // asciihword: hyphenated word, all ASCII
	tHWord                  // hword: hyphenated word, all letters
	tURLPath                // url_path
	tFile                   // file: file or path name
	tFloat                  // float: decimal notation
	tInt                    // int: signed integer
	tUint                   // uint: unsigned integer
	tEntity                 // entity: XML entity
)

// startState is the state in which the next token starts.
type startState uint8

const (
	stBase         startState = iota
	stParseHyphen             // after a hyphenated word: its parts follow
	stURLPathStart            // after the host of a URL: its path follows
)

// match is a token found at lexer.start.
type match struct {
	typ  tokType
	end  int        // the token is r[start:end]
	next int        // index where the next token starts (before end for a hyphenated word or URL)
	then startState // state in which the next token starts
}

// lexer holds the state of one tokenisation. It lives for one call of Terms.
type lexer struct {
	r     []rune
	pos   int
	state startState
	start int // start of the token being matched

	ignore   bool // inside <script> or <style>: everything but tags is blank
	wanthost bool // re-reading a URL: its host ends before the '/'
	halt     bool // PostgreSQL's parser stops here and returns no more tokens
}

// token returns the next token, or ok == false at the end of the text.
func (l *lexer) token() (typ tokType, tok []rune, ok bool) {
	if l.pos >= len(l.r) {
		return tNone, nil, false
	}
	l.start = l.pos
	var m match
	switch l.state {
	case stParseHyphen:
		m, ok = l.parseHyphen(l.pos)
	case stURLPathStart:
		m, ok = l.urlPath(l.pos + 1) // the '/' after the host, whatever it is
	default:
		m, ok = l.base(l.pos)
	}
	if !ok {
		l.pos = len(l.r) // halted
		return tNone, nil, false
	}
	l.pos, l.state = m.next, m.then
	return m.typ, l.r[l.start:m.end], true
}

// ---- character classes (glibc's in a UTF-8 locale) ----
//
// They follow Go's Unicode tables. For the Latin, Greek and Cyrillic scripts, punctuation,
// symbols and emoji they agree with glibc's and PostgreSQL's character by character (the tests
// check every one); for a few hundred rare marks of other scripts, and code points that Go's
// Unicode version has not assigned, they may not.

func isAscLet(c rune) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c rune) bool  { return c >= '0' && c <= '9' }

// isAlpha is iswalpha: Unicode's Alphabetic property, plus non-ASCII decimal digits (which glibc
// puts in "alpha" because C allows only 0-9 in "digit").
func isAlpha(c rune) bool {
	if c < 0x80 {
		return isAscLet(c)
	}
	return unicode.IsLetter(c) || unicode.Is(unicode.Nl, c) || unicode.Is(unicode.Other_Alphabetic, c) ||
		unicode.Is(unicode.Nd, c)
}

func isAlnum(c rune) bool { return isDigit(c) || isAlpha(c) }

// isSpecial: a character that does not break a word but cannot start one: a combining mark
// (display width 0 for PostgreSQL), as in "café" written with U+0301.
func isSpecial(c rune) bool {
	return c >= 0x300 && (unicode.Is(unicode.Mn, c) || unicode.Is(unicode.Me, c))
}

// isSpace is iswspace: glibc's "space" class, which leaves out the no-break spaces.
func isSpace(c rune) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1680, 0x2028, 0x2029, 0x205f, 0x3000:
		return true
	}
	return c >= 0x2000 && c <= 0x200a && c != 0x2007
}

func isXDigit(c rune) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// isURLChar: printable ASCII that RFC 3986 allows in a URL.
func isURLChar(c rune) bool {
	if c <= 0x20 || c >= 0x7f {
		return false
	}
	switch c {
	case '"', '<', '>', '\\', '^', '`', '{', '|', '}':
		return false
	}
	return true
}

// at returns the character at i, or -1 past the end (which is in no class).
func (l *lexer) at(i int) rune {
	if i >= len(l.r) {
		return -1
	}
	return l.r[i]
}

func (l *lexer) eof(i int) bool { return i >= len(l.r) }

// ---- results ----

// bingo ends the token before i; the next one starts there.
func (l *lexer) bingo(t tokType, i int) (match, bool) { return match{t, i, i, stBase}, true }

// compound ends a hyphenated word before i; its parts are read next, from its start.
func (l *lexer) compound(t tokType, i int) (match, bool) {
	return match{t, i, l.start, stParseHyphen}, true
}

// stopHost reports (once) that a URL's host is being re-read and must end here.
func (l *lexer) stopHost() bool {
	if l.wanthost {
		l.wanthost = false
		return true
	}
	return false
}

// ---- states ----

func (l *lexer) base(i int) (match, bool) {
	c := l.at(i)
	if c == '<' {
		if m, ok := l.tagFirst(i + 1); ok || l.halt {
			return m, ok
		}
	}
	switch {
	case l.ignore:
		return l.space(i + 1)
	case isAscLet(c):
		return l.asciiWord(i + 1)
	case isAlpha(c):
		return l.word(i + 1)
	case isDigit(c):
		return l.unsignedInt(i + 1)
	}
	var m match
	ok := false
	switch c {
	case '-', '+':
		m, ok = l.signedIntFirst(i + 1)
	case '&':
		m, ok = l.entityFirst(i + 1)
	case '~':
		m, ok = l.fileTwiddle(i + 1)
	case '/':
		m, ok = l.fileFirst(i + 1)
	case '.':
		m, ok = l.pathFirstFirst(i + 1)
	}
	if ok {
		return m, true
	}
	return l.space(i + 1)
}

func (l *lexer) space(i int) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		switch {
		case l.eof(i) || c == '<':
			return l.bingo(tBlank, i)
		case l.ignore:
		case c == '-' || c == '+' || c == '&' || c == '/':
			return l.bingo(tBlank, i)
		case !isAlnum(c):
		default:
			return l.bingo(tBlank, i)
		}
	}
}

func (l *lexer) asciiWord(i int) (match, bool) {
	for ; ; i++ {
		if l.eof(i) {
			return l.bingo(tAsciiWord, i)
		}
		c := l.r[i]
		if isAscLet(c) {
			continue
		}
		if m, ok := l.afterWordPunct(c, i); ok {
			return m, true
		}
		switch {
		case isDigit(c):
			if m, ok := l.host(i + 1); ok {
				return m, true
			}
			return l.numWord(i + 1)
		case isAlpha(c) || isSpecial(c):
			return l.word(i + 1)
		}
		return l.bingo(tAsciiWord, i)
	}
}

// afterWordPunct tries what may follow an ASCII word at the punctuation c at i: a host, a file
// name, a hyphenated word, an e-mail address or a protocol.
func (l *lexer) afterWordPunct(c rune, i int) (match, bool) {
	switch c {
	case '.':
		if m, ok := l.hostFirstDomain(i + 1); ok {
			return m, true
		}
		return l.fileNext(i + 1)
	case '-':
		if m, ok := l.hostFirstAN(i + 1); ok {
			return m, true
		}
		return l.hyphenAsciiWordFirst(i + 1)
	case '_':
		return l.hostFirstAN(i + 1)
	case '@':
		return l.email(i + 1)
	case ':':
		return l.protocolFirst(i + 1)
	case '/':
		return l.fileFirst(i + 1)
	}
	return match{}, false
}

func (l *lexer) word(i int) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		switch {
		case l.eof(i):
			return l.bingo(tWord, i)
		case isAlpha(c) || isSpecial(c):
			continue
		case isDigit(c):
			return l.numWord(i + 1)
		case c == '-':
			if m, ok := l.hyphenWordFirst(i + 1); ok {
				return m, true
			}
		}
		return l.bingo(tWord, i)
	}
}

func (l *lexer) numWord(i int) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		if l.eof(i) {
			return l.bingo(tNumWord, i)
		}
		if isAlnum(c) || isSpecial(c) {
			continue
		}
		var m match
		ok := false
		switch c {
		case '@':
			m, ok = l.email(i + 1)
		case '/':
			m, ok = l.fileFirst(i + 1)
		case '.':
			m, ok = l.fileNext(i + 1)
		case '-':
			m, ok = l.hyphenNumWordFirst(i + 1)
		}
		if ok {
			return m, true
		}
		return l.bingo(tNumWord, i)
	}
}

// ---- numbers ----

func (l *lexer) unsignedInt(i int) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		if l.eof(i) {
			return l.bingo(tUint, i)
		}
		if isDigit(c) {
			continue
		}
		if c == '.' {
			if m, ok := l.hostFirstDomain(i + 1); ok {
				return m, true
			}
			if m, ok := l.uDecimalFirst(i + 1); ok {
				return m, true
			}
		}
		var m match
		ok := false
		switch c {
		case 'e', 'E':
			m, ok = l.mantissaFirst(i + 1)
		case '-', '_':
			m, ok = l.hostFirstAN(i + 1)
		case '@':
			m, ok = l.email(i + 1)
		}
		if ok {
			return m, true
		}
		if isAscLet(c) {
			if m, ok := l.host(i + 1); ok {
				return m, true
			}
		}
		if isAlpha(c) || isSpecial(c) {
			return l.numWord(i + 1)
		}
		if c == '/' {
			if m, ok := l.fileFirst(i + 1); ok {
				return m, true
			}
		}
		return l.bingo(tUint, i)
	}
}

func (l *lexer) signedIntFirst(i int) (match, bool) {
	if isDigit(l.at(i)) {
		return l.signedInt(i + 1)
	}
	return match{}, false
}

func (l *lexer) signedInt(i int) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		if isDigit(c) {
			continue
		}
		if c == '.' {
			if m, ok := l.decimalFirst(i + 1); ok {
				return m, true
			}
		}
		if c == 'e' || c == 'E' {
			if m, ok := l.mantissaFirst(i + 1); ok {
				return m, true
			}
		}
		return l.bingo(tInt, i)
	}
}

// decimal reads the digits after the point of a float; signed is true after a sign.
func (l *lexer) decimal(i int, signed bool) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		if isDigit(c) {
			continue
		}
		if c == '.' && isDigit(l.at(i+1)) {
			if signed {
				// "-1.5.3": PostgreSQL gives up the sign (a blank token) and reads the rest
				// again as an unsigned number (here a version).
				return match{tBlank, l.start + 1, l.start + 1, stBase}, true
			}
			return l.version(i + 2)
		}
		if c == 'e' || c == 'E' {
			if m, ok := l.mantissaFirst(i + 1); ok {
				return m, true
			}
		}
		return l.bingo(tFloat, i)
	}
}

func (l *lexer) uDecimalFirst(i int) (match, bool) {
	if isDigit(l.at(i)) {
		return l.decimal(i+1, false)
	}
	return match{}, false
}

func (l *lexer) decimalFirst(i int) (match, bool) {
	if isDigit(l.at(i)) {
		return l.decimal(i+1, true)
	}
	return match{}, false
}

func (l *lexer) version(i int) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		if isDigit(c) {
			continue
		}
		if c == '.' && isDigit(l.at(i+1)) {
			i++
			continue
		}
		return l.bingo(tVersion, i)
	}
}

func (l *lexer) mantissaFirst(i int) (match, bool) {
	c := l.at(i)
	if c == '+' || c == '-' {
		i++
		c = l.at(i)
	}
	if !isDigit(c) {
		return match{}, false
	}
	for i++; isDigit(l.at(i)); i++ {
	}
	return l.bingo(tSFloat, i)
}

// ---- XML entities and tags ----

func (l *lexer) entityFirst(i int) (match, bool) {
	c := l.at(i)
	switch {
	case c == '#':
		i++
		digit := isDigit
		if c := l.at(i); c == 'x' || c == 'X' {
			i++
			digit = isXDigit
		}
		if !digit(l.at(i)) {
			return match{}, false
		}
		for i++; digit(l.at(i)); i++ {
		}
		if l.at(i) == ';' {
			return l.bingo(tEntity, i+1)
		}
		return match{}, false
	case isAscLet(c) || c == ':' || c == '_':
		for i++; ; i++ {
			c := l.at(i)
			switch {
			case isAlnum(c) || c == ':' || c == '_' || c == '.' || c == '-':
			case c == ';':
				return l.bingo(tEntity, i+1)
			default:
				return match{}, false
			}
		}
	}
	return match{}, false
}

func (l *lexer) tagFirst(i int) (match, bool) {
	switch c := l.at(i); {
	case c == '/':
		if isAscLet(l.at(i + 1)) {
			return l.tagName(i + 2)
		}
	case c == '!':
		return l.commentFirst(i + 1)
	case c == '?':
		if l.at(i+1) == 'x' {
			return l.tag(i + 2)
		}
	case isAscLet(c) || c == ':' || c == '_':
		return l.tagName(i + 1)
	}
	return match{}, false
}

func (l *lexer) tagName(i int) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		switch {
		case l.eof(i):
			return match{}, false
		case c == '/':
			if l.at(i+1) == '>' {
				return l.bingo(tTag, i+2)
			}
			return match{}, false
		case c == '>':
			l.specialTags(i)
			return l.bingo(tTag, i+1)
		case isSpace(c):
			l.specialTags(i)
			return l.tag(i + 1)
		case isAlnum(c) || c == ':' || c == '_' || c == '.' || c == '-':
		default:
			return match{}, false
		}
	}
}

func (l *lexer) tag(i int) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		switch {
		case l.eof(i):
			return match{}, false
		case c == '>':
			l.specialTags(i)
			return l.bingo(tTag, i+1)
		case c == '\'' || c == '"':
			return l.tagQuoted(i+1, c)
		case isAscLet(c) || isDigit(c):
		case c == '=' || c == '-' || c == '_' || c == '#' || c == '/' || c == ':' || c == '.' ||
			c == '&' || c == '?' || c == '%' || c == '~':
		case isSpace(c):
			l.specialTags(i)
		default:
			return match{}, false
		}
	}
}

// tagQuoted reads a quoted attribute value up to the quote q. A backslash escapes the next
// character; right after such an escape PostgreSQL does not see a backslash as one, nor the end
// of the text: if the text ends there, its parser stops and returns no more tokens at all.
func (l *lexer) tagQuoted(i int, q rune) (match, bool) {
	escaped := false
	for ; !l.eof(i); i++ {
		c := l.r[i]
		if c == '\\' && !escaped && !l.eof(i+1) {
			if l.eof(i + 2) {
				l.halt = true
				return match{}, false
			}
			i++
			escaped = true
			continue
		}
		escaped = false
		if c == q {
			return l.tag(i + 1)
		}
	}
	return match{}, false
}

func (l *lexer) commentFirst(i int) (match, bool) {
	switch l.at(i) {
	case 'D', 'd':
		return l.tag(i + 1)
	case '-':
		if l.at(i+1) != '-' {
			return match{}, false
		}
	default:
		return match{}, false
	}
	dashes := 0
	for i += 2; !l.eof(i); i++ {
		switch c := l.r[i]; {
		case c == '-':
			dashes++
		case c == '>' && dashes >= 2:
			return l.bingo(tTag, i+1)
		default:
			dashes = 0
		}
	}
	return match{}, false
}

// specialTags switches "ignore" on after "<script" or "<style" and off after "</script" or
// "</style" (even when the tag turns out not to be one, as in PostgreSQL).
func (l *lexer) specialTags(i int) {
	tok := l.r[l.start:i]
	switch {
	case asciiFold(tok, "</script"), asciiFold(tok, "</style"):
		l.ignore = false
	case asciiFold(tok, "<script"), asciiFold(tok, "<style"):
		l.ignore = true
	}
}

func asciiFold(r []rune, s string) bool {
	if len(r) != len(s) {
		return false
	}
	for i, c := range r {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != rune(s[i]) {
			return false
		}
	}
	return true
}

// ---- hosts, e-mail addresses, URLs ----

func (l *lexer) hostFirstDomain(i int) (match, bool) {
	switch c := l.at(i); {
	case isAscLet(c):
		return l.hostDomainSecond(i + 1)
	case isDigit(c):
		return l.host(i + 1)
	}
	return match{}, false
}

func (l *lexer) hostDomainSecond(i int) (match, bool) {
	c := l.at(i)
	switch {
	case isAscLet(c):
		return l.hostDomain(i + 1)
	case isDigit(c):
		return l.host(i + 1)
	}
	switch c {
	case '-', '_':
		return l.hostFirstAN(i + 1)
	case '.':
		return l.hostFirstDomain(i + 1)
	case '@':
		return l.email(i + 1)
	}
	return match{}, false
}

func (l *lexer) hostDomain(i int) (match, bool) {
	for ; ; i++ {
		if l.eof(i) {
			return l.bingo(tHost, i)
		}
		c := l.r[i]
		if isAscLet(c) {
			continue
		}
		var m match
		ok := false
		switch {
		case isDigit(c):
			if m, ok = l.host(i + 1); !ok {
				return match{}, false
			}
		case c == ':':
			m, ok = l.portFirst(i + 1)
		case c == '-' || c == '_':
			m, ok = l.hostFirstAN(i + 1)
		case c == '.':
			m, ok = l.hostFirstDomain(i + 1)
		case c == '@':
			m, ok = l.email(i + 1)
		}
		if ok {
			return m, true
		}
		return l.hostEnd(i)
	}
}

// hostEnd ends a host (or host:port) before i, which may be the '/' of a URL.
func (l *lexer) hostEnd(i int) (match, bool) {
	if l.stopHost() {
		return match{tHost, i, i, stURLPathStart}, true
	}
	if l.at(i) == '/' {
		if n := l.urlChars(i + 1); n > 0 {
			// A URL: PostgreSQL emits it whole, then reads it again from its start as a
			// host followed by a URL path.
			l.wanthost = true
			return match{tURL, i + 1 + n, l.start, stBase}, true
		}
	}
	return l.bingo(tHost, i)
}

func (l *lexer) portFirst(i int) (match, bool) {
	if !isDigit(l.at(i)) {
		return match{}, false
	}
	for i++; isDigit(l.at(i)); i++ {
	}
	if l.eof(i) {
		return l.bingo(tHost, i)
	}
	return l.hostEnd(i)
}

func (l *lexer) hostFirstAN(i int) (match, bool) {
	if c := l.at(i); isDigit(c) || isAscLet(c) {
		return l.host(i + 1)
	}
	return match{}, false
}

func (l *lexer) host(i int) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		switch {
		case isDigit(c) || isAscLet(c):
			continue
		case c == '@':
			return l.email(i + 1)
		case c == '.':
			return l.hostFirstDomain(i + 1)
		case c == '-' || c == '_':
			return l.hostFirstAN(i + 1)
		}
		return match{}, false
	}
}

func (l *lexer) email(i int) (match, bool) {
	if l.stopHost() {
		return match{}, false
	}
	// The part after '@' must read as a host token on its own.
	sub := &lexer{r: l.r, pos: i, start: i, wanthost: true}
	if m, ok := sub.base(i); ok && m.typ == tHost {
		return l.bingo(tEmail, m.end)
	}
	return match{}, false
}

// urlChars counts the URL characters from i.
func (l *lexer) urlChars(i int) int {
	n := 0
	for isURLChar(l.at(i + n)) {
		n++
	}
	return n
}

func (l *lexer) urlPath(i int) (match, bool) {
	if i > len(l.r) {
		i = len(l.r)
	}
	return l.bingo(tURLPath, i+l.urlChars(i))
}

func (l *lexer) protocolFirst(i int) (match, bool) {
	if l.at(i) == '/' && l.at(i+1) == '/' {
		return l.bingo(tProtocol, i+2)
	}
	return match{}, false
}

// ---- file names ----

func isFileChar(c rune) bool { return isAscLet(c) || isDigit(c) || c == '_' }

func (l *lexer) fileFirst(i int) (match, bool) {
	switch c := l.at(i); {
	case isFileChar(c):
		return l.file(i + 1)
	case c == '.':
		return l.pathFirst(i + 1)
	case c == '~':
		return l.fileTwiddle(i + 1)
	}
	return match{}, false
}

func (l *lexer) fileTwiddle(i int) (match, bool) {
	switch c := l.at(i); {
	case isFileChar(c):
		return l.file(i + 1)
	case c == '/':
		return l.fileFirst(i + 1)
	}
	return match{}, false
}

func (l *lexer) pathFirst(i int) (match, bool) {
	switch c := l.at(i); {
	case isFileChar(c):
		return l.file(i + 1)
	case c == '.':
		return l.pathSecond(i + 1)
	case c == '/':
		return l.fileFirst(i + 1)
	}
	return match{}, false
}

func (l *lexer) pathFirstFirst(i int) (match, bool) {
	switch l.at(i) {
	case '.':
		return l.pathSecond(i + 1)
	case '/':
		return l.fileFirst(i + 1)
	}
	return match{}, false
}

// pathSecond follows "./" or "../".
func (l *lexer) pathSecond(i int) (match, bool) {
	c := l.at(i)
	switch {
	case l.eof(i) || isSpace(c):
		return l.bingo(tFile, i)
	case c == '/':
		if m, ok := l.fileFirst(i + 1); ok {
			return m, true
		}
		return l.bingo(tFile, i)
	}
	return match{}, false
}

func (l *lexer) file(i int) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		switch {
		case isAscLet(c) || isDigit(c) || c == '_' || c == '-':
			continue
		case c == '.':
			if m, ok := l.fileNext(i + 1); ok {
				return m, true
			}
		case c == '/':
			if m, ok := l.fileFirst(i + 1); ok {
				return m, true
			}
		}
		return l.bingo(tFile, i)
	}
}

func (l *lexer) fileNext(i int) (match, bool) {
	if isFileChar(l.at(i)) {
		return l.file(i + 1)
	}
	return match{}, false
}

// ---- hyphenated words ----

func (l *lexer) hyphenAsciiWordFirst(i int) (match, bool) {
	switch c := l.at(i); {
	case isAscLet(c):
		return l.hyphenWord(i+1, tAsciiHWord)
	case isAlpha(c):
		return l.hyphenWord(i+1, tHWord)
	case isDigit(c):
		return l.hyphenDigitLookahead(i + 1)
	}
	return match{}, false
}

func (l *lexer) hyphenWordFirst(i int) (match, bool) {
	switch c := l.at(i); {
	case isAlpha(c):
		return l.hyphenWord(i+1, tHWord)
	case isDigit(c):
		return l.hyphenDigitLookahead(i + 1)
	}
	return match{}, false
}

// hyphenWord reads a hyphenated word of letters: all ASCII so far if t is tAsciiHWord.
func (l *lexer) hyphenWord(i int, t tokType) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		switch {
		case l.eof(i):
			return l.compound(t, i)
		case t == tAsciiHWord && isAscLet(c):
		case isAlpha(c) || isSpecial(c):
			t = tHWord
		case isDigit(c):
			return l.hyphenNumWord(i + 1)
		case c == '-':
			next := l.hyphenWordFirst
			if t == tAsciiHWord {
				next = l.hyphenAsciiWordFirst
			}
			if m, ok := next(i + 1); ok {
				return m, true
			}
			return l.compound(t, i)
		default:
			return l.compound(t, i)
		}
	}
}

func (l *lexer) hyphenNumWordFirst(i int) (match, bool) {
	switch c := l.at(i); {
	case isAlpha(c):
		return l.hyphenNumWord(i + 1)
	case isDigit(c):
		return l.hyphenDigitLookahead(i + 1)
	}
	return match{}, false
}

func (l *lexer) hyphenNumWord(i int) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		switch {
		case l.eof(i):
			return l.compound(tNumHWord, i)
		case isAlnum(c) || isSpecial(c):
		case c == '-':
			if m, ok := l.hyphenNumWordFirst(i + 1); ok {
				return m, true
			}
			return l.compound(tNumHWord, i)
		default:
			return l.compound(tNumHWord, i)
		}
	}
}

// hyphenDigitLookahead: after "-" and digits, a hyphenated word goes on only if a letter follows.
func (l *lexer) hyphenDigitLookahead(i int) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		switch {
		case isDigit(c):
		case isAlpha(c) || isSpecial(c):
			return l.hyphenNumWord(i + 1)
		default:
			return match{}, false
		}
	}
}

// parseHyphen reads the parts of a hyphenated word, from its start again.
func (l *lexer) parseHyphen(i int) (match, bool) {
	c := l.at(i)
	switch {
	case isAscLet(c):
		return l.hyphenPart(i+1, tHWordAsciiPart)
	case isAlpha(c):
		return l.hyphenPart(i+1, tHWordPart)
	case isDigit(c):
		j := i + 1
		for isDigit(l.at(j)) {
			j++
		}
		if c := l.at(j); isAlpha(c) || isSpecial(c) {
			return l.hyphenPart(j+1, tHWordNumPart)
		}
	case c == '-':
		if c := l.at(i + 1); isAlnum(c) || isSpecial(c) {
			return match{tBlank, i + 1, i + 1, stParseHyphen}, true
		}
	}
	return l.base(i)
}

func (l *lexer) hyphenPart(i int, t tokType) (match, bool) {
	for ; ; i++ {
		c := l.at(i)
		switch {
		case l.eof(i):
			return match{t, i, i, stBase}, true
		case t == tHWordAsciiPart && isAscLet(c):
		case t != tHWordNumPart && (isAlpha(c) || isSpecial(c)):
			t = tHWordPart
		case isAlnum(c) || isSpecial(c):
			t = tHWordNumPart
		default:
			return match{t, i, i, stParseHyphen}, true
		}
	}
}
