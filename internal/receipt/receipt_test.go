package receipt

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/vault"
)

var wellFormed = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$`)

func mustNew(t testing.TB) Code {
	t.Helper()
	c, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestNewUniqueAndWellFormed(t *testing.T) {
	t.Parallel()
	const n = 10_000
	seen := make(map[Code]bool, n)
	for range n {
		c := mustNew(t)
		if c.IsZero() {
			t.Fatal("New returned the zero Code")
		}
		if s := c.String(); !wellFormed.MatchString(s) {
			t.Fatalf("String() = %q, not of the form XXXXX-XXXXX-XXXXX-XXXXX", s)
		}
		canon := c.Canonical()
		if len(canon) != Symbols || bytes.IndexByte(canon, '-') >= 0 {
			t.Fatalf("Canonical() = %q, want %d symbols without dashes", canon, Symbols)
		}
		if got := strings.ReplaceAll(c.String(), "-", ""); got != string(canon) {
			t.Fatalf("String without dashes %q != Canonical %q", got, canon)
		}
		if seen[c] {
			t.Fatalf("duplicate code after %d codes", len(seen))
		}
		seen[c] = true
	}
}

// TestSymbolDistribution checks the entropy claim structurally: every
// position is an independent uniform draw from all 32 symbols. A bug such as
// a modulo bias, a constant position or a too-small alphabet shows up here.
func TestSymbolDistribution(t *testing.T) {
	t.Parallel()
	if len(alphabet) != 32 || Bits < 80 || Bits != Symbols*5 {
		t.Fatalf("alphabet %d symbols, %d bits: want 32 symbols and >= 80 bits", len(alphabet), Bits)
	}
	const n = 20_000
	var counts [Symbols][32]int
	for range n {
		c := mustNew(t)
		for pos, s := range c.Canonical() {
			counts[pos][strings.IndexByte(alphabet, s)]++
		}
	}
	const expected = float64(n) / 32
	for pos := range counts {
		chi2 := 0.0
		for sym, got := range counts[pos] {
			if got == 0 {
				t.Errorf("symbol %c never appeared at position %d in %d codes", alphabet[sym], pos, n)
			}
			d := float64(got) - expected
			chi2 += d * d / expected
		}
		// 31 degrees of freedom; 105 is exceeded by chance with
		// probability about 1e-9, so this test does not flake.
		if chi2 > 105 {
			t.Errorf("position %d: chi-square %.1f over 31 d.o.f.; symbols are not uniform", pos, chi2)
		}
	}
}

func TestParseAcceptsVariants(t *testing.T) {
	t.Parallel()
	variants := []struct {
		name string
		edit func(string) string
	}{
		{"display form", func(s string) string { return s }},
		{"canonical", func(s string) string { return strings.ReplaceAll(s, "-", "") }},
		{"lower case", strings.ToLower},
		{"spaces for dashes", func(s string) string { return strings.ReplaceAll(s, "-", " ") }},
		{"surrounding white space", func(s string) string { return " \t" + s + "\r\n" }},
		{"spaces everywhere", func(s string) string { return strings.Join(strings.Split(s, ""), " ") }},
		{"en dash and nbsp", func(s string) string { return strings.ReplaceAll(s, "-", "\u00a0\u2013 ") }},
		{"I for 1", func(s string) string { return strings.ReplaceAll(s, "1", "I") }},
		{"i for 1", func(s string) string { return strings.ReplaceAll(s, "1", "i") }},
		{"L for 1", func(s string) string { return strings.ReplaceAll(s, "1", "L") }},
		{"l for 1", func(s string) string { return strings.ReplaceAll(s, "1", "l") }},
		{"O for 0", func(s string) string { return strings.ReplaceAll(s, "0", "O") }},
		{"o for 0 lower", func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "0", "O")) }},
	}
	codes := make([]Code, 500)
	for i := range codes {
		codes[i] = mustNew(t)
	}
	// Make sure the typo mappings are exercised even if chance did not.
	fixed, err := Parse("01234-56789-ABCDE-FGHJK")
	if err != nil {
		t.Fatal(err)
	}
	codes = append(codes, fixed)

	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			for _, c := range codes {
				in := v.edit(c.String())
				got, err := Parse(in)
				if err != nil {
					t.Fatalf("Parse(%q): %v", in, err)
				}
				if got != c {
					t.Fatalf("Parse(%q) = %s, want %s", in, got, c)
				}
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	valid := "ABCDE-FGHJK-MNPQR-STVWX"
	tests := []struct {
		name string
		in   string
		want string // substring of the error
	}{
		{"empty", "", "has 0 letters"},
		{"only separators", " - - ", "has 0 letters"},
		{"one short", valid[:len(valid)-1], "has 19 letters"},
		{"one long", valid + "Y", "has 21 letters"},
		{"two codes", valid + " " + valid, "has 40 letters"},
		{"U is not Crockford", "UBCDE-FGHJK-MNPQR-STVWX", "not allowed"},
		{"punctuation", "ABCDE.FGHJK.MNPQR.STVWX", "not allowed"},
		{"underscore", "ABCDE_FGHJK_MNPQR_STVWX", "not allowed"},
		{"accented letter", "ÁBCDE-FGHJK-MNPQR-STVWX", "not allowed"},
		{"cyrillic look-alike", "\u0410BCDE-FGHJK-MNPQR-STVWX", "not allowed"},
		{"dotless i", "\u0131BCDE-FGHJK-MNPQR-STVWX", "not allowed"},
		{"fullwidth digit", "\uff11BCDE-FGHJK-MNPQR-STVWX", "not allowed"},
		{"invalid utf-8", "\xffBCDE-FGHJK-MNPQR-STVWX", "not allowed"},
		{"nul byte", "ABCDE\x00FGHJK-MNPQR-STVWX", "not allowed"},
		{"huge input", strings.Repeat("A", 1<<20), "too long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := Parse(tc.in)
			if err == nil {
				t.Fatalf("Parse accepted %q as %s", tc.in, c)
			}
			if !c.IsZero() {
				t.Errorf("Parse returned non-zero Code %s with error", c)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q does not contain %q", msg, tc.want)
			}
			if !strings.Contains(msg, "XXXXX-XXXXX-XXXXX-XXXXX") {
				t.Errorf("error %q does not say what is expected", msg)
			}
			// The inputs share distinctive groups that must not be echoed.
			for _, g := range []string{"FGHJK", "MNPQR", "STVWX", "AAAAAAAA"} {
				if strings.Contains(msg, g) {
					t.Errorf("error %q echoes the input", msg)
				}
			}
		})
	}
}

func TestZeroCode(t *testing.T) {
	t.Parallel()
	var c Code
	if !c.IsZero() {
		t.Error("zero Code: IsZero() = false")
	}
	if s := c.String(); s != "" {
		t.Errorf("zero Code: String() = %q, want empty", s)
	}
	if b := c.Canonical(); b != nil {
		t.Errorf("zero Code: Canonical() = %q, want nil", b)
	}
	v, err := vault.NewEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LookupHash(v); err == nil {
		t.Error("zero Code: LookupHash succeeded, want error")
	}
}

func TestLookupHash(t *testing.T) {
	t.Parallel()
	v, err := vault.NewEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	c, other := mustNew(t), mustNew(t)
	typed, err := Parse(strings.ToLower(strings.ReplaceAll(c.String(), "-", " ")))
	if err != nil {
		t.Fatal(err)
	}
	h := func(c Code) []byte {
		t.Helper()
		b, err := c.LookupHash(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name     string
		got      []byte
		wantSame bool
	}{
		{"same code as typed by the reporter", h(typed), true},
		{"equals vault.MAC with MACPurpose", v.MAC(MACPurpose, c.Canonical()), true},
		{"other code", h(other), false},
		{"other purpose", v.MAC("idempotency-key", c.Canonical()), false},
	}
	base := h(c)
	if len(base) != vault.MACSize {
		t.Fatalf("len(LookupHash) = %d, want %d", len(base), vault.MACSize)
	}
	if bytes.Contains(base, c.Canonical()) {
		t.Error("hash contains the code")
	}
	for _, tc := range tests {
		if got := bytes.Equal(tc.got, base); got != tc.wantSame {
			t.Errorf("%s: equal = %v, want %v", tc.name, got, tc.wantSame)
		}
	}
}
