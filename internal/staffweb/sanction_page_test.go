package staffweb

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
)

// renderSanctionPage renders the sanction page's comparison of a proposed sanction in lang.
func renderSanctionPage(t *testing.T, lang string, cmp *pb.SanctionComparison) string {
	t.Helper()
	tpl, err := template.New("layout.html").Funcs(funcsFor(lang)).ParseFS(templateFS, "templates/layout.html", "templates/parts.html", "templates/page_sanction.html")
	if err != nil {
		t.Fatal(err)
	}
	hit := &pb.PrecedentHit{Precedent: &pb.Precedent{Year: 2024, SourceOrganisation: "Gemeente Utrecht", Sanction: "WRITTEN_WARNING", Summary: "Pesten."}, Score: 0.9,
		Reasons:     []*pb.MatchReason{{Kind: "TEXT", Words: []string{"getreiterd ≈ pesten"}, Text: "Woorden: getreiterd ≈ pesten"}},
		Differences: []*pb.PrecedentDifference{{Kind: "FINDINGS", Text: "Deels bewezen"}}}
	d := sanctionData{
		caseBase:   caseBase{Ref: "MP-ABCDEFGH", Case: &pb.CaseDetail{Summary: &pb.CaseSummary{Status: pb.CaseStatus_CASE_STATUS_ASSESSMENT}}},
		Evaluation: &pb.SanctionEvaluation{RuleSetVersion: "1"},
		Comparable: &pb.LookupPrecedentsForCaseResponse{Hits: []*pb.PrecedentHit{hit}, Comparison: cmp, Candidates: 1},
		Proposed:   "WRITTEN_WARNING", Allowed: map[string]bool{},
	}
	v := &view{Lang: lang, T: catalogue[lang], Data: d, staff: &auth.Staff{Subject: "mgr"}}
	var b bytes.Buffer
	if err := tpl.Execute(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Without enough comparable proven cases the page says so in Dutch; a verdict says in Dutch how
// many cases it rests on; the English explanation of the API is not shown.
func TestTheSanctionVerdictIsInDutch(t *testing.T) {
	few := renderSanctionPage(t, "nl", &pb.SanctionComparison{Verdict: "NO_BASIS", Basis: 1, Explanation: "Only 1 proven precedents of the same category are comparable enough."})
	if !strings.Contains(few, "Niet genoeg vergelijkbare zaken") || strings.Contains(few, "Only 1") {
		t.Errorf("no basis: the page does not say it in Dutch:\n%s", verdictLine(few))
	}
	heavier := renderSanctionPage(t, "nl", &pb.SanctionComparison{Verdict: "HEAVIER", Basis: 4, Explanation: "WRITTEN_WARNING is heavier than the middle."})
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

// Each comparable precedent says how it is alike (paraphrases as such) and how it differs.
func TestTheSanctionPageSaysHowPrecedentsAreAlikeAndDiffer(t *testing.T) {
	nl := renderSanctionPage(t, "nl", nil)
	for _, want := range []string{"Overeenkomsten: Woorden: getreiterd ≈ pesten", "Verschillen: Deels bewezen"} {
		if !strings.Contains(nl, want) {
			t.Errorf("nl: %q not on the page", want)
		}
	}
	en := renderSanctionPage(t, "en", nil)
	for _, want := range []string{"Alike: words: getreiterd ≈ pesten", "Differences: other findings (not or partly proven)"} {
		if !strings.Contains(en, want) {
			t.Errorf("en: %q not on the page", want)
		}
	}
}
