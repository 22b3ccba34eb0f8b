package cases

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/receipt"
)

// SessionTokenPrefix marks reporter session tokens, so the transport can tell them from staff JWTs.
const SessionTokenPrefix = "mps_"

// errBadCode is the one answer to every failed login: it does not say whether the code was
// malformed, unknown, or belongs to a case — so the answer never reveals whether a case exists.
var errBadCode = apperr.Unauthenticated("this receipt code is not recognised; check it and try again")

// ReporterSession is an authenticated reporter: they can see exactly one case.
type ReporterSession struct {
	CaseID    uuid.UUID
	tokenHash []byte
	// Receipt is set instead of CaseID for someone who made matching entries without filing a
	// report: the keyed hash of their entries' receipt code. Such a session sees no case.
	Receipt []byte
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// OpenSession exchanges a receipt code for a session token. source is an opaque key for the
// caller's network origin, used only to count wrong codes.
//
// Every code is checked, and a right one is always accepted: nobody's wrong codes can lock a
// reporter out. Only wrong codes are counted; once source or the replica as a whole has made too
// many, a wrong code is answered "too many" with the time to wait instead of "not recognised".
// The bound on guessing is the 100 bits of the code against the rate of checks (package
// ratelimit).
func (s *IntakeService) OpenSession(ctx context.Context, source, code string) (token string, expires time.Time, err error) {
	var rec *CaseRecord
	if c, perr := receipt.Parse(code); perr == nil {
		if rec, err = s.caseRepo.CaseByReceipt(ctx, s.vault.MAC(receipt.MACPurpose, c.Canonical())); err != nil {
			return "", time.Time{}, err
		}
	}
	if rec == nil || rec.ContentDestroyedAt != nil {
		if ok, wait, _ := s.limiter.Take(source); !ok {
			return "", time.Time{}, apperr.RateLimitedFor(wait,
				"this receipt code is not recognised, and too many wrong codes were tried from your network or in total; "+
					"check the code and try again in %d seconds (the right code is always accepted)", apperr.Seconds(wait))
		}
		return "", time.Time{}, errBadCode
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", time.Time{}, err
	}
	token = SessionTokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	now := s.clock()
	// To the minute: the expiry must not time the login precisely.
	expires = now.Truncate(time.Minute).Add(s.ttl)
	ev := audit.New(now, audit.Reporter, audit.ActionOpenSession, rec.ID, requestID(ctx))
	if err := s.logged(ctx, ev, func(ctx context.Context) error {
		return s.sessionRepo.CreateSession(ctx, rec.ID, hashToken(token), expires, now)
	}); err != nil {
		return "", time.Time{}, err
	}
	return token, expires, nil
}

// AuthenticateReporter resolves a session token to its session.
func (s *IntakeService) AuthenticateReporter(ctx context.Context, token string) (*ReporterSession, error) {
	if !strings.HasPrefix(token, SessionTokenPrefix) {
		return nil, apperr.Unauthenticated("log in with your receipt code first")
	}
	if strings.HasPrefix(token, holderTokenPrefix) {
		return s.authenticateHolder(ctx, token)
	}
	h := hashToken(token)
	caseID, err := s.sessionRepo.SessionCase(ctx, h, s.clock())
	if err != nil {
		return nil, err
	}
	if caseID == uuid.Nil {
		return nil, apperr.Unauthenticated("your session has ended; log in again with your receipt code")
	}
	return &ReporterSession{CaseID: caseID, tokenHash: h}, nil
}

// CloseSession logs the reporter out.
func (s *IntakeService) CloseSession(ctx context.Context, rs *ReporterSession) error {
	if rs.tokenHash == nil {
		return nil // an entry-only session: nothing is stored, the client drops the token
	}
	ev := audit.New(s.clock(), audit.Reporter, audit.ActionCloseSession, rs.CaseID, requestID(ctx))
	return s.logged(ctx, ev, func(ctx context.Context) error { return s.sessionRepo.DeleteSession(ctx, rs.tokenHash) })
}

// reporterCase loads the session's case; a vanished case reads as an ended session.
func (s *core) reporterCase(ctx context.Context, rs *ReporterSession) (*CaseRecord, error) {
	if rs.CaseID == uuid.Nil {
		return nil, apperr.FailedPrecondition("you have made matching entries but no report; there is no case to show")
	}
	rec, err := s.caseRepo.CaseByID(ctx, rs.CaseID)
	if err != nil {
		return nil, err
	}
	if rec == nil || rec.ContentDestroyedAt != nil {
		return nil, apperr.Unauthenticated("your session has ended; log in again with your receipt code")
	}
	return rec, nil
}

// MyCase returns the reporter's view of their case.
func (s *IntakeService) MyCase(ctx context.Context, rs *ReporterSession) (ReporterView, error) {
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return ReporterView{}, err
	}
	ev := audit.New(s.clock(), audit.Reporter, audit.ActionReporterView, rec.ID, requestID(ctx), "status", "deadlines", "report")
	sealed, _, err := s.readContent(ctx, rec.ID, false, ev)
	if err != nil {
		return ReporterView{}, err
	}
	content, err := s.openReport(rec, sealed)
	if err != nil {
		return ReporterView{}, err
	}
	return ReporterView{Summary: rec.Summary, Description: content.Description, NotifySet: rec.NotifySealed != nil}, nil
}

// MyMessages lists the messages on the reporter's case.
func (s *IntakeService) MyMessages(ctx context.Context, rs *ReporterSession) ([]Message, error) {
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return nil, err
	}
	ev := audit.New(s.clock(), audit.Reporter, audit.ActionReporterRead, rec.ID, requestID(ctx), "messages")
	return s.messages(ctx, rec, ev)
}

// SendMyMessage adds a message from the reporter.
func (s *IntakeService) SendMyMessage(ctx context.Context, rs *ReporterSession, body string) (Message, error) {
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return Message{}, err
	}
	ev := audit.New(s.clock(), audit.Reporter, audit.ActionReporterMessage, rec.ID, requestID(ctx), "message")
	return s.addMessage(ctx, rec, AuthorReporter, "", body, ev)
}

func (s *core) openReport(rec *CaseRecord, sealed []byte) (ReportContent, error) {
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return ReportContent{}, err
	}
	pt, err := ck.Open(fieldReport, sealed)
	if err != nil {
		return ReportContent{}, err
	}
	var c ReportContent
	return c, json.Unmarshal(pt, &c)
}

// sealedMessage is what a message's ciphertext holds: the body and the precise send time.
type sealedMessage struct {
	Body string    `json:"b"`
	At   time.Time `json:"t"`
}

// messageField binds a message's ciphertext to its row and author, so that bodies cannot be
// swapped between messages or turned from staff into reporter messages in the database.
func messageField(id uuid.UUID, author Author) string {
	return fieldMessage + "/" + id.String() + "/" + string(author)
}

// shownTime is the time a message is stored in clear and shown with: for a reporter's message on
// an anonymous case only the hour, which cannot be lined up with network or badge logs. The
// precise time stays inside the ciphertext, for the order of the conversation.
func shownTime(rec *CaseRecord, author Author, at time.Time) time.Time {
	if author == AuthorReporter && rec.Anonymity == Anonymous {
		return at.Truncate(time.Hour)
	}
	return at
}

func (s *IntakeService) messages(ctx context.Context, rec *CaseRecord, ev audit.Event) ([]Message, error) {
	var recs []MessageRecord
	err := s.logged(ctx, ev, func(ctx context.Context) (err error) { recs, err = s.caseRepo.Messages(ctx, rec.ID); return err })
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, nil
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return nil, err
	}
	out := make([]Message, 0, len(recs))
	precise := make(map[uuid.UUID]time.Time, len(recs))
	for _, m := range recs {
		pt, err := ck.Open(messageField(m.ID, m.Author), m.BodySealed)
		if err != nil {
			return nil, err
		}
		var sm sealedMessage
		if err := json.Unmarshal(pt, &sm); err != nil {
			return nil, err
		}
		precise[m.ID] = sm.At
		out = append(out, Message{ID: m.ID, Author: m.Author, Body: sm.Body, SentAt: shownTime(rec, m.Author, sm.At)})
	}
	sort.SliceStable(out, func(i, j int) bool { return precise[out[i].ID].Before(precise[out[j].ID]) })
	return out, nil
}

func (s *core) sealMessage(rec *CaseRecord, author Author, subject, body string, at time.Time) (MessageRecord, error) {
	if strings.TrimSpace(body) == "" {
		return MessageRecord{}, apperr.Invalid("body", "the message is empty")
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return MessageRecord{}, err
	}
	payload, err := json.Marshal(sealedMessage{Body: body, At: at})
	if err != nil {
		return MessageRecord{}, err
	}
	id := uuid.New()
	sealed, err := ck.Seal(messageField(id, author), payload)
	if err != nil {
		return MessageRecord{}, err
	}
	return MessageRecord{
		ID: id, CaseID: rec.ID, Author: author, AuthorSubject: subject,
		BodySealed: sealed, SentAt: shownTime(rec, author, at),
	}, nil
}

func (s *core) addMessage(ctx context.Context, rec *CaseRecord, author Author, subject, body string, ev audit.Event) (Message, error) {
	if rec.Status == StatusClosed {
		return Message{}, apperr.FailedPrecondition("case %s is closed; no new messages can be added", rec.Reference).Because(apperr.ReasonCaseClosed)
	}
	m, err := s.sealMessage(rec, author, subject, body, s.clock())
	if err != nil {
		return Message{}, err
	}
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.caseRepo.AddMessage(ctx, m) }); err != nil {
		return Message{}, err
	}
	return Message{ID: m.ID, Author: author, Body: body, SentAt: m.SentAt}, nil
}
