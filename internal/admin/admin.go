// Package admin is the administrator's work (domain.md §3): the staff accounts the staff pages
// have seen sign in, which the administrator can block, and the organisation data from HR. The
// administrator sees no case content, and blocking an account is recorded in the audit trail.
package admin

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/org"
)

// Page sizes of ListAccounts.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// The names the CSV files go by in problems (the request fields that carry them).
const (
	UnitsFile     = "units_csv"
	EmployeesFile = "employees_csv"
)

// Account is a staff member as last seen signing in to the staff pages.
type Account struct {
	Subject, Name string
	Roles         []string // of the last sign-in, from the identity provider
	FirstSeen     time.Time
	LastSignIn    *time.Time // nil: never signed in (blocked beforehand)
	Blocked       bool
}

// AccountFilter selects accounts.
type AccountFilter struct {
	Query, Role   string // "" for any
	Offset, Limit int
}

// Repository stores accounts and the organisation.
type Repository interface {
	// Accounts lists the accounts that match by name, and counts all that match.
	Accounts(ctx context.Context, f AccountFilter) ([]Account, int, error)
	// SetBlocked blocks (ending the account's sessions) or unblocks the account and writes ev in
	// the same transaction; nil when there is no such account.
	SetBlocked(ctx context.Context, subject string, blocked bool, ev audit.Event) (*Account, error)
	// CheckOrg returns what an import would do, or the problems (an *org.ValidationError).
	CheckOrg(ctx context.Context, units []org.Unit, employees []org.Employee) (org.ImportResult, error)
	// ImportOrg imports in one transaction (nothing on any problem) and audits it as actor.
	ImportOrg(ctx context.Context, actor audit.Actor, requestID string, units []org.Unit, employees []org.Employee) (org.ImportResult, error)
}

// Actor is who acts.
type Actor struct {
	Subject   string
	Admin     bool
	RequestID string
}

// Config wires a Service.
type Config struct {
	Repo  Repository
	Clock func() time.Time // default time.Now
}

// Service serves the administrator.
type Service struct {
	repo  Repository
	clock func() time.Time
}

// New returns the service; Repo is required.
func New(cfg Config) (*Service, error) {
	if cfg.Repo == nil {
		return nil, errors.New("admin: Repo is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return &Service{repo: cfg.Repo, clock: cfg.Clock}, nil
}

func adminOnly(a Actor) error {
	if !a.Admin || a.Subject == "" {
		return apperr.Forbidden("only an administrator manages accounts and the organisation")
	}
	return nil
}

// AccountPage is one page of accounts.
type AccountPage struct {
	Accounts      []Account
	NextPageToken string // "" after the last page
	Total         int
}

// ListAccounts lists the accounts whose name or subject contains query (any case) and that hold
// role, by name. pageToken is "" or the NextPageToken of the page before.
func (s *Service) ListAccounts(ctx context.Context, a Actor, query, role string, pageSize int, pageToken string) (AccountPage, error) {
	if err := adminOnly(a); err != nil {
		return AccountPage{}, err
	}
	if pageSize <= 0 {
		pageSize = DefaultPageSize
	}
	if pageSize > MaxPageSize {
		return AccountPage{}, apperr.Invalid("page_size", "at most %d", MaxPageSize)
	}
	offset := 0
	if pageToken != "" {
		n, err := strconv.Atoi(pageToken)
		if err != nil || n < 0 {
			return AccountPage{}, apperr.Invalid("page_token", "is not a page token of this list")
		}
		offset = n
	}
	accs, total, err := s.repo.Accounts(ctx, AccountFilter{Query: query, Role: role, Offset: offset, Limit: pageSize})
	if err != nil {
		return AccountPage{}, err
	}
	p := AccountPage{Accounts: accs, Total: total}
	if next := offset + len(accs); len(accs) > 0 && next < total {
		p.NextPageToken = strconv.Itoa(next)
	}
	return p, nil
}

// SetBlocked blocks or unblocks a staff account: a blocked account cannot sign in to the pages
// and its open sessions end at once. An administrator cannot block themselves (nobody would be
// left to undo it, perhaps). The change is audited (no case; the field "account").
func (s *Service) SetBlocked(ctx context.Context, a Actor, subject string, blocked bool) (Account, error) {
	if err := adminOnly(a); err != nil {
		return Account{}, err
	}
	if subject == "" {
		return Account{}, apperr.Invalid("subject", "name the account")
	}
	if blocked && subject == a.Subject {
		return Account{}, apperr.FailedPrecondition("you cannot block your own account")
	}
	acc, err := s.repo.SetBlocked(ctx, subject, blocked, audit.AccountBlocked(s.clock(), a.Subject, blocked, a.RequestID))
	if err != nil {
		return Account{}, err
	}
	if acc == nil {
		return Account{}, apperr.NotFound("no such staff account has signed in (only a block can be set before a first sign-in)")
	}
	return *acc, nil
}

// ImportResult says what an import did, or would do.
type ImportResult struct {
	org.ImportResult
	DryRun bool
}

// ImportOrganisation imports HR's units and employees files (CSV, as `meldpunt org import`
// reads them; either may be empty, not both). Every row is checked first: with any problem
// nothing is written and the error is an *org.ValidationError naming each problem's file, line
// and column. dryRun checks and counts only.
func (s *Service) ImportOrganisation(ctx context.Context, a Actor, unitsCSV, employeesCSV []byte, dryRun bool) (ImportResult, error) {
	if err := adminOnly(a); err != nil {
		return ImportResult{}, err
	}
	if len(unitsCSV) == 0 && len(employeesCSV) == 0 {
		return ImportResult{}, apperr.Invalid("units_csv", "give the units file, the employees file or both")
	}
	var (
		units     []org.Unit
		employees []org.Employee
		problems  []org.Problem
	)
	// A file that cannot be read as a whole stops the import there: its rows would only give
	// follow-on problems.
	fatal := func(err error) (bool, error) {
		if p := org.Problems(err); len(p) > 0 {
			problems = append(problems, p...)
			return true, nil
		}
		return false, err
	}
	if len(unitsCSV) > 0 {
		us, probs, err := org.ReadUnits(bytes.NewReader(unitsCSV), UnitsFile)
		if stop, err := fatal(err); err != nil {
			return ImportResult{}, err
		} else if stop {
			return ImportResult{}, org.NewValidationError(problems)
		}
		units, problems = us, append(problems, probs...)
	}
	if len(employeesCSV) > 0 {
		es, probs, err := org.ReadEmployees(bytes.NewReader(employeesCSV), EmployeesFile)
		if stop, err := fatal(err); err != nil {
			return ImportResult{}, err
		} else if stop {
			return ImportResult{}, org.NewValidationError(problems)
		}
		employees, problems = es, append(problems, probs...)
	}
	if len(problems) > 0 || dryRun {
		res, err := s.repo.CheckOrg(ctx, units, employees)
		if probs := org.Problems(err); len(probs) > 0 || len(problems) > 0 {
			return ImportResult{}, org.NewValidationError(append(problems, probs...))
		}
		if err != nil {
			return ImportResult{}, err
		}
		return ImportResult{ImportResult: res, DryRun: true}, nil
	}
	res, err := s.repo.ImportOrg(ctx, audit.Staff(a.Subject), a.RequestID, units, employees)
	if err != nil {
		return ImportResult{}, err
	}
	return ImportResult{ImportResult: res}, nil
}
