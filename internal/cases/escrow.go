package cases

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// CheckAdviser says whether adviserID is an adviser a reporter can choose (active): the same
// refusal as ChooseAdviser otherwise. For a matching entry, which names its adviser before any
// case relates to it.
func (s *SupportService) CheckAdviser(ctx context.Context, adviserID uuid.UUID) error {
	_, err := s.adviserFor(ctx, nil, adviserID)
	return err
}

// ReporterCaseID is the id of the reporter's own case, after checking that their session still
// stands (the content was not destroyed).
func (s *IntakeService) ReporterCaseID(ctx context.Context, rs *ReporterSession) (uuid.UUID, error) {
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return uuid.Nil, err
	}
	return rec.ID, nil
}

// AdviserCaseID is the id of a case the actor is the assigned adviser of (refused otherwise, as
// for the conversations), for what only the case's adviser sees: whether its reporter went ahead
// together after a match. That is a read of the case, audited as one: the event names the field
// "match" only, the same whatever the answer, and nothing of any entry.
func (s *SupportService) AdviserCaseID(ctx context.Context, a StaffActor, ref string) (uuid.UUID, error) {
	rec, err := s.adviserOnly(ctx, a, ref)
	if err != nil {
		return uuid.Nil, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadCase, rec.ID, requestID(ctx), "match")
	if err := s.record(ctx, ev); err != nil {
		return uuid.Nil, err
	}
	return rec.ID, nil
}

// GoAheadTogether takes a consented match into the reporter's own case, on the usual path: the
// named employee is linked as a subject (so that they and their managers are conflicted from now
// on), the adviser chosen in the entry becomes the case's adviser unless that adviser is
// conflicted (then intake assigns one, as for any case), and the account goes to the case as the
// reporter's message. It returns the case reference, which the others who go ahead see.
func (s *SupportService) GoAheadTogether(ctx context.Context, rs *ReporterSession, employeeNumber string, adviserID uuid.UUID, body string) (string, error) {
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return "", err
	}
	// The account first: a closed case takes no message, and then nothing else changes either.
	ev := audit.New(s.clock(), audit.Reporter, audit.ActionReporterMessage, rec.ID, requestID(ctx), "message")
	if _, err := s.addMessage(ctx, rec, AuthorReporter, "", body, ev); err != nil {
		return "", err
	}
	return s.linkAndAssign(ctx, rec, employeeNumber, adviserID)
}

// linkAndAssign links the named employee as the case's subject and gives the case to the
// adviser chosen in the entry unless that adviser is no longer available or is conflicted (then
// intake assigns one, as for any case). It returns the case reference.
func (s *SupportService) linkAndAssign(ctx context.Context, rec *CaseRecord, employeeNumber string, adviserID uuid.UUID) (string, error) {
	_, conflicts, err := s.orgRepo.SubjectConflicts(ctx, employeeNumber)
	switch {
	case errors.Is(err, ErrNoSuchEmployee):
		// Gone from the register since: the account names them; staff link them by hand.
	case err != nil:
		return "", err
	default:
		ev := audit.New(s.clock(), audit.Reporter, audit.ActionLinkSubject, rec.ID, requestID(ctx), "subjects")
		if _, err := loggedGet(ctx, s.core, ev, func(ctx context.Context) (int, error) {
			return s.supportRepo.LinkSubject(ctx, rec.ID, employeeNumber, "reporter", ev.At)
		}); err != nil && !errors.Is(err, ErrNoSuchEmployee) {
			return "", err
		}
	}
	adv, err := s.adviserFor(ctx, nil, adviserID)
	if err != nil || slices.Contains(conflicts, adv.StaffSubject) {
		return rec.Reference, nil // no longer available or conflicted: intake assigns one
	}
	if rec.AdviserID != nil && *rec.AdviserID == adv.ID {
		return rec.Reference, nil
	}
	cur, err := s.caseRepo.CaseByID(ctx, rec.ID) // the link changed the version
	if err != nil || cur == nil {
		return "", err
	}
	ev := audit.New(s.clock(), audit.Reporter, audit.ActionChooseAdviser, rec.ID, requestID(ctx), "adviser")
	if err := s.logged(ctx, ev, func(ctx context.Context) error {
		return s.supportRepo.SetAdviser(ctx, cur.ID, cur.Version, adv.ID, ev.Actor.ID, ev.At)
	}); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return rec.Reference, nil // changed by staff just now; the account is on the case
		}
		return "", err
	}
	return rec.Reference, nil
}

// An entry-only session: someone who made matching entries without filing a report signs in
// with the receipt code of those entries. Nothing is stored for it: the token is the keyed hash
// of that code and the session's end, sealed under a key derived from the vault's MAC key, so
// that a copy of the database holds no session of anyone who has not reported. It sees the
// entries only (ReporterSession.Receipt); once the reporter goes ahead, the same code opens the
// case filed then, and the same token becomes a session on that case.
const (
	holderTokenPrefix = SessionTokenPrefix + "." // "." is not in base64url: never a case session's
	macHolderSession  = "escrow-holder-session"
)

var holderSessionSecret = []byte("meldpunt entry session v1")

type holderToken struct {
	Lookup []byte    `json:"l"`
	Ends   time.Time `json:"e"`
}

// OpenEntrySession makes the session token of the holder of an entry-only receipt code, given
// the keyed hash of that code (receipt.MACPurpose); the caller checked that entries exist.
func (s *IntakeService) OpenEntrySession(lookup []byte) (string, time.Time, error) {
	ends := s.clock().Truncate(time.Minute).Add(s.ttl)
	pt, err := json.Marshal(holderToken{Lookup: lookup, Ends: ends})
	if err != nil {
		return "", time.Time{}, err
	}
	box, err := s.vault.SealForSecret(macHolderSession, holderSessionSecret, pt, nil)
	if err != nil {
		return "", time.Time{}, err
	}
	return holderTokenPrefix + base64.RawURLEncoding.EncodeToString(box), ends, nil
}

var errSessionEnded = apperr.Unauthenticated("your session has ended; log in again with your receipt code")

// authenticateHolder resolves an entry-only session token: to the case filed with its code if
// there is one now, else to a session on the entries of the code.
func (s *IntakeService) authenticateHolder(ctx context.Context, token string) (*ReporterSession, error) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(token, holderTokenPrefix))
	if err != nil {
		return nil, errSessionEnded
	}
	pt, err := s.vault.OpenForSecret(macHolderSession, holderSessionSecret, raw, nil)
	if err != nil {
		return nil, errSessionEnded
	}
	var t holderToken
	if err := json.Unmarshal(pt, &t); err != nil || len(t.Lookup) == 0 || !s.clock().Before(t.Ends) {
		return nil, errSessionEnded
	}
	rec, err := s.caseRepo.CaseByReceipt(ctx, t.Lookup)
	if err != nil {
		return nil, err
	}
	if rec != nil {
		if rec.ContentDestroyedAt != nil {
			return nil, errSessionEnded
		}
		return &ReporterSession{CaseID: rec.ID}, nil
	}
	return &ReporterSession{Receipt: t.Lookup}, nil
}

// FileTogether files the report of someone who made a matching entry without a report and now
// goes ahead together: anonymous, the account as its text, under the receipt code they already
// hold (lookup, its keyed hash) — one code to keep, no new one to write down at this moment —
// with the named employee linked as its subject and the adviser they chose. Intake is told as of
// any report. It returns the case's id and reference.
func (s *Service) FileTogether(ctx context.Context, lookup []byte, employeeNumber string, adviserID uuid.UUID, account string) (uuid.UUID, string, error) {
	if len(lookup) == 0 {
		return uuid.Nil, "", errSessionEnded
	}
	r := NewReport{IdempotencyKey: uuid.NewString(), Category: "UNWANTED_BEHAVIOUR_OTHER",
		Content: ReportContent{Description: account}, Anonymity: Anonymous}
	filed, err := s.IntakeService.file(ctx, r, filing{channel: ChannelWebForm, actor: audit.Reporter, action: audit.ActionFileReport, receiptLookup: lookup})
	if err != nil {
		return uuid.Nil, "", err
	}
	rec, err := s.c.caseRepo.CaseByID(ctx, filed.Summary.ID)
	if err != nil || rec == nil {
		return uuid.Nil, "", errors.Join(err, errors.New("cases: filed case not found"))
	}
	ref, err := s.SupportService.linkAndAssign(ctx, rec, employeeNumber, adviserID)
	return rec.ID, ref, err
}

// EscrowOnBehalf is what a matching entry made by the case's adviser for its reporter needs: the
// case (its reporter makes the entry) and its adviser (who gets a match). Only the case's
// assigned adviser, and only with the reporter's consent for it recorded on the case (purpose
// ESCROW, active). Nothing is audited here: that an entry exists is itself confidential; the
// consent was audited when it was recorded.
func (s *SupportService) EscrowOnBehalf(ctx context.Context, a StaffActor, ref string) (caseID, adviserID uuid.UUID, err error) {
	rec, err := s.adviserOnly(ctx, a, ref)
	if err != nil {
		return uuid.Nil, uuid.Nil, err
	}
	if rec.AdviserID == nil {
		return uuid.Nil, uuid.Nil, apperr.FailedPrecondition("case %s has no adviser", ref)
	}
	cs, err := s.supportRepo.Consents(ctx, rec.ID)
	if err != nil {
		return uuid.Nil, uuid.Nil, err
	}
	if activeConsent(cs, PurposeEscrow) == nil {
		return uuid.Nil, uuid.Nil, apperr.FailedPrecondition("the reporter has not consented to a matching entry on their behalf; record their consent (purpose ESCROW) first")
	}
	return rec.ID, *rec.AdviserID, nil
}
