package cases

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// Purpose is what a consent is for.
type Purpose string

// The consent purposes (domain.md §3).
const (
	PurposePassOn           Purpose = "PASS_ON"
	PurposeFormalReport     Purpose = "FORMAL_REPORT"
	PurposeDiscloseIdentity Purpose = "DISCLOSE_IDENTITY"
	// PurposeEscrow: the case's adviser may make a matching entry ("not alone") for the reporter.
	PurposeEscrow Purpose = "ESCROW"
)

// Consent is one recorded consent.
type Consent struct {
	ID          uuid.UUID
	Purpose     Purpose
	GivenAt     time.Time
	RecordedBy  string // adviser subject; "" when the reporter gave it in their session
	RevokedAt   *time.Time
	ActedUponAt *time.Time
}

// Active reports whether the consent counts: given and not revoked.
func (c Consent) Active() bool { return c.RevokedAt == nil }

// ErrConsentActedUpon is returned by the repository when a revocation comes too late.
var ErrConsentActedUpon = errors.New("consent acted upon")

func validPurpose(p Purpose) error {
	switch p {
	case PurposePassOn, PurposeFormalReport, PurposeDiscloseIdentity, PurposeEscrow:
		return nil
	}
	return apperr.Invalid("purpose", "choose pass on, formal report, disclose identity or escrow")
}

// activeConsent returns the active consent for a purpose, if any.
func activeConsent(cs []Consent, p Purpose) *Consent {
	for i := range cs {
		if cs[i].Purpose == p && cs[i].Active() {
			return &cs[i]
		}
	}
	return nil
}

// giveConsent records a consent unless an active one for the purpose exists (idempotent).
func (s *SupportService) giveConsent(ctx context.Context, rec *CaseRecord, p Purpose, recordedBy string, ev audit.Event) ([]Consent, error) {
	if err := validPurpose(p); err != nil {
		return nil, err
	}
	cs, err := s.supportRepo.Consents(ctx, rec.ID)
	if err != nil {
		return nil, err
	}
	if activeConsent(cs, p) != nil {
		return cs, nil
	}
	c := Consent{ID: uuid.New(), Purpose: p, GivenAt: ev.At, RecordedBy: recordedBy}
	if recordedBy == "" && rec.Anonymity == Anonymous {
		c.GivenAt = c.GivenAt.Truncate(time.Hour)
	}
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.supportRepo.AddConsent(ctx, rec.ID, c) }); err != nil {
		return nil, err
	}
	return append(cs, c), nil
}

// GiveConsent records the reporter's own consent through their session.
func (s *SupportService) GiveConsent(ctx context.Context, rs *ReporterSession, p Purpose) ([]Consent, error) {
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return nil, err
	}
	ev := audit.New(s.clock(), audit.Reporter, audit.ActionGiveConsent, rec.ID, requestID(ctx), "consent:"+string(p))
	return s.giveConsent(ctx, rec, p, "", ev)
}

// RecordConsent records a consent the reporter gave their adviser in a conversation. Only the
// case's assigned adviser records consents: the adviser is who the reporter gave it to.
func (s *SupportService) RecordConsent(ctx context.Context, a StaffActor, ref string, p Purpose) ([]Consent, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	if !may(ActionRecordConsent).permits(a, rel) {
		return nil, apperr.Forbidden("only the case's adviser records the reporter's consent")
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionRecordConsent, rec.ID, requestID(ctx), "consent:"+string(p))
	return s.giveConsent(ctx, rec, p, a.Subject, ev)
}

// RevokeConsent revokes the reporter's consent for a purpose, unless it was acted upon already.
func (s *SupportService) RevokeConsent(ctx context.Context, rs *ReporterSession, p Purpose) ([]Consent, error) {
	if err := validPurpose(p); err != nil {
		return nil, err
	}
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return nil, err
	}
	cs, err := s.supportRepo.Consents(ctx, rec.ID)
	if err != nil {
		return nil, err
	}
	c := activeConsent(cs, p)
	if c == nil {
		return cs, nil
	}
	if c.ActedUponAt != nil {
		return nil, apperr.FailedPrecondition("this consent was already acted upon and can no longer be revoked")
	}
	now := s.clock()
	ev := audit.New(now, audit.Reporter, audit.ActionRevokeConsent, rec.ID, requestID(ctx), "consent:"+string(p))
	if err := s.logged(ctx, ev, func(ctx context.Context) error {
		return s.supportRepo.RevokeConsent(ctx, c.ID, now.Truncate(time.Hour))
	}); err != nil {
		if errors.Is(err, ErrConsentActedUpon) {
			return nil, apperr.FailedPrecondition("this consent was just acted upon and can no longer be revoked")
		}
		return nil, err
	}
	return s.supportRepo.Consents(ctx, rec.ID)
}

// MyConsents lists the consents on the reporter's case.
func (s *SupportService) MyConsents(ctx context.Context, rs *ReporterSession) ([]Consent, error) {
	return s.supportRepo.Consents(ctx, rs.CaseID)
}
