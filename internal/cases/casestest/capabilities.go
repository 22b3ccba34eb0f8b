package casestest

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/precedents"
)

// ---- support, consent and escalation ----

// SetAdviser assigns the case if still at version; the previous advisers' parts end.
func (r *Repo) SetAdviser(ctx context.Context, caseID uuid.UUID, version int64, adviserID uuid.UUID, _ string, at time.Time) error {
	return r.write(ctx, func(d *data) error {
		adv, ok := d.advisers[adviserID]
		if !ok {
			return fakeError("no such adviser")
		}
		if err := d.versioned(caseID, version, func(c *caseRow) { c.rec.AdviserID = &adviserID }); err != nil {
			return err
		}
		d.endAdviserParts(caseID, adv.StaffSubject, at)
		return nil
	})
}

// LinkSubject links the employee (idempotent) and returns the number of subjects.
func (r *Repo) LinkSubject(ctx context.Context, caseID uuid.UUID, employeeNumber, _ string, _ time.Time) (int, error) {
	var n int
	err := r.write(ctx, func(d *data) error {
		emp, ok := d.employeeByNumber(employeeNumber)
		if !ok {
			return cases.ErrNoSuchEmployee
		}
		c, err := d.caseOf(caseID)
		if err != nil {
			return err
		}
		if !slices.Contains(c.subjects, emp.ID) {
			c.subjects = append(slices.Clip(c.subjects), emp.ID)
			d.cases[caseID] = c
		}
		n = len(c.subjects)
		return nil
	})
	return n, err
}

func (d *data) employeeByNumber(number string) (Employee, bool) {
	for _, e := range d.employees {
		if e.Number == number {
			return e, true
		}
	}
	return Employee{}, false
}

// Consents lists the case's consents, oldest first.
func (r *Repo) Consents(ctx context.Context, caseID uuid.UUID) ([]cases.Consent, error) {
	var out []cases.Consent
	err := r.read(ctx, func(d *data) error {
		for _, row := range sorted(d.consents, func(c consentRow) bool { return c.caseID == caseID },
			func(a, b consentRow) int {
				return cmp.Or(a.c.GivenAt.Compare(b.c.GivenAt), bytes.Compare(a.c.ID[:], b.c.ID[:]))
			}) {
			out = append(out, row.c)
		}
		return nil
	})
	return out, err
}

// AddConsent stores a consent.
func (r *Repo) AddConsent(ctx context.Context, caseID uuid.UUID, c cases.Consent) error {
	return r.write(ctx, func(d *data) error {
		if _, err := d.caseOf(caseID); err != nil {
			return err
		}
		if _, dup := d.consents[c.ID]; dup {
			return fakeError("consent id taken")
		}
		d.consents[c.ID] = consentRow{caseID: caseID, c: c}
		return nil
	})
}

// RevokeConsent revokes every active consent of the purpose; ErrConsentActedUpon when one was
// acted upon.
func (r *Repo) RevokeConsent(ctx context.Context, consentID uuid.UUID, at time.Time) error {
	return r.write(ctx, func(d *data) error {
		row, ok := d.consents[consentID]
		if !ok {
			return fakeError("no such consent")
		}
		same := func(o consentRow) bool {
			return o.caseID == row.caseID && o.c.Purpose == row.c.Purpose && o.c.RevokedAt == nil
		}
		for _, o := range d.consents {
			if same(o) && o.c.ActedUponAt != nil {
				return cases.ErrConsentActedUpon
			}
		}
		n := 0
		for id, o := range d.consents {
			if same(o) {
				o.c.RevokedAt = &at
				d.consents[id] = o
				n++
			}
		}
		if n == 0 {
			return cases.ErrConsentActedUpon
		}
		return nil
	})
}

// Escalate moves the case to WEIGHING and marks the consents acted upon.
func (r *Repo) Escalate(ctx context.Context, e cases.Escalation) error {
	return r.write(ctx, func(d *data) error {
		if err := d.versioned(e.CaseID, e.Version, func(c *caseRow) {
			c.rec.Status, c.rec.UnitID, c.rec.EscalatedAt = cases.StatusWeighing, &e.UnitID, &e.At
			c.rec.WeighingDueAt, c.rec.Pseudonymous = &e.WeighingDueAt, e.Pseudonymous
		}); err != nil {
			return err
		}
		for _, id := range e.ActOn {
			o, ok := d.consents[id]
			if !ok || o.c.RevokedAt != nil {
				return cases.ErrConsentActedUpon
			}
			o.c.ActedUponAt = &e.At
			d.consents[id] = o
		}
		return nil
	})
}

// EndSupport unassigns the adviser and ends their part.
func (r *Repo) EndSupport(ctx context.Context, caseID uuid.UUID, version int64, adviserSubject string, at time.Time) error {
	return r.write(ctx, func(d *data) error {
		if err := d.versioned(caseID, version, func(c *caseRow) { c.rec.AdviserID = nil }); err != nil {
			return err
		}
		for id, cv := range d.conversations {
			if _, ended := d.partEnded[id]; cv.CaseID == caseID && cv.AdviserSubject == adviserSubject && !ended {
				d.partEnded[id] = at
			}
		}
		return nil
	})
}

// ---- weighing ----

// SaveWeighing stores the decision and moves the case on, if still at version and weighing.
func (r *Repo) SaveWeighing(ctx context.Context, w cases.WeighingRecord) error {
	return r.write(ctx, func(d *data) error {
		if c, ok := d.cases[w.CaseID]; ok && c.weighing != nil {
			return fakeError("weighing exists")
		}
		stored := cases.WeighingRecord{CaseID: w.CaseID, Outcome: w.Outcome, DecidedBy: w.DecidedBy, DecidedAt: w.DecidedAt,
			ContentSealed: w.ContentSealed}
		if err := d.versioned(w.CaseID, w.Version, func(c *caseRow) {
			c.rec.Status, c.rec.WeighedAt, c.weighing = w.NewStatus, &w.DecidedAt, &stored
			if w.CaseOutcome != "" {
				c.rec.Outcome, c.closedAt = w.CaseOutcome, &w.DecidedAt
			}
		}, cases.StatusWeighing); err != nil {
			return err
		}
		if w.CaseOutcome != "" {
			d.endAdviserParts(w.CaseID, "", w.DecidedAt)
		}
		return nil
	})
}

// Weighing returns the case's weighing, or nil.
func (r *Repo) Weighing(ctx context.Context, caseID uuid.UUID) (*cases.WeighingRecord, error) {
	var out *cases.WeighingRecord
	err := r.read(ctx, func(d *data) error { out = d.cases[caseID].weighing; return nil })
	return out, err
}

// ---- sanction and closure ----

// CloseCase closes the case if still at version and in one of c.From.
func (r *Repo) CloseCase(ctx context.Context, c cases.Closing) error {
	return r.write(ctx, func(d *data) error {
		if err := d.versioned(c.CaseID, c.Version, func(row *caseRow) {
			row.rec.Status, row.rec.Outcome, row.closedAt = cases.StatusClosed, c.Outcome, &c.At
		}, c.From...); err != nil {
			return err
		}
		if len(c.From) == 0 {
			return cases.ErrVersionConflict // the store's "status IN ()" matches nothing
		}
		if c.Feedback != nil {
			d.messages[c.Feedback.ID] = *c.Feedback
		}
		d.endAdviserParts(c.CaseID, "", c.At)
		return nil
	})
}

// DecideSanction stores the decision and moves the case to SANCTION.
func (r *Repo) DecideSanction(ctx context.Context, s cases.SanctionRecord) error {
	return r.write(ctx, func(d *data) error {
		if err := d.versioned(s.CaseID, s.Version, func(c *caseRow) { c.rec.Status = cases.StatusSanction }, cases.StatusAssessment); err != nil {
			return err
		}
		c := d.cases[s.CaseID]
		if c.sanction != nil {
			return cases.ErrSanctionExists
		}
		stored := s
		stored.Version = 0
		c.sanction = &stored
		d.cases[s.CaseID] = c
		return nil
	})
}

// SanctionDecision returns the case's decision, or nil.
func (r *Repo) SanctionDecision(ctx context.Context, caseID uuid.UUID) (*cases.SanctionRecord, error) {
	var out *cases.SanctionRecord
	err := r.read(ctx, func(d *data) error { out = d.cases[caseID].sanction; return nil })
	return out, err
}

// ---- investigation, findings, hearing ----

// StartInvestigation stores the fact-finding if the case is at version.
func (r *Repo) StartInvestigation(ctx context.Context, ir cases.InvestigationRecord) error {
	return r.write(ctx, func(d *data) error {
		if err := d.versioned(ir.CaseID, ir.Version, func(*caseRow) {}); err != nil {
			return err
		}
		c := d.cases[ir.CaseID]
		if c.investigation != nil {
			return cases.ErrInvestigationExists
		}
		stored := ir
		stored.Version = 0
		stored.Team = slices.Sorted(slices.Values(ir.Team))
		c.investigation = &stored
		d.cases[ir.CaseID] = c
		return nil
	})
}

// Investigation returns the fact-finding, or nil.
func (r *Repo) Investigation(ctx context.Context, caseID uuid.UUID) (*cases.InvestigationRecord, error) {
	var out *cases.InvestigationRecord
	err := r.read(ctx, func(d *data) error { out = d.cases[caseID].investigation; return nil })
	return out, err
}

// HasInvestigation reports whether the fact-finding started.
func (r *Repo) HasInvestigation(ctx context.Context, caseID uuid.UUID) (bool, error) {
	var ok bool
	err := r.read(ctx, func(d *data) error { ok = d.cases[caseID].investigation != nil; return nil })
	return ok, err
}

// InvestigatorOf reports whether staffSubject is on the team.
func (r *Repo) InvestigatorOf(ctx context.Context, caseID uuid.UUID, staffSubject string) (bool, error) {
	var ok bool
	err := r.read(ctx, func(d *data) error {
		inv := d.cases[caseID].investigation
		ok = inv != nil && slices.Contains(inv.Team, staffSubject)
		return nil
	})
	return ok, err
}

// AddAllegation stores an allegation while the case is in fact-finding and unheard.
func (r *Repo) AddAllegation(ctx context.Context, a cases.AllegationRecord) error {
	return r.write(ctx, func(d *data) error {
		c, ok := d.cases[a.CaseID]
		if !ok || c.rec.Status != cases.StatusFactFinding || c.hearing != nil {
			return cases.ErrVersionConflict
		}
		d.allegations[a.ID] = a
		return nil
	})
}

// Allegations lists the allegations, oldest first, and whether the case was heard.
func (r *Repo) Allegations(ctx context.Context, caseID uuid.UUID) ([]cases.AllegationRecord, bool, error) {
	var (
		out   []cases.AllegationRecord
		heard bool
	)
	err := r.read(ctx, func(d *data) error {
		out = sorted(d.allegations, func(a cases.AllegationRecord) bool { return a.CaseID == caseID },
			func(a, b cases.AllegationRecord) int {
				return cmp.Or(a.AddedAt.Compare(b.AddedAt), bytes.Compare(a.ID[:], b.ID[:]))
			})
		heard = d.cases[caseID].hearing != nil
		return nil
	})
	return out, heard, err
}

// Heard reports whether the hearing was recorded.
func (r *Repo) Heard(ctx context.Context, caseID uuid.UUID) (bool, error) {
	var ok bool
	err := r.read(ctx, func(d *data) error { ok = d.cases[caseID].hearing != nil; return nil })
	return ok, err
}

// RecordHearing stores the hearing once.
func (r *Repo) RecordHearing(ctx context.Context, h cases.HearingRecord) error {
	return r.write(ctx, func(d *data) error {
		c, err := d.caseOf(h.CaseID)
		if err != nil {
			return err
		}
		if c.hearing != nil {
			return cases.ErrHearingExists
		}
		c.hearing = &h
		d.cases[h.CaseID] = c
		return nil
	})
}

// SetFindings stores the findings and moves the case to ASSESSMENT.
func (r *Repo) SetFindings(ctx context.Context, caseID uuid.UUID, version int64, findings []cases.AllegationRecord, ruleSetVersion string, _ time.Time) error {
	return r.write(ctx, func(d *data) error {
		if err := d.versioned(caseID, version, func(c *caseRow) {
			c.rec.Status, c.rec.RuleSetVersion = cases.StatusAssessment, ruleSetVersion
		}, cases.StatusFactFinding); err != nil {
			return err
		}
		for _, f := range findings {
			a, ok := d.allegations[f.ID]
			if !ok {
				return fakeError("no such allegation")
			}
			a.Finding, a.ReasoningSealed = f.Finding, f.ReasoningSealed
			d.allegations[f.ID] = a
		}
		return nil
	})
}

// AddInterview stores an interview.
func (r *Repo) AddInterview(ctx context.Context, ir cases.InterviewRecord) error {
	return r.write(ctx, func(d *data) error {
		if _, err := d.caseOf(ir.CaseID); err != nil {
			return err
		}
		d.interviews[ir.ID] = ir
		return nil
	})
}

// Interviews lists the interviews in the order held.
func (r *Repo) Interviews(ctx context.Context, caseID uuid.UUID) ([]cases.InterviewRecord, error) {
	var out []cases.InterviewRecord
	err := r.read(ctx, func(d *data) error {
		out = sorted(d.interviews, func(i cases.InterviewRecord) bool { return i.CaseID == caseID },
			func(a, b cases.InterviewRecord) int {
				return cmp.Or(a.HeldOn.Compare(b.HeldOn), bytes.Compare(a.ID[:], b.ID[:]))
			})
		return nil
	})
	return out, err
}

// ApproveInterview sets the approval once; ErrNoSuchInterview when not in the case.
func (r *Repo) ApproveInterview(ctx context.Context, caseID, id uuid.UUID, at time.Time) error {
	return r.write(ctx, func(d *data) error {
		iv, ok := d.interviews[id]
		if !ok || iv.CaseID != caseID {
			return cases.ErrNoSuchInterview
		}
		if iv.ApprovedAt == nil {
			iv.ApprovedAt = &at
			d.interviews[id] = iv
		}
		return nil
	})
}

// SetSuspension imposes or lifts the suspension; ErrSuspensionState when that changes nothing.
func (r *Repo) SetSuspension(ctx context.Context, caseID uuid.UUID, suspended bool, _ []byte, _ string, _ time.Time) error {
	return r.write(ctx, func(d *data) error {
		c, err := d.caseOf(caseID)
		if err != nil {
			return err
		}
		if c.suspended == suspended {
			return cases.ErrSuspensionState
		}
		c.suspended = suspended
		d.cases[caseID] = c
		return nil
	})
}

// RecordAssessment stores the qualification once and replaces the grounds when given.
func (r *Repo) RecordAssessment(ctx context.Context, caseID uuid.UUID, sealed []byte, grounds []string, _ string, _ time.Time) error {
	return r.write(ctx, func(d *data) error {
		c, err := d.caseOf(caseID)
		if err != nil {
			return err
		}
		if c.assessed {
			return cases.ErrAssessmentExists
		}
		c.assessed, c.assessment = true, sealed
		if grounds != nil {
			c.grounds = slices.Sorted(slices.Values(grounds))
		}
		d.cases[caseID] = c
		return nil
	})
}

// Grounds returns the case's discrimination grounds, sorted.
func (r *Repo) Grounds(ctx context.Context, caseID uuid.UUID) ([]string, error) {
	var out []string
	err := r.read(ctx, func(d *data) error {
		if g := d.cases[caseID].grounds; len(g) > 0 {
			out = slices.Sorted(slices.Values(g))
		}
		return nil
	})
	return out, err
}

// AssessmentSealed returns the sealed qualification, or nil.
func (r *Repo) AssessmentSealed(ctx context.Context, caseID uuid.UUID) ([]byte, error) {
	var out []byte
	err := r.read(ctx, func(d *data) error { out = d.cases[caseID].assessment; return nil })
	return out, err
}

// Assessed reports whether the assessment was recorded.
func (r *Repo) Assessed(ctx context.Context, caseID uuid.UUID) (bool, error) {
	var ok bool
	err := r.read(ctx, func(d *data) error { ok = d.cases[caseID].assessed; return nil })
	return ok, err
}

// ---- evidence ----

// AddEvidence stores an evidence file.
func (r *Repo) AddEvidence(ctx context.Context, e cases.EvidenceRecord) error {
	return r.write(ctx, func(d *data) error {
		if _, err := d.caseOf(e.CaseID); err != nil {
			return err
		}
		d.evidence[e.ID] = e
		return nil
	})
}

// Evidence lists the case's evidence (or the one file id).
func (r *Repo) Evidence(ctx context.Context, caseID, id uuid.UUID) ([]cases.EvidenceRecord, error) {
	var out []cases.EvidenceRecord
	err := r.read(ctx, func(d *data) error {
		out = sorted(d.evidence, func(e cases.EvidenceRecord) bool { return e.CaseID == caseID && (id == uuid.Nil || e.ID == id) },
			func(a, b cases.EvidenceRecord) int {
				return cmp.Or(a.UploadedAt.Compare(b.UploadedAt), bytes.Compare(a.ID[:], b.ID[:]))
			})
		return nil
	})
	return out, err
}

// ---- conversations and oral reports ----

// AddConversation stores a logged conversation.
func (r *Repo) AddConversation(ctx context.Context, c cases.ConversationRecord) error {
	return r.write(ctx, func(d *data) error {
		if _, err := d.caseOf(c.CaseID); err != nil {
			return err
		}
		d.conversations[c.ID] = c
		return nil
	})
}

// UpdateConversation corrects a conversation the adviser logged while their part lasts.
func (r *Repo) UpdateConversation(ctx context.Context, caseID, id uuid.UUID, adviserSubject string, sealed []byte, at time.Time) (*cases.ConversationRecord, error) {
	var out *cases.ConversationRecord
	err := r.write(ctx, func(d *data) error {
		c, ok := d.conversations[id]
		_, ended := d.partEnded[id]
		switch {
		case !ok || c.CaseID != caseID || c.AdviserSubject != adviserSubject:
			return cases.ErrNoSuchConversation
		case c.NotesDestroyedAt != nil:
			return cases.ErrNotesDestroyed
		case ended:
			return cases.ErrPartEnded
		}
		c.ContentSealed, c.UpdatedAt = sealed, &at
		d.conversations[id] = c
		out = &c
		return nil
	})
	return out, err
}

// Conversations lists the adviser's conversations on the case, by when they took place.
func (r *Repo) Conversations(ctx context.Context, caseID uuid.UUID, adviserSubject string) ([]cases.ConversationRecord, error) {
	var out []cases.ConversationRecord
	err := r.read(ctx, func(d *data) error {
		out = sorted(d.conversations, func(c cases.ConversationRecord) bool { return c.CaseID == caseID && c.AdviserSubject == adviserSubject },
			func(a, b cases.ConversationRecord) int {
				return cmp.Or(a.HeldOn.Compare(b.HeldOn), a.CreatedAt.Compare(b.CreatedAt), bytes.Compare(a.ID[:], b.ID[:]))
			})
		return nil
	})
	return out, err
}

func (d *data) oralVersions(caseID uuid.UUID) []cases.OralReportVersionRecord {
	return sorted(d.oral, func(v cases.OralReportVersionRecord) bool { return v.CaseID == caseID },
		func(a, b cases.OralReportVersionRecord) int { return cmp.Compare(a.Version, b.Version) })
}

// LatestOralReportVersion returns the newest version, or nil.
func (r *Repo) LatestOralReportVersion(ctx context.Context, caseID uuid.UUID) (*cases.OralReportVersionRecord, error) {
	var out *cases.OralReportVersionRecord
	err := r.read(ctx, func(d *data) error {
		if vs := d.oralVersions(caseID); len(vs) > 0 {
			out = &vs[len(vs)-1]
		}
		return nil
	})
	return out, err
}

// AddOralReportVersion stores a version; ErrVersionConflict when its number is taken.
func (r *Repo) AddOralReportVersion(ctx context.Context, v cases.OralReportVersionRecord) error {
	return r.write(ctx, func(d *data) error {
		if _, err := d.caseOf(v.CaseID); err != nil {
			return err
		}
		for _, o := range d.oral {
			if o.CaseID == v.CaseID && o.Version == v.Version {
				return cases.ErrVersionConflict
			}
		}
		d.oral[v.ID] = v
		return nil
	})
}

// OralReportVersions lists every version, oldest first.
func (r *Repo) OralReportVersions(ctx context.Context, caseID uuid.UUID) ([]cases.OralReportVersionRecord, error) {
	var out []cases.OralReportVersionRecord
	err := r.read(ctx, func(d *data) error { out = d.oralVersions(caseID); return nil })
	return out, err
}

// ApproveOralReportVersion approves the latest version (once) and returns it.
func (r *Repo) ApproveOralReportVersion(ctx context.Context, caseID uuid.UUID, version int, at time.Time) (*cases.OralReportVersionRecord, error) {
	var out *cases.OralReportVersionRecord
	err := r.write(ctx, func(d *data) error {
		vs := d.oralVersions(caseID)
		if len(vs) == 0 {
			return cases.ErrNoOralReport
		}
		latest := vs[len(vs)-1]
		if latest.Version != version {
			return cases.ErrVersionConflict
		}
		if latest.ApprovedAt == nil {
			latest.ApprovedAt = &at
			d.oral[latest.ID] = latest
		}
		out = &latest
		return nil
	})
	return out, err
}

// ---- precedent drafts ----

// CreatePrecedentDraft stores a draft; ErrDraftExists when the case has one.
func (r *Repo) CreatePrecedentDraft(ctx context.Context, dr cases.PrecedentDraftRecord) error {
	return r.write(ctx, func(d *data) error {
		if _, err := d.caseOf(dr.CaseID); err != nil {
			return err
		}
		for _, o := range d.drafts {
			if o.CaseID == dr.CaseID {
				return cases.ErrDraftExists
			}
		}
		dr.Version = 1
		d.drafts[dr.ID] = dr
		return nil
	})
}

// PrecedentDraft returns a draft; ErrNoDraft when there is none.
func (r *Repo) PrecedentDraft(ctx context.Context, id uuid.UUID) (*cases.PrecedentDraftRecord, error) {
	var out *cases.PrecedentDraftRecord
	err := r.read(ctx, func(d *data) error {
		dr, ok := d.drafts[id]
		if !ok {
			return cases.ErrNoDraft
		}
		out = &dr
		return nil
	})
	return out, err
}

// SubmittedPrecedentDrafts lists the submitted drafts.
func (r *Repo) SubmittedPrecedentDrafts(ctx context.Context) ([]cases.PrecedentDraftRecord, error) {
	var out []cases.PrecedentDraftRecord
	err := r.read(ctx, func(d *data) error {
		out = sorted(d.drafts, func(dr cases.PrecedentDraftRecord) bool { return dr.Status == cases.DraftSubmitted },
			func(a, b cases.PrecedentDraftRecord) int { return bytes.Compare(a.ID[:], b.ID[:]) })
		return nil
	})
	return out, err
}

// UpdatePrecedentDraft replaces content and status if still at version.
func (r *Repo) UpdatePrecedentDraft(ctx context.Context, id uuid.UUID, version int64, sealed []byte, status string, at time.Time) error {
	return r.write(ctx, func(d *data) error {
		dr, ok := d.drafts[id]
		if !ok || dr.Version != version {
			return cases.ErrVersionConflict
		}
		dr.ContentSealed, dr.Status, dr.UpdatedAt = sealed, status, at
		dr.Version++
		d.drafts[id] = dr
		return nil
	})
}

// PublishPrecedentDraft stores the precedent and deletes the submitted draft if still at version.
func (r *Repo) PublishPrecedentDraft(ctx context.Context, id uuid.UUID, version int64, p precedents.Prepared) (uuid.UUID, error) {
	pid := uuid.New()
	err := r.write(ctx, func(d *data) error {
		dr, ok := d.drafts[id]
		if !ok || dr.Version != version || dr.Status != cases.DraftSubmitted {
			return cases.ErrVersionConflict
		}
		delete(d.drafts, id)
		d.precedents[pid] = p
		return nil
	})
	if err != nil {
		return uuid.Nil, err
	}
	return pid, nil
}

// Precedents returns the precedents published so far.
func (r *Repo) Precedents() []precedents.Prepared {
	var out []precedents.Prepared
	_ = r.read(context.Background(), func(d *data) error {
		for _, p := range d.precedents {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// ---- organisation lookups ----

// AdviserByID returns the adviser, or nil.
func (r *Repo) AdviserByID(ctx context.Context, id uuid.UUID) (*cases.AdviserRef, error) {
	var out *cases.AdviserRef
	err := r.read(ctx, func(d *data) error {
		if a, ok := d.advisers[id]; ok {
			out = &a
		}
		return nil
	})
	return out, err
}

// AdviserBySubject returns the adviser who signs in as staffSubject, or nil.
func (r *Repo) AdviserBySubject(ctx context.Context, staffSubject string) (*cases.AdviserRef, error) {
	var out *cases.AdviserRef
	err := r.read(ctx, func(d *data) error {
		for _, a := range d.advisers {
			if a.StaffSubject == staffSubject {
				out = &a
			}
		}
		return nil
	})
	return out, err
}

func (d *data) unitRef(u Unit) *cases.UnitRef {
	ref := &cases.UnitRef{ID: u.ID, Code: u.Code, Name: u.Name, ParentCode: u.ParentCode}
	if m, ok := d.employeeByNumber(u.ManagerNumber); ok && u.ManagerNumber != "" {
		ref.ManagerSubject = m.StaffSubject
	}
	return ref
}

// UnitByCode returns the unit with this code, or nil.
func (r *Repo) UnitByCode(ctx context.Context, code string) (*cases.UnitRef, error) {
	var out *cases.UnitRef
	err := r.read(ctx, func(d *data) error {
		for _, u := range d.units {
			if u.Code == code {
				out = d.unitRef(u)
			}
		}
		return nil
	})
	return out, err
}

// UnitByID returns the unit, or nil.
func (r *Repo) UnitByID(ctx context.Context, id uuid.UUID) (*cases.UnitRef, error) {
	var out *cases.UnitRef
	err := r.read(ctx, func(d *data) error {
		if u, ok := d.units[id]; ok {
			out = d.unitRef(u)
		}
		return nil
	})
	return out, err
}

// UnitsManagedBy returns the units whose manager signs in as staffSubject.
func (r *Repo) UnitsManagedBy(ctx context.Context, staffSubject string) ([]uuid.UUID, error) {
	var out []uuid.UUID
	err := r.read(ctx, func(d *data) error {
		for _, u := range d.units {
			if d.unitRef(u).ManagerSubject == staffSubject && staffSubject != "" {
				out = append(out, u.ID)
			}
		}
		return nil
	})
	return out, err
}

// ConflictedSubjects returns who may never see the case: its subjects and their managers above.
func (r *Repo) ConflictedSubjects(ctx context.Context, caseID uuid.UUID) ([]string, error) {
	var out []string
	err := r.read(ctx, func(d *data) error {
		chart := d.chart()
		for _, id := range d.cases[caseID].subjects {
			e := d.employees[id]
			out = append(out, chart.ConflictedAbout(e.StaffSubject, e.UnitCode)...)
		}
		return nil
	})
	return out, err
}

// SubjectConflicts returns the employee and who a link to them would conflict.
func (r *Repo) SubjectConflicts(ctx context.Context, employeeNumber string) (uuid.UUID, []string, error) {
	var (
		id  uuid.UUID
		out []string
	)
	err := r.read(ctx, func(d *data) error {
		e, ok := d.employeeByNumber(employeeNumber)
		if !ok {
			return cases.ErrNoSuchEmployee
		}
		id, out = e.ID, d.chart().ConflictedAbout(e.StaffSubject, e.UnitCode)
		return nil
	})
	return id, out, err
}

// PeopleOf returns the people the case names in the organisation data.
func (r *Repo) PeopleOf(ctx context.Context, caseID uuid.UUID) (cases.CasePeople, error) {
	var p cases.CasePeople
	err := r.read(ctx, func(d *data) error {
		c, err := d.caseOf(caseID)
		if err != nil {
			return err
		}
		addEmp := func(e Employee, ok bool) {
			if !ok {
				return
			}
			p.Names = append(p.Names, e.Name)
			p.EmployeeNumbers = append(p.EmployeeNumbers, e.Number)
			if e.StaffSubject != "" {
				p.StaffSubjects = append(p.StaffSubjects, e.StaffSubject)
			}
		}
		unitByCode := func(code string) (Unit, bool) {
			for _, u := range d.units {
				if u.Code == code {
					return u, true
				}
			}
			return Unit{}, false
		}
		for _, id := range c.subjects {
			e := d.employees[id]
			addEmp(e, true)
			if u, ok := unitByCode(e.UnitCode); ok {
				p.Units = append(p.Units, u.Name)
				if u.ManagerNumber != "" {
					addEmp(d.employeeByNumber(u.ManagerNumber))
				}
			}
		}
		if c.rec.UnitID != nil {
			if u, ok := d.units[*c.rec.UnitID]; ok {
				p.Units = append(p.Units, u.Name)
				if u.ManagerNumber != "" {
					addEmp(d.employeeByNumber(u.ManagerNumber))
				}
			}
		}
		if c.rec.AdviserID != nil {
			if a, ok := d.advisers[*c.rec.AdviserID]; ok {
				p.Names = append(p.Names, a.Name)
				p.StaffSubjects = append(p.StaffSubjects, a.StaffSubject)
			}
		}
		if inv := c.investigation; inv != nil && len(inv.Team) > 0 {
			for _, e := range d.employees {
				if e.StaffSubject != "" && slices.Contains(inv.Team, e.StaffSubject) {
					addEmp(e, true)
				}
			}
			p.StaffSubjects = append(p.StaffSubjects, inv.Team...)
		}
		return nil
	})
	return p, err
}

// SmallUnits returns the names of the units with fewer than n employees.
func (r *Repo) SmallUnits(ctx context.Context, n int) ([]string, error) {
	var out []string
	err := r.read(ctx, func(d *data) error {
		count := map[string]int{}
		for _, e := range d.employees {
			count[e.UnitCode]++
		}
		for _, u := range d.units {
			if count[u.Code] < n {
				out = append(out, u.Name)
			}
		}
		return nil
	})
	return out, err
}
