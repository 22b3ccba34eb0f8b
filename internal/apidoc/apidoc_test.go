package apidoc_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apidoc"
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
	out, err := apidoc.Build([]byte(raw), []apidoc.Method{{Name: "/x.v1.ThingService/MakeThing", Access: "staff", Roles: []string{"manager", "hr"}}},
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
