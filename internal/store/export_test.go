package store

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/employee"
	"github.com/utrecht/meldpunt/internal/org"
)

// MigrationLockKey is the advisory lock that serialises migrations, for tests that play
// another replica holding it.
const MigrationLockKey = migrationLockKey

// TraceReports has r call fn with each query, in the database's dialect, and its arguments,
// before it runs it (fn may be called from several goroutines at once).
func TraceReports(r *Reports, fn func(query string, args []any)) { r.trace = fn }

// TracePrecedents has the store call fn with each query the precedent library's repository runs
// (set before any lookup).
func TracePrecedents(s *Store, fn func(query string)) { s.precTrace = fn }

// IsStatsQuery reports whether a traced query reads term statistics.
func IsStatsQuery(q string) bool { return q == statsPG || q == statsSQLite }

// IsFeaturesQuery reports whether a traced query reads precedents' structured facts by id.
func IsFeaturesQuery(q string) bool { return q == featuresPG || q == featuresSQLite }

// WarmLibrary reads the whole library into the store's cache now.
func WarmLibrary(s *Store) {
	if _, err := s.WarmPrecedents(context.Background()); err != nil {
		panic(err)
	}
}

// ManagerSubjectsOf: the managers of an employee as the chart from the database has them.
func (s *Store) ManagerSubjectsOf(ctx context.Context, employeeID uuid.UUID) ([]string, error) {
	return managerSubjectsOf(ctx, s.client, employeeID)
}

// managerSubjectsOf returns the staff subjects of the employee's managers, nearest first: the
// manager of the employee's unit, then the manager of its parent unit, and so on to the top
// (org.Chart.ManagersAbove). Conflict-of-interest checks keep everyone who manages a case's
// subject — directly or higher up — out of the case: the manager's manager manages the person
// too, and decides about the manager's handling of them.
//
// Left out are the employee themselves (the manager of their own unit is managed from the unit
// above) and managers without a staff sign-in (no subject: they cannot be given access anyway).
// An employee without a unit has no managers. An unknown employee is org.ErrNotFound, never an
// empty answer, so that a check cannot pass by mistake.
func managerSubjectsOf(ctx context.Context, c *ent.Client, employeeID uuid.UUID) ([]string, error) {
	e, err := c.Employee.Query().Where(employee.ID(employeeID)).WithUnit().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("employee %s: %w", employeeID, org.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	chart, err := loadChart(ctx, c)
	if err != nil {
		return nil, err
	}
	self := deref(e.StaffSubject)
	conflicted := chart.ConflictedAbout(self, unitCodeOf(e))
	if self != "" {
		conflicted = conflicted[1:] // the employee themselves comes first
	}
	if len(conflicted) == 0 {
		return nil, nil
	}
	return conflicted, nil
}
