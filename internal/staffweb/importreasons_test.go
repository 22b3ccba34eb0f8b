package staffweb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/catalogue"
	"github.com/utrecht/meldpunt/internal/org"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/staffweb"
	"github.com/utrecht/meldpunt/internal/transport"
)

// orgImport refuses the files as the admin service does: a file that cannot be read stops there,
// else every problem of the rows and between them.
func orgImport(t *testing.T, units, employees string) error {
	t.Helper()
	var us []org.Unit
	var es []org.Employee
	var probs []org.Problem
	if units != "" {
		u, p, err := org.ReadUnits(strings.NewReader(units), "units_csv")
		if err != nil {
			return err
		}
		us, probs = u, append(probs, p...)
	}
	if employees != "" {
		e, p, err := org.ReadEmployees(strings.NewReader(employees), "employees_csv")
		if err != nil {
			return err
		}
		es, probs = e, append(probs, p...)
	}
	err := org.NewValidationError(append(probs, org.Check(us, es, org.Current{})...))
	if err == nil {
		t.Fatal("the import was not refused")
	}
	return err
}

const unitsHead = "unit_code,unit_name,parent_code,manager_number\n"
const employeesHead = "number,name,email,unit_code,staff_subject\n"

// Each problem of an organisation import is said on the Dutch page as its row, its column and a
// Dutch sentence of its own — naming the unknown code, the earlier line, the missing column — and
// never in the service's English.
func TestEachOrganisationImportProblemIsSaidInDutchOnItsRow(t *testing.T) {
	for _, c := range []struct {
		name, units, employees string
		reason                 apperr.Reason
		value                  string
		place                  string // the row's name on the page
	}{
		{"unknown unit code", unitsHead + "U1,Eén,,\n", employeesHead + "E1,Jan,,U1,\nE2,Piet,,UX9,\n", apperr.ReasonUnknownUnit, "UX9", "Medewerkers, regel 3 (unit_code)"},
		{"unknown parent", unitsHead + "U1,Eén,U7,\n", "", apperr.ReasonUnknownUnit, "U7", "Onderdelen, regel 2 (parent_code)"},
		{"unknown manager", unitsHead + "U1,Eén,,E404\n", "", apperr.ReasonUnknownEmployee, "E404", "Onderdelen, regel 2 (manager_number)"},
		{"duplicate employee number", unitsHead + "U1,Eén,,\n", employeesHead + "E1,Jan,,U1,\nE1,Piet,,U1,\n", apperr.ReasonRepeatsLine, "2", "Medewerkers, regel 3 (number)"},
		{"duplicate unit code", unitsHead + "U1,Eén,,\nU1,Twee,,\n", "", apperr.ReasonRepeatsLine, "2", "Onderdelen, regel 3 (unit_code)"},
		{"loop in the units", unitsHead + "U1,Eén,U2,\nU2,Twee,U1,\n", "", apperr.ReasonUnitLoop, "U1 → U2 → U1", "Onderdelen, regel 2 (parent_code)"},
		{"own parent", unitsHead + "U1,Eén,U1,\n", "", apperr.ReasonOwnParent, "", "Onderdelen, regel 2 (parent_code)"},
		{"empty name", unitsHead + "U1,,,\n", "", apperr.ReasonValueRequired, "", "Onderdelen, regel 2 (unit_name)"},
		{"not an e-mail address", unitsHead + "U1,Eén,,\n", employeesHead + "E1,Jan,jan at utrecht,U1,\n", apperr.ReasonNotAnEmail, "", "Medewerkers, regel 2 (email)"},
		{"same sign-in twice", unitsHead + "U1,Eén,,\n", employeesHead + "E1,Jan,,U1,s1\nE2,Piet,,U1,s1\n", apperr.ReasonRepeatsLine, "2", "Medewerkers, regel 3 (staff_subject)"},
		{"missing column", "unit_code,unit_name,parent_code\nU1,Eén,\n", "", apperr.ReasonColumnMissing, "manager_number", "Onderdelen, regel 1"},
		{"unknown column", "unit_code,unit_name,parent_code,manager_number,colour\nU1,Eén,,,rood\n", "", apperr.ReasonColumnUnknown, "colour", "Onderdelen, regel 1"},
		{"repeated column", "unit_code,unit_name,parent_code,manager_number,unit_name\n", "", apperr.ReasonColumnRepeated, "unit_name", "Onderdelen, regel 1"},
		{"the other file", employeesHead + "E1,Jan,,U1,\n", "", apperr.ReasonColumnsOtherFile, "", "Onderdelen, regel 1"},
		{"one column", "unit_code\tunit_name\tparent_code\tmanager_number\n", "", apperr.ReasonColumnsNotSeparated, "", "Onderdelen, regel 1"},
		{"not UTF-8", unitsHead + "U1,\xff\xfe,,\n", "", apperr.ReasonFileNotUTF8, "", "Onderdelen, regel 2"},
		{"empty file", "\n", "", apperr.ReasonFileEmpty, "", "Onderdelen"},
		{"values and columns", unitsHead + "U1,Eén,,,,x\n", "", apperr.ReasonRowColumnCount, "4", "Onderdelen, regel 2"},
		{"bad quotes", unitsHead + "U1,\"Eén,,\n", "", apperr.ReasonRowUnreadable, "", "Onderdelen, regel 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := orgImport(t, c.units, c.employees)
			lines := staffweb.RefusalTexts("nl", transport.StatusOf(err).Err())
			want := wantLine(t, c.place, c.reason, c.value)
			found := false
			for _, l := range lines {
				found = found || l == want
			}
			if !found {
				t.Errorf("the page says %q, want %q", lines, want)
			}
			noEnglish(t, lines, err)
		})
	}
}

// Each bad row of a precedent import is said on the Dutch page as "Regel N (field): " and a Dutch
// sentence of its own, never in the service's English.
func TestEachPrecedentImportProblemIsSaidInDutchOnItsRow(t *testing.T) {
	const head = "external_id,source_organisation,year,category,findings,sanction,summary\n"
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	good := "P-1,Gemeente Utrecht,2020,DISCRIMINATION,PROVEN,WRITTEN_WARNING,Samenvatting\n"
	for _, c := range []struct {
		name, format, content string
		reason                apperr.Reason
		value                 string
		place                 string
	}{
		{"year not a number", "csv", head + good + "P-2,Gemeente Utrecht,twintig,DISCRIMINATION,PROVEN,WRITTEN_WARNING,S\n", apperr.ReasonValueNotNumber, "", "Regel 3 (year)"},
		{"year out of range", "csv", head + "P-2,Gemeente Utrecht,1980,DISCRIMINATION,PROVEN,WRITTEN_WARNING,S\n", apperr.ReasonValueOutOfRange, "1990–2026", "Regel 2 (year)"},
		{"unknown category", "csv", head + "P-2,Gemeente Utrecht,2020,GOSSIP,PROVEN,WRITTEN_WARNING,S\n", apperr.ReasonValueNotAllowed, "GOSSIP", "Regel 2 (category)"},
		{"repeated external id", "csv", head + good + good, apperr.ReasonRepeatsLine, "2", "Regel 3 (external_id)"},
		{"sanction without proof", "csv", head + "P-2,Gemeente Utrecht,2020,DISCRIMINATION,NOT_PROVEN,WRITTEN_WARNING,S\n", apperr.ReasonNotProvenSanction, "", "Regel 2 (sanction)"},
		{"empty summary", "csv", head + "P-2,Gemeente Utrecht,2020,DISCRIMINATION,PROVEN,WRITTEN_WARNING,\n", apperr.ReasonValueRequired, "", "Regel 2 (summary)"},
		{"malformed external id", "csv", head + "P 2,Gemeente Utrecht,2020,DISCRIMINATION,PROVEN,WRITTEN_WARNING,S\n", apperr.ReasonValueMalformed, "", "Regel 2 (external_id)"},
		{"grounds outside discrimination", "jsonl", `{"external_id":"P-2","source_organisation":"G","year":2020,"category":"CONFLICT_OF_INTEREST","discrimination_grounds":["AGE"],"findings":"PROVEN","sanction":"WRITTEN_WARNING","summary":"S"}` + "\n", apperr.ReasonGroundsNotDiscrimination, "", "Regel 1 (discrimination_grounds)"},
		{"missing column", "csv", "external_id;year\nP-2;2020\n", apperr.ReasonColumnMissing, "source_organisation", "Regel 1"},
		{"unknown column", "csv", strings.TrimSuffix(head, "\n") + ",colour\n" + strings.TrimSuffix(good, "\n") + ",rood\n", apperr.ReasonColumnUnknown, "colour", "Regel 1"},
		{"not JSON", "jsonl", "{nope\n", apperr.ReasonRowUnreadable, "", "Regel 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, bad, err := precedents.Parse(c.format, strings.NewReader(c.content), now)
			if err != nil || len(bad) == 0 {
				t.Fatalf("parse: %v, %d bad rows", err, len(bad))
			}
			ierr := &precedents.ImportErrors{Rows: bad}
			lines := staffweb.LibErrorLines("nl", transport.StatusOf(ierr).Err())
			want := wantLine(t, c.place, c.reason, c.value)
			found := false
			for _, l := range lines {
				found = found || l == want
			}
			if !found {
				t.Errorf("the page says %q, want %q", lines, want)
			}
			noEnglish(t, lines, ierr)
		})
	}
}

// wantLine is the page's line for a problem: its place and the catalogue's Dutch sentence for its
// reason, which must not be the general one.
func wantLine(t *testing.T, place string, r apperr.Reason, value string) string {
	t.Helper()
	s, ok := catalogue.ImportProblem(string(r), value, "nl")
	general, _ := catalogue.Refusal(string(apperr.ReasonInvalidField), "nl")
	if !ok || s == general {
		t.Fatalf("%s: no sentence of its own", r)
	}
	if value != "" && !strings.Contains(s, value) {
		t.Fatalf("%s: the sentence does not name %q", r, value)
	}
	return place + ": " + s
}

// noEnglish: no line repeats the service's English description of a problem.
func noEnglish(t *testing.T, lines []string, err error) {
	t.Helper()
	var descs []string
	if vs, ok := err.(apperr.Violations); ok {
		for _, v := range vs.Violations() {
			descs = append(descs, v.Message)
		}
	}
	for _, l := range lines {
		for _, d := range descs {
			if strings.Contains(l, d) {
				t.Errorf("English on the Dutch page: %q", l)
			}
		}
		for _, w := range []string{" the ", " not ", " must ", " unknown ", " line ", " file "} {
			if strings.Contains(" "+l+" ", w) {
				t.Errorf("English on the Dutch page (%q): %q", w, l)
			}
		}
	}
}
