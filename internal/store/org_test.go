package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/org"
	"github.com/utrecht/meldpunt/internal/store"
)

// testOrg is an organisation of 20 units and 200 employees: a top unit U00 managed by E0000;
// four directorates U01–U04, managed by E0001–E0004, who work in U00; fifteen teams U05–U19
// under the directorates (U05+k under U01+k%4), managed by E0005–E0019, who work in the
// directorate above their team; and 180 team members E0020–E0199 (E0020+i in U05+i%15).
// Everyone signs in as sub-ENNNN except E0002, a directorate manager without a staff sign-in.
func testOrg() ([]org.Unit, []org.Employee) {
	var units []org.Unit
	var employees []org.Employee
	unit := func(i int) string { return fmt.Sprintf("U%02d", i) }
	emp := func(i int) string { return fmt.Sprintf("E%04d", i) }
	units = append(units, org.Unit{Code: unit(0), Name: "Gemeente Utrecht", ManagerNumber: emp(0)})
	for i := 1; i <= 4; i++ {
		units = append(units, org.Unit{Code: unit(i), Name: "Directie " + unit(i), ParentCode: unit(0), ManagerNumber: emp(i)})
	}
	for i := 5; i < 20; i++ {
		units = append(units, org.Unit{Code: unit(i), Name: "Team " + unit(i), ParentCode: unit(1 + (i-5)%4), ManagerNumber: emp(i)})
	}
	for i := range 200 {
		e := org.Employee{Number: emp(i), Name: "Medewerker " + emp(i), Email: fmt.Sprintf("e%04d@utrecht.nl", i), StaffSubject: "sub-" + emp(i)}
		switch {
		case i < 5:
			e.UnitCode = unit(0)
		case i < 20:
			e.UnitCode = unit(1 + (i-5)%4)
		default:
			e.UnitCode = unit(5 + (i-20)%15)
		}
		if i == 2 {
			e.StaffSubject = ""
		}
		employees = append(employees, e)
	}
	return units, employees
}

// stored counts the stored units and employees: to an empty import, everything is "not in file".
func stored(t *testing.T, st *store.Store) (units, employees int) {
	t.Helper()
	res, err := st.CheckOrg(context.Background(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.Units.NotInFile, res.Employees.NotInFile
}

func TestImportOrgCreatesThenChangesNothingTheSecondTime(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		units, employees := testOrg()

		var last [2]int
		res, err := st.ImportOrg(ctx, units, employees, func(done, total int) { last = [2]int{done, total} })
		if err != nil {
			t.Fatal(err)
		}
		want := org.ImportResult{Units: org.Counts{Created: 20}, Employees: org.Counts{Created: 200}}
		if diff := cmp.Diff(want, res); diff != "" {
			t.Errorf("first import (-want +got):\n%s", diff)
		}
		if last != [2]int{220, 220} {
			t.Errorf("last progress %v, want 220 of 220", last)
		}

		res, err = st.ImportOrg(ctx, units, employees, func(done, total int) { t.Errorf("progress %d/%d on a no-op", done, total) })
		if err != nil {
			t.Fatal(err)
		}
		want = org.ImportResult{Units: org.Counts{Unchanged: 20}, Employees: org.Counts{Unchanged: 200}}
		if diff := cmp.Diff(want, res); diff != "" {
			t.Errorf("second import (-want +got):\n%s", diff)
		}

		got, err := st.EmployeeByNumber(ctx, "E0020")
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Medewerker E0020" || got.StaffSubject != "sub-E0020" || got.UnitID == nil || got.ID == uuid.Nil {
			t.Errorf("EmployeeByNumber = %+v", got)
		}
		if _, err := st.EmployeeByNumber(ctx, "E9999"); !errors.Is(err, org.ErrNotFound) {
			t.Errorf("unknown number: got %v, want org.ErrNotFound", err)
		}
	})
}

func TestImportOrgUpdatesChangedRowsAndKeepsThoseNotInTheFile(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		units, employees := testOrg()
		if _, err := st.ImportOrg(ctx, units, employees, nil); err != nil {
			t.Fatal(err)
		}
		before, err := st.EmployeeByNumber(ctx, "E0020")
		if err != nil {
			t.Fatal(err)
		}

		employees[20].Name, employees[20].Email, employees[20].UnitCode = "M. de Vries", "", "U06" // E0020 moves
		// E0021 and E0022 swap sign-ins (the unique index must not trip halfway).
		employees[21].StaffSubject, employees[22].StaffSubject = employees[22].StaffSubject, employees[21].StaffSubject
		units[5].ManagerNumber = "E0030" // U05 gets another manager
		units[6].Name = "Team Zes"
		employees = employees[:190] // E0190–E0199 are not in this file

		res, err := st.ImportOrg(ctx, units, employees, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := org.ImportResult{
			Units:     org.Counts{Updated: 2, Unchanged: 18},
			Employees: org.Counts{Updated: 3, Unchanged: 187, NotInFile: 10},
		}
		if diff := cmp.Diff(want, res); diff != "" {
			t.Errorf("import of changes (-want +got):\n%s", diff)
		}

		after, err := st.EmployeeByNumber(ctx, "E0020")
		if err != nil {
			t.Fatal(err)
		}
		if after.ID != before.ID || after.Name != "M. de Vries" || *after.UnitID == *before.UnitID {
			t.Errorf("E0020 after the move: %+v (before %+v)", after, before)
		}
		for number, sub := range map[string]string{"E0021": "sub-E0022", "E0022": "sub-E0021"} {
			e, err := st.EmployeeByNumber(ctx, number)
			if err != nil || e.StaffSubject != sub {
				t.Errorf("%s: %+v, %v; want staff subject %s", number, e, err, sub)
			}
		}
		if _, err := st.EmployeeByNumber(ctx, "E0199"); err != nil {
			t.Errorf("an employee not in the file was removed: %v", err)
		}
		if u, e := stored(t, st); u != 20 || e != 200 {
			t.Errorf("stored %d units and %d employees, want 20 and 200", u, e)
		}

		// The same file again is a no-op.
		res, err = st.ImportOrg(ctx, units, employees, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Changed() {
			t.Errorf("re-import of the changed file changed something: %+v", res)
		}
	})
}

func TestManagerSubjectsOfRunUpTheChainOfUnits(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		units, employees := testOrg()
		if _, err := st.ImportOrg(ctx, units, employees, nil); err != nil {
			t.Fatal(err)
		}
		managers := func(number string) []string {
			t.Helper()
			e, err := st.EmployeeByNumber(ctx, number)
			if err != nil {
				t.Fatal(err)
			}
			subs, err := st.ManagerSubjectsOf(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			return subs
		}
		for _, tc := range []struct {
			name, number string
			want         []string
		}{
			// E0020 is in U05 (E0005), under U01 (E0001), under U00 (E0000).
			{"team member: team, directorate and top manager, nearest first", "E0020", []string{"sub-E0005", "sub-E0001", "sub-E0000"}},
			// E0026 is in U11 (E0011) under U03 (E0003).
			{"another team", "E0026", []string{"sub-E0011", "sub-E0003", "sub-E0000"}},
			// E0021 is in U06 under U02, whose manager E0002 has no staff sign-in.
			{"a manager without a sign-in is left out", "E0021", []string{"sub-E0006", "sub-E0000"}},
			// E0005 manages U05 and works in U01.
			{"a team manager is managed from their own unit", "E0005", []string{"sub-E0001", "sub-E0000"}},
			// E0000 manages U00, the top unit they work in.
			{"nobody manages the top manager", "E0000", nil},
		} {
			if diff := cmp.Diff(tc.want, managers(tc.number)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.name, diff)
			}
		}

		// A new manager for U05 and U05 moved under U04: the chain follows the import.
		units[5].ManagerNumber, units[5].ParentCode = "E0035", "U04" // E0035 works in U05
		if _, err := st.ImportOrg(ctx, units, employees, nil); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"sub-E0035", "sub-E0004", "sub-E0000"}, managers("E0020")); diff != "" {
			t.Errorf("after the reorganisation (-want +got):\n%s", diff)
		}
		// E0035 now manages their own unit U05.
		if diff := cmp.Diff([]string{"sub-E0004", "sub-E0000"}, managers("E0035")); diff != "" {
			t.Errorf("the new manager (-want +got):\n%s", diff)
		}

		if _, err := st.ManagerSubjectsOf(ctx, uuid.New()); !errors.Is(err, org.ErrNotFound) {
			t.Errorf("unknown employee: got %v, want org.ErrNotFound (never an empty list)", err)
		}
	})
}

func TestImportOrgWritesNothingWhenAnyRowIsInvalid(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		units, employees := testOrg()
		employees[199].UnitCode = "U99"    // the very last row
		units[19].ManagerNumber = "E12345" // and one in the other file
		_, err := st.ImportOrg(ctx, units, employees, func(int, int) { t.Error("progress before validation passed") })
		var got []string
		for _, p := range org.Problems(err) {
			got = append(got, p.String())
		}
		want := []string{
			`employees, line 200, column unit_code: no unit with code "U99" in the units file or the database; correct the code or add the unit to the units file`,
			`units, line 20, column manager_number: no employee with number "E12345" in the employees file or the database; correct the number, add the employee, or leave manager_number empty`,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
		if u, e := stored(t, st); u != 0 || e != 0 {
			t.Errorf("an invalid import stored %d units and %d employees", u, e)
		}

		// A write that fails halfway (here: the import is cancelled after the units) leaves the
		// organisation as it was, too.
		units, employees = testOrg()
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		if _, err := st.ImportOrg(cctx, units, employees, func(done, _ int) {
			if done > 0 {
				cancel()
			}
		}); err == nil {
			t.Fatal("a cancelled import succeeded")
		}
		if u, e := stored(t, st); u != 0 || e != 0 {
			t.Errorf("a cancelled import stored %d units and %d employees", u, e)
		}
	})
}
