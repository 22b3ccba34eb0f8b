package store

import (
	"bytes"
	"cmp"
	"context"
	stdsql "database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"
	"github.com/lib/pq"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/precedent"
	"github.com/utrecht/meldpunt/ent/precedenttag"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/precedents"
)

// Precedents implements precedents.Repository. The full-text index is the precedent_terms table
// (impact-ordered postings) with its statistics in precedent_term_stats. On both databases the
// lexemes are the Go normaliser's (dutch.Terms), computed when a precedent is prepared; the
// database only stores and reads them.
type Precedents struct{ s *Store }

var _ precedents.Repository = (*Precedents)(nil)

// Precedents returns the precedent library's repository.
func (s *Store) Precedents() *Precedents { return &Precedents{s: s} }

func (r *Precedents) pg() bool { return r.s.dialect == dialect.Postgres }

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func toStored(p *ent.Precedent) precedents.Stored {
	return precedents.Stored{
		ID: p.ID,
		Record: precedents.Record{
			ExternalID: p.ExternalID, SourceOrganisation: p.SourceOrganisation, Year: p.Year, Language: p.Language,
			Category: p.Category, Grounds: splitList(p.Grounds), Norms: splitList(p.Norms), Findings: p.Findings,
			Qualification: p.Qualification, Aggravating: splitList(p.Aggravating), Mitigating: splitList(p.Mitigating),
			Sanction: p.Sanction, Summary: p.Summary, Considerations: p.Considerations,
		},
		Origin: string(p.Origin), PublishedBy: p.PublishedBy, CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
	}
}

const upsertChunk = 500

// Upsert implements precedents.Repository.
func (r *Precedents) Upsert(ctx context.Context, recs []precedents.Prepared, ev audit.Event, progress func(done, total int)) (precedents.UpsertResult, error) {
	var res precedents.UpsertResult
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		res = precedents.UpsertResult{}
		for start := 0; start < len(recs); start += upsertChunk {
			chunk := recs[start:min(start+upsertChunk, len(recs))]
			ext := make([]string, len(chunk))
			for i, p := range chunk {
				ext[i] = p.ExternalID
			}
			existing, err := tx.Precedent.Query().Where(precedent.ExternalIDIn(ext...)).
				Select(precedent.FieldID, precedent.FieldExternalID, precedent.FieldContentHash).All(ctx)
			if err != nil {
				return err
			}
			have := make(map[string]*ent.Precedent, len(existing))
			for _, e := range existing {
				have[e.ExternalID] = e
			}
			var creates []*ent.PrecedentCreate
			var fresh []indexed
			for _, p := range chunk {
				old, ok := have[p.ExternalID]
				switch {
				case ok && old.ContentHash == p.Hash:
					res.Unchanged++
				case ok:
					if err := r.update(ctx, tx, old.ID, p); err != nil {
						return err
					}
					res.Updated++
				default:
					id := uuid.New()
					creates = append(creates, newPrecedent(tx, id, p).SetCreatedAt(ev.At).SetUpdatedAt(ev.At))
					fresh = append(fresh, indexed{id, p})
					res.Created++
				}
			}
			if len(creates) > 0 {
				if err := tx.Precedent.CreateBulk(creates...).Exec(ctx); err != nil {
					return err
				}
				if err := r.index(ctx, tx, fresh); err != nil {
					return err
				}
			}
			if progress != nil {
				progress(start+len(chunk), len(recs))
			}
		}
		ev.Fields = append(ev.Fields, fmt.Sprintf("created:%d", res.Created), fmt.Sprintf("updated:%d", res.Updated), fmt.Sprintf("unchanged:%d", res.Unchanged))
		return r.s.writeAudit(ctx, tx, ev)
	})
	r.s.libCache.invalidate()
	return res, err
}

func newPrecedent(tx *ent.Tx, id uuid.UUID, p precedents.Prepared) *ent.PrecedentCreate {
	return tx.Precedent.Create().SetID(id).
		SetExternalID(p.ExternalID).SetSourceOrganisation(p.SourceOrganisation).SetYear(p.Year).
		SetLanguage(p.Language).SetCategory(p.Category).SetGrounds(strings.Join(p.Grounds, ",")).
		SetNorms(strings.Join(p.Norms, ",")).SetFindings(p.Findings).SetQualification(p.Qualification).
		SetAggravating(strings.Join(p.Aggravating, ",")).SetMitigating(strings.Join(p.Mitigating, ",")).
		SetSanction(p.Sanction).SetSummary(p.Summary).SetConsiderations(p.Considerations).
		SetOrigin(precedent.Origin(p.Origin)).SetPublishedBy(p.PublishedBy).SetContentHash(p.Hash)
}

type indexed struct {
	id uuid.UUID
	p  precedents.Prepared
}

// index writes the tags and the full-text postings of new precedents and adds them to the
// collection statistics.
func (r *Precedents) index(ctx context.Context, tx *ent.Tx, items []indexed) error {
	var tags []*ent.PrecedentTagCreate
	for _, it := range items {
		for _, t := range it.p.Tags {
			tags = append(tags, tx.PrecedentTag.Create().SetPrecedentID(it.id).SetTag(t.Name).SetWeight(t.Weight))
		}
	}
	for start := 0; start < len(tags); start += 2000 {
		if err := tx.PrecedentTag.CreateBulk(tags[start:min(start+2000, len(tags))]...).Exec(ctx); err != nil {
			return err
		}
	}
	rows, df := postings(items)
	if r.pg() {
		return r.indexPostgres(ctx, tx, rows, df)
	}
	return r.indexSQLite(ctx, tx, rows, df)
}

// Postings of new precedents and the additions to the statistics, on PostgreSQL: two statements
// over arrays, whatever the number of rows.
const (
	indexTermsPG = `INSERT INTO precedent_terms (precedent_id, term, tf, dl, impact)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[], $5::float8[])`
	indexStatsPG = `INSERT INTO precedent_term_stats (term, n) SELECT * FROM unnest($1::text[], $2::bigint[])
ON CONFLICT (term) DO UPDATE SET n = precedent_term_stats.n + excluded.n`
)

func (r *Precedents) indexPostgres(ctx context.Context, tx *ent.Tx, rows []posting, df map[string]int64) error {
	ids, terms, tfs, dls, impacts := make([]string, len(rows)), make([]string, len(rows)), make([]int64, len(rows)), make([]int64, len(rows)), make([]float64, len(rows))
	for i, rw := range rows {
		ids[i], terms[i], tfs[i], dls[i], impacts[i] = rw.id.String(), rw.term, int64(rw.tf), int64(rw.dl), precedents.Impact(rw.tf, rw.dl)
	}
	if len(rows) > 0 {
		if _, err := tx.ExecContext(ctx, indexTermsPG, pq.Array(ids), pq.Array(terms), pq.Array(tfs), pq.Array(dls), pq.Array(impacts)); err != nil {
			return err
		}
	}
	names, ns := make([]string, 0, len(df)), make([]int64, 0, len(df))
	for t, n := range df {
		names, ns = append(names, t), append(ns, n)
	}
	_, err := tx.ExecContext(ctx, indexStatsPG, pq.Array(names), pq.Array(ns))
	return err
}

// posting is one row of precedent_terms.
type posting struct {
	id     uuid.UUID
	term   string
	tf, dl int
}

// postings counts the lexemes of new precedents — the Go normaliser's, on either database, so
// that a query's lexemes (computed the same way) meet them — and their additions to the
// statistics.
func postings(items []indexed) ([]posting, map[string]int64) {
	df := map[string]int64{}
	var length int64
	var rows []posting
	for _, it := range items {
		tf := map[string]int{}
		for _, t := range it.p.Terms {
			tf[t]++
		}
		dl := len(it.p.Terms)
		length += int64(dl)
		for t, n := range tf {
			rows = append(rows, posting{it.id, t, n, dl})
			df[t]++
		}
	}
	df["#docs"], df["#len"] = int64(len(items)), length
	df[versionTerm] = 1 // a write: the library's next version
	return rows, df
}

func (r *Precedents) indexSQLite(ctx context.Context, tx *ent.Tx, rows []posting, df map[string]int64) error {
	for start := 0; start < len(rows); start += 1000 {
		chunk := rows[start:min(start+1000, len(rows))]
		var b strings.Builder
		args := make([]any, 0, 5*len(chunk))
		b.WriteString("INSERT INTO precedent_terms (precedent_id, term, tf, dl, impact) VALUES ")
		for i, rw := range chunk {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("(?,?,?,?,?)")
			args = append(args, rw.id.String(), rw.term, rw.tf, rw.dl, precedents.Impact(rw.tf, rw.dl))
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	terms := make([]string, 0, len(df))
	for t := range df {
		terms = append(terms, t)
	}
	for start := 0; start < len(terms); start += 1000 {
		chunk := terms[start:min(start+1000, len(terms))]
		var b strings.Builder
		args := make([]any, 0, 2*len(chunk))
		b.WriteString("INSERT INTO precedent_term_stats (term, n) VALUES ")
		for i, t := range chunk {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("(?,?)")
			args = append(args, t, df[t])
		}
		b.WriteString(" ON CONFLICT (term) DO UPDATE SET n = n + excluded.n")
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// unindex removes a precedent's tags and postings and takes it out of the statistics.
func (r *Precedents) unindex(ctx context.Context, tx *ent.Tx, id uuid.UUID) error {
	if _, err := tx.PrecedentTag.Delete().Where(precedenttag.PrecedentID(id)).Exec(ctx); err != nil {
		return err
	}
	stmts := []string{
		`UPDATE precedent_term_stats SET n = n - 1 WHERE term IN (SELECT term FROM precedent_terms WHERE precedent_id = ?)`,
		`UPDATE precedent_term_stats SET n = n - 1 WHERE term = '#docs' AND EXISTS (SELECT 1 FROM precedent_terms WHERE precedent_id = ?)`,
		`UPDATE precedent_term_stats SET n = n - coalesce((SELECT max(dl) FROM precedent_terms WHERE precedent_id = ?), 0) WHERE term = '#len'`,
		`DELETE FROM precedent_terms WHERE precedent_id = ?`,
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, r.placeholders(q), id.String()); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, bumpVersion)
	return err
}

// placeholders turns ? into $1, $2... on PostgreSQL.
func (r *Precedents) placeholders(q string) string { return placeholders(r.s.dialect, q) }

// placeholders turns the ? of a hand-written query into $1, $2... on PostgreSQL.
func placeholders(d, q string) string {
	if d != dialect.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (r *Precedents) update(ctx context.Context, tx *ent.Tx, id uuid.UUID, p precedents.Prepared) error {
	err := tx.Precedent.UpdateOneID(id).
		SetSourceOrganisation(p.SourceOrganisation).SetYear(p.Year).SetLanguage(p.Language).SetCategory(p.Category).
		SetGrounds(strings.Join(p.Grounds, ",")).SetNorms(strings.Join(p.Norms, ",")).SetFindings(p.Findings).
		SetQualification(p.Qualification).SetAggravating(strings.Join(p.Aggravating, ",")).
		SetMitigating(strings.Join(p.Mitigating, ",")).SetSanction(p.Sanction).SetSummary(p.Summary).
		SetConsiderations(p.Considerations).SetPublishedBy(p.PublishedBy).SetContentHash(p.Hash).AddVersion(1).Exec(ctx)
	if err != nil {
		return err
	}
	if err := r.unindex(ctx, tx, id); err != nil {
		return err
	}
	return r.index(ctx, tx, []indexed{{id, p}})
}

// InsertTx stores one new precedent inside a caller's transaction (publication of a draft).
func (r *Precedents) InsertTx(ctx context.Context, tx *ent.Tx, p precedents.Prepared) (uuid.UUID, error) {
	// The caller empties the library's cache once the transaction is over (see precedentCache).
	id := uuid.New()
	err := newPrecedent(tx, id, p).Exec(ctx)
	if err != nil {
		return uuid.Nil, err
	}
	return id, r.index(ctx, tx, []indexed{{id, p}})
}

// Get implements precedents.Repository.
func (r *Precedents) Get(ctx context.Context, id uuid.UUID) (*precedents.Stored, error) {
	p, err := r.s.client.Precedent.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, precedents.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	st := toStored(p)
	return &st, nil
}

// The structured facts (features) and the whole precedent (fetch), by id: one statement of a
// fixed shape on either database (an array parameter on PostgreSQL, a JSON array on SQLite), so
// that it is prepared once per connection whatever the number of ids.
const (
	featuresCols = `id, external_id, year, language, category, grounds, norms, findings, aggravating, mitigating, sanction`
	fetchCols    = featuresCols + `,
	source_organisation, qualification, summary, considerations, origin, published_by, created_at, updated_at`
	featuresPG     = `SELECT ` + featuresCols + ` FROM precedents WHERE id = ANY($1::uuid[])`
	fetchPG        = `SELECT ` + fetchCols + ` FROM precedents WHERE id = ANY($1::uuid[])`
	featuresSQLite = `SELECT ` + featuresCols + ` FROM precedents WHERE id IN (SELECT value FROM json_each(?))`
	fetchSQLite    = `SELECT ` + fetchCols + ` FROM precedents WHERE id IN (SELECT value FROM json_each(?))`
)

// Features implements precedents.Repository: the structured facts, without the texts; from the
// cache when it holds them (see precedentCache).
func (r *Precedents) Features(ctx context.Context, ids []uuid.UUID) ([]precedents.Stored, error) {
	return r.cachedByID(ctx, featuresPG, featuresSQLite, ids, false)
}

// Fetch implements precedents.Repository; from the cache when it holds them.
func (r *Precedents) Fetch(ctx context.Context, ids []uuid.UUID) ([]precedents.Stored, error) {
	return r.cachedByID(ctx, fetchPG, fetchSQLite, ids, true)
}

// cachedByID answers from the cache what it holds and reads the rest (scanByID), in the order of
// ids.
func (r *Precedents) cachedByID(ctx context.Context, pgQuery, sqliteQuery string, ids []uuid.UUID, full bool) ([]precedents.Stored, error) {
	have, missing, v, ok := r.s.libCache.get(ids, full)
	if len(missing) > 0 {
		read, err := r.scanByID(ctx, pgQuery, sqliteQuery, missing, full)
		if err != nil {
			return nil, err
		}
		if ok {
			r.s.libCache.put(read, full, v)
		}
		have = append(have, read...)
	}
	byID := make(map[uuid.UUID]precedents.Stored, len(have))
	for _, st := range have {
		byID[st.ID] = st
	}
	out := make([]precedents.Stored, 0, len(have))
	for _, id := range ids {
		if st, ok := byID[id]; ok {
			out = append(out, st)
			delete(byID, id) // an id asked twice comes back once, as from the database
		}
	}
	return out, nil
}

// scanByID reads precedents by id with one prepared statement; full adds the texts and the
// provenance.
func (r *Precedents) scanByID(ctx context.Context, pgQuery, sqliteQuery string, ids []uuid.UUID, full bool) ([]precedents.Stored, error) {
	strs := make([]string, len(ids))
	for i, id := range ids {
		strs[i] = id.String()
	}
	rows, err := r.query(ctx, pgQuery, sqliteQuery, []any{pq.Array(strs)}, []any{jsonArray(strs)})
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []precedents.Stored
	for rows.Next() {
		st, err := scanFeatures(rows, full)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// scanFeatures scans a row of featuresCols (full: of fetchCols).
func scanFeatures(rows *stdsql.Rows, full bool) (precedents.Stored, error) {
	var id, origin string
	var p ent.Precedent
	dest := []any{&id, &p.ExternalID, &p.Year, &p.Language, &p.Category, &p.Grounds, &p.Norms, &p.Findings,
		&p.Aggravating, &p.Mitigating, &p.Sanction}
	if full {
		dest = append(dest, &p.SourceOrganisation, &p.Qualification, &p.Summary, &p.Considerations, &origin,
			&p.PublishedBy, &p.CreatedAt, &p.UpdatedAt)
	}
	if err := rows.Scan(dest...); err != nil {
		return precedents.Stored{}, err
	}
	var err error
	if p.ID, err = uuid.Parse(id); err != nil {
		return precedents.Stored{}, err
	}
	p.Origin = precedent.Origin(origin)
	return toStored(&p), nil
}

// List implements precedents.Repository.
func (r *Precedents) List(ctx context.Context, f precedents.ListFilter) ([]precedents.Stored, string, error) {
	q := r.s.client.Precedent.Query()
	if f.Category != "" {
		q = q.Where(precedent.Category(f.Category))
	}
	if f.Year != 0 {
		q = q.Where(precedent.Year(f.Year))
	}
	if f.PageToken != "" {
		q = q.Where(precedent.ExternalIDGT(f.PageToken))
	}
	ps, err := q.Order(ent.Asc(precedent.FieldExternalID)).Limit(f.PageSize + 1).All(ctx)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(ps) > f.PageSize {
		ps = ps[:f.PageSize]
		next = ps[len(ps)-1].ExternalID
	}
	out := make([]precedents.Stored, len(ps))
	for i, p := range ps {
		out[i] = toStored(p)
	}
	return out, next, nil
}

// Each implements precedents.Repository.
func (r *Precedents) Each(ctx context.Context, fn func(precedents.Stored) error) error {
	after := ""
	for {
		ps, err := r.s.client.Precedent.Query().Where(precedent.ExternalIDGT(after)).
			Order(ent.Asc(precedent.FieldExternalID)).Limit(1000).All(ctx)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if err := fn(toStored(p)); err != nil {
				return err
			}
		}
		if len(ps) < 1000 {
			return nil
		}
		after = ps[len(ps)-1].ExternalID
	}
}

// Delete implements precedents.Repository.
func (r *Precedents) Delete(ctx context.Context, id uuid.UUID, ev audit.Event) error {
	defer r.s.libCache.invalidate()
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := r.unindex(ctx, tx, id); err != nil {
			return err
		}
		if err := tx.Precedent.DeleteOneID(id).Exec(ctx); err != nil {
			if ent.IsNotFound(err) {
				return precedents.ErrNotFound
			}
			return err
		}
		return r.s.writeAudit(ctx, tx, ev)
	})
}

// Audit implements precedents.Repository: a read's event, written with those of concurrent reads
// in one transaction (group commit, auditGrouped), committed before it returns.
func (r *Precedents) Audit(ctx context.Context, ev audit.Event) error {
	return r.s.auditGrouped(ctx, ev)
}

// On PostgreSQL the lookup's queries have one fixed shape (arrays instead of lists), so that they
// are prepared once per connection and never planned again.
const (
	statsPG       = `SELECT term, n FROM precedent_term_stats WHERE term = ANY($1::text[])`
	statsSQLite   = `SELECT term, n FROM precedent_term_stats WHERE term IN (SELECT value FROM json_each(?))`
	topPostingsPG = `SELECT p.precedent_id, p.term, p.tf, p.dl FROM unnest($1::text[]) AS q(term)
CROSS JOIN LATERAL (SELECT precedent_id, term, tf, dl FROM precedent_terms t WHERE t.term = q.term ORDER BY impact DESC, precedent_id DESC LIMIT $2) AS p`
	tagsPG = `SELECT p.precedent_id, sum(p.weight)::float8 AS w FROM unnest($1::text[]) AS q(tag)
CROSS JOIN LATERAL (SELECT precedent_id, weight FROM precedent_tags t WHERE t.tag = q.tag ORDER BY precedent_id LIMIT $2) AS p
GROUP BY p.precedent_id ORDER BY w DESC, p.precedent_id LIMIT $3`
)

// query runs a prepared statement: pgQuery on PostgreSQL, sqliteQuery on SQLite. Each has one of
// a few fixed shapes (see maxPreparedParts), so that the statements prepared stay few.
func (r *Precedents) query(ctx context.Context, pgQuery, sqliteQuery string, pgArgs, sqliteArgs []any) (*stdsql.Rows, error) {
	q, args := pgQuery, pgArgs
	if !r.pg() {
		q, args = sqliteQuery, sqliteArgs
	}
	if r.s.precTrace != nil {
		r.s.precTrace(q)
	}
	stmt, err := r.s.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	return stmt.QueryContext(ctx, args...)
}

// maxPreparedParts bounds the UNION ALL of one index range scan per term or tag that SQLite runs
// as a prepared statement (one statement per number of parts); longer ones run unprepared.
const maxPreparedParts = 32

// queryParts runs a SQLite UNION ALL of n parts: prepared when n is small, plain otherwise.
func (r *Precedents) queryParts(ctx context.Context, n int, pgQuery, sqliteQuery string, pgArgs, sqliteArgs []any) (*stdsql.Rows, error) {
	if !r.pg() && n > maxPreparedParts {
		if r.s.precTrace != nil {
			r.s.precTrace(sqliteQuery)
		}
		return r.s.db.QueryContext(ctx, sqliteQuery, sqliteArgs...)
	}
	return r.query(ctx, pgQuery, sqliteQuery, pgArgs, sqliteArgs)
}

// jsonArray is strs as a JSON array, SQLite's array parameter (json_each).
func jsonArray(strs []string) string {
	b, _ := json.Marshal(strs)
	return string(b)
}

// Stats returns the collection statistics of the terms, from the cache when it holds them all
// (see precedentCache), with the library's version they were read at.
func (r *Precedents) Stats(ctx context.Context, terms []string) (precedents.TermStats, error) {
	if st, ok := r.s.libCache.stats(terms); ok {
		return st, nil
	}
	st := precedents.TermStats{DF: map[string]int64{}}
	all := append([]string{"#docs", "#len", versionTerm}, terms...)
	rows, err := r.query(ctx, statsPG, statsSQLite, []any{pq.Array(all)}, []any{jsonArray(all)})
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var n int64
		if err := rows.Scan(&t, &n); err != nil {
			return st, err
		}
		switch t {
		case "#docs":
			st.Docs = n
		case "#len":
			st.Length = n
		case versionTerm:
			st.Version = n
		default:
			st.DF[t] = n
		}
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	r.s.libCache.putStats(terms, st)
	return st, nil
}

// versionTerm is the row of precedent_term_stats that counts the writes to the library.
const versionTerm = "#version"

// bumpVersion adds one to the library's version (in the write's transaction).
const bumpVersion = `INSERT INTO precedent_term_stats (term, n) VALUES ('#version', 1)
ON CONFLICT (term) DO UPDATE SET n = precedent_term_stats.n + 1`

// candidatesPG reads the postings, the tag candidates (as tagsPG) and the version in one
// statement: kind 0 a posting, 1 a tag candidate, 2 the version.
const candidatesPG = `WITH top AS (` + topPostingsPG + `),
tags AS (SELECT p.precedent_id, sum(p.weight)::float8 AS w FROM unnest($3::text[]) AS q(tag)
CROSS JOIN LATERAL (SELECT precedent_id, weight FROM precedent_tags t WHERE t.tag = q.tag ORDER BY precedent_id LIMIT $4) AS p
GROUP BY p.precedent_id ORDER BY w DESC, p.precedent_id LIMIT $5)
SELECT 0 AS kind, precedent_id::text, term, tf, dl, 0::float8 AS w FROM top
UNION ALL SELECT 1, precedent_id::text, '', 0, 0, w FROM tags
UNION ALL SELECT 2, '', '', n, 0, 0 FROM precedent_term_stats WHERE term = '#version'`

// Candidates implements precedents.Repository: one statement on either database, for what the
// cache does not hold (see precedentCache) and the library's version. When that version is not
// the one of what the cache holds, everything is read again. On SQLite a UNION ALL of one index
// range scan per term and per tag; the numbers of terms and tags are padded (with the empty
// term, which no posting has) to a few fixed shapes, so that the statements prepared stay few.
func (r *Precedents) Candidates(ctx context.Context, terms []string, perTerm int, tags []precedents.Tag, limit int) (precedents.Candidates, error) {
	names := make([]string, len(tags))
	for i, t := range tags {
		names[i] = t.Name
	}
	tkey := tagsKey(names, limit)
	r.s.pollLibraryVersion()
	cached, missing, ctags, haveTags, v, ok, fresh := r.s.libCache.candidates(terms, perTerm, names, limit, tkey)
	if ok && fresh && len(missing) == 0 && haveTags { // all kept, the version read a moment ago
		return precedents.Candidates{Postings: cached, Tags: ctags, Version: v}, nil
	}
	readTags := names
	if ok && haveTags {
		readTags = nil
	}
	out, err := r.readCandidates(ctx, missing, perTerm, readTags, limit)
	if err != nil {
		return out, err
	}
	if !ok || out.Version != v { // the library changed: nothing kept counts
		r.s.libCache.observe(out.Version)
		if ok && (len(missing) < len(terms) || readTags == nil) {
			if out, err = r.readCandidates(ctx, terms, perTerm, names, limit); err != nil {
				return out, err
			}
			r.s.libCache.observe(out.Version)
		}
		r.s.libCache.putCandidates(out.Version, terms, perTerm, out.Postings, tkey, out.Tags)
		return out, nil
	}
	r.s.libCache.putCandidates(v, missing, perTerm, out.Postings, keyIf(readTags != nil, tkey), out.Tags)
	out.Postings = append(cached, out.Postings...)
	if readTags == nil {
		out.Tags = ctags
	}
	return out, nil
}

func keyIf(b bool, key string) string {
	if b {
		return key
	}
	return ""
}

// readCandidates reads the postings of terms, the tag candidates of names and the version in one
// statement.
func (r *Precedents) readCandidates(ctx context.Context, terms []string, perTerm int, names []string, limit int) (precedents.Candidates, error) {
	var rows *stdsql.Rows
	var err error
	switch {
	case r.pg():
		var stmt *stdsql.Stmt
		if stmt, err = r.s.prepared(ctx, candidatesPG); err == nil {
			rows, err = stmt.QueryContext(ctx, pq.Array(terms), perTerm, pq.Array(names), tagWindow, limit)
		}
	case len(terms) == 0 && len(names) == 0:
		var stmt *stdsql.Stmt
		if stmt, err = r.s.prepared(ctx, versionSQLite); err == nil {
			rows, err = stmt.QueryContext(ctx)
		}
	default:
		q, args, fixed := candidatesSQLite(terms, perTerm, names, limit)
		if fixed {
			var stmt *stdsql.Stmt
			if stmt, err = r.s.prepared(ctx, q); err == nil {
				rows, err = stmt.QueryContext(ctx, args...)
			}
		} else {
			rows, err = r.s.db.QueryContext(ctx, q, args...)
		}
	}
	if err != nil {
		return precedents.Candidates{}, err
	}
	defer rows.Close()
	var out precedents.Candidates
	for rows.Next() {
		var kind, tf, dl int
		var id, term string
		var w float64
		if err := rows.Scan(&kind, &id, &term, &tf, &dl, &w); err != nil {
			return out, err
		}
		if kind == 2 {
			out.Version = int64(tf)
			continue
		}
		u, err := uuid.Parse(id)
		if err != nil {
			return out, err
		}
		if kind == 0 {
			out.Postings = append(out.Postings, precedents.Posting{ID: u, Term: term, TF: tf, DL: dl})
		} else {
			out.Tags = append(out.Tags, precedents.Scored{ID: u, Score: w})
		}
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	slices.SortFunc(out.Tags, func(x, y precedents.Scored) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), bytes.Compare(x.ID[:], y.ID[:]))
	})
	return out, nil
}

// versionSQLite reads the version alone, in the columns of Candidates.
const versionSQLite = `SELECT 2, '', '', n, 0, 0.0 FROM precedent_term_stats WHERE term = '#version'`

// padded rounds n up to a multiple of 8 (at least 8).
func padded(n int) int { return max(8, (n+7)/8*8) }

// candidatesSQLite builds the SQLite statement of Candidates; fixed when its shape is one of the
// few that are prepared.
func candidatesSQLite(terms []string, perTerm int, tags []string, limit int) (string, []any, bool) {
	nt, ng := len(terms), len(tags)
	fixed := nt <= maxPreparedParts && ng <= maxPreparedParts
	if fixed {
		nt, ng = padded(nt), padded(ng)
	}
	at := func(xs []string, i int) string {
		if i < len(xs) {
			return xs[i]
		}
		return ""
	}
	var b strings.Builder
	args := make([]any, 0, 2*(nt+ng)+1)
	b.WriteString(`SELECT 0 AS kind, precedent_id, term, tf, dl, 0.0 AS w FROM (`)
	for i := range nt {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&b, `SELECT * FROM (SELECT precedent_id, term, tf, dl FROM precedent_terms WHERE term = ? ORDER BY impact DESC, precedent_id DESC LIMIT ?) AS p%d`, i)
		args = append(args, at(terms, i), perTerm)
	}
	b.WriteString(`) UNION ALL SELECT 1, precedent_id, '', 0, 0, w FROM (SELECT precedent_id, CAST(sum(weight) AS REAL) AS w FROM (`)
	for i := range ng {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&b, `SELECT * FROM (SELECT precedent_id, weight FROM precedent_tags WHERE tag = ? ORDER BY precedent_id LIMIT ?) AS t%d`, i)
		args = append(args, at(tags, i), tagWindow)
	}
	b.WriteString(`) GROUP BY precedent_id ORDER BY w DESC, precedent_id LIMIT ?)
UNION ALL SELECT 2, '', '', n, 0, 0.0 FROM precedent_term_stats WHERE term = '#version'`)
	args = append(args, limit)
	return b.String(), args, fixed
}

// TopPostings implements precedents.Repository: one round trip, a UNION ALL of one index range
// scan per term on (term, impact).
func (r *Precedents) TopPostings(ctx context.Context, terms []string, perTerm int) ([]precedents.Posting, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	parts := make([]string, len(terms))
	args := make([]any, 0, 2*len(terms))
	for i, t := range terms {
		parts[i] = `SELECT * FROM (SELECT precedent_id, term, tf, dl FROM precedent_terms WHERE term = ? ORDER BY impact DESC, precedent_id DESC LIMIT ?) AS p` + fmt.Sprint(i)
		args = append(args, t, perTerm)
	}
	rows, err := r.queryParts(ctx, len(terms), topPostingsPG, strings.Join(parts, " UNION ALL "), []any{pq.Array(terms), perTerm}, args)
	if err != nil {
		return nil, err
	}
	return scanPostings(rows)
}

func scanPostings(rows *stdsql.Rows) ([]precedents.Posting, error) {
	defer rows.Close()
	var out []precedents.Posting
	for rows.Next() {
		var id, term string
		var p precedents.Posting
		if err := rows.Scan(&id, &term, &p.TF, &p.DL); err != nil {
			return nil, err
		}
		u, err := uuid.Parse(id)
		if err != nil {
			return nil, err
		}
		p.ID, p.Term = u, term
		out = append(out, p)
	}
	return out, rows.Err()
}

// tagWindow is how many postings of one tag a lookup reads, in precedent-id order (random, as
// ids are): all of a selective tag; for a tag shared by thousands, the same random sample of
// precedents for every tag, so that a sampled precedent has all its shared weight counted.
const tagWindow = 400

// TagCandidates implements precedents.Repository: the precedents sharing the most tag weight,
// from one index range scan per tag, summed and ranked by the database (weight, then id: on
// SQLite the ids are their canonical text, which sorts as their bytes do), so that only the
// candidates come back.
func (r *Precedents) TagCandidates(ctx context.Context, tags []precedents.Tag, limit int) ([]precedents.Scored, error) {
	if len(tags) == 0 {
		return nil, nil
	}
	parts := make([]string, len(tags))
	args := make([]any, 0, 2*len(tags)+1)
	names := make([]string, len(tags))
	for i, t := range tags {
		parts[i] = `SELECT * FROM (SELECT precedent_id, weight FROM precedent_tags WHERE tag = ? ORDER BY precedent_id LIMIT ?) AS t` + fmt.Sprint(i)
		args = append(args, t.Name, tagWindow)
		names[i] = t.Name
	}
	args = append(args, limit)
	sqlite := `SELECT precedent_id, CAST(sum(weight) AS REAL) AS w FROM (` + strings.Join(parts, " UNION ALL ") +
		`) GROUP BY precedent_id ORDER BY w DESC, precedent_id LIMIT ?`
	rows, err := r.queryParts(ctx, len(tags), tagsPG, sqlite, []any{pq.Array(names), tagWindow, limit}, args)
	if err != nil {
		return nil, err
	}
	return scanScored(rows)
}

func scanScored(rows *stdsql.Rows) ([]precedents.Scored, error) {
	defer rows.Close()
	var out []precedents.Scored
	for rows.Next() {
		var id string
		var score float64
		if err := rows.Scan(&id, &score); err != nil {
			return nil, err
		}
		u, err := uuid.Parse(id)
		if err != nil {
			return nil, err
		}
		out = append(out, precedents.Scored{ID: u, Score: score})
	}
	return out, rows.Err()
}

// TextSearchWarning returns a warning when PostgreSQL's character type is not UTF-8: its text
// search would then not treat é, ë or ï as letters of Dutch words, and lookups would differ from
// the normalisation the library was indexed and tested with. "" when all is well (and on SQLite).
func (s *Store) TextSearchWarning(ctx context.Context) (string, error) {
	if s.dialect != dialect.Postgres {
		return "", nil
	}
	var ctype string
	if err := s.db.QueryRowContext(ctx, `SELECT datctype FROM pg_database WHERE datname = current_database()`).Scan(&ctype); err != nil {
		return "", err
	}
	c := strings.ToLower(strings.ReplaceAll(ctype, "-", ""))
	if strings.Contains(c, "utf8") {
		return "", nil
	}
	return fmt.Sprintf("the database's LC_CTYPE is %q, not UTF-8: Dutch text search in the precedent library will not treat accented letters as letters; create the database with LC_CTYPE C.UTF-8 or nl_NL.UTF-8", ctype), nil
}
