package store

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/adviser"
	"github.com/utrecht/meldpunt/ent/allegation"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/ent/conversation"
	"github.com/utrecht/meldpunt/ent/message"
	"github.com/utrecht/meldpunt/ent/weighing"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/demo"
	"github.com/utrecht/meldpunt/internal/org"
)

var _ demo.Writer = (*Store)(nil)

// DemoOrganisation implements demo.Writer: the units that have a manager who signs in, and the
// active advisers; a demo organisation (5 directorates of 4 teams) and 14 demo advisers are
// imported first when there are none.
func (s *Store) DemoOrganisation(ctx context.Context) ([]demo.Unit, []demo.Adviser, error) {
	n, err := s.client.OrgUnit.Query().Count(ctx)
	if err != nil {
		return nil, nil, err
	}
	if n == 0 {
		var units []org.Unit
		var emps []org.Employee
		for d := 1; d <= 5; d++ {
			code := fmt.Sprintf("D%d", d)
			units = append(units, org.Unit{Code: code, Name: fmt.Sprintf("Directie %d", d), ManagerNumber: fmt.Sprintf("9%d00", d)})
			emps = append(emps, org.Employee{Number: fmt.Sprintf("9%d00", d), Name: fmt.Sprintf("Directeur %d", d), UnitCode: code, StaffSubject: "demo-mgr-" + code})
			for t := 1; t <= 4; t++ {
				tc := fmt.Sprintf("%s-T%d", code, t)
				units = append(units, org.Unit{Code: tc, Name: fmt.Sprintf("Team %d.%d", d, t), ParentCode: code, ManagerNumber: fmt.Sprintf("9%d0%d", d, t)})
				emps = append(emps, org.Employee{Number: fmt.Sprintf("9%d0%d", d, t), Name: fmt.Sprintf("Teamleider %d.%d", d, t), UnitCode: tc, StaffSubject: "demo-mgr-" + tc})
			}
		}
		if _, err := s.ImportOrg(ctx, units, emps, nil); err != nil {
			return nil, nil, err
		}
	}
	us, err := s.client.OrgUnit.Query().WithManager().All(ctx)
	if err != nil {
		return nil, nil, err
	}
	var units []demo.Unit
	for _, u := range us {
		if m := u.Edges.Manager; m != nil && m.StaffSubject != nil {
			units = append(units, demo.Unit{ID: u.ID, ManagerSubject: *m.StaffSubject})
		}
	}
	if c, err := s.client.Adviser.Query().Count(ctx); err != nil {
		return nil, nil, err
	} else if c == 0 {
		var bulk []*ent.AdviserCreate
		for i := 1; i <= 14; i++ {
			kind := adviser.KindINTERNAL
			if i > 12 {
				kind = adviser.KindEXTERNAL
			}
			bulk = append(bulk, s.client.Adviser.Create().SetStaffSubject(fmt.Sprintf("demo-adviser-%d", i)).
				SetName(fmt.Sprintf("Vertrouwenspersoon %d", i)).SetKind(kind))
		}
		if err := s.client.Adviser.CreateBulk(bulk...).Exec(ctx); err != nil {
			return nil, nil, err
		}
	}
	as, err := s.client.Adviser.Query().Where(adviser.Active(true)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	var advisers []demo.Adviser
	for _, a := range as {
		advisers = append(advisers, demo.Adviser{ID: a.ID, Subject: a.StaffSubject, Kind: string(a.Kind)})
	}
	return units, advisers, nil
}

// WriteDemoCases implements demo.Writer: one transaction per batch, bulk inserts per table, one
// audit event per case ("demo.seed", by the system) so that the trail says where it came from.
func (s *Store) WriteDemoCases(ctx context.Context, batch []demo.Case) error {
	return s.WithTx(ctx, func(tx *ent.Tx) error {
		var (
			cs  []*ent.CaseFileCreate
			rs  []*ent.ReportCreate
			ids []*ent.ReporterIdentityCreate
			gs  []*ent.CaseGroundCreate
			ms  []*ent.MessageCreate
			cv  []*ent.ConversationCreate
			ws  []*ent.WeighingCreate
			is  []*ent.InvestigationCreate
			im  []*ent.InvestigationMemberCreate
			al  []*ent.AllegationCreate
			hs  []*ent.HearingCreate
			as  []*ent.AssessmentCreate
			ss  []*ent.SanctionDecisionCreate
			evs []*ent.AuditEventCreate
			hds []*ent.AuditHeadCreate
		)
		for _, c := range batch {
			cc := tx.CaseFile.Create().SetID(c.ID).SetReference(c.Reference).SetStatus(casefile.Status(c.Status)).
				SetCategory(string(c.Category)).SetChannel(string(c.Channel)).SetAnonymity(casefile.Anonymity(c.Anonymity)).
				SetReceivedAt(c.ReceivedAt).SetAckDueAt(c.AckDueAt).SetWrappedKey(c.WrappedKey).SetReceiptLookup(c.ReceiptLookup).
				SetCreatedAt(c.ReceivedAt).SetUpdatedAt(c.ReceivedAt).SetNillableAdviserID(c.AdviserID).SetNillableUnitID(c.UnitID).
				SetNillableAcknowledgedAt(c.AcknowledgedAt).SetNillableFeedbackDueAt(c.FeedbackDueAt).SetNillableEscalatedAt(c.EscalatedAt).
				SetNillableWeighingDueAt(c.WeighingDueAt).SetNillableWeighedAt(c.WeighedAt).SetNillableClosedAt(c.ClosedAt).
				SetOutcome(c.Outcome).SetRuleSetVersion(c.RuleSet).SetPseudonymous(c.Pseudonymous)
			if c.AcknowledgedAt != nil {
				cc = cc.SetAcknowledgedBy("demo")
			}
			cs = append(cs, cc)
			rs = append(rs, tx.Report.Create().SetCaseID(c.ID).SetContentSealed(c.ReportSealed).SetCreatedAt(c.ReceivedAt))
			if c.IdentitySealed != nil {
				ids = append(ids, tx.ReporterIdentity.Create().SetCaseID(c.ID).SetIdentitySealed(c.IdentitySealed).SetCreatedAt(c.ReceivedAt))
			}
			for _, g := range c.Grounds {
				gs = append(gs, tx.CaseGround.Create().SetCaseID(c.ID).SetGround(g))
			}
			for _, m := range c.Messages {
				ms = append(ms, tx.Message.Create().SetID(m.ID).SetCaseID(c.ID).SetAuthor(message.Author(m.Author)).
					SetAuthorSubject(m.AuthorSubject).SetBodySealed(m.BodySealed).SetSentAt(m.SentAt))
			}
			for _, v := range c.Conversations {
				cv = append(cv, tx.Conversation.Create().SetID(v.ID).SetCaseID(c.ID).SetAdviserSubject(v.AdviserSubject).
					SetHeldOn(v.HeldOn).SetForm(conversation.Form(v.Form)).SetDurationMinutes(v.DurationMinutes).
					SetContentSealed(v.ContentSealed).SetCreatedAt(v.CreatedAt))
			}
			if w := c.Weighing; w != nil {
				ws = append(ws, tx.Weighing.Create().SetCaseID(c.ID).SetOutcome(weighing.Outcome(w.Outcome)).SetDecidedBy(w.DecidedBy).
					SetDecidedAt(w.DecidedAt).SetContentSealed(w.ContentSealed))
			}
			if c.Plan != nil {
				is = append(is, tx.Investigation.Create().SetCaseID(c.ID).SetStartedBy(c.Weighing.DecidedBy).SetStartedAt(c.PlanAt).SetPlanSealed(c.Plan))
				for _, m := range c.Team {
					im = append(im, tx.InvestigationMember.Create().SetCaseID(c.ID).SetStaffSubject(m).SetAssignedBy(c.Weighing.DecidedBy).SetAssignedAt(c.PlanAt))
				}
			}
			for _, a := range c.Allegations {
				ac := tx.Allegation.Create().SetID(a.ID).SetCaseID(c.ID).SetNormID(a.NormID).SetSeverity(allegation.Severity(a.Severity)).
					SetDescriptionSealed(a.DescriptionSealed).SetAddedBy(a.AddedBy).SetAddedAt(a.AddedAt)
				if a.Finding != "" {
					ac = ac.SetFinding(allegation.Finding(a.Finding)).SetReasoningSealed(a.ReasoningSealed)
				}
				al = append(al, ac)
			}
			if h := c.Hearing; h != nil {
				hs = append(hs, tx.Hearing.Create().SetCaseID(c.ID).SetHeldOn(h.HeldOn).SetDeclined(h.Declined).SetRecordedBy(h.RecordedBy))
			}
			if c.Assessment != nil {
				as = append(as, tx.Assessment.Create().SetCaseID(c.ID).SetQualificationSealed(c.Assessment).SetAssessedBy(c.Team[0]).SetAssessedAt(c.AssessedAt))
			}
			if d := c.Sanction; d != nil {
				sc := tx.SanctionDecision.Create().SetCaseID(c.ID).SetSanction(d.Sanction).SetRecommended(d.Recommended).
					SetRuleSetVersion(d.RuleSetVersion).SetLighterThanRecommended(d.Lighter).SetFactsKnownAt(d.FactsKnownAt).
					SetDecidedAt(d.DecidedAt).SetDecidedBy(d.DecidedBy).SetLate(d.Late).SetCircumstances(d.Circumstances).SetFiredRules(d.FiredRules)
				if d.MotivationSealed != nil {
					sc = sc.SetMotivationSealed(d.MotivationSealed)
				}
				ss = append(ss, sc)
			}
			// Each case's one event is the first of its trail: sealed, linked to nothing.
			// Its head names it.
			id := c.ID
			rec := audit.Record{ID: uuid.New(), Event: audit.Event{
				At: audit.StoredTime(c.ReceivedAt), Actor: audit.Actor{Kind: audit.ActorSystem, ID: "demo"},
				Action: "demo.seed", CaseID: &id, Fields: []string{"case"},
			}}
			s.sealRecord(&rec)
			evs = append(evs, s.auditCreate(tx.AuditEvent, rec))
			if rec.MAC != nil {
				hds = append(hds, tx.AuditHead.Create().SetID(id).SetMAC(rec.MAC))
			}
		}
		steps := []func() error{
			func() error { return chunked(ctx, cs, tx.CaseFile.CreateBulk) },
			func() error { return chunked(ctx, rs, tx.Report.CreateBulk) },
			func() error { return chunked(ctx, ids, tx.ReporterIdentity.CreateBulk) },
			func() error { return chunked(ctx, gs, tx.CaseGround.CreateBulk) },
			func() error { return chunked(ctx, ms, tx.Message.CreateBulk) },
			func() error { return chunked(ctx, cv, tx.Conversation.CreateBulk) },
			func() error { return chunked(ctx, ws, tx.Weighing.CreateBulk) },
			func() error { return chunked(ctx, is, tx.Investigation.CreateBulk) },
			func() error { return chunked(ctx, im, tx.InvestigationMember.CreateBulk) },
			func() error { return chunked(ctx, al, tx.Allegation.CreateBulk) },
			func() error { return chunked(ctx, hs, tx.Hearing.CreateBulk) },
			func() error { return chunked(ctx, as, tx.Assessment.CreateBulk) },
			func() error { return chunked(ctx, ss, tx.SanctionDecision.CreateBulk) },
			func() error { return chunked(ctx, evs, tx.AuditEvent.CreateBulk) },
			func() error { return chunked(ctx, hds, tx.AuditHead.CreateBulk) },
		}
		for _, st := range steps {
			if err := st(); err != nil {
				return err
			}
		}
		return nil
	})
}

// execer is what every ent bulk builder has.
type execer interface{ Exec(context.Context) error }

// chunked runs a bulk create in chunks small enough for SQLite's and PostgreSQL's limits on
// parameters per statement.
func chunked[C any, B execer](ctx context.Context, items []C, bulk func(...C) B) error {
	for start := 0; start < len(items); start += 200 {
		if err := bulk(items[start:min(start+200, len(items))]...).Exec(ctx); err != nil {
			return fmt.Errorf("demo bulk insert: %w", err)
		}
	}
	return nil
}
