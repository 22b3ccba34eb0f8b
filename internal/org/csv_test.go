package org_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/utrecht/meldpunt/internal/org"
)

func TestReadUnitsAcceptsWhatHRExportsGive(t *testing.T) {
	t.Parallel()
	want := []org.Unit{
		{Code: "GEM", Name: "Gemeente Utrecht", Pos: org.Pos{File: "units.csv", Line: 2}},
		{Code: "SO", Name: "Stadsontwikkeling; Ruimte", ParentCode: "GEM", ManagerNumber: "001234", Pos: org.Pos{File: "units.csv", Line: 3}},
	}
	for _, tc := range []struct{ name, csv string }{
		{"commas", "unit_code,unit_name,parent_code,manager_number\nGEM,Gemeente Utrecht,,\nSO,\"Stadsontwikkeling; Ruimte\",GEM,001234\n"},
		{"semicolons (Dutch Excel)", "unit_code;unit_name;parent_code;manager_number\nGEM;Gemeente Utrecht;;\nSO;\"Stadsontwikkeling; Ruimte\";GEM;001234\n"},
		{"byte-order mark and CRLF", "\ufeffunit_code;unit_name;parent_code;manager_number\r\nGEM;Gemeente Utrecht;;\r\nSO;\"Stadsontwikkeling; Ruimte\";GEM;001234\r\n"},
		{"columns in another order, header in capitals with spaces", " Manager_Number ,UNIT_NAME,unit_code,parent_code\n,Gemeente Utrecht,GEM,\n001234,Stadsontwikkeling; Ruimte,SO,GEM\n"},
		{"spaces around values", "unit_code,unit_name,parent_code,manager_number\n GEM , Gemeente Utrecht ,,\nSO,Stadsontwikkeling; Ruimte, GEM ,001234 \n"},
		{"empty rows and empty cells to the right (Excel)", "unit_code;unit_name;parent_code;manager_number\nGEM;Gemeente Utrecht;;;;\nSO;\"Stadsontwikkeling; Ruimte\";GEM;001234\n;;;\n;;;;;\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, probs, err := org.ReadUnits(strings.NewReader(tc.csv), "units.csv")
			if err != nil || len(probs) > 0 {
				t.Fatalf("ReadUnits: %v %v", err, probs)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("units (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadEmployees(t *testing.T) {
	t.Parallel()
	in := "staff_subject;number;name;email;unit_code\n" +
		"alice;1001;Alice de Vries;alice@utrecht.nl;SO\n" +
		";1002;\"Bob \"\"Bobby\"\" Jansen\";;SO\n"
	got, probs, err := org.ReadEmployees(strings.NewReader(in), "employees.csv")
	if err != nil || len(probs) > 0 {
		t.Fatalf("ReadEmployees: %v %v", err, probs)
	}
	want := []org.Employee{
		{Number: "1001", Name: "Alice de Vries", Email: "alice@utrecht.nl", UnitCode: "SO", StaffSubject: "alice", Pos: org.Pos{File: "employees.csv", Line: 2}},
		{Number: "1002", Name: `Bob "Bobby" Jansen`, UnitCode: "SO", Pos: org.Pos{File: "employees.csv", Line: 3}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("employees (-want +got):\n%s", diff)
	}
}

// A file that cannot be read as a whole is refused with one problem saying what to do.
func TestReadRefusesFilesItCannotRead(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, csv string
		employees bool
		want      string
	}{
		{"unknown column", "unit_code,unit_name,parent_code,manager_number,afdeling\n", false,
			`units.csv, line 1: the header has unknown column "afdeling"; the columns of the units file are unit_code,unit_name,parent_code,manager_number (rename or remove the others)`},
		{"missing column", "number;name;unit_code\n", true,
			`employees.csv, line 1: the header lacks columns "email", "staff_subject"; the columns of the employees file are number,name,email,unit_code,staff_subject (an optional column may be left empty, but must be there)`},
		{"column twice", "unit_code,unit_name,parent_code,manager_number,Unit_Code\n", false,
			`units.csv, line 1: the header has column "unit_code" more than once; each column must appear once`},
		{"the other file", "number,name,email,unit_code,staff_subject\n1,A,,X,\n", false,
			`units.csv, line 1: this looks like the employees file (its header has "number", "name", "email", "staff_subject"), not the units file: give it with --employees`},
		{"the other file, the other way", "unit_code,unit_name,parent_code,manager_number\n", true,
			`employees.csv, line 1: this looks like the units file (its header has "unit_name", "parent_code", "manager_number"), not the employees file: give it with --units`},
		{"tab separated", "unit_code\tunit_name\tparent_code\tmanager_number\n", false,
			`units.csv, line 1: the header has one column, "unit_code\tunit_name\tparent_code\tmanager_number"; the columns must be separated by commas or semicolons: unit_code,unit_name,parent_code,manager_number`},
		{"empty", "\n\n", false,
			`units.csv: the file is empty; it needs a header row (unit_code,unit_name,parent_code,manager_number) and a row per unit`},
		{"not UTF-8 (Windows-1252 from Excel)", "unit_code;unit_name;parent_code;manager_number\nA;Caf\xe9;;\n", false,
			`units.csv, line 2: the file is not UTF-8 text; save it as "CSV UTF-8" (in Excel: Save As, CSV UTF-8 (comma delimited))`},
		{"a NUL character (which the database cannot store)", "unit_code;unit_name;parent_code;manager_number\nA;Jan\x00;;\n", false,
			`units.csv, line 2: the file contains a NUL character, so it is not UTF-8 text; save it as "CSV UTF-8" (in Excel: Save As, CSV UTF-8 (comma delimited))`},
		{"UTF-16 without a byte-order mark", "u\x00n\x00i\x00t\x00", false,
			`units.csv, line 1: the file contains a NUL character, so it is not UTF-8 text; save it as "CSV UTF-8" (in Excel: Save As, CSV UTF-8 (comma delimited))`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var err error
			if tc.employees {
				_, _, err = org.ReadEmployees(strings.NewReader(tc.csv), "employees.csv")
			} else {
				_, _, err = org.ReadUnits(strings.NewReader(tc.csv), "units.csv")
			}
			probs := org.Problems(err)
			if len(probs) != 1 {
				t.Fatalf("got %v, want one problem", err)
			}
			if got := probs[0].String(); got != tc.want {
				t.Errorf("problem\n got: %s\nwant: %s", got, tc.want)
			}
		})
	}
}

// A row that cannot be read is left out and reported; the other rows are read.
func TestReadReportsRowsItCannotRead(t *testing.T) {
	t.Parallel()
	in := "unit_code;unit_name;parent_code;manager_number\n" +
		"A;Alpha;;\n" +
		"B;Beta;A\n" + // one value short
		"C;Gam\"ma;;\n" + // a bare quote
		"D;Delta;;\n"
	units, probs, err := org.ReadUnits(strings.NewReader(in), "units.csv")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	want := []string{
		`units.csv, line 3: 3 values where the header has 4 columns; put a value that contains ';' in double quotes`,
		`units.csv, line 4: cannot read the row: a " inside a value that is not in double quotes; put the value in double quotes and double the " inside it ("")`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	var codes []string
	for _, u := range units {
		codes = append(codes, u.Code)
	}
	if diff := cmp.Diff([]string{"A", "D"}, codes); diff != "" {
		t.Errorf("rows read (-want +got):\n%s", diff)
	}
}
