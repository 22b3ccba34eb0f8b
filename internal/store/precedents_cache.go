package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/precedents"
)

// A lookup reads the statistics of its terms, the strongest postings of the terms chosen, the
// precedents sharing its tags, the structured facts of about 120 candidates and the texts of its
// hits. All of it changes only when a precedent is written, and every such write adds one to the
// library's version (the '#version' row of precedent_term_stats, in the write's own
// transaction). The store keeps what it read under the version it read it at:
//
//   - every statement that reads statistics or candidates reads the version in the same
//     snapshot; a version other than the cache's empties the cache (and Candidates reads all it
//     answers again), and the caller sees the difference (precedents.Candidates.Version against
//     precedents.TermStats.Version) and reads the statistics again — so a lookup never ranks
//     with statistics, postings and candidates of two versions, and its ranking is the one an
//     uncached read of that version gives;
//   - a lookup whose candidates are all kept reads nothing while the version was read less than
//     maxStale ago: the store reads it every versionPoll while lookups are made, so that another
//     replica's write shows within about versionPoll, and never later than maxStale;
//   - Features and Fetch answer from the cache (a precedent written since is as if read a moment
//     earlier, as between any two statements);
//   - after the first lookup, and once a changed library stands still, the whole library's
//     statistics, facts and tags are read in one snapshot (warmLibrary): lookups then read only
//     the postings of terms not looked up before and their hits' texts. At 100,000 precedents
//     that is some 70 MB of memory (a library larger than cacheFacts is not read in full).
//
// Writes through this store empty the cache at once. The cache is bounded: when one of its maps
// is full it is emptied.
type precedentCache struct {
	mu      sync.Mutex
	valid   bool      // version is known
	version int64     // of everything below
	checked time.Time // when version was last read from the database
	docs    int64
	length  int64
	df      map[string]int64 // 0 for a term no precedent holds
	// complete: df holds every term of the library (warmLibrary), so a term it lacks is in
	// no precedent.
	complete bool
	// gen counts the resets: a read of the whole library keeps what it read only if nothing
	// was reset since it began. warming: such a read is under way; tried: the generation (+1)
	// it was last tried at, retryAt: when a failed one may be tried again (zero: it did not
	// fail).
	gen     uint64
	warming bool
	tried   uint64
	retryAt time.Time
	facts   map[uuid.UUID]precedents.Stored
	// allFacts: facts holds every precedent of the library and tagIndex every tag's
	// precedents in id order (warmLibrary), so that tag candidates and facts need no statement.
	allFacts bool
	tagIndex map[string][]tagPosting
	full     map[uuid.UUID]precedents.Stored
	posts    map[postingsKey][]precedents.Posting // a term's strongest postings
	nposts   int
	tags     map[string][]precedents.Scored // tag candidates by tagsKey
}

// tagPosting is a precedent holding a tag, with the tag's weight.
type tagPosting struct {
	id uuid.UUID
	w  int
}

type postingsKey struct {
	term    string
	perTerm int
}

const (
	cacheTerms = 200_000
	cacheFacts = 200_000
	cacheFull  = 5_000
	// cachePostings bounds the postings kept (about 50 bytes each).
	cachePostings = 500_000
	cacheTagSets  = 10_000
)

// Between two reads of the version another replica's write may go unseen: a lookup whose
// candidates are all kept answers without a statement while the version was read less than
// maxStale ago. The store reads it every versionPoll (pollVersion) while lookups are made.
const (
	versionPoll = 200 * time.Millisecond
	maxStale    = time.Second
)

// reset empties the cache; valid with version v when known.
func (c *precedentCache) reset(known bool, v int64) {
	c.gen++
	c.valid, c.version = known, v
	c.docs, c.length = 0, 0
	c.df, c.facts, c.full = nil, nil, nil
	c.complete = false
	c.allFacts, c.tagIndex = false, nil
	c.posts, c.nposts, c.tags = nil, 0, nil
}

// invalidate forgets everything (a write through this store).
func (c *precedentCache) invalidate() {
	c.mu.Lock()
	c.reset(false, 0)
	c.mu.Unlock()
}

// observe notes the version a statement read: a different one empties the cache.
func (c *precedentCache) observe(v int64) {
	c.mu.Lock()
	if !c.valid || c.version != v {
		c.reset(true, v)
	}
	c.checked = time.Now()
	c.mu.Unlock()
}

// stats returns the statistics of terms from the cache, ok only when it holds them all.
func (c *precedentCache) stats(terms []string) (precedents.TermStats, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid || c.df == nil {
		return precedents.TermStats{}, false
	}
	st := precedents.TermStats{Docs: c.docs, Length: c.length, Version: c.version, DF: make(map[string]int64, len(terms))}
	for _, t := range terms {
		n, ok := c.df[t]
		if !ok && !c.complete {
			return precedents.TermStats{}, false
		}
		if n > 0 {
			st.DF[t] = n
		}
	}
	return st, true
}

// putStats keeps statistics read from the database (every term of terms, absent ones as 0).
func (c *precedentCache) putStats(terms []string, st precedents.TermStats) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid || c.version != st.Version {
		c.reset(true, st.Version)
	}
	c.checked = time.Now()
	if c.df == nil || len(c.df)+len(terms) > cacheTerms {
		c.df = make(map[string]int64, len(terms))
		c.complete = false
	}
	c.docs, c.length = st.Docs, st.Length
	for _, t := range terms {
		c.df[t] = st.DF[t]
	}
}

// putLibrary keeps the statistics of every term of the library, read at version v by a read that
// began at generation gen and time began: only when nothing was reset since (a write through
// this store, another version seen) or the cache is at v anyway — never an older library over a
// newer one. It returns the generation the facts must still find, and whether it kept them.
func (c *precedentCache) putLibrary(gen uint64, began time.Time, v, docs, length int64, df map[string]int64) (uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.valid && c.version == v:
	case c.gen == gen:
		c.reset(true, v)
		c.tried = c.gen + 1 // this read covers the new generation
	default:
		return 0, false
	}
	if began.After(c.checked) {
		c.checked = began
	}
	c.docs, c.length, c.df, c.complete = docs, length, df, true
	return c.gen, true
}

// putFacts keeps every precedent's facts, read with the statistics putLibrary kept at generation
// gen (nothing if the cache was reset since), and indexes their tags: each tag's precedents in
// id order, as the databases' index on (tag, precedent_id) holds them.
func (c *precedentCache) putFacts(gen uint64, facts map[uuid.UUID]precedents.Stored) {
	tags := map[string][]tagPosting{}
	for id, st := range facts {
		for _, t := range st.Tags() {
			tags[t.Name] = append(tags[t.Name], tagPosting{id, t.Weight})
		}
	}
	for _, ps := range tags {
		slices.SortFunc(ps, func(x, y tagPosting) int { return bytes.Compare(x.id[:], y.id[:]) })
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	c.facts, c.allFacts, c.tagIndex = facts, true, tags
}

// startWarm says whether the whole library should be read now — the cache does not hold every
// precedent, no read is under way, none was tried since the last reset (or a failed one may be
// tried again) — and notes that one is under way; endWarm(ok) notes its end.
func (c *precedentCache) startWarm() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.allFacts || c.warming || (c.tried == c.gen+1 && (c.retryAt.IsZero() || time.Now().Before(c.retryAt))) {
		return false
	}
	c.warming, c.tried, c.retryAt = true, c.gen+1, time.Now().Add(warmRetry)
	return true
}

func (c *precedentCache) endWarm(ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.warming = false
	if ok {
		c.retryAt = time.Time{} // not again at this generation
	}
}

// warmRetry is how long after a failed read of the whole library the next may start.
const warmRetry = 30 * time.Second

// get returns the cached precedents of ids (facts, or full) and the ids it lacks.
func (c *precedentCache) get(ids []uuid.UUID, full bool) (have []precedents.Stored, missing []uuid.UUID, version int64, ok bool) {
	c.mu.Lock()
	if !c.valid {
		c.mu.Unlock()
		return nil, ids, 0, false
	}
	m := c.facts
	if full {
		m = c.full
	}
	have = make([]precedents.Stored, 0, len(ids))
	for _, id := range ids {
		if st, ok := m[id]; ok {
			have = append(have, st)
		} else {
			missing = append(missing, id)
		}
	}
	version = c.version
	c.mu.Unlock()
	// The kept precedents are never changed (put keeps copies): copied outside the lock.
	for i := range have {
		have[i] = detached(have[i])
	}
	return have, missing, version, true
}

// put keeps precedents read for the cache's version v (nothing if it changed meanwhile).
func (c *precedentCache) put(sts []precedents.Stored, full bool, v int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid || c.version != v {
		return
	}
	m, limit := &c.facts, cacheFacts
	if full {
		m, limit = &c.full, cacheFull
	}
	if !full && c.allFacts {
		return // it holds every precedent of this version already
	}
	if *m == nil || len(*m)+len(sts) > limit {
		*m = make(map[uuid.UUID]precedents.Stored, len(sts))
	}
	for _, st := range sts {
		(*m)[st.ID] = detached(st)
	}
}

// detached is st with lists of its own, so that neither the cache nor its callers change the
// other's.
func detached(st precedents.Stored) precedents.Stored {
	st.Grounds, st.Norms = slices.Clone(st.Grounds), slices.Clone(st.Norms)
	st.Aggravating, st.Mitigating = slices.Clone(st.Aggravating), slices.Clone(st.Mitigating)
	return st
}

// tagsKey names a set of tags and a limit (the tags' order does not matter).
func tagsKey(names []string, limit int) string {
	names = slices.Clone(names)
	slices.Sort(names)
	return strings.Join(names, "\x00") + "\x00" + strconv.Itoa(limit)
}

// candidates returns what the cache holds of a Candidates read: the postings of the terms it
// holds, the terms it lacks, the tag candidates when it holds them, and its version.
func (c *precedentCache) candidates(terms []string, perTerm int, names []string, limit int, tkey string) (posts []precedents.Posting, missing []string, tags []precedents.Scored, haveTags bool, version int64, ok, fresh bool) {
	c.mu.Lock()
	if !c.valid {
		c.mu.Unlock()
		return nil, terms, nil, false, 0, false, false
	}
	fresh = time.Since(c.checked) < maxStale
	for _, t := range terms {
		if ps, ok := c.posts[postingsKey{t, perTerm}]; ok {
			posts = append(posts, ps...)
		} else {
			missing = append(missing, t)
		}
	}
	version = c.version
	tags, haveTags = c.tags[tkey]
	index := c.tagIndex
	c.mu.Unlock()
	if haveTags {
		return posts, missing, slices.Clone(tags), true, version, true, fresh
	}
	if index != nil {
		// Ranked outside the lock (the index is never changed, only replaced), and kept.
		tags = tagCandidates(index, names, limit)
		c.putTags(version, tkey, tags)
		return posts, missing, tags, true, version, true, fresh
	}
	return posts, missing, nil, false, version, true, fresh
}

// putTags keeps the tag candidates of tkey ranked at version v.
func (c *precedentCache) putTags(v int64, tkey string, tags []precedents.Scored) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid || c.version != v {
		return
	}
	if c.tags == nil || len(c.tags) >= cacheTagSets {
		c.tags = map[string][]precedents.Scored{}
	}
	c.tags[tkey] = slices.Clone(tags)
}

// tagCandidates ranks from the tag index what the databases' tag statement ranks (tagsPG,
// candidatesSQLite): of each tag its first tagWindow precedents in id order, their weights
// summed per precedent, the heaviest first, ties by id, at most limit.
func tagCandidates(index map[string][]tagPosting, names []string, limit int) []precedents.Scored {
	sum := map[uuid.UUID]int{}
	for _, n := range names {
		ps := index[n]
		for _, p := range ps[:min(len(ps), tagWindow)] {
			sum[p.id] += p.w
		}
	}
	out := make([]precedents.Scored, 0, len(sum))
	for id, w := range sum {
		out = append(out, precedents.Scored{ID: id, Score: float64(w)})
	}
	slices.SortFunc(out, func(x, y precedents.Scored) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), bytes.Compare(x.ID[:], y.ID[:]))
	})
	return out[:min(len(out), limit)]
}

// putCandidates keeps what a Candidates read at version v found: the postings of terms, and the
// tag candidates when tkey is not "".
func (c *precedentCache) putCandidates(v int64, terms []string, perTerm int, posts []precedents.Posting, tkey string, tags []precedents.Scored) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid || c.version != v {
		return
	}
	if c.posts == nil || c.nposts+len(posts) > cachePostings {
		c.posts, c.nposts = map[postingsKey][]precedents.Posting{}, 0
	}
	byTerm := make(map[string][]precedents.Posting, len(terms))
	for _, p := range posts {
		byTerm[p.Term] = append(byTerm[p.Term], p)
	}
	for _, t := range terms {
		c.posts[postingsKey{t, perTerm}] = byTerm[t] // none: the term has no postings
		c.nposts += len(byTerm[t])
	}
	if tkey != "" {
		if c.tags == nil || len(c.tags) >= cacheTagSets {
			c.tags = map[string][]precedents.Scored{}
		}
		c.tags[tkey] = slices.Clone(tags)
	}
}

// pollLibraryVersion starts, on the first lookup, the reading of the library's version every
// versionPoll, which empties the cache when another replica wrote a precedent.
func (s *Store) pollLibraryVersion() {
	s.libPoll.once.Do(func() {
		stop, done := make(chan struct{}), make(chan struct{})
		s.libPoll.stop, s.libPoll.done = stop, done
		go func() {
			defer close(done)
			t := time.NewTicker(versionPoll)
			defer t.Stop()
			s.warmLibrary(stop)
			last := int64(-1)
			for {
				select {
				case <-stop:
					return
				case <-t.C:
				}
				ctx, cancel := context.WithTimeout(context.Background(), maxStale)
				v, err := s.libraryVersion(ctx)
				cancel()
				if err != nil {
					continue
				}
				s.libCache.observe(v)
				// While an import writes batch after batch, the library is read again only
				// once it has stood still for a poll.
				if v == last {
					s.warmLibrary(stop)
				}
				last = v
			}
		}()
	})
}

// warmLibrary reads, once per version (the first lookup after a start, or after a precedent was
// written, starts it), the statistics of every term and then every precedent's structured facts
// into the cache, each in one snapshot of that version: a lookup then reads no statistics, no
// facts and no tag candidates (they are ranked from the facts' tags) — only the postings of terms
// not looked up before and the texts of its hits. A library larger than the cache keeps is read
// in part (the statistics only, or nothing).
func (s *Store) warmLibrary(stop <-chan struct{}) {
	if !s.libCache.startWarm() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	go func() {
		select {
		case <-stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	s.libCache.endWarm(s.readLibrary(ctx) == nil)
}

// WarmPrecedents reads the precedent library's statistics and facts into memory now, as the first
// lookup after a start otherwise does in the background (serve calls it at start, so that the
// first lookups need not wait for it). It returns how many precedents it holds in memory (0 for a
// library larger than the cache keeps: lookups then read what they need).
func (s *Store) WarmPrecedents(ctx context.Context) (n int, err error) {
	if s.libCache.startWarm() {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		err := s.readLibrary(ctx)
		s.libCache.endWarm(err == nil)
		if err != nil {
			return 0, err
		}
	}
	s.libCache.mu.Lock()
	defer s.libCache.mu.Unlock()
	return len(s.libCache.facts), nil
}

// readLibrary reads the statistics and then the facts, each in a read-only snapshot (repeatable
// read on PostgreSQL; on SQLite a deferred BEGIN — read only, it takes no write lock — which in
// WAL mode reads one snapshot); the facts are kept only when they are of the statistics' version.
func (s *Store) readLibrary(ctx context.Context) error {
	s.libCache.mu.Lock()
	gen, began := s.libCache.gen, time.Now()
	s.libCache.mu.Unlock()
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == dialect.Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // read only
	var docs, length, version int64
	df := map[string]int64{}
	err = eachRow(ctx, tx, `SELECT term, n FROM precedent_term_stats`, func(rows *sql.Rows) error {
		var t string
		var n int64
		if err := rows.Scan(&t, &n); err != nil {
			return err
		}
		switch t {
		case "#docs":
			docs = n
		case "#len":
			length = n
		case versionTerm:
			version = n
		default:
			if len(df) == cacheTerms {
				return errTooLarge
			}
			df[t] = n
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The statistics are kept at once: lookups use them while the facts are read.
	gen, kept := s.libCache.putLibrary(gen, began, version, docs, length, df)
	if !kept || docs > cacheFacts {
		return nil
	}
	facts := make(map[uuid.UUID]precedents.Stored, docs)
	err = eachRow(ctx, tx, `SELECT `+featuresCols+` FROM precedents`, func(rows *sql.Rows) error {
		st, err := scanFeatures(rows, false)
		if err == nil {
			if len(facts) == cacheFacts {
				return errTooLarge
			}
			facts[st.ID] = st
		}
		return err
	})
	if err != nil {
		return err
	}
	s.libCache.putFacts(gen, facts)
	return nil
}

var errTooLarge = errors.New("more than the cache keeps")

// eachRow runs a query in tx and calls fn for every row.
func eachRow(ctx context.Context, tx *sql.Tx, q string, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// stopLibraryPoll ends the reading of the version (Close).
func (s *Store) stopLibraryPoll() {
	s.libPoll.once.Do(func() {}) // none started: none will be
	if s.libPoll.stop != nil {
		close(s.libPoll.stop)
		<-s.libPoll.done
		s.libPoll.stop = nil
	}
}

// libraryVersion reads the library's version (0 before any precedent was written).
func (s *Store) libraryVersion(ctx context.Context) (int64, error) {
	stmt, err := s.prepared(ctx, placeholders(s.dialect, `SELECT n FROM precedent_term_stats WHERE term = ?`))
	if err != nil {
		return 0, err
	}
	var v int64
	err = stmt.QueryRowContext(ctx, versionTerm).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}
