package staffweb

import (
	"regexp"
	"slices"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/utrecht/meldpunt/internal/apperr"
	codenames "github.com/utrecht/meldpunt/internal/catalogue"
)

// refusalProblems says a service's refusal in lang, never in the service's English: the
// catalogue's sentence for its stable reason (google.rpc.ErrorInfo), after the name of each
// field it is about (ErrorInfo's "field", or the BadRequest's fields), linked to the field's
// control where the page has one. A refusal without a reason of ours (gRPC's own) says the
// general reason of its code.
func refusalProblems(lang string, err error) []problem {
	st, _ := status.FromError(err)
	var reason, field string
	var fields []string
	var meta map[string]string
	var rows []*errdetails.BadRequest_FieldViolation
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			if d.GetDomain() == apperr.Domain {
				reason, field, meta = d.GetReason(), d.GetMetadata()["field"], d.GetMetadata()
			}
		case *errdetails.BadRequest:
			rows = d.GetFieldViolations()
			for _, fv := range d.GetFieldViolations() {
				if !slices.Contains(fields, fv.GetField()) {
					fields = append(fields, fv.GetField())
				}
			}
		}
	}
	// The problems of an uploaded file, each by its own reason: the file, line and column, and
	// what is wrong there.
	if len(rows) > 0 && fileRowField.MatchString(rows[0].GetField()) || len(rows) > 0 && fileField.MatchString(rows[0].GetField()) {
		out := make([]problem, 0, len(rows))
		for i, fv := range rows {
			out = append(out, problem{Text: fieldLabel(lang, fv.GetField()) + ": " + violationSentence(lang, fv, meta[apperr.ValueKey(i)])})
		}
		return out
	}
	sentence, ok := codenames.Refusal(reason, lang)
	if !ok {
		sentence, _ = codenames.Refusal(string(codeReasons[st.Code()]), lang)
	}
	if len(fields) == 0 && field != "" {
		fields = []string{field}
	}
	// Each field once with the general sentence, or a violation with a reason of its own (a
	// precedent draft's field, a rule set's problem) with that reason's sentence and value.
	var out []problem
	add := func(f, say string) {
		p := problem{Field: controlIDs[f], Text: say}
		if label := fieldLabel(lang, f); label != f {
			p.Text = label + ": " + say
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	for i, fv := range rows {
		say := sentence
		if r := fv.GetReason(); r != "" && r != string(apperr.ReasonInvalidField) {
			if s, ok := codenames.ImportProblem(r, meta[apperr.ValueKey(i)], lang); ok {
				say = s
			}
		}
		add(fv.GetField(), say)
	}
	if len(rows) == 0 {
		for _, f := range fields {
			add(f, sentence)
		}
	}
	if len(out) == 0 {
		out = append(out, problem{Text: sentence})
	}
	return out
}

// codeReasons are the general reasons of the gRPC codes, for a refusal that has none of ours.
var codeReasons = map[codes.Code]apperr.Reason{
	codes.InvalidArgument: apperr.ReasonInvalidField, codes.OutOfRange: apperr.ReasonInvalidField,
	codes.NotFound: apperr.ReasonNotFound, codes.AlreadyExists: apperr.ReasonAlreadyExists,
	codes.FailedPrecondition: apperr.ReasonNotAllowedNow, codes.Aborted: apperr.ReasonChangedMeanwhile,
	codes.Unauthenticated: apperr.ReasonUnauthenticated, codes.PermissionDenied: apperr.ReasonForbidden,
	codes.ResourceExhausted: apperr.ReasonRateLimited, codes.Unavailable: apperr.ReasonUnavailable,
}

// controlIDs are the ids of the form controls of the request fields the services refuse, by
// the fields' proto names: the error summary links a refusal to its field. A field whose control
// differs per form (held_on) is not linked.
var controlIDs = map[string]string{
	"facts_known_at": "facts_known_at", "motivation": "motivation", "sanction": "sanction", "prior_violations": "prior_violations",
	"feedback": "feedback", "rationale": "rationale", "checklist.severity": "severity", "qualification": "qualification",
	"body": "body", "message": "ack-message", "notes": "notes", "topics": "topics", "advice": "advice", "text": "oral-text",
	"unit_code": "unit_code", "employee_number": "employee_number", "adviser_id": "adviser_id", "plan.scope": "scope", "team": "team",
	"norm_id": "norm_id", "severity": "al-severity", "description": "description", "interviewee": "interviewee", "minutes": "minutes",
	"role": "iv-role", "response": "response", "reason": "reason", "report.identity.name": "name", "category": "category",
}

// fileField is an uploaded file as a whole (its header or encoding).
var fileField = regexp.MustCompile(`^(units_csv|employees_csv)$`)

// violationSentence says a field violation's reason in lang, naming value where it has one; a
// reason the catalogue does not know says the general INVALID_FIELD.
func violationSentence(lang string, fv *errdetails.BadRequest_FieldViolation, value string) string {
	if s, ok := codenames.ImportProblem(fv.GetReason(), value, lang); ok {
		return s
	}
	s, _ := codenames.Refusal(string(apperr.ReasonInvalidField), lang)
	return s
}
