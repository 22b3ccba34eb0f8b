package store_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/jpeg"
	"testing"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/store"
)

// phonePhoto is a JPEG with an EXIF segment carrying a GPS position and a device name.
func phonePhoto(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4)), nil); err != nil {
		t.Fatal(err)
	}
	payload := []byte("Exif\x00\x00GPSLatitude 52.0907 GPSLongitude 5.1214 Model iPhone-of-Fatima")
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{0xFF, 0xD8}, append(seg, payload...)...)
	return append(out, b.Bytes()[2:]...)
}

func TestEvidencePhotosLoseTheirMetadataAndOnlyTheTeamDownloadsThem(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		svc := newService(t, st)
		bert := cases.StaffActor{Subject: "mgr-bo", Manager: true}
		f, err := svc.RecordSignal(ctx, bert, anonymousReport("photos of the damaged car"), "BO", true, nil)
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := svc.OpenSession(ctx, "src", f.ReceiptCode)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := svc.AuthenticateReporter(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.UploadMyEvidence(ctx, rs, "notes.txt", []byte("plain text is not a photo"))
		wantKind(t, "upload a text file", err, apperr.KindInvalid)
		up, err := svc.UploadMyEvidence(ctx, rs, "IMG_0042.jpg", phonePhoto(t))
		if err != nil {
			t.Fatalf("upload: %v", err)
		}
		list, err := svc.ListEvidence(ctx, bert, f.Summary.Reference)
		if err != nil || len(list) != 1 || list[0].FileName != "IMG_0042.jpg" || list[0].UploadedBy != cases.AuthorReporter {
			t.Fatalf("evidence list: %+v %v", list, err)
		}
		info, content, err := svc.DownloadEvidence(ctx, bert, f.Summary.Reference, up.ID)
		if err != nil || info.MediaType != "image/jpeg" {
			t.Fatalf("download: %+v %v", info, err)
		}
		for _, s := range []string{"GPSLatitude", "iPhone-of-Fatima", "Exif"} {
			if bytes.Contains(content, []byte(s)) {
				t.Errorf("the stored photo still carries %q", s)
			}
		}
		if _, err := jpeg.Decode(bytes.NewReader(content)); err != nil {
			t.Fatalf("the stored photo no longer shows: %v", err)
		}
		_, _, err = svc.DownloadEvidence(ctx, cases.StaffActor{Subject: "mgr-so", Manager: true}, f.Summary.Reference, up.ID)
		wantKind(t, "another manager downloads", err, apperr.KindNotFound)
	})
}
