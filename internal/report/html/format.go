package html

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Dutch formatting of numbers and dates. Everything here is deterministic and independent of the
// machine's locale.

// dash stands for a value that is not known (nothing to compute).
const dash = "—"

// fmtInt formats n with a dot between thousands: 1234567 → "1.234.567".
func fmtInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	s = groupThousands(s)
	if neg {
		return "-" + s
	}
	return s
}

// groupThousands puts a dot between groups of three digits of an unsigned integer string.
func groupThousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	first := len(digits) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(digits[:first])
	for i := first; i < len(digits); i += 3 {
		b.WriteByte('.')
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// fmtDecimal formats f with the given number of decimals, a decimal comma and dots between
// thousands: 1234.56, 1 → "1.234,6". NaN and infinities give the dash.
func fmtDecimal(f float64, decimals int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return dash
	}
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	out := groupThousands(intPart)
	if frac != "" {
		out += "," + frac
	}
	// "-0,0" reads oddly: a value that rounds to zero has no sign.
	if neg && strings.Trim(out, "0,.") != "" {
		out = "-" + out
	}
	return out
}

// fmtDays formats a number of days as whole days: 12.4 → "12 dagen" (1 → "1 dag"). Handling
// times are published in whole days only: a fraction of a day says when someone acted.
func fmtDays(f float64) string {
	s := fmtDecimal(math.Round(f), 0)
	if s == dash {
		return s
	}
	if s == "1" {
		return s + " dag"
	}
	return s + " dagen"
}

// fmtPercent formats a percentage with at most one decimal: 87.5 → "87,5%", 100 → "100%".
func fmtPercent(f float64) string {
	s := fmtDecimal(f, 1)
	if s == dash {
		return s
	}
	s = strings.TrimSuffix(s, ",0")
	return s + "%"
}

// fmtMeasure formats a figure's value in its unit.
func fmtMeasure(f float64, unit string) string {
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "dagen", "dag", "days":
		return fmtDays(f)
	case "%", "procent":
		return fmtPercent(f)
	case "":
		return fmtDecimal(f, 1)
	default:
		s := fmtDecimal(f, 1)
		if s == dash {
			return s
		}
		return s + " " + unit
	}
}

var monthsNL = [...]string{
	"januari", "februari", "maart", "april", "mei", "juni",
	"juli", "augustus", "september", "oktober", "november", "december",
}

// amsterdam is the municipality's time zone; the report's time is shown in it. When the time
// zone database is missing, the time keeps its own zone.
var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil
	}
	return loc
}()

// fmtDate formats a date in Dutch: "3 februari 2026".
func fmtDate(t time.Time) string {
	t = localTime(t)
	return strconv.Itoa(t.Day()) + " " + monthsNL[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// fmtDateTime formats a moment in Dutch: "3 februari 2026 om 09:05 uur".
func fmtDateTime(t time.Time) string {
	lt := localTime(t)
	return fmtDate(t) + " om " + lt.Format("15:04") + " uur"
}

func localTime(t time.Time) time.Time {
	if amsterdam != nil {
		return t.In(amsterdam)
	}
	return t
}

// joinNL joins items the Dutch way: "a", "a en b", "a, b en c".
func joinNL(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	default:
		return strings.Join(items[:len(items)-1], ", ") + " en " + items[len(items)-1]
	}
}

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// coord formats an SVG coordinate with at most one decimal.
func coord(f float64) string {
	s := strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
	if s == "-0" {
		return "0"
	}
	return s
}
