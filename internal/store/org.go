package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/employee"
	"github.com/utrecht/meldpunt/ent/orgunit"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/org"
)

// orgBatch is how many rows go into one INSERT (well under the parameter limits of both
// databases) and how often an import reports progress.
const orgBatch = 500

// ImportOrg checks units and employees against each other and against the organisation data in
// the database, and then upserts them by unit code and personnel number, all in one
// transaction: with any problem it writes nothing and returns an *org.ValidationError listing
// them all. Rows equal to what is stored are not written, so an import of the same data
// twice changes nothing the second time. Units and employees that are stored but not in the
// import are kept (counted as NotInFile). progress, if not nil, is called as the rows that need
// writing are written.
//
// An import that changes anything writes an audit event (org.ActionImport, by the system).
func (s *Store) ImportOrg(ctx context.Context, units []org.Unit, employees []org.Employee, progress func(done, total int)) (org.ImportResult, error) {
	return s.ImportOrgBy(ctx, audit.Actor{Kind: audit.ActorSystem, ID: "org-import"}, "", units, employees, progress)
}

// ImportOrgBy is ImportOrg on behalf of actor (an administrator through the API), whose audit
// event carries the request id.
func (s *Store) ImportOrgBy(ctx context.Context, actor audit.Actor, requestID string, units []org.Unit, employees []org.Employee, progress func(done, total int)) (org.ImportResult, error) {
	var res org.ImportResult
	err := s.WithTx(ctx, func(tx *ent.Tx) error {
		cur, ids, err := loadOrg(ctx, tx.Client())
		if err != nil {
			return err
		}
		ch, err := org.Plan(units, employees, cur)
		if err != nil {
			return err
		}
		if err := applyOrg(ctx, tx, ch, cur, ids, progress); err != nil {
			return err
		}
		res = ch.Result
		if !res.Changed() {
			return nil
		}
		var kinds []string
		if res.Units.Created+res.Units.Updated > 0 {
			kinds = append(kinds, "units")
		}
		if res.Employees.Created+res.Employees.Updated > 0 {
			kinds = append(kinds, "employees")
		}
		return s.writeAudit(ctx, tx, audit.Event{
			At: time.Now().UTC(), Actor: actor, Action: org.ActionImport, Fields: kinds, RequestID: requestID,
		})
	})
	if err != nil {
		return org.ImportResult{}, err
	}
	return res, nil
}

// CheckOrg does what ImportOrg does without writing: it returns the problems (as an
// *org.ValidationError) or what an import would create, update and leave alone.
func (s *Store) CheckOrg(ctx context.Context, units []org.Unit, employees []org.Employee) (org.ImportResult, error) {
	cur, _, err := loadOrg(ctx, s.client)
	if err != nil {
		return org.ImportResult{}, err
	}
	ch, err := org.Plan(units, employees, cur)
	if err != nil {
		return org.ImportResult{}, err
	}
	return ch.Result, nil
}

// orgIDs are the ids of the stored units and employees by their keys.
type orgIDs struct {
	units     map[string]uuid.UUID
	employees map[string]uuid.UUID
}

// loadOrg reads all units and employees (thousands at most: an organisation's staff).
func loadOrg(ctx context.Context, c *ent.Client) (org.Current, orgIDs, error) {
	us, err := c.OrgUnit.Query().WithManager(func(q *ent.EmployeeQuery) {
		q.Select(employee.FieldNumber)
	}).All(ctx)
	if err != nil {
		return org.Current{}, orgIDs{}, fmt.Errorf("load units: %w", err)
	}
	es, err := c.Employee.Query().WithUnit(func(q *ent.OrgUnitQuery) {
		q.Select(orgunit.FieldCode)
	}).All(ctx)
	if err != nil {
		return org.Current{}, orgIDs{}, fmt.Errorf("load employees: %w", err)
	}
	cur := org.Current{Units: make(map[string]org.Unit, len(us)), Employees: make(map[string]org.Employee, len(es))}
	ids := orgIDs{units: make(map[string]uuid.UUID, len(us)), employees: make(map[string]uuid.UUID, len(es))}
	for _, u := range us {
		ou := org.Unit{Code: u.Code, Name: u.Name, ParentCode: u.ParentCode}
		if m := u.Edges.Manager; m != nil {
			ou.ManagerNumber = m.Number
		}
		cur.Units[u.Code] = ou
		ids.units[u.Code] = u.ID
	}
	for _, e := range es {
		oe := org.Employee{Number: e.Number, Name: e.Name, Email: e.Email, StaffSubject: deref(e.StaffSubject)}
		if u := e.Edges.Unit; u != nil {
			oe.UnitCode = u.Code
		}
		cur.Employees[e.Number] = oe
		ids.employees[e.Number] = e.ID
	}
	return cur, ids, nil
}

// applyOrg writes the changes: units first (without their managers, who may be new), then
// employees (into the units), then the units' managers.
func applyOrg(ctx context.Context, tx *ent.Tx, ch *org.Changes, cur org.Current, ids orgIDs, progress func(done, total int)) error {
	total := len(ch.CreateUnits) + len(ch.UpdateUnits) + len(ch.CreateEmployees) + len(ch.UpdateEmployees)
	done := 0
	step := func(n int) {
		done += n
		if progress != nil {
			progress(done, total)
		}
	}
	if total > 0 {
		step(0)
	}

	for part := range chunks(ch.CreateUnits) {
		bulk := make([]*ent.OrgUnitCreate, len(part))
		for i, u := range part {
			id := uuid.New()
			ids.units[u.Code] = id
			bulk[i] = tx.OrgUnit.Create().SetID(id).SetCode(u.Code).SetName(u.Name)
			if u.ParentCode != "" {
				bulk[i].SetParentCode(u.ParentCode)
			}
		}
		if err := tx.OrgUnit.CreateBulk(bulk...).Exec(ctx); err != nil {
			return fmt.Errorf("create units: %w", err)
		}
		step(len(part))
	}
	for part := range chunks(ch.UpdateUnits) {
		for _, u := range part {
			up := tx.OrgUnit.UpdateOneID(ids.units[u.Code]).SetName(u.Name)
			if u.ParentCode == "" {
				up.ClearParentCode()
			} else {
				up.SetParentCode(u.ParentCode)
			}
			if err := up.Exec(ctx); err != nil {
				return fmt.Errorf("update unit: %w", err)
			}
		}
		step(len(part))
	}

	// A staff subject moving from one employee to another must be let go before it is taken:
	// the unique index is checked row by row.
	var release []uuid.UUID
	for _, e := range ch.UpdateEmployees {
		if old := cur.Employees[e.Number].StaffSubject; old != "" && old != e.StaffSubject {
			release = append(release, ids.employees[e.Number])
		}
	}
	for part := range chunks(release) {
		if err := tx.Employee.Update().Where(employee.IDIn(part...)).ClearStaffSubject().Exec(ctx); err != nil {
			return fmt.Errorf("release staff subjects: %w", err)
		}
	}
	for part := range chunks(ch.CreateEmployees) {
		bulk := make([]*ent.EmployeeCreate, len(part))
		for i, e := range part {
			id := uuid.New()
			ids.employees[e.Number] = id
			bulk[i] = tx.Employee.Create().SetID(id).SetNumber(e.Number).SetName(e.Name).
				SetUnitID(ids.units[e.UnitCode]).SetNillableStaffSubject(nonEmpty(e.StaffSubject))
			if e.Email != "" {
				bulk[i].SetEmail(e.Email)
			}
		}
		if err := tx.Employee.CreateBulk(bulk...).Exec(ctx); err != nil {
			return fmt.Errorf("create employees: %w", err)
		}
		step(len(part))
	}
	for part := range chunks(ch.UpdateEmployees) {
		for _, e := range part {
			up := tx.Employee.UpdateOneID(ids.employees[e.Number]).SetName(e.Name).SetUnitID(ids.units[e.UnitCode])
			if e.Email == "" {
				up.ClearEmail()
			} else {
				up.SetEmail(e.Email)
			}
			if e.StaffSubject == "" {
				up.ClearStaffSubject()
			} else {
				up.SetStaffSubject(e.StaffSubject)
			}
			if err := up.Exec(ctx); err != nil {
				return fmt.Errorf("update employee: %w", err)
			}
		}
		step(len(part))
	}

	setManager := func(u org.Unit) error {
		up := tx.OrgUnit.UpdateOneID(ids.units[u.Code])
		if u.ManagerNumber == "" {
			up.ClearManager()
		} else {
			up.SetManagerID(ids.employees[u.ManagerNumber])
		}
		if err := up.Exec(ctx); err != nil {
			return fmt.Errorf("set unit manager: %w", err)
		}
		return nil
	}
	for _, u := range ch.CreateUnits {
		if u.ManagerNumber != "" {
			if err := setManager(u); err != nil {
				return err
			}
		}
	}
	for _, u := range ch.UpdateUnits {
		if u.ManagerNumber != cur.Units[u.Code].ManagerNumber {
			if err := setManager(u); err != nil {
				return err
			}
		}
	}
	return nil
}

// chunks yields s in parts of at most orgBatch.
func chunks[T any](s []T) func(yield func([]T) bool) {
	return func(yield func([]T) bool) {
		for len(s) > 0 {
			n := min(len(s), orgBatch)
			if !yield(s[:n]) {
				return
			}
			s = s[n:]
		}
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// EmployeeByNumber finds an employee by personnel number; org.ErrNotFound if there is none.
func (s *Store) EmployeeByNumber(ctx context.Context, number string) (org.EmployeeRef, error) {
	e, err := s.client.Employee.Query().Where(employee.Number(number)).
		WithUnit(func(q *ent.OrgUnitQuery) { q.Select(orgunit.FieldID) }).Only(ctx)
	if ent.IsNotFound(err) {
		return org.EmployeeRef{}, fmt.Errorf("employee number %q: %w", number, org.ErrNotFound)
	}
	if err != nil {
		return org.EmployeeRef{}, err
	}
	ref := org.EmployeeRef{ID: e.ID, Number: e.Number, Name: e.Name, StaffSubject: deref(e.StaffSubject)}
	if u := e.Edges.Unit; u != nil {
		id := u.ID
		ref.UnitID = &id
	}
	return ref, nil
}

// loadChart reads the organisation's tree of units for the conflict rule, in one query.
func loadChart(ctx context.Context, c *ent.Client) (org.Chart, error) {
	units, err := c.OrgUnit.Query().
		Select(orgunit.FieldCode, orgunit.FieldParentCode).
		WithManager(func(q *ent.EmployeeQuery) { q.Select(employee.FieldStaffSubject) }).
		All(ctx)
	if err != nil {
		return org.Chart{}, err
	}
	out := make([]org.ChartUnit, len(units))
	for i, u := range units {
		out[i] = org.ChartUnit{Code: u.Code, ParentCode: u.ParentCode}
		if m := u.Edges.Manager; m != nil {
			out[i].ManagerSubject = deref(m.StaffSubject)
		}
	}
	return org.NewChart(out), nil
}

// unitCodeOf is the code of the employee's unit (loaded with WithUnit), "" for none.
func unitCodeOf(e *ent.Employee) string {
	if e.Edges.Unit == nil {
		return ""
	}
	return e.Edges.Unit.Code
}
