package org_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/utrecht/meldpunt/internal/org"
)

// The seeds of both fuzz targets: what HR exports look like, and the ways they go wrong.
var orgSeeds = []string{
	"unit_code,unit_name,parent_code,manager_number\nGEM,Gemeente Utrecht,,\nSO,\"Stadsontwikkeling; Ruimte\",GEM,001234\n",
	"\ufeffunit_code;unit_name;parent_code;manager_number\r\nGEM;Gemeente Utrecht;;\r\nSO;\"Stadsontwikkeling; Ruimte\";GEM;001234\r\n;;;\n",
	" Manager_Number ,UNIT_NAME,unit_code,parent_code\n,Gemeente Utrecht,GEM,\n001234,Stadsontwikkeling; Ruimte,SO,GEM\n",
	"staff_subject;number;name;email;unit_code\nalice;1001;Alice de Vries;alice@utrecht.nl;SO\n;1002;\"Bob \"\"Bobby\"\" Jansen\";;SO\n",
	"number,name,email,unit_code,staff_subject\n1001,\"Jansen, P.\",p.jansen@utrecht.nl,SO,\n1002,Fatma Yılmaz,,SO,fatma\n1003,x,y\n",
	"unit_code,unit_name,parent_code,manager_number\nGEM,\"Gemeente \"Utrecht\",,\nSO,\"open\n",
	"unit_code\tunit_name\n",
	"number,name\n\xff\xfe\n",
	"number,name,email,unit_code,staff_subject\n1001,Jan\x00,,SO,\n", // found by fuzzing: a NUL character was read
	"",
}

// FuzzReadUnits checks that reading a units file never panics; that a file it refuses is
// refused with a *ValidationError naming the file; that every problem of a file it reads names
// the file and a line; and that the units it returns are trimmed, in file order, and read back
// the same when written out again as CSV.
func FuzzReadUnits(f *testing.F) {
	for _, s := range orgSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		units, probs, err := org.ReadUnits(bytes.NewReader(data), "units.csv")
		rows := make([][]string, len(units))
		lines := make([]int, len(units))
		for i, u := range units {
			rows[i] = []string{u.Code, u.Name, u.ParentCode, u.ManagerNumber}
			lines[i] = u.Pos.Line
			if u.Pos.File != "units.csv" {
				t.Fatalf("unit %d names file %q", i, u.Pos.File)
			}
		}
		checkRead(t, data, rows, lines, probs, err)
		if err != nil {
			return
		}
		// What was read is written back and reads the same.
		again, probs, err := org.ReadUnits(bytes.NewReader(writeCSV(t, org.UnitColumns, rows)), "again.csv")
		if err != nil || len(probs) > 0 {
			t.Fatalf("the units read, written out again, do not read: %v %v", err, probs)
		}
		if len(again) != len(units) {
			t.Fatalf("%d units read back, want %d", len(again), len(units))
		}
		for i := range again {
			a, u := again[i], units[i]
			if a.Code != u.Code || a.Name != u.Name || a.ParentCode != u.ParentCode || a.ManagerNumber != u.ManagerNumber {
				t.Fatalf("unit %d read back as %+v, want %+v", i, a, u)
			}
		}
		// The checks of the values never panic on what the reader lets through.
		_ = org.Check(units, nil, org.Current{})
	})
}

// FuzzReadEmployees is FuzzReadUnits for an employees file.
func FuzzReadEmployees(f *testing.F) {
	for _, s := range orgSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		emps, probs, err := org.ReadEmployees(bytes.NewReader(data), "employees.csv")
		rows := make([][]string, len(emps))
		lines := make([]int, len(emps))
		for i, e := range emps {
			rows[i] = []string{e.Number, e.Name, e.Email, e.UnitCode, e.StaffSubject}
			lines[i] = e.Pos.Line
		}
		checkRead(t, data, rows, lines, probs, err)
		if err != nil {
			return
		}
		again, probs, err := org.ReadEmployees(bytes.NewReader(writeCSV(t, org.EmployeeColumns, rows)), "again.csv")
		if err != nil || len(probs) > 0 {
			t.Fatalf("the employees read, written out again, do not read: %v %v", err, probs)
		}
		if len(again) != len(emps) {
			t.Fatalf("%d employees read back, want %d", len(again), len(emps))
		}
		for i := range again {
			a, e := again[i], emps[i]
			if a.Number != e.Number || a.Name != e.Name || a.Email != e.Email || a.UnitCode != e.UnitCode || a.StaffSubject != e.StaffSubject {
				t.Fatalf("employee %d read back as %+v, want %+v", i, a, e)
			}
		}
		_ = org.Check(nil, emps, org.Current{})
	})
}

// checkRead checks what both readers promise, given the values of the rows read and their lines.
func checkRead(t *testing.T, data []byte, rows [][]string, lines []int, probs []org.Problem, err error) {
	t.Helper()
	if err != nil {
		var ve *org.ValidationError
		if !errors.As(err, &ve) || len(ve.Problems) == 0 {
			t.Fatalf("error %v is not a *ValidationError with problems", err)
		}
		if len(rows) > 0 || probs != nil {
			t.Fatalf("rows or problems returned with the error %v", err)
		}
		for _, p := range ve.Problems {
			if p.File != "units.csv" && p.File != "employees.csv" || p.Message == "" {
				t.Fatalf("problem %+v does not name the file or say what is wrong", p)
			}
		}
		return
	}
	if !utf8.Valid(data) {
		t.Fatalf("a file that is not UTF-8 was read")
	}
	for _, p := range probs {
		if p.Line < 1 || p.Message == "" {
			t.Fatalf("problem %+v names no line or says nothing", p)
		}
	}
	prev := 0
	for i, row := range rows {
		if lines[i] <= prev {
			t.Fatalf("row %d on line %d after a row on line %d", i, lines[i], prev)
		}
		prev = lines[i]
		empty := true
		for _, v := range row {
			if v != strings.TrimSpace(v) {
				t.Fatalf("row %d: value %q is not trimmed", i, v)
			}
			if strings.ContainsRune(v, 0) {
				t.Fatalf("row %d: value %q has a NUL character, which PostgreSQL cannot store", i, v)
			}
			empty = empty && v == ""
		}
		if empty {
			t.Fatalf("row %d (line %d) is empty but was returned", i, lines[i])
		}
	}
}

func writeCSV(t *testing.T, header []string, rows [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(header); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
