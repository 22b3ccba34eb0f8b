package staffweb

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/taxonomy"
	"github.com/utrecht/meldpunt/internal/web"
)

var amsterdam = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return loc
	}
	return time.UTC
}()

var funcs = template.FuncMap{
	"stylesheets": func() []string { return append(web.Stylesheets(), mustStatic("staff.css")) },
	"static":      web.StaticURL,
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
	"isodate": func(ts *timestamppb.Timestamp) string {
		if ts == nil {
			return ""
		}
		return ts.AsTime().In(amsterdam).Format("2006-01-02")
	},
	"status":    func(s pb.CaseStatus) string { return statusLabel(s) },
	"category":  func(c pb.Category) string { return categoryLabel(c) },
	"anonymity": anonymityLabel,
	"channel":   channelLabel,
	"deadline":  deadlineLabel,
	"consent":   consentLabel,
	"sanction":  sanctionLabel,
	"finding":   findingLabel,
	"outcome":   outcomeLabel,
	"role":      roleLabel,
	"ground":    groundLabel,
	"trim":      func(prefix, s string) string { return strings.TrimPrefix(s, prefix) },
	"join":      strings.Join,
	"percent":   func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	"score":     func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"add":       func(a, b int) int { return a + b },
	"statuses":  func() []pb.CaseStatus { return allStatuses },
	"sanctions": func() []pb.Sanction { return allSanctions },
	"contains":  slices.Contains[[]string],
	"enumName":  func(e fmt.Stringer) string { return e.String() },
	"daysLeft":  daysLeft,
	"count":     count,
	"deref":     func(f *float64) float64 { return *f },
}

func mustStatic(name string) string {
	u, err := web.StaticURL(name)
	if err != nil {
		panic(err)
	}
	return u
}

var allStatuses = []pb.CaseStatus{
	pb.CaseStatus_CASE_STATUS_RECEIVED, pb.CaseStatus_CASE_STATUS_IN_SUPPORT, pb.CaseStatus_CASE_STATUS_WEIGHING,
	pb.CaseStatus_CASE_STATUS_FACT_FINDING, pb.CaseStatus_CASE_STATUS_ASSESSMENT, pb.CaseStatus_CASE_STATUS_SANCTION,
	pb.CaseStatus_CASE_STATUS_CLOSED,
}

var allSanctions = []pb.Sanction{
	pb.Sanction_SANCTION_WRITTEN_WARNING, pb.Sanction_SANCTION_FINAL_WARNING, pb.Sanction_SANCTION_TRANSFER,
	pb.Sanction_SANCTION_TERMINATION_BY_COURT, pb.Sanction_SANCTION_SUMMARY_DISMISSAL,
}

func roleLabel(r string) string {
	switch r {
	case "intake":
		return "Intake"
	case "adviser":
		return "Vertrouwenspersoon"
	case "manager":
		return "Leidinggevende (IRM)"
	case "integrity_team":
		return "Standby Team Integriteit"
	case "hr":
		return "HR / integriteitscoördinator"
	case "admin":
		return "Beheerder"
	case "auditor":
		return "Auditor"
	}
	return r
}

func statusLabel(s pb.CaseStatus) string {
	switch s {
	case pb.CaseStatus_CASE_STATUS_RECEIVED:
		return "Ontvangen"
	case pb.CaseStatus_CASE_STATUS_IN_SUPPORT:
		return "In begeleiding"
	case pb.CaseStatus_CASE_STATUS_WEIGHING:
		return "Weging"
	case pb.CaseStatus_CASE_STATUS_FACT_FINDING:
		return "Feitenonderzoek"
	case pb.CaseStatus_CASE_STATUS_ASSESSMENT:
		return "Beoordeling"
	case pb.CaseStatus_CASE_STATUS_SANCTION:
		return "Sanctie"
	case pb.CaseStatus_CASE_STATUS_CLOSED:
		return "Afgesloten"
	}
	return "Onbekend"
}

func categoryLabel(c pb.Category) string {
	code := strings.TrimPrefix(c.String(), "CATEGORY_")
	if it, ok := taxonomy.Category(code); ok {
		return it.LabelNL
	}
	return code
}

func anonymityLabel(a pb.Anonymity) string {
	switch a {
	case pb.Anonymity_ANONYMITY_ANONYMOUS:
		return "Anoniem"
	case pb.Anonymity_ANONYMITY_CONFIDENTIAL:
		return "Vertrouwelijk"
	case pb.Anonymity_ANONYMITY_NAMED:
		return "Met naam"
	}
	return ""
}

func channelLabel(c pb.Channel) string {
	switch c {
	case pb.Channel_CHANNEL_WEB_FORM:
		return "Webformulier"
	case pb.Channel_CHANNEL_INTERNAL_ADVISER:
		return "Interne vertrouwenspersoon"
	case pb.Channel_CHANNEL_EXTERNAL_ADVISER:
		return "Externe vertrouwenspersoon"
	case pb.Channel_CHANNEL_MANAGER:
		return "Leidinggevende"
	case pb.Channel_CHANNEL_HR:
		return "HR"
	case pb.Channel_CHANNEL_EMPLOYEE_NETWORK:
		return "Medewerkersnetwerk"
	case pb.Channel_CHANNEL_EXTERNAL_COMPLAINT:
		return "Externe klacht"
	}
	return ""
}

func deadlineLabel(kind string) string {
	switch kind {
	case "acknowledgement":
		return "Ontvangstbevestiging"
	case "feedback":
		return "Terugkoppeling aan de melder"
	case "weighing":
		return "Weging van het signaal"
	}
	return kind
}

func consentLabel(p pb.ConsentPurpose) string {
	switch p {
	case pb.ConsentPurpose_CONSENT_PURPOSE_PASS_ON:
		return "Doorgeven aan de werkgever"
	case pb.ConsentPurpose_CONSENT_PURPOSE_FORMAL_REPORT:
		return "Formele melding"
	case pb.ConsentPurpose_CONSENT_PURPOSE_DISCLOSE_IDENTITY:
		return "Identiteit bekendmaken"
	}
	return ""
}

func sanctionLabel(s string) string {
	switch strings.TrimPrefix(s, "SANCTION_") {
	case "WRITTEN_WARNING":
		return "Schriftelijke waarschuwing"
	case "FINAL_WARNING":
		return "Laatste waarschuwing"
	case "TRANSFER":
		return "Overplaatsing"
	case "TERMINATION_BY_COURT":
		return "Opzegging via de kantonrechter"
	case "SUMMARY_DISMISSAL":
		return "Ontslag op staande voet"
	case "NONE", "":
		return "Geen sanctie"
	}
	return s
}

func findingLabel(f string) string {
	switch strings.TrimPrefix(f, "FINDING_") {
	case "PROVEN":
		return "Bewezen"
	case "PARTLY_PROVEN":
		return "Deels bewezen"
	case "NOT_PROVEN":
		return "Niet bewezen"
	}
	return "Nog niet vastgesteld"
}

func outcomeLabel(o string) string {
	switch o {
	case "RESOLVED_INFORMALLY":
		return "Informeel opgelost"
	case "MEDIATED":
		return "Bemiddeld"
	case "REFERRED":
		return "Doorverwezen"
	case "WITHDRAWN":
		return "Ingetrokken"
	case "NO_REASONABLE_SUSPICION":
		return "Geen redelijk vermoeden"
	case "PROVEN_WITH_SANCTION":
		return "Bewezen, met sanctie"
	case "PROVEN_WITHOUT_SANCTION":
		return "Bewezen, zonder sanctie"
	case "NOT_PROVEN":
		return "Niet bewezen"
	}
	return o
}

func groundLabel(g pb.DiscriminationGround) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(g.String(), "DISCRIMINATION_GROUND_"), "_", " "))
}

// fieldLabel names a request field for the staff member.
func fieldLabel(f string) string {
	switch f {
	case "rationale":
		return "Onderbouwing"
	case "message", "body":
		return "Bericht"
	case "notes":
		return "Aantekeningen"
	case "unit_code":
		return "Organisatieonderdeel"
	case "feedback":
		return "Terugkoppeling aan de melder"
	case "motivation":
		return "Motivering"
	case "description":
		return "Omschrijving"
	case "qualification":
		return "Kwalificatie"
	case "checklist.severity":
		return "Ernst"
	case "outcome":
		return "Uitkomst"
	case "team":
		return "Onderzoeksteam"
	case "report.identity.name":
		return "Naam"
	case "plan.scope":
		return "Onderzoeksplan"
	case "duration_minutes":
		return "Duur"
	case "held_on":
		return "Datum"
	case "reasoning", "findings":
		return "Onderbouwing van de bevindingen"
	case "response":
		return "Reactie"
	case "minutes":
		return "Verslag"
	case "interviewee":
		return "Geïnterviewde"
	case "norm_id":
		return "Norm"
	case "text":
		return "Verslag"
	}
	if strings.HasPrefix(f, "findings[") {
		return "Bevindingen"
	}
	return f
}

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
func daysLeft(now time.Time, ts *timestamppb.Timestamp) string {
	if ts == nil {
		return ""
	}
	d := ts.AsTime().Sub(now)
	days := int(d.Hours() / 24)
	switch {
	case d < 0 && -d < 24*time.Hour:
		return "sinds vandaag verlopen"
	case d < 0:
		return fmt.Sprintf("%d dagen te laat", -days)
	case days == 0:
		return "vandaag"
	case days == 1:
		return "morgen"
	}
	return fmt.Sprintf("over %d dagen", days)
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
