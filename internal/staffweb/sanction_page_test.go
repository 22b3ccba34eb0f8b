package staffweb

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/sanctions"
)

// sanctionPageCase is what the sanction page shows in the tests: an evaluation as the service
// gives it (its explanations in English, full of codes) and comparable precedents whose Dutch
// reasons name norms by their codes.
type sanctionPageCase struct {
	status pb.CaseStatus
	role   auth.Role
	cmp    *pb.SanctionComparison
}

// renderSanctionPage renders the sanction page in lang as the handler fills it.
func renderSanctionPage(t *testing.T, lang string, pc sanctionPageCase) string {
	t.Helper()
	tpl, err := template.New("layout.html").Funcs(funcsFor(lang)).ParseFS(templateFS, "templates/layout.html", "templates/parts.html", "templates/page_sanction.html")
	if err != nil {
		t.Fatal(err)
	}
	if pc.status == 0 {
		pc.status = pb.CaseStatus_CASE_STATUS_ASSESSMENT
	}
	if pc.role == "" {
		pc.role = auth.RoleManager
	}
	hit := &pb.PrecedentHit{Precedent: &pb.Precedent{Year: 2024, SourceOrganisation: "Gemeente Utrecht", Sanction: "WRITTEN_WARNING", Summary: "Een medewerker gunde een opdracht aan het bedrijf van zijn zwager."}, Score: 0.9,
		Reasons: []*pb.MatchReason{
			{Kind: "NORMS", Codes: []string{"CAT-CONFLICT_OF_INTEREST"}, Text: "Zelfde norm: CAT-CONFLICT_OF_INTEREST"},
			{Kind: "TEXT", Words: []string{"getreiterd ≈ pesten"}, Text: "Woorden: getreiterd ≈ pesten"},
		},
		Differences: []*pb.PrecedentDifference{{Kind: "FINDINGS", Text: "Deels bewezen"}}}
	ev := &pb.SanctionEvaluation{RuleSetVersion: "1",
		Allowed:     []pb.Sanction{pb.Sanction_SANCTION_WRITTEN_WARNING, pb.Sanction_SANCTION_FINAL_WARNING},
		Recommended: pb.Sanction_SANCTION_WRITTEN_WARNING,
		Fired: []*pb.FiredRule{
			{Id: "GUIDANCE:CAT-CONFLICT_OF_INTEREST/LOW", Explanation: "Guidance for CAT-CONFLICT_OF_INTEREST (Conflicts of interest.) at severity LOW: allowed [WRITTEN_WARNING, FINAL_WARNING], recommended WRITTEN_WARNING."},
			{Id: "AGGRAVATING:ABUSE_OF_POSITION", Explanation: "Aggravating circumstance: The subject abused a position. Moves the recommendation 1 step(s) heavier."},
			{Id: "ADJUSTED", Explanation: "Net adjustment of +1 step(s) along the allowed set [WRITTEN_WARNING, FINAL_WARNING]: recommendation WRITTEN_WARNING → FINAL_WARNING."},
		}}
	// What the case's service would allow: the manager decides an assessed case.
	var allowed []pb.CaseAction
	if pc.role == auth.RoleManager && pc.status == pb.CaseStatus_CASE_STATUS_ASSESSMENT {
		allowed = append(allowed, pb.CaseAction_CASE_ACTION_DECIDE_SANCTION)
	}
	d := sanctionData{
		caseBase:   caseBase{Ref: "MP-ABCDEFGH", Case: &pb.CaseDetail{Summary: &pb.CaseSummary{Status: pc.status}, AllowedActions: allowed}, Today: "2026-12-07"},
		Evaluation: ev,
		Comparable: &pb.LookupPrecedentsForCaseResponse{Hits: []*pb.PrecedentHit{hit}, Comparison: pc.cmp, Candidates: 1},
		Proposed:   "WRITTEN_WARNING", Allowed: map[string]bool{},
	}
	v := &view{Lang: lang, T: catalogue[lang], staff: &auth.Staff{Subject: "mgr", Roles: []auth.Role{pc.role}}}
	d.explain(v, parseRuleDoc(string(sanctions.DefaultJSON())))
	v.Data = d
	var b bytes.Buffer
	if err := tpl.Execute(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// visibleText is the text a reader sees on the page (without tags, attributes and scripts).
func visibleText(t *testing.T, page string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return strings.Join(strings.Fields(b.String()), " ")
}

// rawCode is a code of the system as the services spell it: WRITTEN_WARNING, CAT-…, GC-1.2,
// GUIDANCE:….
var rawCode = regexp.MustCompile(`\b[A-Z]{2,}_[A-Z_]+\b|\bCAT-|\bGC-\d|GUIDANCE|\[[A-Z_, ]+\]`)

// Without enough comparable proven cases the page says so in Dutch; a verdict says in Dutch how
// many cases it rests on; the English explanation of the API is not shown.
func TestTheSanctionVerdictIsInDutch(t *testing.T) {
	few := renderSanctionPage(t, "nl", sanctionPageCase{cmp: &pb.SanctionComparison{Verdict: "NO_BASIS", Basis: 1, Explanation: "Only 1 proven precedents of the same category are comparable enough."}})
	if !strings.Contains(few, "Niet genoeg vergelijkbare zaken") || strings.Contains(few, "Only 1") {
		t.Errorf("no basis: the page does not say it in Dutch:\n%s", verdictLine(few))
	}
	heavier := renderSanctionPage(t, "nl", sanctionPageCase{cmp: &pb.SanctionComparison{Verdict: "HEAVIER", Basis: 4, Explanation: "WRITTEN_WARNING is heavier than the middle."}})
	if !strings.Contains(heavier, "Zwaarder dan vergelijkbare zaken") || !strings.Contains(heavier, "Gebaseerd op 4 vergelijkbare bewezen zaken") ||
		strings.Contains(heavier, "heavier than") || strings.Contains(heavier, "WRITTEN_WARNING is") {
		t.Errorf("verdict: not in Dutch:\n%s", verdictLine(heavier))
	}
}

func verdictLine(page string) string {
	for _, l := range strings.Split(page, "\n") {
		if strings.Contains(l, "staff-verdict") {
			return l
		}
	}
	return "(no verdict on the page)"
}

// What the rules allow and recommend, and why, is said in words in the page's language: sanctions,
// norms and circumstances by their names, never the rule set's codes or the service's English.
func TestTheSanctionPageSaysTheRulesInWords(t *testing.T) {
	nl := visibleText(t, renderSanctionPage(t, "nl", sanctionPageCase{cmp: &pb.SanctionComparison{Verdict: "LIGHTER", Basis: 10, Explanation: "WRITTEN_WARNING is lighter than the middle of the 10 comparable precedents."}}))
	for _, want := range []string{
		"De regels staan toe: Schriftelijke waarschuwing of laatste waarschuwing.", "Aanbevolen: Schriftelijke waarschuwing.",
		"De richtlijn voor de norm voor belangenverstrengeling en onverenigbare functies, zwaarte licht. Toegestaan: schriftelijke waarschuwing of laatste waarschuwing; aanbevolen: schriftelijke waarschuwing.",
		"Verzwarende omstandigheid: Misbruik van een machts- of vertrouwenspositie",
		"zelfde norm: de norm voor belangenverstrengeling en onverenigbare functies",
	} {
		if !strings.Contains(nl, want) {
			t.Errorf("nl: %q is not on the page:\n%s", want, nl)
		}
	}
	if m := rawCode.FindAllString(nl, -1); m != nil {
		t.Errorf("nl: codes on the page: %q\n%s", m, nl)
	}
	for _, english := range []string{"Guidance", "allowed", "recommended", "lighter than", "Moves the", "step(s)"} {
		if strings.Contains(nl, english) {
			t.Errorf("nl: English %q on the page:\n%s", english, nl)
		}
	}
	en := visibleText(t, renderSanctionPage(t, "en", sanctionPageCase{}))
	for _, want := range []string{"The rules allow: Written warning or final warning.", "Recommended: Written warning.",
		"The guideline for the norm for conflicts of interest and incompatible positions, severity minor."} {
		if !strings.Contains(en, want) {
			t.Errorf("en: %q is not on the page:\n%s", want, en)
		}
	}
	if m := rawCode.FindAllString(en, -1); m != nil {
		t.Errorf("en: codes on the page: %q", m)
	}
}

// Each comparable case is one row of a short table — year, sanction, similarity, how it is
// alike, how it differs — and its text opens on request.
func TestTheSanctionPageTabulatesTheComparableCases(t *testing.T) {
	page := renderSanctionPage(t, "nl", sanctionPageCase{})
	row := regexp.MustCompile(`(?s)<tr class="utrecht-table__row"><th[^>]*>2024</th><td[^>]*>Schriftelijke waarschuwing</td><td[^>]*>90%</td>\s*<td[^>]*>norm, woorden</td>\s*<td[^>]*>bevindingen</td></tr>`)
	if !row.MatchString(page) {
		t.Errorf("no table row for the case:\n%s", page)
	}
	if !regexp.MustCompile(`(?s)<details><summary>Tekst van de zaak \(2024, Gemeente Utrecht\)</summary>\s*<p[^>]*>Een medewerker gunde[^<]*</p>\s*<p[^>]*><small>Overeenkomsten: zelfde norm: de norm voor belangenverstrengeling en onverenigbare functies; woorden: getreiterd ≈ pesten</small></p>\s*<p[^>]*><small>Verschillen: Deels bewezen</small></p></details>`).MatchString(page) {
		t.Errorf("the case's text is not behind a disclosure")
	}
	en := visibleText(t, renderSanctionPage(t, "en", sanctionPageCase{}))
	for _, want := range []string{"norm, words", "Alike: same norm: the norm for conflicts of interest and incompatible positions; words: getreiterd ≈ pesten", "Differences: other findings (not or partly proven)"} {
		if !strings.Contains(en, want) {
			t.Errorf("en: %q not on the page", want)
		}
	}
}

// The decision form comes before any case text, asks when the facts became known without
// guessing it, and only the manager of an assessed case gets it.
func TestTheSanctionDecisionForm(t *testing.T) {
	page := renderSanctionPage(t, "nl", sanctionPageCase{})
	form, text := strings.Index(page, `id="besluit-kop"`), strings.Index(page, "<details><summary>Tekst van de zaak")
	if form < 0 || text < 0 || form > text {
		t.Errorf("the decision form (at %d) does not come before the case texts (at %d)", form, text)
	}
	if !strings.Contains(page, `href="#besluit-kop"`) {
		t.Error("no link to the decision at the top of the page")
	}
	date := regexp.MustCompile(`<input type="date"[^>]*id="facts_known_at"[^>]*>`).FindString(page)
	if !strings.Contains(date, " required") || !strings.Contains(date, `value=""`) {
		t.Errorf("the date the facts became known is not required, or has a default: %s", date)
	}
	for _, pc := range []sanctionPageCase{{role: auth.RoleIntegrityTeam}, {status: pb.CaseStatus_CASE_STATUS_SANCTION}} {
		if p := renderSanctionPage(t, "nl", pc); strings.Contains(p, `id="besluit-kop"`) {
			t.Errorf("%s in %s: the decision form is offered", pc.role, pc.status)
		}
	}
}
