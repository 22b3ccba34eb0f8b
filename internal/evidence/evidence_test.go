package evidence

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

func picture() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := 0; x < 8; x++ {
		img.Set(x, x, color.RGBA{200, 30, 30, 255})
	}
	return img
}

// withAPP1 inserts an EXIF-like APP1 segment carrying secret after the JPEG's SOI.
func withAPP1(jpg []byte, secret string) []byte {
	payload := append([]byte("Exif\x00\x00GPSLatitude 52.09;Model iPhone;"), secret...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	seg = append(seg, payload...)
	com := []byte{0xFF, 0xFE, 0, byte(len(secret) + 2)}
	com = append(com, secret...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, com...)
	return append(out, jpg[2:]...)
}

func pngChunk(typ string, data []byte) []byte {
	c := make([]byte, 8, 12+len(data))
	binary.BigEndian.PutUint32(c, uint32(len(data)))
	copy(c[4:], typ)
	c = append(c, data...)
	crc := crc32.ChecksumIEEE(append([]byte(typ), data...))
	return binary.BigEndian.AppendUint32(c, crc)
}

// withText inserts tEXt and eXIf chunks carrying secret after the PNG's IHDR.
func withText(p []byte, secret string) []byte {
	ihdrEnd := 8 + 12 + 13
	out := append([]byte{}, p[:ihdrEnd]...)
	out = append(out, pngChunk("tEXt", []byte("Author\x00"+secret))...)
	out = append(out, pngChunk("eXIf", []byte("GPS "+secret))...)
	return append(out, p[ihdrEnd:]...)
}

func TestAPhonePhotoLosesItsGPSAndDeviceButStillShows(t *testing.T) {
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, picture(), nil); err != nil {
		t.Fatal(err)
	}
	dirty := withAPP1(jb.Bytes(), "SECRET-OWNER")
	if _, err := jpeg.Decode(bytes.NewReader(dirty)); err != nil {
		t.Fatalf("the test photo does not decode: %v", err)
	}
	clean, mt, err := Sanitize(dirty)
	if err != nil || mt != "image/jpeg" {
		t.Fatalf("sanitize jpeg: %v %s", err, mt)
	}
	for _, s := range []string{"SECRET-OWNER", "GPSLatitude", "iPhone", "Exif"} {
		if bytes.Contains(clean, []byte(s)) {
			t.Errorf("the cleaned photo still carries %q", s)
		}
	}
	if _, err := jpeg.Decode(bytes.NewReader(clean)); err != nil {
		t.Fatalf("the cleaned photo does not decode: %v", err)
	}

	var pb bytes.Buffer
	if err := png.Encode(&pb, picture()); err != nil {
		t.Fatal(err)
	}
	dirtyPNG := withText(pb.Bytes(), "SECRET-OWNER")
	if _, err := png.Decode(bytes.NewReader(dirtyPNG)); err != nil {
		t.Fatalf("the test png does not decode: %v", err)
	}
	cleanPNG, mt, err := Sanitize(dirtyPNG)
	if err != nil || mt != "image/png" {
		t.Fatalf("sanitize png: %v %s", err, mt)
	}
	if bytes.Contains(cleanPNG, []byte("SECRET-OWNER")) || bytes.Contains(cleanPNG, []byte("tEXt")) {
		t.Error("the cleaned png still carries its text")
	}
	if _, err := png.Decode(bytes.NewReader(cleanPNG)); err != nil {
		t.Fatalf("the cleaned png does not decode: %v", err)
	}
}

func TestOtherFilesAreRefused(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"zip", []byte("PK\x03\x04rest"), ErrUnsupported},
		{"html named .jpg", []byte("<html><script>alert(1)</script>"), ErrUnsupported},
		{"truncated jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x10}, ErrMalformed},
		{"truncated png", append(append([]byte{}, pngSignature...), 0, 0, 0, 13), ErrMalformed},
		{"too large", append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, MaxSize)...), ErrTooLarge},
	}
	for _, tc := range cases {
		if _, _, err := Sanitize(tc.data); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}

func FuzzSanitizeNeverPanics(f *testing.F) {
	var jb bytes.Buffer
	_ = jpeg.Encode(&jb, picture(), nil)
	f.Add(withAPP1(jb.Bytes(), "x"))
	var pb bytes.Buffer
	_ = png.Encode(&pb, picture())
	f.Add(withText(pb.Bytes(), "x"))
	f.Add([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		clean, mt, err := Sanitize(data)
		if err == nil && mt == "application/pdf" {
			if len(clean) > maxCleanPDF {
				t.Fatalf("cleaned PDF of %d bytes", len(clean))
			}
			return // a PDF is written anew and may grow a little
		}
		if err == nil && len(clean) > len(data) {
			t.Fatalf("cleaning made the file larger: %d > %d", len(clean), len(data))
		}
	})
}

func TestMetadataBetweenScansAndAfterTheImageIsRemoved(t *testing.T) {
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, picture(), nil); err != nil {
		t.Fatal(err)
	}
	img := jb.Bytes()
	// A trailer after EOI (a second picture's EXIF, a vendor trailer) and a comment before EOI.
	com := []byte{0xFF, 0xFE, 0, 10, 'S', 'E', 'C', 'R', 'E', 'T', '-', 'C'}
	dirty := append(append(append([]byte{}, img[:len(img)-2]...), com...), 0xFF, 0xD9)
	dirty = append(dirty, []byte("Exif\x00\x00GPS TRAILER-SECRET")...)
	clean, _, err := Sanitize(dirty)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(clean, []byte("SECRET")) {
		t.Fatal("metadata between the scan and the end, or after the end, survived")
	}
	if !bytes.HasSuffix(clean, []byte{0xFF, 0xD9}) {
		t.Fatal("the cleaned image does not end at EOI")
	}
	if _, err := jpeg.Decode(bytes.NewReader(clean)); err != nil {
		t.Fatalf("the cleaned photo does not decode: %v", err)
	}
}
