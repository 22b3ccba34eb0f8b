package staffweb

import (
	"cmp"
	"fmt"
	"html/template"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	codenames "github.com/utrecht/meldpunt/internal/catalogue"
	"github.com/utrecht/meldpunt/internal/web"
)

var amsterdam = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return loc
	}
	return time.UTC
}()

// funcsFor are the templates' functions in a language: the labels of codes in that language.
func funcsFor(lang string) template.FuncMap {
	f := template.FuncMap{
		"stylesheets": func() []string { return append(web.Stylesheets(), mustStatic("staff.css")) },
		"favicon":     web.FaviconURL,
		"logo":        func() string { return "" }, // New sets it from Config.Logo
		"static":      mustStatic,
		"date": func(ts *timestamppb.Timestamp) string {
			if ts == nil {
				return ""
			}
			return ts.AsTime().In(amsterdam).Format("02-01-2006")
		},
		"datetime": func(ts *timestamppb.Timestamp) string {
			if ts == nil {
				return ""
			}
			return ts.AsTime().In(amsterdam).Format("02-01-2006 15:04")
		},
		"status":    func(s pb.CaseStatus) string { return statusLabel(lang, s) },
		"category":  func(c pb.Category) string { return categoryLabel(lang, c) },
		"anonymity": func(a pb.Anonymity) string { return anonymityLabel(lang, a) },
		"channel":   func(c pb.Channel) string { return channelLabel(lang, c) },
		"deadline":  func(kind string) string { return deadlineLabel(lang, kind) },
		"consent":   func(p pb.ConsentPurpose) string { return consentLabel(lang, p) },
		"sanction":  func(s string) string { return sanctionLabel(lang, s) },
		"finding":   func(f string) string { return findingLabel(lang, f) },
		"outcome":   func(o string) string { return outcomeLabel(lang, o) },
		"role":      func(r string) string { return roleLabel(lang, r) },
		"ground":    func(g pb.DiscriminationGround) string { return groundLabel(lang, g) },
		"severity":  func(s pb.Severity) string { return severityLabel(lang, s) },
		"weighing":  func(w pb.WeighingOutcome) string { return weighingLabel(lang, w) },
		"name":      func(kind, code string) string { return codeLabel(lang, codenames.Kind(kind), code) },
		"trim":      func(prefix, s string) string { return strings.TrimPrefix(s, prefix) },
		"join":      strings.Join,
		"score":     func(f float64) string { return fmt.Sprintf("%.2f", f) },
		"statuses":  func() []pb.CaseStatus { return allStatuses },
		"sanctions": func() []pb.Sanction { return allSanctions },
		"enumName":  func(e fmt.Stringer) string { return e.String() },
		"daysLeft":  func(now time.Time, ts *timestamppb.Timestamp) string { return daysLeft(lang, now, ts) },
		"count":     count,
		"deref":     func(f *float64) float64 { return *f },
	}
	maps.Copy(f, libFuncs(lang))
	return f
}

func mustStatic(name string) string {
	u, err := web.StaticURL(name)
	if err != nil {
		panic(err)
	}
	return u
}

// allStatuses are the API's case statuses in lifecycle order (the filter of the case list): a
// new status shows there without an edit here.
var allStatuses = func() []pb.CaseStatus {
	var out []pb.CaseStatus
	values := pb.CaseStatus(0).Descriptor().Values()
	for i := range values.Len() {
		if n := values.Get(i).Number(); n != 0 {
			out = append(out, pb.CaseStatus(n))
		}
	}
	return out
}()

var allSanctions = []pb.Sanction{
	pb.Sanction_SANCTION_WRITTEN_WARNING, pb.Sanction_SANCTION_FINAL_WARNING, pb.Sanction_SANCTION_TRANSFER,
	pb.Sanction_SANCTION_TERMINATION_BY_COURT, pb.Sanction_SANCTION_SUMMARY_DISMISSAL,
}

// The labels of codes are the names of the catalogue of codes (internal/catalogue), the same
// names the reporter pages and the annual report use; a code the catalogue does not know is
// shown as it is, or as the fallback given.

func named(kind codenames.Kind, code, lang, fallback string) string {
	if s, ok := codenames.Lookup(kind, code, lang); ok {
		return s
	}
	return fallback
}

func roleLabel(lang, r string) string { return named(codenames.Role, r, lang, r) }

func statusLabel(lang string, s pb.CaseStatus) string {
	return named(codenames.Status, strings.TrimPrefix(s.String(), "CASE_STATUS_"), lang, tr(lang, "status_unknown"))
}

func categoryLabel(lang string, c pb.Category) string {
	return codeLabel(lang, codenames.Category, strings.TrimPrefix(c.String(), "CATEGORY_"))
}

// codeLabel names a code of a kind; one the catalogue does not know by its code.
func codeLabel(lang string, kind codenames.Kind, code string) string {
	return named(kind, code, lang, code)
}

func anonymityLabel(lang string, a pb.Anonymity) string {
	return named(codenames.Anonymity, strings.TrimPrefix(a.String(), "ANONYMITY_"), lang, "")
}

func channelLabel(lang string, c pb.Channel) string {
	return named(codenames.Channel, strings.TrimPrefix(c.String(), "CHANNEL_"), lang, "")
}

func deadlineLabel(lang, kind string) string { return named(codenames.Deadline, kind, lang, kind) }

func consentLabel(lang string, p pb.ConsentPurpose) string {
	return named(codenames.Consent, strings.TrimPrefix(p.String(), "CONSENT_PURPOSE_"), lang, "")
}

func sanctionLabel(lang, s string) string {
	code := strings.TrimPrefix(s, "SANCTION_")
	if code == "" || code == "NONE" { // no sanction: a precedent's "NONE", or none decided
		return tr(lang, "sanction_none")
	}
	return named(codenames.Sanction, code, lang, s)
}

func findingLabel(lang, f string) string {
	return named(codenames.Finding, strings.TrimPrefix(f, "FINDING_"), lang, tr(lang, "finding_unknown"))
}

func outcomeLabel(lang, o string) string { return named(codenames.Outcome, o, lang, o) }

func severityLabel(lang string, s pb.Severity) string {
	return named(codenames.Severity, strings.TrimPrefix(s.String(), "SEVERITY_"), lang, s.String())
}

func weighingLabel(lang string, w pb.WeighingOutcome) string {
	return named(codenames.Weighing, strings.TrimPrefix(w.String(), "WEIGHING_OUTCOME_"), lang, "")
}

// groundLabel names a discrimination ground by the catalogue; one it does not know by its code.
func groundLabel(lang string, g pb.DiscriminationGround) string {
	code := strings.TrimPrefix(g.String(), "DISCRIMINATION_GROUND_")
	return named(codenames.Ground, code, lang, strings.ToLower(strings.ReplaceAll(code, "_", " ")))
}

// fieldKeys name the request fields the services refuse, for the staff member.
var fieldKeys = map[string]string{
	"rationale": "field_rationale", "message": "field_message", "body": "field_message", "notes": "field_notes",
	"unit_code": "field_unit_code", "feedback": "field_feedback", "motivation": "field_motivation",
	"description": "field_description", "qualification": "field_qualification", "checklist.severity": "field_severity",
	"outcome": "field_outcome", "team": "field_team", "report.identity.name": "field_name", "plan.scope": "field_plan",
	"duration_minutes": "field_duration", "held_on": "field_held_on", "reasoning": "field_reasoning",
	"findings": "field_reasoning", "response": "field_response", "minutes": "field_minutes", "interviewee": "field_interviewee",
	"norm_id": "field_norm", "text": "field_text",
	"units_csv": "field_file_units_csv", "employees_csv": "field_file_employees_csv",
	"facts_known_at": "date_facts_known", "sanction": "libfield_sanction", "prior_violations": "sanc_prior", "circumstances": "sanc_circumstances",
}

// fieldLabel names a request field for the staff member.
func fieldLabel(lang, f string) string {
	if key, ok := fieldKeys[f]; ok {
		return tr(lang, key)
	}
	if strings.HasPrefix(f, "findings[") {
		return tr(lang, "field_findings_list")
	}
	// A row of an uploaded file: "employees_csv.line[3].unit_code" → "Medewerkers, regel 3 (unit_code)".
	if m := fileRowField.FindStringSubmatch(f); m != nil {
		out := fmt.Sprintf(tr(lang, "field_file_line"), tr(lang, fileKeys[m[1]]), m[2])
		if m[3] != "" {
			out += " (" + m[3] + ")"
		}
		return out
	}
	return f
}

// fileKeys name the organisation import's files (a precedent import's rows are named by
// libErrorLines).
var fileKeys = map[string]string{"units_csv": "field_file_units_csv", "employees_csv": "field_file_employees_csv"}

var fileRowField = regexp.MustCompile(`^(units_csv|employees_csv)\.line\[(\d+)\](?:\.(\w+))?$`)

// sortDeadlines puts overdue deadlines first, then by due date.
func sortDeadlines(items []*pb.DueItem) []*pb.DueItem {
	slices.SortStableFunc(items, func(a, b *pb.DueItem) int {
		ao, bo := a.GetDeadline().GetOverdue(), b.GetDeadline().GetOverdue()
		if ao != bo {
			if ao {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.GetDeadline().GetDueAt().AsTime().UnixNano(), b.GetDeadline().GetDueAt().AsTime().UnixNano())
	})
	return items
}

// daysLeft says how far off a due date is, in days, for a person.
func daysLeft(lang string, now time.Time, ts *timestamppb.Timestamp) string {
	if ts == nil {
		return ""
	}
	// Calendar days in Amsterdam, as people count them: due tomorrow at 09:00 is "tomorrow",
	// also at 17:00 today.
	due, today := calendarDay(ts.AsTime()), calendarDay(now)
	days := int(due.Sub(today).Hours() / 24)
	switch {
	case ts.AsTime().Before(now) && days == 0:
		return tr(lang, "days_overdue_today")
	case days == -1:
		return tr(lang, "days_overdue_one")
	case days < 0:
		return fmt.Sprintf(tr(lang, "days_overdue"), -days)
	case days == 0:
		return tr(lang, "days_today")
	case days == 1:
		return tr(lang, "days_tomorrow")
	}
	return fmt.Sprintf(tr(lang, "days_left"), days)
}

// calendarDay is the day of t in Amsterdam, as a UTC midnight (so that days subtract exactly,
// also across a change of summer time).
func calendarDay(t time.Time) time.Time {
	y, m, d := t.In(amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// jsonReport writes the report as the API's JSON (protojson, field names as in the API).
func jsonReport(r *pb.AnnualReport) ([]byte, error) {
	return protojson.MarshalOptions{Multiline: true, UseProtoNames: true}.Marshal(r)
}

// count shows a count of the report: the number, or that it was suppressed.
func count(n *int32) string {
	if n == nil {
		return "—"
	}
	return fmt.Sprint(*n)
}
