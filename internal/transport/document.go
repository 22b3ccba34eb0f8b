package transport

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/proto"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// documentMarshaler answers a GetAnnualReportResponse that carries a document (format csv or html)
// over REST with the document itself, under its own media type, instead of JSON with the document
// in base64. gRPC clients keep the message as it is (content_type and content beside the report).
// Every other message, and the report without a format, goes to the wrapped marshaler.
type documentMarshaler struct{ runtime.Marshaler }

func (m documentMarshaler) ContentType(v any) string {
	if r, ok := v.(*pb.GetAnnualReportResponse); ok && r.GetContentType() != "" {
		return r.GetContentType()
	}
	return m.Marshaler.ContentType(v)
}

func (m documentMarshaler) Marshal(v any) ([]byte, error) {
	if r, ok := v.(*pb.GetAnnualReportResponse); ok && r.GetContentType() != "" {
		return r.GetContent(), nil
	}
	return m.Marshaler.Marshal(v)
}

// reportFormats are the values of GetAnnualReportRequest.format that ask for the report as a
// document, and the document's media type; without a format (or "json") the answer is the data.
var reportFormats = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"html": "text/html; charset=utf-8",
}

// reportDisposition is the Content-Disposition of the annual report of year as a document.
func reportDisposition(year int32, ext string) string {
	return fmt.Sprintf("attachment; filename=\"integriteitsverslag-%d.%s\"", year, ext)
}

// reportDocCSP is the policy of the annual report as a document: its own inline styles and
// nothing else — no script (the sandbox without allow-scripts forbids it as well), no requests,
// no forms, not in a frame.
const reportDocCSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// documentHeaders is the forward-response option for the annual report as a document: it goes
// out as an attachment named integriteitsverslag-YEAR.csv|html, with nosniff and, for every type,
// a policy under which it runs no script.
func documentHeaders(_ context.Context, w http.ResponseWriter, m proto.Message) error {
	r, ok := m.(*pb.GetAnnualReportResponse)
	if !ok || r.GetContentType() == "" {
		return nil
	}
	ext := "bin"
	if mt, _, err := mime.ParseMediaType(r.GetContentType()); err == nil {
		switch {
		case mt == "text/csv":
			ext = "csv"
		case mt == "text/html":
			ext = "html"
		case strings.HasPrefix(mt, "application/"):
			ext = strings.TrimPrefix(mt, "application/")
		}
	}
	h := w.Header()
	h.Set("Content-Disposition", reportDisposition(r.GetReport().GetYear(), ext))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", reportDocCSP)
	return nil
}
