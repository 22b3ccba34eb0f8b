package cases

import (
	"context"

	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/sanctions"
)

// SanctionAdvice is what the manager and the team weigh before a sanction is decided: what the
// rules allow and recommend for the case's findings, and the comparable precedents with the
// recommendation placed among them.
type SanctionAdvice struct {
	Evaluation sanctions.Result
	// Comparable are the comparable precedents; nil without a precedent library.
	Comparable *precedents.LookupResult
}

// AdviseSanction evaluates the case's findings against the rules (see EvaluateSanction) and,
// when a precedent library is given, looks up the precedents comparable to the case — its
// category, grounds, proven norms and facts, with the assessed circumstances — and places the
// recommended sanction among them. The lookup is audited against the case as the actor's.
func (s *SanctionService) AdviseSanction(ctx context.Context, a StaffActor, ref string, c Circumstances, library *precedents.Service) (SanctionAdvice, error) {
	res, err := s.EvaluateSanction(ctx, a, ref, c)
	if err != nil {
		return SanctionAdvice{}, err
	}
	out := SanctionAdvice{Evaluation: res}
	if library == nil {
		return out, nil
	}
	caseID, q, err := s.PrecedentQuery(ctx, a, ref)
	if err != nil {
		return SanctionAdvice{}, err
	}
	q.Aggravating, q.Mitigating, q.ProposedSanction = c.Aggravating, c.Mitigating, ""
	if res.Recommended != nil {
		q.ProposedSanction = string(*res.Recommended)
	}
	pa := precedents.Actor{Subject: a.Subject, HR: a.HR, IntegrityTeam: a.IntegrityTeam, RequestID: requestID(ctx)}
	lr, err := library.LookupForCase(ctx, pa, caseID, q)
	if err != nil {
		return SanctionAdvice{}, err
	}
	out.Comparable = &lr
	return out, nil
}
