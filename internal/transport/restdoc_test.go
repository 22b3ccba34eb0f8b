package transport

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// What RESTFiles tells the API document is what the gateway sends: the media types of the
// annual report as a document, and the headers of both file answers.
func TestRESTFilesAreWhatTheGatewaySends(t *testing.T) {
	files := map[string]RESTFile{}
	for _, f := range RESTFiles() {
		files[f.Method] = f
	}
	report, ok := files["/meldpunt.v1.ReportService/GetAnnualReport"]
	if !ok {
		t.Fatal("the annual report is not among the file answers")
	}
	for format, mediaType := range report.Formats {
		w := httptest.NewRecorder()
		m := &pb.GetAnnualReportResponse{Report: &pb.AnnualReport{Year: 2026}, ContentType: mediaType, Content: []byte("x")}
		if ct := (documentMarshaler{&runtime.JSONPb{}}).ContentType(m); ct != mediaType {
			t.Errorf("%s: sent as %q, documented as %q", format, ct, mediaType)
		}
		if err := documentHeaders(context.Background(), w, m); err != nil {
			t.Fatal(err)
		}
		if _, ok := report.Examples[mediaType]; !ok {
			t.Errorf("%s: no example", mediaType)
		}
		for name, h := range report.Headers {
			got := w.Header().Get(name)
			if name == "Content-Disposition" && format != "csv" {
				continue // the example is the CSV's
			}
			if got != h.Example {
				t.Errorf("%s: %s is %q, documented as %q", format, name, got, h.Example)
			}
		}
	}

	file, ok := files["/meldpunt.v1.CaseService/DownloadEvidence"]
	if !ok || file.Accept != rawFileMIME {
		t.Fatalf("evidence download: %+v", file)
	}
	w := httptest.NewRecorder()
	w.Header().Set("Content-Type", "application/pdf")
	m := &pb.DownloadEvidenceResponse{Evidence: &pb.EvidenceInfo{EvidenceId: exampleEvidenceID, FileName: exampleEvidenceName, MediaType: "application/pdf"}}
	if err := downloadHeaders(context.Background(), w, m); err != nil {
		t.Fatal(err)
	}
	for name, h := range file.Headers {
		if got := w.Header().Get(name); got != h.Example {
			t.Errorf("evidence: %s is %q, documented as %q", name, got, h.Example)
		}
	}
}

// RESTVersioning follows the version fields as the gateway's If-Match and ETag do.
func TestRESTVersioning(t *testing.T) {
	for _, c := range []struct {
		method        string
		ifMatch, etag bool
	}{
		{"/meldpunt.v1.AdviserService/UpdateAdviser", true, true},
		{"/meldpunt.v1.CaseService/CloseCase", true, true},
		{"/meldpunt.v1.CaseService/GetCase", false, true},
		{"/meldpunt.v1.CaseService/ListCases", false, false},
		// An oral report's version is a number of the record, not a resource version.
		{"/meldpunt.v1.ReporterService/ApproveOralReport", false, false},
		{"/meldpunt.v1.ReportService/GetAnnualReportWithProgress", false, false},
	} {
		ifMatch, etag, err := RESTVersioning(c.method)
		if err != nil || ifMatch != c.ifMatch || etag != c.etag {
			t.Errorf("%s: If-Match %v, ETag %v, err %v; want %v, %v", c.method, ifMatch, etag, err, c.ifMatch, c.etag)
		}
	}
	if _, _, err := RESTVersioning("/meldpunt.v1.CaseService/NoSuch"); err == nil {
		t.Error("an unknown method gave no error")
	}
}
