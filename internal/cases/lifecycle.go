package cases

import "github.com/utrecht/meldpunt/internal/apperr"

// transitions is the state machine of domain.md §5. Every state may also close (with an outcome).
var transitions = map[Status][]Status{
	StatusReceived:    {StatusInSupport, StatusWeighing},
	StatusInSupport:   {StatusWeighing},
	StatusWeighing:    {StatusFactFinding},
	StatusFactFinding: {StatusAssessment},
	StatusAssessment:  {StatusSanction},
	StatusSanction:    {},
}

// CanTransition reports whether the lifecycle allows from -> to.
func CanTransition(from, to Status) bool {
	if _, known := transitions[from]; !known {
		return false // CLOSED, or not a state at all
	}
	if to == StatusClosed {
		return true
	}
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// checkTransition returns a FailedPrecondition error naming both states when not allowed.
func checkTransition(from, to Status) error {
	if !CanTransition(from, to) {
		return apperr.FailedPrecondition("a case in status %s cannot move to %s", from, to).Because(apperr.ReasonCaseStatus)
	}
	return nil
}
