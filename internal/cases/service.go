package cases

import (
	"context"
	"crypto/rand"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/ratelimit"
	"github.com/utrecht/meldpunt/internal/reqctx"
	"github.com/utrecht/meldpunt/internal/sanctions"
	"github.com/utrecht/meldpunt/internal/vault"
)

// Config wires a Service.
type Config struct {
	Repo  Repository
	Vault *vault.Vault
	// Limiter is the budget of wrong receipt codes (see OpenSession).
	Limiter *ratelimit.Limiter
	// Filings is the budget of reports filed from the web form, the REST API and gRPC per
	// source and overall; nil sets none (tests and benchmarks that file many reports).
	Filings *ratelimit.Limiter
	Policy  Policy
	// SessionTTL is how long a reporter session lives (default 30 minutes).
	SessionTTL time.Duration
	// ReplayWindow is how long a retried filing can still get its receipt code back (default 1h;
	// for anonymous reports rounded up to the next whole hour).
	ReplayWindow time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// NormExists tells whether a norm id is in the current rule set (for allegations).
	NormExists func(ctx context.Context, id string) (bool, error)
	// RuleSet returns a version of the rule set, "" for the one in force (for sanction decisions).
	RuleSet func(ctx context.Context, version string) (*sanctions.RuleSet, error)
}

// Service carries out the commands of reporters and staff on cases. It is a facade over the
// capability services, each of which holds only the small repositories it needs (see their
// types), so what a part of the domain may touch is visible in its type and a test fake needs to
// implement only that. The shared parts — the unit of work, loading a case, the access checks,
// the vault and the clock — are in core, which every capability service embeds.
type Service struct {
	*IntakeService
	*SupportService
	*WeighingService
	*InvestigationService
	*SanctionService
	*DraftService
	*OverviewService
	c *core
}

// core is what every capability service shares: the unit of work, loading a case and the
// relation of an actor to it (access checks), sealing and the clock.
type core struct {
	tx       UnitOfWork
	caseRepo IntakeRepository
	orgRepo  OrganisationRepository
	// team tells whether a staff member is on a case's fact-finding team (for the relation).
	team         investigatorLookup
	vault        *vault.Vault
	limiter      *ratelimit.Limiter
	filings      *ratelimit.Limiter
	policy       Policy
	ttl          time.Duration
	replayWindow time.Duration
	now          func() time.Time
	normExists   func(ctx context.Context, id string) (bool, error)
	ruleSet      func(ctx context.Context, version string) (*sanctions.RuleSet, error)
}

// investigatorLookup is the one question the access checks ask of the fact-finding.
type investigatorLookup interface {
	InvestigatorOf(ctx context.Context, caseID uuid.UUID, staffSubject string) (bool, error)
}

// IntakeService files reports and signals, runs the reporters' sessions and carries the
// messages between reporter and staff.
type IntakeService struct {
	*core
	sessionRepo SessionRepository
}

// SupportService is the adviser's part: assignment, subjects, consent, escalation, logged
// conversations and oral reports.
type SupportService struct {
	*core
	supportRepo SupportRepository
	convRepo    ConversationRepository
}

// WeighingService is the manager's weighing.
type WeighingService struct {
	*core
	weighingRepo WeighingRepository
}

// InvestigationService is the fact-finding: the investigation, allegations, hearing,
// interviews, evidence, findings, assessment and suspension.
type InvestigationService struct {
	*core
	invRepo      InvestigationRepository
	evidenceRepo EvidenceRepository
}

// SanctionService evaluates, advises on and decides the sanction, and closes cases.
type SanctionService struct {
	*core
	invRepo      InvestigationRepository
	sanctionRepo SanctionRepository
}

// DraftService writes, reviews and publishes the anonymised precedent drafts.
type DraftService struct {
	*core
	invRepo      InvestigationRepository
	sanctionRepo SanctionRepository
	draftRepo    PrecedentDraftRepository
}

// OverviewService lists cases, shows one with the actions allowed on it, and the deadlines.
type OverviewService struct {
	*core
	supportRepo  SupportRepository
	weighingRepo WeighingRepository
	invRepo      InvestigationRepository
}

// New checks the configuration and returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.Repo == nil || cfg.Vault == nil || cfg.Limiter == nil {
		return nil, errors.New("cases: Repo, Vault and Limiter are required")
	}
	if err := cfg.Policy.Validate(); err != nil {
		return nil, err
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 30 * time.Minute
	}
	if cfg.ReplayWindow <= 0 {
		cfg.ReplayWindow = time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	r := cfg.Repo
	c := &core{
		tx: r, caseRepo: r, orgRepo: r, team: r,
		vault: cfg.Vault, limiter: cfg.Limiter, filings: cfg.Filings, policy: cfg.Policy,
		ttl: cfg.SessionTTL, replayWindow: cfg.ReplayWindow, now: cfg.Now, normExists: cfg.NormExists,
		ruleSet: cfg.RuleSet,
	}
	return &Service{
		IntakeService:        &IntakeService{core: c, sessionRepo: r},
		SupportService:       &SupportService{core: c, supportRepo: r, convRepo: r},
		WeighingService:      &WeighingService{core: c, weighingRepo: r},
		InvestigationService: &InvestigationService{core: c, invRepo: r, evidenceRepo: r},
		SanctionService:      &SanctionService{core: c, invRepo: r, sanctionRepo: r},
		DraftService:         &DraftService{core: c, invRepo: r, sanctionRepo: r, draftRepo: r},
		OverviewService:      &OverviewService{core: c, supportRepo: r, weighingRepo: r, invRepo: r},
		c:                    c,
	}, nil
}

// Policy returns the deadline policy in force.
func (s *Service) Policy() Policy { return s.c.policy }

// Now returns the service clock's time.
func (s *Service) Now() time.Time { return s.c.now() }

// clock is the service time, in microseconds: PostgreSQL keeps no more, and an answer must
// show the same time a later read of the same case shows.
func (s *core) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// logged runs fn and records ev as one unit of work: the change (or read) fn makes and its
// audit event are committed together, or neither is.
func (s *core) logged(ctx context.Context, ev audit.Event, fn func(ctx context.Context) error) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := fn(ctx); err != nil {
			return err
		}
		return audit.Log(ctx, ev)
	})
}

// loggedGet runs get and records ev as one unit of work, and returns what get read.
func loggedGet[T any](ctx context.Context, s *core, ev audit.Event, get func(ctx context.Context) (T, error)) (T, error) {
	var out T
	err := s.logged(ctx, ev, func(ctx context.Context) (err error) {
		out, err = get(ctx)
		return err
	})
	return out, err
}

// allegations lists the case's allegations and whether it was heard, and records the read.
func (s *core) allegations(ctx context.Context, inv InvestigationRepository, caseID uuid.UUID, ev audit.Event) (recs []AllegationRecord, heard bool, err error) {
	err = s.logged(ctx, ev, func(ctx context.Context) (err error) {
		recs, heard, err = inv.Allegations(ctx, caseID)
		return err
	})
	return recs, heard, err
}

// record writes an event that goes with no change (a replayed answer, a read of a draft).
func (s *core) record(ctx context.Context, ev audit.Event) error {
	return s.logged(ctx, ev, func(context.Context) error { return nil })
}

// readContent reads the sealed report (and, if asked, identity) and records the read as one unit.
func (s *core) readContent(ctx context.Context, caseID uuid.UUID, withIdentity bool, ev audit.Event) (report, identity []byte, err error) {
	err = s.logged(ctx, ev, func(ctx context.Context) (err error) {
		report, identity, err = s.caseRepo.ReadContent(ctx, caseID, withIdentity)
		return err
	})
	return report, identity, err
}

func requestID(ctx context.Context) string { return reqctx.RequestID(ctx) }

// crockford is the Crockford base32 alphabet: no I, L, O or U, so references and codes read
// aloud or typed from paper do not get confused.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newReference returns "MP-" and 8 random Crockford characters (40 bits): not sequential, so a
// reference reveals nothing about volume or order.
// The organisation trail's reference (audit.OrgTrailReference) is never given to a case.
func newReference() (string, error) {
	for {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		out := []byte("MP-")
		for _, c := range b {
			out = append(out, crockford[c&31])
		}
		if ref := string(out); ref != audit.OrgTrailReference {
			return ref, nil
		}
	}
}
