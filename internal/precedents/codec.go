package precedents

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
)

// Formats of an import or export.
const (
	FormatJSONL = "jsonl"
	FormatCSV   = "csv"
)

// RowError is a bad row of an import: its line (1-based; for CSV the header is line 1), its
// external id when it has one, the field and what is wrong.
type RowError struct {
	Line       int
	ExternalID string
	Field      string
	Message    string        // in English
	Reason     apperr.Reason // stable, for the reader's own sentence
	Value      string        // what that sentence names (apperr.Violation.Value)
}

func (e RowError) Error() string {
	s := fmt.Sprintf("line %d", e.Line)
	if e.ExternalID != "" {
		s += " (" + e.ExternalID + ")"
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	return s + ": " + e.Message
}

// FileError is a problem of an import file as a whole (or of its format): Field is "format" for
// an unknown format, else "" (the file's content). Reason and Value are as apperr.Violation's.
type FileError struct {
	Field  string
	Msg    string // in English
	Reason apperr.Reason
	Value  string
	Err    error
}

func (e *FileError) Error() string { return e.Msg }
func (e *FileError) Unwrap() error { return e.Err }

// Violation is the problem as the refusal of a request whose file is field content.
func (e *FileError) Violation(content string) apperr.Violation {
	field := e.Field
	if field == "" {
		field = content
	}
	return apperr.Violation{Field: field, Message: e.Msg, Reason: e.Reason, Value: e.Value}
}

// Row is a parsed, normalised and valid record with its line.
type Row struct {
	Line int
	Record
}

// maxImportRows bounds one import: larger libraries are imported in several files.
const maxImportRows = 200_000

// Parse reads records in format, normalises and validates each, and returns the good rows and
// one error per bad row (parsing goes on after a bad row, so that every problem is reported at
// once). A repeated external id within the file is an error on its second line.
func Parse(format string, r io.Reader, now time.Time) ([]Row, []RowError, error) {
	var rows []Row
	var bad []RowError
	seen := map[string]int{}
	add := func(line int, rec Record) {
		rec.Normalize()
		if err := rec.Validate(now); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				bad = append(bad, RowError{Line: line, ExternalID: rec.ExternalID, Field: fe.Field, Message: fe.Reason, Reason: fe.Code, Value: fe.Value})
				return
			}
			bad = append(bad, RowError{Line: line, ExternalID: rec.ExternalID, Message: err.Error(), Reason: apperr.ReasonInvalidField})
			return
		}
		if first, dup := seen[rec.ExternalID]; dup {
			bad = append(bad, RowError{Line: line, ExternalID: rec.ExternalID, Field: "external_id", Message: fmt.Sprintf("repeats line %d", first), Reason: apperr.ReasonRepeatsLine, Value: strconv.Itoa(first)})
			return
		}
		seen[rec.ExternalID] = line
		rows = append(rows, Row{Line: line, Record: rec})
	}
	switch format {
	case FormatJSONL:
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		line := 0
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			if line > maxImportRows {
				return nil, nil, &FileError{Msg: fmt.Sprintf("more than %d lines; split the file", maxImportRows), Reason: apperr.ReasonFileTooManyRows, Value: strconv.Itoa(maxImportRows)}
			}
			var rec Record
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&rec); err != nil {
				bad = append(bad, RowError{Line: line, Message: "not a precedent in JSON: " + jsonProblem(err), Reason: apperr.ReasonRowUnreadable})
				continue
			}
			add(line, rec)
		}
		if err := sc.Err(); err != nil {
			return nil, nil, &FileError{Msg: fmt.Sprintf("line %d: %v (a line may be at most 1 MiB)", line+1, err), Reason: apperr.ReasonLineTooLong, Value: strconv.Itoa(line + 1), Err: err}
		}
	case FormatCSV:
		br := bufio.NewReader(r)
		head, _ := br.Peek(4096)
		cr := csv.NewReader(br)
		cr.Comma = ','
		if first, _, _ := bytes.Cut(head, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
			cr.Comma = ';'
		}
		cr.FieldsPerRecord = -1
		header, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, nil, &FileError{Msg: "the CSV file has no header line", Reason: apperr.ReasonFileEmpty, Err: err}
			}
			return nil, nil, &FileError{Msg: "the CSV file has no header line: " + err.Error(), Reason: apperr.ReasonFileUnreadable, Err: err}
		}
		col := map[string]int{}
		for i, h := range header {
			col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
		}
		// A bad header is the file's first line's problem: nothing else can be read.
		for _, need := range []string{"external_id", "source_organisation", "year", "category", "findings", "sanction", "summary"} {
			if _, ok := col[need]; !ok {
				return nil, []RowError{{Line: 1, Reason: apperr.ReasonColumnMissing, Value: need,
					Message: fmt.Sprintf("the CSV header lacks the column %q (columns: %s)", need, strings.Join(CSVHeader, ","))}}, nil
			}
		}
		for _, h := range header {
			if known := strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")); !contains(CSVHeader, known) {
				value := known
				if !codePattern.MatchString(known) {
					value = ""
				}
				return nil, []RowError{{Line: 1, Reason: apperr.ReasonColumnUnknown, Value: value,
					Message: fmt.Sprintf("the CSV header has an unknown column %q (columns: %s)", known, strings.Join(CSVHeader, ","))}}, nil
			}
		}
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					bad = append(bad, RowError{Line: pe.Line, Message: pe.Err.Error(), Reason: apperr.ReasonRowUnreadable})
					continue
				}
				return nil, nil, err
			}
			line, _ := cr.FieldPos(0) // only after a record was read: FieldPos panics without one
			if line > maxImportRows+1 {
				return nil, nil, &FileError{Msg: fmt.Sprintf("more than %d rows; split the file", maxImportRows), Reason: apperr.ReasonFileTooManyRows, Value: strconv.Itoa(maxImportRows)}
			}
			get := func(name string) string {
				if i, ok := col[name]; ok && i < len(rec) {
					return unguardCell(rec[i])
				}
				return ""
			}
			list := func(name string) []string {
				if s := strings.TrimSpace(get(name)); s != "" {
					return strings.Split(s, "|")
				}
				return nil
			}
			r := Record{
				ExternalID: get("external_id"), SourceOrganisation: get("source_organisation"), Language: get("language"),
				Category: get("category"), Grounds: list("discrimination_grounds"), Norms: list("norms"),
				Findings: get("findings"), Qualification: get("qualification"), Aggravating: list("aggravating"),
				Mitigating: list("mitigating"), Sanction: get("sanction"), Summary: get("summary"), Considerations: get("considerations"),
			}
			year, err := strconv.Atoi(strings.TrimSpace(get("year")))
			if err != nil {
				bad = append(bad, RowError{Line: line, ExternalID: strings.TrimSpace(r.ExternalID), Field: "year", Message: "is not a number", Reason: apperr.ReasonValueNotNumber})
				continue
			}
			r.Year = year
			add(line, r)
		}
	default:
		return nil, nil, &FileError{Field: "format", Msg: fmt.Sprintf("unknown format %q: use jsonl or csv", format), Reason: apperr.ReasonFormatUnknown}
	}
	return rows, bad, nil
}

func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %s must be %s", te.Field, te.Type)
	}
	return err.Error()
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// CSVHeader is the column order of a CSV export; lists are joined with "|".
var CSVHeader = []string{"external_id", "source_organisation", "year", "language", "category", "discrimination_grounds",
	"norms", "findings", "qualification", "aggravating", "mitigating", "sanction", "summary", "considerations"}

// Writer writes records in a format.
type Writer struct {
	format string
	w      *bufio.Writer
	cw     *csv.Writer
}

// NewWriter starts an export; for CSV it writes the header.
func NewWriter(format string, w io.Writer) (*Writer, error) {
	bw := bufio.NewWriter(w)
	switch format {
	case FormatJSONL:
		return &Writer{format: format, w: bw}, nil
	case FormatCSV:
		cw := csv.NewWriter(bw)
		cw.Comma = ';'
		if err := cw.Write(CSVHeader); err != nil {
			return nil, err
		}
		return &Writer{format: format, w: bw, cw: cw}, nil
	}
	return nil, &FileError{Field: "format", Msg: fmt.Sprintf("unknown format %q: use jsonl or csv", format), Reason: apperr.ReasonFormatUnknown}
}

// Write writes one record.
func (w *Writer) Write(r Record) error {
	if w.cw == nil {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, err = w.w.Write(append(b, '\n'))
		return err
	}
	j := func(xs []string) string { return strings.Join(xs, "|") }
	g := guardCell
	return w.cw.Write([]string{r.ExternalID, g(r.SourceOrganisation), strconv.Itoa(r.Year), r.Language, r.Category, j(r.Grounds),
		j(r.Norms), r.Findings, g(r.Qualification), j(r.Aggravating), j(r.Mitigating), r.Sanction, g(r.Summary), g(r.Considerations)})
}

// guardCell keeps a spreadsheet from reading a text as a formula (CSV injection): a cell that
// starts with = + - @ or a tab gets a leading apostrophe, which spreadsheets hide and
// unguardCell removes again on import. A text that starts with an apostrophe itself gets one
// more, or the spreadsheet (and unguardCell) would take its own for the guard.
func guardCell(s string) string {
	if s != "" && strings.ContainsRune(guarded, rune(s[0])) {
		return "'" + s
	}
	return s
}

func unguardCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(guarded, rune(s[1])) {
		return s[1:]
	}
	return s
}

// guarded are the first characters guardCell guards.
const guarded = "=+-@\t\r'"

// Close flushes the export.
func (w *Writer) Close() error {
	if w.cw != nil {
		w.cw.Flush()
		if err := w.cw.Error(); err != nil {
			return err
		}
	}
	return w.w.Flush()
}
