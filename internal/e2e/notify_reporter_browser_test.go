package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/browsertest"
)

// TestLeaveAnAddressForAReplyWithTheKeyboard: in a real browser, with key events only, a reporter
// who types an address while "anonymous" is still chosen gets the form back (HTTP 400) with the
// reason an address can identify them, and nothing is filed; choosing "confidential" files the
// report with the address, and the acknowledgement brings exactly one e-mail (mailpit). On their
// case page a malformed address is refused (HTTP 400) and changes nothing; removing the address
// stops the e-mails, and a new one gets the next reply. axe-core checks each of these pages.
func TestLeaveAnAddressForAReplyWithTheKeyboard(t *testing.T) {
	axe, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("the vendored axe-core is missing (run scripts/fetch-axe): %v", err)
	}
	mp := startMailpit(t)
	s := startServerWith(t, t.TempDir(), "", mp.serverFlags("--dev")...)
	annaID := s.createAdviser(t, "anna", "Anna de Vries")
	anna := s.tokenFor(t, "anna", "adviser")
	intake := s.tokenFor(t, "ivo", "intake")
	tb := startBrowser(t, s, 90*time.Second)
	k := &keyboard{tab: tb, reported: map[string]bool{}}
	c := &checker{tab: tb, axe: string(axe), dir: browsertest.ArtefactDir(t), found: &axeFound{incomplete: map[string][]string{}}}
	addr, addr2 := "melder-"+randHex(6)+"@reporter.example", "nieuw-"+randHex(6)+"@reporter.example"

	k.open("nl/report", "/nl/melden", 200)
	k.skipToContent()
	k.tabTo("#category", 3)
	k.press(kb.ArrowDown)
	k.tabTo("#description", 1)
	k.press("Mijn leidinggevende maakt in het teamoverleg steeds opmerkingen over mijn afkomst.")
	k.tabTo(`button[name="step"][value="next"]`, 3)
	k.pressTo("nl/report-step-2", 200, kb.Enter)
	k.skipToContent()
	k.tabTo(`button[name="step"][value="next"]`, 10)
	k.pressTo("nl/report-step-3", 200, kb.Enter)
	k.skipToContent()
	k.tabTo("#anonymity-anonymous", 8)
	if v := eval[string](k.tab, `document.getElementById("notify_email").value`); v != "" {
		t.Fatalf("%s: the address field starts with %q, want empty", k.page, v)
	}
	if txt := k.text(); !strings.Contains(txt, "e-maildienst") {
		t.Errorf("%s: the form does not say why an address can identify an anonymous reporter", k.page)
	}
	k.tabTo("#notify_email", 4)
	k.press(addr)
	k.tabTo(`button[name="step"][value="review"]`, 3)
	k.pressTo("nl/report-anonymous-with-address", 400, kb.Enter)
	if !eval[bool](k.tab, `document.getElementById("notify_email").getAttribute("aria-invalid") === "true"`) {
		t.Errorf("%s: the address field is not marked aria-invalid", k.page)
	}
	if txt := k.text(); !strings.Contains(txt, "Bij een anonieme melding bewaren wij geen e-mailadres") {
		t.Errorf("%s: the reason is not shown:\n%s", k.page, txt)
	}
	c.axeCheck()
	if n := len(s.listCases(t, intake)); n != 0 {
		t.Fatalf("an anonymous report with an address was filed (%d cases)", n)
	}

	// Confidential, with a name: the address is kept. The refused form starts with the focus
	// on its error summary (the first Tab reaches the summary's link to the address field).
	if f := k.focus("#foutmeldingen"); !f.Matches {
		t.Fatalf("%s: the refused form has the focus on %s, want the error summary", k.page, f.Desc)
	}
	k.tabTo(`#foutmeldingen a[href="#notify_email"]`, 1)
	k.tabTo("#anonymity-anonymous", 12)
	k.press(kb.ArrowDown)
	k.tabTo("#name", 1)
	k.press("R. Melder")
	if v := eval[string](k.tab, `document.getElementById("notify_email").value`); v != addr {
		t.Fatalf("%s: the address field reads %q, want the address typed", k.page, v)
	}
	k.tabTo(`button[name="step"][value="review"]`, 4)
	k.pressTo("nl/review", 200, kb.Enter)
	if txt := k.text(); !strings.Contains(txt, addr) {
		t.Fatalf("%s: the review does not show the address:\n%s", k.page, txt)
	}
	k.tabTo(`button[name="step"][value="send"]`, 20)
	k.pressTo("nl/receipt", 200, " ")
	code := strings.Join(strings.Fields(eval[string](k.tab, `document.getElementById("receipt-code").textContent`)), "")
	ref := referencePattern.FindString(k.text())
	if !receiptCodePattern.MatchString(code) || ref == "" {
		t.Fatalf("%s: receipt code %q, reference %q", k.page, code, ref)
	}
	if _, err := s.cases.AcknowledgeCase(ctx(t, intake), &pb.AcknowledgeCaseRequest{CaseReference: ref, Message: "Ontvangen."}); err != nil {
		t.Fatal(err)
	}
	if got := mp.await(t, 1, "the acknowledgement"); got[0].To[0].Address != addr {
		t.Fatalf("the e-mail went to %s, want the reporter's address", got[0].To[0].Address)
	}

	// The case page: the address is set (not shown); a malformed one is refused.
	k.open("nl/follow-up", "/nl/opvolgen", 200)
	k.skipToContent()
	k.tabTo("#code", 3)
	k.press(code)
	k.pressTo("nl/my-report", 200, kb.Enter)
	if txt := k.text(); !strings.Contains(txt, "U krijgt een e-mail zonder inhoud") || strings.Contains(txt, addr) {
		t.Fatalf("%s: the page does not say an address is set, or shows it:\n%s", k.page, txt)
	}
	c.axeCheck()
	k.skipToContent()
	k.tabTo("#email", 30)
	k.press("geen adres")
	k.tabTo(`button[name="action"][value="save"]`, 2)
	k.pressTo("nl/my-report-bad-address", 400, kb.Enter)
	if !eval[bool](k.tab, `document.getElementById("email").getAttribute("aria-invalid") === "true"`) {
		t.Errorf("%s: the address field is not marked aria-invalid", k.page)
	}
	if txt := k.text(); !strings.Contains(txt, "U krijgt een e-mail zonder inhoud") {
		t.Errorf("%s: after a refused address the stored one is gone", k.page)
	}
	c.axeCheck()

	// The error summary has the focus; its link, followed with Enter, leads into the field.
	if f := k.focus("#foutmeldingen"); !f.Matches {
		t.Fatalf("%s: the refused form has the focus on %s, want the error summary", k.page, f.Desc)
	}
	k.tabTo(`#foutmeldingen a[href="#email"]`, 1)
	k.press(kb.Enter)
	// (The browser moves the focus to the link's target as it scrolls there, a moment later.)
	f := k.focus("#email")
	for i := 0; i < 20 && !f.Matches; i++ {
		time.Sleep(50 * time.Millisecond)
		f = k.focus("#email")
	}
	if !f.Matches {
		t.Fatalf("%s: Enter on the summary's link left the focus on %s, want the address field", k.page, f.Desc)
	}

	// Removed: the next reply brings nothing.
	k.tabTo(`button[name="action"][value="remove"]`, 30)
	k.pressTo("nl/my-report-removed", 200, kb.Enter)
	if txt := k.text(); !strings.Contains(txt, "Uw e-mailadres is verwijderd") {
		t.Fatalf("%s: no confirmation of the removal:\n%s", k.page, txt)
	}
	c.axeCheck()
	cur, err := s.cases.GetCase(ctx(t, intake), &pb.GetCaseRequest{CaseReference: ref})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.cases.AssignAdviser(ctx(t, intake), &pb.AssignAdviserRequest{CaseReference: ref, AdviserId: annaID, Version: cur.GetCase().GetVersion()}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.cases.SendCaseMessage(ctx(t, anna), &pb.SendCaseMessageRequest{CaseReference: ref, Body: "Een vraag."}); err != nil {
		t.Fatal(err)
	}
	mp.await(t, 1, "a reply after the address was removed")

	// A new address: the next reply goes there. (The page opened at its section: the first Tab
	// reaches the field.)
	k.tabTo("#email", 30)
	k.press(addr2)
	k.tabTo(`button[name="action"][value="save"]`, 2)
	k.pressTo("nl/my-report-saved", 200, kb.Enter)
	if txt := k.text(); !strings.Contains(txt, "Uw e-mailadres is bewaard") {
		t.Fatalf("%s: no confirmation of the new address:\n%s", k.page, txt)
	}
	if _, err := s.cases.SendCaseMessage(ctx(t, anna), &pb.SendCaseMessageRequest{CaseReference: ref, Body: "Nog een vraag."}); err != nil {
		t.Fatal(err)
	}
	got := mp.await(t, 2, "a reply after a new address was saved")
	if got[0].To[0].Address != addr2 && got[1].To[0].Address != addr2 {
		t.Fatalf("no e-mail to the new address")
	}
}
