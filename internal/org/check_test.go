package org_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/utrecht/meldpunt/internal/org"
)

const (
	unitsHeader     = "unit_code;unit_name;parent_code;manager_number\n"
	employeesHeader = "number;name;email;unit_code;staff_subject\n"
)

// read parses the two files, failing the test on problems of form.
func read(t *testing.T, units, employees string) ([]org.Unit, []org.Employee) {
	t.Helper()
	us, probs, err := org.ReadUnits(strings.NewReader(unitsHeader+units), "units.csv")
	if err != nil || len(probs) > 0 {
		t.Fatalf("units: %v %v", err, probs)
	}
	es, probs, err := org.ReadEmployees(strings.NewReader(employeesHeader+employees), "employees.csv")
	if err != nil || len(probs) > 0 {
		t.Fatalf("employees: %v %v", err, probs)
	}
	return us, es
}

// stored is what an earlier import left in the database.
var stored = org.Current{
	Units: map[string]org.Unit{
		"GEM": {Code: "GEM", Name: "Gemeente Utrecht", ManagerNumber: "0001"},
		"OLD": {Code: "OLD", Name: "Opgeheven", ParentCode: "GEM"},
	},
	Employees: map[string]org.Employee{
		"0001": {Number: "0001", Name: "Gemeentesecretaris", UnitCode: "GEM", StaffSubject: "secretaris"},
		"0002": {Number: "0002", Name: "Carla", UnitCode: "OLD", StaffSubject: "carla"},
	},
}

// Every kind of problem names the file, the line and the column and says what to do.
func TestCheckNamesEveryProblemByLineAndColumn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, units, employees string
		want                   []string
	}{
		{"valid, with references into the database and across files", "SO;Stadsontwikkeling;GEM;1001\nRO;Ruimte;SO;0001\n",
			"1001;Alice;alice@utrecht.nl;SO;alice\n1002;Bob;;RO;\n", nil},
		{"required values", ";Zonder code;;\nSO;;;\n", ";Zonder nummer;;SO;\n1001;;;SO;\n1002;Bob;;;\n", []string{
			`employees.csv, line 2, column number: number is empty; every employee needs their personnel number`,
			`employees.csv, line 3, column name: name is empty; give the employee's name`,
			`employees.csv, line 4, column unit_code: unit_code is empty; give the unit the employee works in`,
			`units.csv, line 2, column unit_code: unit_code is empty; every unit needs its code`,
			`units.csv, line 3, column unit_name: unit_name is empty; give the unit's name`,
		}},
		{"duplicate keys", "SO;Stadsontwikkeling;;\nSO;Stadsontwikkeling bis;;\n", "1001;Alice;;SO;\n1001;Alice;;SO;\n", []string{
			`employees.csv, line 3, column number: number "1001" is also on line 2; give each employee once`,
			`units.csv, line 3, column unit_code: unit_code "SO" is also on line 2; give each unit once`,
		}},
		{"unknown unit", "SO;Stadsontwikkeling;;\n", "1001;Alice;;S0;\n", []string{
			`employees.csv, line 2, column unit_code: no unit with code "S0" in the units file or the database; correct the code or add the unit to the units file`,
		}},
		{"unknown manager", "SO;Stadsontwikkeling;;1234\n", "", []string{
			`units.csv, line 2, column manager_number: no employee with number "1234" in the employees file or the database; correct the number, add the employee, or leave manager_number empty`,
		}},
		{"unknown parent", "SO;Stadsontwikkeling;GEMX;\n", "", []string{
			`units.csv, line 2, column parent_code: no unit with code "GEMX" in the units file or the database; correct the code, add that unit, or leave parent_code empty for a unit at the top`,
		}},
		{"own parent", "SO;Stadsontwikkeling;SO;\n", "", []string{
			`units.csv, line 2, column parent_code: a unit cannot be its own parent; leave parent_code empty for a unit at the top`,
		}},
		{"parent loop in the file", "A;Alpha;C;\nB;Beta;A;\nC;Gamma;B;\nD;Delta;C;\n", "", []string{
			`units.csv, line 2, column parent_code: parent_code makes a loop: A → C → B → A; a unit cannot be part of itself, so correct one of these parent codes`,
		}},
		{"parent loop through the database", "GEM;Gemeente Utrecht;OLD;0001\n", "", []string{
			`units.csv, line 2, column parent_code: parent_code makes a loop: GEM → OLD → GEM; a unit cannot be part of itself, so correct one of these parent codes`,
		}},
		{"email", "", "1001;Alice;alice.utrecht.nl;GEM;\n1002;Bob;bob@utrecht;GEM;\n1003;Carla;\"a@b.nl; c@d.nl\";GEM;\n1004;Dirk;dirk@utrecht.nl;GEM;\n", []string{
			`employees.csv, line 2, column email: not an email address (like name@utrecht.nl); correct it or leave it empty`,
			`employees.csv, line 3, column email: not an email address (like name@utrecht.nl); correct it or leave it empty`,
			`employees.csv, line 4, column email: not an email address (like name@utrecht.nl); correct it or leave it empty`,
		}},
		{"staff subject twice in the file", "", "1001;Alice;;GEM;alice\n1002;Alice B;;GEM;alice\n", []string{
			`employees.csv, line 3, column staff_subject: the same staff_subject as on line 2; a staff sign-in belongs to one employee`,
		}},
		{"staff subject of someone not in the file", "", "1001;Alice;;GEM;carla\n", []string{
			`employees.csv, line 2, column staff_subject: this staff_subject belongs to employee "0002" in the database, who is not in this file; correct it, or add employee "0002" to the file with their own staff_subject (or none)`,
		}},
		{"staff subjects may move between employees in the file", "", "0002;Carla;;GEM;secretaris\n0001;Gemeentesecretaris;;GEM;carla\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			units, employees := read(t, tc.units, tc.employees)
			_, err := org.Plan(units, employees, stored)
			var got []string
			for _, p := range org.Problems(err) {
				got = append(got, p.String())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (err == nil) != (len(tc.want) == 0) {
				t.Errorf("Plan error %v, want one only with problems", err)
			}
		})
	}
}

func TestProblemsNeverQuoteNamesOrEmailAddresses(t *testing.T) {
	t.Parallel()
	units, employees := read(t, "SO;Geheime Afdeling;NOPE;9999\n", "1001;Annemarie Geheim;geheim-at-utrecht.nl;NOPE;\n;Piet Geheim;;SO;\n")
	err := org.NewValidationError(org.Check(units, employees, org.Current{}))
	if err == nil {
		t.Fatal("no problems")
	}
	for _, secret := range []string{"Geheim", "geheim"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the problems quote personal data %q:\n%s", secret, err)
		}
	}
}

func TestPlanCountsWhatChanges(t *testing.T) {
	t.Parallel()
	units, employees := read(t,
		"GEM;Gemeente Utrecht;;0001\nSO;Stadsontwikkeling;GEM;0001\n", // GEM unchanged, SO new
		"0001;Gemeentesecretaris;;GEM;secretaris\n"+ // unchanged
			"1001;Alice;alice@utrecht.nl;SO;alice\n", // new; 0002 not in file
	)
	ch, err := org.Plan(units, employees, stored)
	if err != nil {
		t.Fatal(err)
	}
	want := org.ImportResult{
		Units:     org.Counts{Created: 1, Unchanged: 1, NotInFile: 1},
		Employees: org.Counts{Created: 1, Unchanged: 1, NotInFile: 1},
	}
	if diff := cmp.Diff(want, ch.Result); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}

	units, employees = read(t, "GEM;Gemeente Utrecht;;\n", "0002;Carla;carla@utrecht.nl;OLD;carla\n")
	ch, err = org.Plan(units, employees, stored)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.UpdateUnits) != 1 || ch.UpdateUnits[0].ManagerNumber != "" {
		t.Errorf("a manager left empty is not an update that clears it: %+v", ch.UpdateUnits)
	}
	if len(ch.UpdateEmployees) != 1 || ch.UpdateEmployees[0].Email != "carla@utrecht.nl" {
		t.Errorf("a new email is not an update: %+v", ch.UpdateEmployees)
	}
}

func TestValidationErrorListsFiftyAndCountsTheRest(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := range 120 {
		fmt.Fprintf(&b, "%d;Employee;;NOPE;\n", 1000+i)
	}
	_, employees := read(t, "", b.String())
	_, err := org.Plan(nil, employees, org.Current{})
	var ve *org.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 120 {
		t.Fatalf("got %v, want 120 problems", err)
	}
	msg := err.Error()
	lines := strings.Split(msg, "\n")
	if len(lines) != 1+50+1 {
		t.Errorf("message has %d lines, want a heading, 50 problems and a count", len(lines))
	}
	if !strings.HasPrefix(msg, "120 problems in the organisation data; nothing was imported:\n  employees.csv, line 2, column unit_code:") {
		t.Errorf("message starts %q", lines[0]+"\n"+lines[1])
	}
	if last := lines[len(lines)-1]; last != "  ... and 70 more" {
		t.Errorf("last line %q, want the count of the rest", last)
	}
}

func TestRowsNotFromAFileAreNamedByTheirPlace(t *testing.T) {
	t.Parallel()
	probs := org.Check([]org.Unit{{Code: "A", Name: "Alpha"}, {Code: "A", Name: "Alpha"}}, nil, org.Current{})
	if len(probs) != 1 || probs[0].String() != `units, line 2, column unit_code: unit_code "A" is also on line 1; give each unit once` {
		t.Errorf("got %v", probs)
	}
}
