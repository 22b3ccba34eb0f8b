package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/adviser"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/ent/employee"
	"github.com/utrecht/meldpunt/ent/investigationmember"
	"github.com/utrecht/meldpunt/ent/notification"
	"github.com/utrecht/meldpunt/ent/notificationpreference"
	"github.com/utrecht/meldpunt/ent/orgunit"
	"github.com/utrecht/meldpunt/ent/staffaccount"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/notify"
)

var _ notify.Outbox = (*Store)(nil)

// SetNotifications turns the outbox on: from now on the events that tell staff something waits
// for them queue a notification, with Message-IDs in domain (e.g. the workspace's host name).
// Call it once, before the store is used; without it nothing is queued (notify's package doc).
func (s *Store) SetNotifications(domain string) { s.notifyDomain = domain }

// notifyFollowers queues a notification of kind for everyone who follows the case up (its
// adviser, the manager it was escalated to, its fact-finding team) but the actor.
func (s *Store) notifyFollowers(ctx context.Context, tx *ent.Tx, kind notify.Kind, caseID uuid.UUID, actor string) error {
	if s.notifyDomain == "" {
		return nil
	}
	c, err := tx.CaseFile.Query().Where(casefile.ID(caseID)).Only(ctx)
	if err != nil {
		return err
	}
	var to []string
	if c.AdviserID != nil {
		sub, err := tx.Adviser.Query().Where(adviser.ID(*c.AdviserID)).Select(adviser.FieldStaffSubject).String(ctx)
		if err != nil && !ent.IsNotFound(err) {
			return err
		}
		to = append(to, sub)
	}
	if c.UnitID != nil && c.EscalatedAt != nil {
		m, err := unitManager(ctx, tx, *c.UnitID)
		if err != nil {
			return err
		}
		to = append(to, m)
	}
	team, err := tx.InvestigationMember.Query().Where(investigationmember.CaseID(caseID)).
		Select(investigationmember.FieldStaffSubject).Strings(ctx)
	if err != nil {
		return err
	}
	to = append(to, team...)
	return s.enqueue(ctx, tx, kind, c, slices.DeleteFunc(to, func(r string) bool { return r == actor }))
}

// unitManager returns the staff subject of the unit's manager, or "".
func unitManager(ctx context.Context, tx *ent.Tx, unitID uuid.UUID) (string, error) {
	m, err := tx.OrgUnit.Query().Where(orgunit.ID(unitID)).QueryManager().Only(ctx)
	if ent.IsNotFound(err) || (err == nil && m.StaffSubject == nil) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return *m.StaffSubject, nil
}

// notifyCase queues a notification of kind about the case for each of to.
func (s *Store) notifyCase(ctx context.Context, tx *ent.Tx, kind notify.Kind, caseID uuid.UUID, to ...string) error {
	if s.notifyDomain == "" {
		return nil
	}
	c, err := tx.CaseFile.Query().Where(casefile.ID(caseID)).Only(ctx)
	if err != nil {
		return err
	}
	return s.enqueue(ctx, tx, kind, c, to)
}

// enqueue writes one notification per recipient, in the transaction of the event. A recipient
// with a conflict of interest in the case gets none, whatever else they are to it (need to
// know), nor does one who chose the digest or nothing.
func (s *Store) enqueue(ctx context.Context, tx *ent.Tx, kind notify.Kind, c *ent.CaseFile, to []string) error {
	slices.Sort(to)
	to = slices.Compact(slices.DeleteFunc(to, func(r string) bool { return r == "" }))
	if len(to) == 0 {
		return nil
	}
	conflicted, err := conflictedSubjects(ctx, tx.Client(), c.ID)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	for _, r := range to {
		if slices.Contains(conflicted, r) {
			continue
		}
		mode, err := modeOf(ctx, tx.Client(), r)
		if err != nil {
			return err
		}
		if mode != notify.ModeImmediate {
			continue
		}
		id := uuid.New()
		if err := tx.Notification.Create().SetID(id).SetRecipient(r).SetKind(notification.Kind(kind)).
			SetCaseReference(c.Reference).SetMessageID(s.messageID(id.String())).
			SetCreatedAt(now).SetNextAttemptAt(now).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) messageID(local string) string { return "<" + local + "@" + s.notifyDomain + ">" }

// modeOf returns the person's chosen mode, or their role's default.
func modeOf(ctx context.Context, c *ent.Client, subject string) (notify.Mode, error) {
	p, err := c.NotificationPreference.Get(ctx, subject)
	if err == nil {
		return notify.Mode(p.Mode), nil
	}
	if !ent.IsNotFound(err) {
		return "", err
	}
	roles, err := c.StaffAccount.Query().Where(staffaccount.Subject(subject)).Select(staffaccount.FieldRoles).String(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return "", err
	}
	if ent.IsNotFound(err) {
		// Never signed in to the staff pages: a person a case was given to is told at once.
		return notify.ModeImmediate, nil
	}
	return notify.DefaultMode(strings.Split(roles, ",")), nil
}

// NotificationMode returns the person's mode and whether they chose it (false: their role's
// default).
func (s *Store) NotificationMode(ctx context.Context, subject string) (notify.Mode, bool, error) {
	_, err := s.client.NotificationPreference.Get(ctx, subject)
	chosen := err == nil
	if err != nil && !ent.IsNotFound(err) {
		return "", false, err
	}
	m, err := modeOf(ctx, s.client, subject)
	return m, chosen, err
}

// SetNotificationMode stores the person's choice.
func (s *Store) SetNotificationMode(ctx context.Context, subject string, m notify.Mode, at time.Time) error {
	return s.client.NotificationPreference.Create().SetID(subject).SetMode(notificationpreference.Mode(m)).SetUpdatedAt(at).
		OnConflictColumns(notificationpreference.FieldID).UpdateNewValues().Exec(ctx)
}

// ClaimNotifications leases up to limit due messages to the caller until now+lease and returns
// them, attempts counted: on PostgreSQL with FOR UPDATE SKIP LOCKED, so that replicas claiming
// at the same time get different messages; on SQLite the write transaction is the only one. A
// message whose sender died is due again when its lease ends.
func (s *Store) ClaimNotifications(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]notify.Outgoing, error) {
	var out []notify.Outgoing
	err := s.WithTx(ctx, func(tx *ent.Tx) error {
		q := tx.Notification.Query().
			Where(notification.SentAtIsNil(), notification.FailedAtIsNil(), notification.NextAttemptAtLTE(now)).
			Order(ent.Asc(notification.FieldNextAttemptAt)).Limit(limit)
		if s.dialect == dialect.Postgres {
			q = q.ForUpdate(entsql.WithLockAction(entsql.SkipLocked))
		}
		rows, err := q.All(ctx)
		if err != nil || len(rows) == 0 {
			return err
		}
		ids := make([]uuid.UUID, len(rows))
		subjects := make([]string, len(rows))
		for i, r := range rows {
			ids[i], subjects[i] = r.ID, r.Recipient
		}
		if err := tx.Notification.Update().Where(notification.IDIn(ids...)).
			SetNextAttemptAt(now.Add(lease)).AddAttempts(1).Exec(ctx); err != nil {
			return err
		}
		emps, err := tx.Employee.Query().Where(employee.StaffSubjectIn(subjects...)).All(ctx)
		if err != nil {
			return err
		}
		addr := map[string]string{}
		for _, e := range emps {
			addr[*e.StaffSubject] = e.Email
		}
		reporters, err := s.reporterAddresses(ctx, tx, rows)
		if err != nil {
			return err
		}
		for _, r := range rows {
			o := notify.Outgoing{
				ID: r.ID.String(), Kind: notify.Kind(r.Kind), CaseReference: r.CaseReference, Count: r.Count,
				MessageID: r.MessageID, Attempts: r.Attempts + 1, To: addr[r.Recipient],
			}
			if r.Kind == notification.KindREPORTER_REPLY {
				rep, ok := reporters[r.ID]
				if !ok {
					continue // deleted: nobody to tell
				}
				o.To, o.Lang, o.CaseReference = rep.To, rep.Lang, ""
			}
			out = append(out, o)
		}
		return nil
	})
	return out, err
}

// MarkNotificationSent records that the message was handed to the mail server.
func (s *Store) MarkNotificationSent(ctx context.Context, id string, at time.Time) error {
	uid, err := uuid.Parse(id)
	if err != nil {
		return err
	}
	return s.client.Notification.UpdateOneID(uid).SetSentAt(at).ClearLastError().Exec(ctx)
}

// ReleaseNotifications makes claimed, untried messages due again at at (a replica shutting down
// gives back the rest of its batch).
func (s *Store) ReleaseNotifications(ctx context.Context, ids []string, at time.Time) error {
	uids := make([]uuid.UUID, 0, len(ids))
	for _, id := range ids {
		uid, err := uuid.Parse(id)
		if err != nil {
			return err
		}
		uids = append(uids, uid)
	}
	return s.client.Notification.Update().Where(notification.IDIn(uids...), notification.SentAtIsNil()).
		SetNextAttemptAt(at).AddAttempts(-1).Exec(ctx)
}

// MarkNotificationFailed records a failed attempt (errKind says what failed, never content): due
// again at next, or given up when next is zero.
func (s *Store) MarkNotificationFailed(ctx context.Context, id, errKind string, next, at time.Time) error {
	uid, err := uuid.Parse(id)
	if err != nil {
		return err
	}
	u := s.client.Notification.UpdateOneID(uid).SetLastError(errKind)
	if next.IsZero() {
		u = u.SetFailedAt(at)
	} else {
		u = u.SetNextAttemptAt(next)
	}
	return u.Exec(ctx)
}

// NotificationStatus counts the outbox for the administrator: pending, failed, sent since
// since, and the latest failures (kinds of error only).
func (s *Store) NotificationStatus(ctx context.Context, since time.Time) (notify.Status, error) {
	var st notify.Status
	var err error
	n := s.client.Notification.Query()
	if st.Pending, err = n.Clone().Where(notification.SentAtIsNil(), notification.FailedAtIsNil()).Count(ctx); err != nil {
		return st, err
	}
	if st.Failed, err = n.Clone().Where(notification.FailedAtNotNil()).Count(ctx); err != nil {
		return st, err
	}
	if st.Sent, err = n.Clone().Where(notification.SentAtGTE(since)).Count(ctx); err != nil {
		return st, err
	}
	rows, err := n.Clone().Where(notification.SentAtIsNil(), notification.LastErrorNEQ("")).
		Order(ent.Desc(notification.FieldCreatedAt)).Limit(20).All(ctx)
	if err != nil {
		return st, err
	}
	for _, r := range rows {
		f := notify.Failure{At: r.NextAttemptAt.UTC(), Kind: notify.Kind(r.Kind), Attempts: r.Attempts, Error: r.LastError, GaveUp: r.FailedAt != nil}
		if r.FailedAt != nil {
			f.At = r.FailedAt.UTC()
		}
		st.LastErrors = append(st.LastErrors, f)
	}
	return st, nil
}

// DigestRecipients lists the staff who get the daily digest of deadlines: every account that
// signed in to the staff pages and is not blocked, unless they turned notifications off.
func (s *Store) DigestRecipients(ctx context.Context) ([]notify.Person, error) {
	accs, err := s.client.StaffAccount.Query().Where(staffaccount.Blocked(false)).
		Order(ent.Asc(staffaccount.FieldSubject)).All(ctx)
	if err != nil {
		return nil, err
	}
	prefs, err := s.client.NotificationPreference.Query().All(ctx)
	if err != nil {
		return nil, err
	}
	chosen := map[string]notify.Mode{}
	for _, p := range prefs {
		chosen[p.ID] = notify.Mode(p.Mode)
	}
	var out []notify.Person
	for _, a := range accs {
		roles := strings.Split(a.Roles, ",")
		m, ok := chosen[a.Subject]
		if !ok {
			m = notify.DefaultMode(roles)
		}
		if m != notify.ModeOff {
			out = append(out, notify.Person{Subject: a.Subject, Roles: roles})
		}
	}
	return out, nil
}

// QueueDigest queues the day's digest for subject (count: their deadlines due within 7 days or
// overdue). Its Message-ID is made of the day and the subject, so that a second replica, or a
// restart the same day, queues nothing more.
func (s *Store) QueueDigest(ctx context.Context, subject string, count int, day time.Time) error {
	if s.notifyDomain == "" {
		return nil
	}
	h := sha256.Sum256([]byte(subject))
	mid := s.messageID("digest-" + day.UTC().Format("20060102") + "-" + hex.EncodeToString(h[:12]))
	now := time.Now().UTC()
	err := s.client.Notification.Create().SetRecipient(subject).SetKind(notification.KindDIGEST).SetCount(count).
		SetMessageID(mid).SetCreatedAt(now).SetNextAttemptAt(now).
		OnConflictColumns(notification.FieldMessageID).DoNothing().Exec(ctx)
	if isNoRows(err) {
		return nil
	}
	return err
}

// PruneNotifications deletes what the outbox no longer needs: messages sent before sentBefore and
// messages given up before failedBefore. Who was told about which case when is not kept longer
// than the administrator needs to see that the e-mails go out.
func (s *Store) PruneNotifications(ctx context.Context, sentBefore, failedBefore time.Time) (int, error) {
	n, err := s.client.Notification.Delete().Where(notification.SentAtLT(sentBefore)).Exec(ctx)
	if err != nil {
		return n, err
	}
	m, err := s.client.Notification.Delete().Where(notification.FailedAtLT(failedBefore)).Exec(ctx)
	return n + m, err
}

// ReporterAddressOpener opens a case's sealed address for "there is a reply" (the case service's
// cases.OpenNotifyAddress with the vault): ok false when there is none, or the case is destroyed.
type ReporterAddressOpener func(caseID uuid.UUID, wrappedKey, sealed []byte) (email, lang string, ok bool, err error)

// SetReporterAddressOpener lets the outbox tell reporters who left an address that there is a
// reply: from now on a staff message or acknowledgement on such a case queues one, and the
// sender opens the address with open when it sends. Call it once, before the store is used.
func (s *Store) SetReporterAddressOpener(open ReporterAddressOpener) { s.openReporter = open }

// errCaseDestroyed: the case's content was destroyed meanwhile.
var errCaseDestroyed = apperr.Unauthenticated("your session has ended; log in again with your receipt code")

// reporterRecipient is the recipient of every REPORTER_REPLY row: the address is the case's.
const reporterRecipient = "reporter"

// notifyReporter queues a "there is a reply" for the case's reporter, in the transaction of the
// event, when they left an address. The row holds the case's id and nothing else of theirs.
func (s *Store) notifyReporter(ctx context.Context, tx *ent.Tx, caseID uuid.UUID) error {
	if s.notifyDomain == "" || s.openReporter == nil {
		return nil
	}
	has, err := tx.CaseFile.Query().Where(casefile.ID(caseID), casefile.ReporterNotifySealedNotNil(),
		casefile.ContentDestroyedAtIsNil()).Exist(ctx)
	if err != nil || !has {
		return err
	}
	id := uuid.New()
	now := time.Now().UTC()
	return tx.Notification.Create().SetID(id).SetRecipient(reporterRecipient).SetKind(notification.KindREPORTER_REPLY).
		SetCaseID(caseID).SetMessageID(s.messageID(id.String())).SetCreatedAt(now).SetNextAttemptAt(now).Exec(ctx)
}

// reporterAddresses opens, for the claimed REPORTER_REPLY rows, their cases' addresses; a row
// whose case has none any more (removed, or the case destroyed) is deleted: there is nobody to
// tell. A row whose address cannot be opened gets no address, and fails visibly.
func (s *Store) reporterAddresses(ctx context.Context, tx *ent.Tx, rows []*ent.Notification) (map[uuid.UUID]notify.Outgoing, error) {
	out := map[uuid.UUID]notify.Outgoing{}
	var caseIDs []uuid.UUID
	for _, r := range rows {
		if r.Kind == notification.KindREPORTER_REPLY && r.CaseID != nil {
			caseIDs = append(caseIDs, *r.CaseID)
		}
	}
	if len(caseIDs) == 0 {
		return out, nil
	}
	cs, err := tx.CaseFile.Query().Where(casefile.IDIn(caseIDs...)).
		Select(casefile.FieldWrappedKey, casefile.FieldReporterNotifySealed, casefile.FieldContentDestroyedAt).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[uuid.UUID]*ent.CaseFile{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	var gone []uuid.UUID
	for _, r := range rows {
		if r.Kind != notification.KindREPORTER_REPLY {
			continue
		}
		var c *ent.CaseFile
		if r.CaseID != nil {
			c = byID[*r.CaseID]
		}
		if c == nil || c.ContentDestroyedAt != nil || c.ReporterNotifySealed == nil || s.openReporter == nil {
			gone = append(gone, r.ID)
			continue
		}
		email, lang, ok, err := s.openReporter(c.ID, c.WrappedKey, *c.ReporterNotifySealed)
		switch {
		case err != nil:
			out[r.ID] = notify.Outgoing{}
		case !ok:
			gone = append(gone, r.ID)
		default:
			out[r.ID] = notify.Outgoing{To: email, Lang: lang}
		}
	}
	if len(gone) > 0 {
		if _, err := tx.Notification.Delete().Where(notification.IDIn(gone...)).Exec(ctx); err != nil {
			return nil, err
		}
	}
	return out, nil
}
