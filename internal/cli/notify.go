package cli

import (
	"context"
	"log/slog"
	"net/url"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/notify"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// notifyJob turns the outbox on and returns the job that sends it, or nil when --smtp-host is
// not set (nothing is then queued: notify's package doc).
func notifyJob(cfg *config.Config, st *store.Store, svc *cases.Service, v *vault.Vault, log *slog.Logger) (*notify.Job, error) {
	n := cfg.Notify
	if n.SMTPHost == "" {
		log.Info("e-mail notifications of staff are off (no --smtp-host): none are queued")
		return nil, nil
	}
	password, err := cfg.SMTPPassword()
	if err != nil {
		return nil, err
	}
	roots, err := cfg.SMTPRoots()
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(n.WorkspaceURL)
	if err != nil {
		return nil, err
	}
	st.SetNotifications(u.Hostname())
	// A reporter's address is opened from its sealed field when the e-mail is sent.
	st.SetReporterAddressOpener(func(caseID uuid.UUID, wrapped, sealed []byte) (string, string, bool, error) {
		a, ok, err := cases.OpenNotifyAddress(v, caseID, wrapped, sealed)
		return a.Email, a.Lang, ok, err
	})
	return notify.New(notify.Config{
		Outbox:           st,
		SMTP:             notify.SMTP{Host: n.SMTPHost, Port: n.SMTPPort, User: n.SMTPUser, Password: password, RootCAs: roots},
		From:             n.From,
		WorkspaceURL:     n.WorkspaceURL,
		ReporterURL:      n.ReporterURL,
		IncludeReference: n.IncludeReference,
		Every:            n.Every,
		Lease:            n.Lease,
		Log:              log,
		Unavailable:      store.IsUnavailable,
		Digest: &notify.Digest{
			People: st.DigestRecipients,
			Count: func(ctx context.Context, p notify.Person) (int, error) {
				due, err := svc.MyDeadlines(ctx, staffActorOf(p))
				return len(due), err
			},
			Queue: st.QueueDigest,
			Hour:  n.DigestHour,
			Log:   log,
		},
	})
}

// staffActorOf is the person as the case service sees them, by the roles of their latest sign-in.
func staffActorOf(p notify.Person) cases.StaffActor {
	a := cases.StaffActor{Subject: p.Subject}
	for _, r := range p.Roles {
		switch r {
		case string(auth.RoleIntake):
			a.Intake = true
		case string(auth.RoleAdviser):
			a.Adviser = true
		case string(auth.RoleManager):
			a.Manager = true
		case string(auth.RoleHR):
			a.HR = true
		case string(auth.RoleIntegrityTeam):
			a.IntegrityTeam = true
		}
	}
	return a
}
