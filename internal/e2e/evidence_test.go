package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"image"
	"image/jpeg"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestAPhotoUploadedOverRESTLosesItsGPS: a reporter uploads a phone photo through the gateway;
// the manager downloads it without its GPS position or device name; a text file is refused.
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
	})
}
