// Package fuzzseed writes entries of a fuzz target's seed corpus (testdata/fuzz/FuzzX/name, in
// the "go test fuzz v1" format), so that realistic inputs that tests build — a photo with EXIF,
// a PDF with scripts — can be committed as seeds. `go test` runs every entry as a test.
package fuzzseed

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Enabled reports whether the seeds are to be rewritten (MELDPUNT_FUZZ_SEEDS=1); a test that
// writes seeds skips otherwise.
func Enabled() bool { return os.Getenv("MELDPUNT_FUZZ_SEEDS") != "" }

// Write writes the entry name of target's corpus in the package's testdata; values are the
// fuzz function's arguments after *testing.T ([]byte, string, bool or an integer type).
func Write(tb testing.TB, target, name string, values ...any) {
	tb.Helper()
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, v := range values {
		switch v := v.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case string:
			fmt.Fprintf(&b, "string(%q)\n", v)
		case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
			fmt.Fprintf(&b, "%T(%v)\n", v, v)
		default:
			tb.Fatalf("fuzzseed: cannot write a %T", v)
		}
	}
	dir := filepath.Join("testdata", "fuzz", target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
}
