package report

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"
)

// CSVHeader names the columns of WriteCSV.
var CSVHeader = []string{"jaar", "onderdeel", "tabel", "code", "omschrijving", "aantal", "waarde", "p90", "eenheid", "onderdrukt"}

// WriteCSV writes the report as one long table (semicolon-separated, for Dutch spreadsheets):
// every table row with its count, every total (code "TOTAAL"), every figure with its N and
// value. A suppressed count is empty with "ja" in the last column — never its value.
func WriteCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	year := strconv.Itoa(r.Year)
	count := func(n *int) (string, string) {
		if n == nil {
			return "", "ja"
		}
		return strconv.Itoa(*n), "nee"
	}
	num := func(f *float64, unit string) string {
		if f == nil {
			return ""
		}
		if unit == "dagen" { // handling times are whole days
			return strconv.FormatFloat(math.Round(*f), 'f', 0, 64)
		}
		return strconv.FormatFloat(*f, 'f', 1, 64)
	}
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, s := range r.Sections {
		for _, t := range s.Tables {
			for _, row := range t.Rows {
				c, sup := count(row.Count)
				if err := cw.Write([]string{year, s.TitleNL, t.TitleNL, row.Code, row.LabelNL, c, "", "", t.UnitNL, sup}); err != nil {
					return err
				}
			}
			c, sup := count(t.Total)
			if err := cw.Write([]string{year, s.TitleNL, t.TitleNL, "TOTAAL", "Totaal", c, "", "", t.UnitNL, sup}); err != nil {
				return err
			}
		}
		for _, f := range s.Figures {
			c, sup := count(f.N)
			if err := cw.Write([]string{year, s.TitleNL, f.LabelNL, f.ID, f.LabelNL, c, num(f.Value, f.UnitNL), num(f.P90, f.UnitNL), f.UnitNL, sup}); err != nil {
				return err
			}
		}
	}
	zt := r.ZeroTolerance
	for _, z := range []struct {
		code, label string
		n           *int
	}{
		{"proven_discrimination", "Bewezen discriminatie (zaken)", zt.ProvenDiscrimination},
		{"sanctioned", "Waarvan gesanctioneerd", zt.Sanctioned},
		{"not_sanctioned", "Waarvan niet gesanctioneerd", zt.NotSanctioned},
		{"decisions", "Sanctiebesluiten", zt.DecisionsTotal},
		{"lighter_than_guidance", "Lichter dan het sanctiebeleid aanbeveelt", zt.LighterThanGuidance},
		{"heavier_than_guidance", "Zwaarder dan het sanctiebeleid aanbeveelt", zt.HeavierThanGuidance},
	} {
		c, sup := count(z.n)
		if err := cw.Write([]string{year, "Nultolerantie", "Nultolerantie", z.code, z.label, c, "", "", "zaken", sup}); err != nil {
			return err
		}
	}
	flag := "nee"
	if zt.Flagged {
		flag = "ja"
	}
	if err := cw.Write([]string{year, "Nultolerantie", "Nultolerantie", "flagged", "Niet elke bewezen discriminatie gesanctioneerd", "", flag, "", "", "nee"}); err != nil {
		return err
	}
	for _, y := range r.Years {
		for _, v := range []struct {
			code string
			n    *int
		}{{"reports", y.Reports}, {"conversations", y.Conversations}, {"investigations", y.Investigations}, {"sanctions", y.Sanctions}} {
			c, sup := count(v.n)
			if err := cw.Write([]string{strconv.Itoa(y.Year), "Vergelijking met eerdere jaren", "Totalen per jaar", v.code, v.code, c, "", "", "", sup}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the report as indented JSON (suppressed counts are null).
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
