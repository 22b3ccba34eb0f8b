package cases

import (
	"time"

	"github.com/google/uuid"
)

// Status is a lifecycle state (domain.md §5).
type Status string

// The lifecycle states.
const (
	StatusReceived    Status = "RECEIVED"
	StatusInSupport   Status = "IN_SUPPORT"
	StatusWeighing    Status = "WEIGHING"
	StatusFactFinding Status = "FACT_FINDING"
	StatusAssessment  Status = "ASSESSMENT"
	StatusSanction    Status = "SANCTION"
	StatusClosed      Status = "CLOSED"
)

// Anonymity is the reporter's choice of how far they are known.
type Anonymity string

// The anonymity choices.
const (
	Anonymous    Anonymity = "ANONYMOUS"
	Confidential Anonymity = "CONFIDENTIAL"
	Named        Anonymity = "NAMED"
)

// Channel is where a case came in (domain.md §4).
type Channel string

// The intake channels.
const (
	ChannelWebForm           Channel = "WEB_FORM"
	ChannelInternalAdviser   Channel = "INTERNAL_ADVISER"
	ChannelExternalAdviser   Channel = "EXTERNAL_ADVISER"
	ChannelManager           Channel = "MANAGER"
	ChannelHR                Channel = "HR"
	ChannelEmployeeNetwork   Channel = "EMPLOYEE_NETWORK"
	ChannelExternalComplaint Channel = "EXTERNAL_COMPLAINT"
)

// Author says who wrote a message.
type Author string

// The authors.
const (
	AuthorReporter Author = "REPORTER"
	AuthorStaff    Author = "STAFF"
)

// ReportContent is what the reporter wrote. It is sealed as a whole with the case key.
type ReportContent struct {
	Description    string   `json:"description"`
	OccurredWhen   string   `json:"occurred_when,omitempty"`
	OccurredWhere  string   `json:"occurred_where,omitempty"`
	Subjects       []string `json:"subjects,omitempty"`
	Witnesses      []string `json:"witnesses,omitempty"`
	DesiredOutcome string   `json:"desired_outcome,omitempty"`
}

// Identity is how a confidential or named reporter can be reached.
type Identity struct {
	Name       string `json:"name"`
	Contact    string `json:"contact,omitempty"`
	Department string `json:"department,omitempty"`
}

// NewReport is a report as filed by a reporter.
type NewReport struct {
	IdempotencyKey string
	Category       Category
	Content        ReportContent
	Anonymity      Anonymity
	Identity       *Identity // required unless Anonymous; must be nil when Anonymous
	AdviserID      *uuid.UUID
	// Grounds are the discrimination grounds (internal/taxonomy codes), only for DISCRIMINATION.
	Grounds []string
	// Notify is the reporter's address for "there is a reply", or nil; never for Anonymous.
	Notify *NotifyAddress
	// Source is the opaque key of the filer's network origin, for the filing budget (see
	// Config.Filings); never stored.
	Source string
}

// Filed is the answer to a filing.
type Filed struct {
	Summary     Summary
	ReceiptCode string // grouped form, shown once
	Replayed    bool
}

// Summary is a case without content.
type Summary struct {
	ID             uuid.UUID
	Reference      string
	Status         Status
	Category       Category
	Anonymity      Anonymity
	Channel        Channel
	ReceivedAt     time.Time
	AckDueAt       time.Time
	AcknowledgedAt *time.Time
	FeedbackDueAt  *time.Time
	AdviserID      *uuid.UUID
	AdviserName    string // filled in where the adviser is looked up
	UnitID         *uuid.UUID
	EscalatedAt    *time.Time
	WeighingDueAt  *time.Time
	WeighedAt      *time.Time
	Pseudonymous   bool
	Outcome        string
	RuleSetVersion string // set with the findings: the rules the case is assessed under
	Version        int64
}

// Detail is a case with its content, for staff handling it.
type Detail struct {
	Summary
	Content  ReportContent
	Identity *Identity // nil for anonymous reports, and on the employer side without consent
	Consents []Consent
	Weighing *Weighing
	Grounds  []string // discrimination grounds, sorted
	// InvestigationStarted: the fact-finding has started (its content is not read here).
	InvestigationStarted bool
	// Allowed are the actions the reader may take on the case now (the capability table).
	Allowed []Action
}

// Message is one opened message.
type Message struct {
	ID     uuid.UUID
	Author Author
	Body   string
	SentAt time.Time
}

// ReporterView is what a reporter sees of their own case.
type ReporterView struct {
	Summary
	Description string
	// NotifySet says whether the reporter left an address for "there is a reply" (the address
	// itself is not shown, not even to the reporter: a receipt code alone must not reveal it).
	NotifySet bool
}
