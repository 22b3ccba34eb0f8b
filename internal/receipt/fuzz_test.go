package receipt

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, that every error wraps
// ErrInvalid, and that whatever Parse accepts is a well-formed code that
// round-trips through both its display and canonical forms. Run it longer
// with: go test -fuzz FuzzParse ./internal/receipt
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"",
		"ABCDE-FGHJK-MNPQR-STVWX",
		"abcde fghjk mnpqr stvwx",
		"01234-56789-ABCDE-FGHJK",
		"OIL00-iloIL-00000-11111",
		"UUUUU-UUUUU-UUUUU-UUUUU",
		"ABCDE\u2013FGHJK\u00a0MNPQR STVWX",
		"ABCDE-FGHJK-MNPQR-STVW",
		"ABCDE-FGHJK-MNPQR-STVWXY",
		"\xff\xfe\u0131\u0410",
		strings.Repeat("-", 200),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Parse error %v does not wrap ErrInvalid", err)
			}
			if !c.IsZero() {
				t.Fatalf("Parse returned non-zero Code with error")
			}
			return
		}
		if c.IsZero() {
			t.Fatalf("Parse(%q) accepted but returned the zero Code", s)
		}
		disp := c.String()
		if !wellFormed.MatchString(disp) {
			t.Fatalf("Parse(%q).String() = %q is not well-formed", s, disp)
		}
		for _, form := range []string{disp, string(c.Canonical()), strings.ToLower(disp)} {
			again, err := Parse(form)
			if err != nil {
				t.Fatalf("Parse(%q) (from %q): %v", form, s, err)
			}
			if again != c {
				t.Fatalf("round trip of %q: got %s, want %s", s, again, c)
			}
		}
		// Acceptance implies the input had exactly 20 symbol runes plus
		// separators, so it cannot be much shorter than a code.
		if utf8.RuneCountInString(s) < Symbols {
			t.Fatalf("Parse accepted %q with fewer than %d runes", s, Symbols)
		}
	})
}

// BenchmarkNew and BenchmarkParse show that neither is worth optimising:
// both are far below the cost of the keyed hash and the database lookup.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("abcde fghjk-mnpqr-stvwx"); err != nil {
			b.Fatal(err)
		}
	}
}
