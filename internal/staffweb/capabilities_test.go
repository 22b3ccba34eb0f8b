package staffweb

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/cases"
)

// TestThePagesOfferEveryAction: every action of the domain's capability table has its form on
// a page (shown when the case's allowed actions include it), and the pages ask only about
// actions the API names. The evaluation of a sanction is the sanction page itself.
func TestThePagesOfferEveryAction(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("templates", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	can := regexp.MustCompile(`\.Can "([A-Z_]+)"`)
	asked := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range can.FindAllStringSubmatch(string(b), -1) {
			if _, ok := pb.CaseAction_value["CASE_ACTION_"+m[1]]; !ok {
				t.Errorf("%s asks about %s, which the API does not name", f, m[1])
			}
			asked[m[1]] = true
		}
	}
	for _, a := range cases.Actions() {
		if a != cases.ActionEvaluateSanction && !asked[string(a)] {
			t.Errorf("no page offers the action %s", a)
		}
	}
}
