package e2e

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// restWith is rest with extra request headers.
func (s *server) restWith(t *testing.T, method, path, token string, body any, header ...string) restResp {
	t.Helper()
	saved := s.headers
	s.headers = http.Header{}
	for k, vs := range saved {
		s.headers[k] = vs
	}
	for i := 0; i+1 < len(header); i += 2 {
		s.headers.Set(header[i], header[i+1])
	}
	defer func() { s.headers = saved }()
	return s.rest(t, method, path, token, body)
}

// etagOf is the version an answer's ETag names; it fails the test without one.
func etagOf(t *testing.T, r restResp) int64 {
	t.Helper()
	tag := r.Header.Get("ETag")
	s, err := strconv.Unquote(tag)
	if err != nil {
		t.Fatalf("ETag %q is not a strong quoted tag (HTTP %d)", tag, r.Status)
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		t.Fatalf("ETag %q does not name a version", tag)
	}
	return v
}

// TestVersionAsETagWithIfMatch: over REST a case and an adviser carry their version as a strong
// ETag; an update with If-Match naming the current version goes through and answers the new ETag,
// one with a stale If-Match is answered 412 with a google.rpc.Status whose reason is
// ETAG_MISMATCH and changes nothing, and If-Match beside a different version in the body is 400.
// The version field keeps working over REST and gRPC (a stale one stays 409 / Aborted).
func TestVersionAsETagWithIfMatch(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		annaID := s.createAdviser(t, "anna", "Anna de Vries")
		basID := s.createAdviser(t, "bas", "Bas Jansen")
		intake := s.tokenFor(t, "ivo", "intake")
		admin := s.tokenFor(t, "admin-1", "admin")
		ref := s.fileReport(t, anonymousReport("My team lead shouts at me in every meeting. "+randHex(4))).GetCaseReference()

		type caseAnswer struct {
			Case struct {
				Summary struct {
					AdviserID string `json:"adviserId"`
				} `json:"summary"`
				Version string `json:"version"`
			} `json:"case"`
		}
		get := func() (caseAnswer, int64) {
			t.Helper()
			r := s.rest(t, "GET", "/v1/cases/"+ref, intake, nil)
			var c caseAnswer
			r.want(t, 200, &c)
			v := etagOf(t, r)
			if strconv.FormatInt(v, 10) != c.Case.Version {
				t.Fatalf("ETag %d, body version %s", v, c.Case.Version)
			}
			return c, v
		}
		_, v1 := get()

		// The current version as If-Match, none in the body: done, with the new version as ETag.
		r := s.restWith(t, "POST", "/v1/cases/"+ref+":assignAdviser", intake, map[string]any{"adviserId": annaID},
			"If-Match", strconv.Quote(strconv.FormatInt(v1, 10)))
		var assigned struct {
			Case struct {
				Version string `json:"version"`
			} `json:"case"`
		}
		r.want(t, 200, &assigned)
		v2 := etagOf(t, r)
		if v2 <= v1 || assigned.Case.Version != strconv.FormatInt(v2, 10) {
			t.Fatalf("after the update: ETag %d (before %d), body version %s", v2, v1, assigned.Case.Version)
		}

		// The stale version as If-Match: 412, ETAG_MISMATCH, and Anna stays the adviser.
		r = s.restWith(t, "POST", "/v1/cases/"+ref+":assignAdviser", intake, map[string]any{"adviserId": basID},
			"If-Match", strconv.Quote(strconv.FormatInt(v1, 10)))
		wantETagMismatch(t, r)
		if c, v := get(); c.Case.Summary.AdviserID != annaID || v != v2 {
			t.Fatalf("a stale If-Match changed the case: adviser %s, version %d (want %d)", c.Case.Summary.AdviserID, v, v2)
		}
		// A weak tag never matches If-Match.
		wantETagMismatch(t, s.restWith(t, "POST", "/v1/cases/"+ref+":assignAdviser", intake, map[string]any{"adviserId": basID},
			"If-Match", `W/"`+strconv.FormatInt(v2, 10)+`"`))

		// If-Match and a different version in the body: 400 naming the field; nothing changes.
		e := s.restWith(t, "POST", "/v1/cases/"+ref+":assignAdviser", intake, map[string]any{"adviserId": basID, "version": v1},
			"If-Match", strconv.Quote(strconv.FormatInt(v2, 10))).wantError(t, 400)
		if e.Message == "" {
			t.Fatal("400 without a message")
		}
		// Not an entity tag: 400.
		s.restWith(t, "POST", "/v1/cases/"+ref+":assignAdviser", intake, map[string]any{"adviserId": basID},
			"If-Match", strconv.FormatInt(v2, 10)).wantError(t, 400)
		if c, v := get(); c.Case.Summary.AdviserID != annaID || v != v2 {
			t.Fatalf("a refused If-Match changed the case: adviser %s, version %d", c.Case.Summary.AdviserID, v)
		}

		// The version field as before: stale is 409 over REST and Aborted over gRPC.
		s.rest(t, "POST", "/v1/cases/"+ref+":assignAdviser", intake, map[string]any{"adviserId": basID, "version": v1}).wantError(t, 409)
		_, err := s.cases.AssignAdviser(ctx(t, intake), &pb.AssignAdviserRequest{CaseReference: ref, AdviserId: basID, Version: v1})
		wantCode(t, err, codes.Aborted)
		r = s.rest(t, "POST", "/v1/cases/"+ref+":assignAdviser", intake, map[string]any{"adviserId": basID, "version": v2})
		r.want(t, 200, nil)
		if v3 := etagOf(t, r); v3 <= v2 {
			t.Fatalf("ETag %d after an update from version %d", v3, v2)
		}

		// PATCH of an adviser: the same rules.
		profile := map[string]any{"name": "Anna de Vries", "kind": "ADVISER_KIND_INTERNAL", "languages": []string{"nl", "en"}}
		r = s.restWith(t, "PATCH", "/v1/advisers/"+annaID, admin, map[string]any{"profile": profile}, "If-Match", `"1"`)
		r.want(t, 200, nil)
		av := etagOf(t, r)
		if av <= 1 {
			t.Fatalf("adviser ETag %d after an update of version 1", av)
		}
		profile["languages"] = []string{"nl"}
		wantETagMismatch(t, s.restWith(t, "PATCH", "/v1/advisers/"+annaID, admin, map[string]any{"profile": profile}, "If-Match", `"1"`))
		r = s.restWith(t, "PATCH", "/v1/advisers/"+annaID, admin, map[string]any{"profile": profile}, "If-Match", strconv.Quote(strconv.FormatInt(av, 10)))
		r.want(t, 200, nil)
		if etagOf(t, r) <= av {
			t.Fatal("the adviser's ETag did not move on")
		}
	})
}

// wantETagMismatch asserts a 412 whose body is a google.rpc.Status with an ErrorInfo of reason
// ETAG_MISMATCH.
func wantETagMismatch(t *testing.T, r restResp) {
	t.Helper()
	var st struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Details []struct {
			Type   string `json:"@type"`
			Reason string `json:"reason"`
		} `json:"details"`
	}
	if r.Status != http.StatusPreconditionFailed {
		t.Fatalf("HTTP %d, want 412: %s", r.Status, r.Body)
	}
	if err := json.Unmarshal(r.Body, &st); err != nil || st.Message == "" {
		t.Fatalf("412 body %s: %v", r.Body, err)
	}
	for _, d := range st.Details {
		if d.Type == "type.googleapis.com/google.rpc.ErrorInfo" && d.Reason == "ETAG_MISMATCH" {
			return
		}
	}
	t.Fatalf("412 without ErrorInfo ETAG_MISMATCH: %s", r.Body)
}
