package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Europe/Amsterdam on any host

	"entgo.io/ent/dialect"
	"golang.org/x/sync/errgroup"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/report"
)

// Reports computes the annual report's counts with grouped queries: each reads one range of an
// index holding every column it needs (the year's entries only, never the rows of the tables),
// however many cases there are. Nothing here reads content.
type Reports struct {
	s     *Store
	trace func(query string, args []any) // for tests: sees each query before it runs
}

var _ report.Source = (*Reports)(nil)

// Reports returns the annual report's data source.
func (s *Store) Reports() *Reports { return &Reports{s: s} }

func (r *Reports) pg() bool { return r.s.dialect == dialect.Postgres }

// q turns ? placeholders into $n on PostgreSQL.
func (r *Reports) q(query string) string { return placeholders(r.s.dialect, query) }

// days is the SQL for the number of days from a to b.
func (r *Reports) days(a, b string) string {
	if r.pg() {
		return fmt.Sprintf("(EXTRACT(EPOCH FROM (%s - %s)) / 86400.0)", b, a)
	}
	return fmt.Sprintf("(julianday(%s) - julianday(%s))", b, a)
}

// before is the SQL for "time a is at or before time b" between two columns of a row. SQLite
// keeps times as text in columns of NUMERIC affinity, so a plain a <= b tries to read both as
// numbers on every row (and fails) before comparing the text; CAST … AS TEXT compares the text
// at once, with the same result.
func (r *Reports) before(a, b string) string {
	if r.pg() {
		return a + " <= " + b
	}
	return "CAST(" + a + " AS TEXT) <= CAST(" + b + " AS TEXT)"
}

// topUnits maps every unit to the name of its top-level unit (a unit without a parent, or whose
// parent is unknown).
const topUnits = `WITH RECURSIVE up(id, code, top) AS (
	SELECT u.id, u.code, u.name FROM org_units u
	WHERE u.parent_code IS NULL OR u.parent_code = '' OR NOT EXISTS (SELECT 1 FROM org_units p WHERE p.code = u.parent_code)
	UNION ALL
	SELECT u.id, u.code, up.top FROM org_units u JOIN up ON u.parent_code = up.code
)`

// query runs a report query written with ? placeholders.
func (r *Reports) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query = r.q(query)
	if r.trace != nil {
		r.trace(query, args)
	}
	return r.s.db.QueryContext(ctx, query, args...)
}

// queryRow runs a report query of one row written with ? placeholders.
func (r *Reports) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	query = r.q(query)
	if r.trace != nil {
		r.trace(query, args)
	}
	return r.s.db.QueryRowContext(ctx, query, args...)
}

func (r *Reports) counts(ctx context.Context, query string, args ...any) (map[string]int, error) {
	rows, err := r.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k *string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		key := ""
		if k != nil {
			key = *k
		}
		out[key] += n
	}
	return out, rows.Err()
}

func (r *Reports) count(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	err := r.queryRow(ctx, query, args...).Scan(&n)
	return n, err
}

// duration computes the median and 90th percentile (nearest rank: the smallest value with at
// least that share of the values at or below it) of a days expression over the rows of
// from/where: with percentile_disc on PostgreSQL; on SQLite the values (read from a covering
// index) are sorted here, which is several times faster than SQLite's own ranking.
func (r *Reports) duration(ctx context.Context, expr, from string, args ...any) (report.Duration, error) {
	if r.pg() {
		var d report.Duration
		var median, p90 sql.NullFloat64
		err := r.queryRow(ctx, `SELECT count(*), percentile_disc(0.5) WITHIN GROUP (ORDER BY v), percentile_disc(0.9) WITHIN GROUP (ORDER BY v)
FROM (SELECT `+expr+` AS v `+from+`) d`, args...).Scan(&d.N, &median, &p90)
		if err != nil || d.N == 0 {
			return report.Duration{}, err
		}
		d.Median, d.P90 = median.Float64, p90.Float64
		return d, nil
	}
	rows, err := r.query(ctx, `SELECT `+expr+` `+from, args...)
	if err != nil {
		return report.Duration{}, err
	}
	defer rows.Close()
	var vals []float64
	nulls := 0 // a NULL sorts first and is never the value of a rank (as MIN skips it)
	for rows.Next() {
		var v sql.NullFloat64
		if err := rows.Scan(&v); err != nil {
			return report.Duration{}, err
		}
		if v.Valid {
			vals = append(vals, v.Float64)
		} else {
			nulls++
		}
	}
	if err := rows.Err(); err != nil {
		return report.Duration{}, err
	}
	n := len(vals) + nulls
	if n == 0 {
		return report.Duration{}, nil
	}
	slices.Sort(vals)
	// The value of rank rn (1-based), or the first value after it when that rank is a NULL.
	at := func(rn int) float64 {
		if len(vals) == 0 {
			return 0
		}
		return vals[min(max(rn-1-nulls, 0), len(vals)-1)]
	}
	// Nearest rank: the smallest rn with rn >= n/2, and with rn >= 9n/10.
	return report.Duration{N: n, Median: at((n + 1) / 2), P90: at((9*n + 9) / 10)}, nil
}

// amsterdam is the employer's time zone: a calendar year runs from New Year's midnight there.
var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam") // embedded: time/tzdata
	if err != nil {
		panic(err)
	}
	return loc
}()

// yearBounds returns the start of the year and of the next, in UTC (as times are stored).
func yearBounds(year int) (time.Time, time.Time) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, amsterdam)
	return from.UTC(), from.AddDate(1, 0, 0).UTC()
}

// AnnualCounts implements report.Source. The year's cases are read in two passes — those
// received in the year, grouped by every dimension the report breaks them down by at once, and
// those closed, escalated, weighed or with a deadline due in the year, counted with conditional
// aggregates — instead of one scan per figure. On PostgreSQL the independent queries run
// concurrently, on at most reportConns connections.
func (r *Reports) AnnualCounts(ctx context.Context, year int, now time.Time) (report.Raw, error) {
	from, to := yearBounds(year)
	if now.Before(to) {
		to = now // a year in progress: deadlines are judged up to now
	}
	raw := report.Raw{Year: year, Durations: map[string]report.Duration{}, Deadlines: map[string]report.Compliance{}}
	inYear := func(col string) string { return col + " >= ? AND " + col + " < ?" }
	var (
		mu   sync.Mutex // guards raw's maps where tasks write them
		jobs []func() error
	)
	run := func(fn func() error) { jobs = append(jobs, fn) }

	run(func() error { return r.received(ctx, &raw, from, to) })
	r.settled(ctx, &raw, &mu, from, to, run)
	run(func() (e error) {
		// Every directorate, also one without cases this year (a missing row would be a zero).
		rows, e := r.query(ctx, topUnits+` SELECT DISTINCT top FROM up ORDER BY top`)
		if e != nil {
			return e
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			if e := rows.Scan(&name); e != nil {
				return e
			}
			raw.Directorates = append(raw.Directorates, name)
		}
		return rows.Err()
	})
	run(func() error {
		// Matching entries: the year's tallies, counts only (an entry leaves nothing else).
		t, e := r.s.Escrow().Tally(ctx, year)
		raw.EscrowMade, raw.EscrowMatched, raw.EscrowAccepted = t.Made, t.Matched, t.Accepted
		return e
	})
	run(func() (e error) {
		raw.GroundMentions, e = r.counts(ctx, `SELECT g.ground, count(*) FROM case_grounds g JOIN cases c ON c.id = g.case_id
WHERE `+inYear("c.received_at")+` GROUP BY g.ground`, from, to)
		return
	})
	run(func() error {
		// Conversations by the adviser's kind, and the distinct cases they were held on.
		rows, e := r.query(ctx, `SELECT a.kind, count(*), count(DISTINCT v.case_id) FROM conversations v
LEFT JOIN advisers a ON a.staff_subject = v.adviser_subject WHERE `+inYear("v.held_on")+` GROUP BY a.kind`, from, to)
		if e != nil {
			return e
		}
		defer rows.Close()
		conv, reporters := map[string]int{}, map[string]int{}
		for rows.Next() {
			var k *string
			var n, d int
			if e := rows.Scan(&k, &n, &d); e != nil {
				return e
			}
			key := ""
			if k != nil {
				key = *k
			}
			conv[key] += n
			reporters[key] += d
		}
		raw.Conversations, raw.ReportersInConversation = conv, reporters
		return rows.Err()
	})
	run(func() (e error) {
		raw.WeighingsByOutcome, e = r.counts(ctx, `SELECT outcome, count(*) FROM weighings WHERE `+inYear("decided_at")+` GROUP BY outcome`, from, to)
		return
	})
	run(func() (e error) {
		raw.InvestigationsByUnit, e = r.counts(ctx, topUnits+` SELECT up.top, count(*) FROM investigations i JOIN cases c ON c.id = i.case_id
LEFT JOIN up ON up.id = c.unit_id WHERE `+inYear("i.started_at")+` GROUP BY up.top`, from, to)
		for _, n := range raw.InvestigationsByUnit {
			raw.Investigations += n
		}
		return
	})
	run(func() (e error) {
		raw.FindingsByResult, e = r.counts(ctx, `SELECT a.finding, count(*) FROM allegations a JOIN cases c ON c.id = a.case_id
WHERE a.finding IS NOT NULL AND `+inYear("c.closed_at")+` GROUP BY a.finding`, from, to)
		return
	})
	run(func() error {
		// Sanction decisions by sanction, with those lighter and heavier than recommended.
		rows, e := r.query(ctx, `SELECT sanction, count(*),
	count(CASE WHEN lighter_than_recommended THEN 1 END),
	count(CASE WHEN NOT lighter_than_recommended AND recommended IS NOT NULL AND recommended <> '' AND sanction <> recommended THEN 1 END)
FROM sanction_decisions WHERE `+inYear("decided_at")+` GROUP BY sanction`, from, to)
		if e != nil {
			return e
		}
		defer rows.Close()
		byType := map[string]int{}
		for rows.Next() {
			var k *string
			var n, lighter, heavier int
			if e := rows.Scan(&k, &n, &lighter, &heavier); e != nil {
				return e
			}
			key := ""
			if k != nil {
				key = *k
			}
			byType[key] += n
			raw.Decisions += n
			raw.Lighter += lighter
			raw.Heavier += heavier
		}
		raw.SanctionsByType = byType
		return rows.Err()
	})
	run(func() (e error) {
		// Zero tolerance: cases closed in the year in which an allegation of discrimination — an
		// allegation tied to a discrimination norm — was found (partly) proven. What counts is the
		// finding on that allegation: a discrimination case in which discrimination was not
		// proven but another allegation was, is not proven discrimination. Sanctioned: the case
		// has a sanction decision (a case counts once, however many decisions it has).
		rows, e := r.query(ctx, `SELECT count(*), count(CASE WHEN EXISTS (SELECT 1 FROM sanction_decisions s WHERE s.case_id = c.id) THEN 1 END)
FROM cases c WHERE `+inYear("c.closed_at")+` AND EXISTS (SELECT 1 FROM allegations a WHERE a.case_id = c.id
	AND a.finding IN ('PROVEN', 'PARTLY_PROVEN') AND a.norm_id IN ('GC-1.2', 'CAT-DISCRIMINATION'))`, from, to)
		if e != nil {
			return e
		}
		defer rows.Close()
		for rows.Next() {
			if e := rows.Scan(&raw.ProvenDiscrimination, &raw.ProvenDiscriminationSanctioned); e != nil {
				return e
			}
		}
		return rows.Err()
	})
	// Handling times.
	stages := []struct{ id, expr, from string }{
		{"acknowledgement", r.days("received_at", "acknowledged_at"), `FROM cases WHERE acknowledged_at IS NOT NULL AND ` + inYear("received_at")},
		{"weighing", r.days("escalated_at", "weighed_at"), `FROM cases WHERE weighed_at IS NOT NULL AND escalated_at IS NOT NULL AND ` + inYear("weighed_at")},
		{"fact_finding", r.days("i.started_at", "c.closed_at"), `FROM investigations i JOIN cases c ON c.id = i.case_id WHERE c.closed_at IS NOT NULL AND ` + inYear("c.closed_at")},
		{"closure", r.days("received_at", "closed_at"), `FROM cases WHERE closed_at IS NOT NULL AND ` + inYear("closed_at")},
	}
	for _, st := range stages {
		run(func() error {
			d, e := r.duration(ctx, st.expr, st.from, from, to)
			mu.Lock()
			raw.Durations[st.id] = d
			mu.Unlock()
			return e
		})
	}
	if err := r.runAll(ctx, jobs); err != nil {
		return report.Raw{}, err
	}
	return raw, nil
}

// reportConns is how many of the pool's connections the annual report uses at once; the rest
// stay free for the service's own calls.
const reportConns = 4

// runAll runs the jobs concurrently, each on its own connection (each job writes its own fields
// of the result): on PostgreSQL up to reportConns at once; on SQLite, whose queries run in this
// process (WAL lets readers read side by side), up to reportConns but no more than there are
// cores to run them. The first error wins and stops the jobs not yet started.
func (r *Reports) runAll(ctx context.Context, jobs []func() error) error {
	limit := reportConns
	if !r.pg() {
		limit = max(1, min(reportConns, runtime.GOMAXPROCS(0)))
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for _, job := range jobs {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return job()
		})
	}
	return g.Wait()
}

// received counts the reports received in the year by channel, category, anonymity choice and
// top-level unit, in one grouped scan; the units' top-level names come from the (small)
// organisation register, joined here as the database would join them.
func (r *Reports) received(ctx context.Context, raw *report.Raw, from, to time.Time) error {
	tops := map[string][]string{}
	rows, err := r.query(ctx, topUnits+` SELECT id, top FROM up`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, top string
		if err := rows.Scan(&id, &top); err != nil {
			rows.Close()
			return err
		}
		tops[id] = append(tops[id], top)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = r.query(ctx, `SELECT channel, category, anonymity, unit_id, count(*) FROM cases
WHERE received_at >= ? AND received_at < ? GROUP BY channel, category, anonymity, unit_id`, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	byChannel, byCategory, byAnonymity, byUnit := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	total := 0
	for rows.Next() {
		var channel, category, anonymity, unit *string
		var n int
		if err := rows.Scan(&channel, &category, &anonymity, &unit, &n); err != nil {
			return err
		}
		total += n
		byChannel[str(channel)] += n
		byCategory[str(category)] += n
		byAnonymity[str(anonymity)] += n
		if ts := tops[str(unit)]; unit != nil && len(ts) > 0 {
			for _, t := range ts {
				byUnit[t] += n
			}
		} else {
			byUnit[""] += n
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	raw.Reports, raw.ReportsByChannel, raw.ReportsByCategory, raw.ReportsByAnonymity, raw.ReportsByUnit = total, byChannel, byCategory, byAnonymity, byUnit
	return nil
}

// settled adds the jobs counting the closures in the year by outcome, the escalations in the
// year, and for each deadline that fell in the year (up to now) how many were due and how many
// were met (done by the due date): each one range of its own index of the cases, holding the
// columns it counts (the rows themselves are not read).
func (r *Reports) settled(ctx context.Context, raw *report.Raw, mu *sync.Mutex, from, to time.Time, run func(func() error)) {
	run(func() (e error) {
		raw.OutcomesByOutcome, e = r.counts(ctx, `SELECT outcome, count(*) FROM cases WHERE closed_at >= ? AND closed_at < ? GROUP BY outcome`, from, to)
		return
	})
	run(func() (e error) {
		raw.Escalations, e = r.count(ctx, `SELECT count(*) FROM cases WHERE escalated_at >= ? AND escalated_at < ?`, from, to)
		return
	})
	for _, d := range []struct{ id, due, done string }{
		{"acknowledgement", "ack_due_at", "acknowledged_at"},
		{"feedback", "feedback_due_at", "closed_at"},
		{"weighing", "weighing_due_at", "weighed_at"},
	} {
		run(func() error {
			var c report.Compliance
			err := r.queryRow(ctx, `SELECT count(*), count(CASE WHEN `+d.done+` IS NOT NULL AND `+r.before(d.done, d.due)+` THEN 1 END)
FROM cases WHERE `+d.due+` >= ? AND `+d.due+` < ?`, from, to).Scan(&c.Due, &c.Met)
			mu.Lock()
			raw.Deadlines[d.id] = c
			mu.Unlock()
			return err
		})
	}
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// YearTotals implements report.Source: one query per table, counting each year's rows with a
// scalar subquery over that year's range of the table's time index (an index-only count: no
// comparison per row), the tables concurrently as AnnualCounts' queries.
func (r *Reports) YearTotals(ctx context.Context, fromYear, toYear int) ([]report.YearRaw, error) {
	if toYear < fromYear {
		return nil, nil
	}
	out := make([]report.YearRaw, toYear-fromYear+1)
	for i := range out {
		out[i].Year = fromYear + i
	}
	var jobs []func() error
	for _, c := range []struct {
		dst         func(*report.YearRaw) *int
		table, time string
	}{
		{func(y *report.YearRaw) *int { return &y.Reports }, "cases", "received_at"},
		{func(y *report.YearRaw) *int { return &y.Conversations }, "conversations", "held_on"},
		{func(y *report.YearRaw) *int { return &y.Investigations }, "investigations", "started_at"},
		{func(y *report.YearRaw) *int { return &y.Sanctions }, "sanction_decisions", "decided_at"},
	} {
		cols := make([]string, len(out))
		args := make([]any, 0, 2*len(out))
		dst := make([]any, len(out))
		for i := range out {
			from, to := yearBounds(out[i].Year)
			cols[i] = "(SELECT count(*) FROM " + c.table + " WHERE " + c.time + " >= ? AND " + c.time + " < ?)"
			args = append(args, from, to)
			dst[i] = c.dst(&out[i])
		}
		query := `SELECT ` + strings.Join(cols, ", ")
		jobs = append(jobs, func() error { return r.queryRow(ctx, query, args...).Scan(dst...) })
	}
	if err := r.runAll(ctx, jobs); err != nil {
		return nil, err
	}
	return out, nil
}

// Audit implements report.Source.
func (r *Reports) Audit(ctx context.Context, ev audit.Event) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error { return r.s.writeAudit(ctx, tx, ev) })
}
