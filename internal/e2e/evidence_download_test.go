package e2e

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/jpeg"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// polyglotJPEG is a real photo that is also a web page: a script hides at the end of the scan
// data, where cleaning must keep the bytes (they are the picture's) and a browser that takes the
// file for HTML finds and runs it.
func polyglotJPEG(t *testing.T) []byte {
	t.Helper()
	var img bytes.Buffer
	if err := jpeg.Encode(&img, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	b := img.Bytes()
	eoi := len(b) - 2 // FF D9
	script := []byte("<html><body><script>document.title='POLYGLOT-RAN'</script></body></html>")
	return append(append(append([]byte{}, b[:eoi]...), script...), b[eoi:]...)
}

// wantSafeDownload asserts that a response is the cleaned file as an attachment a browser neither
// shows nor runs, under name.
func wantSafeDownload(t *testing.T, how string, h http.Header, mediaType, name string) {
	t.Helper()
	if ct := h.Get("Content-Type"); ct != mediaType {
		t.Errorf("%s: Content-Type %q, want %q", how, ct, mediaType)
	}
	disp, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
	if err != nil || disp != "attachment" || params["filename"] != name {
		t.Errorf("%s: Content-Disposition %q, want an attachment named %q", how, h.Get("Content-Disposition"), name)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: no X-Content-Type-Options: nosniff", how)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("%s: Content-Security-Policy %q, want a sandbox with default-src 'none'", how, csp)
	}
}

// TestAnEvidenceFileIsSavedUnderItsDetectedType: a reporter uploads a photo that is also a web
// page as "bewijs.html". Over gRPC, over REST (the JSON answer and the bare file) and from the
// staff pages the manager gets it as "bewijs.jpg": an attachment of type image/jpeg, not to be
// sniffed, in a sandbox — never a page that runs when opened. A name with other characters
// keeps them in an RFC 5987 filename*.
func TestAnEvidenceFileIsSavedUnderItsDetectedType(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		s.importOrg(t)
		bert := s.tokenFor(t, "mgr-bo", "manager")
		rec, err := s.cases.RecordSignal(ctx(t, bert), &pb.RecordSignalRequest{
			Report: anonymousReport("A screenshot of the threatening chat message."), UnitCode: "BO", ReporterConsented: true,
		})
		if err != nil {
			t.Fatal(err)
		}
		ref := rec.GetCase().GetCaseReference()
		session := s.openSession(t, rec.GetReceiptCode())
		photo := polyglotJPEG(t)
		var up struct {
			EvidenceID string `json:"evidenceId"`
		}
		s.rest(t, "POST", "/v1/reporter/case/evidence", session, map[string]any{
			"fileName": "bewijs.html", "content": base64.StdEncoding.EncodeToString(photo),
		}).want(t, 200, &up)
		id := up.EvidenceID

		// gRPC.
		g, err := s.cases.DownloadEvidence(ctx(t, bert), &pb.DownloadEvidenceRequest{CaseReference: ref, EvidenceId: id})
		if err != nil {
			t.Fatal(err)
		}
		if g.GetEvidence().GetFileName() != "bewijs.jpg" || g.GetEvidence().GetMediaType() != "image/jpeg" {
			t.Errorf("gRPC: %q %s, want bewijs.jpg image/jpeg", g.GetEvidence().GetFileName(), g.GetEvidence().GetMediaType())
		}
		// The script is still in the picture's bytes: only the name and the headers keep it inert.
		if !bytes.Contains(g.GetContent(), []byte("<script>")) {
			t.Fatal("the test photo lost its script in cleaning; the test proves nothing")
		}
		if _, err := jpeg.Decode(bytes.NewReader(g.GetContent())); err != nil {
			t.Fatalf("the downloaded photo does not show: %v", err)
		}

		// REST, the JSON answer.
		var down struct {
			Evidence struct {
				FileName string `json:"fileName"`
			} `json:"evidence"`
		}
		r := s.rest(t, "GET", "/v1/cases/"+ref+"/evidence/"+id, bert, nil)
		r.want(t, 200, &down)
		if down.Evidence.FileName != "bewijs.jpg" {
			t.Errorf("REST JSON: file name %q, want bewijs.jpg", down.Evidence.FileName)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(r.Header.Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("REST JSON: headers %v", r.Header)
		}

		// REST, the bare file.
		req, err := http.NewRequestWithContext(t.Context(), "GET", s.baseURL+"/v1/cases/"+ref+"/evidence/"+id, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+bert)
		req.Header.Set("Accept", "application/octet-stream")
		res, err := s.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !bytes.Equal(body, g.GetContent()) {
			t.Errorf("REST file: %d, %d bytes, want 200 and the %d bytes of the photo", res.StatusCode, len(body), len(g.GetContent()))
		}
		wantSafeDownload(t, "REST file", res.Header, "image/jpeg", "bewijs.jpg")

		// The staff pages.
		b := newStaffBrowser(t, s)
		if res, _ := b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"mgr-bo"}, "name": {"Bert"}, "role": {"manager"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("dev sign-in: %d", res.StatusCode)
		}
		res, page := b.do("GET", "/medewerkers/zaken/"+ref+"/bewijs/"+id, nil)
		if res.StatusCode != 200 || page != string(g.GetContent()) {
			t.Fatalf("staff page download: %d, %d bytes", res.StatusCode, len(page))
		}
		wantSafeDownload(t, "staff page", res.Header, "image/jpeg", "bewijs.jpg")

		// A name beyond ASCII, uploaded by the manager over gRPC.
		u, err := s.cases.UploadEvidence(ctx(t, bert), &pb.UploadEvidenceRequest{CaseReference: ref, FileName: "Überstunden café.HTML", Content: photo})
		if err != nil {
			t.Fatal(err)
		}
		if u.GetEvidence().GetFileName() != "Überstunden café.jpg" {
			t.Errorf("gRPC upload: name %q", u.GetEvidence().GetFileName())
		}
		res, _ = b.do("GET", "/medewerkers/zaken/"+ref+"/bewijs/"+u.GetEvidence().GetEvidenceId(), nil)
		wantSafeDownload(t, "staff page, accented name", res.Header, "image/jpeg", "Überstunden café.jpg")
		if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="`) || !strings.Contains(cd, "filename*=UTF-8''%C3%9Cberstunden%20caf%C3%A9.jpg") {
			t.Errorf("Content-Disposition %q: want a plain filename and an RFC 5987 filename*", cd)
		}
	})
}
