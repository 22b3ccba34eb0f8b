package observe

import "time"

// Outcomes of a background job's run.
const (
	OutcomeOK      = "ok"
	OutcomeSkipped = "skipped" // another replica holds the job's lock
	OutcomeError   = "error"
)

// Job records the runs of one background job. A nil *Job records nothing.
type Job struct {
	m    *Metrics
	name string
}

// Job returns the recorder of the job called name (e.g. "retention"); nil for a nil m.
func (m *Metrics) Job(name string) *Job {
	if m == nil {
		return nil
	}
	// Make the series exist before the first run, so that an alert on a missing success fires
	// from the start.
	for _, o := range []string{OutcomeOK, OutcomeSkipped, OutcomeError} {
		m.jobRuns.WithLabelValues(name, o)
	}
	return &Job{m: m, name: name}
}

// Ran records one run: its outcome (OutcomeOK, OutcomeSkipped, OutcomeError) and how long it
// took; a successful run sets the job's last-success time to end.
func (j *Job) Ran(outcome string, took time.Duration, end time.Time) {
	if j == nil {
		return
	}
	j.m.jobRuns.WithLabelValues(j.name, outcome).Inc()
	j.m.jobDuration.WithLabelValues(j.name).Observe(took.Seconds())
	if outcome == OutcomeOK {
		j.m.jobLastSuccess.WithLabelValues(j.name).Set(float64(end.UnixNano()) / 1e9)
	}
}

// Destroyed counts what the retention job destroyed (what: "adviser_notes", "case_content").
func (j *Job) Destroyed(what string, n int) {
	if j == nil || n <= 0 {
		return
	}
	j.m.jobDestroyed.WithLabelValues(what).Add(float64(n))
}

// Outcomes of one notification's attempt.
const (
	NotificationSent    = "sent"     // handed over to the mail server
	NotificationRetry   = "retry"    // failed; tried again later
	NotificationGivenUp = "given_up" // failed for good: the administrator's page shows it
)

// Notified counts n notifications of one outcome (NotificationSent, NotificationRetry,
// NotificationGivenUp). Counts only: never who, nor about which case.
func (j *Job) Notified(outcome string, n int) {
	if j == nil || n <= 0 {
		return
	}
	j.m.notifications.WithLabelValues(outcome).Add(float64(n))
}
