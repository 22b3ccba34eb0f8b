package anonymize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// token is a word of the text: a maximal run of letters, combining marks and digits.
type token struct {
	start, end int    // byte offsets in the text
	fold       string // folded form, see fold
	runes      int
	cap        bool // first rune is upper or title case
	allUpper   bool // every letter is upper case
	alpha      bool // letters and marks only, no digits
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// tokenize splits text into words. Invalid UTF-8 separates words.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/5)
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if (r == utf8.RuneError && size <= 1) || !isWordRune(r) {
			i += size
			continue
		}
		t := token{start: i, cap: unicode.IsUpper(r) || unicode.IsTitle(r), allUpper: true, alpha: true}
		ascii := true
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if (r == utf8.RuneError && size <= 1) || !isWordRune(r) {
				break
			}
			if r >= utf8.RuneSelf {
				ascii = false
			}
			if unicode.IsDigit(r) {
				t.alpha = false
			}
			if unicode.IsLower(r) {
				t.allUpper = false
			}
			t.runes++
			i += size
		}
		t.end = i
		t.fold = foldWord(text[t.start:t.end], ascii)
		toks = append(toks, t)
	}
	return toks
}

// fold returns s in lower case without diacritics, for comparing names: "Yılmaz", "YILMAZ" and
// "Yilmaz" all fold to "yilmaz", "Müller" to "muller".
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	return foldWord(s, ascii)
}

func foldWord(s string, ascii bool) string {
	if ascii {
		for i := 0; i < len(s); i++ {
			if c := s[i]; 'A' <= c && c <= 'Z' {
				return strings.ToLower(s)
			}
		}
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r {
		case 'ı', 'İ':
			r = 'i'
		case 'ø', 'Ø':
			r = 'o'
		case 'ł', 'Ł':
			r = 'l'
		case 'đ', 'Đ', 'ð', 'Ð':
			r = 'd'
		case 'ß', 'ẞ':
			b.WriteString("ss")
			continue
		case 'æ', 'Æ':
			b.WriteString("ae")
			continue
		case 'œ', 'Œ':
			b.WriteString("oe")
			continue
		case 'þ', 'Þ':
			b.WriteString("th")
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// softGap reports whether the text between two words keeps them in one name: one to three
// spaces, hyphens or apostrophes ("Yılmaz-Bakker", "'t Hart", "D'Souza"), no line break and no
// punctuation.
func softGap(g string) bool {
	if g == "" || len(g) > 9 {
		return false
	}
	n, marks := 0, 0
	for _, r := range g {
		n++
		switch r {
		case ' ', '\t', '\u00a0':
		case '-', '\'', '’', '‐', '‑':
			marks++
		default:
			return false
		}
	}
	return n <= 3 && marks <= 1
}

// phraseGap reports whether the text between two words of a unit or place name may separate
// them: whitespace, hyphens, apostrophes, slashes, ampersands, up to five characters.
func phraseGap(g string) bool {
	if g == "" || len(g) > 15 {
		return false
	}
	n := 0
	for _, r := range g {
		n++
		switch {
		case unicode.IsSpace(r), r == '-', r == '\'', r == '’', r == '/', r == '&', r == '‐', r == '‑', r == '+':
		default:
			return false
		}
	}
	return n <= 5
}

// sentenceInitial reports whether the word starting at pos begins a sentence, a line, a quote or
// a parenthesis, where a capital says nothing about being a name.
func sentenceInitial(text string, pos int) bool {
	for pos > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:pos])
		switch r {
		case ' ', '\t', '\u00a0':
			pos -= size
			continue
		case '.', '!', '?', '\n', '\r', '"', '“', '”', '\'', '‘', '’', '(', '[', '«', '…', '•', '*', '-', '–', '—':
			return true
		}
		return false
	}
	return true
}
