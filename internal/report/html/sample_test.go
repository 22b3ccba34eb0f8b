package html_test

import (
	"fmt"
	"time"

	"github.com/utrecht/meldpunt/internal/report"
)

// hidden marks a suppressed count in the sample: the report holds nil, and the test keeps the
// true value to check that it never reaches the page.
type hidden int

// secret is a suppressed row of the sample with the value it had before disclosure control.
type secret struct {
	Table string // table title
	Label string
	Value int
}

// sample is a realistic report for 2025, with suppressed cells (below the threshold, and cells
// suppressed so that a small one cannot be calculated back), plus the true values of the
// suppressed rows.
type sample struct {
	Report  report.Report
	Secrets []secret
}

// rows builds table rows from label/value pairs; a value of type hidden is suppressed.
func (s *sample) table(id, title, unit string, total *int, pairs ...any) report.Table {
	t := report.Table{ID: id, TitleNL: title, UnitNL: unit, Total: total}
	for i := 0; i < len(pairs); i += 2 {
		label := pairs[i].(string)
		row := report.Row{Code: fmt.Sprintf("%s-%d", id, i/2), LabelNL: label}
		switch v := pairs[i+1].(type) {
		case int:
			row.Count = report.Int(v)
		case hidden:
			row.Small = v < 5 // below the threshold; otherwise suppressed to protect a small one
			s.Secrets = append(s.Secrets, secret{Table: title, Label: label, Value: int(v)})
		default:
			panic(fmt.Sprintf("bad value %T", v))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// hostileLabel is a category label with markup in it: labels come from taxonomy data that
// administrators can extend, so the page must show it as text.
const hostileLabel = `Overig <b>nieuw</b> & "anders" <script>alert(1)</script>`

func newSample(zt report.ZeroTolerance) sample {
	s := sample{}
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		loc = time.FixedZone("CET", 3600)
	}
	r := report.Report{
		Year:          2025,
		Organisation:  "Gemeente Utrecht",
		GeneratedAt:   time.Date(2026, time.February, 3, 9, 15, 0, 0, loc),
		Threshold:     5,
		ZeroTolerance: zt,
	}
	r.Sections = []report.Section{
		{
			ID: "meldingen", TitleNL: "Meldingen en gesprekken",
			IntroNL: "Medewerkers kunnen op verschillende manieren iets melden.\n\nOok een gesprek met een vertrouwenspersoon telt mee.",
			Tables: []report.Table{
				s.table("kanaal", "Meldingen per kanaal", "meldingen", report.Int(121),
					"Webformulier", 62, "Telefoon", 24, "E-mail", 18, "Via een vertrouwenspersoon", 11,
					"Brief", hidden(3), "Anoniem via de brievenbus", hidden(3)),
				s.table("gesprekstype", "Gesprekken met een vertrouwenspersoon", "gesprekken", report.Int(85),
					"Eerste gesprek", 51, "Vervolggesprek", 29, "Bemiddeling", hidden(2), "Doorverwijzing", hidden(3)),
			},
		},
		{
			ID: "gedrag", TitleNL: "Soort gedrag",
			IntroNL: "Bij elke melding legt het Meldpunt vast om welk soort gedrag het gaat.",
			Tables: []report.Table{
				s.table("categorie", "Meldingen per soort gedrag", "meldingen", report.Int(121),
					"Pesten", 34, "Seksuele intimidatie", 21, "Agressie en geweld", 17, "Discriminatie", 15,
					"Belangenverstrengeling", 9, "Fraude", hidden(4), "Lekken van vertrouwelijke informatie", hidden(9),
					hostileLabel, 12),
				// Every ground but one is small: the total is suppressed too, or the last small
				// cell could be calculated from it.
				s.table("grond", "Meldingen over discriminatie per grond", "meldingen", nil, // 15: not small
					"Afkomst of huidskleur", 8, "Geslacht", hidden(3), "Seksuele gerichtheid", hidden(2),
					"Godsdienst of levensovertuiging", hidden(1), "Handicap of chronische ziekte", hidden(1)),
			},
		},
		{
			ID: "vertrouwenspersonen", TitleNL: "Vertrouwenspersonen",
			Tables: []report.Table{
				s.table("adviseur", "Gesprekken per soort vertrouwenspersoon", "gesprekken", report.Int(85),
					"Interne vertrouwenspersoon", 58, "Externe vertrouwenspersoon", 27),
			},
			Figures: []report.Figure{
				{ID: "extern", LabelNL: "Aandeel gesprekken met een externe vertrouwenspersoon", N: report.Int(85), Value: report.Float(31.764705), UnitNL: "%"},
			},
		},
		{
			ID: "onderzoek", TitleNL: "Onderzoek en sancties",
			IntroNL: "Soms leidt een melding tot een onderzoek. Na een onderzoek kan de gemeente een sanctie opleggen.",
			Tables: []report.Table{
				s.table("uitkomst", "Uitkomst van onderzoeken", "onderzoeken", report.Int(23),
					"Gegrond", 9, "Deels gegrond", hidden(4), "Ongegrond", 7, "Geen oordeel mogelijk", hidden(3)),
				s.table("sanctie", "Opgelegde sancties", "sancties", report.Int(14),
					"Schriftelijke berisping", 6, "Overplaatsing", hidden(2), "Ontslag", hidden(3), "Andere maatregel", hidden(3)),
				s.table("leeg", "Beroepszaken", "zaken", report.Int(0)),
			},
		},
		{
			ID: "afhandeling", TitleNL: "Afhandeling en termijnen",
			IntroNL: "Hoe snel handelt het Meldpunt een melding af?",
			Figures: []report.Figure{
				{ID: "duur-melding", LabelNL: "Duur van de afhandeling van een melding", N: report.Int(121), Value: report.Float(23.5), P90: report.Float(61), UnitNL: "dagen"},
				{ID: "binnen-termijn", LabelNL: "Binnen de termijn afgehandeld", N: report.Int(121), Value: report.Float(87.5), UnitNL: "%"},
				{ID: "duur-onderzoek", LabelNL: "Duur van een onderzoek", N: nil, NSmall: true, Value: nil, UnitNL: "dagen"},
				{ID: "duur-bezwaar", LabelNL: "Duur van een bezwaar", N: report.Int(0), Value: nil, UnitNL: "dagen"},
				{ID: "duur-contact", LabelNL: "Tijd tot het eerste contact", N: report.Int(1234), Value: report.Float(1.26), P90: report.Float(1502.04), UnitNL: "dagen"},
			},
		},
		{
			ID: "organisatie", TitleNL: "Per organisatieonderdeel",
			IntroNL: "Per organisatieonderdeel ziet u het aantal meldingen. Ter vergelijking staat er ook hoeveel medewerkers er werken.",
			Tables: []report.Table{
				s.table("onderdeel", "Meldingen per organisatieonderdeel", "meldingen", report.Int(121),
					"Stadsbeheer", 38, "Publiekszaken", 27, "Ruimte", 19, "Maatschappelijke Ontwikkeling", 22,
					"Bestuurs- en Concernondersteuning", 15),
				s.table("medewerkers", "Medewerkers per organisatieonderdeel", "medewerkers", report.Int(5643),
					"Stadsbeheer", 1234, "Publiekszaken", 812, "Ruimte", 1045, "Maatschappelijke Ontwikkeling", 2045,
					"Bestuurs- en Concernondersteuning", 507),
			},
		},
	}
	r.Years = []report.YearTotals{
		{Year: 2021, Reports: report.Int(88), Conversations: report.Int(61), Investigations: report.Int(12), Sanctions: nil, Small: []string{"sanctions"}},
		{Year: 2022, Reports: report.Int(97), Conversations: report.Int(70), Investigations: nil, Sanctions: report.Int(6)}, // investigations: protecting another
		{Year: 2023, Reports: report.Int(104), Conversations: report.Int(66), Investigations: report.Int(15), Sanctions: report.Int(8)},
		{Year: 2024, Reports: report.Int(112), Conversations: report.Int(79), Investigations: report.Int(19), Sanctions: report.Int(11)},
		{Year: 2025, Reports: report.Int(121), Conversations: report.Int(85), Investigations: report.Int(23), Sanctions: report.Int(14)},
	}
	s.Report = r
	return s
}

// flagged: 7 proven discrimination cases, 1 of them without a sanction. That 1 is suppressed, and
// so is the 6 sanctioned cases (7 − 6 would give it away): only the flag tells.
var flagged = report.ZeroTolerance{
	ProvenDiscrimination: report.Int(7),
	Sanctioned:           nil,
	NotSanctioned:        nil,
	Flagged:              true,
	LighterThanGuidance:  nil,
	DecisionsTotal:       report.Int(14),
	Small:                []string{"not_sanctioned", "lighter_than_guidance"},
}

var notFlagged = report.ZeroTolerance{
	ProvenDiscrimination: report.Int(7),
	Sanctioned:           report.Int(7),
	NotSanctioned:        report.Int(0),
	LighterThanGuidance:  report.Int(0),
	DecisionsTotal:       report.Int(14),
}

var noCases = report.ZeroTolerance{
	ProvenDiscrimination: report.Int(0),
	Sanctioned:           report.Int(0),
	NotSanctioned:        report.Int(0),
	LighterThanGuidance:  report.Int(0),
	DecisionsTotal:       report.Int(14),
}

// tableCount is the number of tables in a report.
func tableCount(r report.Report) int {
	n := 0
	for _, s := range r.Sections {
		n += len(s.Tables)
	}
	return n
}

// bigReport has 8 sections of 5 tables of 8 rows each (40 tables), for the benchmark.
func bigReport() report.Report {
	s := newSample(flagged)
	r := s.Report
	r.Sections = nil
	for i := range 8 {
		sec := report.Section{ID: fmt.Sprintf("s%d", i), TitleNL: fmt.Sprintf("Hoofdstuk %d", i+1), IntroNL: "Inleiding."}
		for j := range 5 {
			t := report.Table{ID: fmt.Sprintf("t%d-%d", i, j), TitleNL: fmt.Sprintf("Tabel %d.%d", i+1, j+1), UnitNL: "meldingen", Total: report.Int(400)}
			for k := range 8 {
				row := report.Row{Code: fmt.Sprint(k), LabelNL: fmt.Sprintf("Categorie %d", k+1)}
				if k%3 != 2 {
					row.Count = report.Int(10 + 7*k + j)
				}
				t.Rows = append(t.Rows, row)
			}
			sec.Tables = append(sec.Tables, t)
		}
		sec.Figures = []report.Figure{{ID: "duur", LabelNL: "Duur", N: report.Int(40), Value: report.Float(12.3), P90: report.Float(40.1), UnitNL: "dagen"}}
		r.Sections = append(r.Sections, sec)
	}
	return r
}
