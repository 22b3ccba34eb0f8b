package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestBadInput: a report the form should not have sent is refused with an answer that names the
// field to fix, and nothing is stored.
func TestBadInput(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		staff := s.staffToken(t, "intake")

		// Too short a description.
		short := anonymousReport("too short")
		_, err := s.reporter.FileReport(ctx(t, ""), short)
		st := wantCode(t, err, codes.InvalidArgument)
		if !strings.Contains(st.Message(), "description") {
			t.Errorf("gRPC: %q does not name the field description", st.Message())
		}
		e := s.rest(t, http.MethodPost, "/v1/reports", "", map[string]any{
			"idempotencyKey": newKey(),
			"category":       "CATEGORY_BULLYING",
			"description":    "too short",
			"anonymity":      "ANONYMITY_ANONYMOUS",
		}).wantError(t, http.StatusBadRequest)
		if !strings.Contains(e.Message, "description") {
			t.Errorf("REST: %q does not name the field description", e.Message)
		}

		// Long enough but only blanks: the domain's own check, with a field violation detail.
		blank := anonymousReport(strings.Repeat(" ", 12))
		_, err = s.reporter.FileReport(ctx(t, ""), blank)
		st = wantCode(t, err, codes.InvalidArgument)
		if !strings.Contains(st.Message(), "description") || !slices.Contains(badRequestFields(st), "description") {
			t.Errorf("blank description: %q, field violations %v; want description named", st.Message(), badRequestFields(st))
		}

		// A confidential report without an identity.
		conf := anonymousReport("My manager asks me to backdate contracts every quarter.")
		conf.Anonymity = pb.Anonymity_ANONYMITY_CONFIDENTIAL
		_, err = s.reporter.FileReport(ctx(t, ""), conf)
		st = wantCode(t, err, codes.InvalidArgument)
		if !strings.Contains(st.Message(), "identity.name") || !slices.Contains(badRequestFields(st), "identity.name") {
			t.Errorf("confidential without identity: %q, field violations %v; want identity.name named",
				st.Message(), badRequestFields(st))
		}
		e = s.rest(t, http.MethodPost, "/v1/reports", "", map[string]any{
			"idempotencyKey": newKey(),
			"category":       "CATEGORY_CORRUPTION",
			"description":    conf.GetDescription(),
			"anonymity":      "ANONYMITY_CONFIDENTIAL",
		}).wantError(t, http.StatusBadRequest)
		if !strings.Contains(e.Message, "identity.name") {
			t.Errorf("REST: %q does not name identity.name", e.Message)
		}

		// An anonymous report must not carry an identity.
		named := anonymousReport("Someone takes laptops home and sells them online.")
		named.Identity = &pb.ReporterIdentity{Name: "Jan"}
		_, err = s.reporter.FileReport(ctx(t, ""), named)
		st = wantCode(t, err, codes.InvalidArgument)
		if !strings.Contains(st.Message(), "identity") {
			t.Errorf("anonymous with identity: %q does not name identity", st.Message())
		}

		// No category, and a key that is not a UUID.
		nocat := anonymousReport("The new policy is applied to some colleagues only.")
		nocat.Category = pb.Category_CATEGORY_UNSPECIFIED
		_, err = s.reporter.FileReport(ctx(t, ""), nocat)
		if st := wantCode(t, err, codes.InvalidArgument); !strings.Contains(st.Message(), "category") {
			t.Errorf("no category: %q does not name category", st.Message())
		}
		badKey := anonymousReport("The new policy is applied to some colleagues only.")
		badKey.IdempotencyKey = "not-a-uuid"
		_, err = s.reporter.FileReport(ctx(t, ""), badKey)
		if st := wantCode(t, err, codes.InvalidArgument); !strings.Contains(st.Message(), "idempotency_key") {
			t.Errorf("bad key: %q does not name idempotency_key", st.Message())
		}

		// A body that is not a report object is a 400, not a 500.
		s.rest(t, http.MethodPost, "/v1/reports", "", "{not json").wantError(t, http.StatusBadRequest)

		// Nothing was stored.
		if cs := s.listCases(t, staff); len(cs) != 0 {
			t.Errorf("after only refused reports staff see %d cases: %v", len(cs), cs)
		}
	})
}
