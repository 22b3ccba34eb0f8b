package e2e

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/browsertest"
)

// assessedDiscriminationCase brings a discrimination report over the API to an assessed case of
// unit BO (manager mgr-bo) with a proven finding under GC-1.2, and fills the precedent library.
func (s *server) assessedDiscriminationCase(t *testing.T) string {
	t.Helper()
	s.importOrg(t)
	annaID := s.createAdviser(t, "anna", "Anna de Vries")
	anna, bert, ita := s.tokenFor(t, "anna", "adviser"), s.tokenFor(t, "mgr-bo", "manager"), s.tokenFor(t, "ita-1", "integrity_team")
	library, err := os.ReadFile("../precedents/testdata/eval/precedents.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	s.rest(t, "POST", "/v1/precedents:import", s.tokenFor(t, "hanna", "hr"), map[string]any{"format": "jsonl", "content": base64.StdEncoding.EncodeToString(library)}).want(t, 200, nil)
	req := anonymousReport("Sam maakt in het teamoverleg steeds opmerkingen over de afkomst van een collega en noemt haar een scheldnaam.")
	req.Category, req.AdviserId = pb.Category_CATEGORY_DISCRIMINATION, annaID
	filed := s.fileReport(t, req)
	ref := filed.GetCaseReference()
	session := s.openSession(t, filed.GetReceiptCode())
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	version := func(tok string) int64 {
		t.Helper()
		c, err := s.cases.GetCase(ctx(t, tok), &pb.GetCaseRequest{CaseReference: ref})
		must("get case", err)
		return c.GetCase().GetVersion()
	}
	_, err = s.reporter.GiveConsent(ctx(t, session), &pb.GiveConsentRequest{Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_FORMAL_REPORT})
	must("consent", err)
	_, err = s.cases.LinkSubject(ctx(t, anna), &pb.LinkSubjectRequest{CaseReference: ref, EmployeeNumber: "2001"})
	must("link subject", err)
	_, err = s.cases.Escalate(ctx(t, anna), &pb.EscalateRequest{CaseReference: ref, UnitCode: "BO", Version: version(anna)})
	must("escalate", err)
	_, err = s.cases.Weigh(ctx(t, bert), &pb.WeighRequest{CaseReference: ref, Outcome: pb.WeighingOutcome_WEIGHING_OUTCOME_REASONABLE_SUSPICION,
		Rationale: "Concrete opmerkingen over afkomst, in aanwezigheid van het team.", Version: version(bert),
		Checklist: &pb.WeighingChecklist{ConcreteFacts: true, Severity: pb.Severity_SEVERITY_HIGH}})
	must("weigh", err)
	_, err = s.cases.StartInvestigation(ctx(t, bert), &pb.StartInvestigationRequest{CaseReference: ref,
		Plan: &pb.InvestigationPlan{Scope: "Wat is er gezegd, tegen wie, wanneer."}, Team: []string{"ita-1"}, Version: version(bert)})
	must("start investigation", err)
	al, err := s.cases.AddAllegation(ctx(t, ita), &pb.AddAllegationRequest{CaseReference: ref, NormId: "GC-1.2", Severity: pb.Severity_SEVERITY_HIGH,
		Description: "Sam maakte in het teamoverleg denigrerende opmerkingen over de afkomst van een collega en noemde haar een scheldnaam."})
	must("allegation", err)
	_, err = s.cases.RecordHearing(ctx(t, ita), &pb.RecordHearingRequest{CaseReference: ref, HeldOn: timestamppb.New(time.Now().Add(-time.Hour)), Response: "Zo bedoelde ik het niet."})
	must("hearing", err)
	_, err = s.cases.SetFindings(ctx(t, bert), &pb.SetFindingsRequest{CaseReference: ref, Version: version(bert), Findings: []*pb.FindingInput{{
		AllegationId: al.GetAllegation().GetAllegationId(), Finding: pb.Finding_FINDING_PROVEN, Reasoning: "Vier getuigen; de betrokkene bevestigt de woorden."}}})
	must("findings", err)
	_, err = s.cases.RecordAssessment(ctx(t, ita), &pb.RecordAssessmentRequest{CaseReference: ref, Qualification: "Bewezen opmerkingen over afkomst: een schending van GC-1.2."})
	must("assessment", err)
	return ref
}

// pageCode is a code of the system as the services spell it (WRITTEN_WARNING, CAT-…, GC-1.2,
// GUIDANCE:…, a list such as [WRITTEN_WARNING, FINAL_WARNING]).
var pageCode = regexp.MustCompile(`\b[A-Z]{2,}_[A-Z_]+\b|\bCAT-|\bGC-\d|GUIDANCE|\[[A-Z_, ]+\]`)

// TestTheSanctionPageIsADecisionAid opens an assessed discrimination case's sanction page in
// real Chromium as its manager, at 1280 and at 360 px wide, with the comparable precedents of
// the library loaded: what the rules allow and recommend is said in Dutch words, without codes or
// English; the comparable cases are a table whose texts open on request; the decision form starts
// within the first two screen heights; "Feiten bekend op" has no default and is required — sent
// empty anyway, the server refuses it and the error summary leads to the field.
func TestTheSanctionPageIsADecisionAid(t *testing.T) {
	axeJS, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("the vendored axe-core is missing (run scripts/fetch-axe): %v", err)
	}
	s := startServer(t, "sqlite")
	ref := s.assessedDiscriminationCase(t)
	page := "/medewerkers/zaken/" + ref + "/sanctie"
	b := &staffTab{checker: &checker{tab: startBrowser(t, s, 180*time.Second), axe: string(axeJS), dir: browsertest.ArtefactDir(t),
		found: &axeFound{findings: []axeFinding{}, incomplete: map[string][]string{}}}, checked: map[string]bool{}}
	b.dutch()
	b.signIn("mgr-bo", "Bert Bakker", "manager")

	for _, vp := range []struct{ w, h int64 }{{1280, 800}, {phoneWidth, phoneHeight}} {
		if vp.w == phoneWidth {
			b.do("phone viewport", chromedp.EmulateViewport(vp.w, vp.h, chromedp.EmulateMobile, chromedp.EmulatePortrait))
		} else {
			b.do("desktop viewport", chromedp.EmulateViewport(vp.w, vp.h))
		}
		name := fmt.Sprintf("staff/sanction-%d", vp.w)
		b.open(name, page, 200)
		b.axeCheck()
		if vp.w == phoneWidth {
			b.phoneCheck()
		} else if shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100)); err == nil {
			_ = os.WriteFile(filepath.Join(b.dir, "staff-sanction-1280.png"), shot, 0o644)
		}
		form := eval[float64](b.tab, `(e => e ? e.getBoundingClientRect().top + window.scrollY : -1)(document.getElementById("besluit-kop"))`)
		height := eval[float64](b.tab, `document.documentElement.scrollHeight`)
		screen := eval[float64](b.tab, `window.innerHeight`)
		t.Logf("%s: the decision form starts at %.0f px (%.2f screen heights of %.0f px); the page is %.0f px tall", name, form, form/screen, screen, height)
		if form < 0 {
			t.Fatalf("%s: no decision form:\n%s", name, b.text())
		}
		if form > 2*screen {
			t.Errorf("%s: the decision form starts at %.0f px, below the first two screen heights (%.0f px)", name, form, 2*screen)
		}
		text := eval[string](b.tab, `document.querySelector("main").innerText`)
		if m := pageCode.FindAllString(text, -1); m != nil {
			t.Errorf("%s: codes on the Dutch page: %q", name, m)
		}
		for _, english := range []string{"Guidance", "allowed", "recommended", "lighter than", "heavier than", "step(s)", "zero tolerance applies"} {
			if strings.Contains(text, english) {
				t.Errorf("%s: English on the Dutch page: %q", name, english)
			}
		}
		b.wantText("De regels staan toe: ", "Aanbevolen: ", "Vergelijkbare zaken")
		rows := eval[int](b.tab, `document.querySelectorAll("#vergelijkbare-zaken tbody").length`)
		closed := eval[int](b.tab, `[...document.querySelectorAll("#vergelijkbare-zaken tbody details")].filter(d => !d.open).length`)
		if rows < 3 || closed != rows {
			t.Errorf("%s: %d comparable cases, %d of them with their text behind a closed disclosure", name, rows, closed)
		}
		if !eval[bool](b.tab, `(e => e.required && e.value === "")(document.getElementById("facts_known_at"))`) {
			t.Errorf("%s: \"Feiten bekend op\" is not required, or filled in already", name)
		}
	}

	// Sent without the date (as a browser that does not check required fields would), the
	// server refuses it and the summary leads to the field.
	b.set("#sanction", "SANCTION_SUMMARY_DISMISSAL")
	if eval[bool](b.tab, `document.querySelector('form[action$="/sanctie/besluit"]').checkValidity()`) {
		t.Error("the decision form without the date counts as valid in the browser")
	}
	b.do("drop required", chromedp.Evaluate[chromedp.Void](`document.getElementById("facts_known_at").required = false`))
	b.submit("staff/sanction-no-date", page+"/besluit", 400)
	if len(b.lastSummary) != 1 || b.lastSummary[0] != "facts_known_at" {
		t.Errorf("the error summary links to %q, want facts_known_at", b.lastSummary)
	}
	b.wantText("Feiten bekend op: vul een datum in")
	if eval[string](b.tab, `document.getElementById("facts_known_at").value`) != "" {
		t.Error("the refused form filled in a date")
	}
}
