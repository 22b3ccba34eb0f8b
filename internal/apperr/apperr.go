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
	Message string
}

// MaxViolations is how many violations an answer lists; the error's message counts the rest.
const MaxViolations = 100

// Violations is implemented by errors that name several invalid fields at once (an import that
// refuses a file for its rows). The API answers them as InvalidArgument with one field
// violation each, up to MaxViolations, like any other invalid request.
type Violations interface {
	error
	Violations() []Violation
}
