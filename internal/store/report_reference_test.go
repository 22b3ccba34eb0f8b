package store

import (
	"context"
	"time"

	"github.com/utrecht/meldpunt/internal/report"
)

// AnnualCountsReference computes the annual report's counts the simple, slow way: one query per
// figure (see annualCountsReference).
func (r *Reports) AnnualCountsReference(ctx context.Context, year int, now time.Time) (report.Raw, error) {
	return r.annualCountsReference(ctx, year, now)
}

// annualCountsReference is the annual report's counting as it was done with one query per
// figure, kept as the reference the grouped, concurrent AnnualCounts must agree with to the unit.
func (r *Reports) annualCountsReference(ctx context.Context, year int, now time.Time) (report.Raw, error) {
	from, to := yearBounds(year)
	if now.Before(to) {
		to = now // a year in progress: deadlines are judged up to now
	}
	raw := report.Raw{Year: year, Durations: map[string]report.Duration{}, Deadlines: map[string]report.Compliance{}}
	var err error
	inYear := func(col string) string { return col + " >= ? AND " + col + " < ?" }
	run := func(fn func() error) {
		if err == nil {
			err = fn()
		}
	}
	run(func() (e error) {
		raw.Reports, e = r.count(ctx, `SELECT count(*) FROM cases WHERE `+inYear("received_at"), from, to)
		return
	})
	run(func() (e error) {
		raw.ReportsByChannel, e = r.counts(ctx, `SELECT channel, count(*) FROM cases WHERE `+inYear("received_at")+` GROUP BY channel`, from, to)
		return
	})
	run(func() (e error) {
		raw.ReportsByCategory, e = r.counts(ctx, `SELECT category, count(*) FROM cases WHERE `+inYear("received_at")+` GROUP BY category`, from, to)
		return
	})
	run(func() (e error) {
		raw.ReportsByAnonymity, e = r.counts(ctx, `SELECT anonymity, count(*) FROM cases WHERE `+inYear("received_at")+` GROUP BY anonymity`, from, to)
		return
	})
	run(func() (e error) {
		raw.ReportsByUnit, e = r.counts(ctx, topUnits+` SELECT up.top, count(*) FROM cases c LEFT JOIN up ON up.id = c.unit_id
WHERE `+inYear("c.received_at")+` GROUP BY up.top`, from, to)
		return
	})
	run(func() (e error) {
		// Every directorate, also one without cases this year (a missing row would be a zero).
		rows, e := r.s.db.QueryContext(ctx, topUnits+` SELECT DISTINCT top FROM up ORDER BY top`)
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
	run(func() (e error) {
		raw.GroundMentions, e = r.counts(ctx, `SELECT g.ground, count(*) FROM case_grounds g JOIN cases c ON c.id = g.case_id
WHERE `+inYear("c.received_at")+` GROUP BY g.ground`, from, to)
		return
	})
	run(func() (e error) {
		raw.Conversations, e = r.counts(ctx, `SELECT a.kind, count(*) FROM conversations v LEFT JOIN advisers a ON a.staff_subject = v.adviser_subject
WHERE `+inYear("v.held_on")+` GROUP BY a.kind`, from, to)
		return
	})
	run(func() (e error) {
		raw.ReportersInConversation, e = r.counts(ctx, `SELECT a.kind, count(DISTINCT v.case_id) FROM conversations v LEFT JOIN advisers a ON a.staff_subject = v.adviser_subject
WHERE `+inYear("v.held_on")+` GROUP BY a.kind`, from, to)
		return
	})
	run(func() (e error) {
		raw.Escalations, e = r.count(ctx, `SELECT count(*) FROM cases WHERE `+inYear("escalated_at"), from, to)
		return
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
	run(func() (e error) {
		raw.SanctionsByType, e = r.counts(ctx, `SELECT sanction, count(*) FROM sanction_decisions WHERE `+inYear("decided_at")+` GROUP BY sanction`, from, to)
		for _, n := range raw.SanctionsByType {
			raw.Decisions += n
		}
		return
	})
	run(func() (e error) {
		raw.Lighter, e = r.count(ctx, `SELECT count(*) FROM sanction_decisions WHERE lighter_than_recommended AND `+inYear("decided_at"), from, to)
		return
	})
	run(func() (e error) {
		raw.Heavier, e = r.count(ctx, `SELECT count(*) FROM sanction_decisions WHERE NOT lighter_than_recommended
	AND recommended IS NOT NULL AND recommended <> '' AND sanction <> recommended AND `+inYear("decided_at"), from, to)
		return
	})
	run(func() (e error) {
		raw.OutcomesByOutcome, e = r.counts(ctx, `SELECT outcome, count(*) FROM cases WHERE `+inYear("closed_at")+` GROUP BY outcome`, from, to)
		return
	})
	run(func() (e error) {
		// Zero tolerance: cases closed in the year in which an allegation of discrimination — an
		// allegation tied to a discrimination norm — was found (partly) proven. What counts is the
		// finding on that allegation: a discrimination case in which discrimination was not
		// proven but another allegation was, is not proven discrimination. Sanctioned: the case
		// has a sanction decision (a case counts once, however many decisions it has).
		rows, e := r.s.db.QueryContext(ctx, r.q(`SELECT count(*), count(CASE WHEN EXISTS (SELECT 1 FROM sanction_decisions s WHERE s.case_id = c.id) THEN 1 END)
FROM cases c WHERE `+inYear("c.closed_at")+` AND EXISTS (SELECT 1 FROM allegations a WHERE a.case_id = c.id
	AND a.finding IN ('PROVEN', 'PARTLY_PROVEN') AND a.norm_id IN ('GC-1.2', 'CAT-DISCRIMINATION'))`), from, to)
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
			d, e := r.durationReference(ctx, st.expr, st.from, from, to)
			raw.Durations[st.id] = d
			return e
		})
	}
	// Deadlines whose due date fell in the year (up to now): met when done by the due date.
	deadlines := []struct{ id, due, met string }{
		{"acknowledgement", "ack_due_at", "acknowledged_at IS NOT NULL AND acknowledged_at <= ack_due_at"},
		{"feedback", "feedback_due_at", "closed_at IS NOT NULL AND closed_at <= feedback_due_at"},
		{"weighing", "weighing_due_at", "weighed_at IS NOT NULL AND weighed_at <= weighing_due_at"},
	}
	for _, d := range deadlines {
		run(func() error {
			var c report.Compliance
			e := r.s.db.QueryRowContext(ctx, r.q(`SELECT count(*), count(CASE WHEN `+d.met+` THEN 1 END) FROM cases WHERE `+inYear(d.due)), from, to).Scan(&c.Due, &c.Met)
			raw.Deadlines[d.id] = c
			return e
		})
	}
	return raw, err
}

// YearTotalsReference counts each year's main totals with one query per figure and year, the
// reference for YearTotals.
func (r *Reports) YearTotalsReference(ctx context.Context, fromYear, toYear int) ([]report.YearRaw, error) {
	var out []report.YearRaw
	for y := fromYear; y <= toYear; y++ {
		from, to := yearBounds(y)
		yr := report.YearRaw{Year: y}
		for _, c := range []struct {
			dst   *int
			query string
		}{
			{&yr.Reports, `SELECT count(*) FROM cases WHERE received_at >= ? AND received_at < ?`},
			{&yr.Conversations, `SELECT count(*) FROM conversations WHERE held_on >= ? AND held_on < ?`},
			{&yr.Investigations, `SELECT count(*) FROM investigations WHERE started_at >= ? AND started_at < ?`},
			{&yr.Sanctions, `SELECT count(*) FROM sanction_decisions WHERE decided_at >= ? AND decided_at < ?`},
		} {
			n, err := r.count(ctx, c.query, from, to)
			if err != nil {
				return nil, err
			}
			*c.dst = n
		}
		out = append(out, yr)
	}
	return out, nil
}

// durationReference computes the median and 90th percentile (nearest rank) of a days expression over
// the rows of from/where, in the database.
func (r *Reports) durationReference(ctx context.Context, expr, from string, args ...any) (report.Duration, error) {
	query := `WITH d AS (SELECT ` + expr + ` AS v ` + from + `),
r AS (SELECT v, ROW_NUMBER() OVER (ORDER BY v) AS rn, COUNT(*) OVER () AS n FROM d)
SELECT n, MIN(CASE WHEN 2 * rn >= n THEN v END), MIN(CASE WHEN 10 * rn >= 9 * n THEN v END) FROM r GROUP BY n`
	var d report.Duration
	err := r.s.db.QueryRowContext(ctx, r.q(query), args...).Scan(&d.N, &d.Median, &d.P90)
	if isNoRows(err) {
		return report.Duration{}, nil
	}
	return d, err
}
