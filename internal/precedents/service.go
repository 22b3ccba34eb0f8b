package precedents

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/precedents/dutch"
)

// Audit actions of the library. Events name counts and codes, never texts or queries.
const (
	ActionImport   = "precedents.import"
	ActionExport   = "precedents.export"
	ActionList     = "precedents.list"
	ActionRead     = "precedent.read"
	ActionWithdraw = "precedent.withdraw"
	ActionLookup   = "precedents.lookup"
	ActionPublish  = "precedent.publish"
)

// Actor is the staff member calling, with the roles that matter here.
type Actor struct {
	Subject       string
	HR            bool
	IntegrityTeam bool
	// RequestID is recorded with the audit events.
	RequestID string
}

// Service is the precedent library.
type Service struct {
	repo  Repository
	clock func() time.Time
}

// New returns the library over repo; clock may be nil.
func New(repo Repository, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	return &Service{repo: repo, clock: clock}
}

func (s *Service) now() time.Time { return s.clock().UTC() }

func (s *Service) event(a Actor, action string, caseID *uuid.UUID, fields ...string) audit.Event {
	return audit.Event{At: s.now(), Actor: audit.Staff(a.Subject), Action: action, CaseID: caseID, Fields: fields, RequestID: a.RequestID}
}

// Prepare makes a record ready to store: tags, search terms and hash. rec must be normalised
// and valid.
func Prepare(rec Record, origin, by string) Prepared {
	return Prepared{
		Record: rec, Tags: rec.features().Tags(), Terms: dutch.Terms(rec.Language, SearchText(rec)),
		Hash: rec.Hash(), Origin: origin, PublishedBy: by,
	}
}

// SearchText is the text of a precedent that the full-text index covers, in this order.
func SearchText(r Record) string {
	return r.Summary + "\n" + r.Qualification + "\n" + r.Considerations
}

// ImportErrors lists the bad rows of an import that was therefore not done.
type ImportErrors struct{ Rows []RowError }

// Violations names each bad row as a field of the import request: content.line[N].field,
// described with the row's external id when it has one.
func (e *ImportErrors) Violations() []apperr.Violation {
	out := make([]apperr.Violation, len(e.Rows))
	for i, r := range e.Rows {
		field := fmt.Sprintf("content.line[%d]", r.Line)
		if r.Field != "" {
			field += "." + r.Field
		}
		desc := r.Message
		if r.ExternalID != "" {
			desc = r.ExternalID + ": " + desc
		}
		out[i] = apperr.Violation{Field: field, Message: desc, Reason: r.Reason, Value: r.Value}
	}
	return out
}

func (e *ImportErrors) Error() string {
	var b strings.Builder
	if len(e.Rows) == 1 {
		b.WriteString("1 bad row; nothing was imported. ")
	} else {
		fmt.Fprintf(&b, "%d bad rows; nothing was imported. ", len(e.Rows))
	}
	for i, r := range e.Rows {
		if i == 10 {
			fmt.Fprintf(&b, " … and %d more", len(e.Rows)-10)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(r.Error())
	}
	return b.String()
}

// ImportResult says what an import did.
type ImportResult struct {
	UpsertResult
	Rows int
}

// Import reads a JSON Lines or CSV file of precedents and stores them by external id: all or
// nothing — with any bad row nothing is stored and every bad row is reported (*ImportErrors).
// Importing the same file again changes nothing. progress, if not nil, is called as rows are
// stored. Only HR imports.
func (s *Service) Import(ctx context.Context, a Actor, format string, r io.Reader, progress func(done, total int)) (ImportResult, error) {
	if !a.HR {
		return ImportResult{}, apperr.Forbidden("only HR maintains the precedent library")
	}
	rows, bad, err := Parse(format, r, s.now())
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return ImportResult{}, apperr.Invalids(fe.Violation("content"))
		}
		return ImportResult{}, apperr.Invalid("content", "%s", err.Error())
	}
	if len(bad) > 0 {
		return ImportResult{}, &ImportErrors{Rows: bad}
	}
	if len(rows) == 0 {
		return ImportResult{}, apperr.Invalid("content", "the file has no precedents").Because(apperr.ReasonFileEmpty)
	}
	prepared := make([]Prepared, len(rows))
	for i, row := range rows {
		prepared[i] = Prepare(row.Record, "IMPORTED", a.Subject)
	}
	res, err := s.repo.Upsert(ctx, prepared, s.event(a, ActionImport, nil, fmt.Sprintf("rows:%d", len(rows))), progress)
	if err != nil {
		return ImportResult{}, err
	}
	return ImportResult{UpsertResult: res, Rows: len(rows)}, nil
}

// Export writes the whole library in format. Only HR exports.
func (s *Service) Export(ctx context.Context, a Actor, format string, w io.Writer) (int, error) {
	if !a.HR {
		return 0, apperr.Forbidden("only HR maintains the precedent library")
	}
	pw, err := NewWriter(format, w)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return 0, apperr.Invalids(fe.Violation("format"))
		}
		return 0, apperr.Invalid("format", "%s", err.Error())
	}
	if err := s.repo.Audit(ctx, s.event(a, ActionExport, nil, "format:"+format)); err != nil {
		return 0, err
	}
	n := 0
	if err := s.repo.Each(ctx, func(st Stored) error {
		n++
		return pw.Write(st.Record)
	}); err != nil {
		return n, err
	}
	return n, pw.Close()
}

func mayConsult(a Actor) error {
	if a.HR || a.IntegrityTeam {
		return nil
	}
	return apperr.Forbidden("the precedent library is for the integrity team and HR; managers consult it from a case")
}

// List pages through the library.
func (s *Service) List(ctx context.Context, a Actor, f ListFilter) ([]Stored, string, error) {
	if err := mayConsult(a); err != nil {
		return nil, "", err
	}
	if f.PageSize <= 0 || f.PageSize > 100 {
		f.PageSize = 25
	}
	out, next, err := s.repo.List(ctx, f)
	if err != nil {
		return nil, "", err
	}
	if err := s.repo.Audit(ctx, s.event(a, ActionList, nil, fmt.Sprintf("count:%d", len(out)))); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// Get returns one precedent.
func (s *Service) Get(ctx context.Context, a Actor, id uuid.UUID) (*Stored, error) {
	if err := mayConsult(a); err != nil {
		return nil, err
	}
	st, err := s.repo.Get(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, apperr.NotFound("no such precedent")
	}
	if err != nil {
		return nil, err
	}
	if err := s.repo.Audit(ctx, s.event(a, ActionRead, nil, "precedent:"+st.ExternalID)); err != nil {
		return nil, err
	}
	return st, nil
}

// Withdraw removes a precedent from the library, for instance when it turns out to identify
// someone after all. Only HR withdraws; the reason is required (it is not stored: it could name
// what identified whom) — the event records who withdrew which precedent.
func (s *Service) Withdraw(ctx context.Context, a Actor, id uuid.UUID, reason string) error {
	if !a.HR {
		return apperr.Forbidden("only HR maintains the precedent library")
	}
	if strings.TrimSpace(reason) == "" {
		return apperr.Invalid("reason", "say why the precedent is withdrawn")
	}
	st, err := s.repo.Get(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return apperr.NotFound("no such precedent")
	}
	if err != nil {
		return err
	}
	return s.repo.Delete(ctx, id, s.event(a, ActionWithdraw, nil, "precedent:"+st.ExternalID))
}

// Publish stores one approved precedent (from a case's draft) — used by the draft workflow,
// which writes its own audit event in the same transaction through the repository of drafts.
func (s *Service) Publish(rec Record, by string) (Prepared, error) {
	rec.Normalize()
	if err := rec.Validate(s.now()); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			return Prepared{}, apperr.Invalids(apperr.Violation{Field: fe.Field, Message: fe.Reason, Reason: fe.Code, Value: fe.Value})
		}
		return Prepared{}, err
	}
	return Prepare(rec, "OWN", by), nil
}
