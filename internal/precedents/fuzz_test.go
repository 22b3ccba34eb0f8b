package precedents

import (
	"bytes"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// precedentSeeds adds the first precedents of the evaluation set, and rows that go wrong, in
// format.
func precedentSeeds(f *testing.F, format string) {
	f.Helper()
	data, err := os.ReadFile("testdata/eval/precedents.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	lines := bytes.SplitN(data, []byte("\n"), 4)[:3]
	if format == FormatJSONL {
		f.Add(bytes.Join(lines, []byte("\n")))
		f.Add([]byte(`{"external_id":"x-1","source_organisation":"Gemeente","year":2024,"category":"bullying","findings":"proven","summary":" s ","norms":["b","a","a"]}` + "\n\n{\"year\":\"2024\"}\n{\"unknown\":1}\n{"))
		// Found by fuzzing: a NUL character was accepted (PostgreSQL cannot store it), a text
		// starting with an apostrophe lost it through a CSV export, and a CR line ending turned
		// into LF through one.
		for _, summary := range []string{`regel\u0000`, `'=1+1`, `a\r\nb`, `a\rb`} {
			f.Add([]byte(`{"external_id":"x-1","source_organisation":"G","year":2024,"category":"BULLYING","findings":"PROVEN","summary":"` + summary + `"}`))
		}
		return
	}
	rows, _, err := Parse(FormatJSONL, bytes.NewReader(bytes.Join(lines, []byte("\n"))), testNow)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(export(f, FormatCSV, rows))
	f.Add([]byte("external_id,source_organisation,year,category,findings,sanction,summary\nx-1,Gemeente,2024,BULLYING,PROVEN,,\"'=SOM(A1)\"\nx-1,G,2024,BULLYING,PROVEN,,s\nx-2,G,twee,BULLYING,PROVEN,,s\nx-3,\"G\n"))
	f.Add([]byte("\ufeffexternal_id;source_organisation;year;category;findings;sanction;summary;norms\r\nx-1;\"Gemeente; Utrecht\";2024;bullying;proven;;\"regel\r\nregel\";GC-1.2|GC-1.1\r\n"))
}

func export(tb testing.TB, format string, rows []Row) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(format, &buf)
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Write(r.Record); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzParseJSONL and FuzzParseCSV check that an import file never panics the parser; that an
// error for the file as a whole comes without rows; that every bad row names a line; that the
// rows accepted are valid, normalised (normalising again changes nothing), of distinct external
// ids, in line order, and storable (UTF-8 text without NUL characters, which PostgreSQL
// refuses); and that they export in either format and import back unchanged.
func FuzzParseJSONL(f *testing.F) {
	precedentSeeds(f, FormatJSONL)
	f.Fuzz(func(t *testing.T, data []byte) { checkParse(t, FormatJSONL, data) })
}

// FuzzParseCSV: see FuzzParseJSONL.
func FuzzParseCSV(f *testing.F) {
	precedentSeeds(f, FormatCSV)
	f.Fuzz(func(t *testing.T, data []byte) { checkParse(t, FormatCSV, data) })
}

func checkParse(t *testing.T, format string, data []byte) {
	rows, bad, err := Parse(format, bytes.NewReader(data), testNow)
	if err != nil {
		if rows != nil || bad != nil {
			t.Fatalf("rows or row errors with the error %v", err)
		}
		return
	}
	for _, b := range bad {
		if b.Line < 1 || b.Message == "" {
			t.Fatalf("row error %+v names no line or says nothing", b)
		}
	}
	ids := map[string]bool{}
	prev := 0
	for _, r := range rows {
		if r.Line <= prev {
			t.Fatalf("row on line %d after one on line %d", r.Line, prev)
		}
		prev = r.Line
		if ids[r.ExternalID] {
			t.Fatalf("external id %q accepted twice", r.ExternalID)
		}
		ids[r.ExternalID] = true
		if err := r.Validate(testNow); err != nil {
			t.Fatalf("line %d accepted but invalid: %v", r.Line, err)
		}
		again := r.Record
		again.Grounds, again.Norms = slices.Clone(r.Grounds), slices.Clone(r.Norms)
		again.Aggravating, again.Mitigating = slices.Clone(r.Aggravating), slices.Clone(r.Mitigating)
		again.Normalize()
		if !reflect.DeepEqual(again, r.Record) {
			t.Fatalf("line %d: normalising again changes\n%+v\nto\n%+v", r.Line, r.Record, again)
		}
		for _, s := range append([]string{r.ExternalID, r.SourceOrganisation, r.Qualification, r.Summary, r.Considerations}, r.Norms...) {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Fatalf("line %d accepted with text %q that cannot be stored", r.Line, s)
			}
		}
	}
	if len(rows) == 0 {
		return
	}
	for _, to := range []string{FormatJSONL, FormatCSV} {
		back, bad, err := Parse(to, bytes.NewReader(export(t, to, rows)), testNow)
		if err != nil || len(bad) > 0 {
			t.Fatalf("exported as %s, the rows do not import: %v %v", to, err, bad)
		}
		if len(back) != len(rows) {
			t.Fatalf("exported as %s: %d rows back, want %d", to, len(back), len(rows))
		}
		for i := range back {
			if !reflect.DeepEqual(back[i].Record, rows[i].Record) {
				t.Fatalf("exported as %s, row %d changed:\n%+v\n%+v", to, i, rows[i].Record, back[i].Record)
			}
		}
	}
}
