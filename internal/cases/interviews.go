package cases

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// Interview is one interview of a fact-finding, opened.
type Interview struct {
	ID          uuid.UUID
	Role        string // REPORTER, WITNESS, SUBJECT
	HeldOn      time.Time
	Interviewer string
	Interviewee string
	Minutes     string
	ApprovedAt  *time.Time
}

// InterviewRecord is an interview as stored: interviewee and minutes sealed.
type InterviewRecord struct {
	ID            uuid.UUID
	CaseID        uuid.UUID
	Role          string
	HeldOn        time.Time
	Interviewer   string
	ContentSealed []byte
	ApprovedAt    *time.Time
}

// ErrNoSuchInterview is returned when the interview is not in the case.
var ErrNoSuchInterview = errors.New("no such interview")

type interviewContent struct {
	Interviewee string `json:"interviewee"`
	Minutes     string `json:"minutes"`
}

func interviewField(id uuid.UUID, role string) string { return "interview/" + id.String() + "/" + role }

// RecordInterview records an interview held during the fact-finding.
func (s *InvestigationService) RecordInterview(ctx context.Context, a StaffActor, ref, role string, heldOn time.Time, interviewee, minutes string) (Interview, error) {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return Interview{}, err
	}
	if !may(ActionRecordInterview).In(rec.Status) {
		return Interview{}, apperr.FailedPrecondition("interviews belong to the fact-finding; case %s is %s", ref, rec.Status)
	}
	switch role {
	case "REPORTER", "WITNESS", "SUBJECT":
	default:
		return Interview{}, apperr.Invalid("role", "choose reporter, witness or subject")
	}
	if strings.TrimSpace(interviewee) == "" || strings.TrimSpace(minutes) == "" {
		return Interview{}, apperr.Invalid("minutes", "record who was heard and the minutes")
	}
	now := s.clock()
	if heldOn.After(now.Add(5 * time.Minute)) {
		return Interview{}, apperr.Invalid("held_on", "an interview cannot be recorded before it took place")
	}
	payload, err := json.Marshal(interviewContent{Interviewee: interviewee, Minutes: minutes})
	if err != nil {
		return Interview{}, err
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return Interview{}, err
	}
	id := uuid.New()
	sealed, err := ck.Seal(interviewField(id, role), payload)
	if err != nil {
		return Interview{}, err
	}
	ir := InterviewRecord{ID: id, CaseID: rec.ID, Role: role, HeldOn: heldOn.UTC(), Interviewer: a.Subject, ContentSealed: sealed}
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionRecordInterview, rec.ID, requestID(ctx), "interview")
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.invRepo.AddInterview(ctx, ir) }); err != nil {
		return Interview{}, err
	}
	return Interview{ID: id, Role: role, HeldOn: ir.HeldOn, Interviewer: a.Subject, Interviewee: interviewee, Minutes: minutes}, nil
}

// Interviews lists the interviews with their minutes; the read is audited.
func (s *InvestigationService) Interviews(ctx context.Context, a StaffActor, ref string) ([]Interview, error) {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadInterviews, rec.ID, requestID(ctx), "interviews")
	recs, err := loggedGet(ctx, s.core, ev, func(ctx context.Context) ([]InterviewRecord, error) { return s.invRepo.Interviews(ctx, rec.ID) })
	if err != nil {
		return nil, err
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return nil, err
	}
	out := make([]Interview, 0, len(recs))
	for _, r := range recs {
		pt, err := ck.Open(interviewField(r.ID, r.Role), r.ContentSealed)
		if err != nil {
			return nil, err
		}
		var c interviewContent
		if err := json.Unmarshal(pt, &c); err != nil {
			return nil, err
		}
		out = append(out, Interview{ID: r.ID, Role: r.Role, HeldOn: r.HeldOn, Interviewer: r.Interviewer, Interviewee: c.Interviewee, Minutes: c.Minutes, ApprovedAt: r.ApprovedAt})
	}
	return out, nil
}

// ApproveInterview records that the interviewee approved the minutes (idempotent).
func (s *InvestigationService) ApproveInterview(ctx context.Context, a StaffActor, ref string, id uuid.UUID) (Interview, error) {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return Interview{}, err
	}
	if !may(ActionApproveInterview).In(rec.Status) {
		return Interview{}, apperr.FailedPrecondition("minutes are approved during the fact-finding; case %s is %s", ref, rec.Status)
	}
	now := s.clock()
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionApproveInterview, rec.ID, requestID(ctx), "interview.approved_at")
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.invRepo.ApproveInterview(ctx, rec.ID, id, now) }); err != nil {
		if errors.Is(err, ErrNoSuchInterview) {
			return Interview{}, apperr.Invalid("interview_id", "is not an interview of case %s", ref)
		}
		return Interview{}, err
	}
	all, err := s.Interviews(ctx, a, ref)
	if err != nil {
		return Interview{}, err
	}
	for _, iv := range all {
		if iv.ID == id {
			return iv, nil
		}
	}
	return Interview{}, apperr.NotFound("no interview %s in case %s", id, ref)
}
