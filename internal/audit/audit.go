// Package audit defines the audit trail's events: who read or changed which case, when, and
// which fields — never content. Events are built by the domain and written by the store in the
// same transaction as the change (or the read) they record; a change without its event is not
// possible through the store's API.
package audit

import (
	"time"

	"github.com/google/uuid"
)

// ActorKind says what kind of actor acted.
type ActorKind string

// The actor kinds.
const (
	ActorStaff    ActorKind = "STAFF"
	ActorReporter ActorKind = "REPORTER"
	ActorSystem   ActorKind = "SYSTEM"
)

// Actor is who acted. Reporters have no id: the trail must not identify them.
type Actor struct {
	Kind ActorKind
	ID   string // staff subject; empty for reporters
}

// Staff returns the actor for a staff member.
func Staff(subject string) Actor { return Actor{Kind: ActorStaff, ID: subject} }

// Reporter is the actor for a reporter.
var Reporter = Actor{Kind: ActorReporter}

// Actions recorded in the trail.
const (
	ActionFileReport         = "case.file"
	ActionReplayFiling       = "case.file.replay"
	ActionOpenSession        = "reporter.session.open"
	ActionCloseSession       = "reporter.session.close"
	ActionReporterView       = "reporter.case.read"
	ActionReporterMessage    = "reporter.message.send"
	ActionReporterRead       = "reporter.messages.read"
	ActionReadCase           = "case.read"
	ActionAcknowledge        = "case.acknowledge"
	ActionReadMessages       = "case.messages.read"
	ActionSendMessage        = "case.message.send"
	ActionAssignAdviser      = "case.adviser.assign"
	ActionChooseAdviser      = "reporter.adviser.choose"
	ActionLinkSubject        = "case.subject.link"
	ActionGiveConsent        = "reporter.consent.give"
	ActionRevokeConsent      = "reporter.consent.revoke"
	ActionRecordConsent      = "case.consent.record"
	ActionEscalate           = "case.escalate"
	ActionWeigh              = "case.weigh"
	ActionClose              = "case.close"
	ActionEndSupport         = "case.support.end"
	ActionPublishRuleSet     = "ruleset.publish"
	ActionStartInvestigation = "case.investigation.start"
	ActionReadInvestigation  = "case.investigation.read"
	ActionAddAllegation      = "case.allegation.add"
	ActionReadAllegations    = "case.allegations.read"
	ActionRecordHearing      = "case.hearing.record"
	ActionSetFindings        = "case.findings.set"
	ActionDecideSanction     = "case.sanction.decide"
	ActionRecordAssessment   = "case.assessment.record"
	ActionRecordInterview    = "case.interview.record"
	ActionReadInterviews     = "case.interviews.read"
	ActionApproveInterview   = "case.interview.approve"
	ActionImposeSuspension   = "case.suspension.impose"
	ActionLiftSuspension     = "case.suspension.lift"
	ActionUploadEvidence     = "case.evidence.upload"
	ActionListEvidence       = "case.evidence.list"
	ActionDownloadEvidence   = "case.evidence.download"
	ActionRecordSignal       = "case.signal.record"
	ActionReadOralReport     = "case.oral_report.read"
	ActionDestroyNotes       = "retention.notes.destroy"
	ActionDestroyCase        = "retention.case.destroy"
	// Conversations and oral reports (issue 3 item 4).
	ActionLogConversation        = "case.conversation.log"
	ActionReadConversations      = "case.conversations.read"
	ActionRecordOralReport       = "case.oral_report.record"
	ActionReporterReadOralReport = "reporter.oral_report.read"
	ActionCorrectOralReport      = "reporter.oral_report.correct"
	ActionApproveOralReport      = "reporter.oral_report.approve"
	ActionUpdateConversation     = "case.conversation.update"
	// The reporter's address for "there is a reply": the event names the field, never the value.
	ActionSetNotifyAddress    = "reporter.notify_address.set"
	ActionRemoveNotifyAddress = "reporter.notify_address.remove"
	// The auditor's own reads of the trail.
	ActionReadTrail   = "audit.trail.read"
	ActionVerifyTrail = "audit.trail.verify"
	// The administrator's changes to staff accounts (no case).
	ActionBlockAccount   = "account.block"
	ActionUnblockAccount = "account.unblock"
)

// Event is one entry of the trail.
type Event struct {
	At        time.Time
	Actor     Actor
	Action    string
	CaseID    *uuid.UUID
	Fields    []string
	RequestID string
}

// New builds an event. Reporter events are timed to the hour only and carry no request id (which
// log lines elsewhere could time), so the trail cannot be lined up against network or badge logs
// to find an anonymous reporter.
func New(at time.Time, actor Actor, action string, caseID uuid.UUID, requestID string, fields ...string) Event {
	if actor.Kind == ActorReporter {
		at = at.Truncate(time.Hour)
		requestID = ""
	}
	id := caseID
	return Event{At: at.UTC(), Actor: actor, Action: action, CaseID: &id, Fields: fields, RequestID: requestID}
}

// AccountBlocked is the event of an administrator (by) blocking or unblocking a staff account. It
// belongs to no case and names the field changed ("account"), never whose account it was: the
// trail records who acted, and the account's own record says who blocked it.
func AccountBlocked(at time.Time, by string, blocked bool, requestID string) Event {
	action := ActionUnblockAccount
	if blocked {
		action = ActionBlockAccount
	}
	return Event{At: at.UTC(), Actor: Staff(by), Action: action, Fields: []string{"account"}, RequestID: requestID}
}
