package audit

import (
	"errors"
	"time"

	"github.com/google/uuid"
)

// Refused access. A staff member's attempt to open a case that authorization refuses — by role
// (the server's table), because they do not handle the case, or because of a conflict of
// interest — is recorded in the trail, so that the auditor sees who tried. The caller's answer
// does not change (the same 404 for "no such case" and "not yours"); the event is written in its
// own transaction, as the refused call changes nothing to write it with.
//
// What is recorded: the actor, the case (its trail), what was refused (the RPC, and "pages"
// when the staff pages made the call) and the kind of reason — never content, and not the
// wording of the answer. A refusal for a reference no case has goes to the organisation trail
// (OrgTrailID, read as OrgTrailReference), with the reference: a reference is a random number,
// not content, and who probes which numbers is what the auditor needs to see.
//
// Floods are coalesced: at most one refusal event per actor and trail within RefusalWindow.
// A staff member probing references thus adds at most one event a minute to the organisation
// trail, and one a minute to each existing case they probe; the rest of the attempts are
// still counted in the access log (method, code, actor), which is not part of the trail.
const (
	ActionRefused = "case.access.refused"

	// The kinds of reason (the "reason=" field).
	RefusedRole        = "role"                 // the role may not call this at all
	RefusedNotAssigned = "not_assigned"         // the actor does not handle this case
	RefusedConflict    = "conflict_of_interest" // the actor is, or manages, a subject of the case
	RefusedUnknownCase = "unknown_case"         // no case has this reference

	// RefusalWindow is the window within which refusals by one actor on one trail are coalesced.
	RefusalWindow = time.Minute
)

// OrgTrailID is the trail of the organisation: events about no existing case, hash-chained and
// sealed like a case's trail. No case has this id (case ids are random, version 4).
var OrgTrailID = uuid.MustParse("00000000-0000-0000-0000-000000000001")

// OrgTrailReference is how the auditor asks for the organisation trail, in the place of a case
// reference. No case gets it (cases.newReference skips it).
const OrgTrailReference = "MP-00000000"

// Refusal is an error that refused a staff member access to a case: Err is what the caller is
// answered, unchanged (errors.As and errors.Is see through it); the rest is for the trail.
type Refusal struct {
	Err error
	// Subject is the staff member refused ("" when the caller is not known to the domain).
	Subject string
	// CaseID is the case refused; nil when it is not known yet (a refusal by role: the store
	// looks the reference up) or no case has the reference.
	CaseID *uuid.UUID
	// Ref is the case reference asked for ("" when the call named none).
	Ref    string
	Reason string
}

func (r *Refusal) Error() string { return r.Err.Error() }
func (r *Refusal) Unwrap() error { return r.Err }

// AsRefusal returns the refusal err is or wraps.
func AsRefusal(err error) (*Refusal, bool) {
	var r *Refusal
	if errors.As(err, &r) {
		return r, true
	}
	return nil, false
}

// RefusedEvent is the event of a refusal: refused names what was refused ("CaseService/GetCase"),
// via is "api" or "pages". The store sets the case (the case's trail, or the organisation's with
// the reference) before it writes the event.
func RefusedEvent(at time.Time, r *Refusal, refused, via, requestID string) Event {
	return Event{
		At: at.UTC(), Actor: Staff(r.Subject), Action: ActionRefused, CaseID: r.CaseID,
		Fields: []string{"refused=" + refused, "reason=" + r.Reason, "via=" + via}, RequestID: requestID,
	}
}
