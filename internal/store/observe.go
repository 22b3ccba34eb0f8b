package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/ent/predicate"
	"github.com/utrecht/meldpunt/internal/cases"
)

// DB returns the connection pool, for its statistics only (the Prometheus collector of
// database/sql pool stats takes a *sql.DB); every query goes through the store's methods.
func (s *Store) DB() *sql.DB { return s.db }

// OverdueCounts counts the open cases with an overdue deadline at now: per kind of deadline
// (cases.DeadlineAcknowledgement, DeadlineFeedback, DeadlineWeighing) and the distinct cases.
// It applies the rules of cases.Policy.Deadlines, as "my deadlines" does, in four counting
// queries; it reads no reference and no content.
func (s *Store) OverdueCounts(ctx context.Context, now time.Time) (open int, byKind map[string]int, err error) {
	now = now.UTC()
	kinds := map[string]predicate.CaseFile{
		cases.DeadlineAcknowledgement: casefile.And(casefile.AcknowledgedAtIsNil(), casefile.AckDueAtLT(now)),
		cases.DeadlineFeedback:        casefile.And(casefile.FeedbackDueAtNotNil(), casefile.FeedbackDueAtLT(now)),
		cases.DeadlineWeighing:        casefile.And(casefile.StatusEQ(casefile.StatusWEIGHING), casefile.WeighingDueAtLT(now)),
	}
	byKind = make(map[string]int, len(kinds))
	either := make([]predicate.CaseFile, 0, len(kinds))
	for kind, p := range kinds {
		n, err := s.client.CaseFile.Query().Where(casefile.StatusNEQ(casefile.StatusCLOSED), p).Count(ctx)
		if err != nil {
			return 0, nil, err
		}
		byKind[kind] = n
		either = append(either, p)
	}
	open, err = s.client.CaseFile.Query().Where(casefile.StatusNEQ(casefile.StatusCLOSED), casefile.Or(either...)).Count(ctx)
	if err != nil {
		return 0, nil, err
	}
	return open, byKind, nil
}
