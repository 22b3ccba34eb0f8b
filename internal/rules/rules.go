// Package rules publishes the norms and sanction guidance (internal/sanctions) as versions kept
// in the database: the shipped version is loaded on first start, HR publishes new versions
// through the API, and no version is ever changed in place, so that every decision can name the
// version it was made under. Reading is public on purpose: the rules must be known to everyone.
package rules

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/sanctions"
)

// Doc is a stored version.
type Doc struct {
	Version       string
	EffectiveDate time.Time
	Document      []byte
	PublishedBy   string
	PublishedAt   time.Time
}

// ErrVersionExists is returned by the repository when the version was published already.
var ErrVersionExists = errors.New("rule set version exists")

// Repository stores the versions.
type Repository interface {
	// Latest returns the version in force (latest effective date that has come, then
	// publication), or nil.
	Latest(ctx context.Context) (*Doc, error)
	ByVersion(ctx context.Context, version string) (*Doc, error)
	// List returns every version, newest first, without documents.
	List(ctx context.Context) ([]Doc, error)
	// Publish stores a new version with its audit event; ErrVersionExists when taken.
	Publish(ctx context.Context, d Doc, ev *audit.Event) error
}

// Service reads and publishes rule sets.
type Service struct {
	repo Repository
	now  func() time.Time
}

// New returns a Service.
func New(repo Repository, now func() time.Time) (*Service, error) {
	if repo == nil {
		return nil, errors.New("rules: a repository is required")
	}
	if now == nil {
		now = time.Now
	}
	return &Service{repo: repo, now: now}, nil
}

// EnsureDefault stores the shipped rule set when no version exists yet (first start). It is
// safe to run from several replicas at once.
func (s *Service) EnsureDefault(ctx context.Context) error {
	cur, err := s.repo.Latest(ctx)
	if err != nil || cur != nil {
		return err
	}
	rs := sanctions.Default()
	err = s.repo.Publish(ctx, Doc{
		Version: rs.Version(), EffectiveDate: rs.EffectiveDate(), Document: sanctions.DefaultJSON(),
		PublishedBy: "system", PublishedAt: s.now().UTC(),
	}, nil)
	if errors.Is(err, ErrVersionExists) {
		return nil // another replica was first
	}
	return err
}

// Get returns a version with its parsed rule set; "" is the current version.
func (s *Service) Get(ctx context.Context, version string) (Doc, *sanctions.RuleSet, error) {
	var (
		d   *Doc
		err error
	)
	if version == "" {
		d, err = s.repo.Latest(ctx)
	} else {
		d, err = s.repo.ByVersion(ctx, version)
	}
	if err != nil {
		return Doc{}, nil, err
	}
	if d == nil {
		return Doc{}, nil, apperr.NotFound("no rule set version %q", version)
	}
	rs, err := sanctions.Load(bytes.NewReader(d.Document))
	if err != nil {
		return Doc{}, nil, fmt.Errorf("stored rule set %s no longer loads: %w", d.Version, err)
	}
	return *d, rs, nil
}

// List lists the versions, newest first.
func (s *Service) List(ctx context.Context) ([]Doc, error) { return s.repo.List(ctx) }

// Publish validates and stores a new version (HR). A document that does not load is refused
// with the problems named; a version that exists is refused: versions are never replaced.
func (s *Service) Publish(ctx context.Context, actor string, document []byte) (Doc, error) {
	rs, err := Check(document)
	if err != nil {
		return Doc{}, err
	}
	now := s.now().UTC()
	d := Doc{Version: rs.Version(), EffectiveDate: rs.EffectiveDate(), Document: document, PublishedBy: actor, PublishedAt: now}
	ev := audit.Event{At: now, Actor: audit.Staff(actor), Action: audit.ActionPublishRuleSet, Fields: []string{"rule_set:" + rs.Version()}}
	if err := s.repo.Publish(ctx, d, &ev); err != nil {
		if errors.Is(err, ErrVersionExists) {
			return Doc{}, apperr.Conflict("rule set version %s was published already; versions are never changed — give the new one its own version", rs.Version())
		}
		return Doc{}, err
	}
	return d, nil
}

// NormExists tells whether id is a norm of the current rule set.
func (s *Service) NormExists(ctx context.Context, id string) (bool, error) {
	_, rs, err := s.Get(ctx, "")
	if err != nil {
		return false, err
	}
	_, ok := rs.Norm(id)
	return ok, nil
}

// Version returns a version of the rule set; "" is the one in force.
func (s *Service) Version(ctx context.Context, version string) (*sanctions.RuleSet, error) {
	_, rs, err := s.Get(ctx, version)
	return rs, err
}

// Check loads a rule set document as Publish does, refusing one that does not load with its
// problems: each a violation of field "document" with its own reason and value.
func Check(document []byte) (*sanctions.RuleSet, error) {
	rs, err := sanctions.Load(bytes.NewReader(document))
	if err != nil {
		return nil, documentProblems(err)
	}
	return rs, nil
}

// documentProblems is the refusal of a rule set document for its problems, each a violation of
// field "document" with its own reason and value, so that a page says it in its reader's words.
func documentProblems(err error) error {
	var vs []apperr.Violation
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		v := apperr.Violation{Field: "document", Message: err.Error(), Reason: apperr.ReasonInvalidField}
		var ve *sanctions.ValidationError
		if errors.As(err, &ve) {
			v.Message = strings.TrimPrefix(ve.Error(), "rule set: ")
			if ve.Reason != "" {
				v.Reason, v.Value = ve.Reason, ve.Value
			}
		}
		vs = append(vs, v)
	}
	walk(err)
	return apperr.Invalids(vs...)
}
