package transport

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

func TestCheckText(t *testing.T) {
	ok := "Someone takes laptops home and sells them."
	for _, c := range []struct {
		name  string
		req   any
		field string // "" : accepted
		why   string
	}{
		{"clean", &pb.FileReportRequest{Description: ok, Subjects: []string{"Jan"}, Identity: &pb.ReporterIdentity{Name: "Jan"}}, "", ""},
		{"not a message", "text\x00", "", ""},
		{"top-level NUL", &pb.FileReportRequest{Description: "a\x00b"}, "description", "NUL"},
		{"invalid UTF-8", &pb.FileReportRequest{Description: ok, OccurredWhere: "caf\xe9"}, "occurred_where", "UTF-8"},
		{"repeated", &pb.FileReportRequest{Description: ok, Subjects: []string{"Jan", "Piet", "K\x00"}}, "subjects[2]", "NUL"},
		{"nested", &pb.FileReportRequest{Description: ok, Identity: &pb.ReporterIdentity{Name: "Jan\x00"}}, "identity.name", "NUL"},
		{"deeper nested", &pb.CreateAdviserRequest{StaffSubject: "f", Profile: &pb.AdviserProfile{Name: "F", Languages: []string{"nl", "\xff"}}}, "profile.languages[1]", "UTF-8"},
		{"unknown enum number", &pb.FileReportRequest{Description: ok, Category: pb.Category(999)}, "category", "999"},
		{"unknown enum number in a list", &pb.FileReportRequest{Description: ok, DiscriminationGrounds: []pb.DiscriminationGround{1, 999}}, "discrimination_grounds[1]", "999"},
		{"map value", &structpb.Struct{Fields: map[string]*structpb.Value{"k": structpb.NewStringValue("v\x00")}}, `fields["k"].string_value`, "NUL"},
		{"map key", &structpb.Struct{Fields: map[string]*structpb.Value{"k\x00": structpb.NewNullValue()}}, "fields", "key"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := checkText(c.req)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			st, _ := status.FromError(err)
			if st.Code() != codes.InvalidArgument || !strings.Contains(st.Message(), c.field) || !strings.Contains(st.Message(), c.why) {
				t.Fatalf("%v; want InvalidArgument naming %s (%s)", err, c.field, c.why)
			}
			var fields []string
			for _, d := range st.Details() {
				if br, ok := d.(*errdetails.BadRequest); ok {
					for _, v := range br.GetFieldViolations() {
						fields = append(fields, v.GetField())
					}
				}
			}
			if !slices.Equal(fields, []string{c.field}) {
				t.Errorf("field violations %v, want [%s]", fields, c.field)
			}
		})
	}
}

// TestTextCodec: a request with invalid UTF-8 on the wire decodes with the string replaced, so
// that checkText names the field; a valid one decodes as usual.
func TestTextCodec(t *testing.T) {
	encode := func(m proto.Message, placeholder, with string) mem.BufferSlice {
		b, err := proto.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.Replace(b, []byte(placeholder), []byte(with), 1)
		return mem.BufferSlice{mem.SliceBuffer(b)}
	}
	c := newTextCodec()
	for _, tc := range []struct {
		name  string
		req   proto.Message
		field string
	}{
		{"top level", &pb.FileReportRequest{Description: "Someone takes laptops home.", OccurredWhere: "XXXX"}, "occurred_where"},
		{"nested", &pb.FileReportRequest{Description: "Someone takes laptops home.", Identity: &pb.ReporterIdentity{Name: "XXXX"}}, "identity.name"},
		{"repeated", &pb.FileReportRequest{Subjects: []string{"Jan", "XXXX"}}, "subjects[1]"},
		{"map value", &structpb.Struct{Fields: map[string]*structpb.Value{"k": structpb.NewStringValue("XXXX")}}, `fields["k"].string_value`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.req.ProtoReflect().New().Interface()
			if err := c.Unmarshal(encode(tc.req, "XXXX", "\xff\xfe\xe9a"), got); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			st, _ := status.FromError(checkText(got))
			if st.Code() != codes.InvalidArgument || !strings.Contains(st.Message(), tc.field+" is not valid UTF-8") {
				t.Errorf("%v; want InvalidArgument: %s is not valid UTF-8", st.Err(), tc.field)
			}
			clean := tc.req.ProtoReflect().New().Interface()
			if err := c.Unmarshal(encode(tc.req, "", ""), clean); err != nil || !proto.Equal(clean, tc.req) {
				t.Errorf("valid message: %v, %v; want %v", err, clean, tc.req)
			}
		})
	}
	// Garbage that is not about UTF-8: the standard codec's error.
	if err := c.Unmarshal(mem.BufferSlice{mem.SliceBuffer([]byte{0xff})}, &pb.FileReportRequest{}); err == nil {
		t.Error("garbage decoded")
	}
}
