package store

import (
	"context"

	"github.com/utrecht/meldpunt/internal/admin"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/org"
)

// Admin implements admin.Repository on the staff accounts (staff.go) and the organisation
// (org.go).
type Admin struct{ s *Store }

var _ admin.Repository = (*Admin)(nil)

// Admin returns the administrator's repository.
func (s *Store) Admin() *Admin { return &Admin{s: s} }

func toAdminAccount(a StaffAccount) admin.Account {
	return admin.Account{
		Subject: a.Subject, Name: a.Name, Roles: a.Roles,
		FirstSeen: a.FirstSeen.UTC(), LastSignIn: a.LastSignIn, Blocked: a.Blocked,
	}
}

// Accounts implements admin.Repository.
func (r *Admin) Accounts(ctx context.Context, f admin.AccountFilter) ([]admin.Account, int, error) {
	accs, total, err := r.s.StaffAccounts(ctx, StaffAccountFilter{Query: f.Query, Role: f.Role, Offset: f.Offset, Limit: f.Limit})
	if err != nil {
		return nil, 0, err
	}
	out := make([]admin.Account, len(accs))
	for i, a := range accs {
		out[i] = toAdminAccount(a)
	}
	return out, total, nil
}

// SetBlocked implements admin.Repository.
func (r *Admin) SetBlocked(ctx context.Context, subject string, blocked bool, ev audit.Event) (*admin.Account, error) {
	acc, err := r.s.BlockStaffAccount(ctx, subject, blocked, ev)
	if err != nil || acc == nil {
		return nil, err
	}
	a := toAdminAccount(*acc)
	return &a, nil
}

// CheckOrg implements admin.Repository.
func (r *Admin) CheckOrg(ctx context.Context, units []org.Unit, employees []org.Employee) (org.ImportResult, error) {
	return r.s.CheckOrg(ctx, units, employees)
}

// ImportOrg implements admin.Repository.
func (r *Admin) ImportOrg(ctx context.Context, actor audit.Actor, requestID string, units []org.Unit, employees []org.Employee) (org.ImportResult, error) {
	return r.s.ImportOrgBy(ctx, actor, requestID, units, employees, nil)
}
