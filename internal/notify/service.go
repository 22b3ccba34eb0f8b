package notify

import (
	"context"
	"errors"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
)

// Settings stores the people's choices and counts the outbox (internal/store implements it).
type Settings interface {
	// NotificationMode returns the person's mode and whether they chose it.
	NotificationMode(ctx context.Context, subject string) (Mode, bool, error)
	// SetNotificationMode stores the person's choice.
	SetNotificationMode(ctx context.Context, subject string, m Mode, at time.Time) error
	// NotificationStatus counts the outbox (sent: since the time given).
	NotificationStatus(ctx context.Context, since time.Time) (Status, error)
}

// Service serves the settings and the administrator's status.
type Service struct {
	repo       Settings
	configured bool
	clock      func() time.Time
}

// NewService returns the service; configured says whether SMTP is (false: nothing is queued).
func NewService(repo Settings, configured bool, clock func() time.Time) (*Service, error) {
	if repo == nil {
		return nil, errors.New("notify: Settings are required")
	}
	if clock == nil {
		clock = time.Now
	}
	return &Service{repo: repo, configured: configured, clock: clock}, nil
}

// Configured reports whether notifications are sent at all.
func (s *Service) Configured() bool { return s.configured }

// Mine returns how subject is told: their choice, or the default of roles (the caller's).
func (s *Service) Mine(ctx context.Context, subject string, roles []string) (Mode, bool, error) {
	m, chosen, err := s.repo.NotificationMode(ctx, subject)
	if err != nil || chosen {
		return m, chosen, err
	}
	return DefaultMode(roles), false, nil
}

// SetMine stores subject's choice.
func (s *Service) SetMine(ctx context.Context, subject string, m Mode) error {
	if _, err := ParseMode(string(m)); err != nil {
		return apperr.Invalid("mode", "must be immediate, digest or off")
	}
	return s.repo.SetNotificationMode(ctx, subject, m, s.clock().UTC())
}

// Status counts the outbox for the administrator; admin says the caller is one.
func (s *Service) Status(ctx context.Context, admin bool) (Status, error) {
	if !admin {
		return Status{}, apperr.Forbidden("the administrator sees the notification status")
	}
	st, err := s.repo.NotificationStatus(ctx, s.clock().Add(-24*time.Hour))
	st.Configured = s.configured
	return st, err
}
