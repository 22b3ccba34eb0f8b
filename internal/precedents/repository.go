package precedents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
)

// Stored is a precedent as kept in the library.
type Stored struct {
	ID uuid.UUID
	Record
	Origin      string // OWN or IMPORTED
	PublishedBy string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Prepared is a record ready to store: with its tags, its lexemes (the index on either database)
// and its content hash.
type Prepared struct {
	Record
	Tags        []Tag
	Terms       []string
	Hash        string
	Origin      string
	PublishedBy string
}

// Scored is a candidate with a score from one stage of the lookup.
type Scored struct {
	ID    uuid.UUID
	Score float64
}

// Posting is one lexeme of one precedent: its frequency there and the precedent's length.
type Posting struct {
	ID     uuid.UUID
	Term   string
	TF, DL int
}

// TermStats are the collection statistics of the query's lexemes.
type TermStats struct {
	Docs, Length int64 // indexed precedents and their total length in lexemes
	DF           map[string]int64
	// Version is the library's version the statistics were read at: it changes with every
	// precedent written.
	Version int64
}

// Candidates are what a lookup reads in one go: the strongest postings of its terms and the
// precedents sharing the most tag weight with it, at the library's Version.
type Candidates struct {
	Postings []Posting
	Tags     []Scored // heaviest first, ties by id
	Version  int64
}

// ListFilter filters the library listing.
type ListFilter struct {
	Category  string
	Year      int
	PageSize  int
	PageToken string // the external id to continue after
}

// UpsertResult counts what an import did.
type UpsertResult struct{ Created, Updated, Unchanged int }

// ErrNotFound is returned for an unknown precedent.
var ErrNotFound = errors.New("no such precedent")

// Repository stores the library.
type Repository interface {
	// Upsert stores prepared records by external id in one transaction with the audit event:
	// new ids are created, changed ones (another hash) updated, equal ones left alone.
	Upsert(ctx context.Context, recs []Prepared, ev audit.Event, progress func(done, total int)) (UpsertResult, error)
	Get(ctx context.Context, id uuid.UUID) (*Stored, error)
	Fetch(ctx context.Context, ids []uuid.UUID) ([]Stored, error)
	// Features returns the precedents with their structured facts only (no texts).
	Features(ctx context.Context, ids []uuid.UUID) ([]Stored, error)
	List(ctx context.Context, f ListFilter) ([]Stored, string, error)
	// Each calls fn for every precedent in external-id order (export).
	Each(ctx context.Context, fn func(Stored) error) error
	Delete(ctx context.Context, id uuid.UUID, ev audit.Event) error
	// Stats returns the collection statistics of the terms (lexemes computed in Go, by
	// dutch.Terms, on either database).
	Stats(ctx context.Context, terms []string) (TermStats, error)
	// TopPostings returns, for each term, its perTerm postings of the highest impact.
	TopPostings(ctx context.Context, terms []string, perTerm int) ([]Posting, error)

	// TagCandidates returns the precedents sharing the most tag weight with tags.
	TagCandidates(ctx context.Context, tags []Tag, limit int) ([]Scored, error)
	// Candidates reads, in one snapshot of the library, the perTerm postings of the highest
	// impact of each term, the limit precedents sharing the most tag weight with tags (as
	// TagCandidates) and the library's version.
	Candidates(ctx context.Context, terms []string, perTerm int, tags []Tag, limit int) (Candidates, error)
	// Audit writes an event on its own (a lookup is a read).
	Audit(ctx context.Context, ev audit.Event) error
}

// Hash is the content hash of a normalised record.
func (r Record) Hash() string {
	b, _ := json.Marshal(r)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}
