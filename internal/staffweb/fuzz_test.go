package staffweb

import (
	"math/big"
	"strings"
	"testing"
)

// FuzzParseInt32 checks the staff forms' number fields against arbitrary-precision arithmetic:
// a value is accepted exactly when it is a whole decimal number (spaces around it and a sign
// allowed) inside the field's range, and then as that number — never wrapped, never rounded.
func FuzzParseInt32(f *testing.F) {
	for _, s := range []string{"30", " +30 ", "-5", "2147483647", "2147483648", "4294967326", "-2147483649", "1e3", "30.0", "0x1e", "1_000", "٣", "", "007"} {
		f.Add(s, int32(-5), int32(2147483647))
		f.Add(s, int32(1), int32(480))
	}
	f.Fuzz(func(t *testing.T, s string, lo, hi int32) {
		got, ok := parseInt32(s, lo, hi)
		want, isNumber := new(big.Int).SetString(strings.TrimSpace(s), 10)
		inRange := isNumber && want.Cmp(big.NewInt(int64(lo))) >= 0 && want.Cmp(big.NewInt(int64(hi))) <= 0
		if ok != inRange {
			t.Fatalf("parseInt32(%q, %d, %d) accepted: %v; want %v", s, lo, hi, ok, inRange)
		}
		if ok && int64(got) != want.Int64() {
			t.Fatalf("parseInt32(%q) = %d, want %s", s, got, want)
		}
		if !ok && got != 0 {
			t.Fatalf("parseInt32(%q) refused with %d", s, got)
		}
	})
}
