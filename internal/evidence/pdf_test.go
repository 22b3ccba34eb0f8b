package evidence

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"image/jpeg"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// pdfObj is one object of a hand-built test PDF: either a plain object (body) or a stream.
type pdfObj struct {
	dict   string // for a stream: the dictionary without /Length
	stream []byte // nil: not a stream
	inStm  bool   // stored compressed inside the object stream
}

func flate(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

// buildPDF writes a PDF 1.7 file with objects 1..n, the objects marked inStm packed into a
// compressed object stream, and a cross-reference stream — the layout modern phone and office
// apps produce, where metadata sits compressed where a byte search cannot see it.
func buildPDF(t *testing.T, objs []pdfObj, trailer string) []byte {
	t.Helper()
	var out bytes.Buffer
	out.WriteString("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")
	n := len(objs)
	stmNr, xrefNr := n+1, n+2
	type entry struct{ typ, f2, f3 int }
	entries := make([]entry, xrefNr+1)
	entries[0] = entry{0, 0, 65535}

	var header, body bytes.Buffer
	idx := 0
	for i, o := range objs {
		nr := i + 1
		if o.inStm {
			fmt.Fprintf(&header, "%d %d ", nr, body.Len())
			body.WriteString(o.dict + "\n")
			entries[nr] = entry{2, stmNr, idx}
			idx++
			continue
		}
		entries[nr] = entry{1, out.Len(), 0}
		if o.stream == nil {
			fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", nr, o.dict)
			continue
		}
		d := strings.TrimSuffix(o.dict, ">>") + fmt.Sprintf("/Length %d>>", len(o.stream))
		fmt.Fprintf(&out, "%d 0 obj\n%s\nstream\n", nr, d)
		out.Write(o.stream)
		out.WriteString("\nendstream\nendobj\n")
	}
	packed := flate(append(header.Bytes(), body.Bytes()...))
	entries[stmNr] = entry{1, out.Len(), 0}
	fmt.Fprintf(&out, "%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\nstream\n",
		stmNr, idx, header.Len(), len(packed))
	out.Write(packed)
	out.WriteString("\nendstream\nendobj\n")

	entries[xrefNr] = entry{1, out.Len(), 0}
	var xs []byte
	for _, e := range entries {
		xs = append(xs, byte(e.typ))
		xs = binary.BigEndian.AppendUint32(xs, uint32(e.f2))
		xs = binary.BigEndian.AppendUint16(xs, uint16(e.f3))
	}
	start := out.Len()
	fmt.Fprintf(&out, "%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]%s/Length %d>>\nstream\n", xrefNr, xrefNr+1, trailer, len(xs))
	out.Write(xs)
	fmt.Fprintf(&out, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", start)
	return out.Bytes()
}

const phoneXMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/">
<dc:creator>CANARY-XMP-Jan de Vries</dc:creator><exif:GPSLatitude>52,5.0901N</exif:GPSLatitude>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`

// dirtyPDF is a one-page document with the page text VISIBLE-TEXT, a photo, a comment, and
// identifying data everywhere a PDF can carry it.
func dirtyPDF(t *testing.T) []byte {
	t.Helper()
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, picture(), nil); err != nil {
		t.Fatal(err)
	}
	photo := withAPP1(jb.Bytes(), "CANARY-EXIF-iPhone-of-Jan")
	content := []byte("BT /F1 12 Tf 10 150 Td (VISIBLE-TEXT) Tj ET q 50 0 0 50 10 10 cm /Im1 Do Q")
	objs := []pdfObj{
		/* 1 */ {dict: `<</Type/Catalog/Pages 2 0 R/Metadata 5 0 R/OpenAction 9 0 R/Names<</EmbeddedFiles<</Names[(secret.txt) 12 0 R]>>/JavaScript<</Names[(js) 9 0 R]>>>>/PieceInfo<</Word<</Private(CANARY-PIECE)>>>>>>`},
		/* 2 */ {dict: `<</Type/Pages/Kids[3 0 R]/Count 1>>`},
		/* 3 */ {dict: `<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Resources<</Font<</F1 10 0 R>>/XObject<</Im1 6 0 R>>>>/Annots[7 0 R 8 0 R]/LastModified(D:20261127231502+01'00')/AA<</O 9 0 R>>>>`},
		/* 4 */ {dict: `<<>>`, stream: content},
		/* 5 */ {dict: `<</Type/Metadata/Subtype/XML>>`, stream: []byte(phoneXMP)},
		/* 6 */ {dict: `<</Type/XObject/Subtype/Image/Width 8/Height 8/ColorSpace/DeviceRGB/BitsPerComponent 8/Filter/DCTDecode>>`, stream: photo},
		/* 7 */ {dict: `<</Type/Annot/Subtype/Text/Rect[10 10 30 30]/Contents(a comment that stays)/T(CANARY-ANNOT-AUTHOR)/M(D:20261127231502+01'00')>>`, inStm: true},
		/* 8 */ {dict: `<</Type/Annot/Subtype/FileAttachment/Rect[40 10 60 30]/FS 11 0 R>>`, inStm: true},
		/* 9 */ {dict: `<</Type/Action/S/JavaScript/JS(app.alert('CANARY-JS'))>>`, inStm: true},
		/* 10 */ {dict: `<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>`, inStm: true},
		/* 11 */ {dict: `<</Type/Filespec/F(secret.txt)/EF<</F 13 0 R>>>>`, inStm: true},
		/* 12 */ {dict: `<</Type/Filespec/F(secret2.txt)/EF<</F 13 0 R>>>>`, inStm: true},
		/* 13 */ {dict: `<</Type/EmbeddedFile>>`, stream: flate([]byte("CANARY-ATTACHMENT"))},
		/* 14 */ {dict: `<</Author(CANARY-INFO-Jan de Vries)/Creator(CANARY-CREATOR Scanner App on Jan's phone)/CreationDate(D:20261127231502+01'00')>>`, inStm: true},
	}
	// Make the filespec stream dictionaries valid: /Filter on the attachment.
	objs[12].dict = `<</Type/EmbeddedFile/Filter/FlateDecode>>`
	return buildPDF(t, objs, `/Root 1 0 R/Info 14 0 R/ID[<0123456789ABCDEF0123456789ABCDEF><0123456789ABCDEF0123456789ABCDEF>]`)
}

// everything returns the file's bytes followed by every stream it can inflate, so that a search
// also sees what is compressed.
func everything(b []byte) []byte {
	all := append([]byte{}, b...)
	re := regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
	for _, m := range re.FindAllSubmatch(b, -1) {
		if r, err := zlib.NewReader(bytes.NewReader(m[1])); err == nil {
			if d, err := io.ReadAll(r); err == nil {
				all = append(all, d...)
			}
		}
	}
	return all
}

func TestAPDFLosesItsMetadataAttachmentsAndScriptsButKeepsItsPages(t *testing.T) {
	dirty := dirtyPDF(t)
	if _, err := api.ReadAndValidate(bytes.NewReader(dirty), pdfConfig()); err != nil {
		t.Fatalf("the test PDF is not valid: %v", err)
	}
	// The test is only meaningful if the dirty file hides canaries where a byte search fails.
	if bytes.Contains(dirty, []byte("CANARY-INFO")) || !bytes.Contains(everything(dirty), []byte("CANARY-INFO")) {
		t.Fatal("the information dictionary should be compressed in the dirty file")
	}

	clean, mt, err := Sanitize(dirty)
	if err != nil || mt != "application/pdf" {
		t.Fatalf("sanitize pdf: %v %s", err, mt)
	}
	all := everything(clean)
	for _, s := range []string{"CANARY", "Jan de Vries", "GPSLatitude", "Exif", "20261127", "app.alert",
		"0123456789ABCDEF0123456789ABCDEF", "secret.txt", "EmbeddedFile", "xmpmeta"} {
		if bytes.Contains(all, []byte(s)) {
			t.Errorf("the cleaned PDF still carries %q", s)
		}
	}
	for _, s := range []string{"VISIBLE-TEXT", "a comment that stays", "/Im1"} {
		if !bytes.Contains(all, []byte(s)) {
			t.Errorf("the cleaned PDF lost %q", s)
		}
	}

	ctx, err := api.ReadAndValidate(bytes.NewReader(clean), pdfConfig())
	if err != nil {
		t.Fatalf("the cleaned PDF does not parse: %v", err)
	}
	if ctx.PageCount != 1 {
		t.Errorf("pages: %d, want 1", ctx.PageCount)
	}
	if ctx.Info != nil {
		info, err := ctx.DereferenceDict(*ctx.Info)
		if err != nil {
			t.Fatal(err)
		}
		for k := range info {
			if k != "Producer" {
				t.Errorf("the information dictionary still has %s", k)
			}
		}
	}
	// The photo on the page still decodes, without its EXIF.
	img := regexp.MustCompile(`(?s)/DCTDecode.*?stream\r?\n(.*?)\r?\nendstream`).FindSubmatch(clean)
	if img == nil {
		t.Fatal("the photo on the page is gone")
	}
	if _, err := jpeg.Decode(bytes.NewReader(img[1])); err != nil {
		t.Fatalf("the photo on the page does not decode: %v", err)
	}

	// The file identifier is random: two cleanings of one file cannot be linked to each other.
	again, _, err := Sanitize(dirty)
	if err != nil {
		t.Fatal(err)
	}
	id := regexp.MustCompile(`/ID\s*\[\s*<([0-9A-F]+)>`)
	if a, b := id.FindSubmatch(clean), id.FindSubmatch(again); a == nil || b == nil || bytes.Equal(a[1], b[1]) {
		t.Errorf("file identifiers %q and %q: want two different random ones", a, b)
	}
}

func TestPasswordProtectedAndDamagedPDFsAreRefused(t *testing.T) {
	dirty := dirtyPDF(t)
	var enc bytes.Buffer
	conf := model.NewAESConfiguration("user-secret", "owner-secret", 256)
	if err := api.Encrypt(bytes.NewReader(dirty), &enc, conf); err != nil {
		t.Fatalf("encrypt test PDF: %v", err)
	}
	if _, _, err := Sanitize(enc.Bytes()); !errors.Is(err, ErrEncryptedPDF) {
		t.Errorf("password-protected PDF: got %v, want ErrEncryptedPDF", err)
	}
	for name, data := range map[string][]byte{
		"header only": []byte("%PDF-1.7\n1 0 obj <<>> endobj"),
		"truncated":   dirty[:len(dirty)/2],
	} {
		if _, _, err := Sanitize(data); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", name, err)
		}
	}
}

// A flate bomb: a few hundred KiB that inflate to 200 MiB. Cleaning copies page content as it
// is, compressed; it must not inflate it (a 5 MiB upload must not cost gigabytes of memory).
func TestAPDFDecompressionBombIsNotInflated(t *testing.T) {
	bomb := flate(make([]byte, 200<<20))
	objs := []pdfObj{
		{dict: `<</Type/Catalog/Pages 2 0 R>>`},
		{dict: `<</Type/Pages/Kids[3 0 R]/Count 1>>`},
		{dict: `<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>`},
		{dict: `<</Filter/FlateDecode>>`, stream: bomb},
		{dict: `<</Producer(x)>>`, inStm: true},
	}
	data := buildPDF(t, objs, `/Root 1 0 R`)
	if len(data) > MaxSize {
		t.Fatalf("bomb is %d bytes, over the upload limit", len(data))
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := Sanitize(data)
	runtime.ReadMemStats(&after)
	if err != nil && !errors.Is(err, ErrMalformed) {
		t.Fatalf("bomb: %v", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 100<<20 {
		t.Fatalf("cleaning a %d KiB upload allocated %d MiB", len(data)>>10, got>>20)
	}
}

// The same bomb as an object stream, which must be inflated to be read: the decode limit stops it.
func TestAPDFObjectStreamBombIsRefused(t *testing.T) {
	var out bytes.Buffer
	out.WriteString("%PDF-1.7\n")
	off1 := out.Len()
	out.WriteString("1 0 obj\n<</Type/Catalog/Pages 2 0 R/Lang 3 0 R>>\nendobj\n")
	off2 := out.Len()
	out.WriteString("2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n")
	bomb := flate(append([]byte("3 0 (nl-NL)"), make([]byte, 300<<20)...))
	off4 := out.Len()
	fmt.Fprintf(&out, "4 0 obj\n<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>\nstream\n", len(bomb))
	out.Write(bomb)
	out.WriteString("\nendstream\nendobj\n")
	var xs []byte
	for _, e := range [][3]int{{0, 0, 65535}, {1, off1, 0}, {1, off2, 0}, {2, 4, 0}, {1, off4, 0}, {1, 0, 0}} {
		xs = append(xs, byte(e[0]))
		xs = binary.BigEndian.AppendUint32(xs, uint32(e[1]))
		xs = binary.BigEndian.AppendUint16(xs, uint16(e[2]))
	}
	off5 := out.Len()
	binary.BigEndian.PutUint32(xs[len(xs)-6:], uint32(off5))
	fmt.Fprintf(&out, "5 0 obj\n<</Type/XRef/Size 6/W[1 4 2]/Root 1 0 R/Length %d>>\nstream\n", len(xs))
	out.Write(xs)
	fmt.Fprintf(&out, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", off5)

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := Sanitize(out.Bytes())
	runtime.ReadMemStats(&after)
	t.Logf("err %v alloc %d MiB", err, (after.TotalAlloc-before.TotalAlloc)>>20)
	if !errors.Is(err, ErrMalformed) {
		t.Errorf("object stream bomb: got %v, want ErrMalformed", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 200<<20 {
		t.Fatalf("cleaning a %d KiB upload allocated %d MiB", out.Len()>>10, got>>20)
	}
}

// TestPDFCorpus cleans every PDF in the tree under $MELDPUNT_PDF_CORPUS (for example pdfcpu's own test
// files in the module cache) and reports how many were cleaned, refused and why. It checks
// that no cleaned file keeps an information dictionary entry other than the producer or any
// XMP packet. Run with:
//
//	MELDPUNT_PDF_CORPUS=$(go env GOMODCACHE)/github.com/pdfcpu/pdfcpu@v0.15.0 \
//	  go test ./internal/evidence -run PDFCorpus -v
func TestPDFCorpus(t *testing.T) {
	dir := os.Getenv("MELDPUNT_PDF_CORPUS")
	if dir == "" {
		t.Skip("set MELDPUNT_PDF_CORPUS to a directory of PDF files")
	}
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(strings.ToLower(p), ".pdf") {
			files = append(files, p)
		}
		return nil
	})
	counts := map[string]int{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		clean, _, err := Sanitize(data)
		switch {
		case errors.Is(err, ErrTooLarge):
			counts["too large"]++
			continue
		case errors.Is(err, ErrEncryptedPDF):
			counts["password"]++
			continue
		case errors.Is(err, ErrUnsupported):
			counts["not a PDF at byte 0"]++
			continue
		case err != nil:
			counts["refused as damaged"]++
			t.Logf("%s: %v", strings.TrimPrefix(f, dir), err)
			continue
		}
		counts["cleaned"]++
		all := everything(clean)
		for _, s := range []string{"<x:xmpmeta", "/Author", "/Creator", "/CreationDate", "/ModDate"} {
			if bytes.Contains(all, []byte(s)) {
				t.Errorf("%s: the cleaned file still has %s", strings.TrimPrefix(f, dir), s)
			}
		}
	}
	t.Logf("%d files: %v", len(files), counts)
}

// TestAPDFLosesItsScriptLinksButKeepsItsWebLinks: a link whose target is "javascript:" (in any
// spelling a viewer accepts) runs a script when clicked, as a JavaScript action does; both go,
// as do links to local files and data. Links to web pages and e-mail addresses stay.
func TestAPDFLosesItsScriptLinksButKeepsItsWebLinks(t *testing.T) {
	link := func(n int, action string) string {
		return fmt.Sprintf(`<</Type/Annot/Subtype/Link/Rect[%d 10 %d 20]/Border[0 0 0]/A%s>>`, 10*n, 10*n+8, action)
	}
	objs := []pdfObj{
		/* 1 */ {dict: `<</Type/Catalog/Pages 2 0 R>>`},
		/* 2 */ {dict: `<</Type/Pages/Kids[3 0 R]/Count 1>>`},
		/* 3 */ {dict: `<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>/Annots[6 0 R 7 0 R 8 0 R 9 0 R 10 0 R 11 0 R 12 0 R 13 0 R 14 0 R]>>`},
		/* 4 */ {dict: `<<>>`, stream: []byte("BT /F1 12 Tf 10 150 Td (VISIBLE-TEXT) Tj ET")},
		/* 5 */ {dict: `<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>`, inStm: true},
		/* 6 */ {dict: link(1, `<</S/URI/URI(javascript:app.alert\('CANARY-URI-1'\))>>`)},
		/* 7 */ {dict: link(2, `<</S/URI/URI(  JaVaScRiPt:app.alert\('CANARY-URI-2'\))>>`)},
		/* 8 */ {dict: link(3, `<</S/URI/URI(java\tscript:app.alert\('CANARY-URI-3'\))>>`)},
		/* 9 */ {dict: link(4, `<</S/URI/URI<`+fmt.Sprintf("%X", "javascript:CANARY-URI-4")+`>>>`)},
		/* 10 */ {dict: link(5, ` 15 0 R`)},
		/* 11 */ {dict: link(6, `<</S/URI/URI(file:///C:/Windows/System32/calc.exe)>>`)},
		/* 12 */ {dict: link(7, `<</S/URI/URI(https://www.utrecht.nl/integriteit)/Next[<</S/JavaScript/JS(app.alert\('CANARY-NEXT'\))>> <</S/URI/URI(javascript:CANARY-NEXT-URI)>>]>>`)},
		/* 13 */ {dict: link(8, `<</S/URI/URI(mailto:integriteit@utrecht.nl)>>`)},
		/* 14 */ {dict: link(9, `<</S/URI/URI(data:text/html,<script>CANARY-DATA</script>)>>`)},
		/* 15 */ {dict: `<</Type/Action/S/JavaScript/JS 16 0 R>>`},
		/* 16 */ {dict: `<<>>`, stream: []byte("app.alert('CANARY-JS-STREAM')")},
	}
	dirty := buildPDF(t, objs, `/Root 1 0 R`)
	if _, err := api.ReadAndValidate(bytes.NewReader(dirty), pdfConfig()); err != nil {
		t.Fatalf("the test PDF is not valid: %v", err)
	}
	clean, mt, err := Sanitize(dirty)
	if err != nil || mt != "application/pdf" {
		t.Fatalf("sanitize pdf: %v %s", err, mt)
	}
	all := bytes.ToLower(everything(clean))
	for _, s := range []string{"canary", "javascript", "script:", "/js", "file:", "calc.exe", "data:", "<script"} {
		if bytes.Contains(all, []byte(s)) {
			t.Errorf("the cleaned PDF still carries %q", s)
		}
	}
	for _, s := range []string{"visible-text", "https://www.utrecht.nl/integriteit", "mailto:integriteit@utrecht.nl"} {
		if !bytes.Contains(all, []byte(s)) {
			t.Errorf("the cleaned PDF lost %q", s)
		}
	}
	// The result is still a PDF: it parses, has its page and all its links (the script links
	// are inert rectangles now).
	ctx, err := api.ReadAndValidate(bytes.NewReader(clean), pdfConfig())
	if err != nil {
		t.Fatalf("the cleaned PDF does not parse: %v", err)
	}
	if ctx.PageCount != 1 {
		t.Errorf("pages: %d, want 1", ctx.PageCount)
	}
}
