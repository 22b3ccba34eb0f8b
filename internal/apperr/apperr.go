// Package apperr defines Meldpunt's typed domain errors. Domain code returns them (wrapped with
// %w as it likes); the transport maps them once to gRPC codes, and so through the gateway to
// HTTP statuses. Anything that is not an *Error is an internal error: the client gets a generic
// message and the details go to the log with the request id only.
//
// Messages of these errors are shown to clients, so they must never contain case content,
// names, receipt codes or tokens.
package apperr

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind classifies an error for the client.
type Kind int

// The kinds, each mapped to one gRPC code.
const (
	KindInvalid            Kind = iota + 1 // bad input: InvalidArgument / 400
	KindNotFound                           // NotFound / 404
	KindConflict                           // AlreadyExists / 409
	KindFailedPrecondition                 // not allowed in the current state: FailedPrecondition / 400
	KindAborted                            // concurrent change, retry: Aborted / 409
	KindUnauthenticated                    // Unauthenticated / 401
	KindForbidden                          // PermissionDenied / 403
	KindRateLimited                        // ResourceExhausted / 429
	KindUnavailable                        // a dependency (the database) is briefly out: Unavailable / 503, retry
)

// String names the kind ("not_found"), for logs and metrics that must not carry the message.
func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindNotFound:
		return "not_found"
	case KindConflict:
		return "conflict"
	case KindFailedPrecondition:
		return "failed_precondition"
	case KindAborted:
		return "aborted"
	case KindUnauthenticated:
		return "unauthenticated"
	case KindForbidden:
		return "forbidden"
	case KindRateLimited:
		return "rate_limited"
	}
	return "unknown"
}

// Error is a domain error a client may see.
type Error struct {
	Kind    Kind
	Field   string // for KindInvalid: the offending request field, in proto name form
	Message string
	// Reason is the refusal's stable reason (ReasonOf gives the kind's general one when unset):
	// the API sends it as google.rpc.ErrorInfo, so that a client can say it in its reader's
	// language instead of showing Message, which is English.
	Reason Reason
	// RetryAfter, for KindRateLimited: how long the client should wait before trying again
	// (sent as Retry-After, and as gRPC RetryInfo).
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Because sets the error's stable reason.
func (e *Error) Because(r Reason) *Error {
	e.Reason = r
	return e
}

// Is makes errors.Is(err, apperr.NotFound("")) style matches by kind possible.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && (t.Message == "" || t.Message == e.Message)
}

// Invalid reports bad input in one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound reports that something does not exist (or is not visible to the caller).
func NotFound(format string, args ...any) *Error {
	return &Error{Kind: KindNotFound, Message: fmt.Sprintf(format, args...)}
}

// Conflict reports that the thing exists already.
func Conflict(format string, args ...any) *Error {
	return &Error{Kind: KindConflict, Message: fmt.Sprintf(format, args...)}
}

// FailedPrecondition reports a command that the current state does not allow.
func FailedPrecondition(format string, args ...any) *Error {
	return &Error{Kind: KindFailedPrecondition, Message: fmt.Sprintf(format, args...)}
}

// Aborted reports a concurrent change; the client may retry after re-reading.
func Aborted(format string, args ...any) *Error {
	return &Error{Kind: KindAborted, Message: fmt.Sprintf(format, args...)}
}

// Unauthenticated reports missing or bad credentials.
func Unauthenticated(format string, args ...any) *Error {
	return &Error{Kind: KindUnauthenticated, Message: fmt.Sprintf(format, args...)}
}

// Forbidden reports that the caller may not do this.
func Forbidden(format string, args ...any) *Error {
	return &Error{Kind: KindForbidden, Message: fmt.Sprintf(format, args...)}
}

// RateLimited reports too many attempts.
func RateLimited(format string, args ...any) *Error {
	return &Error{Kind: KindRateLimited, Message: fmt.Sprintf(format, args...)}
}

// RateLimitedFor reports too many attempts; the client may try again after wait.
func RateLimitedFor(wait time.Duration, format string, args ...any) *Error {
	return &Error{Kind: KindRateLimited, Message: fmt.Sprintf(format, args...), RetryAfter: wait}
}

// Seconds is d rounded up to whole seconds, at least one: what Retry-After says, so that a
// client that waits as told is not refused again for a fraction of a second.
func Seconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// Unavailable reports that the service cannot answer now (its database is unreachable or full);
// the same request may succeed in a few seconds.
func Unavailable(format string, args ...any) *Error {
	return &Error{Kind: KindUnavailable, Message: fmt.Sprintf(format, args...)}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Violation is one invalid field of a request with several, such as one row of an import file.
type Violation struct {
	Field   string // the request field, with the row's place: "employees_csv.line[12].unit_code"
	Message string // why, in English
	// Reason is the violation's stable reason (INVALID_FIELD when unset), sent as the field
	// violation's reason: a client says it in its reader's language.
	Reason Reason
	// Value is what the reason's sentence names, where that helps the reader find the fault
	// (an unknown unit code, the line a value repeats, a missing column); never report content
	// or personal data beyond the codes and numbers the uploader gave.
	Value string
}

// ValueKey is the key, in the metadata of the answer's ErrorInfo, of the Value of its i-th (from
// 0) field violation: a field violation has no metadata of its own.
func ValueKey(i int) string { return "value_" + strconv.Itoa(i) }

// MaxViolations is how many violations an answer lists; the error's message counts the rest.
const MaxViolations = 100

// Invalids is the refusal of a request for the violations (at least one) it lists, each with its
// own reason and value, answered as InvalidArgument like Violations.
func Invalids(vs ...Violation) error { return violationList(vs) }

type violationList []Violation

func (l violationList) Error() string {
	msgs := make([]string, len(l))
	for i, v := range l {
		msgs[i] = v.Field + ": " + v.Message
	}
	return strings.Join(msgs, "; ")
}

func (l violationList) Violations() []Violation { return l }

// Violations is implemented by errors that name several invalid fields at once (an import that
// refuses a file for its rows). The API answers them as InvalidArgument with one field
// violation each, up to MaxViolations, like any other invalid request.
type Violations interface {
	error
	Violations() []Violation
}

// Reason is a stable, machine-readable reason for a refusal, in UPPER_SNAKE_CASE as
// google.rpc.ErrorInfo prescribes. A reason is never renamed or reused for something else:
// clients key their own sentences on it. The field a refusal is about travels beside it (the
// ErrorInfo's "field" metadata and a BadRequest field violation).
type Reason string

// Domain is the ErrorInfo domain of Meldpunt's reasons.
const Domain = "meldpunt"

// The general reasons, one per kind: what a refusal without a reason of its own says.
const (
	ReasonInvalidField     Reason = "INVALID_FIELD"     // a field is missing or wrong
	ReasonNotFound         Reason = "NOT_FOUND"         // it does not exist, or the caller may not see it
	ReasonAlreadyExists    Reason = "ALREADY_EXISTS"    // it was done or made before
	ReasonNotAllowedNow    Reason = "NOT_ALLOWED_NOW"   // the case's (or thing's) state does not allow it
	ReasonChangedMeanwhile Reason = "CHANGED_MEANWHILE" // somebody else changed it: read it again
	ReasonUnauthenticated  Reason = "UNAUTHENTICATED"   // signed out, or the code or token is wrong
	ReasonForbidden        Reason = "FORBIDDEN"         // the caller's role does not allow it
	ReasonRateLimited      Reason = "RATE_LIMITED"      // too many attempts: wait
	ReasonUnavailable      Reason = "UNAVAILABLE"       // briefly out: try again in a moment
)

// The reasons of particular refusals, where the general one would not tell the reader what to do.
const (
	// The sanction decision.
	ReasonSanctionOutsideAllowed Reason = "SANCTION_OUTSIDE_ALLOWED" // zero tolerance allows only some sanctions
	ReasonMotivationRequired     Reason = "MOTIVATION_REQUIRED"      // lighter than recommended: motivate it
	ReasonNoSanctionAllowed      Reason = "NO_SANCTION_ALLOWED"      // nothing proven: close instead
	ReasonAssessmentMissing      Reason = "ASSESSMENT_MISSING"       // record the assessment first
	ReasonFactsKnownAtOutOfRange Reason = "FACTS_KNOWN_AT_OUT_OF_RANGE"
	ReasonSanctionDecided        Reason = "SANCTION_DECIDED" // the case has its sanction decision
	ReasonNotAccountableManager  Reason = "NOT_ACCOUNTABLE_MANAGER"
	ReasonCaseStatus             Reason = "CASE_STATUS" // the case's status does not allow it
	// The reporter's case.
	ReasonCaseClosed      Reason = "CASE_CLOSED"      // the case is closed: nothing can be added
	ReasonNotifyAnonymous Reason = "NOTIFY_ANONYMOUS" // no e-mail address for an anonymous report
)

// The reasons of an import file's problems (field violations of an import request; Value says
// what the violation's "value" is).
const (
	// The file as a whole.
	ReasonFileNotUTF8         Reason = "FILE_NOT_UTF8"         // not UTF-8 text (or UTF-16)
	ReasonFileEmpty           Reason = "FILE_EMPTY"            // no header and no rows
	ReasonFileUnreadable      Reason = "FILE_UNREADABLE"       // the header cannot be read (quotes)
	ReasonColumnMissing       Reason = "COLUMN_MISSING"        // value: the column the header lacks
	ReasonColumnUnknown       Reason = "COLUMN_UNKNOWN"        // value: the column the header should not have
	ReasonColumnRepeated      Reason = "COLUMN_REPEATED"       // value: the column the header has twice
	ReasonColumnsOtherFile    Reason = "COLUMNS_OTHER_FILE"    // the header is the other file's
	ReasonColumnsNotSeparated Reason = "COLUMNS_NOT_SEPARATED" // the header is one column: no commas or semicolons
	// A row.
	ReasonRowUnreadable            Reason = "ROW_UNREADABLE"             // a quote is not closed, or the like
	ReasonRowColumnCount           Reason = "ROW_COLUMN_COUNT"           // value: how many columns the header has
	ReasonValueRequired            Reason = "VALUE_REQUIRED"             // the cell is empty
	ReasonValueTooLong             Reason = "VALUE_TOO_LONG"             // value: the most characters
	ReasonValueNotText             Reason = "VALUE_NOT_TEXT"             // not UTF-8, or a NUL character
	ReasonValueMalformed           Reason = "VALUE_MALFORMED"            // not of the form the column needs
	ReasonValueNotNumber           Reason = "VALUE_NOT_NUMBER"           // the year is not a number
	ReasonValueOutOfRange          Reason = "VALUE_OUT_OF_RANGE"         // value: the range, "1990–2026"
	ReasonValueNotAllowed          Reason = "VALUE_NOT_ALLOWED"          // value: the code that is not one of the column's
	ReasonTooManyValues            Reason = "TOO_MANY_VALUES"            // value: the most values in the list
	ReasonNotAnEmail               Reason = "NOT_AN_EMAIL"               // the e-mail address is not one (not repeated: personal data)
	ReasonRepeatsLine              Reason = "REPEATS_LINE"               // value: the line that has the same key
	ReasonUnknownUnit              Reason = "UNKNOWN_UNIT"               // value: the unit code nobody has
	ReasonUnknownEmployee          Reason = "UNKNOWN_EMPLOYEE"           // value: the personnel number nobody has
	ReasonOwnParent                Reason = "OWN_PARENT"                 // a unit is its own parent
	ReasonUnitLoop                 Reason = "UNIT_LOOP"                  // value: the loop of unit codes, "A → B → A"
	ReasonSubjectHeld              Reason = "SUBJECT_HELD"               // value: the employee in the database who has the sign-in
	ReasonNotProvenSanction        Reason = "NOT_PROVEN_SANCTION"        // a precedent without proven facts has no sanction
	ReasonGroundsNotDiscrimination Reason = "GROUNDS_NOT_DISCRIMINATION" // grounds only with category DISCRIMINATION
	// The file as a whole, once more.
	ReasonFileTooManyRows Reason = "FILE_TOO_MANY_ROWS" // value: the most rows one file may have
	ReasonLineTooLong     Reason = "LINE_TOO_LONG"      // value: the line that is longer than 1 MiB
	ReasonFormatUnknown   Reason = "FORMAT_UNKNOWN"     // the format is neither jsonl nor csv
)

// The reasons of a rule set document's problems (field violations of field "document"; value:
// the norm or circumstance id, with the severity where the problem is one of its guidance).
const (
	ReasonRuleSetMalformed        Reason = "RULESET_MALFORMED"         // not a rule set in JSON (or data after it)
	ReasonRuleSetVersion          Reason = "RULESET_VERSION"           // the version is empty or not an identifier
	ReasonRuleSetEffectiveDate    Reason = "RULESET_EFFECTIVE_DATE"    // effective_date is not YYYY-MM-DD
	ReasonRuleSetRepetition       Reason = "RULESET_REPETITION"        // value: the most steps; the repetition values are out of range
	ReasonRuleSetIDMissing        Reason = "RULESET_ID_MISSING"        // value: the place of the norm or circumstance, "#3"
	ReasonRuleSetIDRepeated       Reason = "RULESET_ID_REPEATED"       // value: the id given twice
	ReasonRuleSetIDMalformed      Reason = "RULESET_ID_MALFORMED"      // an id is not an identifier
	ReasonRuleSetKind             Reason = "RULESET_CIRCUMSTANCE_KIND" // value: the circumstance; neither aggravating nor mitigating
	ReasonRuleSetSteps            Reason = "RULESET_STEPS"             // value: the circumstance; steps out of range
	ReasonRuleSetZTMitigating     Reason = "RULESET_ZT_MITIGATING"     // value: the circumstance; zero_tolerance_mitigating on an aggravating one
	ReasonRuleSetTextMissing      Reason = "RULESET_TEXT_MISSING"      // value: the norm or circumstance without its texts
	ReasonRuleSetNoNorms          Reason = "RULESET_NO_NORMS"          // the rule set has no norms
	ReasonRuleSetNoCategories     Reason = "RULESET_NO_CATEGORIES"     // value: the norm without categories
	ReasonRuleSetSourceKind       Reason = "RULESET_SOURCE_KIND"       // value: the norm; source kind neither QUOTED nor PARAPHRASE
	ReasonRuleSetSeverityUnknown  Reason = "RULESET_SEVERITY_UNKNOWN"  // value: the norm; guidance for an unknown severity
	ReasonRuleSetGuidanceMissing  Reason = "RULESET_GUIDANCE_MISSING"  // value: the norm and severity without guidance
	ReasonRuleSetAllowedEmpty     Reason = "RULESET_ALLOWED_EMPTY"     // value: the norm and severity; no allowed sanctions
	ReasonRuleSetSanctionUnknown  Reason = "RULESET_SANCTION_UNKNOWN"  // value: the norm and severity; an unknown sanction
	ReasonRuleSetSanctionRepeated Reason = "RULESET_SANCTION_REPEATED" // value: the norm, severity and sanction listed twice
	ReasonRuleSetZTSanction       Reason = "RULESET_ZT_SANCTION"       // value: the norm, severity and sanction zero tolerance does not permit
	ReasonRuleSetRecommended      Reason = "RULESET_RECOMMENDED"       // value: the norm and severity; recommended unknown or not allowed
	ReasonRuleSetZTRecommended    Reason = "RULESET_ZT_RECOMMENDED"    // value: the norm and severity; zero tolerance must recommend dismissal
)

// RuleSetReasons are the reasons of a rule set document's problems.
func RuleSetReasons() []Reason {
	return []Reason{ReasonRuleSetMalformed, ReasonRuleSetVersion, ReasonRuleSetEffectiveDate, ReasonRuleSetRepetition,
		ReasonRuleSetIDMissing, ReasonRuleSetIDRepeated, ReasonRuleSetIDMalformed, ReasonRuleSetKind, ReasonRuleSetSteps,
		ReasonRuleSetZTMitigating, ReasonRuleSetTextMissing, ReasonRuleSetNoNorms, ReasonRuleSetNoCategories,
		ReasonRuleSetSourceKind, ReasonRuleSetSeverityUnknown, ReasonRuleSetGuidanceMissing, ReasonRuleSetAllowedEmpty,
		ReasonRuleSetSanctionUnknown, ReasonRuleSetSanctionRepeated, ReasonRuleSetZTSanction, ReasonRuleSetRecommended,
		ReasonRuleSetZTRecommended}
}

// ImportReasons are the reasons of an import file's problems.
func ImportReasons() []Reason {
	return []Reason{ReasonFileNotUTF8, ReasonFileEmpty, ReasonFileUnreadable, ReasonColumnMissing, ReasonColumnUnknown,
		ReasonColumnRepeated, ReasonColumnsOtherFile, ReasonColumnsNotSeparated, ReasonRowUnreadable, ReasonRowColumnCount,
		ReasonValueRequired, ReasonValueTooLong, ReasonValueNotText, ReasonValueMalformed, ReasonValueNotNumber,
		ReasonValueOutOfRange, ReasonValueNotAllowed, ReasonTooManyValues, ReasonNotAnEmail, ReasonRepeatsLine,
		ReasonUnknownUnit, ReasonUnknownEmployee, ReasonOwnParent, ReasonUnitLoop, ReasonSubjectHeld,
		ReasonNotProvenSanction, ReasonGroundsNotDiscrimination, ReasonFileTooManyRows, ReasonLineTooLong, ReasonFormatUnknown}
}

// Reasons are every reason the services give, general ones first.
func Reasons() []Reason {
	return []Reason{ReasonInvalidField, ReasonNotFound, ReasonAlreadyExists, ReasonNotAllowedNow, ReasonChangedMeanwhile,
		ReasonUnauthenticated, ReasonForbidden, ReasonRateLimited, ReasonUnavailable,
		ReasonSanctionOutsideAllowed, ReasonMotivationRequired, ReasonNoSanctionAllowed, ReasonAssessmentMissing,
		ReasonFactsKnownAtOutOfRange, ReasonSanctionDecided, ReasonNotAccountableManager, ReasonCaseStatus,
		ReasonCaseClosed, ReasonNotifyAnonymous}
}

// AllReasons are Reasons and ImportReasons.
func AllReasons() []Reason { return append(append(Reasons(), ImportReasons()...), RuleSetReasons()...) }

// FieldReasons are the reasons a field violation can have besides INVALID_FIELD: those of an
// import file and of a rule set document.
func FieldReasons() []Reason { return append(ImportReasons(), RuleSetReasons()...) }

// ReporterReasons are the reasons a reporter's own requests can get; the reporter pages say each
// in all of their languages.
func ReporterReasons() []Reason {
	return []Reason{ReasonInvalidField, ReasonNotFound, ReasonAlreadyExists, ReasonNotAllowedNow, ReasonChangedMeanwhile,
		ReasonUnauthenticated, ReasonForbidden, ReasonRateLimited, ReasonUnavailable, ReasonCaseClosed, ReasonNotifyAnonymous}
}

// kindReasons are the general reasons of the kinds.
var kindReasons = map[Kind]Reason{
	KindInvalid: ReasonInvalidField, KindNotFound: ReasonNotFound, KindConflict: ReasonAlreadyExists,
	KindFailedPrecondition: ReasonNotAllowedNow, KindAborted: ReasonChangedMeanwhile, KindUnauthenticated: ReasonUnauthenticated,
	KindForbidden: ReasonForbidden, KindRateLimited: ReasonRateLimited, KindUnavailable: ReasonUnavailable,
}

// ReasonOf is the error's reason: its own, or its kind's general one.
func (e *Error) ReasonOf() Reason {
	if e.Reason != "" {
		return e.Reason
	}
	return kindReasons[e.Kind]
}

// Meaning says what a reason means, in English, for the API's documentation.
func (r Reason) Meaning() string { return meanings[r] }

var meanings = map[Reason]string{
	ReasonInvalidField:     "A field is missing or wrong; `field` in the metadata, and the BadRequest, name it.",
	ReasonNotFound:         "It does not exist, or the caller may not see it.",
	ReasonAlreadyExists:    "It was done or made before.",
	ReasonNotAllowedNow:    "The state of the case (or of the thing) does not allow it now.",
	ReasonChangedMeanwhile: "Somebody else changed it meanwhile: read it again, then retry.",
	ReasonUnauthenticated:  "Not signed in, or the code or token is wrong (sent without details).",
	ReasonForbidden:        "The caller's role does not allow it.",
	ReasonRateLimited:      "Too many attempts: wait as RetryInfo and Retry-After say.",
	ReasonUnavailable:      "Briefly unavailable: try again after Retry-After.",

	ReasonSanctionOutsideAllowed: "Zero tolerance (proven discrimination) allows only some sanctions; choose one of them.",
	ReasonMotivationRequired:     "A sanction lighter than the recommended one needs a written motivation.",
	ReasonNoSanctionAllowed:      "Nothing is proven, so no sanction may be imposed: close the case instead.",
	ReasonAssessmentMissing:      "Record the case's assessment before deciding the sanction.",
	ReasonFactsKnownAtOutOfRange: "The day the facts became known is before the report or in the future.",
	ReasonSanctionDecided:        "The case has its sanction decision already.",
	ReasonNotAccountableManager:  "Only the case's accountable manager can do this.",
	ReasonCaseStatus:             "The case's status does not allow this.",
	ReasonCaseClosed:             "The case is closed: nothing can be added to it.",
	ReasonNotifyAnonymous:        "No e-mail address is kept for an anonymous report.",

	ReasonFileNotUTF8:              "The file is not UTF-8 text (or holds a NUL character).",
	ReasonFileEmpty:                "The file is empty: it needs a header row and rows.",
	ReasonFileUnreadable:           "The header row cannot be read (quotes).",
	ReasonColumnMissing:            "The header lacks a column; value: the columns missing.",
	ReasonColumnUnknown:            "The header has a column the file may not have; value: those columns.",
	ReasonColumnRepeated:           "The header has a column more than once; value: those columns.",
	ReasonColumnsOtherFile:         "The header is that of the other file (units for employees or the other way round).",
	ReasonColumnsNotSeparated:      "The header is one column: the columns are not separated by commas or semicolons.",
	ReasonRowUnreadable:            "The row cannot be read (a quote not closed; not JSON).",
	ReasonRowColumnCount:           "The row has another number of values than the header has columns; value: the header's number.",
	ReasonValueRequired:            "The value is missing.",
	ReasonValueTooLong:             "The value is too long; value: the most characters.",
	ReasonValueNotText:             "The value is not valid text (not UTF-8, or a NUL character).",
	ReasonValueMalformed:           "The value does not have the form the field needs.",
	ReasonValueNotNumber:           "The value is not a number.",
	ReasonValueOutOfRange:          "The value is out of range; value: the range.",
	ReasonValueNotAllowed:          "The code is not one the field allows; value: the code, when it has the form of one.",
	ReasonTooManyValues:            "The list has too many values; value: the most.",
	ReasonNotAnEmail:               "The e-mail address is not one (not repeated: it is personal data).",
	ReasonRepeatsLine:              "The same key is on an earlier line; value: that line.",
	ReasonUnknownUnit:              "No unit has this code, in the file or the database; value: the code.",
	ReasonUnknownEmployee:          "No employee has this personnel number, in the file or the database; value: the number.",
	ReasonOwnParent:                "A unit is its own parent.",
	ReasonUnitLoop:                 "The parent codes make a loop; value: the loop, such as `A → B → A`.",
	ReasonSubjectHeld:              "The staff sign-in belongs to an employee in the database who is not in the file; value: that employee's number.",
	ReasonNotProvenSanction:        "A precedent whose facts were not proven has no sanction.",
	ReasonGroundsNotDiscrimination: "Discrimination grounds belong only to category DISCRIMINATION.",
	ReasonFileTooManyRows:          "The file has too many rows: split it; value: the most.",
	ReasonLineTooLong:              "A line of the file is longer than 1 MiB; value: that line.",
	ReasonFormatUnknown:            "The format is neither `jsonl` nor `csv`.",

	ReasonRuleSetMalformed:        "The rule set document is not a rule set in JSON (or has data after it).",
	ReasonRuleSetVersion:          "The version is empty or not an identifier.",
	ReasonRuleSetEffectiveDate:    "`effective_date` is not a YYYY-MM-DD date.",
	ReasonRuleSetRepetition:       "The repetition values are negative or too large; value: the most steps.",
	ReasonRuleSetIDMissing:        "A norm or circumstance has no id; value: its place, such as `norm #3`.",
	ReasonRuleSetIDRepeated:       "An id is given twice; value: the id.",
	ReasonRuleSetIDMalformed:      "An id is not an identifier (spaces, or characters an address cannot carry).",
	ReasonRuleSetKind:             "A circumstance is neither AGGRAVATING nor MITIGATING; value: the circumstance.",
	ReasonRuleSetSteps:            "A circumstance's steps are out of range; value: the circumstance and the most steps.",
	ReasonRuleSetZTMitigating:     "`zero_tolerance_mitigating` on a circumstance that is not mitigating; value: the circumstance.",
	ReasonRuleSetTextMissing:      "A norm lacks `text_nl` or `summary_en`, or a circumstance `description_en`; value: which.",
	ReasonRuleSetNoNorms:          "The rule set has no norms.",
	ReasonRuleSetNoCategories:     "A norm has no categories; value: the norm.",
	ReasonRuleSetSourceKind:       "A norm's source kind is neither QUOTED nor PARAPHRASE; value: the norm.",
	ReasonRuleSetSeverityUnknown:  "A norm has guidance for an unknown severity; value: the norm.",
	ReasonRuleSetGuidanceMissing:  "A norm has no guidance for a severity; value: the norm and severity.",
	ReasonRuleSetAllowedEmpty:     "A norm's guidance allows no sanctions; value: the norm and severity.",
	ReasonRuleSetSanctionUnknown:  "A norm's guidance lists an unknown sanction; value: the norm and severity.",
	ReasonRuleSetSanctionRepeated: "A norm's guidance lists a sanction twice; value: the norm, severity and sanction.",
	ReasonRuleSetZTSanction:       "A zero-tolerance norm allows a sanction zero tolerance does not permit; value: the norm, severity and sanction.",
	ReasonRuleSetRecommended:      "The recommended sanction is unknown or not among the allowed ones; value: the norm and severity.",
	ReasonRuleSetZTRecommended:    "A zero-tolerance norm must recommend dismissal; value: the norm and severity.",
}
