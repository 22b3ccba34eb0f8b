// Package html renders the annual integrity report (jaarverslag integriteit en ongewenst gedrag,
// domain.md §8) as one self-contained HTML page in Dutch: inline CSS, inline SVG charts with
// text alternatives, real data tables, print CSS for A4, no scripts and no external resources.
//
// The page only shows what the report holds after disclosure control: a suppressed count (nil)
// is written as "< 5" (with the report's threshold) when it was suppressed for being small, and
// as "afgeschermd" when it was suppressed only to protect a small one (it is then not small);
// either is drawn as a hatched placeholder without a length. Sentences about suppressed counts
// claim nothing the published figures do not show (a hidden count may be zero). The renderer computes no shares or differences from the counts, so it cannot
// undo the suppression.
package html

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/utrecht/meldpunt/internal/report"
)

//go:embed report.html.tmpl
var pageTemplate string

var tmpl = template.Must(template.New("page").Parse(pageTemplate))

// protectedText stands for a count suppressed to protect another one: it is not small.
const protectedText = "afgeschermd"

// defaultThreshold is used when a report carries no threshold (domain.md §8: default 5).
const defaultThreshold = 5

// Render writes the report as one self-contained HTML document in Dutch.
//
// The page is built in memory first, so that w gets the whole document or, on an error, nothing.
func Render(w io.Writer, r report.Report) error {
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, buildPage(r)); err != nil {
		return fmt.Errorf("report/html: rendering the annual report: %w", err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// page is everything the template shows, already formatted.
type page struct {
	DocTitle     string
	Heading      string
	Organisation string
	Year         string
	Generated    string // date and time
	GeneratedISO string // for <time datetime>
	Threshold    string // "5"
	Suppressed   string // "< 5"
	Protected    string // "afgeschermd"
	MinDuration  string // "10"
	AnyBand      bool
	TOC          []tocItem
	Zero         zeroView
	Sections     []sectionView
	Years        *yearsView
	AnyDuration  bool
}

type tocItem struct {
	Anchor string
	Title  string
}

type sectionView struct {
	Anchor    string
	HeadingID string
	Title     string
	Intro     []string // paragraphs
	Tables    []tableView
	Figures   *figuresView
}

type tableView struct {
	Anchor     string
	HeadingID  string
	Title      string
	UnitHeader string // "Aantal meldingen"
	Total      cell
	TotalLine  string // "Totaal: 80 meldingen."
	BandLine   string // deadline tables: "Op tijd: vrijwel alle (90 % of meer)."
	Rows       []rowView
	Chart      barChart
}

type rowView struct {
	Label string
	Count cell
}

// cell is a formatted count; Suppressed marks "< 5".
type cell struct {
	Text       string
	Suppressed bool
}

type figuresView struct {
	HeadingID string
	Caption   string
	HasP90    bool
	Rows      []figureRow
}

type figureRow struct {
	Label string
	Value cell
	P90   cell
	N     cell
}

type zeroView struct {
	State     string // "waarschuwing", "in-orde" or "neutraal"
	Marker    string // text before the statement, so that colour is not the only signal
	Statement string
	Details   []string
	Facts     []fact
}

type fact struct {
	Term  string
	Value cell
	Note  string
}

type yearsView struct {
	Chart   yearsChart
	Caption string
	Columns []string
	Rows    []yearRow
}

type yearRow struct {
	Year    string
	Current bool
	Cells   []cell
}

func buildPage(r report.Report) page {
	threshold := r.Threshold
	if threshold <= 0 {
		threshold = defaultThreshold
	}
	supp := "< " + fmtInt(threshold)
	year := strconv.Itoa(r.Year)
	heading := "Jaarverslag integriteit en ongewenst gedrag " + year
	org := strings.TrimSpace(r.Organisation)
	docTitle := heading
	if org != "" {
		docTitle += " – " + org
	}
	p := page{
		DocTitle:     docTitle,
		Heading:      heading,
		Organisation: org,
		Year:         year,
		Generated:    fmtDateTime(r.GeneratedAt),
		GeneratedISO: r.GeneratedAt.Format(time.RFC3339),
		Threshold:    fmtInt(threshold),
		Suppressed:   supp,
		Protected:    protectedText,
		MinDuration:  fmtInt(report.MinDurationN),
	}
	count := func(n *int, small bool) cell {
		if n == nil {
			if small {
				return cell{Text: supp, Suppressed: true}
			}
			return cell{Text: protectedText, Suppressed: true}
		}
		return cell{Text: fmtInt(*n)}
	}

	p.TOC = append(p.TOC, tocItem{"over-dit-verslag", "Over dit verslag"}, tocItem{"nultolerantie", "Nultolerantie bij discriminatie"})
	p.Zero = buildZero(r, year, count)

	for i, s := range r.Sections {
		sv := sectionView{
			Anchor:    "hoofdstuk-" + strconv.Itoa(i+1),
			HeadingID: "hoofdstuk-" + strconv.Itoa(i+1) + "-kop",
			Title:     s.TitleNL,
			Intro:     paragraphs(s.IntroNL),
		}
		if strings.TrimSpace(sv.Title) == "" {
			sv.Title = "Hoofdstuk " + strconv.Itoa(i+1)
		}
		for j, t := range s.Tables {
			tv := buildTable(t, sv.Anchor+"-tabel-"+strconv.Itoa(j+1), supp, count)
			p.AnyBand = p.AnyBand || tv.BandLine != ""
			sv.Tables = append(sv.Tables, tv)
		}
		if len(s.Figures) > 0 {
			fv := &figuresView{HeadingID: sv.Anchor + "-kengetallen", Caption: "Kengetallen: " + sv.Title}
			for _, f := range s.Figures {
				row, isDuration := buildFigure(f, supp)
				if f.P90 != nil || isDuration {
					fv.HasP90 = true
				}
				if isDuration {
					p.AnyDuration = true
				}
				fv.Rows = append(fv.Rows, row)
			}
			sv.Figures = fv
		}
		p.Sections = append(p.Sections, sv)
		p.TOC = append(p.TOC, tocItem{sv.Anchor, sv.Title})
	}

	if len(r.Years) > 0 {
		p.Years = buildYears(r.Years, supp, count)
		p.TOC = append(p.TOC, tocItem{"eerdere-jaren", "Vergelijking met eerdere jaren"})
	}
	p.TOC = append(p.TOC, tocItem{"verantwoording", "Verantwoording"})
	return p
}

// paragraphs splits a text on blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, part := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func buildTable(t report.Table, anchor, supp string, count func(*int, bool) cell) tableView {
	unit := strings.TrimSpace(t.UnitNL)
	title := strings.TrimSpace(t.TitleNL)
	if title == "" {
		title = "Tabel"
	}
	tv := tableView{
		Anchor:     anchor,
		HeadingID:  anchor + "-kop",
		Title:      title,
		UnitHeader: "Aantal",
		Total:      count(t.Total, t.TotalSmall),
	}
	if t.ShareBandNL != "" {
		tv.BandLine = "Op tijd: " + t.ShareBandNL + "."
	}
	if unit != "" {
		tv.UnitHeader = "Aantal " + unit
	}
	withUnit := func(c cell) string {
		if unit == "" {
			return c.Text
		}
		return c.Text + " " + unit
	}
	switch {
	case t.Total == nil && t.TotalSmall:
		tv.TotalLine = "Het totaal is kleiner dan " + strings.TrimPrefix(supp, "< ") + " en daarom afgeschermd (" + supp + ")."
	case t.Total == nil:
		tv.TotalLine = "Het totaal is afgeschermd."
	default:
		tv.TotalLine = "Totaal: " + withUnit(tv.Total) + "."
	}
	items := make([]barItem, 0, len(t.Rows))
	for _, row := range t.Rows {
		label := strings.TrimSpace(row.LabelNL)
		if label == "" {
			label = row.Code
		}
		tv.Rows = append(tv.Rows, rowView{Label: label, Count: count(row.Count, row.Small)})
		items = append(items, barItem{Label: label, Count: row.Count, Small: row.Small})
	}
	tv.Chart = newBarChart(anchor+"-grafiek", "Grafiek: "+title, describeBars(items, unit, supp, tv.TotalLine), supp, items)
	return tv
}

// describeBars is the text alternative of a bar chart: the largest categories in words, the
// suppressed ones by name, and the total.
func describeBars(items []barItem, unit, supp, totalLine string) string {
	if len(items) == 0 {
		return "Er zijn geen categorieën om te tonen. " + totalLine
	}
	type kv struct {
		label string
		n     int
	}
	var shown []kv
	var hidden, small []string
	for _, it := range items {
		if it.Count == nil && it.Small {
			small = append(small, it.Label)
			continue
		}
		if it.Count == nil {
			hidden = append(hidden, it.Label)
			continue
		}
		shown = append(shown, kv{it.Label, *it.Count})
	}
	// Largest first; equal counts keep the order of the table, so the text is deterministic.
	slices.SortStableFunc(shown, func(a, b kv) int { return b.n - a.n })
	var b strings.Builder
	fmt.Fprintf(&b, "Liggende staafgrafiek met %s %s. ", fmtInt(len(items)), plural(len(items), "categorie", "categorieën"))
	var top []string
	for _, s := range shown {
		if s.n <= 0 || len(top) == 3 {
			break
		}
		txt := s.label + " (" + fmtInt(s.n)
		if len(top) == 0 && unit != "" {
			txt += " " + unit
		}
		top = append(top, txt+")")
	}
	switch len(top) {
	case 0:
		if len(shown) > 0 {
			b.WriteString("Geen enkele getoonde categorie heeft een aantal boven nul. ")
		}
	case 1:
		b.WriteString("De grootste categorie is " + top[0] + ". ")
	default:
		b.WriteString("De grootste categorieën zijn " + joinNL(top) + ". ")
	}
	if len(small) > 0 {
		b.WriteString("Afgeschermd omdat het aantal klein is (" + supp + "): " + joinNL(small) + ". ")
	}
	if len(hidden) > 0 {
		b.WriteString("Afgeschermd om een klein aantal te beschermen: " + joinNL(hidden) + ". ")
	}
	b.WriteString(totalLine)
	return b.String()
}

// buildFigure formats one figure. It reports whether the figure is a duration.
func buildFigure(f report.Figure, supp string) (figureRow, bool) {
	unit := strings.ToLower(strings.TrimSpace(f.UnitNL))
	isDuration := unit == "dagen" || unit == "dag" || unit == "days"
	row := figureRow{Label: f.LabelNL, P90: cell{Text: dash}, Value: cell{Text: dash}}
	if row.Label == "" {
		row.Label = f.ID
	}
	if f.N == nil {
		row.N = cell{Text: protectedText, Suppressed: true}
		if f.NSmall {
			row.N = cell{Text: supp, Suppressed: true}
		}
		// Over a suppressed N no measure is shown, even if one was passed: a median or a share of
		// a handful of cases can point to a person.
		row.Value = cell{Text: "afgeschermd", Suppressed: true}
		if f.P90 != nil || isDuration {
			row.P90 = cell{Text: "afgeschermd", Suppressed: true}
		}
		return row, isDuration
	}
	row.N = cell{Text: fmtInt(*f.N)}
	if isDuration && f.Value == nil && *f.N > 0 && *f.N < report.MinDurationN {
		// Over fewer than 10 cases no handling time is published (see the introduction).
		row.Value = cell{Text: "te weinig zaken"}
		row.P90 = cell{Text: "te weinig zaken"}
	}
	if f.Value == nil && f.HeldBackNL != "" {
		// A handling time moves with every case: given only once the year is over.
		row.Value = cell{Text: f.HeldBackNL}
		row.P90 = cell{Text: f.HeldBackNL}
	}
	if f.Value != nil {
		row.Value = cell{Text: fmtMeasure(*f.Value, f.UnitNL)}
	}
	if f.P90 != nil {
		row.P90 = cell{Text: fmtMeasure(*f.P90, f.UnitNL)}
	}
	return row, isDuration
}

func buildZero(r report.Report, year string, count func(*int, bool) cell) zeroView {
	z := r.ZeroTolerance
	small := func(name string) bool { return slices.Contains(z.Small, name) }
	proven := count(z.ProvenDiscrimination, small("proven_discrimination"))
	// zaken names a number of cases known to be at least one (the flag says so). A hidden one is
	// "een klein aantal" only when it was hidden for being small.
	zaken := func(n *int, isSmall bool, text string) string {
		switch {
		case n != nil:
			return fmtInt(*n) + " " + plural(*n, "zaak", "zaken")
		case isSmall:
			return "een klein aantal zaken (" + text + ")"
		default:
			return "een afgeschermd aantal zaken"
		}
	}
	var v zeroView
	switch {
	case z.Flagged:
		v.State = "waarschuwing"
		v.Marker = "Let op:"
		v.Statement = "Niet elke bewezen discriminatie is gesanctioneerd."
		var not string
		switch {
		case z.NotSanctioned != nil:
			not = "Bij " + fmtInt(*z.NotSanctioned) + " van deze zaken is geen sanctie opgelegd."
		case small("not_sanctioned"):
			not = "Bij een klein aantal van deze zaken (" + count(nil, true).Text + ") is geen sanctie opgelegd."
		default:
			not = "Bij een afgeschermd aantal van deze zaken is geen sanctie opgelegd."
		}
		v.Details = []string{
			"In " + year + " is in " + zaken(z.ProvenDiscrimination, small("proven_discrimination"), proven.Text) + " discriminatie bewezen. " + not,
			"De gemeente accepteert geen discriminatie (nultolerantie). Na bewezen discriminatie hoort daarom altijd een sanctie. Dat is niet bij elke zaak gebeurd.",
		}
	case z.ProvenDiscrimination != nil && *z.ProvenDiscrimination == 0:
		v.State = "neutraal"
		v.Marker = "Geen zaken:"
		v.Statement = "In " + year + " is geen discriminatie bewezen."
		v.Details = []string{"Er was dus ook geen sanctie voor bewezen discriminatie nodig."}
	case z.ProvenDiscrimination == nil:
		// Not flagged, count hidden: it may be zero, so no sentence may say that there were cases.
		v.State = "in-orde"
		v.Marker = "In orde:"
		v.Statement = "Geen enkele bewezen discriminatie bleef zonder sanctie."
		hidden := "Het aantal zaken waarin in " + year + " discriminatie bewezen is, is afgeschermd om andere aantallen te beschermen."
		if small("proven_discrimination") {
			hidden = "Het aantal zaken waarin in " + year + " discriminatie bewezen is, is klein en daarom afgeschermd (" + proven.Text + "). Het kan ook nul zijn."
		}
		v.Details = []string{hidden + " Is discriminatie bewezen, dan is er een sanctie opgelegd. Zo is de afspraak: de gemeente accepteert geen discriminatie (nultolerantie)."}
	default:
		v.State = "in-orde"
		v.Marker = "In orde:"
		v.Statement = "Elke bewezen discriminatie is gesanctioneerd."
		v.Details = []string{
			"In " + year + " is in " + zaken(z.ProvenDiscrimination, false, proven.Text) + " discriminatie bewezen. In al deze zaken is een sanctie opgelegd. Zo is de afspraak: de gemeente accepteert geen discriminatie (nultolerantie).",
		}
	}
	v.Facts = []fact{
		{Term: "Zaken met bewezen discriminatie", Value: proven},
		{Term: "Daarvan met een sanctie", Value: count(z.Sanctioned, small("sanctioned"))},
		{Term: "Daarvan zonder sanctie", Value: count(z.NotSanctioned, small("not_sanctioned"))},
	}
	lighter := fact{Term: "Sancties lichter dan de richtlijn adviseert", Value: count(z.LighterThanGuidance, small("lighter_than_guidance"))}
	switch {
	case z.DecisionsTotal != nil:
		lighter.Note = "van " + fmtInt(*z.DecisionsTotal) + " sanctiebesluiten in totaal"
	case small("decisions_total"):
		lighter.Note = "van " + count(nil, true).Text + " sanctiebesluiten in totaal"
	default:
		lighter.Note = "van een afgeschermd aantal sanctiebesluiten"
	}
	heavier := fact{Term: "Sancties zwaarder dan de richtlijn adviseert", Value: count(z.HeavierThanGuidance, small("heavier_than_guidance"))}
	heavier.Note = lighter.Note
	v.Facts = append(v.Facts, lighter, heavier)
	return v
}

func buildYears(ys []report.YearTotals, supp string, count func(*int, bool) cell) *yearsView {
	names := []string{"Meldingen", "Gesprekken", "Onderzoeken", "Sancties"}
	jsonNames := []string{"reports", "conversations", "investigations", "sanctions"}
	get := []func(report.YearTotals) *int{
		func(y report.YearTotals) *int { return y.Reports },
		func(y report.YearTotals) *int { return y.Conversations },
		func(y report.YearTotals) *int { return y.Investigations },
		func(y report.YearTotals) *int { return y.Sanctions },
	}
	years := make([]int, len(ys))
	for i, y := range ys {
		years[i] = y.Year
	}
	yv := &yearsView{
		Columns: names,
		Caption: "Aantallen per jaar, " + strconv.Itoa(years[0]) + " tot en met " + strconv.Itoa(years[len(years)-1]),
	}
	if len(years) == 1 {
		yv.Caption = "Aantallen in " + strconv.Itoa(years[0])
	}
	var ss []series
	var desc []string
	for k, name := range names {
		s := series{Name: name}
		var words []string
		for _, y := range ys {
			v := get[k](y)
			sm := slices.Contains(y.Small, jsonNames[k])
			s.Values = append(s.Values, v)
			s.Small = append(s.Small, sm)
			words = append(words, strconv.Itoa(y.Year)+": "+count(v, sm).Text)
		}
		ss = append(ss, s)
		desc = append(desc, name+" – "+strings.Join(words, ", ")+".")
	}
	for i, y := range ys {
		row := yearRow{Year: strconv.Itoa(y.Year), Current: i == len(ys)-1}
		for k := range names {
			row.Cells = append(row.Cells, count(get[k](y), slices.Contains(y.Small, jsonNames[k])))
		}
		yv.Rows = append(yv.Rows, row)
	}
	intro := "Vier lijngrafieken, elk met een eigen schaal: " + strings.ToLower(joinNL(names)) + " per jaar. "
	yv.Chart = newYearsChart("eerdere-jaren-grafiek", "Grafiek: "+yv.Caption, intro+strings.Join(desc, " ")+
		" Een afgeschermd jaar is een onderbreking in de lijn. Bij "+supp+" is het aantal klein, misschien nul; bij "+protectedText+" is het verborgen om een ander aantal te beschermen.", supp, years, ss)
	return yv
}
