package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/metadata"

	"github.com/utrecht/meldpunt/internal/browsertest"
	"github.com/utrecht/meldpunt/internal/cases"
)

// pageForms are the staff pages' forms (by the end of their address) and the case action each
// takes; the rules section of the sanction page is the evaluation.
var pageForms = []struct {
	path   *regexp.Regexp
	action cases.Action
}{
	{regexp.MustCompile(`^/ontvangst$`), cases.ActionAcknowledge},
	{regexp.MustCompile(`^/bericht$`), cases.ActionSendMessage},
	{regexp.MustCompile(`^/vertrouwenspersoon$`), cases.ActionAssignAdviser},
	{regexp.MustCompile(`^/betrokkene$`), cases.ActionLinkSubject},
	{regexp.MustCompile(`^/toestemming$`), cases.ActionRecordConsent},
	{regexp.MustCompile(`^/gesprek(/[0-9a-f-]+)?$`), cases.ActionLogConversation},
	{regexp.MustCompile(`^/verslag$`), cases.ActionRecordOralReport},
	{regexp.MustCompile(`^/begeleiding-beeindigen$`), cases.ActionEndSupport},
	{regexp.MustCompile(`^/afsluiten$`), cases.ActionCloseCase},
	{regexp.MustCompile(`^/wegen$`), cases.ActionWeigh},
	{regexp.MustCompile(`^/onderzoek-starten$`), cases.ActionStartInvestigation},
	{regexp.MustCompile(`^/onderzoek/aantijging$`), cases.ActionAddAllegation},
	{regexp.MustCompile(`^/onderzoek/interview$`), cases.ActionRecordInterview},
	{regexp.MustCompile(`^/onderzoek/interview/[0-9a-f-]+/goedgekeurd$`), cases.ActionApproveInterview},
	{regexp.MustCompile(`^/onderzoek/bewijs$`), cases.ActionUploadEvidence},
	{regexp.MustCompile(`^/onderzoek/gehoord$`), cases.ActionRecordHearing},
	{regexp.MustCompile(`^/onderzoek/bevindingen$`), cases.ActionSetFindings},
	{regexp.MustCompile(`^/onderzoek/beoordeling$`), cases.ActionRecordAssessment},
	{regexp.MustCompile(`^/onderzoek/schorsing$`), cases.ActionSetSuspension},
	{regexp.MustCompile(`^/sanctie/besluit$`), cases.ActionDecideSanction},
	{regexp.MustCompile(`^/sanctie/afsluiten$`), cases.ActionCloseAfterAssessment},
	{regexp.MustCompile(`^/sanctie/concept$`), cases.ActionDraftPrecedent},
}

// TestStaffPagesOfferExactlyTheAllowedActions opens the pages of a case at each stage of its
// life in Chromium as intake, the assigned adviser, the accountable manager and the
// investigator, and checks that together they offer exactly the actions the capability table
// allows that person there: no form the server would refuse, none missing.
func TestStaffPagesOfferExactlyTheAllowedActions(t *testing.T) {
	axeJS, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("the vendored axe-core is missing (run scripts/fetch-axe): %v", err)
	}
	s := startServer(t, "sqlite")
	s.importOrg(t)
	s.importOrgExtra(t)
	annaID := s.createAdviser(t, "anna", "Anna de Vries")
	basID := s.createAdviser(t, "bas", "Bas Jansen")
	tokens := map[string]context.Context{}
	as := func(user string) context.Context {
		if c, ok := tokens[user]; ok {
			return c
		}
		for _, c := range capCallers {
			if c.user == user {
				tokens[user] = metadata.AppendToOutgoingContext(t.Context(), "authorization", "Bearer "+s.tokenFor(t, c.user, c.role))
				return tokens[user]
			}
		}
		t.Fatalf("no caller %s", user)
		return nil
	}
	built := map[string]*capCase{}
	for _, st := range capStages {
		k, err := capBuild(s, as, annaID, basID, st.steps)
		if err != nil {
			t.Fatalf("building a case to %s: %v", st.name, err)
		}
		built[st.name] = k
	}

	b := &staffTab{checker: &checker{tab: startBrowser(t, s, 240*time.Second), axe: string(axeJS), dir: browsertest.ArtefactDir(t),
		found: &axeFound{findings: []axeFinding{}, incomplete: map[string][]string{}}}, checked: map[string]bool{}}
	b.dutch()
	people := []struct {
		caller, name string
		pages        []string
	}{
		{"intake", "Ivo Intake", []string{""}},
		{"adviser:assigned", "Anna de Vries", []string{""}},
		{"manager:escalated-to", "Bert Bakker", []string{"", "/onderzoek", "/sanctie"}},
		{"integrity_team:on-the-team", "Ilse Teunissen", []string{"", "/onderzoek", "/sanctie"}},
	}
	for _, p := range people {
		i := slices.IndexFunc(capCallers, func(c capCaller) bool { return c.name == p.caller })
		caller := capCallers[i]
		b.signIn(caller.user, p.name, caller.role)
		for _, st := range capStages {
			k := built[st.name]
			want := cases.AllowedActions(st.view, caller.actor(st))
			// Approving minutes is offered on each interview not yet approved; the first is
			// recorded with the start of the fact-finding.
			if k.interview == "" {
				want = slices.DeleteFunc(want, func(a cases.Action) bool { return a == cases.ActionApproveInterview })
			}
			var offered []cases.Action
			for _, page := range p.pages {
				path := "/medewerkers/zaken/" + k.ref + page
				readable := slices.Contains([]string{"intake", "adviser:assigned"}, p.caller) ||
					(p.caller == "manager:escalated-to" && st.escalated) || (p.caller == "integrity_team:on-the-team" && st.investigated)
				status := int64(200)
				if !readable {
					status = 404 // not theirs (yet): no page at all
				}
				b.open("staff/"+p.caller+"/"+st.name+page, path, status)
				forms := eval[[]string](b.tab, `Array.from(document.querySelectorAll('main form[method="post"]')).map(f => f.getAttribute("action"))`)
				for _, f := range forms {
					rest, ok := strings.CutPrefix(f, "/medewerkers/zaken/"+k.ref)
					if !ok {
						t.Errorf("%s: a form posts to %s", b.page, f)
						continue
					}
					var took []cases.Action
					if rest == "/escaleren" {
						// One form escalates a case in support and passes one waiting to be weighed on.
						took = slices.DeleteFunc([]cases.Action{cases.ActionEscalate, cases.ActionReroute}, func(a cases.Action) bool { return !slices.Contains(want, a) })
						if len(took) == 0 {
							took = []cases.Action{cases.ActionEscalate}
						}
					}
					for _, pf := range pageForms {
						if pf.path.MatchString(rest) {
							took = append(took, pf.action)
						}
					}
					if len(took) == 0 {
						t.Errorf("%s: a form posts to %s, which takes no known case action", b.page, f)
					}
					for _, a := range took {
						if !slices.Contains(offered, a) {
							offered = append(offered, a)
						}
					}
				}
				if eval[bool](b.tab, `!!document.getElementById("regels-kop")`) && !slices.Contains(offered, cases.ActionEvaluateSanction) {
					offered = append(offered, cases.ActionEvaluateSanction)
				}
			}
			slices.Sort(offered)
			sorted := slices.Sorted(slices.Values(want))
			if !slices.Equal(offered, sorted) {
				t.Errorf("%s, %s case: the pages offer %v, the table allows %v", p.caller, st.name, offered, sorted)
			}
		}
	}
}
