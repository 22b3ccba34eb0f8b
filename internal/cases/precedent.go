package cases

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/precedents/anonymize"
)

// Moresprudentie from the case side (domain.md §7): the manager and the investigators of a case
// compare it with the precedent library, and turn a closed case into a draft precedent that HR
// reviews and approves. The draft derives from case content, so until approval it is sealed with
// the case key and dies with the case; the approved precedent keeps no link to the case.

// Audit actions of the draft workflow.
const (
	ActionCreatePrecedentDraft  = "case.precedent_draft.create"
	ActionReadPrecedentDraft    = "case.precedent_draft.read"
	ActionUpdatePrecedentDraft  = "case.precedent_draft.update"
	ActionSubmitPrecedentDraft  = "case.precedent_draft.submit"
	ActionReturnPrecedentDraft  = "case.precedent_draft.return"
	ActionApprovePrecedentDraft = "case.precedent_draft.approve"
)

// Draft statuses.
const (
	DraftOpen      = "DRAFT"
	DraftSubmitted = "SUBMITTED"
)

// PrecedentDraftRecord is a draft as stored.
type PrecedentDraftRecord struct {
	ID            uuid.UUID
	CaseID        uuid.UUID
	Status        string
	ContentSealed []byte
	CreatedBy     string
	UpdatedAt     time.Time
	Version       int64
}

// PrecedentDraft is a draft, opened.
type PrecedentDraft struct {
	ID           uuid.UUID
	Status       string
	Record       precedents.Record
	Removed      []anonymize.Replacement
	ReturnRemark string
	Version      int64
	UpdatedAt    time.Time
	// CaseReference is set only for the case's own handlers, never for HR.
	CaseReference string
}

type sealedDraft struct {
	Record       precedents.Record       `json:"record"`
	Removed      []anonymize.Replacement `json:"removed,omitempty"`
	ReturnRemark string                  `json:"return_remark,omitempty"`
}

// CasePeople are the people and places a case knows by name, for the anonymisation.
type CasePeople struct {
	Names           []string
	EmployeeNumbers []string
	StaffSubjects   []string
	Units           []string // the units of the case and of its subjects
}

// Errors of the draft repository.
var (
	ErrDraftExists = errors.New("precedent draft exists")
	ErrNoDraft     = errors.New("no such precedent draft")
)

// smallUnit is the size below which a unit's name identifies its members.
const smallUnit = 25

func draftField(id uuid.UUID) string { return "precedent_draft/" + id.String() }

// PrecedentQuery builds the lookup of comparable precedents for a case: its category, grounds,
// the norms of its allegations, the circumstances assessed in its sanction decision or given,
// and the facts as text (the allegations, else the report). Only the case's manager and its
// investigators may compare (the read of the allegations and report is audited).
func (s *SanctionService) PrecedentQuery(ctx context.Context, a StaffActor, ref string) (uuid.UUID, precedents.Query, error) {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return uuid.Nil, precedents.Query{}, err
	}
	q := precedents.Query{Language: "nl"}
	q.Category = string(rec.Category)
	if q.Grounds, err = s.invRepo.Grounds(ctx, rec.ID); err != nil {
		return uuid.Nil, q, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadAllegations, rec.ID, requestID(ctx), "allegations", "precedent_lookup")
	records, _, err := s.allegations(ctx, s.invRepo, rec.ID, ev)
	if err != nil {
		return uuid.Nil, q, err
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return uuid.Nil, q, err
	}
	var text []string
	for _, r := range records {
		if r.Finding == NotProven {
			continue // a fact that was not proven does not make cases comparable
		}
		q.Norms = append(q.Norms, r.NormID)
		d, err := ck.Open(allegationField(r.ID, "description"), r.DescriptionSealed)
		if err != nil {
			return uuid.Nil, q, err
		}
		text = append(text, string(d))
	}
	if len(text) == 0 {
		ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadCase, rec.ID, requestID(ctx), "report", "precedent_lookup")
		reportSealed, _, err := s.readContent(ctx, rec.ID, false, ev)
		if err != nil {
			return uuid.Nil, q, err
		}
		c, err := s.openReport(rec, reportSealed)
		if err != nil {
			return uuid.Nil, q, err
		}
		text = append(text, c.Description)
	}
	q.Text = strings.Join(text, "\n")
	sr, err := s.sanctionRepo.SanctionDecision(ctx, rec.ID)
	if err != nil {
		return uuid.Nil, q, err
	}
	if sr != nil {
		var c Circumstances
		if err := json.Unmarshal([]byte(sr.Circumstances), &c); err == nil {
			q.Aggravating, q.Mitigating = c.Aggravating, c.Mitigating
		}
		q.ProposedSanction = sr.Sanction
	}
	slices.Sort(q.Norms)
	q.Norms = slices.Compact(q.Norms)
	return rec.ID, q, nil
}

// CreatePrecedentDraft builds a draft precedent from a case closed after fact-finding: its
// structured facts as they are, its texts (established facts, qualification, considerations)
// with personal data removed automatically. The case's manager or investigators make it; it is
// not published before HR approves it.
func (s *DraftService) CreatePrecedentDraft(ctx context.Context, a StaffActor, ref, organisation string) (PrecedentDraft, error) {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return PrecedentDraft{}, err
	}
	if !may(ActionDraftPrecedent).In(rec.Status) {
		return PrecedentDraft{}, apperr.FailedPrecondition("a precedent is made from a closed case; case %s is %s", ref, rec.Status)
	}
	now := s.clock()
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionReadAllegations, rec.ID, requestID(ctx), "allegations", "precedent_draft")
	records, _, err := s.allegations(ctx, s.invRepo, rec.ID, ev)
	if err != nil {
		return PrecedentDraft{}, err
	}
	var decided []AllegationRecord
	for _, r := range records {
		if r.Finding != "" {
			decided = append(decided, r)
		}
	}
	if len(decided) == 0 {
		return PrecedentDraft{}, apperr.FailedPrecondition("case %s was closed without findings on allegations; only cases closed after fact-finding make precedents", ref)
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return PrecedentDraft{}, err
	}
	known, err := s.knownPeople(ctx, rec, a)
	if err != nil {
		return PrecedentDraft{}, err
	}
	removed := map[string]int{}
	an := anonymize.New(known)
	clean := func(text string) string {
		r := an.Text(text)
		for _, rp := range r.Replacements {
			removed[rp.Kind] += rp.Count
		}
		return r.Text
	}

	r := precedents.Record{
		ExternalID: newExternalID(organisation), SourceOrganisation: organisation, Language: "nl",
		Category: string(rec.Category), Sanction: precedents.NoSanction,
	}
	r.Year = now.Year()
	if r.Grounds, err = s.invRepo.Grounds(ctx, rec.ID); err != nil {
		return PrecedentDraft{}, err
	}
	var facts []string
	proven, partly := false, false
	for _, al := range decided {
		d, err := ck.Open(allegationField(al.ID, "description"), al.DescriptionSealed)
		if err != nil {
			return PrecedentDraft{}, err
		}
		reasoning := ""
		if al.ReasoningSealed != nil {
			pt, err := ck.Open(allegationField(al.ID, "reasoning"), al.ReasoningSealed)
			if err != nil {
				return PrecedentDraft{}, err
			}
			reasoning = string(pt)
		}
		switch al.Finding {
		case Proven:
			proven = true
		case PartlyProven:
			partly = true
		}
		if al.Finding != NotProven {
			r.Norms = append(r.Norms, al.NormID)
		}
		facts = append(facts, fmt.Sprintf("%s (%s, %s): %s", strings.TrimSpace(string(d)), al.NormID, findingNL[al.Finding], strings.TrimSpace(reasoning)))
	}
	switch {
	case proven:
		r.Findings = string(Proven)
	case partly:
		r.Findings = string(PartlyProven)
	default:
		r.Findings = string(NotProven)
		for _, al := range decided {
			r.Norms = append(r.Norms, al.NormID)
		}
	}
	r.Summary = clean(strings.Join(facts, "\n"))
	if sealed, err := s.invRepo.AssessmentSealed(ctx, rec.ID); err != nil {
		return PrecedentDraft{}, err
	} else if sealed != nil {
		pt, err := ck.Open("assessment", sealed)
		if err != nil {
			return PrecedentDraft{}, err
		}
		r.Qualification = clean(string(pt))
	}
	sr, err := s.sanctionRepo.SanctionDecision(ctx, rec.ID)
	if err != nil {
		return PrecedentDraft{}, err
	}
	if sr != nil {
		r.Year = sr.DecidedAt.Year()
		r.Sanction = sr.Sanction
		var c Circumstances
		if err := json.Unmarshal([]byte(sr.Circumstances), &c); err == nil {
			r.Aggravating, r.Mitigating = c.Aggravating, c.Mitigating
		}
		if sr.MotivationSealed != nil {
			pt, err := ck.Open("sanction/motivation", sr.MotivationSealed)
			if err != nil {
				return PrecedentDraft{}, err
			}
			r.Considerations = clean(string(pt))
		}
	}
	r.Normalize()
	var reps []anonymize.Replacement
	for k, n := range removed {
		reps = append(reps, anonymize.Replacement{Kind: k, Count: n})
	}
	slices.SortFunc(reps, func(x, y anonymize.Replacement) int { return strings.Compare(x.Kind, y.Kind) })
	sd := sealedDraft{Record: r, Removed: reps}
	id := uuid.New()
	sealed, err := sealDraft(ck, id, sd)
	if err != nil {
		return PrecedentDraft{}, err
	}
	dr := PrecedentDraftRecord{ID: id, CaseID: rec.ID, Status: DraftOpen, ContentSealed: sealed, CreatedBy: a.Subject, UpdatedAt: now, Version: 1}
	ev = audit.New(now, audit.Staff(a.Subject), ActionCreatePrecedentDraft, rec.ID, requestID(ctx), "precedent_draft")
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.draftRepo.CreatePrecedentDraft(ctx, dr) }); err != nil {
		if errors.Is(err, ErrDraftExists) {
			return PrecedentDraft{}, apperr.Conflict("case %s has a precedent draft already; open it instead", ref)
		}
		return PrecedentDraft{}, err
	}
	return PrecedentDraft{ID: id, Status: DraftOpen, Record: r, Removed: reps, Version: 1, UpdatedAt: now, CaseReference: rec.Reference}, nil
}

var findingNL = map[Finding]string{Proven: "bewezen", PartlyProven: "deels bewezen", NotProven: "niet bewezen"}

// newExternalID is a random id: it must not lead back to the case (no reference, no date).
func newExternalID(organisation string) string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	slug := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, organisation)
	slug = strings.Trim(slug, "-")
	if slug == "" || len(slug) > 40 {
		slug = "meldpunt"
	}
	return fmt.Sprintf("%s-%x", slug, b)
}

// knownPeople collects everyone and everything the case names, for the anonymisation. The
// reporter's identity is read for this even by a manager who may not see it: it is used to
// remove the name, never shown — and the read is audited.
func (s *DraftService) knownPeople(ctx context.Context, rec *CaseRecord, a StaffActor) (anonymize.Known, error) {
	var k anonymize.Known
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadCase, rec.ID, requestID(ctx), "report", "identity", "anonymisation")
	reportSealed, identitySealed, err := s.readContent(ctx, rec.ID, rec.Anonymity != Anonymous, ev)
	if err != nil {
		return k, err
	}
	content, err := s.openReport(rec, reportSealed)
	if err != nil {
		return k, err
	}
	k.Names = append(k.Names, content.Subjects...)
	k.Names = append(k.Names, content.Witnesses...)
	if identitySealed != nil {
		ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
		if err != nil {
			return k, err
		}
		pt, err := ck.Open(fieldIdentity, identitySealed)
		if err != nil {
			return k, err
		}
		var id Identity
		if err := json.Unmarshal(pt, &id); err == nil {
			k.Names = append(k.Names, id.Name)
			if id.Department != "" {
				k.SmallUnits = append(k.SmallUnits, id.Department)
			}
		}
	}
	people, err := s.orgRepo.PeopleOf(ctx, rec.ID)
	if err != nil {
		return k, err
	}
	k.Names = append(k.Names, people.Names...)
	k.Names = append(k.Names, people.StaffSubjects...)
	k.EmployeeNumbers = append(k.EmployeeNumbers, people.EmployeeNumbers...)
	small, err := s.orgRepo.SmallUnits(ctx, smallUnit)
	if err != nil {
		return k, err
	}
	k.SmallUnits = append(k.SmallUnits, small...)
	k.SmallUnits = append(k.SmallUnits, people.Units...) // the case's own units identify it in any size
	return k, nil
}

func sealDraft(ck interface {
	Seal(field string, pt []byte) ([]byte, error)
}, id uuid.UUID, sd sealedDraft) ([]byte, error) {
	b, err := json.Marshal(sd)
	if err != nil {
		return nil, err
	}
	return ck.Seal(draftField(id), b)
}

// draftAccess says who stands how to a draft: a handler of its case, or HR reviewing it.
type draftAccess struct {
	rec     *CaseRecord
	dr      *PrecedentDraftRecord
	handler bool
}

func (s *DraftService) draftFor(ctx context.Context, a StaffActor, id uuid.UUID) (draftAccess, error) {
	notFound := apperr.NotFound("no such precedent draft")
	dr, err := s.draftRepo.PrecedentDraft(ctx, id)
	if errors.Is(err, ErrNoDraft) {
		return draftAccess{}, notFound
	}
	if err != nil {
		return draftAccess{}, err
	}
	rec, err := s.caseRepo.CaseByID(ctx, dr.CaseID)
	if err != nil {
		return draftAccess{}, err
	}
	if rec == nil || rec.ContentDestroyedAt != nil {
		return draftAccess{}, notFound
	}
	var refusedRel relation // how the refused actor stands to the case, for the trail
	if a.Manager || a.IntegrityTeam {
		rel, err := s.relation(ctx, a, rec)
		if err != nil {
			return draftAccess{}, err
		}
		if !rel.conflicted && (rel.escalatedManager || rel.investigator) {
			return draftAccess{rec: rec, dr: dr, handler: true}, nil
		}
		refusedRel.conflicted = rel.conflicted
	}
	if a.HR && dr.Status == DraftSubmitted {
		conflicted, err := s.orgRepo.ConflictedSubjects(ctx, rec.ID)
		if err != nil {
			return draftAccess{}, err
		}
		if !slices.Contains(conflicted, a.Subject) {
			return draftAccess{rec: rec, dr: dr}, nil
		}
		refusedRel.conflicted = true
	}
	return draftAccess{}, refusedWith(a, rec.Reference, rec, refusedRel, notFound)
}

func (s *DraftService) openDraft(acc draftAccess) (PrecedentDraft, error) {
	ck, err := s.vault.OpenCaseKey(acc.rec.ID.String(), acc.rec.WrappedKey)
	if err != nil {
		return PrecedentDraft{}, err
	}
	pt, err := ck.Open(draftField(acc.dr.ID), acc.dr.ContentSealed)
	if err != nil {
		return PrecedentDraft{}, err
	}
	var sd sealedDraft
	if err := json.Unmarshal(pt, &sd); err != nil {
		return PrecedentDraft{}, err
	}
	d := PrecedentDraft{ID: acc.dr.ID, Status: acc.dr.Status, Record: sd.Record, Removed: sd.Removed,
		ReturnRemark: sd.ReturnRemark, Version: acc.dr.Version, UpdatedAt: acc.dr.UpdatedAt}
	if acc.handler {
		d.CaseReference = acc.rec.Reference
	}
	return d, nil
}

// GetPrecedentDraft opens a draft for its case's handlers, or for HR once submitted.
func (s *DraftService) GetPrecedentDraft(ctx context.Context, a StaffActor, id uuid.UUID) (PrecedentDraft, error) {
	acc, err := s.draftFor(ctx, a, id)
	if err != nil {
		return PrecedentDraft{}, err
	}
	if err := s.record(ctx, audit.New(s.clock(), audit.Staff(a.Subject), ActionReadPrecedentDraft, acc.rec.ID, requestID(ctx), "precedent_draft")); err != nil {
		return PrecedentDraft{}, err
	}
	return s.openDraft(acc)
}

// ListPrecedentDrafts lists the drafts submitted for HR's review.
func (s *DraftService) ListPrecedentDrafts(ctx context.Context, a StaffActor) ([]PrecedentDraft, error) {
	if !a.HR {
		return nil, apperr.Forbidden("HR reviews the precedent drafts")
	}
	drs, err := s.draftRepo.SubmittedPrecedentDrafts(ctx)
	if err != nil {
		return nil, err
	}
	var out []PrecedentDraft
	for i := range drs {
		acc, err := s.draftFor(ctx, a, drs[i].ID)
		if err != nil {
			continue // conflicted, or destroyed meanwhile
		}
		if err := s.record(ctx, audit.New(s.clock(), audit.Staff(a.Subject), ActionReadPrecedentDraft, acc.rec.ID, requestID(ctx), "precedent_draft")); err != nil {
			return nil, err
		}
		d, err := s.openDraft(acc)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// UpdatePrecedentDraft replaces the draft's record: its handlers while it is a draft, HR while
// it is submitted. The record is validated as an import would validate it; its external id and
// source stay.
func (s *DraftService) UpdatePrecedentDraft(ctx context.Context, a StaffActor, id uuid.UUID, version int64, r precedents.Record) (PrecedentDraft, error) {
	acc, err := s.draftFor(ctx, a, id)
	if err != nil {
		return PrecedentDraft{}, err
	}
	if acc.handler && acc.dr.Status != DraftOpen {
		return PrecedentDraft{}, apperr.FailedPrecondition("the draft is with HR for review; HR can return it to you")
	}
	if !acc.handler && acc.dr.Status != DraftSubmitted {
		return PrecedentDraft{}, apperr.FailedPrecondition("the draft is not submitted")
	}
	cur, err := s.openDraft(acc)
	if err != nil {
		return PrecedentDraft{}, err
	}
	r.ExternalID, r.SourceOrganisation = cur.Record.ExternalID, cur.Record.SourceOrganisation
	r.Normalize()
	if err := r.Validate(s.clock()); err != nil {
		var fe *precedents.FieldError
		if errors.As(err, &fe) {
			return PrecedentDraft{}, apperr.Invalids(apperr.Violation{Field: "precedent." + fe.Field, Message: fe.Reason, Reason: fe.Code, Value: fe.Value})
		}
		return PrecedentDraft{}, err
	}
	return s.saveDraft(ctx, a, acc, version, sealedDraft{Record: r, Removed: cur.Removed, ReturnRemark: cur.ReturnRemark}, acc.dr.Status, ActionUpdatePrecedentDraft)
}

func (s *DraftService) saveDraft(ctx context.Context, a StaffActor, acc draftAccess, version int64, sd sealedDraft, status, action string) (PrecedentDraft, error) {
	ck, err := s.vault.OpenCaseKey(acc.rec.ID.String(), acc.rec.WrappedKey)
	if err != nil {
		return PrecedentDraft{}, err
	}
	sealed, err := sealDraft(ck, acc.dr.ID, sd)
	if err != nil {
		return PrecedentDraft{}, err
	}
	now := s.clock()
	ev := audit.New(now, audit.Staff(a.Subject), action, acc.rec.ID, requestID(ctx), "precedent_draft")
	if err := s.logged(ctx, ev, func(ctx context.Context) error {
		return s.draftRepo.UpdatePrecedentDraft(ctx, acc.dr.ID, version, sealed, status, now)
	}); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return PrecedentDraft{}, apperr.Aborted("the draft was changed meanwhile; reload it and try again")
		}
		return PrecedentDraft{}, err
	}
	acc.dr.Status, acc.dr.Version, acc.dr.UpdatedAt, acc.dr.ContentSealed = status, version+1, now, sealed
	return s.openDraft(acc)
}

// SubmitPrecedentDraft sends the draft to HR.
func (s *DraftService) SubmitPrecedentDraft(ctx context.Context, a StaffActor, id uuid.UUID, version int64) (PrecedentDraft, error) {
	acc, err := s.draftFor(ctx, a, id)
	if err != nil {
		return PrecedentDraft{}, err
	}
	if !acc.handler {
		return PrecedentDraft{}, apperr.Forbidden("the case's handlers submit its draft")
	}
	if acc.dr.Status != DraftOpen {
		return PrecedentDraft{}, apperr.FailedPrecondition("the draft was submitted already")
	}
	cur, err := s.openDraft(acc)
	if err != nil {
		return PrecedentDraft{}, err
	}
	return s.saveDraft(ctx, a, acc, version, sealedDraft{Record: cur.Record, Removed: cur.Removed}, DraftSubmitted, ActionSubmitPrecedentDraft)
}

// ReturnPrecedentDraft sends a submitted draft back to its handlers with HR's remark.
func (s *DraftService) ReturnPrecedentDraft(ctx context.Context, a StaffActor, id uuid.UUID, version int64, remark string) (PrecedentDraft, error) {
	if !a.HR {
		return PrecedentDraft{}, apperr.Forbidden("HR reviews the precedent drafts")
	}
	acc, err := s.draftFor(ctx, StaffActor{Subject: a.Subject, HR: true}, id)
	if err != nil {
		return PrecedentDraft{}, err
	}
	if strings.TrimSpace(remark) == "" {
		return PrecedentDraft{}, apperr.Invalid("remark", "say what must change")
	}
	cur, err := s.openDraft(acc)
	if err != nil {
		return PrecedentDraft{}, err
	}
	return s.saveDraft(ctx, a, acc, version, sealedDraft{Record: cur.Record, Removed: cur.Removed, ReturnRemark: remark}, DraftOpen, ActionReturnPrecedentDraft)
}

// ApprovePrecedentDraft publishes a submitted draft as a precedent — without any link to the
// case — and deletes the draft, in one transaction (HR).
func (s *DraftService) ApprovePrecedentDraft(ctx context.Context, a StaffActor, id uuid.UUID, version int64, publish func(precedents.Record) (precedents.Prepared, error)) (precedents.Stored, error) {
	if !a.HR {
		return precedents.Stored{}, apperr.Forbidden("HR approves the precedent drafts")
	}
	acc, err := s.draftFor(ctx, StaffActor{Subject: a.Subject, HR: true}, id)
	if err != nil {
		return precedents.Stored{}, err
	}
	cur, err := s.openDraft(acc)
	if err != nil {
		return precedents.Stored{}, err
	}
	p, err := publish(cur.Record)
	if err != nil {
		return precedents.Stored{}, err
	}
	now := s.clock()
	ev := audit.New(now, audit.Staff(a.Subject), ActionApprovePrecedentDraft, acc.rec.ID, requestID(ctx), "precedent_draft", "precedent:"+p.ExternalID)
	pid, err := loggedGet(ctx, s.core, ev, func(ctx context.Context) (uuid.UUID, error) {
		return s.draftRepo.PublishPrecedentDraft(ctx, acc.dr.ID, version, p)
	})
	if err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return precedents.Stored{}, apperr.Aborted("the draft was changed meanwhile; reload it and try again")
		}
		return precedents.Stored{}, err
	}
	return precedents.Stored{ID: pid, Record: p.Record, Origin: p.Origin, PublishedBy: p.PublishedBy, CreatedAt: now, UpdatedAt: now}, nil
}
