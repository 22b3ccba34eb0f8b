package lexicon

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func has(ev []Evidence, kind, code, word string) bool {
	return slices.ContainsFunc(ev, func(e Evidence) bool {
		return e.Kind == kind && e.Code == code && strings.Contains(e.Words, word)
	})
}

func TestAnalyzeFindsFactsInCompoundsInflectionsAndPhrases(t *testing.T) {
	ev := Analyze("De stagiaire met een hoofddoekje werd door haar leidinggevende keer op keer racistisch uitgescholden; de burger meent dat; een homo-collega werd genegeerd.")
	for _, w := range []struct{ kind, code, word string }{
		{Ground, "RELIGION", "hoofddoekje"},
		{Category, "DISCRIMINATION", "racistisch"},
		{Aggravating, "VULNERABLE_VICTIM", "stagiaire"},
		{Aggravating, "ABUSE_OF_POSITION", "leidinggevende"},
		{Aggravating, "REPEATED_CONDUCT", "keer op keer"},
		{Aggravating, "PUBLIC_HARM", "burger"},
		{Findings, NotProven, "meent"},
		{Ground, "SEXUAL_ORIENTATION", "homo"},
		{Category, "BULLYING", "genegeerd"},
	} {
		if !has(ev, w.kind, w.code, w.word) {
			t.Errorf("%s %s from %q not found: %+v", w.kind, w.code, w.word, ev)
		}
	}
	if has(Analyze("Een medewerker nam een fles wijn aan."), Category, "DISCRIMINATION", "") {
		t.Error("discrimination read from a text about a gift")
	}
}

func TestParaphrasesAndGenericWords(t *testing.T) {
	var forms []string
	for _, p := range Paraphrases("uitscheld") {
		forms = append(forms, p.Form)
	}
	if !slices.Contains(forms, "beledigen") && !slices.Contains(forms, "beledigd") {
		t.Errorf("paraphrases of uitschelden: %v", forms)
	}
	for _, w := range []string{"goed", "nooit", "inmiddel"} {
		if !Generic("nl", w) {
			t.Errorf("%q is not generic", w)
		}
	}
	if Generic("nl", "hoofddoek") {
		t.Error("hoofddoek is generic")
	}
}

func BenchmarkAnalyzeLongText(b *testing.B) {
	text := strings.Repeat("Een medewerker van de afdeling heeft een inwoner aan de balie uitgescholden en gezegd dat hij terug moest naar zijn eigen land. ", 150)
	for b.Loop() {
		Analyze(text)
	}
}

func TestCompoundsAreReadByTheirListedParts(t *testing.T) {
	if got := Parts("sollicitatiebrieven"); !slices.Contains(got, "sollicitatie") {
		t.Errorf("sollicitatiebrieven: %v", got)
	}
	if got := Parts("moslimvrouwen"); !slices.Contains(got, "moslim") {
		t.Errorf("moslimvrouwen: %v", got)
	}
	if got := Parts("loketmedewerker"); len(got) != 0 { // listed itself
		t.Errorf("loketmedewerker: %v", got)
	}
}

// A text that says the conduct happened once does not read as repeated conduct, though it uses a
// word that elsewhere means repetition ("bleef"); the denial is returned with its words.
func TestOneOffDeniesRepetition(t *testing.T) {
	text := "Tijdens een ruzie gaf hij zijn collega een duw; het bleef bij die ene keer."
	if ev := Analyze(text); has(ev, Aggravating, "REPEATED_CONDUCT", "") {
		t.Errorf("repetition read from a one-off: %+v", ev)
	}
	if d := Denied(text); !has(d, Aggravating, "REPEATED_CONDUCT", "die ene keer") {
		t.Errorf("Denied(%q) = %+v, want REPEATED_CONDUCT from 'die ene keer'", text, d)
	}
	if ev := Analyze("Hij bleef haar berichten sturen."); !has(ev, Aggravating, "REPEATED_CONDUCT", "bleef") {
		t.Errorf("repetition not read from 'bleef' without a denial: %+v", ev)
	}
}

// A compound names what its last part names: "afdelingschef" is a manager; "kraakpers" (a refuse
// truck's compactor) is no press.
func TestACompoundNamesWhatItsLastPartNames(t *testing.T) {
	has := func(text, kind, code string) bool {
		for _, e := range Analyze(text) {
			if e.Kind == kind && e.Code == code {
				return true
			}
		}
		return false
	}
	if !has("De afdelingschef zette haar voor schut.", Aggravating, "ABUSE_OF_POSITION") {
		t.Error("afdelingschef is not read as a manager")
	}
	if !has("Hij stuurde haar naaktfotootjes.", Category, "SEXUAL_HARASSMENT") {
		t.Error("a prefix cue no longer matches")
	}
	if has("De kraakpers van de wagen liep vast.", Aggravating, "PUBLIC_HARM") {
		t.Error("kraakpers is read as the press")
	}
}

// A compound's last parts are cut between letters: a word with é or ë gives whole letters only.
func TestCompoundTailsCutBetweenLetters(t *testing.T) {
	got := CompoundTails("coördinatie", 4)
	want := []string{"dinatie", "inatie", "natie", "atie"}
	if !slices.Equal(got, want) {
		t.Errorf("CompoundTails = %q, want %q", got, want)
	}
	for _, tail := range CompoundTails("privéaccount", 4) {
		if !utf8.ValidString(tail) {
			t.Errorf("tail %q is not whole letters", tail)
		}
	}
}
