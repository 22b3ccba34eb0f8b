package store

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
)

// createCaseSQL files a case on PostgreSQL in one statement: the case, its report, its identity
// (when there is one), its discrimination grounds, the audit event and its head, and the chosen
// adviser's notification, as data-modifying CTEs. One statement is atomic by
// itself, so filing costs one round trip instead of five (BEGIN, three INSERTs, COMMIT) — the
// hot path of the service. ON CONFLICT DO NOTHING makes a used idempotency key (or, once in a
// blue moon, a reference) insert nothing at all, rather than raise an error that PostgreSQL would
// log with the key's value. The columns are ent/schema's; the shared store tests run this path on
// PostgreSQL and the ent path on SQLite, so a drift fails them.
const createCaseSQL = `
WITH c AS (
	INSERT INTO cases (id, created_at, updated_at, version, reference, status, category, channel,
		anonymity, received_at, ack_due_at, wrapped_key, receipt_lookup, idempotency_lookup,
		request_fingerprint, replay_sealed, replay_until, adviser_id,
		unit_id, acknowledged_at, feedback_due_at, escalated_at, weighing_due_at, pseudonymous,
		reporter_notify_sealed)
	VALUES ($1, $2, $2, 1, $3, $4, $5, $6, $7, $2, $8, $9, $10, $11, $12, $13, $14, $26::uuid,
		$27::uuid, $28::timestamptz, $29::timestamptz, $30::timestamptz, $31::timestamptz, $32::boolean,
		$37::bytea)
	ON CONFLICT DO NOTHING
	RETURNING id
), r AS (
	INSERT INTO reports (id, content_sealed, created_at, case_id)
	SELECT $15::uuid, $16::bytea, $2::timestamptz, id FROM c
), i AS (
	INSERT INTO reporter_identities (id, identity_sealed, created_at, case_id)
	SELECT $17::uuid, $18::bytea, $2::timestamptz, id FROM c WHERE $18::bytea IS NOT NULL
), g AS (
	INSERT INTO case_grounds (case_id, ground)
	SELECT id, unnest(string_to_array($33::text, ',')) FROM c WHERE $33::text <> ''
), a AS (
	INSERT INTO audit_events (id, at, actor_kind, actor_id, action, case_id, fields, request_id, mac)
	SELECT $19::uuid, $20::timestamptz, $21::text, $22::text, $23::text, id, $24::text, $25::text, $34::bytea FROM c
), h AS (
	INSERT INTO audit_heads (id, mac) SELECT id, $34::bytea FROM c WHERE $34::bytea IS NOT NULL
), n AS (
	INSERT INTO notifications (id, recipient, kind, case_reference, count, message_id, created_at, attempts, next_attempt_at)
	SELECT $35::uuid, a.staff_subject, 'CASE_ASSIGNED', $3::text, 0, $36::text, $2::timestamptz, 0, $2::timestamptz
	FROM c JOIN advisers a ON a.id = $26::uuid
	WHERE $36::text <> '' AND a.staff_subject <> $22::text
		AND COALESCE((SELECT p.mode FROM notification_preferences p WHERE p.id = a.staff_subject), 'IMMEDIATE') = 'IMMEDIATE'
)
SELECT count(*) FROM c`

func (r *Cases) createCasePostgres(ctx context.Context, rec cases.NewCaseRecord, ev audit.Event) error {
	if err := checkAudit(ev); err != nil {
		return err
	}
	stmt, err := r.s.prepared(ctx, createCaseSQL)
	if err != nil {
		return err
	}
	// The filing's event is the case's first: it links to nothing.
	id := rec.ID
	ae := audit.Record{ID: uuid.New(), Event: ev}
	ae.At, ae.CaseID = audit.StoredTime(ev.At), &id
	r.s.sealRecord(&ae)
	// The adviser the reporter chose is told (notify's package doc), unless notifications are
	// off or the adviser turned them off; a new case has no subjects yet, so nobody is conflicted.
	nid, mid := uuid.New(), ""
	if r.s.notifyDomain != "" && rec.AdviserID != nil {
		mid = r.s.messageID(nid.String())
	}
	var n int
	err = stmt.QueryRowContext(ctx,
		rec.ID, rec.ReceivedAt, rec.Reference, string(rec.Status), string(rec.Category), string(rec.Channel),
		string(rec.Anonymity), rec.AckDueAt, rec.WrappedKey, rec.ReceiptLookup, rec.IdempotencyLookup,
		rec.RequestFingerprint, rec.ReplaySealed, rec.ReplayUntil,
		uuid.New(), rec.ReportSealed,
		uuid.New(), rec.IdentitySealed,
		ae.ID, ae.At, string(ev.Actor.Kind), ev.Actor.ID, ev.Action, strings.Join(ev.Fields, ","), ev.RequestID,
		nullableUUID(rec.AdviserID),
		nullableUUID(rec.UnitID), nullableTime(rec.AcknowledgedAt), nullableTime(rec.FeedbackDueAt),
		nullableTime(rec.EscalatedAt), nullableTime(rec.WeighingDueAt), rec.Pseudonymous,
		strings.Join(rec.Grounds, ","), ae.MAC,
		nid, mid, rec.NotifySealed,
	).Scan(&n)
	if err != nil {
		return err
	}
	if n == 1 {
		return nil
	}
	return r.conflict(ctx, rec.IdempotencyLookup)
}

func nullableUUID(id *uuid.UUID) any {
	if id == nil {
		return nil
	}
	return id.String()
}

func nullableTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}
