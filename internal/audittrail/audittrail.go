// Package audittrail is the auditor's view of the audit trail (domain.md §3): the events of a
// case — who read or changed what, when, never content — and the check that the trail is as it
// was written (audit.Verify). Only the auditor reads it, and each read is itself recorded in the
// trail of the case read.
package audittrail

import (
	"context"
	"crypto/ed25519"
	"errors"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// Page sizes of List.
const (
	DefaultPageSize = 100
	MaxPageSize     = 500
)

// Actor is who reads the trail.
type Actor struct {
	Subject   string
	Auditor   bool
	RequestID string
}

// Repository reads trails. Both reads write the reader's own event (ev) in the same
// transaction, after reading: the answer is the trail as it was before the read, and the
// reader's event is sealed and linked like any other, so the trail stays intact.
type Repository interface {
	// CaseIDByReference returns the id of the case with this reference; ok is false when there
	// is no such case.
	CaseIDByReference(ctx context.Context, ref string) (id uuid.UUID, ok bool, err error)
	// AuditEvents returns at most limit of the case's events, oldest first, from offset, and how
	// many the case has.
	AuditEvents(ctx context.Context, caseID uuid.UUID, offset, limit int, ev audit.Event) ([]audit.Record, int, error)
	// AuditRecords returns every event of the case, with their seals, and what the case's record
	// of its latest event held, then records ev.
	AuditRecords(ctx context.Context, caseID uuid.UUID, ev audit.Event) ([]audit.Record, audit.Head, error)
}

// Config wires a Service.
type Config struct {
	Repo Repository
	// Seal recomputes seals; without it Verify is refused (the trail can still be listed).
	Seal audit.Sealer
	// Checkpoints keeps checkpoints and reads every trail at once; CheckpointKey signs them.
	// Without both, checkpoints and VerifyAll are refused.
	Checkpoints   CheckpointRepository
	CheckpointKey ed25519.PrivateKey
	Clock         func() time.Time // default time.Now
}

// Service serves the auditor.
type Service struct {
	repo  Repository
	seal  audit.Sealer
	cps   CheckpointRepository
	key   ed25519.PrivateKey
	clock func() time.Time
}

// New returns the service; Repo is required.
func New(cfg Config) (*Service, error) {
	if cfg.Repo == nil {
		return nil, errors.New("audittrail: Repo is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return &Service{repo: cfg.Repo, seal: cfg.Seal, cps: cfg.Checkpoints, key: cfg.CheckpointKey, clock: cfg.Clock}, nil
}

// Page is one page of a trail.
type Page struct {
	Events        []audit.Record
	NextPageToken string // "" after the last page
	Total         int
}

// Result is a verification of a trail.
type Result struct {
	audit.Verification
	VerifiedAt time.Time
}

func (s *Service) caseOf(ctx context.Context, a Actor, ref string) (uuid.UUID, error) {
	if !a.Auditor || a.Subject == "" {
		return uuid.Nil, apperr.Forbidden("only the auditor reads the audit trail")
	}
	id, ok, err := s.repo.CaseIDByReference(ctx, ref)
	if err != nil {
		return uuid.Nil, err
	}
	if !ok {
		return uuid.Nil, apperr.NotFound("no case %s", ref)
	}
	return id, nil
}

// List returns a page of the case's events, oldest first. pageToken is "" for the first page,
// else the NextPageToken of the page before. The read is audited.
func (s *Service) List(ctx context.Context, a Actor, ref string, pageSize int, pageToken string) (Page, error) {
	if pageSize <= 0 {
		pageSize = DefaultPageSize
	}
	if pageSize > MaxPageSize {
		return Page{}, apperr.Invalid("page_size", "at most %d", MaxPageSize)
	}
	offset := 0
	if pageToken != "" {
		n, err := strconv.Atoi(pageToken)
		if err != nil || n < 0 {
			return Page{}, apperr.Invalid("page_token", "is not a page token of this list")
		}
		offset = n
	}
	id, err := s.caseOf(ctx, a, ref)
	if err != nil {
		return Page{}, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadTrail, id, a.RequestID, "audit_events")
	evs, total, err := s.repo.AuditEvents(ctx, id, offset, pageSize, ev)
	if err != nil {
		return Page{}, err
	}
	p := Page{Events: evs, Total: total}
	if next := offset + len(evs); len(evs) > 0 && next < total {
		p.NextPageToken = strconv.Itoa(next)
	}
	return p, nil
}

// Verify checks the case's whole trail: every seal recomputed, every link looked up. The
// verification is audited; its own event comes after the trail it checked.
func (s *Service) Verify(ctx context.Context, a Actor, ref string) (Result, error) {
	id, err := s.caseOf(ctx, a, ref)
	if err != nil {
		return Result{}, err
	}
	if s.seal == nil {
		return Result{}, apperr.FailedPrecondition("this server has no key to verify the audit trail with")
	}
	now := s.clock()
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionVerifyTrail, id, a.RequestID, "audit_events")
	trail, head, err := s.repo.AuditRecords(ctx, id, ev)
	if err != nil {
		return Result{}, err
	}
	h := &head
	if id == audit.OrgTrailID && len(trail) == 0 && !head.Recorded {
		h = nil // an organisation trail nothing has been written to yet: no head to find
	}
	return Result{Verification: audit.Verify(trail, h, s.seal), VerifiedAt: now.UTC()}, nil
}
