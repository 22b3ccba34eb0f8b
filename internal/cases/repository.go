package cases

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/precedents"
)

// Errors a Repository returns for unique-key collisions.
var (
	ErrIdempotencyTaken = errors.New("idempotency key already used")
	ErrReferenceTaken   = errors.New("case reference already used")
	ErrVersionConflict  = errors.New("case changed concurrently")
	ErrNoSuchEmployee   = errors.New("no such employee")
)

// CaseRecord is a case as stored: metadata plus the wrapped key and the retry data.
type CaseRecord struct {
	Summary
	// ContentDestroyedAt is set once the retention period destroyed the case key.
	ContentDestroyedAt *time.Time
	WrappedKey         []byte
	RequestFingerprint []byte
	ReplaySealed       []byte
	ReplayUntil        *time.Time
	// NotifySealed is the reporter's sealed address for "there is a reply"; nil when none.
	NotifySealed []byte
}

// NewCaseRecord is everything written when a report is filed, all content already sealed.
type NewCaseRecord struct {
	Summary
	WrappedKey         []byte
	ReceiptLookup      []byte
	IdempotencyLookup  []byte
	RequestFingerprint []byte
	ReplaySealed       []byte
	ReplayUntil        time.Time
	ReportSealed       []byte
	IdentitySealed     []byte      // nil for anonymous reports
	SubjectIDs         []uuid.UUID // employees linked as subjects at once (direct signals)
	LinkedBy           string
	Grounds            []string // discrimination grounds, sorted, unique
	NotifySealed       []byte   // the reporter's sealed address for "there is a reply", or nil
}

// MessageRecord is a stored, sealed message.
type MessageRecord struct {
	ID            uuid.UUID
	CaseID        uuid.UUID
	Author        Author
	AuthorSubject string
	BodySealed    []byte
	SentAt        time.Time
}

// ListFilter selects cases for a list.
type ListFilter struct {
	Status    Status     // "" for all
	Channel   Channel    // "" for all
	AdviserID *uuid.UUID // only cases assigned to this adviser
	// UnitIDs with EscalatedOnly: the cases escalated to these units (a manager's list).
	UnitIDs       []uuid.UUID
	EscalatedOnly bool
	// InvestigatorSubject: only the cases whose fact-finding team this staff subject is on.
	InvestigatorSubject string
	// ExcludeConflictsOf leaves out the cases in which this staff subject is conflicted.
	ExcludeConflictsOf string
	// DueBy: only open cases with a deadline not yet met that falls due at or before this
	// moment (overdue ones included) — what "my deadlines" needs, found by the database.
	DueBy *time.Time
	Limit int
	// Cursor: cases received strictly before (ReceivedAt, ID) in newest-first order.
	AfterReceivedAt *time.Time
	AfterID         uuid.UUID
}

// Acknowledgement is the change AcknowledgeCase makes.
type Acknowledgement struct {
	CaseID        uuid.UUID
	Version       int64 // the version read; the update fails with ErrVersionConflict otherwise
	At            time.Time
	By            string
	FeedbackDueAt time.Time
	NewStatus     Status         // IN_SUPPORT from RECEIVED; otherwise the status stays
	Message       *MessageRecord // optional message to the reporter
}

// UnitOfWork runs fn as one transaction carried in the context: every repository call fn makes
// with the context it is given joins it, and audit.Log(ctx, ev) records an event in it, so that a
// change (or a read of content) and its audit event are committed together or not at all. It
// commits when fn returns nil and rolls back otherwise; inside a unit of work it joins that unit.
type UnitOfWork interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Repository stores cases: the composition of the capability repositories, each of which a
// part of the domain (and a test fake, internal/cases/casestest) can be written against alone.
// Reads of content and changes are made inside a unit of work (UnitOfWork) that records their
// audit event in the same transaction. CreateCase alone still takes its event: the first event
// of a case starts its audit chain, and on PostgreSQL is written in one statement with the case.
// Methods return (nil, nil) for "not found".
type Repository interface {
	UnitOfWork
	IntakeRepository
	SessionRepository
	SupportRepository
	WeighingRepository
	InvestigationRepository
	SanctionRepository
	EvidenceRepository
	ConversationRepository
	PrecedentDraftRepository
	OrganisationRepository
}

// IntakeRepository stores reports as filed, their content and the messages between reporter and staff.
type IntakeRepository interface {
	CreateCase(ctx context.Context, rec NewCaseRecord, ev audit.Event) error
	CaseByIdempotency(ctx context.Context, lookup []byte) (*CaseRecord, error)
	CaseByReceipt(ctx context.Context, lookup []byte) (*CaseRecord, error)
	CaseByID(ctx context.Context, id uuid.UUID) (*CaseRecord, error)
	CaseByReference(ctx context.Context, ref string) (*CaseRecord, error)
	ListCases(ctx context.Context, f ListFilter) ([]Summary, error)

	// ReadContent returns the sealed report and, if asked, the sealed identity (nil if none).
	ReadContent(ctx context.Context, caseID uuid.UUID, withIdentity bool) (report, identity []byte, err error)
	Acknowledge(ctx context.Context, a Acknowledgement) error
	AddMessage(ctx context.Context, m MessageRecord) error
	Messages(ctx context.Context, caseID uuid.UUID) ([]MessageRecord, error)

	// SetReporterNotify stores the reporter's sealed address (nil: removes it, and every "there
	// is a reply" not yet sent).
	SetReporterNotify(ctx context.Context, caseID uuid.UUID, sealed []byte) error
}

// SessionRepository stores the reporters' sessions.
type SessionRepository interface {
	// CreateSession stores a reporter session and clears the case's retry data (the reporter
	// evidently holds the receipt code).
	// Expired sessions of every case (before now) are deleted on the way.
	CreateSession(ctx context.Context, caseID uuid.UUID, tokenHash []byte, expires, now time.Time) error

	// SessionCase returns the case of a live session, or uuid.Nil.
	SessionCase(ctx context.Context, tokenHash []byte, now time.Time) (uuid.UUID, error)
	DeleteSession(ctx context.Context, tokenHash []byte) error
}

// SupportRepository stores the adviser's part: assignment, linked subjects, consents and the
// escalation to a manager.
type SupportRepository interface {
	// SetAdviser assigns the case to an adviser if it is still at version; by is who assigned
	// (the adviser is told unless they chose the case themselves).
	SetAdviser(ctx context.Context, caseID uuid.UUID, version int64, adviserID uuid.UUID, by string, at time.Time) error

	// LinkSubject links the employee with this number to the case (idempotent) and returns how
	// many subjects the case now has; ErrNoSuchEmployee when there is no such employee.
	LinkSubject(ctx context.Context, caseID uuid.UUID, employeeNumber, by string, at time.Time) (int, error)
	Consents(ctx context.Context, caseID uuid.UUID) ([]Consent, error)
	AddConsent(ctx context.Context, caseID uuid.UUID, c Consent) error

	// RevokeConsent fails with ErrConsentActedUpon when the consent was acted upon meanwhile.
	RevokeConsent(ctx context.Context, consentID uuid.UUID, at time.Time) error

	// Escalate moves the case to WEIGHING if still at e.Version and marks the consents acted upon
	// (ErrConsentActedUpon if one was revoked meanwhile).
	Escalate(ctx context.Context, e Escalation) error

	// EndSupport unassigns the adviser (if still at version) and ends their part.
	EndSupport(ctx context.Context, caseID uuid.UUID, version int64, adviserSubject string, at time.Time) error
}

// WeighingRepository stores the manager's weighing.
type WeighingRepository interface {
	SaveWeighing(ctx context.Context, w WeighingRecord) error
	Weighing(ctx context.Context, caseID uuid.UUID) (*WeighingRecord, error)
}

// InvestigationRepository stores the fact-finding: its team, allegations, interviews, the
// hearing, the findings, the assessment and suspensions.
type InvestigationRepository interface {
	// StartInvestigation stores the fact-finding and its team if the case is still at the version
	// read; ErrInvestigationExists when it was started already.
	StartInvestigation(ctx context.Context, ir InvestigationRecord) error

	// Investigation reads the fact-finding (nil if none) and records the read.
	Investigation(ctx context.Context, caseID uuid.UUID) (*InvestigationRecord, error)

	// HasInvestigation reports whether the fact-finding has started, reading none of it.
	HasInvestigation(ctx context.Context, caseID uuid.UUID) (bool, error)

	// InvestigatorOf reports whether staffSubject is on the case's fact-finding team.
	InvestigatorOf(ctx context.Context, caseID uuid.UUID, staffSubject string) (bool, error)
	AddAllegation(ctx context.Context, a AllegationRecord) error

	// Allegations lists the allegations (oldest first), whether a hearing was recorded, and
	// records the read.
	Allegations(ctx context.Context, caseID uuid.UUID) ([]AllegationRecord, bool, error)

	// Heard reports whether the case's hearing was recorded.
	Heard(ctx context.Context, caseID uuid.UUID) (bool, error)

	// RecordHearing stores the hearing; ErrHearingExists when recorded already.
	RecordHearing(ctx context.Context, h HearingRecord) error

	// SetFindings stores the findings and moves the case to ASSESSMENT if still at version.
	SetFindings(ctx context.Context, caseID uuid.UUID, version int64, findings []AllegationRecord, ruleSetVersion string, at time.Time) error
	AddInterview(ctx context.Context, ir InterviewRecord) error

	// Interviews lists the interviews, in the order held, and records the read.
	Interviews(ctx context.Context, caseID uuid.UUID) ([]InterviewRecord, error)

	// ApproveInterview sets the approval (once); ErrNoSuchInterview when not in the case.
	ApproveInterview(ctx context.Context, caseID, id uuid.UUID, at time.Time) error

	// SetSuspension imposes (with the sealed reason) or lifts the case's suspension;
	// ErrSuspensionState when imposing twice or lifting none.
	SetSuspension(ctx context.Context, caseID uuid.UUID, suspended bool, reasonSealed []byte, by string, at time.Time) error

	// RecordAssessment stores the sealed qualification once (ErrAssessmentExists otherwise) and,
	// when grounds is not nil, replaces the case's discrimination grounds with them.
	RecordAssessment(ctx context.Context, caseID uuid.UUID, sealed []byte, grounds []string, by string, at time.Time) error

	// Grounds returns the case's discrimination grounds, sorted.
	Grounds(ctx context.Context, caseID uuid.UUID) ([]string, error)

	// AssessmentSealed returns the sealed qualification, or nil.
	AssessmentSealed(ctx context.Context, caseID uuid.UUID) ([]byte, error)

	// Assessed reports whether the case's assessment was recorded.
	Assessed(ctx context.Context, caseID uuid.UUID) (bool, error)
}

// SanctionRepository stores the sanction decision and the closing of a case.
type SanctionRepository interface {
	// DecideSanction stores the decision and moves the case to SANCTION if still at version;
	// ErrSanctionExists when decided already.
	DecideSanction(ctx context.Context, d SanctionRecord) error

	// SanctionDecision returns the case's sanction decision, or nil.
	SanctionDecision(ctx context.Context, caseID uuid.UUID) (*SanctionRecord, error)

	// CloseCase closes the case with an outcome if still at c.Version and in one of c.From, sends
	// c.Feedback if any, and ends the advisers' parts.
	CloseCase(ctx context.Context, c Closing) error
}

// EvidenceRepository stores the evidence of a case.
type EvidenceRepository interface {
	AddEvidence(ctx context.Context, e EvidenceRecord) error

	// Evidence lists the case's evidence (only id when id is not uuid.Nil) and records the read.
	Evidence(ctx context.Context, caseID, id uuid.UUID) ([]EvidenceRecord, error)
}

// ConversationRepository stores the advisers' logged conversations and the oral reports.
type ConversationRepository interface {
	// AddConversation stores a logged conversation.
	AddConversation(ctx context.Context, c ConversationRecord) error

	// UpdateConversation replaces the sealed content of the conversation adviserSubject logged
	// on the case and sets its updated_at; ErrNoSuchConversation when there is none,
	// ErrNotesDestroyed or ErrPartEnded when it can no longer be corrected.
	UpdateConversation(ctx context.Context, caseID, id uuid.UUID, adviserSubject string, sealed []byte, at time.Time) (*ConversationRecord, error)

	// Conversations lists the conversations adviserSubject logged on the case, by the time they
	// took place, and records the read.
	Conversations(ctx context.Context, caseID uuid.UUID, adviserSubject string) ([]ConversationRecord, error)

	// LatestOralReportVersion returns the newest version of the case's oral report, or nil.
	LatestOralReportVersion(ctx context.Context, caseID uuid.UUID) (*OralReportVersionRecord, error)

	// AddOralReportVersion stores a new version; ErrVersionConflict when its number is taken
	// (someone else added that version meanwhile).
	AddOralReportVersion(ctx context.Context, v OralReportVersionRecord) error

	// OralReportVersions lists every version of the case's oral report, oldest first, and
	// records the read.
	OralReportVersions(ctx context.Context, caseID uuid.UUID) ([]OralReportVersionRecord, error)

	// ApproveOralReportVersion sets the approval of the version if it is the latest and returns
	// it; a version approved before is returned unchanged. ErrNoOralReport when the case has none,
	// ErrVersionConflict when the version is not the latest.
	ApproveOralReportVersion(ctx context.Context, caseID uuid.UUID, version int, at time.Time) (*OralReportVersionRecord, error)
}

// PrecedentDraftRepository stores the anonymised drafts of precedents and publishes them.
type PrecedentDraftRepository interface {
	// CreatePrecedentDraft stores a new draft; ErrDraftExists when the case has one.
	CreatePrecedentDraft(ctx context.Context, d PrecedentDraftRecord) error

	// PrecedentDraft returns a draft; ErrNoDraft when there is none.
	PrecedentDraft(ctx context.Context, id uuid.UUID) (*PrecedentDraftRecord, error)
	SubmittedPrecedentDrafts(ctx context.Context) ([]PrecedentDraftRecord, error)

	// UpdatePrecedentDraft replaces the sealed content and status if still at version.
	UpdatePrecedentDraft(ctx context.Context, id uuid.UUID, version int64, sealed []byte, status string, at time.Time) error

	// PublishPrecedentDraft stores the precedent and deletes the draft if still at version.
	PublishPrecedentDraft(ctx context.Context, id uuid.UUID, version int64, p precedents.Prepared) (uuid.UUID, error)
}

// OrganisationRepository looks up advisers, units and the people a case names in the
// organisation data (and so who is conflicted).
type OrganisationRepository interface {
	// AdviserByID and AdviserBySubject return (nil, nil) when there is none.
	AdviserByID(ctx context.Context, id uuid.UUID) (*AdviserRef, error)
	AdviserBySubject(ctx context.Context, staffSubject string) (*AdviserRef, error)
	UnitByCode(ctx context.Context, code string) (*UnitRef, error)
	UnitByID(ctx context.Context, id uuid.UUID) (*UnitRef, error)

	// UnitsManagedBy returns the units whose manager signs in as staffSubject.
	UnitsManagedBy(ctx context.Context, staffSubject string) ([]uuid.UUID, error)

	// ConflictedSubjects returns the staff subjects who may never see the case: the linked
	// subjects' own sign-ins and those of the managers above them.
	ConflictedSubjects(ctx context.Context, caseID uuid.UUID) ([]string, error)

	// SubjectConflicts returns the employee with this number and the staff subjects a link to
	// them would conflict (their own sign-in and their managers'); ErrNoSuchEmployee if none.
	SubjectConflicts(ctx context.Context, employeeNumber string) (uuid.UUID, []string, error)

	// PeopleOf returns the people the case names in the organisation data: its subjects, the
	// managers of its unit and of the subjects' units, its investigators and adviser.
	PeopleOf(ctx context.Context, caseID uuid.UUID) (CasePeople, error)

	// SmallUnits returns the names of the units with fewer than n employees.
	SmallUnits(ctx context.Context, n int) ([]string, error)
}
