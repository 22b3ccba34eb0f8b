package cases

import (
	"fmt"
	"time"
)

// Policy holds the configurable deadlines (domain.md §6). The defaults follow the Dutch
// Whistleblowers Protection Act and EU directive 2019/1937.
type Policy struct {
	AcknowledgeWithin time.Duration // default 7 days
	FeedbackMonths    int           // default 3, counted from the acknowledgement
}

// DefaultPolicy returns the legal defaults.
func DefaultPolicy() Policy {
	return Policy{AcknowledgeWithin: 7 * 24 * time.Hour, FeedbackMonths: 3}
}

// Validate rejects nonsensical settings.
func (p Policy) Validate() error {
	if p.AcknowledgeWithin <= 0 {
		return fmt.Errorf("acknowledgement deadline must be positive, got %s", p.AcknowledgeWithin)
	}
	if p.FeedbackMonths <= 0 {
		return fmt.Errorf("feedback deadline must be at least one month, got %d", p.FeedbackMonths)
	}
	return nil
}

// AckDue is when receipt must be acknowledged for a case received at t.
func (p Policy) AckDue(received time.Time) time.Time { return received.Add(p.AcknowledgeWithin) }

// FeedbackDue is when feedback on the follow-up is due for a case acknowledged at t.
func (p Policy) FeedbackDue(acknowledged time.Time) time.Time {
	return acknowledged.AddDate(0, p.FeedbackMonths, 0)
}

// Deadline kinds.
const (
	DeadlineAcknowledgement = "acknowledgement"
	DeadlineFeedback        = "feedback"
)

// Deadline is one deadline of a case, evaluated at a moment.
type Deadline struct {
	Kind        string
	DueAt       *time.Time
	MetAt       *time.Time
	Overdue     bool
	Description string
}

// Deadlines evaluates the deadlines of a case at now.
func (p Policy) Deadlines(s Summary, now time.Time) []Deadline {
	ackDue := s.AckDueAt
	ack := Deadline{
		Kind:        DeadlineAcknowledgement,
		DueAt:       &ackDue,
		MetAt:       s.AcknowledgedAt,
		Overdue:     s.AcknowledgedAt == nil && now.After(ackDue),
		Description: fmt.Sprintf("Receipt is acknowledged to the reporter within %d days of the report.", int(p.AcknowledgeWithin.Hours()/24)),
	}
	fb := Deadline{
		Kind:        DeadlineFeedback,
		DueAt:       s.FeedbackDueAt,
		Description: fmt.Sprintf("The reporter hears what is done with the report within %d months of the acknowledgement.", p.FeedbackMonths),
	}
	if s.FeedbackDueAt != nil {
		fb.Overdue = s.Status != StatusClosed && now.After(*s.FeedbackDueAt)
	}
	return []Deadline{ack, fb}
}
