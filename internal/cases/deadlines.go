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
	WeighWithin       time.Duration // default 4 weeks, counted from the escalation
	// DismissPromptly: a summary dismissal decided later than this after the facts became known
	// is recorded as late, with a warning (Civil Code 7:677: without delay). Default 3 days.
	DismissPromptly time.Duration
}

// DefaultPolicy returns the legal defaults.
func DefaultPolicy() Policy {
	return Policy{AcknowledgeWithin: 7 * 24 * time.Hour, FeedbackMonths: 3, WeighWithin: 28 * 24 * time.Hour, DismissPromptly: 3 * 24 * time.Hour}
}

// Validate rejects nonsensical settings.
func (p Policy) Validate() error {
	if p.AcknowledgeWithin <= 0 {
		return fmt.Errorf("acknowledgement deadline must be positive, got %s", p.AcknowledgeWithin)
	}
	if p.WeighWithin <= 0 {
		return fmt.Errorf("weighing deadline must be positive, got %s", p.WeighWithin)
	}
	if p.FeedbackMonths <= 0 {
		return fmt.Errorf("feedback deadline must be at least one month, got %d", p.FeedbackMonths)
	}
	return nil
}

// AckDue is when receipt must be acknowledged for a case received at t.
func (p Policy) AckDue(received time.Time) time.Time { return received.Add(p.AcknowledgeWithin) }

// FeedbackDue is when feedback on the follow-up is due for a case acknowledged at t: the same
// day N calendar months later, or the last day of that month when it is shorter (acknowledged
// 30 November, due 28 February — never in March, which would overrun the legal term).
func (p Policy) FeedbackDue(acknowledged time.Time) time.Time {
	y, m, d := acknowledged.Date()
	first := time.Date(y, m+time.Month(p.FeedbackMonths), 1, 0, 0, 0, 0, acknowledged.Location())
	if last := first.AddDate(0, 1, -1).Day(); d > last {
		d = last
	}
	hh, mm, ss := acknowledged.Clock()
	return time.Date(first.Year(), first.Month(), d, hh, mm, ss, acknowledged.Nanosecond(), acknowledged.Location())
}

// plural returns "1 day" or "n days".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// span renders a duration as whole days when it is one, otherwise in hours.
func span(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return plural(int(d/(24*time.Hour)), "day")
	}
	return plural(int(d.Round(time.Hour)/time.Hour), "hour")
}

// Deadline kinds.
const (
	DeadlineAcknowledgement = "acknowledgement"
	DeadlineFeedback        = "feedback"
	DeadlineWeighing        = "weighing"
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
		Overdue:     s.AcknowledgedAt == nil && s.Status != StatusClosed && now.After(ackDue),
		Description: fmt.Sprintf("Receipt is acknowledged to the reporter within %s of the report.", span(p.AcknowledgeWithin)),
	}
	fb := Deadline{
		Kind:        DeadlineFeedback,
		DueAt:       s.FeedbackDueAt,
		Description: fmt.Sprintf("The reporter hears what is done with the report within %s of the acknowledgement.", plural(p.FeedbackMonths, "month")),
	}
	if s.FeedbackDueAt != nil {
		fb.Overdue = s.Status != StatusClosed && now.After(*s.FeedbackDueAt)
	}
	out := []Deadline{ack, fb}
	if s.WeighingDueAt != nil {
		w := Deadline{
			Kind:        DeadlineWeighing,
			DueAt:       s.WeighingDueAt,
			Overdue:     s.Status == StatusWeighing && now.After(*s.WeighingDueAt),
			Description: fmt.Sprintf("The accountable manager weighs the signal within %s of receiving it.", span(p.WeighWithin)),
		}
		if s.Status != StatusWeighing {
			w.MetAt = s.WeighedAt
		}
		out = append(out, w)
	}
	return out
}
