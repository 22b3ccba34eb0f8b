package e2e

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
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

// englishWord finds English in a Dutch text: words that Dutch does not have.
var englishWord = regexp.MustCompile(`(?i)\b(the|is|must|only|allowed|cannot|before|after|needs|choose|give|already|case|changed)\b`)

// TestSanctionRefusalsSpeakDutch provokes each refusal the sanction decision form can get from
// the service — outside what zero tolerance allows, lighter than recommended without a
// motivation, facts known before the report, a case changed meanwhile (also by the decision
// itself) — and finds each said in Dutch in the error summary, linked to its field where it
// is about one. Over gRPC and REST the refusals carry their stable reason (ErrorInfo) beside
// the field violations, also a refusal of request validation.
func TestSanctionRefusalsSpeakDutch(t *testing.T) {
	axeJS, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("the vendored axe-core is missing (run scripts/fetch-axe): %v", err)
	}
	s := startServer(t, "sqlite")
	ref := s.assessedDiscriminationCase(t)
	bert := s.tokenFor(t, "mgr-bo", "manager")

	// The API: the reason, its domain and field, beside the field violation, over gRPC and REST.
	c, err := s.cases.GetCase(ctx(t, bert), &pb.GetCaseRequest{CaseReference: ref})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.cases.DecideSanction(ctx(t, bert), &pb.DecideSanctionRequest{CaseReference: ref, Sanction: pb.Sanction_SANCTION_WRITTEN_WARNING,
		FactsKnownAt: timestamppb.Now(), Version: c.GetCase().GetVersion()})
	st := wantCode(t, err, codes.InvalidArgument)
	if r, f := errorInfo(st); r != "MOTIVATION_REQUIRED" || f != "motivation" || !slices.Equal(badRequestFields(st), []string{"motivation"}) {
		t.Errorf("gRPC: reason %q field %q, field violations %q; want MOTIVATION_REQUIRED about motivation", r, f, badRequestFields(st))
	}
	_, err = s.cases.GetCase(ctx(t, bert), &pb.GetCaseRequest{CaseReference: "MP-nonsense"})
	if r, f := errorInfo(wantCode(t, err, codes.InvalidArgument)); r != "INVALID_FIELD" || f != "case_reference" {
		t.Errorf("gRPC validation: reason %q field %q, want INVALID_FIELD about case_reference", r, f)
	}
	body := s.rest(t, "POST", "/v1/cases/"+ref+":decideSanction", bert, map[string]any{"sanction": "SANCTION_WRITTEN_WARNING",
		"factsKnownAt": time.Now().UTC().Format(time.RFC3339), "version": fmt.Sprint(c.GetCase().GetVersion())})
	var rest struct {
		Details []map[string]any `json:"details"`
	}
	body.want(t, 400, &rest)
	var found bool
	for _, d := range rest.Details {
		if d["@type"] == "type.googleapis.com/google.rpc.ErrorInfo" && d["reason"] == "MOTIVATION_REQUIRED" && d["domain"] == "meldpunt" {
			found = true
		}
	}
	if !found {
		t.Errorf("REST: no ErrorInfo with the reason MOTIVATION_REQUIRED: %s", body.Body)
	}

	// The page.
	page := "/medewerkers/zaken/" + ref + "/sanctie"
	b := &staffTab{checker: &checker{tab: startBrowser(t, s, 180*time.Second), axe: string(axeJS), dir: browsertest.ArtefactDir(t),
		found: &axeFound{findings: []axeFinding{}, incomplete: map[string][]string{}}}, checked: map[string]bool{}}
	b.dutch()
	b.signIn("mgr-bo", "Bert Bakker", "manager")
	today := time.Now().In(amsterdamTZ(t)).Format("2006-01-02")
	for _, c := range []struct {
		name, sanction, date, motivation, version string
		status                                    int64
		want                                      string
		fields                                    []string
	}{
		{"outside-zero-tolerance", "SANCTION_TRANSFER", today, "Overplaatsing lijkt passend.", "", 400,
			"Bij bewezen discriminatie geldt zero tolerance: kies een van de sancties die de regels toestaan.", nil},
		{"no-motivation", "SANCTION_WRITTEN_WARNING", today, "", "", 400,
			"Een lichtere sanctie dan de aanbevolen vraagt een schriftelijke motivering van een paar zinnen.", []string{"motivation"}},
		{"facts-before-report", "SANCTION_SUMMARY_DISMISSAL", "2020-01-02", "", "", 400,
			"Feiten bekend op: Geef de dag waarop de feiten bekend werden: niet vóór de melding en niet in de toekomst.", []string{"facts_known_at"}},
		{"changed-meanwhile", "SANCTION_SUMMARY_DISMISSAL", today, "", "1", 409,
			"Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens.", nil},
	} {
		b.open("staff/sanction", page, 200)
		b.set("#sanction", c.sanction)
		b.set("#facts_known_at", c.date)
		if c.motivation != "" {
			b.set("#motivation", c.motivation)
		}
		if c.version != "" {
			b.do("an old version", chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action$="/sanctie/besluit"] input[name="version"]').value = `+jsString(c.version)))
		}
		name := "staff/sanction-refused-" + c.name
		b.navigateBy(name, c.status, chromedp.Click(`form[action="`+page+`/besluit"] button[type="submit"]`))
		summary := b.wantErrorSummary()
		if !slices.Equal(summary, c.fields) {
			t.Errorf("%s: the error summary links to %q, want %q", name, summary, c.fields)
		}
		text := eval[string](b.tab, `document.getElementById("foutmeldingen").innerText`)
		if !strings.Contains(text, c.want) {
			t.Errorf("%s: the error summary lacks %q:\n%s", name, c.want, text)
		}
		if m := englishWord.FindAllString(text, -1); m != nil {
			t.Errorf("%s: English in the error summary: %q\n%s", name, m, text)
		}
	}
	// Decided; the same form once more (from the page as it was) is refused: the case changed.
	b.open("staff/sanction", page, 200)
	b.set("#sanction", "SANCTION_SUMMARY_DISMISSAL")
	b.set("#facts_known_at", today)
	form := eval[string](b.tab, `document.querySelector('form[action$="/sanctie/besluit"]').outerHTML`)
	b.navigateBy("staff/sanction-decided", 200, chromedp.Click(`form[action="`+page+`/besluit"] button[type="submit"]`))
	b.wantText("Het sanctiebesluit is vastgelegd")
	b.do("the old form again", chromedp.Evaluate[chromedp.Void](`document.querySelector("main").insertAdjacentHTML("beforeend", `+jsString(form)+`)`))
	b.set("#sanction", "SANCTION_SUMMARY_DISMISSAL")
	b.set("#facts_known_at", today)
	b.navigateBy("staff/sanction-refused-decided", 409, chromedp.Click(`main > form[action="`+page+`/besluit"] button[type="submit"]`))
	text := eval[string](b.tab, `document.getElementById("foutmeldingen").innerText`)
	if m := englishWord.FindAllString(text, -1); m != nil || !strings.Contains(text, "Iemand anders heeft dit intussen gewijzigd.") {
		t.Errorf("decided already: the error summary says %q (English: %q)", text, m)
	}
}

// errorInfo is the reason and field of a status's ErrorInfo.
func errorInfo(st *status.Status) (reason, field string) {
	for _, d := range st.Details() {
		if ei, ok := d.(*errdetails.ErrorInfo); ok {
			return ei.GetReason(), ei.GetMetadata()["field"]
		}
	}
	return "", ""
}
