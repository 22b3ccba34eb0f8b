// Package notify tells staff by e-mail that something waits for them in Meldpunt — never what
// (domain.md §11). A notification is written to an outbox (the store's notifications table) in
// the same transaction as the event that causes it: a case assigned or escalated to the person, a
// reporter's message on their case, an investigation they were added to, a precedent draft
// returned to them. The Job, which runs in every `meldpunt serve` replica, claims due messages
// (PostgreSQL: FOR UPDATE SKIP LOCKED, so replicas never claim the same one; SQLite: one writer),
// leases them, sends them over SMTP (STARTTLS and AUTH) and marks them sent; a failure is
// retried with exponential backoff and, after the last attempt, kept as failed for the
// administrator to see (Status). Every message has a Message-ID fixed when it is queued, so a
// resend after a crash between handing over and marking sent is the same message to the mail
// system, which drops the duplicate.
//
// An e-mail carries no content: not the category, names, text or receipt code; only "Er staat
// iets voor u klaar in Meldpunt", the link to the workspace and — when the administrator allows
// it (--notify-case-reference) — the case reference.
//
// Without SMTP configured (--smtp-host empty) nothing is queued at all: a notification that can
// never be sent would only pile up, and would be sent in a burst, stale, once SMTP is
// configured. The administrator's status then says "not configured".
//
// Each person chooses IMMEDIATE (an e-mail per event, and the daily digest), DIGEST (only the
// daily e-mail with the number of their deadlines due within 7 days or overdue, when there are
// any) or OFF; without a choice their role's default applies (DefaultMode). The digest goes to
// those who signed in to the staff pages at least once (their roles are known from then).
package notify

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Kind is what a notification is about.
type Kind string

// The kinds of notification.
const (
	KindCaseAssigned       Kind = "CASE_ASSIGNED"
	KindCaseEscalated      Kind = "CASE_ESCALATED"
	KindReporterMessage    Kind = "REPORTER_MESSAGE"
	KindInvestigationAdded Kind = "INVESTIGATION_ADDED"
	KindDraftReturned      Kind = "DRAFT_RETURNED"
	KindDigest             Kind = "DIGEST"
	// KindReporterReply tells a reporter who left an address that there is a reply on their
	// case (a staff message, the acknowledgement): nothing more.
	KindReporterReply Kind = "REPORTER_REPLY"
)

// Mode is how a person wants to be told.
type Mode string

// The modes.
const (
	ModeImmediate Mode = "IMMEDIATE"
	ModeDigest    Mode = "DIGEST"
	ModeOff       Mode = "OFF"
)

// ParseMode reads a mode ("immediate", "digest", "off", any case).
func ParseMode(s string) (Mode, error) {
	m := Mode(strings.ToUpper(strings.TrimSpace(s)))
	if m == ModeImmediate || m == ModeDigest || m == ModeOff {
		return m, nil
	}
	return "", fmt.Errorf("notification mode must be immediate, digest or off")
}

// DefaultMode is the mode of a person who has not chosen, by their roles (as the identity
// provider gave them at the latest sign-in): those who handle cases — intake, advisers,
// managers, the integrity team — are told at once; anyone else gets the daily digest.
func DefaultMode(roles []string) Mode {
	for _, r := range roles {
		if slices.Contains([]string{"intake", "adviser", "manager", "integrity_team"}, strings.ToLower(r)) {
			return ModeImmediate
		}
	}
	return ModeDigest
}

// Person is a member of staff as the digest sees them: their roles of the latest sign-in.
type Person struct {
	Subject string
	Roles   []string
}

// Outgoing is a claimed message ready to send.
type Outgoing struct {
	ID            string
	Kind          Kind
	CaseReference string // "" when none
	Count         int    // a digest's number of deadlines
	MessageID     string // "<...@...>"
	Attempts      int    // including this one
	To            string // the recipient's address; "" when the register has none
	// Lang is a reporter's language ("nl", "en", other or "": Dutch and English).
	Lang string
}

// Status is what the administrator sees of the outbox: counts and the kinds of the latest
// failures, no content and no addresses.
type Status struct {
	Configured bool
	Pending    int // queued or being retried
	Failed     int // given up
	Sent       int // in the last 24 hours
	LastErrors []Failure
}

// Failure is one message's latest failure.
type Failure struct {
	At       time.Time
	Kind     Kind
	Attempts int
	Error    string
	GaveUp   bool
}

// ErrNotConfigured is returned by operations that need SMTP when it is not configured.
var ErrNotConfigured = errors.New("e-mail notifications are not configured (--smtp-host)")
