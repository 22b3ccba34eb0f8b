package apidoc_test

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apidoc"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/transport"
)

type operation struct {
	OperationID string                `json:"operationId"`
	Description string                `json:"description"`
	Summary     string                `json:"summary"`
	Security    []map[string][]string `json:"security"`
	Roles       []string              `json:"x-meldpunt-roles"`
	Access      string                `json:"x-meldpunt-access"`
	Responses   map[string]any        `json:"responses"`
	Parameters  []struct {
		Name, In string
		Schema   struct{ Enum []string }
	} `json:"parameters"`
}

// answer is an operation's answer (a 200): its media types and headers.
type answer struct {
	Content map[string]struct {
		Schema  struct{ Type, Format string }
		Example any
	}
	Headers map[string]struct {
		Description string
		Example     any
	}
}

func (op operation) answer(t *testing.T, code string) answer {
	t.Helper()
	var a answer
	b, _ := json.Marshal(op.Responses[code])
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func (op operation) param(name, in string) bool {
	for _, p := range op.Parameters {
		if p.Name == name && p.In == in {
			return true
		}
	}
	return false
}

func published(t *testing.T) document {
	t.Helper()
	var doc document
	if err := json.Unmarshal(pb.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

type document struct {
	OpenAPI string `json:"openapi"`
	Info    struct {
		Title, Version string
	} `json:"info"`
	Paths map[string]map[string]operation `json:"paths"`
}

// The published document says, for every operation, exactly who the server lets call it.
func TestDocumentShowsTheAuthorizationTable(t *testing.T) {
	var doc document
	if err := json.Unmarshal(pb.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info.Title != "Meldpunt API" || doc.Info.Version != pb.APIVersion {
		t.Fatalf("openapi %q, title %q, version %q; want OpenAPI 3, Meldpunt API, %s", doc.OpenAPI, doc.Info.Title, doc.Info.Version, pb.APIVersion)
	}
	table := map[string]transport.MethodAccess{}
	for _, m := range transport.AuthorizationTable() {
		table[m.Method] = m
	}
	n := 0
	for route, item := range doc.Paths {
		for verb, op := range item {
			n++
			svc, method, _ := strings.Cut(op.OperationID, "_")
			row, ok := table["/meldpunt.v1."+svc+"/"+method]
			if !ok {
				t.Errorf("%s %s (%s): not in the authorization table", verb, route, op.OperationID)
				continue
			}
			if op.Access != row.Access || !slices.Equal(op.Roles, row.Roles) {
				t.Errorf("%s %s (%s): document says %s %v, the server enforces %s %v", verb, route, op.OperationID, op.Access, op.Roles, row.Access, row.Roles)
			}
			// Once, from the table: the proto comment's own "Access:" line is not repeated.
			if strings.Contains(op.Description, "Access: ") {
				t.Errorf("%s: description says who may call it twice: %q", op.OperationID, op.Description)
			}
			for _, r := range row.Roles {
				if !strings.Contains(op.Description, "`"+r+"`") {
					t.Errorf("%s: description does not name role %s: %q", op.OperationID, r, op.Description)
				}
			}
			var scheme string
			for _, s := range op.Security {
				for k := range s {
					scheme = k
				}
			}
			want := map[string]string{"public": "", "reporter": "reporterSession", "staff": "staffBearer"}[row.Access]
			if op.Security == nil || scheme != want {
				t.Errorf("%s: security %v, want scheme %q", op.OperationID, op.Security, want)
			}
			for _, code := range []string{"400", "503"} {
				if _, ok := op.Responses[code]; !ok {
					t.Errorf("%s: no %s answer", op.OperationID, code)
				}
			}
			if _, ok := op.Responses["403"]; ok != (row.Access == "staff") {
				t.Errorf("%s: 403 documented %v, want %v", op.OperationID, ok, row.Access == "staff")
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d operations in the document", n)
	}
}

const raw = `openapi: 3.0.3
info:
  title: ""
  version: 0.0.1
paths:
  /v1/things/{id}:
    post:
      tags: [ThingService]
      operationId: ThingService_MakeThing
      description: |-
        (-- api-linter: core::0136::http-uri-suffix=disabled
            aip.dev/not-precedent: a reason for developers only. --)
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/MakeThingRequest'}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/MakeThingRequest'}
components:
  schemas:
    MakeThingRequest:
      type: object
      properties:
        version: {type: string}
        description: {type: string}
`

// A route whose RPC is not in the table is refused: the document cannot offer what the server
// would refuse to everyone, nor leave out who may call it.
func TestBuildRefusesARouteOutsideTheTable(t *testing.T) {
	_, err := apidoc.Build([]byte(raw), []apidoc.Method{{Name: "/x.v1.ThingService/Other", Access: "public"}}, apidoc.Options{ProtoPackage: "x.v1", ServerURL: "/"})
	if err == nil || !strings.Contains(err.Error(), "/x.v1.ThingService/MakeThing") {
		t.Fatalf("err = %v, want one naming the missing method", err)
	}
}

// Without a proto comment an operation and its tag still get a description: the route and who
// may call it.
func TestBuildDescribesAnOperationWithoutComment(t *testing.T) {
	out, err := apidoc.Build([]byte(raw), []apidoc.Method{{Name: "/x.v1.ThingService/MakeThing", Access: "staff", Roles: []string{"manager", "hr"}, IfMatch: true}},
		apidoc.Options{ProtoPackage: "x.v1", ServerURL: "/", Version: "9.9.9"})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		document
		Tags []struct{ Name, Description string } `json:"tags"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	op := doc.Paths["/v1/things/{id}"]["post"]
	if want := "Make thing (`POST /v1/things/{id}`).\n\nStaff with the role `manager` or `hr` may call this (`staffBearer`)."; op.Description != want {
		t.Errorf("description %q, want %q", op.Description, want)
	}
	if op.Summary != "Make thing" || !slices.Equal(op.Roles, []string{"manager", "hr"}) {
		t.Errorf("summary %q, roles %v", op.Summary, op.Roles)
	}
	for _, code := range []string{"400", "401", "403", "404", "409", "412", "503"} {
		if _, ok := op.Responses[code]; !ok {
			t.Errorf("no %s answer", code)
		}
	}
	if len(doc.Tags) != 1 || doc.Tags[0].Description == "" {
		t.Errorf("tags %+v, want ThingService with a description", doc.Tags)
	}
}

// The annual report with format=csv or html answers the document itself: the published document
// lists both media types beside JSON, with an example each, the attachment's name and the values
// of format.
func TestDocumentListsTheAnnualReportAsCSVAndHTML(t *testing.T) {
	op := published(t).Paths["/v1/reports/annual/{year}"]["get"]
	a := op.answer(t, "200")
	for _, mt := range []string{"application/json", "text/csv; charset=utf-8", "text/html; charset=utf-8"} {
		c, ok := a.Content[mt]
		if !ok {
			t.Errorf("200 does not list %s (it lists %v)", mt, slices.Sorted(maps.Keys(a.Content)))
			continue
		}
		if c.Example == nil {
			t.Errorf("%s: no example", mt)
		}
		if mt != "application/json" && c.Schema.Type != "string" {
			t.Errorf("%s: schema type %q, want string", mt, c.Schema.Type)
		}
	}
	if csv, _ := a.Content["text/csv; charset=utf-8"].Example.(string); !strings.HasPrefix(csv, "jaar;onderdeel;") {
		t.Errorf("CSV example %q, want the report's semicolon-separated header first", csv)
	}
	if cd, _ := a.Headers["Content-Disposition"].Example.(string); cd != `attachment; filename="integriteitsverslag-2026.csv"` {
		t.Errorf("Content-Disposition example %q", cd)
	}
	var format []string
	for _, p := range op.Parameters {
		if p.Name == "format" && p.In == "query" {
			format = p.Schema.Enum
		}
	}
	if !slices.Equal(format, []string{"json", "csv", "html"}) {
		t.Errorf("format enum %v, want [json csv html]", format)
	}
}

// With Accept: application/octet-stream an evidence download is the bare file; the document
// says so, with the headers it comes with.
func TestDocumentListsTheEvidenceFileItself(t *testing.T) {
	a := published(t).Paths["/v1/cases/{caseReference}/evidence/{evidenceId}"]["get"].answer(t, "200")
	c, ok := a.Content["application/octet-stream"]
	if !ok || c.Schema.Type != "string" || c.Schema.Format != "binary" {
		t.Errorf("200 lists %v; want application/octet-stream as a binary string", slices.Sorted(maps.Keys(a.Content)))
	}
	if _, ok := a.Content["application/json"]; !ok {
		t.Error("200 no longer lists JSON")
	}
	for _, h := range []string{"Content-Disposition", "Content-Security-Policy", "X-Content-Type-Options"} {
		if _, ok := a.Headers[h]; !ok {
			t.Errorf("no %s header", h)
		}
	}
	if csp, _ := a.Headers["Content-Security-Policy"].Example.(string); !strings.HasPrefix(csp, "sandbox") {
		t.Errorf("CSP example %q, want a sandbox", csp)
	}
}

// A change of a versioned resource takes If-Match and can be answered 412; a call whose
// "version" is something else (the number of an oral report's version) takes neither; an
// answer carrying a versioned resource has its ETag.
func TestDocumentShowsETagAndIfMatch(t *testing.T) {
	doc := published(t)
	for _, c := range []struct {
		route, verb string
		ifMatch     bool
	}{
		{"/v1/advisers/{adviserId}", "patch", true},
		{"/v1/cases/{caseReference}:close", "post", true},
		{"/v1/precedentDrafts/{id}:submit", "post", true},
		{"/v1/reporter/case/oralReport:approve", "post", false},
		{"/v1/cases/{caseReference}/messages", "post", false},
	} {
		op := doc.Paths[c.route][c.verb]
		if op.OperationID == "" {
			t.Fatalf("%s %s: not in the document", c.verb, c.route)
		}
		_, has412 := op.Responses["412"]
		if got := op.param("If-Match", "header"); got != c.ifMatch || has412 != c.ifMatch {
			t.Errorf("%s: If-Match parameter %v, 412 %v; want %v", op.OperationID, got, has412, c.ifMatch)
		}
	}
	for route, item := range doc.Paths {
		for verb, op := range item {
			if _, has412 := op.Responses["412"]; has412 != op.param("If-Match", "header") {
				t.Errorf("%s %s: 412 %v without If-Match, or the other way round", verb, route, has412)
			}
		}
	}
	for _, c := range []struct{ route, verb string }{
		{"/v1/cases/{caseReference}", "get"},
		{"/v1/advisers/{adviserId}", "patch"},
		{"/v1/precedentDrafts/{id}", "get"},
	} {
		if _, ok := doc.Paths[c.route][c.verb].answer(t, "200").Headers["ETag"]; !ok {
			t.Errorf("%s %s: no ETag on the answer", c.verb, c.route)
		}
	}
	if _, ok := doc.Paths["/v1/cases"]["get"].answer(t, "200").Headers["ETag"]; ok {
		t.Error("GET /v1/cases (a list) has an ETag")
	}
}

// Every 429 and 503 the document lists says Retry-After, as the gateway sends it.
func TestDocumentSaysRetryAfterOn429And503(t *testing.T) {
	var doc struct {
		Paths      map[string]map[string]struct{ Responses map[string]map[string]any }
		Components struct {
			Responses map[string]struct{ Headers map[string]any }
		}
	}
	if err := json.Unmarshal(pb.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for route, item := range doc.Paths {
		for verb, op := range item {
			for _, code := range []string{"429", "503"} {
				r, ok := op.Responses[code]
				if !ok {
					continue
				}
				n++
				headers, _ := r["headers"].(map[string]any)
				if ref, ok := r["$ref"].(string); ok {
					headers = doc.Components.Responses[strings.TrimPrefix(ref, "#/components/responses/")].Headers
				}
				if _, ok := headers["Retry-After"]; !ok {
					t.Errorf("%s %s: %s without Retry-After", verb, route, code)
				}
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d answers 429 or 503", n)
	}
}

// ETag, If-Match and 412 are where the table of methods says the gateway uses them, and only
// there.
func TestBuildAddsETagAndIfMatchAsTheGatewayDoes(t *testing.T) {
	for _, want := range []bool{true, false} {
		out, err := apidoc.Build([]byte(raw), []apidoc.Method{{Name: "/x.v1.ThingService/MakeThing", Access: "staff", Roles: []string{"hr"}, IfMatch: want, ETag: want}},
			apidoc.Options{ProtoPackage: "x.v1", ServerURL: "/"})
		if err != nil {
			t.Fatal(err)
		}
		var doc document
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		op := doc.Paths["/v1/things/{id}"]["post"]
		_, has412 := op.Responses["412"]
		_, etag := op.answer(t, "200").Headers["ETag"]
		if op.param("If-Match", "header") != want || has412 != want || etag != want {
			t.Errorf("If-Match %v, 412 %v, ETag %v; want %v", op.param("If-Match", "header"), has412, etag, want)
		}
	}
}

// A file answer is documented where its call has a route, and only there.
func TestBuildAddsFileAnswers(t *testing.T) {
	table := []apidoc.Method{{Name: "/x.v1.ThingService/MakeThing", Access: "public"}}
	file := apidoc.File{Method: "/x.v1.ThingService/MakeThing", Accept: "application/octet-stream", Description: "The file.",
		Examples: map[string]string{"application/octet-stream": "%PDF"}, Headers: map[string]apidoc.Header{"Content-Disposition": {"Saved.", `attachment; filename="x.pdf"`}}}
	out, err := apidoc.Build([]byte(raw), table, apidoc.Options{ProtoPackage: "x.v1", ServerURL: "/", Files: []apidoc.File{file}})
	if err != nil {
		t.Fatal(err)
	}
	var doc document
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	a := doc.Paths["/v1/things/{id}"]["post"].answer(t, "200")
	if c, ok := a.Content["application/octet-stream"]; !ok || c.Example != "%PDF" {
		t.Errorf("content %v", a.Content)
	}
	if _, ok := a.Headers["Content-Disposition"]; !ok {
		t.Errorf("headers %v", a.Headers)
	}
	file.Method = "/x.v1.ThingService/Other"
	if _, err := apidoc.Build([]byte(raw), append(table, apidoc.Method{Name: file.Method, Access: "public"}), apidoc.Options{ProtoPackage: "x.v1", ServerURL: "/", Files: []apidoc.File{file}}); err == nil {
		t.Error("a file answer of a call without a route was accepted")
	}
}

// The document lists every refusal reason the services give, with its meaning: ErrorInfo's
// reasons, and the reasons of an import's field violations.
func TestDocumentListsEveryRefusalReasonWithItsMeaning(t *testing.T) {
	out, err := apidoc.Build([]byte(raw), []apidoc.Method{{Name: "/x.v1.ThingService/MakeThing", Access: "public"}}, apidoc.Options{ProtoPackage: "x.v1", ServerURL: "/"})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct{ Description string } `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	info := doc.Components.Schemas["GoogleRpcErrorInfo"].Properties["reason"].Description
	field := doc.Components.Schemas["GoogleRpcFieldViolation"].Properties["reason"].Description
	for _, r := range apperr.AllReasons() {
		in := info
		if slices.Contains(apperr.FieldReasons(), r) {
			in = field
		}
		if r.Meaning() == "" || !strings.Contains(in, "`"+string(r)+"`: "+r.Meaning()) {
			t.Errorf("%s is not documented with its meaning", r)
		}
	}
}
