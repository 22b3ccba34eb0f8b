package store

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/employee"
	"github.com/utrecht/meldpunt/ent/escrowentry"
	"github.com/utrecht/meldpunt/ent/escrowtally"
	"github.com/utrecht/meldpunt/ent/orgunit"
	"github.com/utrecht/meldpunt/ent/predicate"
	"github.com/utrecht/meldpunt/internal/escrow"
)

// Escrow stores matching entries (package escrow). Nothing here logs or audits: an entry's
// existence is itself confidential.
type Escrow struct{ s *Store }

var _ escrow.Repository = (*Escrow)(nil)

// Escrow returns the store of matching entries.
func (s *Store) Escrow() *Escrow { return &Escrow{s: s} }

// escrowLockKey serialises deposits on PostgreSQL, so that two reporters naming the same person
// at the same moment still match ("MLDPESCR" in ASCII, as a number).
const escrowLockKey = 0x4d4c445045534352

func (r *Escrow) lock(ctx context.Context, tx *ent.Tx) error {
	if r.s.dialect != dialect.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(escrowLockKey))
	return err
}

func tallyKey(year int, what string) string { return fmt.Sprintf("%d/%s", year, what) }

func addTally(ctx context.Context, tx *ent.Tx, year int, what string, n int) error {
	return tx.EscrowTally.Create().SetID(tallyKey(year, what)).SetCount(n).
		OnConflictColumns(escrowtally.FieldID).AddCount(n).Exec(ctx)
}

// toEntry maps a row to the domain; every row is live (destroying deletes).
func toEntry(e *ent.EscrowEntry) escrow.Entry {
	out := escrow.Entry{ID: e.ID, PersonHash: e.PersonHash, ReporterHash: e.ReporterHash, Sealed: e.Sealed,
		CreatedOn: e.CreatedOn, State: escrow.State(e.State)}
	if e.CaseSealed != nil {
		out.CaseSealed = *e.CaseSealed
	}
	return out
}

// Deposit implements escrow.Repository.
func (r *Escrow) Deposit(ctx context.Context, e escrow.Entry, maxLive int, year int) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := r.lock(ctx, tx); err != nil {
			return err
		}
		n, err := tx.EscrowEntry.Query().Where(escrowentry.ReporterHash(e.ReporterHash)).Count(ctx)
		if err != nil {
			return err
		}
		if n >= maxLive {
			return escrow.ErrTooMany
		}
		// The same statements whether or not anything matches: the others' waiting entries
		// become matched (none, or some), and then this one as well if there is any other.
		others := []predicate.EscrowEntry{escrowentry.PersonHash(e.PersonHash), escrowentry.ReporterHashNEQ(e.ReporterHash)}
		newly, err := tx.EscrowEntry.Update().Where(append(others, escrowentry.StateEQ(escrowentry.StateWAITING))...).
			SetState(escrowentry.StateMATCHED).Save(ctx)
		if err != nil {
			return err
		}
		partners, err := tx.EscrowEntry.Query().Where(others...).Count(ctx)
		if err != nil {
			return err
		}
		state, matched := escrowentry.StateWAITING, newly
		if partners > 0 {
			state, matched = escrowentry.StateMATCHED, matched+1
		}
		if err := tx.EscrowEntry.Create().SetID(e.ID).SetPersonHash(e.PersonHash).SetReporterHash(e.ReporterHash).
			SetSealed(e.Sealed).SetCreatedOn(e.CreatedOn).SetState(state).Exec(ctx); err != nil {
			return err
		}
		if err := addTally(ctx, tx, year, "made", 1); err != nil {
			return err
		}
		return addTally(ctx, tx, year, "matched", matched)
	})
}

// Entries implements escrow.Repository.
func (r *Escrow) Entries(ctx context.Context, reporterHash []byte) ([]escrow.Entry, error) {
	es, err := r.s.client.EscrowEntry.Query().Where(escrowentry.ReporterHash(reporterHash)).
		Order(ent.Asc(escrowentry.FieldCreatedOn), ent.Asc(escrowentry.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]escrow.Entry, len(es))
	for i, e := range es {
		out[i] = toEntry(e)
	}
	return out, nil
}

// Partners implements escrow.Repository.
func (r *Escrow) Partners(ctx context.Context, id uuid.UUID, reporterHash []byte) ([]escrow.Entry, error) {
	e, err := r.s.client.EscrowEntry.Query().Where(escrowentry.ID(id), escrowentry.ReporterHash(reporterHash)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ps, err := r.s.client.EscrowEntry.Query().
		Where(escrowentry.PersonHash(e.PersonHash), escrowentry.ReporterHashNEQ(reporterHash)).
		Order(ent.Asc(escrowentry.FieldCreatedOn), ent.Asc(escrowentry.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]escrow.Entry, len(ps))
	for i, p := range ps {
		out[i] = toEntry(p)
	}
	return out, nil
}

// Destroy implements escrow.Repository.
func (r *Escrow) Destroy(ctx context.Context, id uuid.UUID, reporterHash []byte) (bool, error) {
	var ok bool
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := r.lock(ctx, tx); err != nil {
			return err
		}
		e, err := tx.EscrowEntry.Query().Where(escrowentry.ID(id), escrowentry.ReporterHash(reporterHash)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := tx.EscrowEntry.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		ok = true
		return unmatchLonely(ctx, tx, [][]byte{e.PersonHash})
	})
	return ok, err
}

// unmatchLonely puts matched entries back to waiting where no entry of another reporter names
// the same person any more.
func unmatchLonely(ctx context.Context, tx *ent.Tx, personHashes [][]byte) error {
	for _, ph := range personHashes {
		rest, err := tx.EscrowEntry.Query().Where(escrowentry.PersonHash(ph)).All(ctx)
		if err != nil {
			return err
		}
		for _, e := range rest {
			if e.State != escrowentry.StateMATCHED {
				continue
			}
			alone := true
			for _, o := range rest {
				if !bytes.Equal(o.ReporterHash, e.ReporterHash) {
					alone = false
				}
			}
			if alone {
				if err := tx.EscrowEntry.UpdateOneID(e.ID).SetState(escrowentry.StateWAITING).Exec(ctx); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Accept implements escrow.Repository.
func (r *Escrow) Accept(ctx context.Context, id uuid.UUID, reporterHash, caseSealed, newReporterHash []byte, year int) (bool, error) {
	var ok bool
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		n, err := tx.EscrowEntry.Update().
			Where(escrowentry.ID(id), escrowentry.ReporterHash(reporterHash), escrowentry.StateEQ(escrowentry.StateMATCHED)).
			SetState(escrowentry.StateACCEPTED).SetCaseSealed(caseSealed).Save(ctx)
		if err != nil || n == 0 {
			return err
		}
		ok = true
		if newReporterHash != nil {
			if err := tx.EscrowEntry.Update().Where(escrowentry.ReporterHash(reporterHash)).
				SetReporterHash(newReporterHash).Exec(ctx); err != nil {
				return err
			}
		}
		return addTally(ctx, tx, year, "accepted", 1)
	})
	return ok, err
}

// DestroyMadeBefore implements escrow.Repository.
func (r *Escrow) DestroyMadeBefore(ctx context.Context, cutoff time.Time) (int, error) {
	var n int
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := r.lock(ctx, tx); err != nil {
			return err
		}
		due, err := tx.EscrowEntry.Query().Where(escrowentry.CreatedOnLT(cutoff)).All(ctx)
		if err != nil || len(due) == 0 {
			return err
		}
		ids := make([]uuid.UUID, len(due))
		var hashes [][]byte
		seen := map[string]bool{}
		for i, e := range due {
			ids[i] = e.ID
			if !seen[string(e.PersonHash)] {
				seen[string(e.PersonHash)] = true
				hashes = append(hashes, e.PersonHash)
			}
		}
		if n, err = tx.EscrowEntry.Delete().Where(escrowentry.IDIn(ids...)).Exec(ctx); err != nil {
			return err
		}
		return unmatchLonely(ctx, tx, hashes)
	})
	return n, err
}

// SearchPeople implements escrow.Repository.
func (r *Escrow) SearchPeople(ctx context.Context, query string, limit int) ([]escrow.Person, error) {
	es, err := r.s.client.Employee.Query().Where(employee.NameContainsFold(strings.TrimSpace(query))).
		WithUnit(func(q *ent.OrgUnitQuery) { q.Select(orgunit.FieldID, orgunit.FieldName) }).
		Order(ent.Asc(employee.FieldName), ent.Asc(employee.FieldID)).Limit(limit).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]escrow.Person, len(es))
	for i, e := range es {
		out[i] = escrow.Person{Number: e.Number, Name: e.Name}
		if u := e.Edges.Unit; u != nil {
			out[i].UnitName = u.Name
		}
	}
	return out, nil
}

// Tally implements escrow.Repository.
func (r *Escrow) Tally(ctx context.Context, year int) (escrow.Tally, error) {
	ts, err := r.s.client.EscrowTally.Query().Where(escrowtally.IDIn(tallyKey(year, "made"), tallyKey(year, "matched"), tallyKey(year, "accepted"))).All(ctx)
	if err != nil {
		return escrow.Tally{}, err
	}
	var t escrow.Tally
	for _, x := range ts {
		switch x.ID {
		case tallyKey(year, "made"):
			t.Made = x.Count
		case tallyKey(year, "matched"):
			t.Matched = x.Count
		case tallyKey(year, "accepted"):
			t.Accepted = x.Count
		}
	}
	return t, nil
}
