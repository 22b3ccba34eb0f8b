// Package apidoc completes the OpenAPI 3 document that gnostic's protoc-gen-openapi writes from
// the protos (their google.api.http routes and comments) into the document the server publishes
// at /openapi.json: a title, description and version; the server; the two security schemes;
// per operation the roles of the authorization table (one source of truth: the table the server
// enforces), a summary, the error responses with google.rpc.Status and its details, and
// examples. scripts/generate runs it (go run ./internal/apidoc/gen) after buf generate.
//
// Descriptions come from the proto comments; where a comment is missing the description says
// the route and who may call it, so the document stays complete while comments are written.
package apidoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Method is one row of the authorization table: who may call a gRPC method.
type Method struct {
	Name   string   // full gRPC method name, "/meldpunt.v1.CaseService/ListCases"
	Access string   // "public", "reporter" or "staff"
	Roles  []string // for "staff": any of these roles
	// Over REST: the call takes If-Match (its request has the resource's version), and its
	// answer carries an ETag (it holds a versioned resource).
	IfMatch, ETag bool
}

// Options are what the document takes from the build.
type Options struct {
	Version      string // info.version
	LicenseName  string
	LicenseURL   string
	ServerURL    string
	ProtoPackage string // "meldpunt.v1"
	Files        []File // the calls whose REST answer can be a file
}

// File is a call whose REST answer can be a file instead of JSON (see transport.RESTFile).
type File struct {
	Method string // full gRPC method name
	// Asked for with the query parameter Param, whose values Formats maps to media types
	// (JSONFormats keep JSON), or with the Accept header (Accept).
	Param       string
	Formats     map[string]string
	JSONFormats []string
	Accept      string
	Description string            // what the answer's media type is, and how to ask for it
	Examples    map[string]string // media type → example body
	Headers     map[string]Header // headers of the file answer
}

// Header is a response header, with an example value.
type Header struct {
	Description string
	Example     string
}

type obj = map[string]any

const (
	schemeStaff    = "staffBearer"
	schemeReporter = "reporterSession"
)

// Build turns gnostic's YAML document into the published JSON document.
func Build(raw []byte, table []Method, o Options) ([]byte, error) {
	var doc obj
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("reading the generated document: %w", err)
	}
	rules := map[string]Method{}
	for _, m := range table {
		rules[m.Name] = m
	}
	files := map[string]File{}
	for _, f := range o.Files {
		files[f.Method] = f
	}
	normaliseDescriptions(doc)

	doc["openapi"] = "3.0.3"
	doc["info"] = obj{
		"title":       "Meldpunt API",
		"version":     o.Version,
		"description": infoDescription,
		"license":     obj{"name": o.LicenseName, "url": o.LicenseURL},
	}
	doc["servers"] = []any{obj{"url": o.ServerURL, "description": "The server that serves this document (locally `meldpunt serve` listens on http://127.0.0.1:8080)."}}

	comps, _ := doc["components"].(obj)
	if comps == nil {
		comps = obj{}
		doc["components"] = comps
	}
	schemas, _ := comps["schemas"].(obj)
	if schemas == nil {
		schemas = obj{}
		comps["schemas"] = schemas
	}
	addErrorModel(comps, schemas)
	comps["securitySchemes"] = obj{
		schemeStaff: obj{
			"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
			"description": "A staff member's access token (a JWT) from the organisation's identity provider, " +
				"carrying the staff roles. Sent as `Authorization: Bearer <token>`.",
		},
		schemeReporter: obj{
			"type": "http", "scheme": "bearer", "bearerFormat": "mps_ session token",
			"description": "A reporter's short-lived session token (it starts with `mps_`), returned by " +
				"`POST /v1/reporter/sessions` for the receipt code of the report. Sent as " +
				"`Authorization: Bearer <token>`; it opens that one case only.",
		},
	}

	ex := newExampler(schemas)
	paths, _ := doc["paths"].(obj)
	seen := map[string]bool{}
	for _, route := range sortedKeys(paths) {
		item, _ := paths[route].(obj)
		for _, verb := range sortedKeys(item) {
			op, ok := item[verb].(obj)
			if !ok {
				continue
			}
			id, _ := op["operationId"].(string)
			svc, method, ok := strings.Cut(id, "_")
			if !ok {
				return nil, fmt.Errorf("%s %s: operationId %q is not Service_Method", verb, route, id)
			}
			full := "/" + o.ProtoPackage + "." + svc + "/" + method
			rule, ok := rules[full]
			if !ok {
				return nil, fmt.Errorf("%s %s: %s is not in the authorization table; add a row before giving it a route", verb, route, full)
			}
			seen[full] = true
			if err := completeOperation(op, strings.ToUpper(verb), route, method, rule, schemas, ex); err != nil {
				return nil, fmt.Errorf("%s %s: %w", verb, route, err)
			}
			if f, ok := files[full]; ok {
				if err := addFile(op, f); err != nil {
					return nil, fmt.Errorf("%s %s: %w", verb, route, err)
				}
				delete(files, full)
			}
		}
	}
	if len(seen) == 0 {
		return nil, fmt.Errorf("the generated document has no operations")
	}
	for m := range files {
		return nil, fmt.Errorf("%s answers a file over REST but has no route in the document", m)
	}
	completeTags(doc)

	return marshal(doc)
}

func completeOperation(op obj, verb, route, method string, rule Method, schemas obj, ex *exampler) error {
	op["summary"] = humanise(method)

	var who string
	switch rule.Access {
	case "public":
		op["security"] = []any{}
		op["x-meldpunt-roles"] = []any{}
		who = "Anyone may call this, without credentials."
	case "reporter":
		op["security"] = []any{obj{schemeReporter: []any{}}}
		op["x-meldpunt-roles"] = []any{}
		who = "Only the reporter may call this, with the session token of their case (`reporterSession`)."
	case "staff":
		op["security"] = []any{obj{schemeStaff: []any{}}}
		roles := make([]any, len(rule.Roles))
		for i, r := range rule.Roles {
			roles[i] = r
		}
		op["x-meldpunt-roles"] = roles
		who = "Staff with the role " + orList(rule.Roles) + " may call this (`staffBearer`)."
	default:
		return fmt.Errorf("unknown access %q", rule.Access)
	}
	op["x-meldpunt-access"] = rule.Access

	desc, _ := op["description"].(string)
	desc = strings.TrimSpace(dropAccessLine(desc))
	if desc == "" {
		desc = fmt.Sprintf("%s (`%s %s`).", humanise(method), verb, route)
	}
	op["description"] = desc + "\n\n" + who

	// Examples of the request body and of the answer.
	if rb, ok := op["requestBody"].(obj); ok {
		if mt := jsonMedia(rb); mt != nil {
			mt["example"] = ex.forRequest(mt["schema"])
		}
	}
	responses, _ := op["responses"].(obj)
	if responses == nil {
		return fmt.Errorf("no responses")
	}
	if ok, _ := responses["200"].(obj); ok != nil {
		ok["description"] = "The answer of " + method + "."
		if mt := jsonMedia(ok); mt != nil {
			mt["example"] = ex.forAnswer(mt["schema"])
			if rule.ETag {
				addHeader(ok, "ETag", obj{
					"description": "The version of the resource this answer carries, as a strong entity tag " +
						"(`\"<version>\"`, the `version` field in quotes). Send it back in `If-Match` to change it only if no one else has meanwhile.",
					"schema":  obj{"type": "string"},
					"example": `"3"`,
				})
			}
		}
	}
	if rule.IfMatch {
		params, _ := op["parameters"].([]any)
		op["parameters"] = append(params, obj{
			"name": "If-Match", "in": "header", "required": false,
			"description": "The version this change is meant for, as the `ETag` of the answer that carried it (`\"3\"`), instead of or beside " +
				"the `version` field (if both are sent they must be the same, or the answer is 400). A version that is no longer the current one " +
				"is answered 412 and changes nothing; `*` asks for no particular version.",
			"schema":  obj{"type": "string"},
			"example": `"3"`,
		})
	}

	// Error answers: which can happen follows from who may call and what the call does.
	delete(responses, "default")
	add := func(code, name string) { responses[code] = obj{"$ref": "#/components/responses/" + name} }
	add("400", "BadRequest")
	if rule.Access != "public" {
		add("401", "Unauthenticated")
	}
	if rule.Access == "staff" {
		add("403", "PermissionDenied")
	}
	if strings.Contains(route, "{") || rule.Access == "reporter" {
		add("404", "NotFound")
	}
	if verb != "GET" && rule.Access != "public" {
		add("409", "Conflict")
	}
	if rule.IfMatch {
		add("412", "PreconditionFailed")
	}
	if rule.Access != "staff" {
		add("429", "TooManyRequests")
	}
	add("503", "Unavailable")
	responses["default"] = obj{"$ref": "#/components/responses/Error"}
	return nil
}

func addHeader(response obj, name string, h obj) {
	headers, _ := response["headers"].(obj)
	if headers == nil {
		headers = obj{}
		response["headers"] = headers
	}
	headers[name] = h
}

// addFile documents a call whose REST answer can be a file: the media types beside JSON, with
// an example each, the headers of the file answer and how to ask for it.
func addFile(op obj, f File) error {
	responses, _ := op["responses"].(obj)
	ok, _ := responses["200"].(obj)
	content, _ := ok["content"].(obj)
	if content == nil {
		return fmt.Errorf("%s: no 200 answer to add the file to", f.Method)
	}
	var types []string
	switch {
	case f.Param != "":
		var param obj
		for _, p := range asSlice(op["parameters"]) {
			if po, _ := p.(obj); po != nil && po["in"] == "query" && po["name"] == f.Param {
				param = po
			}
		}
		if param == nil {
			return fmt.Errorf("%s: no query parameter %q", f.Method, f.Param)
		}
		values := append([]string{}, f.JSONFormats...)
		values = append(values, sortedKeys(f.Formats)...)
		enum := make([]any, len(values))
		for i, v := range values {
			enum[i] = v
		}
		schema, _ := param["schema"].(obj)
		if schema == nil {
			schema = obj{"type": "string"}
			param["schema"] = schema
		}
		schema["enum"] = enum
		var say []string
		for _, v := range sortedKeys(f.Formats) {
			say = append(say, fmt.Sprintf("`%s`: `%s`", v, f.Formats[v]))
			types = append(types, f.Formats[v])
		}
		d, _ := param["description"].(string)
		param["description"] = strings.TrimSpace(d + "\n\nLeft out or " + orValues(f.JSONFormats) + ": the answer is JSON; otherwise the document itself, as " +
			strings.Join(say, ", ") + ".")
		// Over REST the document is never inside the JSON answer: the gateway sends it as the
		// answer itself. The example of the JSON answer leaves those fields out.
		if mt := jsonMedia(ok); mt != nil {
			if e, _ := mt["example"].(obj); e != nil {
				delete(e, "content")
				delete(e, "contentType")
			}
		}
	case f.Accept != "":
		types = append(types, f.Accept)
	default:
		return fmt.Errorf("%s: a file answer needs Param or Accept", f.Method)
	}
	for _, t := range types {
		mt := obj{"schema": obj{"type": "string"}}
		if f.Accept != "" {
			mt["schema"] = obj{"type": "string", "format": "binary"}
		}
		if e, ok := f.Examples[t]; ok {
			mt["example"] = e
		}
		content[t] = mt
	}
	for _, name := range sortedKeys(f.Headers) {
		h := f.Headers[name]
		addHeader(ok, name, obj{"description": h.Description, "schema": obj{"type": "string"}, "example": h.Example})
	}
	ok["description"] = strings.TrimSuffix(ok["description"].(string), ".") + ". " + f.Description
	desc, _ := op["description"].(string)
	op["description"] = desc + "\n\n" + f.Description
	return nil
}

func orValues(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, " or ")
}

func jsonMedia(holder obj) obj {
	if holder == nil {
		return nil
	}
	content, _ := holder["content"].(obj)
	mt, _ := content["application/json"].(obj)
	return mt
}

// completeTags gives every tag a description (the service's comment, or one made from its name)
// and lists them by name.
func completeTags(doc obj) {
	used := map[string]bool{}
	paths, _ := doc["paths"].(obj)
	for _, item := range paths {
		for _, op := range item.(obj) {
			if o, ok := op.(obj); ok {
				for _, t := range asSlice(o["tags"]) {
					used[t.(string)] = true
				}
			}
		}
	}
	desc := map[string]string{}
	for _, t := range asSlice(doc["tags"]) {
		to, _ := t.(obj)
		name, _ := to["name"].(string)
		d, _ := to["description"].(string)
		desc[name] = strings.TrimSpace(d)
	}
	var tags []any
	for _, name := range sortedKeys(used) {
		d := desc[name]
		if d == "" {
			d = "The operations of " + name + "."
		}
		tags = append(tags, obj{"name": name, "description": d})
	}
	doc["tags"] = tags
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

var (
	leadingSpace = regexp.MustCompile(`\n `)
	// internalComment is an AIP internal comment, "(-- … --)", such as an api-linter exception
	// with its reason; gnostic removes only those on one line.
	internalComment = regexp.MustCompile(`(?s)\(--.*?--\)`)
)

// normaliseDescriptions removes the space gnostic leaves at the start of each continued line of
// a proto comment, and internal comments that span lines.
func normaliseDescriptions(v any) {
	switch t := v.(type) {
	case obj:
		for k, c := range t {
			if s, ok := c.(string); ok && (k == "description" || k == "title") {
				s = internalComment.ReplaceAllString(leadingSpace.ReplaceAllString(s, "\n"), "")
				t[k] = strings.TrimSpace(s)
				continue
			}
			normaliseDescriptions(c)
		}
	case []any:
		for _, c := range t {
			normaliseDescriptions(c)
		}
	}
}

// humanise turns "ListMyMessages" into "List my messages".
func humanise(method string) string {
	var b strings.Builder
	rs := []rune(method)
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
			b.WriteByte(' ')
		}
		if i > 0 && unicode.IsUpper(r) && (i+1 >= len(rs) || unicode.IsLower(rs[i+1])) {
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func orList(roles []string) string {
	q := make([]string, len(roles))
	for i, r := range roles {
		q[i] = "`" + r + "`"
	}
	switch len(q) {
	case 0:
		return "(none)"
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// marshal writes the document as indented JSON, the top-level fields in the usual order.
func marshal(doc obj) ([]byte, error) {
	order := []string{"openapi", "info", "servers", "tags", "paths", "components"}
	var buf bytes.Buffer
	buf.WriteString("{\n")
	first := true
	emit := func(k string) error {
		v, err := json.MarshalIndent(doc[k], "  ", "  ")
		if err != nil {
			return err
		}
		if !first {
			buf.WriteString(",\n")
		}
		first = false
		kj, _ := json.Marshal(k)
		fmt.Fprintf(&buf, "  %s: %s", kj, v)
		return nil
	}
	done := map[string]bool{}
	for _, k := range order {
		if _, ok := doc[k]; ok {
			if err := emit(k); err != nil {
				return nil, err
			}
			done[k] = true
		}
	}
	for _, k := range sortedKeys(doc) {
		if !done[k] {
			if err := emit(k); err != nil {
				return nil, err
			}
		}
	}
	buf.WriteString("\n}\n")
	return buf.Bytes(), nil
}

const infoDescription = `The REST interface of Meldpunt, the confidential reporting and integrity case system: employees
report suspected wrongdoing and undesirable behaviour (anonymously if they wish), and the staff who
handle reports (intake, confidential advisers, managers, the integrity team, HR, the administrator
and the auditor) follow them up. Every REST call is a gRPC method of the same server (package
` + "`meldpunt.v1`" + `); the gateway translates, so both answer the same way.

**Authentication.** Filing a report needs nothing; it returns a receipt code, shown once. A
reporter exchanges that code for a short-lived session token (` + "`POST /v1/reporter/sessions`" + `,
scheme ` + "`reporterSession`" + `) and sends it as a bearer token to read and answer their own case. Staff send the
access token (a JWT) of the organisation's identity provider (scheme ` + "`staffBearer`" + `).

**Authorization.** Each operation lists the staff roles that may call it in ` + "`x-meldpunt-roles`" + `
and in its description, generated from the authorization table the server enforces. A valid token
without one of those roles gets 403.

**Errors** follow Google's error model: the body is a ` + "`google.rpc.Status`" + ` with a code, an
English message and details, each marked by its ` + "`@type`" + `: ` + "`BadRequest`" + ` or
` + "`buf.validate.Violations`" + ` naming each invalid field, ` + "`RetryInfo`" + ` with the wait when the server asks to
try again later (also sent as ` + "`Retry-After`" + ` on 429 and 503) and, where given, ` + "`ErrorInfo`" + ` with a
machine-readable reason. Bad input changes nothing.

**Field names** are lowerCamelCase; 64-bit integers are strings; timestamps are RFC 3339 in UTC;
enumerations are their names.`

// dropAccessLine removes the proto comment's closing "Access: …" paragraph (kept for gRPC readers
// and checked against the table by a transport test): the document says who may call an operation
// in the sentence generated from the table itself, and once is enough.
func dropAccessLine(desc string) string {
	lines := strings.Split(desc, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "Access: ") {
			j := i + 1
			for j < len(lines) && strings.TrimSpace(lines[j]) != "" {
				j++
			}
			return strings.Join(append(lines[:i:i], lines[j:]...), "\n")
		}
	}
	return desc
}
