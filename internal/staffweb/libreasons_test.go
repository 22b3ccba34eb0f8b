package staffweb_test

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/catalogue"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/rules"
	"github.com/utrecht/meldpunt/internal/sanctions"
	"github.com/utrecht/meldpunt/internal/staffweb"
	"github.com/utrecht/meldpunt/internal/transport"
)

// Each problem of a rule set document is said on the Dutch library page as "Document: " and a
// Dutch sentence of its own naming the norm or circumstance (and severity, sanction), never in
// the service's English.
func TestEachRuleSetProblemIsSaidInDutch(t *testing.T) {
	type doc = map[string]any
	norm := func(d doc, i int) doc { return d["norms"].([]any)[i].(doc) }
	circ := func(d doc, i int) doc { return d["circumstances"].([]any)[i].(doc) }
	low := func(d doc, i int) doc { return norm(d, i)["guidance"].(doc)["LOW"].(doc) }
	for _, c := range []struct {
		name   string
		edit   func(d doc)
		raw    string // instead of an edited default rule set
		reason apperr.Reason
		value  string
	}{
		{"not JSON", nil, "{nope", apperr.ReasonRuleSetMalformed, ""},
		{"no version", func(d doc) { d["version"] = "" }, "", apperr.ReasonRuleSetVersion, ""},
		{"bad date", func(d doc) { d["effective_date"] = "1 januari" }, "", apperr.ReasonRuleSetEffectiveDate, ""},
		{"negative repetition", func(d doc) { d["repetition"].(doc)["max_steps"] = -1 }, "", apperr.ReasonRuleSetRepetition, "5"},
		{"norm without id", func(d doc) { norm(d, 0)["id"] = "" }, "", apperr.ReasonRuleSetIDMissing, "#1"},
		{"norm id twice", func(d doc) { norm(d, 1)["id"] = "GC-1.1" }, "", apperr.ReasonRuleSetIDRepeated, "GC-1.1"},
		{"id with spaces", func(d doc) { circ(d, 0)["id"] = " X" }, "", apperr.ReasonRuleSetIDMalformed, ""},
		{"circumstance kind", func(d doc) { circ(d, 0)["kind"] = "NEUTRAL" }, "", apperr.ReasonRuleSetKind, "ABUSE_OF_POSITION"},
		{"circumstance steps", func(d doc) { circ(d, 0)["steps"] = 9 }, "", apperr.ReasonRuleSetSteps, "ABUSE_OF_POSITION (1–5)"},
		{"zero tolerance aggravating", func(d doc) { circ(d, 0)["zero_tolerance_mitigating"] = true }, "", apperr.ReasonRuleSetZTMitigating, "ABUSE_OF_POSITION"},
		{"no description", func(d doc) { circ(d, 0)["description_en"] = "" }, "", apperr.ReasonRuleSetTextMissing, "ABUSE_OF_POSITION description_en"},
		{"no norms", func(d doc) { d["norms"] = []any{} }, "", apperr.ReasonRuleSetNoNorms, ""},
		{"no categories", func(d doc) { norm(d, 0)["categories"] = []any{} }, "", apperr.ReasonRuleSetNoCategories, "GC-1.1"},
		{"source kind", func(d doc) { norm(d, 0)["source"].(doc)["kind"] = "COPIED" }, "", apperr.ReasonRuleSetSourceKind, "GC-1.1"},
		{"unknown severity", func(d doc) { norm(d, 0)["guidance"].(doc)["EXTREME"] = low(d, 0) }, "", apperr.ReasonRuleSetSeverityUnknown, "GC-1.1"},
		{"no guidance", func(d doc) { delete(norm(d, 0)["guidance"].(doc), "LOW") }, "", apperr.ReasonRuleSetGuidanceMissing, "GC-1.1 LOW"},
		{"nothing allowed", func(d doc) { low(d, 0)["allowed"] = []any{} }, "", apperr.ReasonRuleSetAllowedEmpty, "GC-1.1 LOW"},
		{"unknown sanction", func(d doc) { low(d, 0)["allowed"] = []any{"WRITTEN_WARNING", "PILLORY"} }, "", apperr.ReasonRuleSetSanctionUnknown, "GC-1.1 LOW"},
		{"sanction twice", func(d doc) { low(d, 0)["allowed"] = []any{"WRITTEN_WARNING", "WRITTEN_WARNING"} }, "", apperr.ReasonRuleSetSanctionRepeated, "GC-1.1 LOW WRITTEN_WARNING"},
		{"zero tolerance transfer", func(d doc) { low(d, 1)["allowed"] = append(low(d, 1)["allowed"].([]any), "TRANSFER") }, "", apperr.ReasonRuleSetZTSanction, "GC-1.2 LOW TRANSFER"},
		{"recommended not allowed", func(d doc) { low(d, 0)["recommended"] = "FINAL_WARNING" }, "", apperr.ReasonRuleSetRecommended, "GC-1.1 LOW"},
		{"zero tolerance recommends a warning", func(d doc) {
			low(d, 1)["allowed"], low(d, 1)["recommended"] = []any{"WRITTEN_WARNING", "SUMMARY_DISMISSAL"}, "WRITTEN_WARNING"
		}, "", apperr.ReasonRuleSetZTRecommended, "GC-1.2 LOW"},
	} {
		t.Run(c.name, func(t *testing.T) {
			document := []byte(c.raw)
			if c.edit != nil {
				var d doc
				if err := json.Unmarshal(sanctions.DefaultJSON(), &d); err != nil {
					t.Fatal(err)
				}
				c.edit(d)
				var err error
				if document, err = json.Marshal(d); err != nil {
					t.Fatal(err)
				}
			}
			_, err := rules.Check(document)
			if err == nil {
				t.Fatal("the rule set was not refused")
			}
			lines := staffweb.LibErrorLines("nl", transport.StatusOf(err).Err())
			want := wantLine(t, "Document", c.reason, c.value)
			if !hasLine(lines, want) {
				t.Errorf("the page says %q, want %q", lines, want)
			}
			noEnglish(t, lines, err)
		})
	}
}

// A precedent draft's bad field, and an import file refused as a whole (or its format), are said
// on the Dutch pages by the field's Dutch name and a Dutch sentence of their own.
func TestPrecedentDraftAndFileProblemsAreSaidInDutch(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	svc := precedents.New(nil, func() time.Time { return now })
	hr := precedents.Actor{Subject: "hr", HR: true}
	good := precedents.Record{ExternalID: "P-1", SourceOrganisation: "Gemeente Utrecht", Year: 2020, Language: "nl",
		Category: "DISCRIMINATION", Findings: "PROVEN", Sanction: "WRITTEN_WARNING", Summary: "Samenvatting"}
	draft := func(edit func(r *precedents.Record)) func() error {
		return func() error {
			r := good
			edit(&r)
			_, err := svc.Publish(r, "hr")
			return err
		}
	}
	imp := func(format, content string) func() error {
		return func() error {
			_, err := svc.Import(context.Background(), hr, format, strings.NewReader(content), nil)
			return err
		}
	}
	for _, c := range []struct {
		name   string
		do     func() error
		label  string
		reason apperr.Reason
		value  string
	}{
		{"draft year", draft(func(r *precedents.Record) { r.Year = 1980 }), "Jaar", apperr.ReasonValueOutOfRange, "1990–2026"},
		{"draft category", draft(func(r *precedents.Record) { r.Category = "GOSSIP" }), "Categorie", apperr.ReasonValueNotAllowed, "GOSSIP"},
		{"draft summary", draft(func(r *precedents.Record) { r.Summary = "" }), "Samenvatting", apperr.ReasonValueRequired, ""},
		{"draft sanction without proof", draft(func(r *precedents.Record) { r.Findings = "NOT_PROVEN" }), "Sanctie", apperr.ReasonNotProvenSanction, ""},
		{"too many lines", imp("jsonl", strings.Repeat("\n", 200_000)+"{}\n"), "Bestand", apperr.ReasonFileTooManyRows, "200000"},
		{"line longer than 1 MiB", imp("jsonl", "{\"summary\":\""+strings.Repeat("x", 1<<20)+"\"}\n"), "Bestand", apperr.ReasonLineTooLong, "1"},
		{"unknown format", imp("xml", "<precedents/>"), "Formaat", apperr.ReasonFormatUnknown, ""},
		{"empty CSV file", imp("csv", ""), "Bestand", apperr.ReasonFileEmpty, ""},
		{"export in an unknown format", func() error { _, err := svc.Export(context.Background(), hr, "xml", io.Discard); return err }, "Formaat", apperr.ReasonFormatUnknown, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.do()
			if err == nil {
				t.Fatal("not refused")
			}
			st := transport.StatusOf(err).Err()
			want := wantLine(t, c.label, c.reason, c.value)
			lines := staffweb.LibErrorLines("nl", st)
			if !hasLine(lines, want) {
				t.Errorf("the library page says %q, want %q", lines, want)
			}
			noEnglish(t, lines, err)
			// The refusal as the other staff pages say it (the case page's draft, the refusal page).
			texts := staffweb.RefusalTexts("nl", st)
			sentence := strings.TrimPrefix(want, c.label+": ")
			found := false
			for _, l := range texts {
				found = found || strings.HasSuffix(l, sentence)
			}
			if !found {
				t.Errorf("the refusal page says %q, want %q", texts, sentence)
			}
			noEnglish(t, texts, err)
		})
	}
}

func hasLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

// Every rule set reason and every import reason has a sentence of its own in Dutch and English.
func TestRuleSetAndFileReasonsHaveSentences(t *testing.T) {
	for _, r := range apperr.FieldReasons() {
		for _, lang := range []string{"nl", "en"} {
			s, ok := catalogue.Refusal(string(r), lang)
			general, _ := catalogue.Refusal(string(apperr.ReasonInvalidField), lang)
			if !ok || s == "" || s == general {
				t.Errorf("%s: no sentence of its own in %s", r, lang)
			}
		}
	}
}
