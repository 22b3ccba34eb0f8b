package html

import (
	"math"
	"testing"
	"time"
)

func TestFmtInt(t *testing.T) {
	for n, want := range map[int]string{
		0: "0", 7: "7", 999: "999", 1000: "1.000", 1234: "1.234", 12345: "12.345",
		123456: "123.456", 1234567: "1.234.567", -1234: "-1.234", -12: "-12",
	} {
		if got := fmtInt(n); got != want {
			t.Errorf("fmtInt(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFmtDecimal(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{
		{0, "0,0"}, {1.26, "1,3"}, {23.5, "23,5"}, {61, "61,0"}, {1234.56, "1.234,6"},
		{-2.5, "-2,5"}, {-0.01, "0,0"}, {math.NaN(), "—"}, {math.Inf(1), "—"},
	} {
		if got := fmtDecimal(c.f, 1); got != c.want {
			t.Errorf("fmtDecimal(%v) = %q, want %q", c.f, got, c.want)
		}
	}
}

func TestFmtMeasure(t *testing.T) {
	for _, c := range []struct {
		f    float64
		unit string
		want string
	}{
		{87.5, "%", "87,5%"},
		{100, "%", "100%"},
		{31.764705, "%", "31,8%"},
		{0, "%", "0%"},
		{12.26, "dagen", "12 dagen"}, // handling times: whole days
		{12.5, "dagen", "13 dagen"},
		{1, "dagen", "1 dag"},
		{0.6, "dagen", "1 dag"},
		{30, "dagen", "30 dagen"},
		{1502.04, "dagen", "1.502 dagen"},
		{4.26, "uur", "4,3 uur"},
		{2.5, "", "2,5"},
	} {
		if got := fmtMeasure(c.f, c.unit); got != c.want {
			t.Errorf("fmtMeasure(%v, %q) = %q, want %q", c.f, c.unit, got, c.want)
		}
	}
}

func TestFmtDate(t *testing.T) {
	// 23:30 UTC on 31 December is already New Year in Utrecht.
	tm := time.Date(2025, time.December, 31, 23, 30, 0, 0, time.UTC)
	if amsterdam == nil {
		t.Skip("no time zone database")
	}
	if got := fmtDateTime(tm); got != "1 januari 2026 om 00:30 uur" {
		t.Errorf("fmtDateTime = %q", got)
	}
	if got := fmtDate(time.Date(2026, time.May, 9, 12, 0, 0, 0, time.UTC)); got != "9 mei 2026" {
		t.Errorf("fmtDate = %q", got)
	}
}

func TestJoinNL(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a en b"}, {[]string{"a", "b", "c"}, "a, b en c"},
	} {
		if got := joinNL(c.in); got != c.want {
			t.Errorf("joinNL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNiceCeil(t *testing.T) {
	for v, want := range map[int]int{0: 1, 1: 1, 2: 2, 3: 3, 7: 8, 9: 10, 10: 10, 11: 15, 23: 25, 85: 100, 121: 150, 500: 500, 501: 600, 8001: 10000} {
		if got := niceCeil(v); got != want {
			t.Errorf("niceCeil(%d) = %d, want %d", v, got, want)
		}
	}
}

func TestShorten(t *testing.T) {
	if got := shorten("abcdef", 4); got != "abc…" {
		t.Errorf("shorten = %q", got)
	}
	if got := shorten("één", 3); got != "één" {
		t.Errorf("shorten = %q", got)
	}
}

func TestBarChartGeometry(t *testing.T) {
	c := newBarChart("g", "t", "d", "< 5", []barItem{
		{"a", intp(10), false}, {"b", nil, true}, {"c", intp(0), false}, {"d", intp(1), false},
	})
	if c.Legend == nil {
		t.Fatal("no legend with a suppressed bar")
	}
	if c.Bars[0].BarW != "648" || c.Bars[0].Value != "10" {
		t.Errorf("largest bar: %+v", c.Bars[0])
	}
	if !c.Bars[1].Suppressed || c.Bars[1].BarW != "" || c.Bars[1].Value != "< 5" {
		t.Errorf("suppressed bar: %+v", c.Bars[1])
	}
	if c.Bars[2].BarW != "" || c.Bars[2].Value != "0" {
		t.Errorf("zero bar: %+v", c.Bars[2])
	}
	if c.Bars[3].BarW != "64.8" {
		t.Errorf("small bar: %+v", c.Bars[3])
	}

	// Only suppressed counts: no scale, no bars.
	c = newBarChart("g", "t", "d", "< 5", []barItem{{"a", nil, true}, {"b", nil, false}})
	for _, b := range c.Bars {
		if b.BarW != "" || !b.Suppressed {
			t.Errorf("bar %+v", b)
		}
	}
}

func intp(n int) *int { return &n }
