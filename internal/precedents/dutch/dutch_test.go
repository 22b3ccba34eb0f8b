package dutch_test

import (
	"database/sql"
	"fmt"
	"math/rand"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lib/pq"

	"github.com/utrecht/meldpunt/internal/pgtest"
	"github.com/utrecht/meldpunt/internal/precedents/dutch"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// known are normalisations typical of integrity cases, as PostgreSQL 15 gives them
// (to_tsvector lexemes in position order). TestAgainstPostgres checks them there too.
var known = []struct {
	lang, text string
	want       []string
}{
	{"nl", "discriminatie", []string{"discriminatie"}},
	{"nl", "discrimineren", []string{"discriminer"}},
	// The Dutch Snowball stemmer leaves past participles alone: "gediscrimineerd" and "gepest"
	// do not meet "discrimineren" and "pesten", in PostgreSQL as here.
	{"nl", "gediscrimineerd", []string{"gediscrimineerd"}},
	{"nl", "pesten", []string{"pest"}},
	{"nl", "gepest", []string{"gepest"}},
	{"nl", "opmerkingen", []string{"opmerk"}},
	{"nl", "collega's", []string{"collega", "s"}},
	{"nl", "leidinggevende", []string{"leidinggev"}},
	{"nl", "afkomst", []string{"afkomst"}},
	{"nl", "huidskleur", []string{"huidskleur"}},
	{"nl", "seksuele intimidatie", []string{"seksuel", "intimidatie"}},
	{"nl", "ongewenste omgangsvormen", []string{"ongewenst", "omgangsvorm"}},
	{"nl", "berisping", []string{"berisp"}},
	{"nl", "ontslag op staande voet", []string{"ontslag", "staand", "voet"}},
	{"nl", "wijkteam-collega", []string{"wijkteam-collega", "wijkteam", "collega"}},
	{"nl", "vertrouwenspersoon", []string{"vertrouwensperson"}},
	{"nl", "integriteitsschending", []string{"integriteitsschend"}},
	{"nl", "klokkenluider", []string{"klokkenluider"}},
	{"nl", "belangenverstrengeling", []string{"belangenverstrengel"}},
	{"nl", "nevenwerkzaamheden", []string{"nevenwerkzam"}},
	{"nl", "geheimhouding", []string{"geheimhoud"}},
	{"nl", "machtsmisbruik", []string{"machtsmisbruik"}},
	{"nl", "schriftelijke waarschuwing", []string{"schriftelijk", "waarschuw"}},
	// An apostrophe separates; "zo" is a stop word.
	{"nl", "zo'n auto's", []string{"n", "auto", "s"}},
	// Capitals are lower-cased, accented ones too; the stop word check comes before stemming.
	{"nl", "ÉÉN Één één", []string{"een", "een", "een"}},
	// No accent removal by PostgreSQL, but the Dutch stemmer folds é ë ï (and á ä í ó ö ú ü).
	{"nl", "café naïef financiële", []string{"caf", "naief", "financiel"}},
	// "ij" is two letters; the ligature ĳ stays a letter of its own.
	{"nl", "Ĳsselmeer IJsselmeer", []string{"ĳsselmer", "ijsselmer"}},
	{"nl", "e-mail jan@utrecht.nl", []string{"e-mail", "e", "mail", "jan@utrecht.nl"}},
	{"nl", "https://www.utrecht.nl/meldpunt", []string{"www.utrecht.nl/meldpunt", "www.utrecht.nl", "/meldpunt"}},
	{"nl", "en/of", []string{"en/of"}},
	{"nl", "art. 125ter", []string{"art", "125ter"}},
	{"nl", "3,5 3.5 1e", []string{"3", "5", "3.5", "1e"}},
	{"nl", "2024-01-01", []string{"2024", "-01", "-01"}},
	{"nl", "covid-19", []string{"covid", "-19"}},
	// No space after a full stop: PostgreSQL sees a host name.
	{"nl", "zegt.Hij", []string{"zegt.hij"}},
	{"nl", "De medewerker heeft op 12 maart 2023 racistische opmerkingen gemaakt over de afkomst van een collega.",
		[]string{"medewerker", "12", "maart", "2023", "racistisch", "opmerk", "gemaakt", "afkomst", "collega"}},
	{"en", "The employee made racist remarks about a colleague's background.",
		[]string{"employe", "made", "racist", "remark", "colleagu", "background"}},
	{"en", "harassment whistleblower", []string{"harass", "whistleblow"}},
	{"en", "Sexual harassment and bullying by a team-leader", []string{"sexual", "harass", "bulli", "team-lead", "team", "leader"}},
	{"", "", nil},
}

func TestConfig(t *testing.T) {
	for code, want := range map[string]string{"nl": "dutch", "en": "english", "EN": "english", "": "dutch", "de": "dutch"} {
		if got := dutch.Config(code); got != want {
			t.Errorf("Config(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestTermsKnown(t *testing.T) {
	for _, c := range known {
		if got := dutch.Terms(c.lang, c.text); !slices.Equal(got, c.want) {
			t.Errorf("Terms(%q, %q) = %q, want %q", c.lang, c.text, got, c.want)
		}
	}
}

func TestTermsLimits(t *testing.T) {
	// Words over 1000 bytes are lower-cased but not stemmed; tokens of 2047 bytes or more are
	// dropped (PostgreSQL: "word is too long to be indexed").
	long := strings.Repeat("Ab", 501) + "en"
	if got := dutch.Terms("nl", long); len(got) != 1 || got[0] != strings.ToLower(long) {
		t.Errorf("1004-byte word: got %.20q…, want it lower-cased and unstemmed", got)
	}
	if got := dutch.Terms("nl", strings.Repeat("ab", 499)+"en"); len(got) != 1 || len(got[0]) != 998 {
		t.Errorf("1000-byte word: got %d terms, want it stemmed to 998 bytes", len(got))
	}
	if got := dutch.Terms("nl", "kort "+strings.Repeat("a", 2047)+" woord"); !slices.Equal(got, []string{"kort", "woord"}) {
		t.Errorf("2047-byte word: got %.40q, want it dropped", got)
	}
}

// ---- against PostgreSQL ----

// knownDifferences lists sentences of the test texts on which Terms may differ from PostgreSQL,
// each with the reason. It is empty: on these texts Terms agrees with PostgreSQL everywhere.
var knownDifferences = map[string]string{}

func TestAgainstPostgres(t *testing.T) {
	db := siblingDatabase(t, "utf8", "C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8", "nl_NL.UTF-8")

	t.Run("known", func(t *testing.T) {
		for _, lang := range []string{"nl", "en"} {
			var texts []string
			for _, c := range known {
				if c.lang == lang {
					texts = append(texts, c.text)
				}
			}
			compare(t, db, lang, texts)
		}
	})

	t.Run("stop words", func(t *testing.T) {
		for lang, file := range map[string]string{"nl": "stop_dutch.txt", "en": "stop_english.txt"} {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			words := strings.Fields(string(b))
			for _, w := range words {
				if got := dutch.Terms(lang, w); len(got) != 0 {
					t.Errorf("%s stop word %q gives %q", lang, w, got)
				}
			}
			compare(t, db, lang, words)
		}
	})

	t.Run("stemmers", func(t *testing.T) {
		// Every distinct word of the test texts, and made-up words with the endings the
		// stemmers deal with, one at a time (the Snowball versions must agree).
		for _, lang := range []string{"nl", "en"} {
			words := map[string]bool{}
			for _, f := range []string{"nl_aanpak_inclusie_diversiteit.txt", "en_integrity_reporting.txt"} {
				for _, w := range regexp.MustCompile(`\pL+`).FindAllString(readTestdata(t, f), -1) {
					words[strings.ToLower(w)] = true
				}
			}
			for _, w := range madeUpWords(lang) {
				words[w] = true
			}
			list := make([]string, 0, len(words))
			for w := range words {
				list = append(list, w)
			}
			slices.Sort(list)
			n, bad := compare(t, db, lang, list)
			t.Logf("%s: %d words, %d differ", dutch.Config(lang), n, bad)
		}
	})

	for _, tc := range []struct{ lang, file string }{
		{"nl", "nl_aanpak_inclusie_diversiteit.txt"},
		{"en", "en_integrity_reporting.txt"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			text := readTestdata(t, tc.file)
			sentences := splitSentences(text)
			if words := len(strings.Fields(text)); tc.lang == "nl" && words < 2000 {
				t.Fatalf("only %d words of Dutch", words)
			}
			want := pgTerms(t, db, dutch.Config(tc.lang), sentences)
			same, lexemes, sameLexemes := 0, 0, 0
			for i, s := range sentences {
				got := dutch.Terms(tc.lang, s)
				matched := len(want[i]) - multisetDiff(got, want[i])
				lexemes += len(want[i]) + len(got) - matched // the union, as multisets
				sameLexemes += matched
				if slices.Equal(got, want[i]) {
					same++
					continue
				}
				if reason, ok := knownDifferences[s]; ok {
					t.Logf("known difference (%s) in %q:\n got  %q\n want %q", reason, s, got, want[i])
					continue
				}
				t.Errorf("sentence %d %q:\n got  %q\n want %q", i, s, got, want[i])
			}
			t.Logf("%s: %d of %d sentences (%.1f%%) and %d of %d lexemes (%.2f%%) the same as PostgreSQL's to_tsvector('%s', …)",
				tc.file, same, len(sentences), 100*float64(same)/float64(len(sentences)),
				sameLexemes, lexemes, 100*float64(sameLexemes)/float64(lexemes), dutch.Config(tc.lang))

			// The whole text at once: the same distinct lexemes (PostgreSQL keeps at most 256
			// positions per lexeme, so counts are compared per sentence above).
			got := dedupe(dutch.Terms(tc.lang, text))
			if w := dedupe(pgTerms(t, db, dutch.Config(tc.lang), []string{text})[0]); !slices.Equal(got, w) {
				t.Errorf("whole text: %d distinct lexemes, PostgreSQL %d", len(got), len(w))
			}
		})
	}

	t.Run("characters", func(t *testing.T) {
		// Each character of the Latin, Greek and Cyrillic blocks, punctuation, symbols and emoji
		// inside a word, before a digit, after a hyphen, alone and before a letter: letters,
		// word-breaking and lower-casing as PostgreSQL's (glibc's UTF-8 classes).
		var texts []string
		for _, r := range [][2]rune{{0x80, 0x52f}, {0x1e00, 0x1fff}, {0x2000, 0x2bff}, {0x3000, 0x303f},
			{0xfb00, 0xfb4f}, {0xfe00, 0xfe6f}, {0xff00, 0xffef}, {0x1f300, 0x1faff}} {
			for c := r[0]; c <= r[1]; c++ {
				s := string(c)
				texts = append(texts, "x"+s+"x "+s+"1 -"+s+" "+s+"é "+strings.ToUpper(s)+"a")
			}
		}
		_, bad := compare(t, db, "nl", texts)
		t.Logf("%d characters, %d differ", len(texts), bad)
	})

	t.Run("random", func(t *testing.T) {
		// Strings of the characters on which the parser decides between its token types:
		// hosts, e-mail addresses, URLs, files, numbers, hyphenated words, tags, entities.
		alphabet := []string{"a", "b", "e", "E", "x", "é", "ë", "1", "0", "9", "-", "-", ".", ".", "/", "@",
			":", "_", "~", "&", "#", ";", "<", ">", "!", "?", "'", "\"", "\\", " ", " ", "+", "=", "%",
			"\u0301", "’", "s", "c", "r", "i", "p", "t", "y", "l", "D", "h", "w", "nl", "\t", "\u00a0"}
		rng := rand.New(rand.NewSource(15))
		texts := make([]string, 4000)
		for i := range texts {
			var b strings.Builder
			for n := 1 + rng.Intn(24); n > 0; n-- {
				b.WriteString(alphabet[rng.Intn(len(alphabet))])
			}
			texts[i] = b.String()
		}
		_, bad := compare(t, db, "nl", texts)
		t.Logf("%d random strings, %d differ", len(texts), bad)
	})
}

// TestCLocaleDiffers documents why the equivalence needs a database with a UTF-8 LC_CTYPE: with
// LC_CTYPE C, PostgreSQL takes every non-ASCII character for a letter and lower-cases only ASCII.
func TestCLocaleDiffers(t *testing.T) {
	db := siblingDatabase(t, "c", "C")
	const text = "de ‘Nieuwe Aanpak’ — ÉÉN organisatie"
	got := dutch.Terms("nl", text)
	want := pgTerms(t, db, "dutch", []string{text})[0]
	if slices.Equal(got, want) {
		t.Fatalf("with LC_CTYPE C PostgreSQL gives %q, the same as Terms: update the package doc", want)
	}
	t.Logf("LC_CTYPE C: PostgreSQL %q, Terms %q", want, got)
}

// siblingDatabase makes a database with the first of locales (LC_COLLATE and LC_CTYPE) that the
// server knows, next to a fresh pgtest database, and returns a connection to it. Both are
// dropped when the test ends.
func siblingDatabase(t *testing.T, suffix string, locales ...string) *sql.DB {
	t.Helper()
	dsn := pgtest.NewDatabase(t, "empty", nil)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	base := strings.TrimPrefix(u.Path, "/")
	name := base[:min(len(base), 63-len(suffix)-1)] + "_" + suffix
	var errs []string
	for _, loc := range locales {
		_, err := admin.Exec(fmt.Sprintf("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE %s LC_CTYPE %s",
			pq.QuoteIdentifier(name), pq.QuoteLiteral(loc), pq.QuoteLiteral(loc)))
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		t.Cleanup(func() {
			if _, err := admin.Exec("DROP DATABASE IF EXISTS " + pq.QuoteIdentifier(name) + " WITH (FORCE)"); err != nil {
				t.Errorf("dropping %s: %v", name, err)
			}
		})
		u.Path = "/" + name
		db, err := sql.Open("postgres", u.String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		t.Logf("database %s: LC_CTYPE %s", name, loc)
		return db
	}
	t.Fatalf("cannot create a database with any of the locales %q: %s", locales, strings.Join(errs, "; "))
	return nil
}

// pgTerms returns, for each text, the lexemes of to_tsvector(config, text) in position order.
func pgTerms(t *testing.T, db *sql.DB, config string, texts []string) [][]string {
	t.Helper()
	rows, err := db.Query(`
		SELECT coalesce((SELECT array_agg(v.lexeme ORDER BY p.pos)
		                 FROM unnest(to_tsvector($1::regconfig, t.s)) v
		                 CROSS JOIN LATERAL unnest(v.positions) p(pos)), '{}')
		FROM unnest($2::text[]) WITH ORDINALITY t(s, n)
		ORDER BY t.n`, config, pq.Array(texts))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := make([][]string, 0, len(texts))
	for rows.Next() {
		var lexemes []string
		if err := rows.Scan(pq.Array(&lexemes)); err != nil {
			t.Fatal(err)
		}
		out = append(out, lexemes)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) != len(texts) {
		t.Fatalf("%d results for %d texts", len(out), len(texts))
	}
	return out
}

// compare checks Terms against to_tsvector for each text and returns how many texts there were
// and how many differed.
func compare(t *testing.T, db *sql.DB, lang string, texts []string) (n, bad int) {
	t.Helper()
	want := pgTerms(t, db, dutch.Config(lang), texts)
	for i, s := range texts {
		if got := dutch.Terms(lang, s); !slices.Equal(got, want[i]) && !(len(got) == 0 && len(want[i]) == 0) {
			bad++
			if bad <= 20 {
				t.Errorf("%s %q:\n got  %q\n want %q", lang, s, got, want[i])
			}
		}
	}
	return len(texts), bad
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// splitSentences cuts a text at blank lines and after . ! or ? followed by white space.
func splitSentences(text string) []string {
	var out []string
	for _, para := range regexp.MustCompile(`\n[ \t]*\n`).Split(text, -1) {
		start := 0
		for _, m := range regexp.MustCompile(`[.!?]\s+`).FindAllStringIndex(para, -1) {
			out = appendNonBlank(out, para[start:m[0]+1])
			start = m[0] + 1
		}
		out = appendNonBlank(out, para[start:])
	}
	return out
}

func appendNonBlank(out []string, s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		out = append(out, s)
	}
	return out
}

// multisetDiff counts the elements of want that got lacks, as multisets.
func multisetDiff(got, want []string) int {
	count := map[string]int{}
	for _, g := range got {
		count[g]++
	}
	missing := 0
	for _, w := range want {
		if count[w] > 0 {
			count[w]--
		} else {
			missing++
		}
	}
	return missing
}

func dedupe(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// madeUpWords combines stems with the endings that the Snowball rules of lang look at.
func madeUpWords(lang string) []string {
	stems := strings.Fields("werk meld onderzoek collega pest beoordel discrimin gedrag sanctie intimid " +
		"verklar integriteit besluit klacht hoor getuig leid vertrouw geheim misbruik " +
		"kat lid held heid gem ijver kaas zee boek ruïn financië café naïe pyjama yoga")
	endings := strings.Fields("en e heden s se ene end ende ing ingen ig ige lijk lijke lijkheid baar bare bar " +
		"tje tjes je jes heid heden isch ische er ers ster erij ij ies iën eën dd kk tt ld")
	if lang == "en" {
		stems = strings.Fields("report investig harass bull discrimin complain witness sanction confid " +
			"misconduct integr behav employ manag decid hear reprim dismiss suspend gener commun " +
			"sky news dy ly ski early only at univers past")
		endings = strings.Fields("s es ies ied ed eed eedly ing ingly er ers ly ness ment tion ational " +
			"ize izing iser ful fulness ousness iveness alism ism ist ity iviti biliti ement ence " +
			"ance able ible ant ent ate iti ous ive y al ic sses ss us li")
	}
	var out []string
	for _, s := range stems {
		out = append(out, s)
		for _, e := range endings {
			out = append(out, s+e)
			for _, e2 := range []string{"s", "e", "en", "ly", "ing"} {
				out = append(out, s+e+e2)
			}
		}
	}
	return out
}
