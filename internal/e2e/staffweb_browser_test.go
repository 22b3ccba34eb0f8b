package e2e

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"

	"github.com/utrecht/meldpunt/internal/browsertest"
)

// staffTab drives the staff workspace in the browser: it signs in with the dev sign-in page,
// fills forms and submits them, and checks every page with axe-core.
type staffTab struct {
	*checker
	checked map[string]bool
	// phone: the tab is as wide as a small phone, and every checked page must fit it.
	phone bool
	// lastSummary are the fields the error summary of the last refused form links to.
	lastSummary []string
}

// signIn signs in as user with one role through the dev sign-in page (signing out first).
func (b *staffTab) signIn(user, name, role string) {
	b.t.Helper()
	if eval[bool](b.tab, `!!document.querySelector('form[action="/medewerkers/uitloggen"] button')`) {
		b.navigateBy("signed-out", 200, chromedp.Click(`form[action="/medewerkers/uitloggen"] button`))
	}
	b.open("staff/sign-in", "/medewerkers/inloggen", 200)
	b.axe()
	b.set("#subject", user)
	b.set("#name", name)
	b.do("role", chromedp.Click("#role-"+role))
	b.navigateBy("staff/home-"+role, 200, chromedp.Click(`form[action="/medewerkers/inloggen/dev"] button`))
	if !strings.Contains(b.text(), name) {
		b.t.Fatalf("signed in as %s, the page does not say so:\n%s", name, b.text())
	}
	b.axe()
}

// dutch makes the tab a Dutch staff member's browser (Accept-Language: nl). Headless Chromium
// asks for en-US, and without a choice of their own the workspace follows the browser.
func (b *staffTab) dutch() {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
		Headers: network.Headers{"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8"},
	}); err != nil {
		b.t.Fatalf("Accept-Language: %v", err)
	}
}

// wantLanguage asserts the page's language (<html lang>) and its heading.
func (b *staffTab) wantLanguage(lang, heading string) {
	b.t.Helper()
	if got := eval[string](b.tab, `document.documentElement.lang`); got != lang {
		b.t.Fatalf("%s: <html lang=%q>, want %q", b.page, got, lang)
	}
	if got := strings.TrimSpace(eval[string](b.tab, `document.querySelector("h1").textContent`)); got != heading {
		b.t.Fatalf("%s: the heading is %q, want %q", b.page, got, heading)
	}
}

// switchTo follows the language switch in the header to lang; name names the page it leads to.
func (b *staffTab) switchTo(name, lang string) {
	b.t.Helper()
	sel := `nav.language-switch a[hreflang="` + lang + `"]`
	b.need(sel)
	b.navigateBy(name, 200, chromedp.Click(sel))
}

// axe checks the page once per page name.
func (b *staffTab) axe() {
	b.t.Helper()
	if b.checked[b.page] {
		return
	}
	b.checked[b.page] = true
	b.saved.save(b.tab)
	b.wantPageBasics()
	b.axeCheck()
	if b.phone {
		b.phoneCheck()
	}
}

// set puts a value into a form field.
func (b *staffTab) set(sel, value string) {
	b.t.Helper()
	b.need(sel)
	b.do("set "+sel, chromedp.SetValue(sel, value))
}

// check ticks a checkbox or radio button.
func (b *staffTab) tick(sel string) {
	b.t.Helper()
	b.need(sel)
	b.do("tick "+sel, chromedp.Click(sel))
}

// need fails at once when the page lacks sel (chromedp would wait for it until the budget ends).
func (b *staffTab) need(sel string) {
	b.t.Helper()
	if !eval[bool](b.tab, `!!document.querySelector(`+jsString(sel)+`)`) {
		b.t.Fatalf("%s: the page has no %s:\n%s", b.page, sel, eval[string](b.tab, `document.body.innerText`))
	}
}

// submit clicks the submit button of the form posting to action and waits for the next page.
func (b *staffTab) submit(name, action string, status int64) {
	b.t.Helper()
	b.need(`form[action="` + action + `"] button[type="submit"]`)
	b.navigateBy(name, status, chromedp.Click(`form[action="`+action+`"] button[type="submit"]`))
	if status == http.StatusBadRequest {
		b.lastSummary = b.wantErrorSummary()
	}
	b.axe()
}

// wantText asserts the page (main content and deadlines) contains every want.
func (b *staffTab) wantText(want ...string) {
	b.t.Helper()
	text := eval[string](b.tab, `document.body.innerText`)
	for _, w := range want {
		if !strings.Contains(text, w) {
			b.t.Fatalf("%s: the page lacks %q:\n%s", b.page, w, text)
		}
	}
}

// TestOneCaseThroughTheStaffWorkspace follows one discrimination report through every role's
// pages in real headless Chromium: the reporter files it on the reporter pages; intake
// acknowledges it and assigns an adviser; the adviser logs (and corrects) a conversation,
// records consent, links the subject and escalates; the accountable manager weighs it and starts
// the fact-finding; the Standby Team adds the allegation, an interview, a photo, hears the
// subject and sets the findings and the assessment; the manager sees the rules and the
// comparable precedents with their sanction distribution side by side, is refused a sanction
// outside zero tolerance, decides a motivated one and closes with feedback; the reporter reads
// it; HR finds the case counted in the annual report. Refused in the browser: another adviser,
// a manager of another unit and HR opening the case. axe-core finds no serious or critical
// violation on any page.
func TestOneCaseThroughTheStaffWorkspace(t *testing.T) {
	start := time.Now()
	axeJS, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("the vendored axe-core is missing (run scripts/fetch-axe): %v", err)
	}
	// Every import on the pages shows its progress (not only those slower than a second).
	s := startServerWith(t, t.TempDir(), "", "--dev", "--staff-progress-after", "0s")
	s.importOrg(t)
	s.createAdviser(t, "anna", "Anna de Vries")
	s.createAdviser(t, "piet", "Piet Jansen")
	library, err := os.ReadFile("../precedents/testdata/eval/precedents.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	s.rest(t, "POST", "/v1/precedents:import", s.tokenFor(t, "hanna", "hr"), map[string]any{"format": "jsonl", "content": base64.StdEncoding.EncodeToString(library)}).want(t, 200, nil)
	// Other reports of this year, so that the year's count is above the report's threshold.
	for i := range 6 {
		s.fileReport(t, anonymousReport(fmt.Sprintf("Another report, number %d.", i)))
	}

	dir := browsertest.ArtefactDir(t)
	b := &staffTab{checker: &checker{tab: startBrowser(t, s, 480*time.Second), axe: string(axeJS), dir: dir,
		found: &axeFound{findings: []axeFinding{}, incomplete: map[string][]string{}}}, checked: map[string]bool{}, phone: true}
	// The whole case on a phone: advisers and managers also work from one.
	b.do("phone viewport", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	b.saved = keepPages(t, b.tab)
	b.dutch()

	// The reporter files the report on the reporter pages.
	b.open("reporter/form", "/nl/melden", 200)
	b.set("#category", "DISCRIMINATION")
	b.set("#description", "Sam maakt in het teamoverleg steeds opmerkingen over mijn afkomst en noemt mij een scheldnaam.")
	b.navigateBy("reporter/step-2", 200, chromedp.Click(`button[name="step"][value="next"]`))
	b.set("#subjects", "Sam")
	b.navigateBy("reporter/step-3", 200, chromedp.Click(`button[name="step"][value="next"]`))
	b.tick("#anonymity-anonymous")
	b.navigateBy("reporter/review", 200, chromedp.Click(`button[name="step"][value="review"]`))
	b.navigateBy("reporter/receipt", 200, chromedp.Click(`button[name="step"][value="send"]`))
	code := strings.TrimSpace(eval[string](b.tab, `document.getElementById("receipt-code").textContent`))
	ref := referencePattern.FindString(b.text())
	if ref == "" || !receiptCodePattern.MatchString(code) {
		t.Fatalf("receipt page: ref %q code %q", ref, code)
	}
	casePath := "/medewerkers/zaken/" + ref

	// Intake: the new report in the list, acknowledged with a message, an adviser assigned.
	b.signIn("ivo", "Ivo Intake", "intake")
	b.open("staff/cases-received", "/medewerkers/zaken?status=CASE_STATUS_RECEIVED", 200)
	b.axe()
	b.wantText(ref, "Ontvangen")
	b.navigateBy("staff/case-intake", 200, chromedp.Click(`a[href="`+casePath+`"]`))
	b.axe()
	b.wantText("opmerkingen over mijn afkomst", "Mijn termijnen", "Ontvangstbevestiging")
	b.set("#ack-message", "Dank voor je melding. Een vertrouwenspersoon neemt contact met je op.")
	b.submit("staff/case-acknowledged", casePath+"/ontvangst", 200)
	b.wantText("De ontvangst is bevestigd", "Een vertrouwenspersoon neemt contact met je op.")
	b.set("#adviser_id", eval[string](b.tab, `[...document.querySelectorAll("#adviser_id option")].find(o => o.textContent === "Anna de Vries").value`))
	b.submit("staff/case-assigned", casePath+"/vertrouwenspersoon", 200)
	b.wantText("Anna de Vries")

	// Another adviser cannot open it (nor learn that it exists).
	b.signIn("piet", "Piet Jansen", "adviser")
	b.open("staff/refused-adviser", casePath, 404)
	b.axe()
	b.wantText("Niet gevonden, of je hebt er geen toegang toe.")
	if strings.Contains(b.text(), "afkomst") {
		t.Fatal("the refusal shows case content")
	}

	// The assigned adviser: conversation, correction, consent, subject, escalation.
	b.signIn("anna", "Anna de Vries", "adviser")
	b.open("staff/case-adviser", casePath, 200)
	b.axe()
	b.set("#notes", "Melder vertelt over opmerkingen in het teamoverleg; wil dat het stopt.")
	b.set("#topics", "discriminatie, opties")
	b.set("#advice", "Formele melding besproken.")
	b.submit("staff/conversation-logged", casePath+"/gesprek", 200)
	b.wantText("Het gesprek is vastgelegd", "wil dat het stopt")
	convForm := eval[string](b.tab, `document.querySelector('form[action*="/gesprek/"]').getAttribute("action")`)
	b.do("open the correction", chromedp.Click(`details summary`))
	b.set(`form[action="`+convForm+`"] textarea[name="notes"]`, "Melder vertelt over opmerkingen over afkomst in het teamoverleg; wil dat het stopt.")
	b.submit("staff/conversation-corrected", convForm, 200)
	b.wantText("bijgewerkt", "opmerkingen over afkomst in het teamoverleg")
	for _, purpose := range []string{"CONSENT_PURPOSE_PASS_ON", "CONSENT_PURPOSE_FORMAL_REPORT"} {
		b.tick("#purpose-" + purpose)
		b.submit("staff/consent", casePath+"/toestemming", 200)
	}
	b.wantText("Doorgeven aan de werkgever", "Formele melding")
	b.set("#oral-text", "De melder vertelt dat Sam in het teamoverleg opmerkingen maakt over haar afkomst.")
	b.tick("#consented")
	b.submit("staff/record-sent", casePath+"/verslag", 200)
	b.wantText("Versie 1 van Meldpunt", "wacht op controle en goedkeuring door de melder")
	b.set("#employee_number", "2001")
	b.submit("staff/subject-linked", casePath+"/betrokkene", 200)
	b.set("#unit_code", "BO")
	b.submit("staff/escalated", casePath+"/escaleren", 200)
	b.wantText("Weging")

	// A manager of another unit cannot open it.
	b.signIn("mgr-x", "Xander Elders", "manager")
	b.open("staff/refused-manager", casePath, 404)
	b.wantText("Niet gevonden, of je hebt er geen toegang toe.")

	// The accountable manager weighs the signal and starts the fact-finding.
	b.signIn("mgr-bo", "Bert Bakker", "manager")
	b.open("staff/cases-weighing", "/medewerkers/zaken?status=CASE_STATUS_WEIGHING", 200)
	b.axe()
	b.wantText(ref, "Weging van het signaal") // the case's open deadline
	b.open("staff/case-manager", casePath, 200)
	b.axe()
	b.tick("#concrete_facts")
	b.set("#severity", "SEVERITY_HIGH")
	b.tick("#outcome-WEIGHING_OUTCOME_REASONABLE_SUSPICION")
	b.set("#rationale", "Concrete opmerkingen over afkomst, in aanwezigheid van het team.")
	b.submit("staff/weighed", casePath+"/wegen", 200)
	b.wantText("Redelijk vermoeden van een integriteitsschending")
	b.set("#scope", "Wat is er gezegd, tegen wie, wanneer.")
	b.set("#team", "ita-1")
	b.submit("staff/investigation-started", casePath+"/onderzoek-starten", 200)
	b.wantText("Onderzoeksplan", "ita-1")

	// The Standby Team: allegation, interview, evidence, hearing, findings, assessment.
	b.signIn("ita-1", "Ilse Teunissen", "integrity_team")
	inv := casePath + "/onderzoek"
	b.open("staff/investigation", inv, 200)
	b.axe()
	b.set("#norm_id", "GC-1.2")
	b.set("#al-severity", "SEVERITY_HIGH")
	b.set("#description", "Sam maakte in het teamoverleg denigrerende opmerkingen over de afkomst van een collega.")
	b.submit("staff/allegation", inv+"/aantijging", 200)
	b.wantText("GC-1.2", "denigrerende opmerkingen")
	b.set("#interviewee", "Getuige uit het team")
	b.set("#iv-role", "INTERVIEWEE_ROLE_WITNESS")
	b.set("#minutes", "De getuige bevestigt de opmerkingen.")
	b.submit("staff/interview", inv+"/interview", 200)
	b.wantText("De getuige bevestigt de opmerkingen.", "Nog niet goedgekeurd door de geïnterviewde")
	b.submit("staff/interview-approved", eval[string](b.tab, `document.querySelector('form[action$="/goedgekeurd"]').getAttribute("action")`), 200)
	b.wantText("Goedgekeurd door de geïnterviewde")
	photo := filepath.Join(t.TempDir(), "whiteboard.png")
	if err := os.WriteFile(photo, tinyPNG(t), 0o600); err != nil {
		t.Fatal(err)
	}
	b.do("choose the photo", chromedp.SetUploadFiles("#file", []string{photo}))
	b.submit("staff/evidence", inv+"/bewijs", 200)
	b.wantText("whiteboard.png")
	b.set("#response", "Zo bedoelde ik het niet.")
	b.submit("staff/hearing", inv+"/gehoord", 200)
	b.wantText("Het hoor en wederhoor is vastgelegd")
	b.set("#finding-0", "FINDING_PROVEN")
	b.set("#reasoning-0", "Vier getuigen; de betrokkene bevestigt de woorden.")
	b.submit("staff/findings", inv+"/bevindingen", 200)
	b.wantText("Bewezen", "Beoordeling")
	b.set("#qualification", "Bewezen opmerkingen over afkomst: een schending van GC-1.2, zero tolerance.")
	b.tick("#ground-DISCRIMINATION_GROUND_ORIGIN_ETHNICITY")
	b.submit("staff/assessed", inv+"/beoordeling", 200)

	// The manager decides: rules and precedents side by side.
	b.signIn("mgr-bo", "Bert Bakker", "manager")
	sanction := casePath + "/sanctie"
	b.open("staff/sanction", sanction, 200)
	b.axe()
	b.wantText("Wat de regels zeggen", "Zero tolerance", "De regels staan toe: ", "Aanbevolen: ", "Vergelijkbare zaken", "Opgelegde sancties bij vergelijkbare bewezen zaken")
	if n := eval[int](b.tab, `document.querySelectorAll("#verdeling tbody tr").length`); n == 0 {
		t.Fatal("the sanction distribution of the comparable cases is empty")
	}
	// Each comparable precedent says, in Dutch, how it is alike and how it differs.
	hits := eval[int](b.tab, `document.querySelectorAll("#vergelijkbare-zaken .staff-differs").length`)
	alike := eval[int](b.tab, `document.querySelectorAll("#vergelijkbare-zaken .staff-alike").length`)
	if hits == 0 || alike != hits {
		t.Fatalf("of %d comparable precedents, %d say how they are alike", hits, alike)
	}
	b.do("open the case texts", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("#vergelijkbare-zaken details").forEach(d => d.open = true)`))
	b.wantText("Overeenkomsten: zelfde categorie: discriminatie; zelfde norm: regel 1.2 van de gedragscode; zelfde discriminatiegrond: afkomst of etniciteit; woorden: ",
		"Verschillen: Deels bewezen", "Verschillen: Een inwoner benadeeld (hier niet genoemd)")
	b.set("#voorstel", "SANCTION_WRITTEN_WARNING")
	b.navigateBy("staff/sanction-compared", 200, chromedp.Click(`form[method="get"] button`))
	b.wantText("voorstel: Schriftelijke waarschuwing")
	// Outside the allowed set under zero tolerance: refused, the form kept.
	b.set("#sanction", "SANCTION_TRANSFER")
	b.set("#facts_known_at", time.Now().In(amsterdamTZ(t)).Format("2006-01-02"))
	b.set("#motivation", "Overplaatsing lijkt passend.")
	b.submit("staff/sanction-refused", sanction+"/besluit", 400)
	b.wantText("Dat lukte niet")
	b.set("#sanction", "SANCTION_WRITTEN_WARNING")
	b.tick("#c-REMORSE_AND_REPAIR")
	b.set("#motivation", "Eerste keer; de betrokkene bood excuses aan en volgt een training inclusie.")
	b.submit("staff/sanction-decided", sanction+"/besluit", 200)
	b.wantText("Het sanctiebesluit is vastgelegd", "Afsluiten met terugkoppeling")
	b.set("#feedback", "Je melding is onderzocht; er zijn maatregelen genomen.")
	b.submit("staff/closed", sanction+"/afsluiten", 200)
	b.wantText("Afgesloten", "Bewezen, met sanctie")
	// The closed case becomes a precedent draft, anonymised, checked and submitted to HR.
	b.open("staff/sanction-closed", sanction, 200)
	b.submit("staff/draft", sanction+"/concept", 200)
	b.wantText("Automatisch verwijderd", "Concept")
	if summary := eval[string](b.tab, `document.getElementById("summary").value`); strings.Contains(summary, "Sam") || !strings.Contains(summary, "afkomst") {
		t.Fatalf("the draft's summary is not anonymised: %q", summary)
	}
	draftForm := eval[string](b.tab, `document.querySelector('form[action*="/concept/"]').getAttribute("action")`)
	b.navigateBy("staff/draft-submitted", 200, chromedp.Click(`form[action="`+draftForm+`"] button[name="submit"]`))
	b.axe()
	b.wantText("Ingediend bij HR")

	// The reporter reads the feedback.
	b.open("reporter/login", "/nl/opvolgen", 200)
	b.set("#code", code)
	b.navigateBy("reporter/mycase", 200, chromedp.Click(`form[action="/nl/opvolgen"] button`))
	b.wantText("er zijn maatregelen genomen")

	// HR: no case content; the case counted in the annual report.
	b.signIn("hanna", "Hanna de Groot", "hr")
	b.open("staff/refused-hr", casePath, 403)
	b.axe()
	b.wantText("Geen toegang")
	if strings.Contains(b.text(), "afkomst") {
		t.Fatal("HR's refusal shows case content")
	}
	year := time.Now().In(amsterdamTZ(t)).Year()
	b.open("staff/report", fmt.Sprintf("/medewerkers/jaarverslag?jaar=%d", year), 200)
	b.axe()
	// The report was made while the page arrived: its steps, the latest one showing.
	if steps := eval[[]string](b.tab, `[...document.querySelectorAll(".staff-progress li")].filter(li => getComputedStyle(li).display !== "none").map(li => li.innerText.trim())`); len(steps) != 1 || steps[0] != "Kleine aantallen onderdrukken…" {
		t.Fatalf("the report's progress shows %q, want only the last step", steps)
	}
	row := eval[string](b.tab, fmt.Sprintf(`[...document.querySelectorAll("#jaren tbody tr")].find(r => r.querySelector("th").textContent === "%d").innerText`, year))
	if fields := strings.Fields(row); len(fields) < 2 || fields[1] != "7" {
		t.Fatalf("the annual report's row for %d is %q, want 7 reports (6 others and this case)", year, row)
	}
	// HR publishes the report as an edition, behind the confirmation.
	b.wantText("Publiceren als editie", fmt.Sprintf("Van %d is nog geen editie gepubliceerd.", year))
	b.tick("#bevestigd")
	b.submit("staff/report-published", "/medewerkers/jaarverslag/publiceren", 200)
	b.wantText(fmt.Sprintf("Editie 1 van het jaarverslag %d is gepubliceerd.", year), "hanna")
	b.open("staff/report-document", fmt.Sprintf("/medewerkers/jaarverslag/%d.html", year), 200)
	b.wantText("Jaarverslag")

	// HR reviews the submitted draft (no case reference on it) and publishes it; the library and
	// the rule set pages.
	b.open("staff/drafts", "/medewerkers/precedenten/concepten", 200)
	b.axe()
	b.navigateBy("staff/draft-review", 200, chromedp.Click(`a[href^="/medewerkers/precedenten/concepten/"]`))
	b.axe()
	if strings.Contains(eval[string](b.tab, `document.body.innerText`), ref) {
		t.Fatal("HR's draft review shows the case reference")
	}
	b.submit("staff/precedent-published", eval[string](b.tab, `document.querySelector('form[action$="/goedkeuren"]').getAttribute("action")`), 200)
	b.axe()
	b.wantText("afkomst")
	b.open("staff/precedents", "/medewerkers/precedenten", 200)
	b.axe()
	b.open("staff/rules", "/medewerkers/regels", 200)
	b.axe()
	b.wantText("GC-1.2")

	// HR imports another library through the page: the page shows the progress, then the result.
	big := filepath.Join(t.TempDir(), "library.jsonl")
	if err := os.WriteFile(big, bigLibrary(t, 600), 0o600); err != nil {
		t.Fatal(err)
	}
	b.open("staff/precedents-import", "/medewerkers/precedenten", 200)
	b.do("choose the library", chromedp.SetUploadFiles(`form[action="/medewerkers/precedenten/importeren"] input[type="file"]`, []string{big}))
	b.submit("staff/importing", "/medewerkers/precedenten/importeren", 200)
	b.wantText("600 van 600 regels geschreven", "600 regels verwerkt")
	if shown := eval[int](b.tab, `[...document.querySelectorAll(".staff-progress li")].filter(li => getComputedStyle(li).display !== "none").length`); shown != 1 {
		t.Fatalf("%d progress lines show, want only the latest", shown)
	}

	// HR records a signal an employee brought to them directly; it goes to the manager of BO to be
	// weighed, and the employee's receipt code is shown once.
	b.open("staff/signal", "/medewerkers/signaal", 200)
	b.axe()
	b.set("#category", "BULLYING")
	b.set("#description", "Een medewerker vertelt dat een collega haar al weken buitensluit.")
	b.set("#unit_code", "BO")
	b.submit("staff/signal-refused", "/medewerkers/signaal", 400)
	b.wantText("Toestemming")
	if !slices.Equal(b.lastSummary, []string{"consented", "name"}) {
		t.Errorf("%s: the error summary links to %q, want consented and name", b.page, b.lastSummary)
	}
	b.followSummaryLink("name")
	b.tick("#consented")
	b.submit("staff/signal-no-name", "/medewerkers/signaal", 400)
	b.wantText("Naam: vul de naam")
	b.set("#name", "Fatima")
	b.tick("#consented")
	b.submit("staff/signal-recorded", "/medewerkers/signaal", 200)
	b.wantText("Signaal vastgelegd", "Geef deze ontvangstcode nu aan de medewerker")
	if code := strings.TrimSpace(eval[string](b.tab, `document.getElementById("receipt-code").textContent`)); !receiptCodePattern.MatchString(code) {
		t.Fatalf("the signal's receipt code: %q", code)
	}
	t.Logf("one case through the workspace in %s, %d pages checked with axe-core", time.Since(start).Round(time.Second), len(b.checked))
	b.saved.verify(t, b.tab, "staff-case")
}

// tinyPNG is a small PNG.
func tinyPNG(t *testing.T) []byte {
	t.Helper()
	var buf strings.Builder
	if err := pngEncode(&buf); err != nil {
		t.Fatal(err)
	}
	return []byte(buf.String())
}

func amsterdamTZ(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestAdministratorAndAuditorPages: the administrator manages accounts (filtered by role,
// one blocked: their session ends at once and they cannot sign in again), advisers and the
// organisation import (a dry run, the import, a file with a bad row refused and named); the
// auditor reads a case's trail and verifies it. Neither sees case content. axe-core checks every
// page.
func TestAdministratorAndAuditorPages(t *testing.T) {
	axeJS, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("the vendored axe-core is missing (run scripts/fetch-axe): %v", err)
	}
	s := startServer(t, "sqlite")
	filed := s.fileReport(t, anonymousReport("Een melding over iets dat de auditor niet mag lezen."))
	ref := filed.GetCaseReference()
	// Two staff members sign in over HTTP; Mallory's session stays open.
	mallory := newStaffBrowser(t, s)
	if res, _ := mallory.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"mallory"}, "name": {"Mallory"}, "role": {"intake"}}); res.StatusCode != 303 {
		t.Fatalf("mallory's sign-in: %d", res.StatusCode)
	}
	if res, _ := mallory.do("GET", "/medewerkers/zaken/"+ref, nil); res.StatusCode != 200 {
		t.Fatalf("mallory reads the case: %d", res.StatusCode)
	}
	malloryToken := s.tokenFor(t, "mallory", "intake")
	if _, err := s.cases.ListCases(ctx(t, malloryToken), &pb.ListCasesRequest{}); err != nil {
		t.Fatalf("mallory's API token: %v", err)
	}
	other := newStaffBrowser(t, s)
	other.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"hanna"}, "name": {"Hanna"}, "role": {"hr"}})

	b := &staffTab{checker: &checker{tab: startBrowser(t, s, 240*time.Second), axe: string(axeJS), dir: browsertest.ArtefactDir(t),
		found: &axeFound{findings: []axeFinding{}, incomplete: map[string][]string{}}}, checked: map[string]bool{}, phone: true}
	b.do("phone viewport", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	b.saved = keepPages(t, b.tab)
	b.dutch()
	b.signIn("ada", "Ada Beheer", "admin")
	b.open("staff/accounts", "/medewerkers/beheer/accounts", 200)
	b.axe()
	b.wantText("Mallory", "Hanna", "Ada Beheer", "Waar de rollen vandaan komen")
	b.set("#rol", "intake")
	b.navigateBy("staff/accounts-intake", 200, chromedp.Click(`form[method="get"] button`))
	if rows := eval[int](b.tab, `document.querySelectorAll("#accounts tbody tr").length`); rows != 1 {
		t.Fatalf("filtered on intake: %d accounts", rows)
	}
	b.navigateBy("staff/accounts-blocked", 200, chromedp.Click(`#accounts button[name="blocked"][value="ja"]`))
	b.axe()
	b.wantText("Het account is geblokkeerd", "Geblokkeerd")
	if res, _ := mallory.do("GET", "/medewerkers/zaken/"+ref, nil); res.StatusCode != 303 {
		t.Fatalf("a blocked account's open session still works: %d", res.StatusCode)
	}
	if res, body := mallory.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"mallory"}, "role": {"intake"}}); res.StatusCode != 403 || !strings.Contains(body, "geblokkeerd") {
		t.Fatalf("a blocked account signs in: %d", res.StatusCode)
	}
	// Nor does an API token of the blocked account work (within the few seconds an answer is
	// remembered).
	deadline := time.Now().Add(6 * time.Second)
	for {
		_, err := s.cases.ListCases(ctx(t, malloryToken), &pb.ListCasesRequest{})
		if status.Code(err) == codes.Unauthenticated {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a blocked account's API token still works: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	b.open("staff/admin-refused-case", "/medewerkers/zaken/"+ref, 403)
	b.axe()

	// Advisers: add one, edit the profile.
	b.open("staff/advisers", "/medewerkers/beheer/vertrouwenspersonen", 200)
	b.axe()
	b.set("#subject", "anna")
	b.set("#name", "Anna de Vries")
	b.set("#languages", "nl, en")
	b.set("#intro", "Ik luister en denk met je mee.")
	b.submit("staff/adviser-added", "/medewerkers/beheer/vertrouwenspersonen", 200)
	b.wantText("De vertrouwenspersoon is toegevoegd", "Anna de Vries", "nl, en")
	b.do("open the profile", chromedp.Click(`details summary`))
	b.set("#name-0", "Anna de Vries-Bakker")
	b.submit("staff/adviser-edited", eval[string](b.tab, `document.querySelector('form[action^="/medewerkers/beheer/vertrouwenspersonen/"]').getAttribute("action")`), 200)
	b.wantText("Anna de Vries-Bakker")

	// The organisation: a dry run, the import, a bad file refused.
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	units := write("units.csv", "unit_code;unit_name;parent_code;manager_number\nSO;Sociaal Domein;;1001\nBO;Bedrijfsvoering;;1003\n")
	emps := write("employees.csv", "number;name;email;unit_code;staff_subject\n1001;Marieke;;SO;mgr-so\n1003;Bert;;BO;mgr-bo\n2001;Sam;;SO;sam\n")
	b.open("staff/organisation", "/medewerkers/beheer/organisatie", 200)
	b.axe()
	b.do("files", chromedp.SetUploadFiles("#units", []string{units}), chromedp.SetUploadFiles("#employees", []string{emps}))
	b.tick("#dry_run")
	b.submit("staff/organisation-dry-run", "/medewerkers/beheer/organisatie", 200)
	b.wantText("Proefdraaien: er is niets opgeslagen.", "Onderdelen: 2 nieuw", "Medewerkers: 3 nieuw")
	b.do("files", chromedp.SetUploadFiles("#units", []string{units}), chromedp.SetUploadFiles("#employees", []string{emps}))
	b.submit("staff/organisation-imported", "/medewerkers/beheer/organisatie", 200)
	b.wantText("De import is klaar.", "Onderdelen: 2 nieuw", "Medewerkers: 3 nieuw")
	bad := write("bad.csv", "number;name;email;unit_code;staff_subject\n1001;Marieke;;NOPE;mgr-so\n")
	b.do("bad file", chromedp.SetUploadFiles("#employees", []string{bad}))
	b.submit("staff/organisation-refused", "/medewerkers/beheer/organisatie", 400)
	b.wantText("Dat lukte niet", "NOPE")
	b.do("files again", chromedp.SetUploadFiles("#units", []string{units}), chromedp.SetUploadFiles("#employees", []string{emps}))
	b.tick("#dry_run")
	b.submit("staff/organisation-unchanged", "/medewerkers/beheer/organisatie", 200)
	b.wantText("Medewerkers: 0 nieuw, 0 bijgewerkt, 3 ongewijzigd")

	// The auditor: the trail of the case, mallory's read in it, verified intact; no content.
	b.signIn("otto", "Otto Audit", "auditor")
	b.open("staff/audit", "/medewerkers/audit?zaak="+ref, 200)
	b.axe()
	b.wantText("case.file", "mallory", "case.read")
	if strings.Contains(eval[string](b.tab, `document.body.innerText`), "niet mag lezen") {
		t.Fatal("the audit page shows case content")
	}
	b.submit("staff/audit-verified", "/medewerkers/audit/controle", 200)
	b.wantText("De audittrail is intact")
	b.open("staff/audit-refused-case", "/medewerkers/zaken/"+ref, 403)
	b.axe()
	b.saved.verify(t, b.tab, "staff-admin")
}

// TestStaffWorkspaceInEnglish: the workspace speaks Dutch, English to a browser that prefers it,
// and English to the staff member who chooses it with the language switch in the header, on
// every page and after signing in again, until they switch back. <html lang> follows, and
// axe-core finds no serious or critical violation on the English pages at phone width.
func TestStaffWorkspaceInEnglish(t *testing.T) {
	axeJS, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("the vendored axe-core is missing (run scripts/fetch-axe): %v", err)
	}
	s := startServer(t, "sqlite")
	ref := s.fileReport(t, anonymousReport("A report to read in English and in Dutch.")).GetCaseReference()
	b := &staffTab{checker: &checker{tab: startBrowser(t, s, 240*time.Second), axe: string(axeJS), dir: browsertest.ArtefactDir(t),
		found: &axeFound{findings: []axeFinding{}, incomplete: map[string][]string{}}}, checked: map[string]bool{}, phone: true}
	b.do("phone viewport", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	b.saved = keepPages(t, b.tab)

	// Headless Chromium asks for en-US: without a choice, the sign-in page is English; a Dutch
	// browser gets Dutch.
	b.open("staff/en/sign-in", "/medewerkers/inloggen", 200)
	b.wantLanguage("en", "Sign in for staff")
	b.axe()
	b.dutch()
	b.open("staff/sign-in", "/medewerkers/inloggen", 200)
	b.wantLanguage("nl", "Inloggen voor medewerkers")

	// Intake chooses English on the overview; the case list and the case follow.
	b.signIn("ines", "Ines Intake", "intake")
	b.wantLanguage("nl", "Overzicht")
	b.switchTo("staff/en/home", "en")
	b.wantLanguage("en", "Overview")
	b.wantText("Signed in as", "My deadlines", "Cases", "New reports")
	if cur := eval[string](b.tab, `document.querySelector('nav.language-switch a[aria-current="true"]').getAttribute("hreflang")`); cur != "en" {
		t.Fatalf("the switch marks %q as the current language", cur)
	}
	b.axe()
	b.open("staff/en/cases", "/medewerkers/zaken", 200)
	b.wantLanguage("en", "Cases")
	b.wantText("New reports have the status ‘Received’", "Received")
	b.axe()
	b.open("staff/en/case", "/medewerkers/zaken/"+ref, 200)
	b.wantLanguage("en", "Case "+ref)
	b.wantText("The report", "What happened", "Acknowledge receipt", "Messages with the reporter", "Received", "Anonymous", "through Web form")
	b.axe()
	// A refused form answers in English, and its switch leads back to the case page.
	b.submit("staff/en/case-refused", "/medewerkers/zaken/"+ref+"/bericht", 400)
	b.wantText("That did not work", "Message: write a message first.")
	if !slices.Equal(b.lastSummary, []string{"body"}) {
		t.Errorf("%s: the error summary links to %q, want the message", b.page, b.lastSummary)
	}
	b.followSummaryLink("body")
	if back := eval[string](b.tab, `document.querySelector('nav.language-switch a[hreflang="nl"]').getAttribute("href")`); !strings.HasSuffix(back, "terug="+url.QueryEscape("/medewerkers/zaken/"+ref)) {
		t.Fatalf("the switch on the refused form leads to %q", back)
	}

	// The choice outlives signing out: the administrator and HR read their pages in English.
	b.signIn("ada", "Ada Admin", "admin")
	b.wantLanguage("en", "Overview")
	b.open("staff/en/accounts", "/medewerkers/beheer/accounts", 200)
	b.wantLanguage("en", "Accounts and roles")
	b.wantText("Where the roles come from", "Ines Intake", "Intake", "Active")
	b.axe()
	year := time.Now().In(amsterdamTZ(t)).Year()
	b.signIn("hanna", "Hanna HR", "hr")
	b.open("staff/en/report", fmt.Sprintf("/medewerkers/jaarverslag?jaar=%d", year), 200)
	b.wantLanguage("en", fmt.Sprintf("Annual report on integrity and unwanted behaviour %d", year))
	b.wantText("Compared with earlier years", "The report itself is in Dutch")
	b.axe()

	// Back to Dutch, on the same page.
	b.switchTo("staff/nl/report", "nl")
	b.wantLanguage("nl", fmt.Sprintf("Jaarverslag integriteit en ongewenst gedrag %d", year))
	b.wantText("Vergelijking met eerdere jaren", "Ingelogd als")
	b.axe()
	b.open("staff/nl/home", "/medewerkers/", 200)
	b.wantLanguage("nl", "Overzicht")
	b.saved.verify(t, b.tab, "staff-english")
}

// TestStaffWorkWithTheKeyboardOnly: an intake officer who uses no mouse signs in, skips to the
// content, opens a new report from the case list and acknowledges it with a message — key
// events only, and every control on the way shows a visible focus.
func TestStaffWorkWithTheKeyboardOnly(t *testing.T) {
	s := startServer(t, "sqlite")
	ref := s.fileReport(t, anonymousReport("Iets om met het toetsenbord te bevestigen.")).GetCaseReference()
	k := &keyboard{tab: startBrowser(t, s, 60*time.Second), reported: map[string]bool{}}
	(&staffTab{checker: &checker{tab: k.tab}}).dutch()

	// The dev sign-in, by keyboard: the user typed, a role ticked with Space, Enter on the button.
	k.open("staff/sign-in", "/medewerkers/inloggen", 200)
	k.skipToContent()
	k.tabTo("#subject", 10)
	k.press("ivo")
	k.tabTo("#name", 1)
	k.press("Ivo Intake")
	k.tabTo("#role-intake", 3)
	k.press(" ")
	k.tabTo(`form[action="/medewerkers/inloggen/dev"] button`, 10)
	k.pressTo("staff/home", 200, kb.Enter)

	// The overview: to the new reports, then the case.
	k.skipToContent()
	k.tabTo(`main a[href="/medewerkers/zaken?status=CASE_STATUS_RECEIVED"]`, 5)
	k.pressTo("staff/cases", 200, kb.Enter)
	k.skipToContent()
	k.tabTo(`main a[href="/medewerkers/zaken/`+ref+`"]`, 10)
	k.pressTo("staff/case", 200, kb.Enter)

	// The acknowledgement with a message, sent with Enter on its button.
	k.skipToContent()
	k.tabTo("#ack-message", 15)
	k.press("Dank voor je melding.")
	k.tabTo(`form[action="/medewerkers/zaken/`+ref+`/ontvangst"] button`, 2)
	k.pressTo("staff/case-acknowledged", 200, kb.Enter)
	if text := k.text(); !strings.Contains(text, "Dank voor je melding.") {
		t.Fatalf("after acknowledging by keyboard:\n%s", text)
	}
}
