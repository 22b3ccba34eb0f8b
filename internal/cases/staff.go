package cases

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// StaffActor is the staff member making a call, as the transport authenticated them. The
// transport's table decides which RPCs a role may call at all; whether this person may see this
// case is decided here, per case (access.go).
type StaffActor struct {
	Subject string
	Intake  bool // receives web-form reports, assigns advisers
	Adviser bool // confidential adviser: sees only the cases assigned to them
	Manager bool // accountable manager: sees the cases escalated to their unit
	HR      bool // HR: records signals received directly, sees no case content
	// IntegrityTeam: Standby Team Integriteit; sees the cases whose fact-finding they are on.
	IntegrityTeam bool
}

// staffCase loads a case the actor may handle. A case the actor may not see is reported as not
// found, so that references cannot be probed.
func (s *core) staffCase(ctx context.Context, a StaffActor, ref string) (*CaseRecord, error) {
	rec, err := s.caseRepo.CaseByReference(ctx, ref)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, refused(a, ref, nil, relation{})
	}
	rel, err := s.relation(ctx, a, rec)
	if err != nil {
		return nil, err
	}
	if !rel.mayHandle() {
		return nil, refused(a, ref, rec, rel)
	}
	if rec.ContentDestroyedAt != nil {
		return nil, errDestroyed(ref)
	}
	return rec, nil
}

// Page is one page of a case list.
type Page struct {
	Cases []Summary
	Next  *Summary // the last case of this page when there may be more
}

// ListCases lists the cases the actor handles, without content, newest first: for intake the
// web-form cases, for an adviser the cases assigned to them ("my cases"); never a case in which
// the actor has a conflict of interest.
func (s *OverviewService) ListCases(ctx context.Context, a StaffActor, f ListFilter) (Page, error) {
	switch {
	case a.Intake:
		f.Channel = ChannelWebForm
	case a.Adviser:
		adv, err := s.orgRepo.AdviserBySubject(ctx, a.Subject)
		if err != nil {
			return Page{}, err
		}
		if adv == nil {
			return Page{}, nil // an adviser role without a profile holds no cases
		}
		f.AdviserID = &adv.ID
	case a.Manager:
		units, err := s.orgRepo.UnitsManagedBy(ctx, a.Subject)
		if err != nil {
			return Page{}, err
		}
		if len(units) == 0 {
			return Page{}, nil
		}
		f.UnitIDs, f.EscalatedOnly = units, true
	case a.IntegrityTeam:
		f.InvestigatorSubject = a.Subject
	default:
		return Page{}, apperr.Forbidden("your role does not hold cases")
	}
	f.ExcludeConflictsOf = a.Subject
	if f.Limit <= 0 {
		f.Limit = 50
	}
	want := f.Limit
	f.Limit++
	got, err := s.caseRepo.ListCases(ctx, f)
	if err != nil {
		return Page{}, err
	}
	p := Page{Cases: got}
	if len(got) > want {
		p.Cases = got[:want]
		last := p.Cases[want-1]
		p.Next = &last
	}
	return p, nil
}

// GetCase returns a case with its content; the read is audited. The manager a case was
// escalated to reads the report, the consents and the weighing, but the reporter's identity only
// when the reporter consented to disclose it.
func (s *OverviewService) GetCase(ctx context.Context, a StaffActor, ref string) (Detail, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return Detail{}, err
	}
	withIdentity := rec.Anonymity != Anonymous && (rel.mayHandle() || !rec.Pseudonymous)
	fields := []string{"report", "consents", "weighing"}
	if withIdentity {
		fields = append(fields, "identity")
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadCase, rec.ID, requestID(ctx), fields...)
	reportSealed, identitySealed, err := s.readContent(ctx, rec.ID, withIdentity, ev)
	if err != nil {
		return Detail{}, err
	}
	content, err := s.openReport(rec, reportSealed)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Summary: rec.Summary, Content: content}
	if identitySealed != nil {
		ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
		if err != nil {
			return Detail{}, err
		}
		pt, err := ck.Open(fieldIdentity, identitySealed)
		if err != nil {
			return Detail{}, err
		}
		d.Identity = new(Identity)
		if err := json.Unmarshal(pt, d.Identity); err != nil {
			return Detail{}, err
		}
	}
	if d.Consents, err = s.supportRepo.Consents(ctx, rec.ID); err != nil {
		return Detail{}, err
	}
	wr, err := s.weighingRepo.Weighing(ctx, rec.ID)
	if err != nil {
		return Detail{}, err
	}
	if d.Weighing, err = s.openWeighing(rec, wr); err != nil {
		return Detail{}, err
	}
	if d.Grounds, err = s.invRepo.Grounds(ctx, rec.ID); err != nil {
		return Detail{}, err
	}
	if d.InvestigationStarted, err = s.invRepo.HasInvestigation(ctx, rec.ID); err != nil {
		return Detail{}, err
	}
	view, err := s.caseView(ctx, rec, d.Consents, d.InvestigationStarted)
	if err != nil {
		return Detail{}, err
	}
	d.Allowed = AllowedActions(view, actorOf(a, rel))
	return d, nil
}

// Acknowledge records that receipt was acknowledged to the reporter, moves the case into
// support and starts the feedback deadline. An optional message goes to the reporter with it.
func (s *IntakeService) Acknowledge(ctx context.Context, a StaffActor, ref, message string) (Summary, error) {
	rec, err := s.staffCase(ctx, a, ref)
	if err != nil {
		return Summary{}, err
	}
	if rec.AcknowledgedAt != nil {
		return Summary{}, apperr.FailedPrecondition("case %s was already acknowledged", ref)
	}
	if !may(ActionAcknowledge).In(rec.Status) {
		return Summary{}, apperr.FailedPrecondition("case %s is closed", ref)
	}
	// A case escalated before anyone acknowledged it still owes the reporter the acknowledgement:
	// it is recorded whatever the status; only a case still RECEIVED moves into support.
	next := rec.Status
	if rec.Status == StatusReceived {
		next = StatusInSupport
	}
	now := s.clock()
	ack := Acknowledgement{
		CaseID: rec.ID, Version: rec.Version, At: now, By: a.Subject, FeedbackDueAt: s.policy.FeedbackDue(now),
		NewStatus: next,
	}
	fields := []string{"status", "acknowledged_at", "feedback_due_at"}
	if message != "" {
		m, err := s.sealMessage(rec, AuthorStaff, a.Subject, message, now)
		if err != nil {
			return Summary{}, err
		}
		ack.Message = &m
		fields = append(fields, "message")
	}
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionAcknowledge, rec.ID, requestID(ctx), fields...)
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.caseRepo.Acknowledge(ctx, ack) }); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return Summary{}, apperr.Aborted("case %s was changed by someone else just now; reload it and try again", ref)
		}
		return Summary{}, err
	}
	out := rec.Summary
	out.Status = next
	out.AcknowledgedAt = &ack.At
	out.FeedbackDueAt = &ack.FeedbackDueAt
	out.Version++
	return out, nil
}

// CaseMessages lists the messages on a case; the read is audited.
func (s *IntakeService) CaseMessages(ctx context.Context, a StaffActor, ref string) ([]Message, error) {
	rec, err := s.staffCase(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadMessages, rec.ID, requestID(ctx), "messages")
	return s.messages(ctx, rec, ev)
}

// SendCaseMessage sends a message from staff to the reporter.
func (s *IntakeService) SendCaseMessage(ctx context.Context, a StaffActor, ref, body string) (Message, error) {
	rec, err := s.staffCase(ctx, a, ref)
	if err != nil {
		return Message{}, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionSendMessage, rec.ID, requestID(ctx), "message")
	return s.addMessage(ctx, rec, AuthorStaff, a.Subject, body, ev)
}

// DueItem is one open deadline of one case.
type DueItem struct {
	Summary  Summary
	Deadline Deadline
}

// dueSoon is how far ahead "my deadlines" looks.
const dueSoon = 7 * 24 * time.Hour

// MyDeadlines lists the open deadlines of the cases the actor handles that are overdue or fall
// due within 7 days, soonest first. It reads the actor's case list (no content, not audited).
func (s *OverviewService) MyDeadlines(ctx context.Context, a StaffActor) ([]DueItem, error) {
	now := s.clock()
	var out []DueItem
	soon := now.Add(dueSoon)
	f := ListFilter{Limit: 200, DueBy: &soon}
	for pages := 0; pages < 50; pages++ {
		p, err := s.ListCases(ctx, a, f)
		if err != nil {
			return nil, err
		}
		for _, c := range p.Cases {
			for _, d := range s.policy.Deadlines(c, now) {
				if d.DueAt == nil || d.MetAt != nil || c.Status == StatusClosed {
					continue
				}
				if d.Overdue || !d.DueAt.After(now.Add(dueSoon)) {
					if d.Kind == DeadlineWeighing && !a.Manager {
						continue // the weighing is the manager's deadline
					}
					out = append(out, DueItem{Summary: c, Deadline: d})
				}
			}
		}
		if p.Next == nil {
			break
		}
		f.AfterReceivedAt, f.AfterID = &p.Next.ReceivedAt, p.Next.ID
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Deadline.DueAt.Before(*out[j].Deadline.DueAt) })
	return out, nil
}
