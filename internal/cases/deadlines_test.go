package cases

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func deadlinesTestTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("bad test time %q: %v", s, err)
	}
	return tm
}

func TestDefaultPolicy(t *testing.T) {
	t.Parallel()
	want := Policy{AcknowledgeWithin: 7 * 24 * time.Hour, FeedbackMonths: 3, WeighWithin: 4 * 7 * 24 * time.Hour, DismissPromptly: 3 * 24 * time.Hour}
	if diff := cmp.Diff(want, DefaultPolicy()); diff != "" {
		t.Errorf("DefaultPolicy() mismatch (-want +got):\n%s", diff)
	}
	if err := DefaultPolicy().Validate(); err != nil {
		t.Errorf("DefaultPolicy().Validate() = %v, want nil", err)
	}
}

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		policy  Policy
		wantErr bool
	}{
		{"default", DefaultPolicy(), false},
		{"smallest positive values", Policy{AcknowledgeWithin: time.Nanosecond, FeedbackMonths: 1, WeighWithin: time.Nanosecond}, false},
		{"custom", Policy{AcknowledgeWithin: 48 * time.Hour, FeedbackMonths: 6, WeighWithin: 14 * 24 * time.Hour}, false},
		{"zero weighing deadline", Policy{AcknowledgeWithin: time.Hour, FeedbackMonths: 3}, true},
		{"zero policy", Policy{}, true},
		{"zero ack deadline", Policy{AcknowledgeWithin: 0, FeedbackMonths: 3}, true},
		{"negative ack deadline", Policy{AcknowledgeWithin: -time.Hour, FeedbackMonths: 3}, true},
		{"zero feedback months", Policy{AcknowledgeWithin: time.Hour, FeedbackMonths: 0}, true},
		{"negative feedback months", Policy{AcknowledgeWithin: time.Hour, FeedbackMonths: -1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.policy.Validate()
			if (err != nil) != tt.wantErr {
				t.Errorf("Validate(%+v) = %v, want error: %v", tt.policy, err, tt.wantErr)
			}
		})
	}
}

// The acknowledgement deadline is a fixed duration (7×24h by default), not calendar days: across
// a DST change the wall-clock time of the deadline shifts by an hour.
func TestPolicyAckDue(t *testing.T) {
	t.Parallel()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	tests := []struct {
		name     string
		policy   Policy
		received time.Time
		want     time.Time
	}{
		{
			name:     "default: 7 days",
			policy:   DefaultPolicy(),
			received: deadlinesTestTime(t, "2026-03-02T09:15:00Z"),
			want:     deadlinesTestTime(t, "2026-03-09T09:15:00Z"),
		},
		{
			name:     "default: across a month and year end",
			policy:   DefaultPolicy(),
			received: deadlinesTestTime(t, "2026-12-28T23:59:59.5Z"),
			want:     deadlinesTestTime(t, "2027-01-04T23:59:59.5Z"),
		},
		{
			name:     "default: 168 hours across the start of summer time",
			policy:   DefaultPolicy(),
			received: time.Date(2026, 3, 25, 12, 0, 0, 0, ams), // CET
			want:     time.Date(2026, 4, 1, 13, 0, 0, 0, ams),  // CEST: same instant + 168h
		},
		{
			name:     "custom: 48 hours",
			policy:   Policy{AcknowledgeWithin: 48 * time.Hour, FeedbackMonths: 3},
			received: deadlinesTestTime(t, "2026-02-27T10:00:00Z"),
			want:     deadlinesTestTime(t, "2026-03-01T10:00:00Z"),
		},
		{
			name:     "custom: 36 hours",
			policy:   Policy{AcknowledgeWithin: 36 * time.Hour, FeedbackMonths: 3},
			received: deadlinesTestTime(t, "2026-05-01T00:00:00Z"),
			want:     deadlinesTestTime(t, "2026-05-02T12:00:00Z"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.policy.AckDue(tt.received)
			if !got.Equal(tt.want) {
				t.Errorf("AckDue(%s) = %s, want %s", tt.received, got, tt.want)
			}
		})
	}
}

// FeedbackDue adds calendar months and clamps to the last day of the target month, so that a
// month end never pushes the deadline past the legal term; see the month-end rows.
func TestPolicyFeedbackDue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		policy       Policy
		acknowledged string
		want         string
	}{
		{"mid-month", DefaultPolicy(), "2026-01-15T10:30:00Z", "2026-04-15T10:30:00Z"},
		{"across a year end", DefaultPolicy(), "2026-12-31T23:30:00Z", "2027-03-31T23:30:00Z"},
		{"31 Oct to 31 Jan", DefaultPolicy(), "2026-10-31T08:00:00Z", "2027-01-31T08:00:00Z"},
		{"28 Nov to 28 Feb", DefaultPolicy(), "2025-11-28T12:00:00Z", "2026-02-28T12:00:00Z"},
		// Month-end overflow: Go's AddDate rolls the non-existent day over into March.
		{"month end: 29 Nov to 28 Feb (non-leap year)", DefaultPolicy(), "2025-11-29T12:00:00Z", "2026-02-28T12:00:00Z"},
		{"month end: 30 Nov to 28 Feb (non-leap year)", DefaultPolicy(), "2025-11-30T12:00:00Z", "2026-02-28T12:00:00Z"},
		{"month end: 30 Nov to 29 Feb (leap year)", DefaultPolicy(), "2023-11-30T12:00:00Z", "2024-02-29T12:00:00Z"},
		{"month end: 29 Nov to 29 Feb (leap year)", DefaultPolicy(), "2023-11-29T12:00:00Z", "2024-02-29T12:00:00Z"},
		{"month end: 31 Aug to 30 Nov", DefaultPolicy(), "2026-08-31T12:00:00Z", "2026-11-30T12:00:00Z"},
		{"custom 1 month: 31 Jan to 28 Feb", Policy{AcknowledgeWithin: time.Hour, FeedbackMonths: 1}, "2026-01-31T12:00:00Z", "2026-02-28T12:00:00Z"},
		{"custom 6 months", Policy{AcknowledgeWithin: time.Hour, FeedbackMonths: 6}, "2026-03-15T12:00:00Z", "2026-09-15T12:00:00Z"},
		{"custom 12 months: 29 Feb to 28 Feb", Policy{AcknowledgeWithin: time.Hour, FeedbackMonths: 12}, "2024-02-29T12:00:00Z", "2025-02-28T12:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ack := deadlinesTestTime(t, tt.acknowledged)
			want := deadlinesTestTime(t, tt.want)
			if got := tt.policy.FeedbackDue(ack); !got.Equal(want) {
				t.Errorf("FeedbackDue(%s) with %d months = %s, want %s", ack, tt.policy.FeedbackMonths, got, want)
			}
		})
	}
}

func TestPolicyDeadlines(t *testing.T) {
	t.Parallel()
	p := DefaultPolicy()
	received := deadlinesTestTime(t, "2026-03-02T09:00:00Z")
	ackDue := p.AckDue(received) // 2026-03-09T09:00:00Z
	ackOnTime := received.Add(2 * 24 * time.Hour)
	ackLate := received.Add(8 * 24 * time.Hour)
	fbDueOnTime := p.FeedbackDue(ackOnTime) // 2026-06-04T09:00:00Z
	fbDueLate := p.FeedbackDue(ackLate)

	ptr := func(t time.Time) *time.Time { return &t }
	summary := func(status Status, ackAt, fbDue *time.Time) Summary {
		return Summary{
			Status: status, ReceivedAt: received, AckDueAt: ackDue,
			AcknowledgedAt: ackAt, FeedbackDueAt: fbDue,
		}
	}
	ack := func(met *time.Time, overdue bool) Deadline {
		return Deadline{Kind: DeadlineAcknowledgement, DueAt: ptr(ackDue), MetAt: met, Overdue: overdue}
	}
	fb := func(due *time.Time, overdue bool) Deadline {
		return Deadline{Kind: DeadlineFeedback, DueAt: due, Overdue: overdue}
	}

	tests := []struct {
		name    string
		summary Summary
		now     time.Time
		want    []Deadline
	}{
		{
			name:    "just received: ack open, no feedback deadline yet",
			summary: summary(StatusReceived, nil, nil),
			now:     received.Add(time.Hour),
			want:    []Deadline{ack(nil, false), fb(nil, false)},
		},
		{
			name:    "unacknowledged exactly at the ack deadline: not yet overdue",
			summary: summary(StatusReceived, nil, nil),
			now:     ackDue,
			want:    []Deadline{ack(nil, false), fb(nil, false)},
		},
		{
			name:    "unacknowledged just past the ack deadline: overdue",
			summary: summary(StatusReceived, nil, nil),
			now:     ackDue.Add(time.Nanosecond),
			want:    []Deadline{ack(nil, true), fb(nil, false)},
		},
		{
			name:    "unacknowledged long past: ack overdue, still no feedback deadline",
			summary: summary(StatusReceived, nil, nil),
			now:     ackDue.Add(365 * 24 * time.Hour),
			want:    []Deadline{ack(nil, true), fb(nil, false)},
		},
		{
			name:    "acknowledged on time: ack met, feedback deadline runs",
			summary: summary(StatusInSupport, ptr(ackOnTime), ptr(fbDueOnTime)),
			now:     ackOnTime.Add(time.Minute),
			want:    []Deadline{ack(ptr(ackOnTime), false), fb(ptr(fbDueOnTime), false)},
		},
		{
			name:    "acknowledged, evaluated after the ack deadline: ack met, not overdue",
			summary: summary(StatusInSupport, ptr(ackOnTime), ptr(fbDueOnTime)),
			now:     ackDue.Add(24 * time.Hour),
			want:    []Deadline{ack(ptr(ackOnTime), false), fb(ptr(fbDueOnTime), false)},
		},
		{
			// Overdue means "open and past due": a late acknowledgement is met, and not overdue.
			// Lateness shows as MetAt after DueAt.
			name:    "acknowledged late: ack met and no longer overdue",
			summary: summary(StatusInSupport, ptr(ackLate), ptr(fbDueLate)),
			now:     ackLate.Add(time.Hour),
			want:    []Deadline{ack(ptr(ackLate), false), fb(ptr(fbDueLate), false)},
		},
		{
			name:    "exactly at the feedback deadline: not yet overdue",
			summary: summary(StatusWeighing, ptr(ackOnTime), ptr(fbDueOnTime)),
			now:     fbDueOnTime,
			want:    []Deadline{ack(ptr(ackOnTime), false), fb(ptr(fbDueOnTime), false)},
		},
		{
			name:    "past the feedback deadline, case open: feedback overdue",
			summary: summary(StatusWeighing, ptr(ackOnTime), ptr(fbDueOnTime)),
			now:     fbDueOnTime.Add(time.Nanosecond),
			want:    []Deadline{ack(ptr(ackOnTime), false), fb(ptr(fbDueOnTime), true)},
		},
		{
			name:    "past the feedback deadline in sanction: feedback overdue",
			summary: summary(StatusSanction, ptr(ackOnTime), ptr(fbDueOnTime)),
			now:     fbDueOnTime.Add(30 * 24 * time.Hour),
			want:    []Deadline{ack(ptr(ackOnTime), false), fb(ptr(fbDueOnTime), true)},
		},
		{
			name:    "past the feedback deadline, case closed: not overdue",
			summary: summary(StatusClosed, ptr(ackOnTime), ptr(fbDueOnTime)),
			now:     fbDueOnTime.Add(30 * 24 * time.Hour),
			want:    []Deadline{ack(ptr(ackOnTime), false), fb(ptr(fbDueOnTime), false)},
		},
		{
			// A case closed without acknowledgement (withdrawn, say) is not overdue forever.
			name:    "closed without acknowledgement, after the ack deadline: not overdue",
			summary: summary(StatusClosed, nil, nil),
			now:     ackDue.Add(time.Hour),
			want:    []Deadline{ack(nil, false), fb(nil, false)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := p.Deadlines(tt.summary, tt.now)
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Deadline{}, "Description")); diff != "" {
				t.Errorf("Deadlines() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// Deadlines reports the due dates stored with the case, so a policy change after filing does not
// move the deadlines of existing cases; only the descriptions follow the current policy.
func TestPolicyDeadlinesUseStoredDueDates(t *testing.T) {
	t.Parallel()
	received := deadlinesTestTime(t, "2026-03-02T09:00:00Z")
	old := DefaultPolicy()
	ackAt := received.Add(24 * time.Hour)
	s := Summary{
		Status: StatusInSupport, ReceivedAt: received, AckDueAt: old.AckDue(received),
		AcknowledgedAt: &ackAt, FeedbackDueAt: func() *time.Time { d := old.FeedbackDue(ackAt); return &d }(),
	}
	custom := Policy{AcknowledgeWithin: 48 * time.Hour, FeedbackMonths: 2}
	got := custom.Deadlines(s, received.Add(4*24*time.Hour))

	wantAckDue := deadlinesTestTime(t, "2026-03-09T09:00:00Z")
	wantFbDue := deadlinesTestTime(t, "2026-06-03T09:00:00Z")
	want := []Deadline{
		{
			Kind: DeadlineAcknowledgement, DueAt: &wantAckDue, MetAt: &ackAt,
			Description: "Receipt is acknowledged to the reporter within 2 days of the report.",
		},
		{
			Kind: DeadlineFeedback, DueAt: &wantFbDue,
			Description: "The reporter hears what is done with the report within 2 months of the acknowledgement.",
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Deadlines() mismatch (-want +got):\n%s", diff)
	}
}

func TestPolicyDeadlinesDescriptions(t *testing.T) {
	t.Parallel()
	received := deadlinesTestTime(t, "2026-03-02T09:00:00Z")
	p := DefaultPolicy()
	got := p.Deadlines(Summary{Status: StatusReceived, ReceivedAt: received, AckDueAt: p.AckDue(received)}, received)
	want := []string{
		"Receipt is acknowledged to the reporter within 7 days of the report.",
		"The reporter hears what is done with the report within 3 months of the acknowledgement.",
	}
	var gotDesc []string
	for _, d := range got {
		gotDesc = append(gotDesc, d.Description)
	}
	if diff := cmp.Diff(want, gotDesc); diff != "" {
		t.Errorf("descriptions mismatch (-want +got):\n%s", diff)
	}
}
