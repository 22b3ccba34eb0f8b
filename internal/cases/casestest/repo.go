// Package casestest is an in-memory implementation of cases.Repository for the domain's rule
// tests: a working store, not a mock. It keeps the store's contracts — versions checked and raised
// on every optimistic update, (nil, nil) for "not found", unique keys (idempotency key, receipt,
// reference, one hearing, one sanction decision, one investigation, one draft per case…), the
// state guards the store's updates carry in their WHERE clauses — and a unit of work: InTx works
// on a copy of the data and keeps it only when fn succeeds, with the audit events recorded in it
// (audit.Log). The rule suite (Rules, with its repository Contract) runs against it in
// internal/cases and against both databases in internal/store, so the fake cannot drift from the
// store unnoticed.
package casestest

import (
	"bytes"
	"cmp"
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/org"
	"github.com/utrecht/meldpunt/internal/precedents"
)

// Unit is an organisational unit of the fake's organisation data.
type Unit struct {
	ID         uuid.UUID
	Code       string
	Name       string
	ParentCode string
	// ManagerNumber is the employee number of the unit's manager ("" for none).
	ManagerNumber string
}

// Employee is an employee of the fake's organisation data.
type Employee struct {
	ID           uuid.UUID
	Number       string
	Name         string
	StaffSubject string // "" when they cannot sign in
	UnitCode     string
}

type caseRow struct {
	rec            cases.CaseRecord
	receipt, idem  []byte
	report, ident  []byte
	closedAt       *time.Time
	assessment     []byte
	assessed       bool
	grounds        []string
	suspended      bool
	investigation  *cases.InvestigationRecord
	hearing        *cases.HearingRecord
	sanction       *cases.SanctionRecord
	weighing       *cases.WeighingRecord
	subjects       []uuid.UUID // employees linked, in link order
	acknowledgedBy string
}

type session struct {
	caseID  uuid.UUID
	expires time.Time
}

type consentRow struct {
	caseID uuid.UUID
	c      cases.Consent
}

// data is everything the fake stores; a unit of work works on a copy (clone).
type data struct {
	cases         map[uuid.UUID]caseRow
	sessions      map[string]session
	messages      map[uuid.UUID]cases.MessageRecord
	consents      map[uuid.UUID]consentRow
	allegations   map[uuid.UUID]cases.AllegationRecord
	interviews    map[uuid.UUID]cases.InterviewRecord
	evidence      map[uuid.UUID]cases.EvidenceRecord
	conversations map[uuid.UUID]cases.ConversationRecord
	partEnded     map[uuid.UUID]time.Time // by conversation: when its adviser's part ended
	oral          map[uuid.UUID]cases.OralReportVersionRecord
	drafts        map[uuid.UUID]cases.PrecedentDraftRecord
	precedents    map[uuid.UUID]precedents.Prepared
	advisers      map[uuid.UUID]cases.AdviserRef
	units         map[uuid.UUID]Unit
	employees     map[uuid.UUID]Employee
	events        []audit.Event
}

func newData() *data {
	return &data{
		cases: map[uuid.UUID]caseRow{}, sessions: map[string]session{}, messages: map[uuid.UUID]cases.MessageRecord{},
		consents: map[uuid.UUID]consentRow{}, allegations: map[uuid.UUID]cases.AllegationRecord{},
		interviews: map[uuid.UUID]cases.InterviewRecord{}, evidence: map[uuid.UUID]cases.EvidenceRecord{},
		conversations: map[uuid.UUID]cases.ConversationRecord{}, partEnded: map[uuid.UUID]time.Time{}, oral: map[uuid.UUID]cases.OralReportVersionRecord{},
		drafts: map[uuid.UUID]cases.PrecedentDraftRecord{}, precedents: map[uuid.UUID]precedents.Prepared{},
		advisers: map[uuid.UUID]cases.AdviserRef{}, units: map[uuid.UUID]Unit{}, employees: map[uuid.UUID]Employee{},
	}
}

// clone copies d. Rows are values and are replaced, never changed in place, so shallow copies of
// the maps are enough.
func (d *data) clone() *data {
	return &data{
		cases: maps.Clone(d.cases), sessions: maps.Clone(d.sessions), messages: maps.Clone(d.messages),
		consents: maps.Clone(d.consents), allegations: maps.Clone(d.allegations), interviews: maps.Clone(d.interviews),
		evidence: maps.Clone(d.evidence), conversations: maps.Clone(d.conversations), partEnded: maps.Clone(d.partEnded), oral: maps.Clone(d.oral),
		drafts: maps.Clone(d.drafts), precedents: maps.Clone(d.precedents), advisers: maps.Clone(d.advisers),
		units: maps.Clone(d.units), employees: maps.Clone(d.employees), events: slices.Clip(d.events),
	}
}

// Repo is the in-memory repository. The zero value is not usable; call New.
type Repo struct {
	mu sync.Mutex // held by a unit of work for its whole run: units are serial, as on SQLite
	d  *data
	// FailAudit, when set, makes every audit write fail with it (to test that the change is
	// rolled back with its event).
	FailAudit error
}

var _ cases.Repository = (*Repo)(nil)

// New returns an empty repository.
func New() *Repo { return &Repo{d: newData()} }

type unitKey struct{}

type unit struct {
	r *Repo
	d *data
}

// RecordEvent records ev in the unit (audit.Recorder).
func (u *unit) RecordEvent(_ context.Context, ev audit.Event) error {
	if u.r.FailAudit != nil {
		return u.r.FailAudit
	}
	if ev.Action == "" || ev.Actor.Kind == "" {
		return errBadEvent
	}
	u.d.events = append(u.d.events, ev)
	return nil
}

type fakeError string

func (e fakeError) Error() string { return string(e) }

const errBadEvent = fakeError("audit event without action or actor")

// InTx runs fn as one unit of work on a copy of the data, kept when fn returns nil.
func (r *Repo) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if u, ok := ctx.Value(unitKey{}).(*unit); ok && u.r == r {
		return fn(ctx)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	u := &unit{r: r, d: r.d.clone()}
	if err := fn(audit.WithRecorder(context.WithValue(ctx, unitKey{}, u), u)); err != nil {
		return err
	}
	r.d = u.d
	return nil
}

// write runs fn on the data of the unit ctx carries, or in a unit of its own.
func (r *Repo) write(ctx context.Context, fn func(d *data) error) error {
	return r.InTx(ctx, func(ctx context.Context) error { return fn(ctx.Value(unitKey{}).(*unit).d) })
}

// read runs fn on the data ctx's unit sees, or on the committed data.
func (r *Repo) read(ctx context.Context, fn func(d *data) error) error {
	if u, ok := ctx.Value(unitKey{}).(*unit); ok && u.r == r {
		return fn(u.d)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return fn(r.d)
}

// Events returns the audit events committed so far, in order.
func (r *Repo) Events() []audit.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.d.events)
}

// Actions returns the actions of the audit events committed for the case, in order.
func (r *Repo) Actions(caseID uuid.UUID) []string {
	var out []string
	for _, ev := range r.Events() {
		if ev.CaseID != nil && *ev.CaseID == caseID {
			out = append(out, ev.Action)
		}
	}
	return out
}

// AddUnit adds an organisational unit (ID chosen when nil) and returns it.
func (r *Repo) AddUnit(u Unit) Unit {
	if u.ID == uuid.Nil {
		u.ID = uuid.New()
	}
	_ = r.write(context.Background(), func(d *data) error { d.units[u.ID] = u; return nil })
	return u
}

// AddEmployee adds an employee (ID chosen when nil) and returns them.
func (r *Repo) AddEmployee(e Employee) Employee {
	if e.ID == uuid.Nil {
		e.ID = uuid.New()
	}
	_ = r.write(context.Background(), func(d *data) error { d.employees[e.ID] = e; return nil })
	return e
}

// AddAdviser adds an adviser profile (ID chosen when nil; active) and returns it.
func (r *Repo) AddAdviser(subject, name string) cases.AdviserRef {
	a := cases.AdviserRef{ID: uuid.New(), StaffSubject: subject, Name: name, Active: true}
	_ = r.write(context.Background(), func(d *data) error { d.advisers[a.ID] = a; return nil })
	return a
}

// caseOf returns the case's row or an error standing for the foreign key the store would violate.
func (d *data) caseOf(id uuid.UUID) (caseRow, error) {
	c, ok := d.cases[id]
	if !ok {
		return c, fakeError("no such case")
	}
	return c, nil
}

// versioned applies change to the case if it is still at version and in one of the statuses
// (any when none), raising the version; cases.ErrVersionConflict otherwise.
func (d *data) versioned(id uuid.UUID, version int64, change func(c *caseRow), statuses ...cases.Status) error {
	c, ok := d.cases[id]
	if !ok || c.rec.Version != version || (len(statuses) > 0 && !slices.Contains(statuses, c.rec.Status)) {
		return cases.ErrVersionConflict
	}
	change(&c)
	c.rec.Version++
	d.cases[id] = c
	return nil
}

func (d *data) endAdviserParts(caseID uuid.UUID, keep string, at time.Time) {
	for id, cv := range d.conversations {
		if _, ended := d.partEnded[id]; cv.CaseID == caseID && !ended && (keep == "" || cv.AdviserSubject != keep) {
			d.partEnded[id] = at
		}
	}
}

func (d *data) summary(c caseRow) cases.Summary {
	s := c.rec.Summary
	s.AdviserName = ""
	if s.AdviserID != nil {
		s.AdviserName = d.advisers[*s.AdviserID].Name
	}
	return s
}

func (d *data) record(c caseRow) *cases.CaseRecord {
	rec := c.rec
	rec.Summary = d.summary(c)
	return &rec
}

func (d *data) find(match func(c caseRow) bool) *cases.CaseRecord {
	for _, c := range d.cases {
		if match(c) {
			return d.record(c)
		}
	}
	return nil
}

// ---- intake and messages ----

// CreateCase stores a new case; ErrIdempotencyTaken or ErrReferenceTaken on a collision.
func (r *Repo) CreateCase(ctx context.Context, rec cases.NewCaseRecord, ev audit.Event) error {
	return r.InTx(ctx, func(ctx context.Context) error {
		d := ctx.Value(unitKey{}).(*unit).d
		for _, c := range d.cases {
			if bytes.Equal(c.idem, rec.IdempotencyLookup) {
				return cases.ErrIdempotencyTaken
			}
		}
		for _, c := range d.cases {
			if c.rec.Reference == rec.Reference {
				return cases.ErrReferenceTaken
			}
		}
		row := caseRow{
			rec: cases.CaseRecord{
				Summary: rec.Summary, WrappedKey: rec.WrappedKey, RequestFingerprint: rec.RequestFingerprint,
				ReplaySealed: rec.ReplaySealed, ReplayUntil: &rec.ReplayUntil, NotifySealed: rec.NotifySealed,
			},
			receipt: rec.ReceiptLookup, idem: rec.IdempotencyLookup, report: rec.ReportSealed, ident: rec.IdentitySealed,
			grounds: slices.Clone(rec.Grounds),
		}
		row.rec.Version = 1
		for _, id := range rec.SubjectIDs {
			if _, ok := d.employees[id]; !ok {
				return cases.ErrNoSuchEmployee
			}
			row.subjects = append(row.subjects, id)
		}
		d.cases[rec.ID] = row
		return audit.Log(ctx, ev)
	})
}

func (r *Repo) caseBy(ctx context.Context, match func(c caseRow) bool) (*cases.CaseRecord, error) {
	var out *cases.CaseRecord
	err := r.read(ctx, func(d *data) error { out = d.find(match); return nil })
	return out, err
}

// CaseByIdempotency finds a case by its idempotency lookup.
func (r *Repo) CaseByIdempotency(ctx context.Context, lookup []byte) (*cases.CaseRecord, error) {
	return r.caseBy(ctx, func(c caseRow) bool { return bytes.Equal(c.idem, lookup) })
}

// CaseByReceipt finds a case by its receipt lookup.
func (r *Repo) CaseByReceipt(ctx context.Context, lookup []byte) (*cases.CaseRecord, error) {
	return r.caseBy(ctx, func(c caseRow) bool { return bytes.Equal(c.receipt, lookup) })
}

// CaseByID finds a case by id.
func (r *Repo) CaseByID(ctx context.Context, id uuid.UUID) (*cases.CaseRecord, error) {
	return r.caseBy(ctx, func(c caseRow) bool { return c.rec.ID == id })
}

// CaseByReference finds a case by reference.
func (r *Repo) CaseByReference(ctx context.Context, ref string) (*cases.CaseRecord, error) {
	return r.caseBy(ctx, func(c caseRow) bool { return c.rec.Reference == ref })
}

// ListCases lists cases newest first, as the store does.
func (r *Repo) ListCases(ctx context.Context, f cases.ListFilter) ([]cases.Summary, error) {
	var out []cases.Summary
	err := r.read(ctx, func(d *data) error {
		conflicted := map[uuid.UUID]bool{}
		if f.ExcludeConflictsOf != "" {
			units := d.chart().UnitsConflictedFor(f.ExcludeConflictsOf)
			for id, c := range d.cases {
				for _, e := range c.subjects {
					emp := d.employees[e]
					if (emp.StaffSubject != "" && emp.StaffSubject == f.ExcludeConflictsOf) || slices.Contains(units, emp.UnitCode) {
						conflicted[id] = true
					}
				}
			}
		}
		for id, c := range d.cases {
			s := c.rec.Summary
			switch {
			case f.Status != "" && s.Status != f.Status,
				f.Channel != "" && s.Channel != f.Channel,
				f.AdviserID != nil && (s.AdviserID == nil || *s.AdviserID != *f.AdviserID),
				f.InvestigatorSubject != "" && (c.investigation == nil || !slices.Contains(c.investigation.Team, f.InvestigatorSubject)),
				f.EscalatedOnly && (s.UnitID == nil || s.EscalatedAt == nil || !slices.Contains(f.UnitIDs, *s.UnitID)),
				conflicted[id]:
				continue
			}
			if f.DueBy != nil {
				due := s.Status != cases.StatusClosed && ((s.AcknowledgedAt == nil && !s.AckDueAt.After(*f.DueBy)) ||
					(s.FeedbackDueAt != nil && !s.FeedbackDueAt.After(*f.DueBy)) ||
					(s.Status == cases.StatusWeighing && s.WeighingDueAt != nil && !s.WeighingDueAt.After(*f.DueBy)))
				if !due {
					continue
				}
			}
			if f.AfterReceivedAt != nil && !(s.ReceivedAt.Before(*f.AfterReceivedAt) ||
				(s.ReceivedAt.Equal(*f.AfterReceivedAt) && bytes.Compare(s.ID[:], f.AfterID[:]) < 0)) {
				continue
			}
			out = append(out, d.summary(c))
		}
		slices.SortFunc(out, func(a, b cases.Summary) int {
			if c := b.ReceivedAt.Compare(a.ReceivedAt); c != 0 {
				return c
			}
			return bytes.Compare(b.ID[:], a.ID[:])
		})
		if f.Limit > 0 && len(out) > f.Limit {
			out = out[:f.Limit]
		}
		return nil
	})
	return out, err
}

// ReadContent returns the sealed report and, if asked, identity.
func (r *Repo) ReadContent(ctx context.Context, caseID uuid.UUID, withIdentity bool) (report, identity []byte, err error) {
	err = r.read(ctx, func(d *data) error {
		c, err := d.caseOf(caseID)
		if err != nil {
			return err
		}
		report = c.report
		if withIdentity {
			identity = c.ident
		}
		return nil
	})
	return report, identity, err
}

// Acknowledge records the acknowledgement if the case is at the version and not acknowledged.
func (r *Repo) Acknowledge(ctx context.Context, a cases.Acknowledgement) error {
	return r.write(ctx, func(d *data) error {
		if c, ok := d.cases[a.CaseID]; ok && c.rec.AcknowledgedAt != nil {
			return cases.ErrVersionConflict
		}
		if err := d.versioned(a.CaseID, a.Version, func(c *caseRow) {
			c.rec.Status, c.rec.AcknowledgedAt, c.acknowledgedBy = a.NewStatus, &a.At, a.By
			c.rec.FeedbackDueAt = &a.FeedbackDueAt
		}); err != nil {
			return err
		}
		if a.Message != nil {
			d.messages[a.Message.ID] = *a.Message
		}
		return nil
	})
}

// AddMessage stores a message.
func (r *Repo) AddMessage(ctx context.Context, m cases.MessageRecord) error {
	return r.write(ctx, func(d *data) error {
		if _, err := d.caseOf(m.CaseID); err != nil {
			return err
		}
		d.messages[m.ID] = m
		return nil
	})
}

// Messages lists the case's messages, oldest first.
func (r *Repo) Messages(ctx context.Context, caseID uuid.UUID) ([]cases.MessageRecord, error) {
	var out []cases.MessageRecord
	err := r.read(ctx, func(d *data) error {
		out = sorted(d.messages, func(m cases.MessageRecord) bool { return m.CaseID == caseID },
			func(a, b cases.MessageRecord) int {
				return cmp.Or(a.SentAt.Compare(b.SentAt), bytes.Compare(a.ID[:], b.ID[:]))
			})
		return nil
	})
	return out, err
}

// SetReporterNotify stores or removes the sealed address.
func (r *Repo) SetReporterNotify(ctx context.Context, caseID uuid.UUID, sealed []byte) error {
	return r.write(ctx, func(d *data) error {
		c, err := d.caseOf(caseID)
		if err != nil {
			return err
		}
		c.rec.NotifySealed = sealed
		d.cases[caseID] = c
		return nil
	})
}

// ---- sessions ----

// CreateSession stores a session, deletes expired ones and clears the retry data.
func (r *Repo) CreateSession(ctx context.Context, caseID uuid.UUID, tokenHash []byte, expires, now time.Time) error {
	return r.write(ctx, func(d *data) error {
		c, err := d.caseOf(caseID)
		if err != nil {
			return err
		}
		if _, dup := d.sessions[string(tokenHash)]; dup {
			return fakeError("session token taken")
		}
		d.sessions[string(tokenHash)] = session{caseID: caseID, expires: expires}
		for k, s := range d.sessions {
			if s.expires.Before(now) {
				delete(d.sessions, k)
			}
		}
		c.rec.ReplaySealed, c.rec.ReplayUntil = nil, nil
		d.cases[caseID] = c
		return nil
	})
}

// SessionCase returns the case of a live session, or uuid.Nil.
func (r *Repo) SessionCase(ctx context.Context, tokenHash []byte, now time.Time) (uuid.UUID, error) {
	var id uuid.UUID
	err := r.read(ctx, func(d *data) error {
		if s, ok := d.sessions[string(tokenHash)]; ok && s.expires.After(now) {
			id = s.caseID
		}
		return nil
	})
	return id, err
}

// DeleteSession ends a session.
func (r *Repo) DeleteSession(ctx context.Context, tokenHash []byte) error {
	return r.write(ctx, func(d *data) error { delete(d.sessions, string(tokenHash)); return nil })
}

func sorted[T any](m map[uuid.UUID]T, keep func(T) bool, order func(a, b T) int) []T {
	var out []T
	for _, v := range m {
		if keep(v) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, order)
	return out
}

// chart is the organisation as the conflict rules read it.
func (d *data) chart() org.Chart {
	byNumber := map[string]Employee{}
	for _, e := range d.employees {
		byNumber[e.Number] = e
	}
	var units []org.ChartUnit
	for _, u := range d.units {
		units = append(units, org.ChartUnit{Code: u.Code, ParentCode: u.ParentCode, ManagerSubject: byNumber[u.ManagerNumber].StaffSubject})
	}
	return org.NewChart(units)
}

// ImportOrg adds the units and employees of an organisation import (as store.ImportOrg does for a
// first import).
func (r *Repo) ImportOrg(units []org.Unit, employees []org.Employee) {
	for _, u := range units {
		r.AddUnit(Unit{Code: u.Code, Name: u.Name, ParentCode: u.ParentCode, ManagerNumber: u.ManagerNumber})
	}
	for _, e := range employees {
		r.AddEmployee(Employee{Number: e.Number, Name: e.Name, StaffSubject: e.StaffSubject, UnitCode: e.UnitCode})
	}
}
