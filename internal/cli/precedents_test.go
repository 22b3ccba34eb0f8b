package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// HR imports another body's library from the command line, re-imports it without change, is told
// every bad row of a broken file (which imports nothing), and exports the library as CSV.
func TestPrecedentsImportAndExport(t *testing.T) {
	dir := t.TempDir()
	lib, err := os.ReadFile("../precedents/testdata/eval/precedents.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	good := writeFile(t, dir, "library.jsonl", string(lib))
	out, err := run(t, "precedents", "import", good, "--data-dir", dir)
	if err != nil || !strings.Contains(out, "58 precedents: 58 added, 0 updated, 0 unchanged") || !strings.Contains(out, "importing: 58/58") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	out, err = run(t, "precedents", "import", good, "--data-dir", dir)
	if err != nil || !strings.Contains(out, "0 added, 0 updated, 58 unchanged") {
		t.Fatalf("second import: %v\n%s", err, out)
	}
	bad := writeFile(t, dir, "bad.csv", "external_id;source_organisation;year;category;findings;sanction;summary\n"+
		"x-1;Gemeente Zeist;2024;BULLYING;PROVEN;WRITTEN_WARNING;Pesten in het team.\n"+
		"x-2;Gemeente Zeist;1066;BULLYING;PROVEN;WRITTEN_WARNING;Pesten.\n"+
		"x-3;Gemeente Zeist;2024;NO_SUCH;PROVEN;NONE;Iets.\n")
	out, err = run(t, "precedents", "import", bad, "--data-dir", dir)
	if err == nil || !strings.Contains(out, "line 3 (x-2): year") || !strings.Contains(out, "line 4 (x-3): category") || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("bad import: %v\n%s", err, out)
	}
	csvPath := filepath.Join(dir, "export.csv")
	out, err = run(t, "precedents", "export", "--out", csvPath, "--data-dir", dir)
	if err != nil || !strings.Contains(out, "exported 58 precedents") {
		t.Fatalf("export: %v\n%s", err, out)
	}
	b, err := os.ReadFile(csvPath)
	if err != nil || !strings.HasPrefix(string(b), "external_id;source_organisation;year") || strings.Contains(string(b), "x-1") {
		t.Fatalf("exported file: %v\n%.300s", err, b)
	}
	if _, err := run(t, "precedents", "import", good, "--format", "xml", "--data-dir", dir); err == nil {
		t.Fatal("an unknown format was accepted")
	}
}
