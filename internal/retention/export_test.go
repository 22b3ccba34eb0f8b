package retention

import "context"

// Observed runs the job once and tells the observer, for the tests.
func (j *Job) Observed(ctx context.Context) error { return j.observed(ctx) }
