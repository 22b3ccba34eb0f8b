package staffweb

import "testing"

func TestParseInt32Edges(t *testing.T) {
	const lo, hi = -5, 2147483647
	for _, c := range []struct {
		in   string
		want int32
		ok   bool
	}{
		{"2147483647", 2147483647, true},
		{"2147483648", 0, false},
		{"4294967326", 0, false}, // 30 modulo 2^32
		{"-5", -5, true},
		{"-6", 0, false},
		{"-2147483649", 0, false},
		{"", 0, false},
		{"1e3", 0, false},
		{"30.0", 0, false},
		{"0x1e", 0, false},
		{" 30 ", 30, true},
		{"+30", 30, true},
	} {
		got, ok := parseInt32(c.in, lo, hi)
		if got != c.want || ok != c.ok {
			t.Errorf("parseInt32(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	// A field's own range: the conversation duration.
	for in, ok := range map[string]bool{"1": true, "600": true, "0": false, "601": false, "-30": false, "4294967326": false} {
		if _, got := parseInt32(in, 1, maxConversationMinutes); got != ok {
			t.Errorf("duration %q: ok %v, want %v", in, got, ok)
		}
	}
}
