package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/staffaccount"
	"github.com/utrecht/meldpunt/ent/staffsession"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/auth"
)

// ErrAccountBlocked is returned by StaffSignIn for an account the administrator blocked.
var ErrAccountBlocked = auth.ErrAccountBlocked

// StaffSession is a live staff session of the staff pages.
type StaffSession = auth.StaffSession

// StaffAccount is a staff member as last seen signing in.
type StaffAccount struct {
	Subject, Name string
	Roles         []string
	FirstSeen     time.Time
	LastSignIn    *time.Time // nil: never signed in (blocked beforehand)
	Blocked       bool
}

// StaffSignIn records a sign-in: the account is created or updated with the roles of this
// sign-in (refused with ErrAccountBlocked when blocked), the session is stored, and expired
// sessions are removed.
func (s *Store) StaffSignIn(ctx context.Context, sess StaffSession, tokenHash []byte) error {
	roles := strings.Join(sess.Roles, ",")
	return s.WithTx(ctx, func(tx *ent.Tx) error {
		acc, err := tx.StaffAccount.Query().Where(staffaccount.Subject(sess.Subject)).Only(ctx)
		switch {
		case ent.IsNotFound(err):
			err = tx.StaffAccount.Create().SetSubject(sess.Subject).SetName(sess.Name).SetRoles(roles).
				SetFirstSeen(sess.CreatedAt).SetLastSignIn(sess.CreatedAt).Exec(ctx)
		case err != nil:
		case acc.Blocked:
			return ErrAccountBlocked
		default:
			err = tx.StaffAccount.UpdateOne(acc).SetName(sess.Name).SetRoles(roles).SetLastSignIn(sess.CreatedAt).Exec(ctx)
		}
		if err != nil {
			return err
		}
		if _, err := tx.StaffSession.Delete().Where(staffsession.ExpiresAtLT(sess.CreatedAt)).Exec(ctx); err != nil {
			return err
		}
		// The identity provider's roles are the truth: other sessions of this person that carry
		// other roles (a role taken away since) end now.
		if _, err := tx.StaffSession.Delete().Where(staffsession.Subject(sess.Subject), staffsession.RolesNEQ(roles)).Exec(ctx); err != nil {
			return err
		}
		return tx.StaffSession.Create().SetTokenHash(tokenHash).SetSubject(sess.Subject).SetName(sess.Name).
			SetRoles(roles).SetCreatedAt(sess.CreatedAt).SetLastSeenAt(sess.CreatedAt).SetExpiresAt(sess.ExpiresAt).
			SetIDTokenSealed(sess.IDTokenSealed).SetProviderSid(sess.ProviderSID).Exec(ctx)
	})
}

// StaffSessionFor returns the live session of tokenHash, or nil: a session idle for longer than
// idle, or past its absolute end, is removed. Activity is recorded at most once a minute.
func (s *Store) StaffSessionFor(ctx context.Context, tokenHash []byte, now time.Time, idle time.Duration) (*StaffSession, error) {
	row, err := s.client.StaffSession.Query().Where(staffsession.TokenHash(tokenHash)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !now.Before(row.ExpiresAt) || now.Sub(row.LastSeenAt) >= idle {
		_, err := s.client.StaffSession.Delete().Where(staffsession.ID(row.ID)).Exec(ctx)
		return nil, err
	}
	if now.Sub(row.LastSeenAt) >= time.Minute {
		if err := s.client.StaffSession.UpdateOneID(row.ID).SetLastSeenAt(now).Exec(ctx); err != nil && !ent.IsNotFound(err) {
			return nil, err
		}
		row.LastSeenAt = now
	}
	return &StaffSession{
		Subject: row.Subject, Name: row.Name, Roles: splitList(row.Roles),
		CreatedAt: row.CreatedAt, LastSeenAt: row.LastSeenAt, ExpiresAt: row.ExpiresAt,
		IDTokenSealed: row.IDTokenSealed, ProviderSID: row.ProviderSid,
	}, nil
}

// EndStaffSession removes a session (sign-out).
func (s *Store) EndStaffSession(ctx context.Context, tokenHash []byte) error {
	_, err := s.client.StaffSession.Delete().Where(staffsession.TokenHash(tokenHash)).Exec(ctx)
	return err
}

// EndStaffSessionsOf ends the sessions a provider's back-channel logout names: with a sid,
// the sessions of that provider session (with a subject too: that subject's sessions of the
// sid, and those of its sessions that recorded no sid); without one, every session of subject. It returns how many ended; ending none is not an error (a replayed
// logout token ends nothing more).
func (s *Store) EndStaffSessionsOf(ctx context.Context, subject, sid string) (int, error) {
	q := s.client.StaffSession.Delete()
	switch {
	case sid != "" && subject != "":
		q = q.Where(staffsession.Subject(subject),
			staffsession.Or(staffsession.ProviderSid(sid), staffsession.ProviderSidIsNil(), staffsession.ProviderSid("")))
	case sid != "":
		q = q.Where(staffsession.ProviderSid(sid))
	case subject != "":
		q = q.Where(staffsession.Subject(subject))
	default:
		return 0, errors.New("store: a logout names neither a subject nor a session")
	}
	return q.Exec(ctx)
}

// StaffAccountFilter selects accounts.
type StaffAccountFilter struct {
	Query, Role   string
	Offset, Limit int
}

// StaffAccounts lists accounts by name, and counts all that match.
func (s *Store) StaffAccounts(ctx context.Context, f StaffAccountFilter) ([]StaffAccount, int, error) {
	q := s.client.StaffAccount.Query()
	if f.Query != "" {
		q = q.Where(staffaccount.Or(staffaccount.NameContainsFold(f.Query), staffaccount.SubjectContainsFold(f.Query)))
	}
	if f.Role != "" {
		// Roles are stored comma-separated; match a whole role.
		q = q.Where(staffaccount.Or(staffaccount.Roles(f.Role), staffaccount.RolesHasPrefix(f.Role+","),
			staffaccount.RolesHasSuffix(","+f.Role), staffaccount.RolesContains(","+f.Role+",")))
	}
	total, err := q.Clone().Count(ctx)
	if err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := q.Order(ent.Asc(staffaccount.FieldName), ent.Asc(staffaccount.FieldSubject)).Offset(f.Offset).Limit(f.Limit).All(ctx)
	if err != nil {
		return nil, 0, err
	}
	out := make([]StaffAccount, len(rows))
	for i, r := range rows {
		out[i] = toStaffAccount(r)
	}
	return out, total, nil
}

func toStaffAccount(r *ent.StaffAccount) StaffAccount {
	return StaffAccount{Subject: r.Subject, Name: r.Name, Roles: splitList(r.Roles), FirstSeen: r.FirstSeen, LastSignIn: r.LastSignIn, Blocked: r.Blocked}
}

// BlockStaffAccount blocks or unblocks an account (blocking ends its sessions, and blocks also
// someone who never signed in), with ev — whose actor is who blocks — in the same transaction.
// It returns nil when unblocking an account that does not exist.
func (s *Store) BlockStaffAccount(ctx context.Context, subject string, blocked bool, ev audit.Event) (*StaffAccount, error) {
	var out *StaffAccount
	err := s.WithTx(ctx, func(tx *ent.Tx) error {
		acc, err := tx.StaffAccount.Query().Where(staffaccount.Subject(subject)).Only(ctx)
		switch {
		case ent.IsNotFound(err) && !blocked:
			return nil
		case ent.IsNotFound(err):
			// Someone who only ever used the API (or never signed in yet) can be blocked too:
			// the account is made, blocked, before their first sign-in.
			acc, err = tx.StaffAccount.Create().SetSubject(subject).SetFirstSeen(ev.At).SetBlocked(true).SetBlockedBy(ev.Actor.ID).Save(ctx)
			if err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if acc, err = tx.StaffAccount.UpdateOne(acc).SetBlocked(blocked).SetBlockedBy(ev.Actor.ID).Save(ctx); err != nil {
				return err
			}
		}
		if blocked {
			if _, err := tx.StaffSession.Delete().Where(staffsession.Subject(subject)).Exec(ctx); err != nil {
				return err
			}
		}
		a := toStaffAccount(acc)
		out = &a
		return s.writeAudit(ctx, tx, ev)
	})
	return out, err
}

// StaffAccountBlocked reports whether the account of subject is blocked (false when there is
// no such account: someone who never signed in to the pages).
func (s *Store) StaffAccountBlocked(ctx context.Context, subject string) (bool, error) {
	return s.client.StaffAccount.Query().Where(staffaccount.Subject(subject), staffaccount.Blocked(true)).Exist(ctx)
}
