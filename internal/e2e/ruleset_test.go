package e2e

import (
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestTheRulesAreKnownToEveryone: an anonymous visitor reads the code of conduct and the sanction
// guidance over REST; HR publishes a new version; nobody else can.
func TestTheRulesAreKnownToEveryone(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		var got struct {
			RuleSet struct {
				Version string `json:"version"`
				Norms   []struct {
					ID            string `json:"id"`
					TextNl        string `json:"textNl"`
					ZeroTolerance bool   `json:"zeroTolerance"`
				} `json:"norms"`
				Document string `json:"document"`
			} `json:"ruleSet"`
		}
		s.rest(t, "GET", "/v1/ruleset", "", nil).want(t, 200, &got)
		var discrimination bool
		for _, n := range got.RuleSet.Norms {
			if n.ID == "GC-1.2" && n.ZeroTolerance && strings.Contains(n.TextNl, "discrimineert") {
				discrimination = true
			}
		}
		if got.RuleSet.Version == "" || !discrimination {
			t.Fatalf("the public rule set lacks the zero-tolerance rule on discrimination: %+v", got.RuleSet.Norms)
		}

		next := strings.Replace(got.RuleSet.Document, `"version": "`+got.RuleSet.Version+`"`, `"version": "v1.1"`, 1)
		_, err := s.ruleSets().PublishRuleSet(ctx(t, s.tokenFor(t, "ivo", "intake")), &pb.PublishRuleSetRequest{Document: next})
		wantCode(t, err, codes.PermissionDenied)
		if _, err := s.ruleSets().PublishRuleSet(ctx(t, s.tokenFor(t, "hanna", "hr")), &pb.PublishRuleSetRequest{Document: next}); err != nil {
			t.Fatalf("HR publishes a new version: %v", err)
		}
		vs, err := s.ruleSets().ListRuleSets(ctx(t, ""), &pb.ListRuleSetsRequest{})
		if err != nil || len(vs.GetVersions()) != 2 {
			t.Fatalf("published versions: %v %v", vs, err)
		}
	})
}

func (s *server) ruleSets() pb.RuleSetServiceClient { return pb.NewRuleSetServiceClient(s.conn) }
