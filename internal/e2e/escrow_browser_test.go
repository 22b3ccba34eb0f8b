package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"github.com/utrecht/meldpunt/internal/browsertest"
)

// TestNotAloneWithTheKeyboard: in a real browser, with key events only, reporters in each of the
// five languages of the reporter pages sign in with their receipt code, reach "not alone" from
// their case page, search the register (a 2-letter search is refused with the field named, HTTP
// 400), pick the person, write an account and choose an adviser. The Dutch reporter withdraws an
// entry and then names the person; each later reporter, naming the same person, is told at
// once that someone else did and goes ahead. axe-core checks every state of the page.
func TestNotAloneWithTheKeyboard(t *testing.T) {
	axe, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("the vendored axe-core is missing (run scripts/fetch-axe): %v", err)
	}
	s := startServer(t, "sqlite")
	tag := strings.ToUpper(randHex(6))
	s.escrowPeople(t, tag)
	s.createAdviser(t, "anna", "Anna de Vries")
	anna := s.tokenFor(t, "anna", "adviser")
	tb := startBrowser(t, s, 240*time.Second)
	k := &keyboard{tab: tb, reported: map[string]bool{}}
	saved := keepPages(t, tb) // for the other checkers: Nu HTML Checker, pa11y, the layout
	c := &checker{tab: tb, axe: string(axe), dir: browsertest.ArtefactDir(t), found: &axeFound{incomplete: map[string][]string{}}, saved: saved}
	// look runs axe-core on the page and keeps it for the other checkers.
	look := func() {
		t.Helper()
		c.axeCheck()
		c.saved.save(c.tab)
	}

	// signIn signs in on the language's follow-up page and goes on to "not alone".
	signIn := func(lang, code string) {
		t.Helper()
		k.open(lang+"/follow-up", "/"+lang+"/opvolgen", 200)
		k.skipToContent()
		k.tabTo("#code", 3)
		k.press(code)
		k.pressTo(lang+"/my-report", 200, kb.Enter)
		k.skipToContent()
		k.tabTo(`a[href="/`+lang+`/mijn-melding/niet-alleen"]`, 40)
		k.pressTo(lang+"/not-alone", 200, kb.Enter)
		look()
	}
	// name searches, picks the one person found, writes the account and chooses the adviser
	// (lang is the prefix of the pages' names).
	name := func(lang, query, account string) {
		t.Helper()
		k.tabTo("#zoek", 30)
		k.press(query)
		k.pressTo(lang+"/not-alone-found", 200, kb.Enter)
		look()
		// The results page opens at its section (#noemen): Tab goes on from there.
		k.tabTo("#person-0", 16)
		k.press(" ")
		k.tabTo("#account", 2)
		k.press(account)
		k.tabTo("#adviser", 2)
		k.press(kb.ArrowDown)
		k.tabTo(`button[name="action"][value="deposit"]`, 2)
		k.pressTo(lang+"/not-alone-saved", 200, kb.Enter)
		look()
	}

	// Without a report: from the start page, someone names a person and is shown the receipt
	// code of their entry, once.
	k.open("nl/start", "/nl/", 200)
	k.skipToContent()
	k.tabTo(`a[href="/nl/mijn-melding/niet-alleen"]`, 30)
	k.pressTo("nl/not-alone-without-report", 200, kb.Enter)
	look()
	name("nl/without-report", "xandra", "Hij komt steeds te dicht bij mij staan.")
	if txt := k.text(); !strings.Contains(txt, "ontvangstcode van uw vermelding") {
		t.Fatalf("%s: no receipt code of the entry:\n%s", k.page, txt)
	}
	entryCode := strings.TrimSpace(eval[string](k.tab, `document.getElementById("receipt-code").textContent`))

	var refs []string
	for i, lang := range []string{"nl", "en", "ar", "pl", "tr"} {
		ref, code := s.fileAndCode(t, "a report in "+lang)
		refs = append(refs, ref)
		signIn(lang, code)
		if lang == "nl" {
			// Too short a search: refused, the field named and marked.
			k.skipToContent()
			k.tabTo("#zoek", 12)
			k.press("Xa")
			k.pressTo("nl/not-alone-short-search", 400, kb.Enter)
			if !eval[bool](k.tab, `document.getElementById("zoek").getAttribute("aria-invalid") === "true"`) {
				t.Errorf("%s: the search field is not marked aria-invalid", k.page)
			}
			look()
			// Another person first, withdrawn at once.
			k.open("nl/not-alone", "/nl/mijn-melding/niet-alleen", 200)
			name(lang, "yvo", "Hij schreeuwt in elk overleg tegen mij.")
			if txt := k.text(); !strings.Contains(txt, "Wacht: nog niemand anders") {
				t.Fatalf("%s: the entry is not shown as waiting:\n%s", k.page, txt)
			}
			// The page opens at the list of entries (#mijn-vermeldingen): Tab goes on from there.
			k.tabTo(`button[name="action"][value="withdraw"]`, 10)
			k.pressTo("nl/not-alone-withdrawn", 200, kb.Enter)
			if txt := k.text(); !strings.Contains(txt, "Uw vermelding is vernietigd") || !strings.Contains(txt, "U heeft nog geen vermeldingen") {
				t.Fatalf("%s: not withdrawn:\n%s", k.page, txt)
			}
			look()
			name(lang, "xandra", "Zij raakt mij steeds aan tijdens het werk.")
			continue
		}
		name(lang, "xandra", "The same person, account in "+lang+".")
		// Someone else (the Dutch reporter) named her: this reporter is asked and goes ahead.
		k.tabTo(`button[name="action"][value="yes"]`, 10)
		k.pressTo(lang+"/not-alone-accepted", 200, kb.Enter)
		look()
		if i >= 2 {
			if txt := k.text(); !strings.Contains(txt, refs[1]) {
				t.Errorf("%s: the reference of the English reporter, who went ahead before, is not shown:\n%s", k.page, txt)
			}
		}
	}
	// The entry's code signs in on the same page: a session on the entry only, which someone
	// else named too (the Dutch reporter); going ahead files the report then, for Anna.
	k.open("nl/follow-up-entry", "/nl/opvolgen", 200)
	k.skipToContent()
	k.tabTo("#code", 3)
	k.press(entryCode)
	k.pressTo("nl/not-alone-entry-session", 200, kb.Enter)
	look()
	if txt := k.text(); !strings.Contains(txt, "Iemand anders heeft dezelfde persoon genoemd") {
		t.Fatalf("%s: the entry is not shown as matched:\n%s", k.page, txt)
	}
	k.tabTo(`button[name="action"][value="yes"]`, 20)
	k.pressTo("nl/not-alone-entry-accepted", 200, kb.Enter)
	look()
	if n := len(s.listCases(t, anna)); n != len(refs) {
		t.Errorf("Anna has %d cases, want %d: the four who went ahead with a report and the one without", n, len(refs))
	}

	// Every reporter who went ahead is with Anna; the Dutch one, who has not answered, is not.
	got := map[string]bool{}
	for _, cs := range s.listCases(t, anna) {
		got[cs.GetCaseReference()] = true
	}
	for i, ref := range refs {
		if got[ref] != (i > 0) {
			t.Errorf("case %d (%s) with Anna: %v, want %v", i, ref, got[ref], i > 0)
		}
	}
	saved.verify(t, tb, "escrow")
}

// fileAndCode files an anonymous report over gRPC and returns its reference and receipt code.
func (s *server) fileAndCode(t *testing.T, what string) (ref, code string) {
	t.Helper()
	f := s.fileReport(t, anonymousReport(what+", long enough to file"))
	return f.GetCaseReference(), f.GetReceiptCode()
}
