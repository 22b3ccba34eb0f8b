package html_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/utrecht/meldpunt/internal/report"
	reporthtml "github.com/utrecht/meldpunt/internal/report/html"
)

func render(t testing.TB, r report.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := reporthtml.Render(&buf, r); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf.String()
}

func parse(t testing.TB, doc string) *xhtml.Node {
	t.Helper()
	n, err := xhtml.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return n
}

// DOM helpers.

func attr(n *xhtml.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *xhtml.Node, class string) bool {
	v, _ := attr(n, "class")
	for _, c := range strings.Fields(v) {
		if c == class {
			return true
		}
	}
	return false
}

// all returns the element nodes below n (n included) for which match is true, in document order.
func all(n *xhtml.Node, match func(*xhtml.Node) bool) []*xhtml.Node {
	var out []*xhtml.Node
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func tag(name string) func(*xhtml.Node) bool {
	return func(n *xhtml.Node) bool { return n.Data == name }
}

func children(n *xhtml.Node, name string) []*xhtml.Node {
	var out []*xhtml.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.ElementNode && c.Data == name {
			out = append(out, c)
		}
	}
	return out
}

// text is the text content of n with white space collapsed.
func text(n *xhtml.Node) string {
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// tableByCaption finds the data table with the given caption.
func tableByCaption(t *testing.T, doc *xhtml.Node, caption string) *xhtml.Node {
	t.Helper()
	for _, tb := range all(doc, tag("table")) {
		if c := children(tb, "caption"); len(c) == 1 && text(c[0]) == caption {
			return tb
		}
	}
	t.Fatalf("no table with caption %q", caption)
	return nil
}

// rowCell returns the data cell of the body row whose header is label.
func rowCell(t *testing.T, table *xhtml.Node, label string) *xhtml.Node {
	t.Helper()
	for _, tr := range all(table, tag("tr")) {
		ths := children(tr, "th")
		tds := children(tr, "td")
		if len(ths) == 1 && text(ths[0]) == label && len(tds) >= 1 {
			return tds[0]
		}
	}
	t.Fatalf("no row %q", label)
	return nil
}

func TestRenderStructure(t *testing.T) {
	s := newSample(flagged)
	out := render(t, s.Report)
	doc := parse(t, out)

	if !strings.HasPrefix(out, "<!DOCTYPE html>") {
		t.Errorf("document does not start with the doctype")
	}
	htmlEl := all(doc, tag("html"))
	if len(htmlEl) != 1 {
		t.Fatalf("%d html elements", len(htmlEl))
	}
	if lang, _ := attr(htmlEl[0], "lang"); lang != "nl" {
		t.Errorf("lang = %q, want nl", lang)
	}
	if got := all(doc, func(n *xhtml.Node) bool { return n.Data == "meta" && hasAttrVal(n, "charset", "utf-8") }); len(got) != 1 {
		t.Errorf("no <meta charset=utf-8>")
	}
	titles := all(doc, func(n *xhtml.Node) bool { return n.DataAtom == atom.Title && n.Namespace == "" })
	wantTitle := "Jaarverslag integriteit en ongewenst gedrag 2025 – Gemeente Utrecht"
	if len(titles) != 1 || text(titles[0]) != wantTitle {
		t.Errorf("document title: got %d titles, want %q", len(titles), wantTitle)
	}
	h1 := all(doc, tag("h1"))
	if len(h1) != 1 || text(h1[0]) != "Jaarverslag integriteit en ongewenst gedrag 2025" {
		t.Fatalf("want one h1 with the title, got %d", len(h1))
	}

	// Headings: the first is the h1, and no level is skipped going down.
	heads := all(doc, func(n *xhtml.Node) bool {
		return len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6'
	})
	prev := 0
	for i, h := range heads {
		level := int(h.Data[1] - '0')
		if i == 0 && level != 1 {
			t.Errorf("first heading is %s", h.Data)
		}
		if level > prev+1 {
			t.Errorf("heading %q (%s) skips a level after h%d", text(h), h.Data, prev)
		}
		if strings.TrimSpace(text(h)) == "" {
			t.Errorf("empty %s", h.Data)
		}
		prev = level
	}

	// Ids are unique; every reference (aria-labelledby, #fragment) points to one.
	ids := map[string]bool{}
	for _, n := range all(doc, func(n *xhtml.Node) bool { _, ok := attr(n, "id"); return ok }) {
		id, _ := attr(n, "id")
		if ids[id] {
			t.Errorf("duplicate id %q", id)
		}
		ids[id] = true
	}
	for _, n := range all(doc, func(n *xhtml.Node) bool { _, ok := attr(n, "aria-labelledby"); return ok }) {
		v, _ := attr(n, "aria-labelledby")
		for _, id := range strings.Fields(v) {
			if !ids[id] {
				t.Errorf("<%s aria-labelledby> refers to missing id %q", n.Data, id)
			}
		}
	}

	// No scripts, no resources at all, links only within the page.
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Errorf("output contains <script")
	}
	if strings.Contains(out, "http://") || strings.Contains(out, "https://") {
		t.Errorf("output contains an http(s) URL")
	}
	if regexp.MustCompile(`(?i)@import|url\(\s*['"]?[a-z]`).MatchString(out) {
		t.Errorf("CSS loads something: %v", regexp.MustCompile(`(?i)@import[^;]*|url\([^)]*\)`).FindAllString(out, 5))
	}
	for _, el := range []string{"script", "img", "link", "iframe", "object", "embed", "image", "use", "audio", "video", "source", "base", "form"} {
		if n := all(doc, tag(el)); len(n) > 0 {
			t.Errorf("found %d <%s> elements", len(n), el)
		}
	}
	for _, n := range all(doc, func(*xhtml.Node) bool { return true }) {
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") {
				t.Errorf("<%s %s> event handler", n.Data, a.Key)
			}
			if key == "src" || key == "srcset" || key == "action" || key == "formaction" || key == "poster" || key == "data" {
				t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
			}
			if key == "href" || (a.Namespace == "xlink" && a.Key == "href") {
				if !strings.HasPrefix(a.Val, "#") || !ids[a.Val[1:]] {
					t.Errorf("<%s href=%q> is not a link within the page", n.Data, a.Val)
				}
			}
			if strings.Contains(a.Val, "url(") && !regexp.MustCompile(`^url\(#[a-z0-9-]+\)$`).MatchString(a.Val) {
				t.Errorf("<%s %s=%q> refers outside the page", n.Data, a.Key, a.Val)
			}
		}
	}

	// Charts: one per table plus the years chart, each an accessible image.
	svgs := all(doc, tag("svg"))
	if want := tableCount(s.Report) + 1; len(svgs) != want {
		t.Errorf("%d svg charts, want %d", len(svgs), want)
	}
	for i, svg := range svgs {
		if role, _ := attr(svg, "role"); role != "img" {
			t.Errorf("svg %d: role = %q", i, role)
		}
		labelled, _ := attr(svg, "aria-labelledby")
		titles := children(svg, "title")
		descs := children(svg, "desc")
		if len(titles) != 1 || text(titles[0]) == "" || len(descs) != 1 || text(descs[0]) == "" {
			t.Errorf("svg %d: want one non-empty <title> and <desc>", i)
			continue
		}
		tid, _ := attr(titles[0], "id")
		did, _ := attr(descs[0], "id")
		if labelled != tid+" "+did {
			t.Errorf("svg %d: aria-labelledby=%q, want %q", i, labelled, tid+" "+did)
		}
		if _, ok := attr(svg, "viewBox"); !ok {
			t.Errorf("svg %d has no viewBox", i)
		}
	}

	// Data tables: a caption, column headers and row headers with scope.
	tables := all(doc, tag("table"))
	// The data tables of the report, one per section with figures, and the years table.
	withFigures := 0
	for _, sec := range s.Report.Sections {
		if len(sec.Figures) > 0 {
			withFigures++
		}
	}
	if want := tableCount(s.Report) + withFigures + 1; len(tables) != want {
		t.Errorf("%d tables, want %d", len(tables), want)
	}
	for i, tb := range tables {
		caps := children(tb, "caption")
		if len(caps) != 1 || text(caps[0]) == "" {
			t.Errorf("table %d has no caption", i)
		}
		for _, th := range all(tb, tag("th")) {
			scope, _ := attr(th, "scope")
			if scope != "col" && scope != "row" {
				t.Errorf("table %q: <th>%s</th> without scope", text(caps[0]), text(th))
			}
		}
		if len(all(tb, tag("thead"))) != 1 {
			t.Errorf("table %d has no thead", i)
		}
	}

	// Each table's chart stands right before its data table.
	for _, svg := range svgs {
		next := svg.NextSibling
		for next != nil && next.Type != xhtml.ElementNode {
			next = next.NextSibling
		}
		if next == nil || next.Data != "table" {
			t.Errorf("svg %q is not followed by its table", text(children(svg, "title")[0]))
		}
	}

	// The landmarks and the footer.
	for _, el := range []string{"header", "main", "footer", "nav"} {
		if len(all(doc, tag(el))) != 1 {
			t.Errorf("want one <%s>", el)
		}
	}
	footer := text(all(doc, tag("footer"))[0])
	for _, want := range []string{"Meldpunt", "3 februari 2026", "< 5", "onder de 5"} {
		if !strings.Contains(footer, want) {
			t.Errorf("footer lacks %q: %s", want, footer)
		}
	}
	// The print style sheet.
	for _, want := range []string{"@page", "size: A4", "@media print"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the style sheet", want)
		}
	}
}

func hasAttrVal(n *xhtml.Node, key, val string) bool {
	v, ok := attr(n, key)
	return ok && strings.EqualFold(v, val)
}

func TestIntroduction(t *testing.T) {
	s := newSample(flagged)
	doc := parse(t, render(t, s.Report))
	header := text(all(doc, tag("header"))[0])
	for _, want := range []string{"Jaarverslag integriteit en ongewenst gedrag 2025", "Gemeente Utrecht", "Gemaakt op 3 februari 2026 om 09:15 uur"} {
		if !strings.Contains(header, want) {
			t.Errorf("title page lacks %q: %s", want, header)
		}
	}
	var intro *xhtml.Node
	for _, sec := range all(doc, tag("section")) {
		if id, _ := attr(sec, "id"); id == "over-dit-verslag" {
			intro = sec
		}
	}
	if intro == nil {
		t.Fatal("no introduction")
	}
	txt := text(intro)
	for _, want := range []string{
		"Er staat niets in over de inhoud van een zaak",
		"onder de 5 niet zien",
		"„< 5”",
		"door af te trekken", // cells suppressed so that they cannot be calculated back
		"mediaan",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("introduction lacks %q:\n%s", want, txt)
		}
	}

	// Another threshold shows in the text and in the cells.
	r := s.Report
	r.Threshold = 10
	out := render(t, r)
	if !strings.Contains(out, "&lt; 10") || strings.Contains(out, "&lt; 5") {
		t.Errorf("threshold 10 is not used everywhere")
	}
}

func TestSuppressedCells(t *testing.T) {
	s := newSample(flagged)
	doc := parse(t, render(t, s.Report))
	digits := regexp.MustCompile(`[0-9]+`)

	if len(s.Secrets) < 10 {
		t.Fatalf("sample has only %d suppressed cells", len(s.Secrets))
	}
	for _, sec := range s.Secrets {
		// In the table: "< 5" for a small count, "afgeschermd" for one suppressed to protect
		// a small one (it is not small: "< 5" would be false), and no number but the threshold.
		label := "< 5"
		if sec.Value >= 5 {
			label = "afgeschermd"
		}
		table := tableByCaption(t, doc, sec.Table)
		c := rowCell(t, table, sec.Label)
		if got := text(c); got != label {
			t.Errorf("%s / %s (%d): cell shows %q, want %q", sec.Table, sec.Label, sec.Value, got, label)
		}
		// In the chart: a hatched placeholder of fixed width, labelled "< 5", and no bar.
		svg := chartBefore(t, table)
		g := barGroup(t, svg, sec.Label)
		if n := all(g, func(n *xhtml.Node) bool { return n.Data == "rect" && hasClass(n, "staaf") }); len(n) != 0 {
			t.Errorf("%s / %s: suppressed count drawn as a bar", sec.Table, sec.Label)
		}
		ph := all(g, func(n *xhtml.Node) bool { return n.Data == "rect" && hasClass(n, "afgeschermd-vak") })
		if len(ph) != 1 {
			t.Errorf("%s / %s: no hatched placeholder", sec.Table, sec.Label)
		} else if w, _ := attr(ph[0], "width"); w != "36" {
			t.Errorf("%s / %s: placeholder width %s depends on something", sec.Table, sec.Label, w)
		}
		got := text(g)
		if !strings.HasSuffix(got, label) {
			t.Errorf("%s / %s: chart label %q", sec.Table, sec.Label, got)
		}
		for _, num := range digits.FindAllString(strings.TrimSuffix(got, label), -1) {
			t.Errorf("%s / %s: number %s in the chart", sec.Table, sec.Label, num)
		}
	}

	// A total of 15 suppressed to protect the small rows: "afgeschermd", not "< 5".
	grond := tableByCaption(t, doc, "Meldingen over discriminatie per grond")
	if got := text(rowCell(t, grond, "Totaal")); got != "afgeschermd" {
		t.Errorf("suppressed total shows %q", got)
	}
	// The chart's text alternative names the suppressed categories without a number.
	desc := text(children(chartBefore(t, grond), "desc")[0])
	want := "Afgeschermd omdat het aantal klein is (< 5): Geslacht, Seksuele gerichtheid, Godsdienst of levensovertuiging en Handicap of chronische ziekte. Het totaal is afgeschermd."
	if !strings.Contains(desc, want) {
		t.Errorf("desc = %q, want it to contain %q", desc, want)
	}
	if strings.Contains(desc, "15") {
		t.Errorf("desc mentions the hidden total: %q", desc)
	}

	// A figure over a suppressed N shows no value.
	fig := tableByCaption(t, doc, "Kengetallen: Afhandeling en termijnen")
	row := rowOf(t, fig, "Duur van een onderzoek")
	if got := cellsText(row); strings.Join(got, "|") != "afgeschermd|afgeschermd|< 5" {
		t.Errorf("figure over a suppressed N: %q", got)
	}
}

// chartBefore returns the svg right before a table.
func chartBefore(t *testing.T, table *xhtml.Node) *xhtml.Node {
	t.Helper()
	for p := table.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == xhtml.ElementNode {
			if p.Data != "svg" {
				t.Fatalf("element before the table is <%s>", p.Data)
			}
			return p
		}
	}
	t.Fatal("no chart before the table")
	return nil
}

// barGroup returns the <g> of a bar chart whose label text is label.
func barGroup(t *testing.T, svg *xhtml.Node, label string) *xhtml.Node {
	t.Helper()
	for _, g := range all(svg, tag("g")) {
		if texts := all(g, tag("text")); len(texts) > 0 && text(texts[0]) == label {
			return g
		}
	}
	t.Fatalf("no bar for %q", label)
	return nil
}

func rowOf(t *testing.T, table *xhtml.Node, label string) *xhtml.Node {
	t.Helper()
	for _, tr := range all(table, tag("tr")) {
		if ths := children(tr, "th"); len(ths) == 1 && text(ths[0]) == label {
			return tr
		}
	}
	t.Fatalf("no row %q", label)
	return nil
}

func cellsText(tr *xhtml.Node) []string {
	var out []string
	for _, td := range children(tr, "td") {
		out = append(out, text(td))
	}
	return out
}

func TestBarChart(t *testing.T) {
	s := newSample(flagged)
	doc := parse(t, render(t, s.Report))
	table := tableByCaption(t, doc, "Meldingen per soort gedrag")
	svg := chartBefore(t, table)

	// Bars scale to the largest published count; every bar is labelled with its value.
	width := func(label string) string {
		g := barGroup(t, svg, label)
		bars := all(g, func(n *xhtml.Node) bool { return n.Data == "rect" && hasClass(n, "staaf") })
		if len(bars) != 1 {
			t.Fatalf("%s: %d bars", label, len(bars))
		}
		if got := text(g); !strings.HasPrefix(got, label+" ") {
			t.Errorf("bar label %q", got)
		}
		w, _ := attr(bars[0], "width")
		return w
	}
	if got := width("Pesten"); got != "648" {
		t.Errorf("largest bar width %s, want the full track 648", got)
	}
	if got := width("Discriminatie"); got != "285.9" { // 15/34 × 648
		t.Errorf("bar width %s, want 285.9", got)
	}
	if got := text(barGroup(t, svg, "Pesten")); got != "Pesten 34" {
		t.Errorf("bar text %q", got)
	}

	desc := text(children(svg, "desc")[0])
	want := "Liggende staafgrafiek met 8 categorieën. De grootste categorieën zijn Pesten (34 meldingen), Seksuele intimidatie (21) en Agressie en geweld (17). Afgeschermd omdat het aantal klein is (< 5): Fraude. Afgeschermd om een klein aantal te beschermen: Lekken van vertrouwelijke informatie. Totaal: 121 meldingen."
	if desc != want {
		t.Errorf("desc:\n got %q\nwant %q", desc, want)
	}
	if len(all(svg, func(n *xhtml.Node) bool { return n.Data == "text" && strings.HasPrefix(text(n), "Gearceerd vak") })) != 1 {
		t.Errorf("no legend for the hatched placeholder")
	}

	// A table without rows still has a chart that says so.
	empty := chartBefore(t, tableByCaption(t, doc, "Beroepszaken"))
	if !strings.Contains(text(empty), "Geen categorieën") {
		t.Errorf("empty chart: %q", text(empty))
	}
}

func TestDutchFormatting(t *testing.T) {
	s := newSample(flagged)
	doc := parse(t, render(t, s.Report))

	med := tableByCaption(t, doc, "Medewerkers per organisatieonderdeel")
	if got := text(rowCell(t, med, "Stadsbeheer")); got != "1.234" {
		t.Errorf("1234 shown as %q", got)
	}
	if got := text(rowCell(t, med, "Totaal")); got != "5.643" {
		t.Errorf("5643 shown as %q", got)
	}
	if got := text(barGroup(t, chartBefore(t, med), "Maatschappelijke Ontwikkeling")); got != "Maatschappelijke Ontwikkeling 2.045" {
		t.Errorf("bar label %q", got)
	}

	fig := tableByCaption(t, doc, "Kengetallen: Afhandeling en termijnen")
	for label, want := range map[string]string{
		"Duur van de afhandeling van een melding": "24 dagen|61 dagen|121",
		"Binnen de termijn afgehandeld":           "87,5%|—|121",
		"Duur van een bezwaar":                    "—|—|0",
		"Tijd tot het eerste contact":             "1 dag|1.502 dagen|1.234",
	} {
		if got := strings.Join(cellsText(rowOf(t, fig, label)), "|"); got != want {
			t.Errorf("%s: %q, want %q", label, got, want)
		}
	}
	share := tableByCaption(t, doc, "Kengetallen: Vertrouwenspersonen")
	if got := strings.Join(cellsText(rowOf(t, share, "Aandeel gesprekken met een externe vertrouwenspersoon")), "|"); got != "31,8%|85" {
		t.Errorf("share: %q", got)
	}
}

func TestZeroTolerance(t *testing.T) {
	block := func(zt report.ZeroTolerance) *xhtml.Node {
		s := newSample(zt)
		doc := parse(t, render(t, s.Report))
		blocks := all(doc, func(n *xhtml.Node) bool { return hasClass(n, "nultolerantie") })
		if len(blocks) != 1 {
			t.Fatalf("%d zero-tolerance blocks", len(blocks))
		}
		return blocks[0]
	}
	const warning = "Niet elke bewezen discriminatie is gesanctioneerd."

	b := block(flagged)
	txt := text(b)
	if !hasClass(b, "waarschuwing") || !strings.Contains(txt, "Let op: "+warning) {
		t.Errorf("flagged: %q", txt)
	}
	if !strings.Contains(txt, "In 2025 is in 7 zaken discriminatie bewezen. Bij een klein aantal van deze zaken (< 5) is geen sanctie opgelegd.") {
		t.Errorf("flagged details: %q", txt)
	}
	if !strings.Contains(txt, "Sancties lichter dan de richtlijn adviseert < 5 van 14 sanctiebesluiten in totaal") {
		t.Errorf("lighter than guidance: %q", txt)
	}

	b = block(notFlagged)
	txt = text(b)
	if !hasClass(b, "in-orde") || !strings.Contains(txt, "In orde: Elke bewezen discriminatie is gesanctioneerd.") || strings.Contains(txt, warning) {
		t.Errorf("not flagged: %q", txt)
	}
	if !strings.Contains(txt, "In 2025 is in 7 zaken discriminatie bewezen. In al deze zaken is een sanctie opgelegd.") {
		t.Errorf("not flagged details: %q", txt)
	}

	b = block(noCases)
	txt = text(b)
	if !hasClass(b, "neutraal") || !strings.Contains(txt, "In 2025 is geen discriminatie bewezen.") || strings.Contains(txt, "gesanctioneerd") {
		t.Errorf("no cases: %q", txt)
	}

	// Flagged although every count is suppressed: the flag still shows.
	b = block(report.ZeroTolerance{Flagged: true, Small: []string{"proven_discrimination", "not_sanctioned"}})
	txt = text(b)
	if !strings.Contains(txt, warning) || !strings.Contains(txt, "een klein aantal zaken (< 5)") {
		t.Errorf("flagged, all suppressed: %q", txt)
	}
	// Flagged, with the counts suppressed to protect others: not "klein".
	b = block(report.ZeroTolerance{Flagged: true})
	txt = text(b)
	if !strings.Contains(txt, "In 2025 is in een afgeschermd aantal zaken discriminatie bewezen. Bij een afgeschermd aantal van deze zaken") || strings.Contains(txt, "klein") {
		t.Errorf("flagged, protecting others: %q", txt)
	}
	// Not flagged and the count hidden for being small: it may be zero, so no sentence says
	// that there were cases.
	b = block(report.ZeroTolerance{Small: []string{"proven_discrimination", "sanctioned"}, NotSanctioned: report.Int(0)})
	txt = text(b)
	if strings.Contains(txt, "in een klein aantal zaken") || strings.Contains(txt, "In al deze zaken") || !strings.Contains(txt, "Het kan ook nul zijn.") {
		t.Errorf("not flagged, hidden count: %q", txt)
	}
}

func TestYearsComparison(t *testing.T) {
	s := newSample(notFlagged)
	doc := parse(t, render(t, s.Report))
	table := tableByCaption(t, doc, "Aantallen per jaar, 2021 tot en met 2025")
	if got := strings.Join(cellsText(rowOf(t, table, "2022")), "|"); got != "97|70|afgeschermd|6" {
		t.Errorf("2022: %q", got)
	}
	if got := strings.Join(cellsText(rowOf(t, table, "2021")), "|"); got != "88|61|12|< 5" {
		t.Errorf("2021: %q", got)
	}
	svg := chartBefore(t, table)
	// Points only for published values: 4 series × 5 years − 2 suppressed.
	if n := len(all(svg, tag("circle"))); n != 18 {
		t.Errorf("%d points, want 18", n)
	}
	panels := children(svg, "g")
	if len(panels) != 4 {
		t.Fatalf("%d panels", len(panels))
	}
	// Onderzoeken: 2022 suppressed, so the line breaks in two runs; the first run (2021 alone)
	// has no line, the second (2023–2025) has one.
	onderzoeken := panels[2]
	if got := text(all(onderzoeken, tag("text"))[0]); got != "Onderzoeken" {
		t.Fatalf("panel 3 is %q", got)
	}
	paths := all(onderzoeken, tag("path"))
	if len(paths) != 1 {
		t.Fatalf("%d lines in Onderzoeken", len(paths))
	}
	if d, _ := attr(paths[0], "d"); strings.Count(d, "L") != 2 {
		t.Errorf("line %q should join 2023–2025 only", d)
	}
	gaps := all(onderzoeken, func(n *xhtml.Node) bool { return n.Data == "text" && hasClass(n, "afgeschermd-tekst") })
	if len(gaps) != 1 || text(gaps[0]) != "afgeschermd" {
		t.Errorf("the gap is not labelled")
	}
	desc := text(children(svg, "desc")[0])
	if !strings.Contains(desc, "Onderzoeken – 2021: 12, 2022: afgeschermd, 2023: 15, 2024: 19, 2025: 23.") ||
		!strings.Contains(desc, "Sancties – 2021: < 5, 2022: 6") {
		t.Errorf("desc: %q", desc)
	}
	// No sentence says a hidden year is not zero: a small hidden count may be.
	if page := text(doc); strings.Contains(page, "niet nul") || strings.Contains(desc, "geen nul") {
		t.Errorf("the page says a hidden year is not zero")
	}
}

func TestEscaping(t *testing.T) {
	s := newSample(flagged)
	s.Report.Organisation = `Gemeente <i>Utrecht</i>`
	out := render(t, s.Report)
	if strings.Contains(out, "<b>nieuw") || strings.Contains(out, "<i>Utrecht") || strings.Contains(strings.ToLower(out), "<script") {
		t.Fatalf("markup from the data reached the page")
	}
	doc := parse(t, out)
	if n := all(doc, tag("b")); len(n) != 0 {
		t.Errorf("<b> from a label became an element")
	}
	table := tableByCaption(t, doc, "Meldingen per soort gedrag")
	if got := text(rowCell(t, table, hostileLabel)); got != "12" {
		t.Errorf("row with markup in its label: %q", got)
	}
	if got := text(all(doc, tag("h1"))[0]); strings.Contains(got, "<") {
		t.Errorf("h1 %q", got)
	}
}

func TestDeterministic(t *testing.T) {
	a := render(t, newSample(flagged).Report)
	b := render(t, newSample(flagged).Report)
	if a != b {
		t.Fatal("two renders of the same report differ")
	}
}

func TestEmptyReport(t *testing.T) {
	out := render(t, report.Report{Year: 2025})
	doc := parse(t, out)
	if n := len(all(doc, tag("svg"))); n != 0 {
		t.Errorf("%d charts in an empty report", n)
	}
	if !strings.Contains(out, "&lt; 5") {
		t.Errorf("the default threshold 5 is not used")
	}
	if len(all(doc, tag("h1"))) != 1 {
		t.Errorf("no h1")
	}
	// Zero tolerance with nothing known: not flagged, counts suppressed.
	if !strings.Contains(text(doc), "Geen enkele bewezen discriminatie bleef zonder sanctie.") {
		t.Errorf("zero tolerance block missing")
	}
}

// BenchmarkRender renders a report of 40 tables (8 sections of 5 tables of 8 rows).
func BenchmarkRender(b *testing.B) {
	r := bigReport()
	if n := tableCount(r); n != 40 {
		b.Fatalf("%d tables", n)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := reporthtml.Render(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KiB/page")
}
