package sanctions

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// MinMotivationLength is the minimum length, in characters after trimming, of a written motivation.
const MinMotivationLength = 20

// Errors of Check; match with errors.Is, or errors.As with *CheckError for the details.
var (
	// ErrOutsideAllowed: zero tolerance applies and the sanction is not in the allowed set.
	ErrOutsideAllowed = errors.New("sanction outside the allowed set under zero tolerance")
	// ErrMotivationRequired: the sanction deviates from the guidance (lighter than recommended,
	// or outside the allowed set where that is permitted) and the motivation is missing or too short.
	ErrMotivationRequired = errors.New("written motivation required")
	// ErrNoSanctionAllowed: nothing is proven, so no sanction may be imposed.
	ErrNoSanctionAllowed = errors.New("no sanction allowed: nothing is proven")
	// ErrUnknownSanction: the chosen value is not a sanction.
	ErrUnknownSanction = errors.New("unknown sanction")
)

// CheckError is the error returned by Check.
type CheckError struct {
	Kind        error // one of the errors above
	Chosen      Sanction
	Recommended *Sanction
	Allowed     []Sanction
	Reason      string
}

func (e *CheckError) Error() string { return fmt.Sprintf("%v: %s", e.Kind, e.Reason) }

// Unwrap returns Kind.
func (e *CheckError) Unwrap() error { return e.Kind }

// Check validates a manager's sanction decision against the result:
//   - nothing proven: every sanction is refused (ErrNoSanctionAllowed);
//   - zero tolerance: a sanction outside Allowed is refused whatever the motivation (ErrOutsideAllowed);
//   - a sanction lighter than Recommended needs a motivation of at least MinMotivationLength
//     characters (ErrMotivationRequired);
//   - outside zero tolerance, a sanction outside Allowed is a deviation from the guidance and
//     likewise needs that motivation.
//
// Otherwise it returns nil.
func (r Result) Check(chosen Sanction, motivation string) error {
	e := &CheckError{Chosen: chosen, Recommended: r.Recommended, Allowed: slices.Clone(r.Allowed)}
	fail := func(kind error, format string, args ...any) error {
		e.Kind, e.Reason = kind, fmt.Sprintf(format, args...)
		return e
	}
	if !chosen.Valid() {
		return fail(ErrUnknownSanction, "%q", chosen)
	}
	if r.NoSanctionAllowed || r.Recommended == nil {
		return fail(ErrNoSanctionAllowed, "%s cannot be imposed without a proven finding", chosen)
	}
	inAllowed := slices.Contains(r.Allowed, chosen)
	if r.ZeroTolerance && !inAllowed {
		return fail(ErrOutsideAllowed, "%s is not allowed for a proven zero-tolerance norm; choose one of %s",
			chosen, joinSanctions(r.Allowed))
	}
	motivated := utf8.RuneCountInString(strings.TrimSpace(motivation)) >= MinMotivationLength
	if chosen.Weight() < r.Recommended.Weight() && !motivated {
		return fail(ErrMotivationRequired, "%s is lighter than the recommended %s; a written motivation of at least %d characters is required",
			chosen, *r.Recommended, MinMotivationLength)
	}
	if !inAllowed && !motivated {
		return fail(ErrMotivationRequired, "%s is outside the guidance's allowed set %s; a written motivation of at least %d characters is required",
			chosen, joinSanctions(r.Allowed), MinMotivationLength)
	}
	return nil
}
