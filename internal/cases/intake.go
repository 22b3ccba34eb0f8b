package cases

import (
	"context"
	"crypto/hmac"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/receipt"
	"github.com/utrecht/meldpunt/internal/taxonomy"
)

// Sealed field names, bound into each ciphertext's associated data.
const (
	fieldReport   = "report"
	fieldIdentity = "identity"
	fieldMessage  = "message"
)

// MAC purposes.
const (
	macIdempotency = "idempotency-key"
	macFingerprint = "filing-fingerprint"
	macReplayKey   = "replay-key"
)

// validateReport does the cross-field checks the proto rules cannot express.
func validateReport(r NewReport) error {
	if _, ok := LookupCategory(r.Category); !ok {
		return apperr.Invalid("category", "unknown category %q", r.Category)
	}
	if strings.TrimSpace(r.Content.Description) == "" {
		return apperr.Invalid("description", "describe what happened")
	}
	switch r.Anonymity {
	case Anonymous:
		if r.Identity != nil {
			return apperr.Invalid("identity", "must be empty for an anonymous report: nothing that identifies you is stored")
		}
		if r.Notify != nil {
			return errAnonymousNotify("notify_email")
		}
	case Confidential, Named:
		if r.Identity == nil || strings.TrimSpace(r.Identity.Name) == "" {
			return apperr.Invalid("identity.name", "is required for a %s report", strings.ToLower(string(r.Anonymity)))
		}
	default:
		return apperr.Invalid("anonymity", "choose anonymous, confidential or named")
	}
	if err := validateGrounds(r.Category, r.Grounds); err != nil {
		return err
	}
	if u, err := uuid.Parse(r.IdempotencyKey); err != nil || u == uuid.Nil {
		return apperr.Invalid("idempotency_key", "must be a random UUID made once per report")
	}
	return nil
}

// validateGrounds checks discrimination grounds: known codes, only for discrimination.
func validateGrounds(c Category, grounds []string) error {
	if len(grounds) > 0 && c != "DISCRIMINATION" {
		return apperr.Invalid("discrimination_grounds", "only for a report of discrimination")
	}
	for _, g := range grounds {
		if _, ok := taxonomy.Ground(g); !ok {
			return apperr.Invalid("discrimination_grounds", "unknown ground %q", g)
		}
	}
	return nil
}

// normalGrounds sorts and de-duplicates grounds.
func normalGrounds(grounds []string) []string {
	if len(grounds) == 0 {
		return nil
	}
	out := slices.Clone(grounds)
	slices.Sort(out)
	return slices.Compact(out)
}

// canonicalKey is the idempotency key in one spelling, so that "{...}", upper case or
// "urn:uuid:..." forms of one UUID are one key.
func canonicalKey(k string) string { return uuid.MustParse(k).String() }

// FileReport files a report from the web form and returns its receipt code. A retry with the
// same idempotency key and the same content returns the same case and, within the replay window,
// the same receipt code: a reporter whose phone lost the first answer is not locked out. The code
// is kept for that only sealed under a key derived from the idempotency key (which only the client
// has) and the server's MAC key, and is erased once the reporter logs in with it.
//
// A filing is held to the filing budget of its source and of the replica (Config.Filings): past
// it, nothing is stored and the answer is "too many", with the time to wait — unless the filing
// is a retry of a report already stored, which is answered as above. The budget is taken just
// before the report is stored and given back if nothing new was stored, so that a stored report
// is never answered with an error because of it.
func (s *IntakeService) FileReport(ctx context.Context, r NewReport) (Filed, error) {
	return s.file(ctx, r, filing{channel: ChannelWebForm, actor: audit.Reporter, action: audit.ActionFileReport, budget: true})
}

// filing says how a case comes in: through the web form, or as a signal a manager or HR
// received directly and recorded, which has reached the employer at once (direct != nil).
type filing struct {
	channel Channel
	actor   audit.Actor
	action  string
	direct  *UnitRef // the unit whose manager weighs a directly received signal
	// subjects are linked at once, by staff subject by.
	subjects []uuid.UUID
	by       string
	// budget: the filing counts against the filing budget of its source.
	budget bool
	// receiptLookup, when set, is the keyed hash of a receipt code the reporter already holds
	// (that of their matching entries): the case takes it, and no new code is made or shown.
	receiptLookup []byte
}

func (s *IntakeService) file(ctx context.Context, r NewReport, how filing) (filed Filed, err error) {
	if err := validateReport(r); err != nil {
		return Filed{}, err
	}
	r.IdempotencyKey = canonicalKey(r.IdempotencyKey)
	idemLookup := s.vault.MAC(macIdempotency, []byte(r.IdempotencyKey))
	fingerprint, err := s.fingerprint(r)
	if err != nil {
		return Filed{}, err
	}
	// No look-up before the insert: retries are rare, and the insert itself detects a used key
	// (ErrIdempotencyTaken below), so a first filing costs one statement less.
	var adviser *AdviserRef
	if r.AdviserID != nil {
		if adviser, err = s.adviserFor(ctx, nil, *r.AdviserID); err != nil {
			return Filed{}, err
		}
	}
	if how.budget && s.filings != nil {
		ok, wait, giveBack := s.filings.Take(r.Source)
		if !ok {
			return s.overBudget(ctx, r.IdempotencyKey, idemLookup, fingerprint, wait)
		}
		stored := false
		defer func() {
			if !stored {
				giveBack() // nothing new was stored: a retry, or a failure
			}
		}()
		defer func() { stored = err == nil && !filed.Replayed }()
	}
	now := s.clock()
	code, err := receipt.New()
	if err != nil {
		return Filed{}, err
	}
	caseID := uuid.New()
	wrapped, ck, err := s.vault.NewCaseKey(caseID.String())
	if err != nil {
		return Filed{}, err
	}
	reportJSON, err := json.Marshal(r.Content)
	if err != nil {
		return Filed{}, err
	}
	reportSealed, err := ck.Seal(fieldReport, reportJSON)
	if err != nil {
		return Filed{}, err
	}
	var identitySealed []byte
	if r.Identity != nil {
		idJSON, err := json.Marshal(r.Identity)
		if err != nil {
			return Filed{}, err
		}
		if identitySealed, err = ck.Seal(fieldIdentity, idJSON); err != nil {
			return Filed{}, err
		}
	}
	var notifySealed []byte
	if r.Notify != nil {
		if notifySealed, err = sealNotify(ck, r.Notify); err != nil {
			return Filed{}, err
		}
	}
	receiptLookup := s.vault.MAC(receipt.MACPurpose, code.Canonical())
	var replaySealed []byte
	if how.receiptLookup != nil {
		receiptLookup, code = how.receiptLookup, receipt.Code{}
	} else if replaySealed, err = s.sealReplay(r.IdempotencyKey, caseID, code.String()); err != nil {
		return Filed{}, err
	}
	// An anonymous report is timed to the hour only: a precise time of filing could be lined up
	// with network or badge logs to find the reporter. The deadline counts from that hour, so it
	// can only come earlier, never later.
	received := now
	if r.Anonymity == Anonymous {
		received = now.Truncate(time.Hour)
	}
	replayUntil := now.Add(s.replayWindow)
	if r.Anonymity == Anonymous {
		replayUntil = replayUntil.Truncate(time.Hour).Add(time.Hour) // rounded up, not to time the filing
	}
	rec := NewCaseRecord{
		Summary: Summary{
			ID: caseID, Status: StatusReceived, Category: r.Category, Anonymity: r.Anonymity,
			Channel: how.channel, ReceivedAt: received, AckDueAt: s.policy.AckDue(received), Version: 1,
			AdviserID: r.AdviserID,
		},
		WrappedKey:         wrapped,
		ReceiptLookup:      receiptLookup,
		IdempotencyLookup:  idemLookup,
		RequestFingerprint: fingerprint,
		ReplaySealed:       replaySealed,
		ReplayUntil:        replayUntil,
		ReportSealed:       reportSealed,
		IdentitySealed:     identitySealed,
		NotifySealed:       notifySealed,
		Grounds:            normalGrounds(r.Grounds),
	}
	if u := how.direct; u != nil {
		// Received in person by the employer: receipt is acknowledged on the spot, and the
		// accountable manager must weigh it.
		weighDue, fbDue := received.Add(s.policy.WeighWithin), s.policy.FeedbackDue(received)
		rec.Status, rec.UnitID, rec.EscalatedAt, rec.WeighingDueAt = StatusWeighing, &u.ID, &received, &weighDue
		rec.AcknowledgedAt, rec.FeedbackDueAt = &received, &fbDue
		// Told to HR in confidence, the identity does not travel on to the manager; told to
		// the manager in person, the manager knows it already.
		rec.Pseudonymous = how.channel == ChannelHR && r.Anonymity != Named
		rec.SubjectIDs, rec.LinkedBy = how.subjects, how.by
	}
	fields := []string{"category", "anonymity", "report"}
	if len(r.Grounds) > 0 {
		fields = append(fields, "grounds")
	}
	if r.AdviserID != nil {
		fields = append(fields, "adviser")
	}
	if identitySealed != nil {
		fields = append(fields, "identity")
	}
	if notifySealed != nil {
		fields = append(fields, "notify_email")
	}
	for attempt := 0; ; attempt++ {
		if rec.Reference, err = newReference(); err != nil {
			return Filed{}, err
		}
		ev := audit.New(now, how.actor, how.action, caseID, requestID(ctx), fields...)
		err = s.caseRepo.CreateCase(ctx, rec, ev)
		switch {
		case err == nil:
			if adviser != nil {
				rec.Summary.AdviserName = adviser.Name
			}
			if how.receiptLookup != nil {
				return Filed{Summary: rec.Summary}, nil
			}
			return Filed{Summary: rec.Summary, ReceiptCode: code.String()}, nil
		case errors.Is(err, ErrReferenceTaken) && attempt < 5:
			continue
		case errors.Is(err, ErrIdempotencyTaken):
			// A retry, or a concurrent copy of the same submission that won the race: answer as
			// the first one was answered.
			prev, err := s.caseRepo.CaseByIdempotency(ctx, idemLookup)
			if err != nil {
				return Filed{}, err
			}
			if prev == nil {
				return Filed{}, fmt.Errorf("idempotency key taken but no case found")
			}
			return s.replay(ctx, r.IdempotencyKey, fingerprint, prev)
		default:
			return Filed{}, err
		}
	}
}

// overBudget answers a filing past the filing budget: a retry of a report already stored gets
// that report's answer; anything else is refused with the time to wait, and nothing is stored.
func (s *IntakeService) overBudget(ctx context.Context, idemKey string, idemLookup, fingerprint []byte, wait time.Duration) (Filed, error) {
	prev, err := s.caseRepo.CaseByIdempotency(ctx, idemLookup)
	if err != nil {
		return Filed{}, err
	}
	if prev != nil {
		return s.replay(ctx, idemKey, fingerprint, prev)
	}
	return Filed{}, apperr.RateLimitedFor(wait,
		"too many reports were just filed from your network or in total; nothing was stored: "+
			"send this report again in %d seconds, or contact a confidential adviser", apperr.Seconds(wait))
}

// fingerprint is a keyed hash of everything the reporter submitted.
func (s *IntakeService) fingerprint(r NewReport) ([]byte, error) {
	b, err := json.Marshal(struct {
		C Category
		R ReportContent
		A Anonymity
		I *Identity
		V *uuid.UUID
		G []string       `json:",omitempty"`
		N *NotifyAddress `json:",omitempty"`
	}{r.Category, r.Content, r.Anonymity, r.Identity, r.AdviserID, normalGrounds(r.Grounds), r.Notify})
	if err != nil {
		return nil, err
	}
	return s.vault.MAC(macFingerprint, b), nil
}

// replay answers a retried filing. Handing out the receipt code again is audited.
func (s *IntakeService) replay(ctx context.Context, idemKey string, fingerprint []byte, prev *CaseRecord) (Filed, error) {
	if !hmac.Equal(fingerprint, prev.RequestFingerprint) {
		return Filed{}, apperr.Conflict("idempotency_key was already used for a different report; make a new key for a new report")
	}
	if prev.ReplaySealed == nil || prev.ReplayUntil == nil || s.clock().After(*prev.ReplayUntil) {
		return Filed{}, apperr.Conflict("this report was already received as case %s; its receipt code can no longer be shown", prev.Reference)
	}
	code, err := s.openReplay(idemKey, prev.ID, prev.ReplaySealed)
	if err != nil {
		return Filed{}, err
	}
	if err := s.record(ctx, audit.New(s.clock(), audit.Reporter, audit.ActionReplayFiling, prev.ID, requestID(ctx), "receipt_code")); err != nil {
		return Filed{}, err
	}
	return Filed{Summary: prev.Summary, ReceiptCode: code, Replayed: true}, nil
}

// sealReplay keeps the receipt code so that only a retry with the same idempotency key can have it
// back, bound to its case (associated data) so that it cannot be moved to another.
func (s *IntakeService) sealReplay(idemKey string, caseID uuid.UUID, code string) ([]byte, error) {
	return s.vault.SealForSecret(macReplayKey, []byte(idemKey), []byte(code), caseID[:])
}

func (s *IntakeService) openReplay(idemKey string, caseID uuid.UUID, sealed []byte) (string, error) {
	pt, err := s.vault.OpenForSecret(macReplayKey, []byte(idemKey), sealed, caseID[:])
	if err != nil {
		return "", err
	}
	return string(pt), nil
}
