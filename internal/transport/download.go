package transport

import (
	"context"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/proto"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/evidence"
)

// rawFileMIME is the Accept value with which a REST client asks for an evidence file itself
// rather than the JSON answer (with the content in base64): GET
// /v1/cases/{ref}/evidence/{id} with "Accept: application/octet-stream".
const rawFileMIME = "application/octet-stream"

// rawFileMarshaler writes a DownloadEvidenceResponse as the bare file, with its detected type;
// every other message (errors included) as JSON.
type rawFileMarshaler struct{ runtime.Marshaler }

func (m rawFileMarshaler) ContentType(v any) string {
	if r, ok := v.(*pb.DownloadEvidenceResponse); ok {
		return r.GetEvidence().GetMediaType()
	}
	return m.Marshaler.ContentType(v)
}

func (m rawFileMarshaler) Marshal(v any) ([]byte, error) {
	if r, ok := v.(*pb.DownloadEvidenceResponse); ok {
		return r.GetContent(), nil
	}
	return m.Marshaler.Marshal(v)
}

// downloadHeaders is the gateway's forward-response option for evidence downloads. The bare
// file goes out as an attachment under the name derived from its detected type, with nosniff
// and a sandbox CSP; the JSON answer keeps its JSON type (the name is in evidence.fileName) and
// gets the same sandbox and nosniff.
func downloadHeaders(_ context.Context, w http.ResponseWriter, m proto.Message) error {
	r, ok := m.(*pb.DownloadEvidenceResponse)
	if !ok {
		return nil
	}
	e := r.GetEvidence()
	if w.Header().Get("Content-Type") == e.GetMediaType() {
		evidence.SetDownloadHeaders(w.Header(), evidence.DownloadName(e.GetFileName(), e.GetMediaType(), e.GetEvidenceId()), e.GetMediaType())
		return nil
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", apiCSP)
	return nil
}

// apiCSP is sent with every API answer: JSON is data, never a page, so should a browser ever
// show one, it runs nothing and loads nothing.
const apiCSP = "sandbox; default-src 'none'; frame-ancestors 'none'"
