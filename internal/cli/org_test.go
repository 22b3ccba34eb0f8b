package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOrgImportFromCSVFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	// As Dutch Excel saves "CSV UTF-8": a byte-order mark, semicolons, CRLF.
	units := writeFile(t, dir, "units.csv", "\ufeffunit_code;unit_name;parent_code;manager_number\r\n"+
		"GEM;Gemeente Utrecht;;1000\r\n"+
		"SO;Stadsontwikkeling;GEM;1001\r\n")
	employees := writeFile(t, dir, "employees.csv", "number,name,email,unit_code,staff_subject\n"+
		"1000,Gemeentesecretaris,secretaris@utrecht.nl,GEM,secretaris\n"+
		"1001,Alice de Vries,alice@utrecht.nl,GEM,alice\n"+
		"1002,Bob Jansen,,SO,\n")
	imp := func(extra ...string) string {
		t.Helper()
		out, err := run(t, append([]string{"org", "import", "--data-dir", data, "--log-format", "text", "--units", units, "--employees", employees}, extra...)...)
		if err != nil {
			t.Fatalf("org import %v: %v\n%s", extra, err, out)
		}
		return out
	}

	out := imp("--dry-run")
	for _, want := range []string{"dry run: nothing was written", "units:     2 created, 0 updated, 0 unchanged, 0 not in file", "employees: 3 created, 0 updated, 0 unchanged, 0 not in file"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	out = imp()
	for _, want := range []string{"read 5 rows", "validated 5 rows", "importing: 5/5", "units:     2 created, 0 updated, 0 unchanged, 0 not in file", "employees: 3 created, 0 updated, 0 unchanged, 0 not in file"} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
	out = imp()
	for _, want := range []string{"nothing to change", "units:     0 created, 0 updated, 2 unchanged, 0 not in file", "employees: 0 created, 0 updated, 3 unchanged, 0 not in file"} {
		if !strings.Contains(out, want) {
			t.Errorf("second import output lacks %q:\n%s", want, out)
		}
	}

	// Bob leaves the file and Alice moves: Bob is kept, and the summary says so.
	writeFile(t, dir, "employees.csv", "number,name,email,unit_code,staff_subject\n"+
		"1000,Gemeentesecretaris,secretaris@utrecht.nl,GEM,secretaris\n"+
		"1001,Alice de Vries,alice@utrecht.nl,SO,alice\n")
	out = imp()
	for _, want := range []string{"employees: 0 created, 1 updated, 1 unchanged, 1 not in file", "Employees not in the file are kept"} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
}

func TestOrgImportRefusesAnInvalidFileWithItsProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	units := writeFile(t, dir, "units.csv", "unit_code,unit_name,parent_code,manager_number\n"+
		"GEM,Gemeente Utrecht,,1000\n"+
		"SO,Stadsontwikkeling,GEMX,1234\n")
	employees := writeFile(t, dir, "employees.csv", "number,name,email,unit_code,staff_subject\n"+
		"1000,Gemeentesecretaris,secretaris@utrecht.nl,GEM,\n"+
		"1001,Alice de Vries,alice(at)utrecht.nl,GEM,\n"+
		"1001,Bob Jansen,,GEM,\n"+
		"1002,Carla,,GEM\n")
	out, err := run(t, "org", "import", "--data-dir", data, "--units", units, "--employees", employees)
	if err == nil {
		t.Fatalf("an invalid import succeeded:\n%s", out)
	}
	msg := err.Error()
	for _, want := range []string{
		"5 problems in the organisation data; nothing was imported:",
		employees + ", line 3, column email: not an email address",
		employees + `, line 4, column number: number "1001" is also on line 3`,
		employees + ", line 5: 4 values where the header has 5 columns",
		units + `, line 3, column parent_code: no unit with code "GEMX"`,
		units + `, line 3, column manager_number: no employee with number "1234" in the employees file or the database`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "alice(at)") || strings.Contains(msg, "Alice") {
		t.Errorf("error quotes personal data:\n%s", msg)
	}

	// Nothing was written: a dry run of a valid file finds an empty organisation.
	valid := writeFile(t, dir, "units-ok.csv", "unit_code,unit_name,parent_code,manager_number\nGEM,Gemeente Utrecht,,\n")
	out, err = run(t, "org", "import", "--data-dir", data, "--units", valid, "--dry-run")
	if err != nil || !strings.Contains(out, "units:     1 created, 0 updated, 0 unchanged, 0 not in file") {
		t.Errorf("dry run after a refused import: %v\n%s", err, out)
	}

	// Files that cannot be read at all are refused before the database is touched.
	wrong := writeFile(t, dir, "wrong.csv", "number,name,email,unit_code,staff_subject\n")
	if _, err := run(t, "org", "import", "--data-dir", filepath.Join(dir, "untouched"), "--units", wrong); err == nil ||
		!strings.Contains(err.Error(), "give it with --employees") {
		t.Errorf("employees file given as units: got %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "untouched")); !os.IsNotExist(err) {
		t.Errorf("a refused file still created the database (%v)", err)
	}
	if _, err := run(t, "org", "import", "--data-dir", data); err == nil || !strings.Contains(err.Error(), "--units") {
		t.Errorf("no files: got %v, want advice naming --units and --employees", err)
	}
	if _, err := run(t, "org", "import", "--data-dir", data, units); err == nil || !strings.Contains(err.Error(), "--units") {
		t.Errorf("a file as argument: got %v, want advice naming --units and --employees", err)
	}
}
