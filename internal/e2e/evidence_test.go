package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestAPhotoUploadedOverRESTLosesItsGPS: a reporter uploads a phone photo through the gateway;
// the manager downloads it without its GPS position or device name; a text file is refused. A
// scanned letter as PDF loses its author and the scanning app.
func TestAPhotoUploadedOverRESTLosesItsGPS(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		s.importOrg(t)
		bert := s.tokenFor(t, "mgr-bo", "manager")
		rec, err := s.cases.RecordSignal(ctx(t, bert), &pb.RecordSignalRequest{
			Report: anonymousReport("Photos of the smashed car window in the parking garage."), UnitCode: "BO", ReporterConsented: true,
		})
		if err != nil {
			t.Fatal(err)
		}
		session := s.openSession(t, rec.GetReceiptCode())

		var img bytes.Buffer
		if err := jpeg.Encode(&img, image.NewGray(image.Rect(0, 0, 4, 4)), nil); err != nil {
			t.Fatal(err)
		}
		payload := []byte("Exif\x00\x00GPSLatitude 52.0907 Model PHONE-OF-REPORTER")
		seg := []byte{0xFF, 0xE1, 0, 0}
		binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
		photo := append(append([]byte{0xFF, 0xD8}, append(seg, payload...)...), img.Bytes()[2:]...)

		s.rest(t, "POST", "/v1/reporter/case/evidence", session, map[string]any{
			"fileName": "notes.txt", "content": base64.StdEncoding.EncodeToString([]byte("just text")),
		}).wantError(t, 400)
		s.rest(t, "POST", "/v1/reporter/case/evidence", session, map[string]any{
			"fileName": "huge.jpg", "content": base64.StdEncoding.EncodeToString(append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, 5<<20)...)),
		}).wantError(t, 400)
		var up struct {
			EvidenceID string `json:"evidenceId"`
		}
		s.rest(t, "POST", "/v1/reporter/case/evidence", session, map[string]any{
			"fileName": "IMG_0042.jpg", "content": base64.StdEncoding.EncodeToString(photo),
		}).want(t, 200, &up)

		var down struct {
			Evidence struct {
				FileName  string `json:"fileName"`
				MediaType string `json:"mediaType"`
			} `json:"evidence"`
			Content string `json:"content"`
		}
		s.rest(t, "GET", "/v1/cases/"+rec.GetCase().GetCaseReference()+"/evidence/"+up.EvidenceID, bert, nil).want(t, 200, &down)
		content, err := base64.StdEncoding.DecodeString(down.Content)
		if err != nil {
			t.Fatal(err)
		}
		if down.Evidence.MediaType != "image/jpeg" || bytes.Contains(content, []byte("GPSLatitude")) || bytes.Contains(content, []byte("PHONE-OF-REPORTER")) {
			t.Fatalf("downloaded photo: %s, %d bytes, metadata left: %v", down.Evidence.MediaType, len(content), bytes.Contains(content, []byte("GPS")))
		}
		if _, err := jpeg.Decode(bytes.NewReader(content)); err != nil {
			t.Fatalf("the downloaded photo does not show: %v", err)
		}

		// A scanned letter as PDF: the author and the scanning app are gone, the page stays.
		s.rest(t, "POST", "/v1/reporter/case/evidence", session, map[string]any{
			"fileName": "brief.pdf", "content": base64.StdEncoding.EncodeToString(scannedLetterPDF()),
		}).want(t, 200, &up)
		s.rest(t, "GET", "/v1/cases/"+rec.GetCase().GetCaseReference()+"/evidence/"+up.EvidenceID, bert, nil).want(t, 200, &down)
		if content, err = base64.StdEncoding.DecodeString(down.Content); err != nil {
			t.Fatal(err)
		}
		if down.Evidence.MediaType != "application/pdf" || down.Evidence.FileName != "brief.pdf" {
			t.Fatalf("downloaded PDF: %s %q", down.Evidence.MediaType, down.Evidence.FileName)
		}
		for _, leak := range []string{"Jan de Vries", "ScanApp on Jans phone", "D:2026"} {
			if bytes.Contains(content, []byte(leak)) {
				t.Errorf("the downloaded PDF still carries %q", leak)
			}
		}
		if !bytes.Contains(content, []byte("LETTER-TEXT")) || !bytes.HasPrefix(content, []byte("%PDF-")) {
			t.Error("the downloaded PDF lost its page")
		}
	})
}

// scannedLetterPDF is a one-page PDF with a classic cross-reference table whose information
// dictionary names its author and the app that made it.
func scannedLetterPDF() []byte {
	objs := []string{
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
		"<</Length 44>>\nstream\nBT /F1 12 Tf 10 100 Td (LETTER-TEXT) Tj ET\nendstream",
		"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
		"<</Author(Jan de Vries)/Creator(ScanApp on Jans phone)/CreationDate(D:20261127231502+01'00')>>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root 1 0 R/Info 6 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
