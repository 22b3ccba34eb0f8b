package html

import (
	"strconv"
	"unicode/utf8"
)

// The charts are inline SVG, laid out here in Go so that the template only places numbers. All
// sizes are in the SVG's own units (its viewBox); CSS scales the chart to the page width.

const (
	chartWidth = 720

	// Bar chart: each category is a label line with its bar below it, so that long Dutch labels
	// need no wrapping and the chart also reads well on a narrow screen.
	barTop       = 8  // space above the first label
	barLabelH    = 20 // label line
	barH         = 18 // bar thickness
	barGap       = 14 // space below a bar
	barValueRoom = 72 // room right of the longest bar for its value label
	barMinWidth  = 2  // a non-zero count is always visible
	placeholderW = 36 // hatched box of a suppressed count: a symbol, not a length
	legendH      = 30 // legend line below the bars (only when something is suppressed)
	maxLabelRune = 88 // longer labels are shortened in the chart (the table has them in full)
)

// barChart is an SVG horizontal bar chart.
type barChart struct {
	ID        string // prefix for the ids inside this chart
	TitleID   string
	DescID    string
	PatternID string
	Title     string // text of <title>
	Desc      string // text of <desc>: the chart in words
	Width     string
	Height    string
	Bars      []bar
	Empty     bool // no categories: the chart says so
	Legend    *legend
}

// bar is one category in a bar chart.
type bar struct {
	Label      string
	LabelY     string
	BarY       string
	BarW       string // solid bar width; "" when there is no bar
	Suppressed bool
	Value      string // the text after the bar: "34", "0" or "< 5"
	ValueX     string
	ValueY     string
}

// legend explains the hatched placeholder.
type legend struct {
	BoxY  string
	TextY string
	Text  string
}

// barItem is the input of a bar chart: a label and a published count (nil: suppressed).
type barItem struct {
	Label string
	Count *int
	Small bool // suppressed for being small ("< 5"); otherwise suppressed to protect another
}

func newBarChart(id, title, desc, suppressedText string, items []barItem) barChart {
	c := barChart{
		ID:        id,
		TitleID:   id + "-titel",
		DescID:    id + "-beschrijving",
		PatternID: id + "-arcering",
		Title:     title,
		Desc:      desc,
		Width:     strconv.Itoa(chartWidth),
	}
	if len(items) == 0 {
		c.Empty = true
		c.Height = "40"
		return c
	}
	// Scale on the published counts only: a suppressed count has no length and does not move the
	// scale, so nothing about it can be read from the other bars.
	maxCount := 0
	anySuppressed := false
	for _, it := range items {
		if it.Count == nil {
			anySuppressed = true
			continue
		}
		maxCount = max(maxCount, *it.Count)
	}
	track := float64(chartWidth - barValueRoom)
	y := float64(barTop)
	for _, it := range items {
		b := bar{
			Label:  shorten(it.Label, maxLabelRune),
			LabelY: coord(y + 14),
			BarY:   coord(y + barLabelH),
			ValueY: coord(y + barLabelH + barH/2 + 5),
		}
		switch {
		case it.Count == nil:
			b.Suppressed = true
			b.Value = protectedText
			if it.Small {
				b.Value = suppressedText
			}
			b.ValueX = coord(placeholderW + 8)
		case *it.Count <= 0 || maxCount <= 0:
			b.Value = fmtInt(*it.Count)
			b.ValueX = coord(8)
		default:
			w := float64(*it.Count) / float64(maxCount) * track
			w = max(w, barMinWidth)
			b.BarW = coord(w)
			b.Value = fmtInt(*it.Count)
			b.ValueX = coord(w + 8)
		}
		c.Bars = append(c.Bars, b)
		y += barLabelH + barH + barGap
	}
	if anySuppressed {
		c.Legend = &legend{
			BoxY:  coord(y + 2),
			TextY: coord(y + 16),
			Text:  "Gearceerd vak: aantal afgeschermd. De lengte zegt niets over het aantal.",
		}
		y += legendH
	}
	c.Height = coord(y)
	return c
}

// shorten cuts s to at most n runes, ending in an ellipsis when it was cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Comparison with earlier years: small multiples, one line chart per measure, each with its
// own scale, in a grid of two columns. A suppressed year is a gap in the line, never a zero.
const (
	panelW     = 340
	panelH     = 200
	panelGapX  = 40
	panelGapY  = 24
	plotLeft   = 44  // room for the y-axis labels
	plotRight  = 16  // room for the last value label
	plotTop    = 44  // below the panel title and the value labels
	plotBottom = 158 // the x axis
)

type yearsChart struct {
	TitleID string
	DescID  string
	Title   string
	Desc    string
	Width   string
	Height  string
	Panels  []panel
}

type panel struct {
	Title      string
	X          string // translation of the panel
	Y          string
	TitleY     string
	Grid       []gridLine
	AxisX1     string
	AxisX2     string
	GridLabelX string
	AxisY      string
	Lines      []string // SVG path data, one per run of known values
	Points     []point
	Years      []yearTick
}

type gridLine struct {
	Y      string
	Label  string
	LabelY string
}

type point struct {
	X, Y       string
	Label      string
	LabelY     string
	Suppressed bool
}

type yearTick struct {
	X, Y    string
	Label   string
	Current bool
}

// series is one measure over the years: values[i] belongs to years[i]; nil is suppressed.
type series struct {
	Name   string
	Values []*int
	Small  []bool // Small[i]: Values[i] is suppressed for being small
}

func newYearsChart(id, title, desc, suppressedText string, years []int, ss []series) yearsChart {
	c := yearsChart{
		TitleID: id + "-titel",
		DescID:  id + "-beschrijving",
		Title:   title,
		Desc:    desc,
		Width:   strconv.Itoa(chartWidth),
	}
	rows := (len(ss) + 1) / 2
	c.Height = strconv.Itoa(rows*panelH + max(rows-1, 0)*panelGapY)
	for i, s := range ss {
		px := (i % 2) * (panelW + panelGapX)
		py := (i / 2) * (panelH + panelGapY)
		c.Panels = append(c.Panels, newPanel(s, px, py, suppressedText, years))
	}
	return c
}

func newPanel(s series, px, py int, suppressedText string, years []int) panel {
	p := panel{
		Title:      s.Name,
		X:          strconv.Itoa(px),
		Y:          strconv.Itoa(py),
		TitleY:     "18",
		AxisX1:     strconv.Itoa(plotLeft),
		GridLabelX: strconv.Itoa(plotLeft - 6),
		AxisX2:     strconv.Itoa(panelW - plotRight + 6),
		AxisY:      strconv.Itoa(plotBottom),
	}
	maxV := 0
	for _, v := range s.Values {
		if v != nil {
			maxV = max(maxV, *v)
		}
	}
	top := niceCeil(maxV)
	yOf := func(v int) float64 {
		return plotBottom - float64(v)/float64(top)*float64(plotBottom-plotTop)
	}
	ticks := []int{0, top}
	if top%2 == 0 {
		ticks = []int{0, top / 2, top}
	}
	for _, t := range ticks {
		p.Grid = append(p.Grid, gridLine{Y: coord(yOf(t)), Label: fmtInt(t), LabelY: coord(yOf(t) + 4)})
	}
	n := len(years)
	xOf := func(i int) float64 {
		left, right := float64(plotLeft+24), float64(panelW-plotRight-16)
		if n <= 1 {
			return (left + right) / 2
		}
		return left + float64(i)*(right-left)/float64(n-1)
	}
	var path []byte
	for i, y := range years {
		x := xOf(i)
		p.Years = append(p.Years, yearTick{X: coord(x), Y: strconv.Itoa(plotBottom + 20), Label: strconv.Itoa(y), Current: i == n-1})
		var v *int
		if i < len(s.Values) {
			v = s.Values[i]
		}
		if v == nil {
			// A gap: no point and no line through it, only the label "< 5" (or "afgeschermd")
			// just above the axis.
			label := protectedText
			if i < len(s.Small) && s.Small[i] {
				label = suppressedText
			}
			p.Points = append(p.Points, point{X: coord(x), Label: label, LabelY: coord(plotBottom - 8), Suppressed: true})
			path = appendRun(&p, path)
			continue
		}
		vy := yOf(*v)
		p.Points = append(p.Points, point{X: coord(x), Y: coord(vy), Label: fmtInt(*v), LabelY: coord(vy - 9)})
		if len(path) == 0 {
			path = append(path, 'M')
		} else {
			path = append(path, ' ', 'L')
		}
		path = append(path, coord(x)...)
		path = append(path, ' ')
		path = append(path, coord(vy)...)
	}
	appendRun(&p, path)
	return p
}

// appendRun closes a run of known values: a line needs two points at least. It returns the
// path emptied for the next run.
func appendRun(p *panel, path []byte) []byte {
	if len(path) > 0 && containsByte(path, 'L') {
		p.Lines = append(p.Lines, string(path))
	}
	return path[:0]
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

// niceCeil rounds v up to a round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten;
// whole numbers only, at least 1), for the top of an axis.
func niceCeil(v int) int {
	if v <= 1 {
		return 1
	}
	for p := 1; ; p *= 10 {
		for _, m := range []int{10, 15, 20, 25, 30, 40, 50, 60, 80} {
			if m*p%10 != 0 {
				continue
			}
			if c := m * p / 10; c >= v {
				return c
			}
		}
	}
}
