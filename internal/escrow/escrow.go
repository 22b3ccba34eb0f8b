// Package escrow is the matching entry, "not alone" (domain.md §10): a reporter who is not ready
// to go ahead alone names the person concerned — chosen from the organisation register, so that
// spelling cannot prevent a match — with a short account and the adviser they choose. Nothing
// happens until entries of two or more different reporters name the same person; then each of
// them is asked, through their own session, whether to go ahead together, and only those who say
// yes have their account taken into their own case for their adviser.
//
// Someone who has not reported (and may never) makes an entry without a session and gets a
// receipt code of its own; that code signs in to a session on those entries only, and going ahead
// files the report then, under the same code.
//
// Confidential by construction: an entry holds a keyed hash of the person's personnel number, a
// keyed hash of the reporter — their case, or the code of entries made without a report (two
// entries of one reporter count once) —, the day it was made,
// and the account, adviser and person sealed under the vault's escrow key. No staff call reads
// entries; nothing about them is logged or audited; the annual report gets counts only. A deposit
// is answered the same, after the same work, whether or not it matched.
package escrow

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/ratelimit"
	"github.com/utrecht/meldpunt/internal/receipt"
	"github.com/utrecht/meldpunt/internal/vault"
)

// State is where an entry stands.
type State string

// The states of an entry. A withdrawn, declined or expired entry is gone: no state.
const (
	Waiting  State = "WAITING"  // nobody else named the same person (yet)
	Matched  State = "MATCHED"  // someone else did: go ahead or not?
	Accepted State = "ACCEPTED" // the reporter went ahead
)

// Entry is a stored matching entry: hashes, sealed content, the day it was made.
type Entry struct {
	ID           uuid.UUID
	PersonHash   []byte
	ReporterHash []byte
	Sealed       []byte
	CreatedOn    time.Time
	State        State
	CaseSealed   []byte // after going ahead: the reporter's case reference, sealed
}

// Person is someone in the organisation register, as a reporter finds them.
type Person struct {
	Number   string // personnel number: never leaves the server in the clear
	Name     string
	UnitName string
}

// Tally is a year's counts for the annual report.
type Tally struct{ Made, Matched, Accepted int }

// ErrTooMany is what Repository.Deposit returns when the reporter already has MaxLive entries.
var ErrTooMany = errors.New("escrow: too many live entries")

// Repository stores entries (implemented by the store, on both databases).
type Repository interface {
	// Deposit stores e in one transaction with the matching: unless the reporter already has
	// maxLive entries (ErrTooMany), every entry of another reporter with the same person hash
	// that is still waiting, and e itself if there is any such entry, become Matched. It counts
	// one entry made, and the entries that became matched, in year's tally. The same statements
	// run whether or not anything matched.
	Deposit(ctx context.Context, e Entry, maxLive int, year int) error
	// Entries lists the reporter's entries, oldest first.
	Entries(ctx context.Context, reporterHash []byte) ([]Entry, error)
	// Partners lists the entries of other reporters that name the same person as the entry id.
	Partners(ctx context.Context, id uuid.UUID, reporterHash []byte) ([]Entry, error)
	// Destroy deletes the reporter's entry (false when there is none); an entry of another
	// reporter left matched with nobody goes back to waiting.
	Destroy(ctx context.Context, id uuid.UUID, reporterHash []byte) (bool, error)
	// Accept marks the reporter's matched entry accepted with its sealed case reference, and
	// counts it in year's tally; false when it is not (or no longer) matched. With
	// newReporterHash, all the reporter's entries move to it in the same transaction (the
	// reporter without a report, whose case was filed just now).
	Accept(ctx context.Context, id uuid.UUID, reporterHash, caseSealed, newReporterHash []byte, year int) (bool, error)
	// DestroyMadeBefore deletes every entry made before cutoff.
	DestroyMadeBefore(ctx context.Context, cutoff time.Time) (int, error)
	// SearchPeople finds at most limit employees whose name contains query (any case).
	SearchPeople(ctx context.Context, query string, limit int) ([]Person, error)
	// Tally is a year's counts.
	Tally(ctx context.Context, year int) (Tally, error)
}

// Cases is what escrow needs of the reporter's case (cases.Service).
type Cases interface {
	ReporterCaseID(ctx context.Context, rs *cases.ReporterSession) (uuid.UUID, error)
	CheckAdviser(ctx context.Context, adviserID uuid.UUID) error
	GoAheadTogether(ctx context.Context, rs *cases.ReporterSession, employeeNumber string, adviserID uuid.UUID, body string) (string, error)
	AdviserCaseID(ctx context.Context, a cases.StaffActor, ref string) (uuid.UUID, error)
	OpenEntrySession(lookup []byte) (string, time.Time, error)
	EscrowOnBehalf(ctx context.Context, a cases.StaffActor, ref string) (caseID, adviserID uuid.UUID, err error)
	FileTogether(ctx context.Context, lookup []byte, employeeNumber string, adviserID uuid.UUID, account string) (uuid.UUID, string, error)
}

// Limits of a reporter's entries and searches.
const (
	// MaxLive is how many entries one reporter may hold at once: enough for the people who
	// trouble them, too few to probe the register for who else has been named.
	MaxLive = 3
	// MinQuery and MaxPeople bound a search of the register: a few letters of a name, name and
	// unit of at most ten people.
	MinQuery  = 3
	MaxPeople = 10
)

// DefaultTTL is how long an entry waits for another to name the same person.
const DefaultTTL = 365 * 24 * time.Hour

// Config sets up the Service.
type Config struct {
	Repo  Repository
	Cases Cases
	Vault *vault.Vault
	TTL   time.Duration // default DefaultTTL
	// Deposits bounds deposits per network source and overall; Searches searches per source
	// and overall (keyed by the transport's opaque source key, never an address).
	Deposits, Searches *ratelimit.Limiter
	// PerReporter bounds deposits per reporter (keyed by the reporter hash), so that
	// withdrawing and depositing again cannot be used to probe.
	PerReporter *ratelimit.Limiter
	Now         func() time.Time
}

// Service is the matching escrow.
type Service struct{ cfg Config }

// New checks the configuration.
func New(cfg Config) (*Service, error) {
	if cfg.Repo == nil || cfg.Cases == nil || cfg.Vault == nil {
		return nil, errors.New("escrow: Repo, Cases and Vault are required")
	}
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultTTL
	}
	if cfg.Deposits == nil {
		cfg.Deposits = ratelimit.New(DepositBudget)
	}
	if cfg.Searches == nil {
		cfg.Searches = ratelimit.New(SearchBudget)
	}
	if cfg.PerReporter == nil {
		cfg.PerReporter = ratelimit.New(ReporterBudget)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}, nil
}

// The default budgets: a few deposits per source and reporter, slowly refilled; searches enough
// to find a name while typing, not to page through the register.
var (
	DepositBudget  = ratelimit.Config{PerSourceBurst: 10, PerSourceEvery: 10 * time.Minute, GlobalBurst: 50, GlobalEvery: 2 * time.Minute, MaxSources: 100000}
	ReporterBudget = ratelimit.Config{PerSourceBurst: 5, PerSourceEvery: 24 * time.Hour, GlobalBurst: 1 << 30, GlobalEvery: time.Millisecond, MaxSources: 100000}
	SearchBudget   = ratelimit.Config{PerSourceBurst: 30, PerSourceEvery: 20 * time.Second, GlobalBurst: 600, GlobalEvery: 100 * time.Millisecond, MaxSources: 100000}
)

// TTL is how long an entry waits.
func (s *Service) TTL() time.Duration { return s.cfg.TTL }

// sealed is what an entry's sealed field holds.
type sealed struct {
	Number  string    `json:"n"`
	Account string    `json:"a"`
	Adviser uuid.UUID `json:"v"`
}

const (
	fieldEntry  = "entry"
	fieldHandle = "handle"
	fieldCase   = "case"
)

// FoundPerson is a person as a reporter sees them: an opaque handle, name and unit.
type FoundPerson struct{ Handle, Name, UnitName string }

var errQuery = apperr.Invalid("query", "give at least %d letters of the name", MinQuery)

// SearchPeople finds people in the register for a reporter's entry.
//
// Anyone may search, with or without a session: someone not ready to report makes an entry
// without one. The limits per network source and overall bound it the same either way.
func (s *Service) SearchPeople(ctx context.Context, source, query string) ([]FoundPerson, error) {
	q := strings.TrimSpace(query)
	if len([]rune(q)) < MinQuery {
		return nil, errQuery
	}
	if ok, wait, _ := s.cfg.Searches.Take(source); !ok {
		return nil, apperr.RateLimitedFor(wait, "too many searches; try again in %d seconds", apperr.Seconds(wait))
	}
	ps, err := s.cfg.Repo.SearchPeople(ctx, q, MaxPeople)
	if err != nil {
		return nil, err
	}
	out := make([]FoundPerson, len(ps))
	for i, p := range ps {
		h, err := s.cfg.Vault.SealEscrow("", fieldHandle, []byte(p.Number))
		if err != nil {
			return nil, err
		}
		out[i] = FoundPerson{Handle: base64.RawURLEncoding.EncodeToString(h), Name: p.Name, UnitName: p.UnitName}
	}
	return out, nil
}

// Deposit is a new entry as the reporter makes it.
type Deposit struct {
	PersonHandle string
	Account      string
	AdviserID    uuid.UUID
}

var (
	errHandle  = apperr.Invalid("person_handle", "choose the person from the search results")
	errTooMany = apperr.FailedPrecondition("you already have %d entries waiting; withdraw one first", MaxLive)
)

// Deposited is the answer to a deposit: the same whether or not it matched.
type Deposited struct {
	ID        uuid.UUID
	ExpiresAt time.Time
}

// Deposit makes an entry. Whether it matched shows only in the reporter's list of entries.
func (s *Service) Deposit(ctx context.Context, rs *cases.ReporterSession, source string, d Deposit) (Deposited, error) {
	reporter, err := s.reporterHash(ctx, rs)
	if err != nil {
		return Deposited{}, err
	}
	return s.deposit(ctx, reporter, source, d)
}

// DepositWithoutReport makes an entry for someone who has not filed a report (and may never):
// it comes with a receipt code of its own, of the same format and strength as a case's, shown
// once. Signing in with that code opens a session on the entries made with it (OpenEntrySession);
// they count as one reporter. Nothing else happens: no case, nobody told.
func (s *Service) DepositWithoutReport(ctx context.Context, source string, d Deposit) (string, Deposited, error) {
	code, err := receipt.New()
	if err != nil {
		return "", Deposited{}, err
	}
	lookup := s.cfg.Vault.MAC(receipt.MACPurpose, code.Canonical())
	dep, err := s.deposit(ctx, s.cfg.Vault.EscrowHolderHash(lookup), source, d)
	if err != nil {
		return "", Deposited{}, err
	}
	return code.String(), dep, nil
}

// DepositForReporter makes an entry on the reporter's behalf: the case's adviser, with the
// reporter's consent recorded on the case. The entry is the reporter's, as if made in their
// session (they see, withdraw and answer it there), and names the case's adviser. The answer is
// the same whether or not it matched.
func (s *Service) DepositForReporter(ctx context.Context, a cases.StaffActor, source, ref, handle, account string) (Deposited, error) {
	caseID, adviserID, err := s.cfg.Cases.EscrowOnBehalf(ctx, a, ref)
	if err != nil {
		return Deposited{}, err
	}
	return s.deposit(ctx, s.cfg.Vault.EscrowReporterHash(caseID.String()), source,
		Deposit{PersonHandle: handle, Account: account, AdviserID: adviserID})
}

// OpenEntrySession signs in the holder of an entry-only receipt code: ok is false when the code
// has no entries (then the caller tries it as a case's code).
func (s *Service) OpenEntrySession(ctx context.Context, code string) (token string, ends time.Time, ok bool, err error) {
	c, err := receipt.Parse(code)
	if err != nil {
		return "", time.Time{}, false, nil
	}
	lookup := s.cfg.Vault.MAC(receipt.MACPurpose, c.Canonical())
	es, err := s.cfg.Repo.Entries(ctx, s.cfg.Vault.EscrowHolderHash(lookup))
	if err != nil || len(es) == 0 {
		return "", time.Time{}, false, err
	}
	token, ends, err = s.cfg.Cases.OpenEntrySession(lookup)
	return token, ends, err == nil, err
}

func (s *Service) deposit(ctx context.Context, reporter []byte, source string, d Deposit) (Deposited, error) {
	raw, err := base64.RawURLEncoding.DecodeString(d.PersonHandle)
	if err != nil {
		return Deposited{}, errHandle
	}
	number, err := s.cfg.Vault.OpenEscrow("", fieldHandle, raw)
	if err != nil || len(number) == 0 {
		return Deposited{}, errHandle
	}
	account := strings.TrimSpace(d.Account)
	if len([]rune(account)) < 10 {
		return Deposited{}, apperr.Invalid("account", "write at least 10 characters")
	}
	if err := s.cfg.Cases.CheckAdviser(ctx, d.AdviserID); err != nil {
		return Deposited{}, err
	}
	if ok, wait, _ := s.cfg.Deposits.Take(source); !ok {
		return Deposited{}, apperr.RateLimitedFor(wait, "too many entries were made from your network or in total; try again in %d seconds", apperr.Seconds(wait))
	}
	if ok, wait, _ := s.cfg.PerReporter.Take(string(reporter)); !ok {
		return Deposited{}, apperr.RateLimitedFor(wait, "you made too many entries just now; try again in %d seconds", apperr.Seconds(wait))
	}
	id := uuid.New()
	plain, err := json.Marshal(sealed{Number: string(number), Account: account, Adviser: d.AdviserID})
	if err != nil {
		return Deposited{}, err
	}
	box, err := s.cfg.Vault.SealEscrow(id.String(), fieldEntry, plain)
	if err != nil {
		return Deposited{}, err
	}
	now := s.cfg.Now().UTC()
	day := now.Truncate(24 * time.Hour)
	e := Entry{ID: id, PersonHash: s.cfg.Vault.EscrowPersonHash(string(number)), ReporterHash: reporter,
		Sealed: box, CreatedOn: day, State: Waiting}
	if err := s.cfg.Repo.Deposit(ctx, e, MaxLive, now.Year()); err != nil {
		if errors.Is(err, ErrTooMany) {
			return Deposited{}, errTooMany
		}
		return Deposited{}, err
	}
	return Deposited{ID: id, ExpiresAt: day.Add(s.cfg.TTL)}, nil
}

// Mine is one of the reporter's entries as they see it.
type Mine struct {
	ID        uuid.UUID
	State     State
	ExpiresAt time.Time
	// Others are the case references of the other reporters who went ahead (shown once this
	// reporter went ahead too).
	Others []string
}

// reporterHash checks the session and returns the reporter's hash.
func (s *Service) reporterHash(ctx context.Context, rs *cases.ReporterSession) ([]byte, error) {
	if rs != nil && rs.Receipt != nil {
		return s.cfg.Vault.EscrowHolderHash(rs.Receipt), nil
	}
	caseID, err := s.cfg.Cases.ReporterCaseID(ctx, rs)
	if err != nil {
		return nil, err
	}
	return s.cfg.Vault.EscrowReporterHash(caseID.String()), nil
}

// Mine lists the reporter's entries.
func (s *Service) Mine(ctx context.Context, rs *cases.ReporterSession) ([]Mine, error) {
	rh, err := s.reporterHash(ctx, rs)
	if err != nil {
		return nil, err
	}
	es, err := s.cfg.Repo.Entries(ctx, rh)
	if err != nil {
		return nil, err
	}
	out := make([]Mine, len(es))
	for i, e := range es {
		if out[i], err = s.mine(ctx, e, rh); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Service) mine(ctx context.Context, e Entry, rh []byte) (Mine, error) {
	m := Mine{ID: e.ID, State: e.State, ExpiresAt: e.CreatedOn.Add(s.cfg.TTL)}
	if e.State != Accepted {
		return m, nil
	}
	ps, err := s.cfg.Repo.Partners(ctx, e.ID, rh)
	if err != nil {
		return Mine{}, err
	}
	for _, p := range ps {
		if p.State != Accepted || len(p.CaseSealed) == 0 {
			continue
		}
		ref, err := s.cfg.Vault.OpenEscrow(p.ID.String(), fieldCase, p.CaseSealed)
		if err != nil {
			return Mine{}, err
		}
		m.Others = append(m.Others, string(ref))
	}
	return m, nil
}

var errNoEntry = apperr.NotFound("you have no such entry")

// Withdraw destroys the reporter's entry at once.
func (s *Service) Withdraw(ctx context.Context, rs *cases.ReporterSession, id uuid.UUID) error {
	rh, err := s.reporterHash(ctx, rs)
	if err != nil {
		return err
	}
	ok, err := s.cfg.Repo.Destroy(ctx, id, rh)
	if err != nil {
		return err
	}
	if !ok {
		return errNoEntry
	}
	return nil
}

// Answer answers the question of a matched entry. No: the entry is destroyed. Yes: the account
// goes into the reporter's case for the adviser they chose (cases.Service.GoAheadTogether), with
// the references of the others who went ahead already, and the entry shows those who follow.
func (s *Service) Answer(ctx context.Context, rs *cases.ReporterSession, id uuid.UUID, goAhead bool) (*Mine, error) {
	rh, err := s.reporterHash(ctx, rs)
	if err != nil {
		return nil, err
	}
	es, err := s.cfg.Repo.Entries(ctx, rh)
	if err != nil {
		return nil, err
	}
	var e *Entry
	for i := range es {
		if es[i].ID == id {
			e = &es[i]
		}
	}
	if e == nil {
		return nil, errNoEntry
	}
	if !goAhead {
		if e.State == Accepted {
			return nil, apperr.FailedPrecondition("you already went ahead; your account is with your adviser in your case")
		}
		if _, err := s.cfg.Repo.Destroy(ctx, id, rh); err != nil {
			return nil, err
		}
		return nil, nil
	}
	switch e.State {
	case Accepted:
		m, err := s.mine(ctx, *e, rh)
		return &m, err
	case Waiting:
		return nil, apperr.FailedPrecondition("nobody else has named this person (yet); there is nothing to answer")
	}
	plain, err := s.cfg.Vault.OpenEscrow(e.ID.String(), fieldEntry, e.Sealed)
	if err != nil {
		return nil, err
	}
	var c sealed
	if err := json.Unmarshal(plain, &c); err != nil {
		return nil, err
	}
	ps, err := s.cfg.Repo.Partners(ctx, e.ID, rh)
	if err != nil {
		return nil, err
	}
	var others []string
	for _, p := range ps {
		if p.State == Accepted && len(p.CaseSealed) > 0 {
			ref, err := s.cfg.Vault.OpenEscrow(p.ID.String(), fieldCase, p.CaseSealed)
			if err != nil {
				return nil, err
			}
			others = append(others, string(ref))
		}
	}
	var ref string
	var rekey []byte
	if rs.Receipt != nil {
		// No report yet: it is filed now, under the code the reporter holds, and the entries
		// move to the case (two entries of one reporter still count once).
		var caseID uuid.UUID
		if caseID, ref, err = s.cfg.Cases.FileTogether(ctx, rs.Receipt, c.Number, c.Adviser, body(c.Account, others)); err != nil {
			return nil, err
		}
		rekey = s.cfg.Vault.EscrowReporterHash(caseID.String())
	} else if ref, err = s.cfg.Cases.GoAheadTogether(ctx, rs, c.Number, c.Adviser, body(c.Account, others)); err != nil {
		return nil, err
	}
	cs, err := s.cfg.Vault.SealEscrow(e.ID.String(), fieldCase, []byte(ref))
	if err != nil {
		return nil, err
	}
	if _, err := s.cfg.Repo.Accept(ctx, e.ID, rh, cs, rekey, s.cfg.Now().UTC().Year()); err != nil {
		return nil, err
	}
	m := Mine{ID: e.ID, State: Accepted, ExpiresAt: e.CreatedOn.Add(s.cfg.TTL), Others: others}
	return &m, nil
}

// body is the reporter's message that carries the account into their case. It says that it
// comes from a matching entry, and which cases went ahead together already; it does not say how
// many entries named the person.
func body(account string, others []string) string {
	var b strings.Builder
	b.WriteString("Niet alleen / Not alone: iemand anders noemde dezelfde persoon en ik ga samen verder. / Someone else named the same person and I go ahead together.\n")
	if len(others) > 0 {
		fmt.Fprintf(&b, "Zaken van anderen die ook verder gingen / Cases of others who went ahead: %s\n", strings.Join(others, ", "))
	}
	b.WriteString("\n")
	b.WriteString(account)
	return b.String()
}

// CaseMatch is what the adviser of a case sees of a match: whether its reporter went ahead
// together, and the references of the others who went ahead too. Only accepted entries count:
// for a case whose reporter's entries wait, are matched but unanswered, or were declined, the
// answer is the same as for a case without any.
func (s *Service) CaseMatch(ctx context.Context, a cases.StaffActor, ref string) (bool, []string, error) {
	caseID, err := s.cfg.Cases.AdviserCaseID(ctx, a, ref)
	if err != nil {
		return false, nil, err
	}
	rh := s.cfg.Vault.EscrowReporterHash(caseID.String())
	es, err := s.cfg.Repo.Entries(ctx, rh)
	if err != nil {
		return false, nil, err
	}
	went := false
	seen := map[string]bool{}
	var others []string
	for _, e := range es {
		if e.State != Accepted {
			continue
		}
		went = true
		m, err := s.mine(ctx, e, rh)
		if err != nil {
			return false, nil, err
		}
		for _, o := range m.Others {
			if !seen[o] {
				seen[o] = true
				others = append(others, o)
			}
		}
	}
	return went, others, nil
}

// DestroyExpired destroys the entries made more than the TTL before now (the retention job).
func (s *Service) DestroyExpired(ctx context.Context, now time.Time) (int, error) {
	return s.cfg.Repo.DestroyMadeBefore(ctx, now.UTC().Add(-s.cfg.TTL))
}
