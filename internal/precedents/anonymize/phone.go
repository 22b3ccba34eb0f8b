package anonymize

import (
	"strings"
	"unicode/utf8"
)

// findPhones finds telephone numbers. It reads runs of digit groups joined by short separators
// (space, hyphen, dot, slash, parentheses: "06-1234 5678", "(030) 286 00 00", "+31 (0)6
// 12345678") and, from the left, takes the longest sequence of groups whose digits form a
// number:
//
//   - Dutch: 0 and nine digits, not 00 (06 mobile, 030 Utrecht, 0172 …);
//   - Dutch in international form: +31 or 0031, an optional (0), nine digits;
//   - other international: + or 00 and a country code, 8 to 15 digits in all;
//   - service numbers: 0800, 0900, 0906, 0909 and four to seven digits.
//
// The municipal short number "14 030" (14 and the area code) and 112 are no personal data and
// stay; so do dates, amounts and years, whose digits do not fit these forms.
func findPhones(text string, out []span) []span {
	type group struct{ start, end int }
	var groups []group
	for i := 0; i < len(text); {
		c := text[i]
		if !isDigitByte(c) && c != '+' && c != '(' {
			i++
			continue
		}
		if i > 0 {
			if r, _ := utf8.DecodeLastRuneInString(text[:i]); isWordRune(r) || r == '+' {
				i = skipRun(text, i)
				continue
			}
		}
		runStart := i
		plus := false
		j := i
		if text[j] == '+' {
			plus = true
			j++
		}
		if j < len(text) && text[j] == '(' {
			j++
		}
		if j >= len(text) || !isDigitByte(text[j]) {
			i = j
			if i == runStart {
				i++
			}
			continue
		}
		groups = groups[:0]
		for {
			gs := j
			for j < len(text) && isDigitByte(text[j]) {
				j++
			}
			groups = append(groups, group{gs, j})
			k := j
			for k < len(text) && k-j < 3 && strings.IndexByte(" -./()", text[k]) >= 0 {
				k++
			}
			if k == j || k >= len(text) || !isDigitByte(text[k]) || len(groups) >= 12 {
				break
			}
			j = k
		}
		for a := 0; a < len(groups); {
			best := -1
			var digits strings.Builder
			for b := a; b < len(groups) && digits.Len() <= 16; b++ {
				digits.WriteString(text[groups[b].start:groups[b].end])
				if validPhone(digits.String(), plus && a == 0) {
					best = b
				}
			}
			if best < 0 {
				a++
				continue
			}
			s, e := groups[a].start, groups[best].end
			switch {
			case a == 0:
				s = runStart
				if !plus && s < groups[0].start && (groups[0].end >= len(text) || text[groups[0].end] != ')') {
					s = groups[0].start // "(06-12345678)": the parenthesis is prose
				}
			case text[s-1] == '(' && s-1 > groups[a-1].end && groups[a].end < len(text) && text[groups[a].end] == ')':
				s--
			}
			out = append(out, span{s, e, kPhone})
			a = best + 1
		}
		i = j
	}
	return out
}

// skipRun skips the digits and separators that continue a word ("A0417 1643"), so no number is
// read from its middle.
func skipRun(text string, i int) int {
	for i < len(text) && (isDigitByte(text[i]) || text[i] == '+' || text[i] == '(') {
		i++
	}
	return max(i, 1)
}

func validPhone(d string, plus bool) bool {
	n := len(d)
	intl := plus
	if !plus && strings.HasPrefix(d, "00") {
		d, n, intl = d[2:], n-2, true
	}
	if intl {
		if strings.HasPrefix(d, "31") {
			rest := d[2:]
			if len(rest) == 10 && rest[0] == '0' {
				rest = rest[1:]
			}
			return len(rest) == 9 && rest[0] != '0'
		}
		return n >= 8 && n <= 15 && d[0] != '0'
	}
	if n == 10 && d[0] == '0' && d[1] != '0' {
		return true
	}
	if n >= 8 && n <= 11 && (strings.HasPrefix(d, "0800") || strings.HasPrefix(d, "0900") ||
		strings.HasPrefix(d, "0906") || strings.HasPrefix(d, "0909")) {
		return true
	}
	return false
}
