package evidence

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// PDF cleaning. A PDF is parsed in full (also the objects hidden in compressed object streams
// and earlier revisions) and written anew from its document catalog, so that only what the
// pages need is kept. Removed on the way:
//   - the document information dictionary (author, creator, producer, dates) and every XMP
//     metadata stream, wherever it hangs (document, page, image, font);
//   - page-piece data of the editing program, page modification dates, web-capture data;
//   - annotation authors and dates (the comments themselves stay);
//   - embedded files and attachments (they could be anything, e.g. an uncleaned photo);
//   - scripts and actions that run by themselves (JavaScript, launch, submit, XFA forms), and
//     links to anything but a web page or an e-mail address ("javascript:", "file:", "data:");
//   - digital signatures (a rewritten file invalidates them, and the certificate names the signer);
//   - the EXIF, GPS and other application data of JPEG images on the pages;
//   - the file identifier, which would link the upload to the file on the reporter's device.
//
// The library used always writes a new information dictionary with the time of writing and a
// time-derived file identifier. The time of an anonymous upload is not recorded anywhere else to
// the second, so both are overwritten in place afterwards: the dates by blanks, the identifier by
// random bytes of the same length (the cross-reference offsets stay valid).

// ErrEncryptedPDF is returned for password-protected PDFs: they cannot be cleaned.
var ErrEncryptedPDF = errors.New("the PDF is protected with a password; save or print it as a PDF without a password and upload that")

var pdfcpuInit sync.Once

// maxCleanPDF bounds the rewritten file: written without object streams it can be a little
// larger than the upload, but it must stay well inside the 8 MiB message limit of a download.
const maxCleanPDF = MaxSize + MaxSize/4

// pdfLimits bound what a hostile upload can make the parser allocate: a 5 MiB file may claim
// gigabytes of decompressed content or millions of objects.
var pdfLimits = model.ResourceLimits{
	MaxStreamBytes:       MaxSize,
	MaxDecodeBytes:       32 << 20,
	MaxImagePixels:       64 << 20,
	MaxImageBytes:        128 << 20,
	MaxObjectCount:       200_000,
	MaxObjectStreamCount: 100_000,
	MaxObjectStreamFirst: 1 << 20,
	MaxXRefEntries:       200_000,
	MaxRecursionDepth:    64,
}

func pdfConfig() *model.Configuration {
	pdfcpuInit.Do(api.DisableConfigDir) // never write a configuration directory, never load user fonts
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Offline = true
	conf.Optimize = false
	conf.OptimizeBeforeWriting = false
	conf.PostProcessValidate = false
	// Flat objects and a plain cross-reference table: every written object is visible, and the
	// trailer and information dictionary can be patched in place.
	conf.WriteObjectStream = false
	conf.WriteXRefStream = false
	conf.Limits = pdfLimits
	return conf
}

func cleanPDF(data []byte) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil { // the parser must never take the server down
			out, err = nil, ErrMalformed
		}
	}()
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), pdfConfig())
	if err != nil {
		if isPasswordError(err) {
			return nil, ErrEncryptedPDF
		}
		return nil, ErrMalformed
	}
	if ctx.Encrypt != nil || ctx.E != nil {
		return nil, ErrEncryptedPDF
	}
	if err := ctx.RemoveAllSignatures(); err != nil {
		return nil, ErrMalformed
	}
	if err := stripPDF(ctx.XRefTable); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := api.WriteContext(ctx, &buf); err != nil {
		return nil, ErrMalformed
	}
	out = buf.Bytes()
	if out, err = patchWrittenPDF(out, ctx.XRefTable); err != nil {
		return nil, err
	}
	if len(out) > maxCleanPDF {
		return nil, ErrTooLarge
	}
	// The result must parse again: a patch that broke the file is an error, not an upload.
	if _, err := api.ReadAndValidate(bytes.NewReader(out), pdfConfig()); err != nil {
		return nil, fmt.Errorf("evidence: cleaned PDF does not parse: %w", err)
	}
	return out, nil
}

func isPasswordError(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "password") || strings.Contains(s, "encrypt")
}

// Keys removed from every dictionary, wherever it is.
var pdfDropKeys = []string{
	"Metadata",     // XMP: author, tools, device, dates, sometimes GPS
	"PieceInfo",    // private data of the editing application
	"LastModified", // page and form modification dates
	"SpiderInfo",   // web capture: URLs and times
	"AA",           // additional actions: run on open, close, print, focus...
	"OpenAction",   // the action run when the document opens
	"EF",           // the embedded file of a file specification
	"AF",           // associated files (PDF 2.0)
	"XFA",          // XML forms, which carry scripts and data
	"JS",           // script of a JavaScript action
	// Document-information keys also turn up outside the information dictionary, e.g. in the
	// layer properties an illustration program leaves in marked content. They are informational
	// wherever they stand.
	"Author", "Creator", "Producer", "CreationDate", "ModDate", "Keywords", "CreatorInfo",
}

// Actions that are removed where they are attached (A, Next).
var pdfDangerousActions = map[string]bool{
	"JavaScript": true, "Launch": true, "SubmitForm": true, "ImportData": true,
	"GoToE": true, "Rendition": true, "Sound": true, "Movie": true, "RichMediaExecute": true,
}

// Annotation types removed from the pages: they carry files or media.
var pdfDropAnnots = map[string]bool{
	"FileAttachment": true, "Sound": true, "Movie": true, "Screen": true, "RichMedia": true,
}

func stripPDF(xt *model.XRefTable) error {
	xt.Info = nil // a new, empty one is written and its dates blanked afterwards
	xt.ID = nil
	// The writer rebuilds the name trees from this cache, so they go from both places.
	delete(xt.Names, "JavaScript")
	delete(xt.Names, "EmbeddedFiles")
	if names := xt.RootDict.DictEntry("Names"); names != nil {
		names.Delete("JavaScript")
		names.Delete("EmbeddedFiles")
	}
	if ir := xt.RootDict.IndirectRefEntry("Names"); ir != nil {
		if d, err := xt.DereferenceDict(*ir); err == nil && d != nil {
			d.Delete("JavaScript")
			d.Delete("EmbeddedFiles")
		}
	}
	xt.RootDict.Delete("Collection") // portfolios are collections of embedded files
	stripDict(xt, xt.RootDict, 0)
	for _, e := range xt.Table {
		if e == nil || e.Free || e.Object == nil {
			continue
		}
		switch o := e.Object.(type) {
		case types.Dict:
			stripDict(xt, o, 0)
		case types.Array:
			stripArray(xt, o, 0)
		case types.StreamDict:
			stripDict(xt, o.Dict, 0)
			if isDCT(o) && len(o.Raw) > 0 {
				clean, err := cleanJPEG(o.Raw)
				if err != nil {
					return ErrMalformed
				}
				o.Raw = clean
				n := int64(len(clean))
				o.StreamLength = &n
				o.StreamLengthObjNr = nil
				o.Update("Length", types.Integer(n))
				e.Object = o
			}
		}
	}
	return nil
}

func stripDict(xt *model.XRefTable, d types.Dict, depth int) {
	if d == nil || depth > pdfLimits.MaxRecursionDepth {
		return
	}
	for _, k := range pdfDropKeys {
		d.Delete(k)
	}
	for _, k := range []string{"A", "Next"} {
		v, ok := d.Find(k)
		if !ok {
			continue
		}
		if isDangerousAction(xt, v) {
			d.Delete(k)
			continue
		}
		// Next may also be an array of actions, run one after the other.
		if a, err := xt.DereferenceArray(v); err == nil && a != nil {
			kept := make(types.Array, 0, len(a))
			for _, e := range a {
				if !isDangerousAction(xt, e) {
					kept = append(kept, e)
				}
			}
			if len(kept) != len(a) {
				d.Update(k, kept)
			}
		}
	}
	if isAnnotation(d) && !isWidget(d) {
		d.Delete("T")            // the author of a comment
		d.Delete("M")            // its modification date
		d.Delete("CreationDate") // its creation date
		d.Delete("Popup")        // the pop-up repeats the author
	}
	if annots, ok := d.Find("Annots"); ok && d.IsPage() {
		if a, ok := annots.(types.Array); ok {
			d.Update("Annots", keepAnnots(xt, a))
		} else if ir, ok := annots.(types.IndirectRef); ok {
			if a, err := xt.DereferenceArray(ir); err == nil && a != nil {
				if e, ok := xt.Table[ir.ObjectNumber.Value()]; ok && e != nil {
					e.Object = keepAnnots(xt, a)
				}
			}
		}
	}
	for _, v := range d {
		switch o := v.(type) {
		case types.Dict:
			stripDict(xt, o, depth+1)
		case types.Array:
			stripArray(xt, o, depth+1)
		}
	}
}

func stripArray(xt *model.XRefTable, a types.Array, depth int) {
	if depth > pdfLimits.MaxRecursionDepth {
		return
	}
	for _, v := range a {
		switch o := v.(type) {
		case types.Dict:
			stripDict(xt, o, depth+1)
		case types.Array:
			stripArray(xt, o, depth+1)
		}
	}
}

func keepAnnots(xt *model.XRefTable, a types.Array) types.Array {
	kept := make(types.Array, 0, len(a))
	for _, v := range a {
		d, err := xt.DereferenceDict(v)
		if err == nil && d != nil {
			if st := d.Subtype(); st != nil && pdfDropAnnots[*st] {
				continue
			}
		}
		kept = append(kept, v)
	}
	return kept
}

// isDangerousAction reports whether v is an action that runs something or leaves the document
// for anything but a web page or an e-mail address: a link to "javascript:alert(1)" is a script
// that runs when the link is clicked, just as a JavaScript action is.
func isDangerousAction(xt *model.XRefTable, v types.Object) bool {
	d, err := xt.DereferenceDict(v)
	if err != nil || d == nil {
		return false
	}
	s := d.NameEntry("S")
	if s == nil {
		return false
	}
	if *s == "URI" {
		o, ok := d.Find("URI")
		if !ok {
			return true
		}
		if o, err = xt.Dereference(o); err != nil || o == nil {
			return true
		}
		uri, err := types.StringOrHexLiteral(o)
		return err != nil || uri == nil || !safeLinkTarget(*uri)
	}
	return pdfDangerousActions[*s]
}

// safeLinkTarget reports whether a link goes to a web page or an e-mail address. Viewers and
// browsers ignore blanks and control characters inside a scheme ("java\tscript:") and its case,
// so the scheme is read the way they read it; a link without a scheme (relative) is refused
// too, since what it resolves against is up to the viewer.
func safeLinkTarget(uri string) bool {
	var scheme strings.Builder
	for _, r := range uri {
		if r <= ' ' || r == 0x7F {
			continue
		}
		if r == ':' {
			switch strings.ToLower(scheme.String()) {
			case "http", "https", "mailto":
				return true
			}
			return false
		}
		scheme.WriteRune(r)
		if scheme.Len() > 16 {
			return false
		}
	}
	return false
}

func isAnnotation(d types.Dict) bool {
	if t := d.Type(); t != nil && *t == "Annot" {
		return true
	}
	return d.Subtype() != nil && d.HasEntry("Rect")
}

func isWidget(d types.Dict) bool {
	st := d.Subtype()
	return st != nil && *st == "Widget"
}

func isDCT(sd types.StreamDict) bool {
	return len(sd.FilterPipeline) == 1 && sd.FilterPipeline[0].Name == "DCTDecode"
}

var (
	pdfDateEntry = regexp.MustCompile(`/(CreationDate|ModDate)\s*\((?:[^()\\]|\\.)*\)`)
	pdfTrailerID = regexp.MustCompile(`/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]`)
)

// patchWrittenPDF blanks the dates of the information dictionary the library wrote and replaces
// the time-derived file identifier by random bytes. Lengths do not change, so every offset in
// the cross-reference table stays right.
func patchWrittenPDF(out []byte, xt *model.XRefTable) ([]byte, error) {
	if xt.Info != nil {
		start, end, err := objectSpan(out, xt.Info.ObjectNumber.Value(), xt.Info.GenerationNumber.Value())
		if err != nil {
			return nil, err
		}
		region := out[start:end]
		pdfDateEntry.ReplaceAllFunc(region, func(m []byte) []byte {
			for i := range m {
				m[i] = ' '
			}
			return m
		})
		if pdfDateEntry.Match(region) {
			return nil, errors.New("evidence: could not blank the PDF dates")
		}
	}
	t := bytes.LastIndex(out, []byte("trailer"))
	if t < 0 {
		return nil, errors.New("evidence: written PDF has no trailer")
	}
	m := pdfTrailerID.FindSubmatchIndex(out[t:])
	if m == nil {
		return nil, errors.New("evidence: written PDF has no file identifier")
	}
	for _, g := range [][2]int{{m[2], m[3]}, {m[4], m[5]}} {
		id := out[t+g[0] : t+g[1]]
		r := make([]byte, (len(id)+1)/2)
		if _, err := rand.Read(r); err != nil {
			return nil, err
		}
		copy(id, strings.ToUpper(hex.EncodeToString(r))[:len(id)])
	}
	return out, nil
}

// objectSpan finds "N G obj ... endobj" at the start of a line.
func objectSpan(out []byte, objNr, gen int) (int, int, error) {
	head := []byte(fmt.Sprintf("%d %d obj", objNr, gen))
	for off := 0; ; {
		i := bytes.Index(out[off:], head)
		if i < 0 {
			return 0, 0, fmt.Errorf("evidence: object %d not found in the written PDF", objNr)
		}
		i += off
		if i == 0 || out[i-1] == '\n' || out[i-1] == '\r' {
			e := bytes.Index(out[i:], []byte("endobj"))
			if e < 0 {
				return 0, 0, fmt.Errorf("evidence: object %d not terminated", objNr)
			}
			return i, i + e, nil
		}
		off = i + len(head)
	}
}
