package e2e

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestBadInputText: text with a NUL character (which PostgreSQL cannot store) is refused on
// every RPC, over gRPC and REST, with 400 / InvalidArgument naming the field, and nothing is
// stored.
func TestBadInputText(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		staff := s.staffToken(t, "intake")
		admin := s.staffToken(t, "admin")
		integrity := s.staffToken(t, "integrity_team")
		advisers := pb.NewAdviserServiceClient(s.conn)
		const nul = "Someone\x00 takes laptops home and sells them."

		named := func(t *testing.T, msg string, fields []string, want string) {
			t.Helper()
			if !strings.Contains(msg, want) {
				t.Errorf("%q does not name %s", msg, want)
			}
			if fields != nil && !slices.Contains(fields, want) {
				t.Errorf("field violations %v do not name %s", fields, want)
			}
		}

		grpcCases := []struct {
			name  string
			call  func() error
			field string
		}{
			{"FileReport description", func() error {
				_, err := s.reporter.FileReport(ctx(t, ""), anonymousReport(nul))
				return err
			}, "description"},
			{"FileReport subject", func() error {
				r := anonymousReport("Someone takes laptops home and sells them.")
				r.Subjects = []string{"Jan", "Piet", "K\x00"}
				_, err := s.reporter.FileReport(ctx(t, ""), r)
				return err
			}, "subjects[2]"},
			{"FileReport identity", func() error {
				r := anonymousReport("Someone takes laptops home and sells them.")
				r.Anonymity = pb.Anonymity_ANONYMITY_CONFIDENTIAL
				r.Identity = &pb.ReporterIdentity{Name: "Jan\x00"}
				_, err := s.reporter.FileReport(ctx(t, ""), r)
				return err
			}, "identity.name"},
			{"CreateAdviser name", func() error {
				_, err := advisers.CreateAdviser(ctx(t, admin), &pb.CreateAdviserRequest{
					StaffSubject: "fatma", Profile: &pb.AdviserProfile{Name: "Fatma\x00", Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL},
				})
				return err
			}, "profile.name"},
			{"LookupPrecedents text", func() error {
				_, err := s.precedents.LookupPrecedents(ctx(t, integrity), &pb.LookupPrecedentsRequest{
					Query: &pb.PrecedentQuery{Text: "opmerkingen\x00 over afkomst"},
				})
				return err
			}, "query.text"},
		}
		// Invalid UTF-8 cannot be marshalled by a Go client; it is sent as raw bytes.
		grpcCases = append(grpcCases, struct {
			name  string
			call  func() error
			field string
		}{"FileReport invalid UTF-8", func() error {
			r := anonymousReport("Someone takes laptops home and sells them.")
			r.OccurredWhere = "PLACEHOLDER"
			b, err := proto.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			b = bytes.Replace(b, []byte("PLACEHOLDER"), []byte("caf\xe9 \xff\xfe  "), 1)
			return s.conn.Invoke(ctx(t, ""), pb.ReporterService_FileReport_FullMethodName, rawMessage(b), &pb.FileReportResponse{},
				grpc.ForceCodecV2(rawCodec{}))
		}, "occurred_where"})
		for _, c := range grpcCases {
			st := wantCode(t, c.call(), codes.InvalidArgument)
			named(t, st.Message(), badRequestFields(st), c.field)
		}

		restCases := []struct {
			name, path, token string
			body              map[string]any
			field             string
		}{
			{"FileReport description", "/v1/reports", "", map[string]any{
				"idempotencyKey": newKey(), "category": "CATEGORY_BULLYING",
				"description": nul, "anonymity": "ANONYMITY_ANONYMOUS",
			}, "description"},
			{"FileReport where", "/v1/reports", "", map[string]any{
				"idempotencyKey": newKey(), "category": "CATEGORY_BULLYING",
				"description": "Someone takes laptops home and sells them.", "anonymity": "ANONYMITY_ANONYMOUS",
				"occurredWhere": "floor\x003",
			}, "occurred_where"},
			{"CreateAdviser name", "/v1/advisers", admin, map[string]any{
				"staffSubject": "ext-bureau-1",
				"profile":      map[string]any{"name": "Bureau\x00", "kind": "ADVISER_KIND_EXTERNAL"},
			}, "profile.name"},
			{"LookupPrecedents text", "/v1/precedents:lookup", integrity, map[string]any{
				"query": map[string]any{"text": "opmerkingen\x00 over afkomst"},
			}, "query.text"},
		}
		for _, c := range restCases {
			t.Run("REST "+c.name, func(t *testing.T) {
				e := s.rest(t, http.MethodPost, c.path, c.token, c.body).wantError(t, http.StatusBadRequest)
				named(t, e.Message, nil, c.field)
			})
		}

		// Nothing was stored.
		if cs := s.listCases(t, staff); len(cs) != 0 {
			t.Errorf("after only refused reports staff see %d cases: %v", len(cs), cs)
		}
		all, err := advisers.ListAllAdvisers(ctx(t, admin), &pb.ListAllAdvisersRequest{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range all.GetAdvisers() {
			if sub := a.GetStaffSubject(); sub == "fatma" || sub == "ext-bureau-1" {
				t.Errorf("refused adviser stored: %v", a)
			}
		}
	})
}

// TestBadInputUnknown: a field the request does not have (a misspelling) and an enum value that
// does not exist are refused with 400 naming them, not silently dropped; nothing is stored.
func TestBadInputUnknown(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		staff := s.staffToken(t, "intake")
		report := func(extra map[string]any) map[string]any {
			b := map[string]any{
				"idempotencyKey": newKey(), "category": "CATEGORY_BULLYING",
				"description": "Someone takes laptops home and sells them.", "anonymity": "ANONYMITY_ANONYMOUS",
			}
			for k, v := range extra {
				b[k] = v
			}
			return b
		}
		for _, c := range []struct {
			extra map[string]any
			want  string
		}{
			{map[string]any{"occuredWhere": "the third floor"}, "occuredWhere"},
			{map[string]any{"category": 999}, "category"},
			{map[string]any{"category": "CATEGORY_NO_SUCH"}, "CATEGORY_NO_SUCH"},
			{map[string]any{"discriminationGrounds": []any{999}}, "discrimination_grounds"},
		} {
			e := s.rest(t, http.MethodPost, "/v1/reports", "", report(c.extra)).wantError(t, http.StatusBadRequest)
			if !strings.Contains(e.Message, c.want) {
				t.Errorf("%v: %q does not name %s", c.extra, e.Message, c.want)
			}
		}
		if cs := s.listCases(t, staff); len(cs) != 0 {
			t.Errorf("after only refused reports staff see %d cases: %v", len(cs), cs)
		}
	})
}

// rawMessage is an encoded request, sent as is with rawCodec.
type rawMessage []byte

// rawCodec sends a rawMessage unchanged and decodes answers as proto.
type rawCodec struct{}

func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	return mem.BufferSlice{mem.SliceBuffer(v.(rawMessage))}, nil
}

func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	return proto.Unmarshal(data.Materialize(), v.(proto.Message))
}

func (rawCodec) Name() string { return "proto" }
