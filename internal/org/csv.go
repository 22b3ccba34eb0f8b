package org

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/utrecht/meldpunt/internal/apperr"
)

// The columns of the two files.
const (
	ColUnitCode      = "unit_code"
	ColUnitName      = "unit_name"
	ColParentCode    = "parent_code"
	ColManagerNumber = "manager_number"

	ColNumber       = "number"
	ColName         = "name"
	ColEmail        = "email"
	ColStaffSubject = "staff_subject"
)

// UnitColumns and EmployeeColumns are the header of each kind of file, in the order the
// documentation lists them (any order is accepted).
var (
	UnitColumns     = []string{ColUnitCode, ColUnitName, ColParentCode, ColManagerNumber}
	EmployeeColumns = []string{ColNumber, ColName, ColEmail, ColUnitCode, ColStaffSubject}
)

// kind describes one kind of file.
type kind struct {
	what    string   // "units", "employees"
	flag    string   // the import command's flag for it
	columns []string // all required in the header
	// telltale columns of the other kind, to say "this is the other file" instead of listing
	// unknown columns
	other     []string
	otherWhat string
	otherFlag string
}

var (
	unitsKind = kind{what: "units", flag: "--units", columns: UnitColumns,
		other: []string{ColNumber, ColName, ColEmail, ColStaffSubject}, otherWhat: "employees", otherFlag: "--employees"}
	employeesKind = kind{what: "employees", flag: "--employees", columns: EmployeeColumns,
		other: []string{ColUnitName, ColParentCode, ColManagerNumber}, otherWhat: "units", otherFlag: "--units"}
)

// ReadUnits reads a units file (see the package documentation for the format); file names it
// in problems. Rows that cannot be read (bad quoting, wrong number of values) are left out and
// reported as problems; the values of the rows returned are checked by Check, not here. A file
// that cannot be read at all (not UTF-8, a bad header) gives a *ValidationError; other errors
// are read errors.
func ReadUnits(r io.Reader, file string) ([]Unit, []Problem, error) {
	t, probs, err := readTable(r, file, unitsKind)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Unit, 0, len(t.rows))
	for _, row := range t.rows {
		out = append(out, Unit{
			Code:          row.get(t, ColUnitCode),
			Name:          row.get(t, ColUnitName),
			ParentCode:    row.get(t, ColParentCode),
			ManagerNumber: row.get(t, ColManagerNumber),
			Pos:           Pos{File: file, Line: row.line},
		})
	}
	return out, probs, nil
}

// ReadEmployees reads an employees file, as ReadUnits reads a units file.
func ReadEmployees(r io.Reader, file string) ([]Employee, []Problem, error) {
	t, probs, err := readTable(r, file, employeesKind)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Employee, 0, len(t.rows))
	for _, row := range t.rows {
		out = append(out, Employee{
			Number:       row.get(t, ColNumber),
			Name:         row.get(t, ColName),
			Email:        row.get(t, ColEmail),
			UnitCode:     row.get(t, ColUnitCode),
			StaffSubject: row.get(t, ColStaffSubject),
			Pos:          Pos{File: file, Line: row.line},
		})
	}
	return out, probs, nil
}

type table struct {
	index map[string]int // column name -> position in a row
	rows  []tableRow
}

type tableRow struct {
	line int
	vals []string
}

func (r tableRow) get(t *table, col string) string { return r.vals[t.index[col]] }

const bom = "\xef\xbb\xbf"

func readTable(r io.Reader, file string, k kind) (*table, []Problem, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", file, err)
	}
	fatal := func(line int, r apperr.Reason, value, format string, args ...any) (*table, []Problem, error) {
		return nil, nil, NewValidationError([]Problem{{File: file, Line: line, Message: fmt.Sprintf(format, args...), Reason: r, Value: value}})
	}
	data = bytes.TrimPrefix(data, []byte(bom))
	if !utf8.Valid(data) {
		return fatal(badUTF8Line(data), apperr.ReasonFileNotUTF8, "", "the file is not UTF-8 text; save it as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8 (comma delimited))")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		// Text cannot hold one (nor can the database); a "Unicode text" (UTF-16) file is full of them.
		return fatal(1+bytes.Count(data[:i], []byte("\n")), apperr.ReasonFileNotUTF8, "", "the file contains a NUL character, so it is not UTF-8 text; save it as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8 (comma delimited))")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fatal(0, apperr.ReasonFileEmpty, "", "the file is empty; it needs a header row (%s) and a row per %s", strings.Join(k.columns, ","), strings.TrimSuffix(k.what, "s"))
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = separator(data)
	cr.FieldsPerRecord = -1 // counted here, for a better message
	header, err := cr.Read()
	if err != nil {
		return fatal(1, apperr.ReasonFileUnreadable, "", "cannot read the header row: %s", csvReason(err))
	}
	hline, _ := cr.FieldPos(0)
	t := &table{index: make(map[string]int, len(header))}
	if p, r, v := checkHeader(header, k, t.index); p != "" {
		return fatal(hline, r, v, "%s", p)
	}

	var probs []Problem
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, nil, fmt.Errorf("read %s: %w", file, err)
			}
			probs = append(probs, Problem{File: file, Line: pe.StartLine, Message: "cannot read the row: " + csvReason(err), Reason: apperr.ReasonRowUnreadable})
			continue
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if allEmpty(rec) {
			continue // Excel leaves rows of separators at the end of a sheet
		}
		if len(rec) > len(header) && allEmpty(rec[len(header):]) {
			rec = rec[:len(header)] // and empty cells to the right of the table
		}
		if len(rec) != len(header) {
			probs = append(probs, Problem{File: file, Line: line, Message: fmt.Sprintf(
				"%d values where the header has %d columns; put a value that contains %q in double quotes",
				len(rec), len(header), cr.Comma), Reason: apperr.ReasonRowColumnCount, Value: strconv.Itoa(len(header))})
			continue
		}
		t.rows = append(t.rows, tableRow{line: line, vals: rec})
	}
	return t, probs, nil
}

// separator is ';' when the header line has more semicolons than commas, else ','.
func separator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		return ';'
	}
	return ','
}

// checkHeader fills index from the header, or says what is wrong with it: in English, its reason
// and the column the reason names.
func checkHeader(header []string, k kind, index map[string]int) (msg string, r apperr.Reason, value string) {
	var unknown, dup, other []string
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if _, seen := index[name]; seen {
			dup = append(dup, name)
			continue
		}
		if !slices.Contains(k.columns, name) {
			unknown = append(unknown, name)
			if slices.Contains(k.other, name) {
				other = append(other, name)
			}
		}
		index[name] = i
	}
	var missing []string
	for _, c := range k.columns {
		if _, ok := index[c]; !ok {
			missing = append(missing, c)
		}
	}
	want := strings.Join(k.columns, ",")
	switch {
	case len(other) > 0 && len(missing) > 0:
		return fmt.Sprintf("this looks like the %s file (its header has %s), not the %s file: give it with %s", k.otherWhat, quoteList(other), k.what, k.otherFlag), apperr.ReasonColumnsOtherFile, ""
	case len(header) == 1 && len(missing) > 0:
		return fmt.Sprintf("the header has one column, %s; the columns must be separated by commas or semicolons: %s", quoteList(header), want), apperr.ReasonColumnsNotSeparated, ""
	case len(dup) > 0:
		return fmt.Sprintf("the header has %s more than once; each column must appear once", columns(dup)), apperr.ReasonColumnRepeated, strings.Join(dup, ", ")
	case len(unknown) > 0:
		return fmt.Sprintf("the header has unknown %s; the columns of the %s file are %s (rename or remove the others)", columns(unknown), k.what, want), apperr.ReasonColumnUnknown, strings.Join(unknown, ", ")
	case len(missing) > 0:
		return fmt.Sprintf("the header lacks %s; the columns of the %s file are %s (an optional column may be left empty, but must be there)", columns(missing), k.what, want), apperr.ReasonColumnMissing, strings.Join(missing, ", ")
	}
	return "", "", ""
}

// columns is `column "a"` or `columns "a", "b"`.
func columns(ss []string) string {
	if len(ss) == 1 {
		return "column " + quoteList(ss)
	}
	return "columns " + quoteList(ss)
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func allEmpty(ss []string) bool {
	for _, s := range ss {
		if s != "" {
			return false
		}
	}
	return true
}

// csvReason turns a CSV parse error into advice.
func csvReason(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return `a " inside a value that is not in double quotes; put the value in double quotes and double the " inside it ("")`
	case errors.Is(err, csv.ErrQuote):
		return `a value in double quotes is not closed properly; check the quotes (a " inside a quoted value is written "")`
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// badUTF8Line is the line number of the first byte that is not UTF-8.
func badUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}
