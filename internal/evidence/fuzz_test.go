package evidence

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"slices"
	"strconv"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/utrecht/meldpunt/internal/fuzzseed"
)

// A fuzzed picture may claim any size; only small ones are decoded.
const maxFuzzPixels = 1 << 20

// checkRefusal checks that a refused upload is refused with one of the package's errors,
// which the transport turns into a message for the uploader.
func checkRefusal(t *testing.T, clean []byte, err error) {
	t.Helper()
	if clean != nil {
		t.Fatalf("%d bytes returned with the error %v", len(clean), err)
	}
	for _, known := range []error{ErrMalformed, ErrTooLarge, ErrUnsupported, ErrEncryptedPDF} {
		if errors.Is(err, known) {
			return
		}
	}
	if !bytes.HasPrefix([]byte(err.Error()), []byte("evidence: ")) {
		t.Fatalf("error %q is not one of the package's", err)
	}
}

// decodes reports whether data decodes as a small picture, and its bounds.
func decodes(data []byte, config func([]byte) (image.Config, error), decode func([]byte) (image.Image, error)) (image.Rectangle, bool) {
	c, err := config(data)
	if err != nil || c.Width*c.Height > maxFuzzPixels {
		return image.Rectangle{}, false
	}
	img, err := decode(data)
	if err != nil {
		return image.Rectangle{}, false
	}
	return img.Bounds(), true
}

func jpegConfig(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
func jpegDecode(b []byte) (image.Image, error)  { return jpeg.Decode(bytes.NewReader(b)) }
func pngConfig(b []byte) (image.Config, error)  { return png.DecodeConfig(bytes.NewReader(b)) }
func pngDecode(b []byte) (image.Image, error)   { return png.Decode(bytes.NewReader(b)) }

func encoded(encode func(*bytes.Buffer) error) []byte {
	var b bytes.Buffer
	if err := encode(&b); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func jpegSeed() []byte {
	return encoded(func(b *bytes.Buffer) error { return jpeg.Encode(b, picture(), nil) })
}

func grayJPEGSeed() []byte {
	return encoded(func(b *bytes.Buffer) error {
		return jpeg.Encode(b, image.NewGray(image.Rect(0, 0, 3, 5)), &jpeg.Options{Quality: 1})
	})
}

func pngSeed() []byte {
	return encoded(func(b *bytes.Buffer) error { return png.Encode(b, picture()) })
}

// FuzzCleanJPEG checks that a cleaned JPEG is one picture (SOI … EOI, nothing after it) without
// application segments (but the 12-byte Adobe colour flags) or comments, no larger than the
// upload, that cleaning it again changes nothing, and that a picture that showed before still
// shows, at the same size.
func FuzzCleanJPEG(f *testing.F) {
	plain := jpegSeed()
	f.Add(plain)
	f.Add(withAPP1(plain, "Jan de Vries"))
	f.Add(grayJPEGSeed())
	com := []byte{0xFF, 0xFE, 0, 5, 'a', 'b', 'c'}
	f.Add(append(append(append([]byte{}, plain[:len(plain)-2]...), com...), 0xFF, 0xD9, 0xFF, 0xE1, 0, 4, 'x', 'y'))
	adobe := append([]byte{0xFF, 0xD8, 0xFF, 0xEE, 0, 14}, []byte("Adobe\x00\x64\x00\x00\x00\x00\x01")...)
	f.Add(append(adobe, plain[2:]...))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}) {
			data = append([]byte{0xFF, 0xD8, 0xFF}, data...)
		}
		clean, mt, err := Sanitize(data)
		if err != nil {
			checkRefusal(t, clean, err)
			return
		}
		if mt != "image/jpeg" {
			t.Fatalf("media type %q", mt)
		}
		if len(clean) > len(data) {
			t.Fatalf("cleaning made the file larger: %d > %d", len(clean), len(data))
		}
		checkJPEGSegments(t, clean)
		again, _, err := Sanitize(clean)
		if err != nil || !bytes.Equal(again, clean) {
			t.Fatalf("cleaning again: %v, same: %v", err, bytes.Equal(again, clean))
		}
		if before, ok := decodes(data, jpegConfig, jpegDecode); ok {
			after, ok := decodes(clean, jpegConfig, jpegDecode)
			if !ok || after != before {
				t.Fatalf("the picture showed (%v) but its cleaned copy does not (%v, %v)", before, after, ok)
			}
		}
	})
}

// checkJPEGSegments walks a cleaned JPEG's markers (skipping the entropy-coded data of scans).
func checkJPEGSegments(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte{0xFF, 0xD8}) || !bytes.HasSuffix(b, []byte{0xFF, 0xD9}) {
		t.Fatalf("cleaned JPEG does not run from SOI to EOI")
	}
	i := 2
	for i < len(b)-2 {
		if b[i] != 0xFF {
			t.Fatalf("no marker at %d", i)
		}
		m := b[i+1]
		switch {
		case m == 0xD9:
			t.Fatalf("data after the end of the image at %d", i+2)
		case m == 0xFF, m >= 0xD0 && m <= 0xD7:
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		seg := b[i+4 : i+2+n]
		if m >= 0xE0 && m <= 0xEF && !(m == 0xEE && n == 14 && bytes.HasPrefix(seg, []byte("Adobe"))) || m == 0xFE {
			t.Fatalf("segment FF%02X (%d bytes) left in", m, n)
		}
		i += 2 + n
		if m == 0xDA {
			for i+1 < len(b) && !(b[i] == 0xFF && b[i+1] != 0 && (b[i+1] < 0xD0 || b[i+1] > 0xD7)) {
				i++
			}
		}
	}
}

// pngMetadata are chunk types that carry text, times, device profiles or EXIF.
var pngMetadata = []string{"tEXt", "zTXt", "iTXt", "eXIf", "tIME", "iCCP", "sPLT", "caNv"}

// FuzzCleanPNG checks that a cleaned PNG holds only the chunks needed to show it, ends with
// IEND, is no larger than the upload, does not change when cleaned again, and that a picture
// that showed before still shows, at the same size.
func FuzzCleanPNG(f *testing.F) {
	plain := pngSeed()
	f.Add(plain)
	f.Add(withText(plain, "Jan de Vries"))
	f.Add(append(append([]byte{}, plain...), pngChunk("tEXt", []byte("after IEND"))...))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, pngSignature) {
			data = append(slices.Clone(pngSignature), data...)
		}
		clean, mt, err := Sanitize(data)
		if err != nil {
			checkRefusal(t, clean, err)
			return
		}
		if mt != "image/png" || len(clean) > len(data) {
			t.Fatalf("media type %q, %d bytes from %d", mt, len(clean), len(data))
		}
		var types []string
		for i := len(pngSignature); i < len(clean); {
			n := int(binary.BigEndian.Uint32(clean[i:]))
			types = append(types, string(clean[i+4:i+8]))
			i += 12 + n
		}
		for i, typ := range types {
			if !pngKeep[typ] || slices.Contains(pngMetadata, typ) {
				t.Fatalf("chunk %q left in", typ)
			}
			if typ == "IEND" && i != len(types)-1 {
				t.Fatalf("chunks after IEND: %v", types)
			}
		}
		if len(types) == 0 || types[len(types)-1] != "IEND" {
			t.Fatalf("no IEND at the end: %v", types)
		}
		again, _, err := Sanitize(clean)
		if err != nil || !bytes.Equal(again, clean) {
			t.Fatalf("cleaning again: %v, same: %v", err, bytes.Equal(again, clean))
		}
		if before, ok := decodes(data, pngConfig, pngDecode); ok {
			after, ok := decodes(clean, pngConfig, pngDecode)
			if !ok || after != before {
				t.Fatalf("the picture showed (%v) but its cleaned copy does not (%v, %v)", before, after, ok)
			}
		}
	})
}

// FuzzCleanPDF checks that a cleaned PDF parses, stays within maxCleanPDF, and holds nowhere a
// key that is removed (scripts, metadata, attachments, automatic actions, document
// information) nor a dangerous action where one runs (A, Next); its information dictionary
// holds at most the producer and the blanked dates. The seeds are in testdata/fuzz/FuzzCleanPDF
// (the dirty PDF of the tests; MELDPUNT_FUZZ_SEEDS=1 go test -run TestWriteFuzzSeeds rewrites them).
func FuzzCleanPDF(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("%PDF-")) {
			data = append([]byte("%PDF-1.7\n"), data...)
		}
		clean, mt, err := Sanitize(data)
		if err != nil {
			checkRefusal(t, clean, err)
			return
		}
		if mt != "application/pdf" || len(clean) > maxCleanPDF {
			t.Fatalf("media type %q, %d bytes", mt, len(clean))
		}
		ctx, err := api.ReadAndValidate(bytes.NewReader(clean), pdfConfig())
		if err != nil {
			t.Fatalf("the cleaned PDF does not parse: %v", err)
		}
		checkCleanPDF(t, ctx.XRefTable)
	})
}

func checkCleanPDF(t *testing.T, xt *model.XRefTable) {
	t.Helper()
	info := -1
	if xt.Info != nil {
		info = xt.Info.ObjectNumber.Value()
	}
	var walk func(where string, o types.Object, depth int)
	walk = func(where string, o types.Object, depth int) {
		if depth > pdfLimits.MaxRecursionDepth {
			return
		}
		switch o := o.(type) {
		case types.StreamDict:
			walk(where, o.Dict, depth)
		case types.Dict:
			for _, k := range pdfDropKeys {
				if _, ok := o[k]; ok {
					t.Fatalf("%s: /%s left in", where, k)
				}
			}
			for _, k := range []string{"A", "Next"} {
				if v, ok := o.Find(k); ok && isDangerousAction(xt, v) {
					t.Fatalf("%s: a dangerous action left in /%s", where, k)
				}
			}
			for k, v := range o {
				walk(where+"/"+k, v, depth+1)
			}
		case types.Array:
			for _, v := range o {
				walk(where+"[]", v, depth+1)
			}
		}
	}
	for nr, e := range xt.Table {
		if e == nil || e.Free || e.Object == nil {
			continue
		}
		if nr == info {
			d, ok := e.Object.(types.Dict)
			if !ok {
				t.Fatalf("the information dictionary is a %T", e.Object)
			}
			for k := range d {
				if k != "Producer" && k != "CreationDate" && k != "ModDate" {
					t.Fatalf("the information dictionary has /%s", k)
				}
			}
			continue
		}
		walk("object "+strconv.Itoa(nr), e.Object, 0)
	}
	if xt.Names["JavaScript"] != nil || xt.Names["EmbeddedFiles"] != nil {
		t.Fatalf("a JavaScript or EmbeddedFiles name tree left in")
	}
}

// TestWriteFuzzSeeds writes realistic files made by the tests into the seed corpora of the
// fuzz targets (testdata/fuzz/FuzzX), where go test runs them as tests too. Run it with
// MELDPUNT_FUZZ_SEEDS=1 after changing how the test files are made.
func TestWriteFuzzSeeds(t *testing.T) {
	if !fuzzseed.Enabled() {
		t.Skip("set MELDPUNT_FUZZ_SEEDS=1 to rewrite the seed corpora")
	}
	fuzzseed.Write(t, "FuzzCleanJPEG", "phone-photo-with-exif", withAPP1(jpegSeed(), "Jan de Vries"))
	fuzzseed.Write(t, "FuzzCleanPNG", "screenshot-with-text", withText(pngSeed(), "Jan de Vries"))
	fuzzseed.Write(t, "FuzzCleanPDF", "office-pdf-with-metadata-scripts-attachment", dirtyPDF(t))
}
