package cases

import (
	"encoding/json"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/vault"
)

// Sealer seals content the way the service does, field by field, for code that writes cases in
// bulk (the demo seeder): what it seals, the service opens like any other case.
type Sealer struct{ ck *vault.CaseKey }

// NewSealer seals with a case's key.
func NewSealer(ck *vault.CaseKey) Sealer { return Sealer{ck: ck} }

// Report seals a report's content.
func (s Sealer) Report(c ReportContent) ([]byte, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	return s.ck.Seal(fieldReport, b)
}

// Message seals a message body with its precise time.
func (s Sealer) Message(id uuid.UUID, author Author, m Message) ([]byte, error) {
	b, err := json.Marshal(sealedMessage{Body: m.Body, At: m.SentAt})
	if err != nil {
		return nil, err
	}
	return s.ck.Seal(messageField(id, author), b)
}

// Weighing seals a weighing's rationale and checklist.
func (s Sealer) Weighing(rationale string, c Checklist) ([]byte, error) {
	b, err := json.Marshal(struct {
		Rationale string    `json:"rationale"`
		Checklist Checklist `json:"checklist"`
	}{rationale, c})
	if err != nil {
		return nil, err
	}
	return s.ck.Seal(fieldWeighing, b)
}

// Plan seals an investigation plan.
func (s Sealer) Plan(p Plan) ([]byte, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return s.ck.Seal(fieldPlan, b)
}

// AllegationText seals an allegation's description ("description") or reasoning ("reasoning").
func (s Sealer) AllegationText(id uuid.UUID, part, text string) ([]byte, error) {
	return s.ck.Seal(allegationField(id, part), []byte(text))
}

// Assessment seals the qualification of the proven facts.
func (s Sealer) Assessment(text string) ([]byte, error) { return s.ck.Seal("assessment", []byte(text)) }

// Motivation seals a sanction decision's motivation.
func (s Sealer) Motivation(text string) ([]byte, error) {
	return s.ck.Seal("sanction/motivation", []byte(text))
}

// Conversation seals an adviser's notes of a conversation.
func (s Sealer) Conversation(id uuid.UUID, c ConversationContent) ([]byte, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	return s.ck.Seal(conversationField(id), b)
}

// Identity seals a confidential or named reporter's identity.
func (s Sealer) Identity(id Identity) ([]byte, error) {
	b, err := json.Marshal(id)
	if err != nil {
		return nil, err
	}
	return s.ck.Seal(fieldIdentity, b)
}
