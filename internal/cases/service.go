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

// Service carries out the commands of reporters and staff on cases.
type Service struct {
	repo         Repository
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
	return &Service{
		repo: cfg.Repo, vault: cfg.Vault, limiter: cfg.Limiter, filings: cfg.Filings, policy: cfg.Policy,
		ttl: cfg.SessionTTL, replayWindow: cfg.ReplayWindow, now: cfg.Now, normExists: cfg.NormExists,
		ruleSet: cfg.RuleSet,
	}, nil
}

// Policy returns the deadline policy in force.
func (s *Service) Policy() Policy { return s.policy }

// Now returns the service clock's time.
func (s *Service) Now() time.Time { return s.now() }

// clock is the service time, in microseconds: PostgreSQL keeps no more, and an answer must
// show the same time a later read of the same case shows.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// logged runs fn and records ev as one unit of work: the change (or read) fn makes and its
// audit event are committed together, or neither is.
func (s *Service) logged(ctx context.Context, ev audit.Event, fn func(ctx context.Context) error) error {
	return s.repo.InTx(ctx, func(ctx context.Context) error {
		if err := fn(ctx); err != nil {
			return err
		}
		return audit.Log(ctx, ev)
	})
}

// loggedGet runs get and records ev as one unit of work, and returns what get read.
func loggedGet[T any](ctx context.Context, s *Service, ev audit.Event, get func(ctx context.Context) (T, error)) (T, error) {
	var out T
	err := s.logged(ctx, ev, func(ctx context.Context) (err error) {
		out, err = get(ctx)
		return err
	})
	return out, err
}

// allegations lists the case's allegations and whether it was heard, and records the read.
func (s *Service) allegations(ctx context.Context, caseID uuid.UUID, ev audit.Event) (recs []AllegationRecord, heard bool, err error) {
	err = s.logged(ctx, ev, func(ctx context.Context) (err error) {
		recs, heard, err = s.repo.Allegations(ctx, caseID)
		return err
	})
	return recs, heard, err
}

// record writes an event that goes with no change (a replayed answer, a read of a draft).
func (s *Service) record(ctx context.Context, ev audit.Event) error {
	return s.logged(ctx, ev, func(context.Context) error { return nil })
}

// readContent reads the sealed report (and, if asked, identity) and records the read as one unit.
func (s *Service) readContent(ctx context.Context, caseID uuid.UUID, withIdentity bool, ev audit.Event) (report, identity []byte, err error) {
	err = s.logged(ctx, ev, func(ctx context.Context) (err error) {
		report, identity, err = s.repo.ReadContent(ctx, caseID, withIdentity)
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
