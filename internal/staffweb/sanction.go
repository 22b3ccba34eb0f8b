package staffweb

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	codenames "github.com/utrecht/meldpunt/internal/catalogue"
)

// The sanction page is a decision aid. It says first, in words, what the rules allow and
// recommend and why; beside it a short table of the comparable cases (year, sanction,
// similarity, how alike, how different), each case's text behind a disclosure; then the decision
// form. The rule set's codes (norm ids, rule ids, circumstance ids) never reach the page: they
// are named here from the catalogue and the rule set's own texts.

// ruleDoc is the part of a rule set document the sanction page names things from.
type ruleDoc struct {
	Norms []struct {
		ID        string `json:"id"`
		TextNL    string `json:"text_nl"`
		SummaryEN string `json:"summary_en"`
		Guidance  map[string]struct {
			Allowed     []string `json:"allowed"`
			Recommended string   `json:"recommended"`
		} `json:"guidance"`
	} `json:"norms"`
	Circumstances []circumstance `json:"circumstances"`
}

func parseRuleDoc(doc string) ruleDoc {
	var d ruleDoc
	_ = json.Unmarshal([]byte(doc), &d) // without the document the page names what it can
	return d
}

func (d ruleDoc) circumstance(id string) (circumstance, bool) {
	for _, c := range d.Circumstances {
		if c.ID == id {
			return c, true
		}
	}
	return circumstance{}, false
}

// normName names a norm for people: a category's norm by the category, a rule of the code of
// conduct by its number.
func normName(lang, id string) string {
	if code, ok := strings.CutPrefix(id, "CAT-"); ok {
		if name, ok := codenames.Lookup(codenames.Category, code, lang); ok {
			return fmt.Sprintf(tr(lang, "sanc_norm_category"), lowerFirst(name))
		}
	}
	if n, ok := strings.CutPrefix(id, "GC-"); ok {
		return fmt.Sprintf(tr(lang, "sanc_norm_code"), n)
	}
	return tr(lang, "sanc_norm_other")
}

// sanctionList names sanctions as a list in words: "A, B of C".
func sanctionList(lang string, codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = sanctionLabel(lang, c)
		if i > 0 {
			names[i] = lowerFirst(names[i])
		}
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + tr(lang, "word_or") + " " + names[len(names)-1]
}

// lowerFirst puts a name inside a sentence: "Laatste waarschuwing" → "laatste waarschuwing"
// (an abbreviation such as "HR" stays as it is).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || (len(s) > n && unicode.IsUpper(rune(s[n]))) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// explain puts the evaluation and the comparable cases in words for the page, and decides
// whether it offers the decision.
func (d *sanctionData) explain(v *view, doc ruleDoc) {
	d.Advice = adviceLines(v.Lang, d.Evaluation)
	d.Why = firedLines(v.Lang, d.Evaluation, doc)
	d.Precedents = precedentRows(v.Lang, d.Comparable.GetHits(), doc)
	for _, sc := range d.Comparable.GetSanctionDistribution() {
		d.MaxCount = max(d.MaxCount, sc.GetCount())
	}
	d.MayDecide = mayDecideSanction(*d)
}

// adviceLines say what the rules allow and recommend.
func adviceLines(lang string, ev *pb.SanctionEvaluation) []string {
	if ev.GetNoSanctionAllowed() {
		return []string{tr(lang, "sanc_none_allowed")}
	}
	var allowed []string
	for _, a := range ev.GetAllowed() {
		allowed = append(allowed, a.String())
	}
	out := []string{fmt.Sprintf(tr(lang, "sanc_advice_allowed"), sanctionList(lang, allowed))}
	if r := ev.GetRecommended(); r != pb.Sanction_SANCTION_UNSPECIFIED {
		out = append(out, fmt.Sprintf(tr(lang, "sanc_advice_recommended"), sanctionLabel(lang, r.String())))
	}
	if ev.GetZeroTolerance() {
		out = append(out, tr(lang, "sanc_advice_zero_tolerance"))
	}
	return out
}

// firedLines say in words why: one sentence per rule that fired, named from its id (the
// service's explanations are in English and full of codes).
func firedLines(lang string, ev *pb.SanctionEvaluation, doc ruleDoc) []string {
	var out []string
	for _, f := range ev.GetFired() {
		if s := firedLine(lang, ev, doc, f.GetId()); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func firedLine(lang string, ev *pb.SanctionEvaluation, doc ruleDoc, id string) string {
	kind, arg, _ := strings.Cut(id, ":")
	circ := func() string {
		if c, ok := doc.circumstance(arg); ok {
			return c.In(lang)
		}
		return tr(lang, "sanc_circumstance_unnamed")
	}
	switch kind {
	case "NOTHING_PROVEN":
		return tr(lang, "sanc_fired_nothing_proven")
	case "PARTLY_PROVEN":
		return fmt.Sprintf(tr(lang, "sanc_fired_partly"), normName(lang, arg))
	case "REPETITION_SEVERITY":
		return tr(lang, "sanc_fired_repetition_severity")
	case "GUIDANCE":
		norm, sev, _ := strings.Cut(arg, "/")
		line := fmt.Sprintf(tr(lang, "sanc_fired_guidance"), normName(lang, norm), lowerFirst(codeLabel(lang, codenames.Severity, sev)))
		for _, n := range doc.Norms {
			if g, ok := n.Guidance[sev]; ok && n.ID == norm {
				line += " " + fmt.Sprintf(tr(lang, "sanc_fired_guidance_says"), lowerFirst(sanctionList(lang, g.Allowed)), lowerFirst(sanctionLabel(lang, g.Recommended)))
			}
		}
		return line
	case "ZERO_TOLERANCE":
		return tr(lang, "sanc_fired_zero_tolerance")
	case "COMBINED_FINDINGS":
		return tr(lang, "sanc_fired_combined")
	case "AGGRAVATING":
		return fmt.Sprintf(tr(lang, "sanc_fired_aggravating"), circ())
	case "REPETITION":
		return tr(lang, "sanc_fired_repetition")
	case "MITIGATING":
		return fmt.Sprintf(tr(lang, "sanc_fired_mitigating"), circ())
	case "MITIGATING_NOT_APPLICABLE":
		return fmt.Sprintf(tr(lang, "sanc_fired_mitigating_na"), circ())
	case "ADJUSTED":
		return fmt.Sprintf(tr(lang, "sanc_fired_adjusted"), lowerFirst(sanctionLabel(lang, ev.GetRecommended().String())))
	}
	return tr(lang, "sanc_fired_other")
}

// precedentRow is one comparable case in the table.
type precedentRow struct {
	Year         int32
	Organisation string
	Sanction     string
	Score        int // per cent
	// AlikeIn and DiffersIn are the table's short words (what they share, where they differ);
	// Alike and Differs say it in full, beside the text.
	AlikeIn, DiffersIn []string
	Alike, Differs     []string
	Text               string
}

// precedentRows put the comparable cases in words.
func precedentRows(lang string, hits []*pb.PrecedentHit, doc ruleDoc) []precedentRow {
	out := make([]precedentRow, 0, len(hits))
	for _, h := range hits {
		p := h.GetPrecedent()
		row := precedentRow{Year: p.GetYear(), Organisation: p.GetSourceOrganisation(), Sanction: sanctionLabel(lang, p.GetSanction()),
			Score: int(h.GetScore()*100 + 0.5), Text: p.GetSummary()}
		for _, r := range h.GetReasons() {
			if s := alikeLine(lang, r, doc); s != "" {
				row.Alike = append(row.Alike, s)
				row.AlikeIn = append(row.AlikeIn, lookup(lang, "sanc_shared_"+r.GetKind(), ""))
			}
		}
		for _, d := range h.GetDifferences() {
			row.DiffersIn = append(row.DiffersIn, lookup(lang, "sanc_differ_"+d.GetKind(), tr(lang, "sanc_diff_other")))
			if lang == "nl" && d.GetText() != "" {
				row.Differs = append(row.Differs, d.GetText())
			} else {
				row.Differs = append(row.Differs, lookup(lang, "lib_diff_"+d.GetKind(), tr(lang, "sanc_diff_other")))
			}
		}
		out = append(out, row)
	}
	return out
}

// alikeLine says how a precedent is alike, naming the shared codes.
func alikeLine(lang string, r *pb.MatchReason, doc ruleDoc) string {
	var names []string
	var format string
	switch r.GetKind() {
	case "CATEGORY":
		format = tr(lang, "sanc_alike_category")
		for _, c := range r.GetCodes() {
			names = append(names, lowerFirst(codeLabel(lang, codenames.Category, c)))
		}
	case "NORMS":
		format = tr(lang, "sanc_alike_norms")
		for _, c := range r.GetCodes() {
			names = append(names, normName(lang, c))
		}
	case "GROUNDS":
		format = tr(lang, "sanc_alike_grounds")
		for _, c := range r.GetCodes() {
			names = append(names, lowerFirst(codeLabel(lang, codenames.Ground, c)))
		}
	case "CIRCUMSTANCES":
		format = tr(lang, "sanc_alike_circumstances")
		for _, c := range r.GetCodes() {
			if ci, ok := doc.circumstance(c); ok {
				names = append(names, lowerFirst(strings.TrimSuffix(ci.In(lang), ".")))
			}
		}
	case "TEXT":
		format = tr(lang, "sanc_alike_words")
		names = r.GetWords()
	default:
		return ""
	}
	s := fmt.Sprintf(format, strings.Join(names, ", "))
	if r.GetInferred() {
		s += " " + tr(lang, "sanc_alike_inferred")
	}
	return s
}
