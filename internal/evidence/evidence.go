// Package evidence cleans uploaded evidence files before they are sealed and stored: a
// reporter's phone photo must not carry the GPS position, the device or the owner's name. The
// type is detected from the content, never from the name or a client's claim, and only types
// that can be cleaned reliably are accepted: JPEG and PNG photos and PDF documents. Everything
// that is not needed to show the picture is removed — JPEG application segments (JFIF
// thumbnails, EXIF, ICC, XMP, IPTC, maker notes), comments and trailers after the image; PNG
// text, EXIF, time and ICC chunks. A PDF is parsed in full and written anew without its
// metadata, attachments, scripts and signatures (see pdf.go).
package evidence

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// MaxSize is the largest file accepted.
const MaxSize = 5 << 20

// Errors; the transport shows them to the uploader.
var (
	ErrTooLarge    = fmt.Errorf("the file is larger than %d MiB", MaxSize>>20)
	ErrUnsupported = errors.New("only JPEG and PNG photos and PDF documents can be uploaded")
	ErrMalformed   = errors.New("the file is damaged or not what it claims to be")
)

// Sanitize returns the file without metadata and its media type.
func Sanitize(data []byte) (clean []byte, mediaType string, err error) {
	if len(data) > MaxSize {
		return nil, "", ErrTooLarge
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		clean, err = cleanJPEG(data)
		return clean, "image/jpeg", err
	case bytes.HasPrefix(data, pngSignature):
		clean, err = cleanPNG(data)
		return clean, "image/png", err
	case bytes.HasPrefix(data, []byte("%PDF-")):
		clean, err = cleanPDF(data)
		return clean, "application/pdf", err
	}
	return nil, "", ErrUnsupported
}

// cleanJPEG keeps what is needed to decode the image. It drops every application segment
// (APP0–APP15: JFIF thumbnails, EXIF/GPS, ICC device tags, XMP, IPTC, vendor data; only the
// 12-byte Adobe colour-transform segment is kept) and comments,
// wherever they stand — also between the scans of a progressive JPEG — and everything after the
// end of the image (the extra pictures of multi-picture files, vendor trailers, motion video).
func cleanJPEG(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data))
	out = append(out, 0xFF, 0xD8)
	i := 2
	for {
		if i+2 > len(data) || data[i] != 0xFF {
			return nil, ErrMalformed
		}
		marker := data[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0xD9: // end of image: nothing after it is kept
			return append(out, 0xFF, 0xD9), nil
		case marker >= 0xD0 && marker <= 0xD7: // restart marker outside a scan
			out = append(out, 0xFF, marker)
			i += 2
			continue
		}
		if i+4 > len(data) {
			return nil, ErrMalformed
		}
		length := int(binary.BigEndian.Uint16(data[i+2 : i+4]))
		if length < 2 || i+2+length > len(data) {
			return nil, ErrMalformed
		}
		drop := (marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE
		if marker == 0xEE && length == 14 && bytes.HasPrefix(data[i+4:], []byte("Adobe")) {
			drop = false // Adobe colour-transform flags only; CMYK images need them to show right
		}
		if !drop {
			out = append(out, data[i:i+2+length]...)
		}
		i += 2 + length
		if marker == 0xDA { // start of scan: copy the entropy-coded data up to the next marker
			start := i
			for i+1 < len(data) && !(data[i] == 0xFF && data[i+1] != 0x00 && (data[i+1] < 0xD0 || data[i+1] > 0xD7)) {
				i++
			}
			if i+1 >= len(data) {
				return nil, ErrMalformed
			}
			out = append(out, data[start:i]...)
		}
	}
}

var pngSignature = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}

// pngKeep are the chunks needed to show the picture as it was meant; every other chunk (text,
// EXIF, time, ICC profiles with their device tags, private data) is dropped.
var pngKeep = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true,
	"tRNS": true, "gAMA": true, "cHRM": true, "sRGB": true, "sBIT": true, "pHYs": true, "bKGD": true,
}

func cleanPNG(data []byte) ([]byte, error) {
	out := append(make([]byte, 0, len(data)), pngSignature...)
	i := len(pngSignature)
	for i < len(data) {
		if i+12 > len(data) {
			return nil, ErrMalformed
		}
		n := int(binary.BigEndian.Uint32(data[i : i+4]))
		if n < 0 || i+12+n > len(data) {
			return nil, ErrMalformed
		}
		typ := string(data[i+4 : i+8])
		chunk := data[i : i+12+n]
		if pngKeep[typ] {
			out = append(out, chunk...)
		}
		i += 12 + n
		if typ == "IEND" {
			return out, nil
		}
	}
	return nil, ErrMalformed
}
