// Package dutch turns text into the lexemes that PostgreSQL's full-text search would index for it.
// The precedent library indexes and queries these lexemes on both databases (the databases only
// store and read them); that they equal PostgreSQL's keeps libraries indexed by PostgreSQL's
// to_tsvector in earlier versions valid without re-indexing.
//
// # Why the lexemes are the same
//
// to_tsvector('dutch', text) does three things, and Terms does each of them the same way:
//
//  1. The default parser splits the text into typed tokens. lexer.go reproduces that parser's
//     state machine (src/backend/tsearch/wparser_def.c): words of letters (accented letters
//     included), numbers, decimals and versions ("1.5", "1.2.3"), hyphenated words (the whole
//     compound and then each part: "wijk-team" gives wijk-team, wijk and team), e-mail addresses,
//     host names ("utrecht.nl", but also "zegt.Hij" without a space after the full stop), URLs (the
//     URL, its host and its path), file names ("en/of"), XML tags and entities (skipped). An
//     apostrophe is a separator: "collega's" gives collega and s, "zo'n" gives zo (a stop word)
//     and n.
//  2. Each token type goes to the dictionary that the configuration maps it to (the 'dutch' and
//     'english' configurations map them alike): words and the letter parts of hyphenated words to
//     the Snowball dictionary (dutch_stem or english_stem), which lower-cases, drops stop words
//     (PostgreSQL's own lists, embedded here unchanged) and stems; numbers, hosts, e-mail
//     addresses, URLs, file names and words with digits ("covid19", "3e") to 'simple', which only
//     lower-cases. Blanks, tags, entities and "https://" are not indexed.
//  3. Tokens of 2047 bytes or more are dropped (PostgreSQL: "word is too long to be indexed");
//     words longer than 1000 bytes are lower-cased but not stemmed.
//
// The stemmers are the Snowball ones of github.com/blevesearch/snowballstem, generated from the
// same Snowball sources as PostgreSQL 15's; the tests compare them with ts_lexize word by word
// and the whole of Terms with to_tsvector on a real PostgreSQL.
//
// Neither PostgreSQL nor Terms removes accents: "café" stays café (the Dutch stemmer itself
// folds á ä é ë í ï ó ö ú ü to plain vowels, and only those, so "financiële" and "financiele"
// meet, but "è" stays). "ij" is two letters; the ligature "ĳ" (U+0133) is another letter and
// is not mapped to "ij". Capitals are lower-cased, accented ones too.
//
// # The database must have a UTF-8 LC_CTYPE
//
// The equivalence holds for a UTF-8 database whose LC_CTYPE is a UTF-8 locale (en_US.utf8, the
// default of the postgres Docker image; nl_NL.utf8; C.UTF-8). A database created with LC_CTYPE C
// (initdb --no-locale) parses differently: there every non-ASCII character counts as a letter,
// so curly quotes, dashes and bullets stick to the words next to them ("’organisatie"), and
// capitals outside ASCII are not lower-cased ("ÉÉN" stays ÉÉn).
package dutch

import (
	"bufio"
	_ "embed"
	"strings"

	"github.com/blevesearch/snowballstem"
	snowballdutch "github.com/blevesearch/snowballstem/dutch"
	snowballenglish "github.com/blevesearch/snowballstem/english"
)

// Stop word lists, copied unchanged from PostgreSQL 15 (share/tsearch_data/dutch.stop and
// english.stop), which distributes them under the PostgreSQL Licence; see NOTICE.
var (
	//go:embed stop_dutch.txt
	stopDutchFile string
	//go:embed stop_english.txt
	stopEnglishFile string
)

// language is a text search configuration: a Snowball stemmer and its stop words. The values
// below are built once and only read afterwards.
type language struct {
	config string
	stem   func(*snowballstem.Env) bool
	stop   map[string]bool
}

var (
	langDutch   = &language{config: "dutch", stem: snowballdutch.Stem, stop: stopWords(stopDutchFile)}
	langEnglish = &language{config: "english", stem: snowballenglish.Stem, stop: stopWords(stopEnglishFile)}
)

// stopWords reads a stop word file as PostgreSQL does: a word per line, up to the first space,
// lower-cased; empty lines are skipped.
func stopWords(file string) map[string]bool {
	set := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(file))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) > 0 {
			set[strings.ToLower(f[0])] = true
		}
	}
	return set
}

func lang(code string) *language {
	if strings.EqualFold(strings.TrimSpace(code), "en") {
		return langEnglish
	}
	return langDutch
}

// Config returns the PostgreSQL text search configuration (regconfig) for a language code: "english"
// for "en", otherwise "dutch".
func Config(code string) string { return lang(code).config }

// Limits of PostgreSQL: tokens this long or longer are not indexed (MAXSTRLEN + 1), and the
// Snowball dictionary does not stem words longer than maxStemBytes.
const (
	maxTokenBytes = 2047
	maxStemBytes  = 1000
)

// Terms returns the lexemes PostgreSQL's text search configuration for code ("nl" → 'dutch',
// "en" → 'english', anything else → 'dutch') would produce for text, in order of appearance, with
// duplicates kept (callers may dedupe). Stop words are dropped; words are stemmed with the
// Snowball stemmer of that language. The multiset of the result equals that of the lexemes
// (with one entry per position) of to_tsvector(Config(code), text) in a UTF-8 database.
func Terms(code, text string) []string {
	lg := lang(code)
	l := &lexer{r: []rune(text)}
	var terms []string
	var env *snowballstem.Env
	lastURL := -1
	for {
		start := l.pos
		typ, tok, ok := l.token()
		if !ok {
			return terms
		}
		if typ == tURL {
			// A URL is read again from its start (as host and path); never twice.
			if start == lastURL {
				l.pos, l.state = start+len(tok), stBase
			}
			lastURL = start
		}
		s := string(tok)
		if len(s) >= maxTokenBytes {
			continue
		}
		switch typ {
		case tAsciiWord, tWord, tAsciiHWord, tHWord, tHWordPart, tHWordAsciiPart:
			low := strings.ToLower(s)
			switch {
			case len(s) > maxStemBytes:
				terms = append(terms, low)
			case low == "" || lg.stop[low]:
			default:
				if env == nil {
					env = snowballstem.NewEnv(low)
				} else {
					env.SetCurrent(low)
				}
				lg.stem(env)
				terms = append(terms, env.Current())
			}
		case tBlank, tTag, tProtocol, tEntity:
		default:
			terms = append(terms, strings.ToLower(s))
		}
	}
}
