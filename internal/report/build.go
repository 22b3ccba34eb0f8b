package report

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/utrecht/meldpunt/internal/catalogue"
	"github.com/utrecht/meldpunt/internal/taxonomy"
)

// The report names the codes it counts by the catalogue's Dutch names, the same as the staff
// pages; the order of each kind is the catalogue's.
var (
	channelsNL    = names(catalogue.Channel)
	anonymityNL   = names(catalogue.Anonymity)
	adviserKindNL = names(catalogue.AdviserKind)
	weighingNL    = names(catalogue.Weighing)
	findingsNL    = names(catalogue.Finding)
	sanctionsNL   = names(catalogue.Sanction)
	outcomesNL    = names(catalogue.Outcome)
)

// Headings of the report that are not names of codes.
var (
	stagesNL = []codeLabel{
		{"acknowledgement", "Van melding tot ontvangstbevestiging"}, {"weighing", "Van signaal bij de werkgever tot weging"},
		{"fact_finding", "Van start feitenonderzoek tot afronding"}, {"closure", "Van melding tot afronding"},
	}
	deadlinesNL = []codeLabel{
		{"acknowledgement", "Ontvangstbevestiging binnen 7 dagen"}, {"feedback", "Terugkoppeling binnen 3 maanden"},
		{"weighing", "Weging binnen de termijn"},
	}
)

type codeLabel struct{ code, label string }

// names are the codes of a kind with their Dutch names, in the catalogue's order.
func names(kind catalogue.Kind) []codeLabel {
	var out []codeLabel
	for _, e := range catalogue.Entries(kind) {
		out = append(out, codeLabel{e.Code, e.Names.NL})
	}
	return out
}

func taxonomyLabels(items []taxonomy.Item) []codeLabel {
	out := make([]codeLabel, len(items))
	for i, it := range items {
		out[i] = codeLabel{it.Code, it.LabelNL}
	}
	return out
}

// table builds a partition from counts: every known code in order (zeros included, so that
// the table looks the same every year), then any other code that occurs.
func table(id, title, unit string, labels []codeLabel, counts map[string]int, total int, emptyLabel string) Table {
	t := Table{ID: id, TitleNL: title, UnitNL: unit, Total: Int(total)}
	seen := map[string]bool{}
	for _, cl := range labels {
		seen[cl.code] = true
		t.Rows = append(t.Rows, Row{Code: cl.code, LabelNL: cl.label, Count: Int(counts[cl.code])})
	}
	var extra []string
	for code := range counts {
		if !seen[code] {
			extra = append(extra, code)
		}
	}
	sort.Strings(extra)
	for _, code := range extra {
		label := code
		if code == "" {
			label = emptyLabel
		}
		t.Rows = append(t.Rows, Row{Code: code, LabelNL: label, Count: Int(counts[code])})
	}
	return t
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// units lists the top-level units as labels, by name: every directorate of the register
// (with or without cases) and any other that occurs in the counts.
func units(directorates []string, counts ...map[string]int) []codeLabel {
	var names []string
	for _, d := range directorates {
		if d != "" && !slices.Contains(names, d) {
			names = append(names, d)
		}
	}
	for _, m := range counts {
		for k := range m {
			if k != "" && !slices.Contains(names, k) {
				names = append(names, k)
			}
		}
	}
	sort.Strings(names)
	out := make([]codeLabel, len(names))
	for i, n := range names {
		out[i] = codeLabel{n, n}
	}
	return out
}

// MinDurationN is the smallest number of items a handling-time figure (median, 90th
// percentile) is published over.
const MinDurationN = 10

// Build turns one year's raw counts and the earlier years' totals into the report, with every
// count below threshold — and every count that would give one away — suppressed.
func Build(raw Raw, years []YearRaw, threshold int, organisation string, now time.Time) Report {
	r, _ := BuildEdition(raw, years, threshold, organisation, now, Known{})
	return r
}

// build is Build without the disclosure control.
func build(raw Raw, years []YearRaw, threshold int, organisation string, now time.Time) Report {
	r := Report{Year: raw.Year, Organisation: organisation, GeneratedAt: now.UTC(), Threshold: threshold}
	unitLabels := units(raw.Directorates, raw.ReportsByUnit, raw.InvestigationsByUnit)
	const noUnit = "Niet (nog) bij een organisatieonderdeel"

	reports := Section{ID: "meldingen", TitleNL: "Meldingen",
		IntroNL: "Alle meldingen en signalen die in het jaar binnenkwamen, via het webformulier, een vertrouwenspersoon, een leidinggevende of HR."}
	reports.Tables = []Table{
		table("reports.channel", "Meldingen per kanaal", "meldingen", channelsNL, raw.ReportsByChannel, raw.Reports, "Onbekend"),
		table("reports.category", "Meldingen per soort", "meldingen", taxonomyLabels(taxonomy.Categories()), raw.ReportsByCategory, raw.Reports, "Onbekend"),
		table("reports.anonymity", "Meldingen naar keuze voor anonimiteit", "meldingen", anonymityNL, raw.ReportsByAnonymity, raw.Reports, "Onbekend"),
		table("reports.unit", "Meldingen per organisatieonderdeel", "meldingen", unitLabels, raw.ReportsByUnit, raw.Reports, noUnit),
		table("reports.grounds", "Discriminatiegronden genoemd in meldingen (een melding kan meer gronden noemen)", "keer genoemd",
			taxonomyLabels(taxonomy.Grounds()), raw.GroundMentions, sum(raw.GroundMentions), "Onbekend"),
	}
	advisers := Section{ID: "vertrouwenspersonen", TitleNL: "Vertrouwenspersonen",
		IntroNL: "Gesprekken van vertrouwenspersonen met medewerkers. Wat er besproken is, staat niet in dit verslag."}
	advisers.Tables = []Table{
		table("conversations.kind", "Gesprekken met een vertrouwenspersoon", "gesprekken", adviserKindNL, raw.Conversations, sum(raw.Conversations), "Onbekend"),
		table("reporters.kind", "Medewerkers die een vertrouwenspersoon spraken", "medewerkers", adviserKindNL, raw.ReportersInConversation, sum(raw.ReportersInConversation), "Onbekend"),
	}
	followUp := Section{ID: "opvolging", TitleNL: "Weging en onderzoek",
		IntroNL: "Signalen die de werkgever bereikten, de weging door de leidinggevende en de feitenonderzoeken met het Standby Team Integriteit."}
	followUp.Figures = []Figure{{ID: "escalations", LabelNL: "Signalen die de werkgever bereikten", N: Int(raw.Escalations), UnitNL: "signalen"}}
	followUp.Tables = []Table{
		table("weighings.outcome", "Wegingen naar uitkomst", "wegingen", weighingNL, raw.WeighingsByOutcome, sum(raw.WeighingsByOutcome), "Onbekend"),
		table("investigations.unit", "Feitenonderzoeken per organisatieonderdeel", "onderzoeken", unitLabels, raw.InvestigationsByUnit, raw.Investigations, noUnit),
		table("findings.result", "Bevindingen per onderzocht verwijt", "verwijten", findingsNL, raw.FindingsByResult, sum(raw.FindingsByResult), "Onbekend"),
	}
	outcomes := Section{ID: "uitkomsten", TitleNL: "Sancties en uitkomsten",
		IntroNL: "Sancties die in het jaar zijn opgelegd en de uitkomst van de zaken die in het jaar zijn afgerond."}
	outcomes.Tables = []Table{
		table("sanctions.type", "Opgelegde sancties", "besluiten", sanctionsNL, raw.SanctionsByType, raw.Decisions, "Overig"),
		table("outcomes", "Afgeronde zaken naar uitkomst", "zaken", outcomesNL, raw.OutcomesByOutcome, sum(raw.OutcomesByOutcome), "Onbekend"),
	}
	times := Section{ID: "doorlooptijden", TitleNL: "Doorlooptijden en termijnen",
		IntroNL: "Hoe lang de stappen duurden (mediaan en 90e percentiel, in dagen) en hoe vaak de wettelijke en eigen termijnen werden gehaald."}
	for _, st := range stagesNL {
		d := raw.Durations[st.code]
		f := Figure{ID: "duration." + st.code, LabelNL: st.label, N: Int(d.N), UnitNL: "dagen"}
		// Over fewer than MinDurationN items a median or a 90th percentile is (nearly) one
		// person's case — the 90th percentile of 9 is the longest — so it is not published.
		// Published ones are whole days: a fraction of a day says when someone acted.
		if d.N >= MinDurationN {
			f.Value, f.P90 = Float(math.Round(d.Median)), Float(math.Round(d.P90))
		}
		times.Figures = append(times.Figures, f)
	}
	for _, dl := range deadlinesNL {
		c := raw.Deadlines[dl.code]
		times.Tables = append(times.Tables, table("deadline."+dl.code, dl.label, "termijnen",
			[]codeLabel{{"met", "Op tijd"}, {"missed", "Te laat of niet"}}, map[string]int{"met": c.Met, "missed": c.Due - c.Met}, c.Due, ""))
	}
	escrow := Section{ID: "niet-alleen", TitleNL: "Niet alleen",
		IntroNL: "Medewerkers die een persoon noemden om pas samen met een ander verder te gaan: de vermeldingen, hoe vaak iemand anders dezelfde persoon noemde, en hoe vaak een melder daarna verder ging. Wie genoemd werd, staat nergens."}
	escrow.Figures = []Figure{
		{ID: "escrow.made", LabelNL: "Vermeldingen gedaan", N: Int(raw.EscrowMade), UnitNL: "vermeldingen"},
		{ID: "escrow.matched", LabelNL: "Vermeldingen met een overeenkomst", N: Int(raw.EscrowMatched), UnitNL: "vermeldingen"},
		{ID: "escrow.accepted", LabelNL: "Overeenkomsten waarmee de melder verder ging", N: Int(raw.EscrowAccepted), UnitNL: "vermeldingen"},
	}
	r.Sections = []Section{reports, advisers, followUp, outcomes, times, escrow}
	r.ZeroTolerance = ZeroTolerance{
		ProvenDiscrimination: Int(raw.ProvenDiscrimination), Sanctioned: Int(raw.ProvenDiscriminationSanctioned),
		NotSanctioned:       Int(raw.ProvenDiscrimination - raw.ProvenDiscriminationSanctioned),
		Flagged:             raw.ProvenDiscriminationSanctioned < raw.ProvenDiscrimination,
		LighterThanGuidance: Int(raw.Lighter), HeavierThanGuidance: Int(raw.Heavier), DecisionsTotal: Int(raw.Decisions),
	}
	for _, y := range years {
		r.Years = append(r.Years, YearTotals{Year: y.Year, Reports: Int(y.Reports), Conversations: Int(y.Conversations),
			Investigations: Int(y.Investigations), Sanctions: Int(y.Sanctions)})
	}
	return r
}

// MinBandN is the smallest number of deadlines a share band is given for.
const MinBandN = 10

// shareBand says what share of a deadline table's deadlines was met, in a broad band, for a
// reader who cannot see the exact counts (small organisations: "< 5" of 66 met, "afgeschermd"
// late). It is derived only from what the protected table publishes — its total, its published
// rows, and for a suppressed row whether it is small (0 to threshold−1) or protecting another
// (at least the threshold, a fact the disclosure control assumes the reader knows). Every
// reader can compute the same interval for the number met, so the band tells nothing that is
// not already in the table: it cannot narrow a hidden count, however the bands are cut. The
// bands are wide anyway (whole tens of percents at best), and none is given under MinBandN
// deadlines or when the total is suppressed.
func shareBand(t Table, threshold int) string {
	if t.Total == nil || *t.Total < MinBandN || len(t.Rows) != 2 {
		return ""
	}
	total := *t.Total
	bounds := func(r Row) (int, int) {
		switch {
		case r.Count != nil:
			return *r.Count, *r.Count
		case r.Small:
			return 0, min(threshold-1, total)
		default:
			return min(threshold, total), total
		}
	}
	metLo, metHi := bounds(t.Rows[0])
	missedLo, missedHi := bounds(t.Rows[1])
	metLo, metHi = max(metLo, total-missedHi), min(metHi, total-missedLo)
	switch {
	case metLo == total:
		return "alle"
	case metHi == 0:
		return "geen"
	case 10*metLo >= 9*total:
		return "vrijwel alle (90 % of meer)"
	case 2*metLo >= total && 10*metHi < 9*total:
		return "de meeste (50 tot 90 %)"
	case 2*metLo >= total:
		return "de helft of meer"
	case 2*metHi < total:
		return "minder dan de helft"
	default:
		return "niet te zeggen zonder kleine aantallen te verraden"
	}
}

// addShareBands gives every deadline table of a protected report its share band.
func addShareBands(r *Report) {
	for si := range r.Sections {
		for ti := range r.Sections[si].Tables {
			t := &r.Sections[si].Tables[ti]
			if strings.HasPrefix(t.ID, "deadline.") {
				t.ShareBandNL = shareBand(*t, r.Threshold)
			}
		}
	}
}
