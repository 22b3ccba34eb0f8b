package transport

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/utrecht/meldpunt/internal/evidence"
	"github.com/utrecht/meldpunt/internal/report"
)

// RESTFile is, for the OpenAPI document (internal/apidoc), a call whose REST answer can be a
// file instead of JSON: what documentMarshaler and rawFileMarshaler send, with the headers that
// documentHeaders and downloadHeaders set. It is made from the values those use, so the
// document says what the gateway does.
type RESTFile struct {
	Method string // full gRPC method name
	// The file is asked for either with a query parameter (Param) whose values Formats maps to
	// the media type of the answer (JSONFormats: the values that keep the JSON answer; leaving
	// the parameter out does too), or with the Accept header (Accept: the media type to accept).
	Param       string
	Formats     map[string]string
	JSONFormats []string
	Accept      string
	// What the answer's media type is (for Accept: the file's own type may differ).
	Description string
	// Examples: media type → an example body.
	Examples map[string]string
	// Headers of the file answer, with an example value each.
	Headers map[string]RESTHeader
}

// RESTHeader is a response header of a file answer.
type RESTHeader struct {
	Description string
	Example     string
}

// The evidence file of the document's example.
const (
	exampleEvidenceName = "verslag-gesprek.pdf"
	exampleEvidenceID   = "0b3f6c2a-1e8b-4d4f-9a9c-2e5d1b7a9e0c"
)

// RESTFiles returns the calls whose REST answer can be a file, sorted by method.
func RESTFiles() []RESTFile {
	count := func(n int) *int { return &n }
	var csv bytes.Buffer
	_ = report.WriteCSV(&csv, report.Report{Year: 2026, Sections: []report.Section{{
		TitleNL: "Meldingen", Tables: []report.Table{{TitleNL: "Meldingen naar soort", UnitNL: "meldingen",
			Rows:  []report.Row{{Code: "ongewenst-gedrag", LabelNL: "Ongewenst gedrag", Count: count(12)}, {Code: "integriteit", LabelNL: "Integriteitsschending"}},
			Total: count(17)}},
	}}})
	files := []RESTFile{
		{
			Method:      "/meldpunt.v1.ReportService/GetAnnualReport",
			Param:       "format",
			Formats:     reportFormats,
			JSONFormats: []string{"json"},
			Description: "With `format=csv` or `format=html` the answer is the report as a document (`text/csv` separated by semicolons, or a self-contained HTML page), " +
				"to be saved as a file; without `format`, or with `format=json`, it is the report as JSON data.",
			Examples: map[string]string{
				reportFormats["csv"]:  csv.String(),
				reportFormats["html"]: "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Integriteitsverslag 2026</title></head>\n<body><h1>Integriteitsverslag 2026</h1></body></html>\n",
			},
			Headers: map[string]RESTHeader{
				"Content-Disposition":     {"With the document: an attachment named integriteitsverslag-<year>.csv or .html.", reportDisposition(2026, "csv")},
				"Content-Security-Policy": {"With the document: should a browser show it, it runs no script and loads nothing.", reportDocCSP},
				"X-Content-Type-Options":  {"The browser keeps to the media type sent (with the file, as with every answer).", "nosniff"},
			},
		},
		{
			Method: "/meldpunt.v1.CaseService/DownloadEvidence",
			Accept: rawFileMIME,
			Description: "With `Accept: " + rawFileMIME + "` the answer is the file itself (its Content-Type is the type detected when it was uploaded, " +
				"such as `application/pdf`), as an attachment; otherwise it is JSON with the file in base64.",
			Examples: map[string]string{rawFileMIME: "%PDF-1.7\n…"},
			Headers: map[string]RESTHeader{
				"Content-Disposition":     {"With the file: an attachment, under a name made from its original name and detected type.", evidence.ContentDisposition(evidence.DownloadName(exampleEvidenceName, "application/pdf", exampleEvidenceID))},
				"Content-Security-Policy": {"With the file: a sandbox with nothing allowed, should a browser show it.", evidence.DownloadCSP},
				"X-Content-Type-Options":  {"The browser keeps to the media type sent (with the file, as with every answer).", "nosniff"},
				"Cache-Control":           {"Not kept in caches (with the file, as with every answer).", "no-store"},
			},
		},
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Method < files[j].Method })
	return files
}

// RESTVersioning reports, for the OpenAPI document, how a call uses versions over REST:
// whether it takes If-Match (its request has the int64 version that ifMatchInterceptor checks;
// other calls refuse the header) and whether its answer gets an ETag (etagHeader: the answer has
// a version of its own, or holds one resource that has one). method is the full gRPC name.
func RESTVersioning(method string) (ifMatch, etag bool, err error) {
	svc, name, ok := strings.Cut(strings.TrimPrefix(method, "/"), "/")
	if !ok {
		return false, false, fmt.Errorf("%q is not /package.Service/Method", method)
	}
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(svc))
	if err != nil {
		return false, false, err
	}
	sd, ok := d.(protoreflect.ServiceDescriptor)
	if !ok {
		return false, false, fmt.Errorf("%s is not a service", svc)
	}
	md := sd.Methods().ByName(protoreflect.Name(name))
	if md == nil {
		return false, false, fmt.Errorf("%s has no method %s", svc, name)
	}
	if md.IsStreamingClient() || md.IsStreamingServer() {
		// The gateway streams these; neither If-Match nor ETag applies.
		return false, false, nil
	}
	ifMatch = versionField(dynamicpb.NewMessage(md.Input())) != nil
	out := md.Output()
	if versionField(dynamicpb.NewMessage(out)) != nil {
		return ifMatch, true, nil
	}
	n := 0
	fields := out.Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		if fd.Kind() == protoreflect.MessageKind && fd.Cardinality() != protoreflect.Repeated && !fd.IsMap() &&
			versionField(dynamicpb.NewMessage(fd.Message())) != nil {
			n++
		}
	}
	return ifMatch, n == 1, nil
}
