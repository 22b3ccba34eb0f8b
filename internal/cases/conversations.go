package cases

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// ConversationForm is how a conversation took place.
type ConversationForm string

// The conversation forms.
const (
	FormInPerson ConversationForm = "IN_PERSON"
	FormPhone    ConversationForm = "PHONE"
	FormVideo    ConversationForm = "VIDEO"
)

// Bounds of a logged conversation (the proto rules say the same; the domain checks again).
const (
	maxConversationMinutes = 600
	maxNotesLen            = 20000
	maxAdviceLen           = 10000
	maxNextStepLen         = 2000
	maxTopics              = 20
	maxTopicLen            = 200
	// heldOnSkew is how far in the future a conversation's time may lie: clocks differ a little.
	heldOnSkew = 5 * time.Minute
)

// ConversationContent is what an adviser writes down about a conversation. It is sealed as a
// whole with the case key.
type ConversationContent struct {
	Notes    string   `json:"notes"`
	Topics   []string `json:"topics,omitempty"`
	Advice   string   `json:"advice,omitempty"`
	NextStep string   `json:"next_step,omitempty"`
}

// NewConversation is a conversation as the adviser logs it.
type NewConversation struct {
	HeldOn          time.Time
	Form            ConversationForm
	DurationMinutes int
	Content         ConversationContent
}

// Conversation is a logged conversation, opened.
type Conversation struct {
	ID              uuid.UUID
	LoggedBy        string // the adviser's staff subject
	HeldOn          time.Time
	Form            ConversationForm
	DurationMinutes int
	Content         ConversationContent // empty once the retention period destroyed the notes
	CreatedAt       time.Time
	// UpdatedAt is when the adviser last corrected the content; nil when never.
	UpdatedAt *time.Time
	// NotesDestroyedAt is set when the notes were destroyed at the end of their retention period.
	NotesDestroyedAt *time.Time
}

// ConversationRecord is a conversation as stored: the content sealed.
type ConversationRecord struct {
	NotesDestroyedAt *time.Time
	ID               uuid.UUID
	CaseID           uuid.UUID
	AdviserSubject   string
	HeldOn           time.Time
	Form             ConversationForm
	DurationMinutes  int
	ContentSealed    []byte
	CreatedAt        time.Time
	UpdatedAt        *time.Time
}

// Errors a Repository returns for a conversation that cannot be corrected.
var (
	ErrNoSuchConversation = errors.New("no such conversation")
	ErrNotesDestroyed     = errors.New("conversation notes destroyed")
	ErrPartEnded          = errors.New("adviser's part of the case ended")
)

const fieldConversation = "conversation"

// conversationField binds a conversation's ciphertext to its row, so that notes cannot be moved
// from one conversation (or adviser) to another in the database.
func conversationField(id uuid.UUID) string { return fieldConversation + "/" + id.String() }

func validateConversation(c NewConversation, now time.Time) (NewConversation, error) {
	switch c.Form {
	case FormInPerson, FormPhone, FormVideo:
	default:
		return c, apperr.Invalid("form", "choose in person, phone or video")
	}
	if c.DurationMinutes < 1 || c.DurationMinutes > maxConversationMinutes {
		return c, apperr.Invalid("duration_minutes", "give the duration in minutes, 1 to %d", maxConversationMinutes)
	}
	if c.HeldOn.IsZero() {
		return c, apperr.Invalid("held_on", "say when the conversation took place")
	}
	if c.HeldOn.After(now.Add(heldOnSkew)) {
		return c, apperr.Invalid("held_on", "lies in the future; log a conversation after it took place")
	}
	content, err := validateContent(c.Content)
	if err != nil {
		return c, err
	}
	c.Content = content
	c.HeldOn = c.HeldOn.UTC().Truncate(time.Microsecond)
	return c, nil
}

// validateContent checks what the adviser wrote down and trims the topics.
func validateContent(c ConversationContent) (ConversationContent, error) {
	if strings.TrimSpace(c.Notes) == "" {
		return c, apperr.Invalid("notes", "write down what was discussed")
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{{"notes", c.Notes, maxNotesLen}, {"advice_given", c.Advice, maxAdviceLen}, {"next_step", c.NextStep, maxNextStepLen}} {
		if len(f.value) > f.max {
			return c, apperr.Invalid(f.name, "is longer than %d characters", f.max)
		}
	}
	if len(c.Topics) > maxTopics {
		return c, apperr.Invalid("topics", "at most %d topics", maxTopics)
	}
	topics := make([]string, 0, len(c.Topics))
	for _, t := range c.Topics {
		t = strings.TrimSpace(t)
		if t == "" || len(t) > maxTopicLen {
			return c, apperr.Invalid("topics", "each topic is a short label of 1 to %d characters", maxTopicLen)
		}
		topics = append(topics, t)
	}
	c.Topics = topics
	return c, nil
}

// adviserOnly loads a case the actor is the assigned adviser of. Whoever cannot see the case at
// all gets NotFound; whoever sees it without being its adviser (intake, the manager it was
// escalated to) gets Forbidden: the conversation stays with the adviser (domain.md §3).
func (s *core) adviserOnly(ctx context.Context, a StaffActor, ref string) (*CaseRecord, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	if !may(ActionLogConversation).permits(a, rel) {
		return nil, refusedWith(a, ref, rec, rel, apperr.Forbidden("conversations are logged and read only by the case's adviser"))
	}
	return rec, nil
}

// LogConversation logs a conversation the case's adviser had with the reporter: when, in which
// form, how long (in the clear, for the counts), and the notes, topics, advice and next step
// (sealed with the case key).
func (s *SupportService) LogConversation(ctx context.Context, a StaffActor, ref string, c NewConversation) (Conversation, error) {
	rec, err := s.adviserOnly(ctx, a, ref)
	if err != nil {
		return Conversation{}, err
	}
	if !may(ActionLogConversation).In(rec.Status) {
		return Conversation{}, apperr.FailedPrecondition("case %s is closed; no conversations can be logged", ref)
	}
	now := s.clock()
	c, err = validateConversation(c, now)
	if err != nil {
		return Conversation{}, err
	}
	payload, err := json.Marshal(c.Content)
	if err != nil {
		return Conversation{}, err
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return Conversation{}, err
	}
	id := uuid.New()
	sealed, err := ck.Seal(conversationField(id), payload)
	if err != nil {
		return Conversation{}, err
	}
	cr := ConversationRecord{
		ID: id, CaseID: rec.ID, AdviserSubject: a.Subject, HeldOn: c.HeldOn, Form: c.Form,
		DurationMinutes: c.DurationMinutes, ContentSealed: sealed, CreatedAt: now,
	}
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionLogConversation, rec.ID, requestID(ctx), "conversation")
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.convRepo.AddConversation(ctx, cr) }); err != nil {
		return Conversation{}, err
	}
	return Conversation{
		ID: id, LoggedBy: a.Subject, HeldOn: c.HeldOn, Form: c.Form, DurationMinutes: c.DurationMinutes,
		Content: c.Content, CreatedAt: now,
	}, nil
}

// UpdateConversation corrects the notes, topics, advice and next step of a conversation the
// caller logged on the case; when, in which form and how long it took place stay as logged. Only
// the case's adviser corrects, only their own conversations (another adviser's is not found),
// and not once the case is closed, their part of it ended or the notes were destroyed. The
// content is sealed anew with the case key and the correction is audited.
func (s *SupportService) UpdateConversation(ctx context.Context, a StaffActor, ref string, id uuid.UUID, content ConversationContent) (Conversation, error) {
	rec, err := s.adviserOnly(ctx, a, ref)
	if err != nil {
		return Conversation{}, err
	}
	if !may(ActionLogConversation).In(rec.Status) {
		return Conversation{}, apperr.FailedPrecondition("case %s is closed; its conversations can no longer be corrected", ref)
	}
	content, err = validateContent(content)
	if err != nil {
		return Conversation{}, err
	}
	payload, err := json.Marshal(content)
	if err != nil {
		return Conversation{}, err
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return Conversation{}, err
	}
	sealed, err := ck.Seal(conversationField(id), payload)
	if err != nil {
		return Conversation{}, err
	}
	now := s.clock()
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionUpdateConversation, rec.ID, requestID(ctx), "conversation")
	cr, err := loggedGet(ctx, s.core, ev, func(ctx context.Context) (*ConversationRecord, error) {
		return s.convRepo.UpdateConversation(ctx, rec.ID, id, a.Subject, sealed, now)
	})
	switch {
	case errors.Is(err, ErrNoSuchConversation):
		return Conversation{}, apperr.NotFound("no conversation %s of yours in case %s", id, ref)
	case errors.Is(err, ErrNotesDestroyed):
		return Conversation{}, apperr.FailedPrecondition("the notes of this conversation were destroyed at the end of their retention period")
	case errors.Is(err, ErrPartEnded):
		return Conversation{}, apperr.FailedPrecondition("your part in case %s has ended; its notes are kept as they are until they are destroyed", ref)
	case err != nil:
		return Conversation{}, err
	}
	return Conversation{
		ID: cr.ID, LoggedBy: cr.AdviserSubject, HeldOn: cr.HeldOn, Form: cr.Form, DurationMinutes: cr.DurationMinutes,
		Content: content, CreatedAt: cr.CreatedAt, UpdatedAt: cr.UpdatedAt,
	}, nil
}

// ListConversations lists the conversations the caller logged on the case, by the time they took
// place. Only the case's adviser reads them, and only their own: after a reassignment the new
// adviser does not read the notes of the one before. The read is audited.
func (s *SupportService) ListConversations(ctx context.Context, a StaffActor, ref string) ([]Conversation, error) {
	rec, err := s.adviserOnly(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadConversations, rec.ID, requestID(ctx), "conversations")
	recs, err := loggedGet(ctx, s.core, ev, func(ctx context.Context) ([]ConversationRecord, error) {
		return s.convRepo.Conversations(ctx, rec.ID, a.Subject)
	})
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
	out := make([]Conversation, 0, len(recs))
	for _, r := range recs {
		var content ConversationContent
		if r.NotesDestroyedAt == nil {
			pt, err := ck.Open(conversationField(r.ID), r.ContentSealed)
			if err != nil {
				return nil, err
			}
			if err := json.Unmarshal(pt, &content); err != nil {
				return nil, err
			}
		}
		out = append(out, Conversation{
			ID: r.ID, LoggedBy: r.AdviserSubject, HeldOn: r.HeldOn, Form: r.Form,
			DurationMinutes: r.DurationMinutes, Content: content, CreatedAt: r.CreatedAt,
			UpdatedAt: r.UpdatedAt, NotesDestroyedAt: r.NotesDestroyedAt,
		})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].HeldOn.Equal(out[j].HeldOn) {
			return out[i].HeldOn.Before(out[j].HeldOn)
		}
		return out[i].CreatedAt.Before(out[j].CreatedAt)
	})
	return out, nil
}
