package html_test

import (
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/report"
)

// smallOrganisation is a year of a small organisation as the database counts it: 66 reports,
// all but 3 acknowledged in time, one directorate without reports, few weighings.
func smallOrganisation() report.Raw {
	return report.Raw{
		Year:               2026,
		Reports:            66,
		ReportsByChannel:   map[string]int{"WEB_FORM": 40, "INTERNAL_ADVISER": 26},
		ReportsByCategory:  map[string]int{"BULLYING": 30, "DISCRIMINATION": 36},
		ReportsByAnonymity: map[string]int{"ANONYMOUS": 30, "CONFIDENTIAL": 36},
		ReportsByUnit:      map[string]int{"Sociaal Domein": 66},
		Directorates:       []string{"Bedrijfsvoering", "Sociaal Domein"},
		Durations: map[string]report.Duration{
			"acknowledgement": {N: 66, Median: 1.26, P90: 5.5},
			"weighing":        {N: 9, Median: 12.123456, P90: 30.654321},
		},
		Deadlines: map[string]report.Compliance{"acknowledgement": {Due: 66, Met: 63}},
	}
}

// The page built from a protected report: "< 5" only for a count hidden for being small,
// "afgeschermd" for one hidden to protect it; a directorate without reports listed; handling
// times only over 10 or more cases and in whole days; the deadline share in a broad band.
func TestBuiltReportWording(t *testing.T) {
	r := report.Build(smallOrganisation(), nil, 5, "Gemeente", time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC))
	doc := parse(t, render(t, r))

	ack := tableByCaption(t, doc, "Ontvangstbevestiging binnen 7 dagen")
	got := []string{text(rowCell(t, ack, "Op tijd")), text(rowCell(t, ack, "Te laat of niet")), text(rowCell(t, ack, "Totaal"))}
	if strings.Join(got, "|") != "afgeschermd|< 5|66" {
		t.Errorf("deadline table: %q, want 63 hidden as afgeschermd (it is not small), 3 as < 5", got)
	}
	page := text(doc)
	if !strings.Contains(page, "Op tijd: vrijwel alle (90 % of meer).") {
		t.Errorf("no share band for 62 to 66 of 66 met in time")
	}

	units := tableByCaption(t, doc, "Meldingen per organisatieonderdeel")
	if got := text(rowCell(t, units, "Bedrijfsvoering")); got != "< 5" {
		t.Errorf("directorate without reports: %q, want a row with < 5", got)
	}
	if got := text(rowCell(t, units, "Totaal")); got != "afgeschermd" {
		t.Errorf("the total (66, hidden to protect Bedrijfsvoering): %q", got)
	}

	fig := tableByCaption(t, doc, "Kengetallen: Doorlooptijden en termijnen")
	if got := strings.Join(cellsText(rowOf(t, fig, "Van melding tot ontvangstbevestiging")), "|"); got != "1 dag|6 dagen|66" {
		t.Errorf("acknowledgement times: %q, want whole days", got)
	}
	if got := strings.Join(cellsText(rowOf(t, fig, "Van signaal bij de werkgever tot weging")), "|"); !strings.HasPrefix(got, "te weinig zaken|te weinig zaken|") {
		t.Errorf("weighing times over 9 cases shown: %q", got)
	}
	for _, leak := range []string{"12,1", "30,7", "31 dagen", "12 dagen"} {
		if strings.Contains(page, leak) {
			t.Errorf("page holds %q", leak)
		}
	}
}

// During the year the page gives the number of cases behind each handling time but not the
// time itself, and says it follows once the year is over.
func TestHandlingTimesFollowAfterTheYear(t *testing.T) {
	r := report.Build(smallOrganisation(), nil, 5, "Gemeente", time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	doc := parse(t, render(t, r))
	fig := tableByCaption(t, doc, "Kengetallen: Doorlooptijden en termijnen")
	want := report.HeldBackYearOpen + "|" + report.HeldBackYearOpen + "|66"
	if got := strings.Join(cellsText(rowOf(t, fig, "Van melding tot ontvangstbevestiging")), "|"); got != want {
		t.Errorf("acknowledgement times during the year: %q, want %q", got, want)
	}
}
