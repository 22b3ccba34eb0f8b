package transport

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/cases"
)

// Enum values in the protos are the domain's names with a type prefix (CATEGORY_DISCRIMINATION
// is "DISCRIMINATION"), so the mapping is by name and needs no table to keep in step.

func enumToDomain(name, prefix string) string { return strings.TrimPrefix(name, prefix) }

func categoryToDomain(c pb.Category) cases.Category {
	if c == pb.Category_CATEGORY_UNSPECIFIED {
		return ""
	}
	return cases.Category(enumToDomain(c.String(), "CATEGORY_"))
}

func categoryToProto(c cases.Category) pb.Category {
	return pb.Category(pb.Category_value["CATEGORY_"+string(c)])
}

func groundsToDomain(gs []pb.DiscriminationGround) []string {
	var out []string
	for _, g := range gs {
		if g != pb.DiscriminationGround_DISCRIMINATION_GROUND_UNSPECIFIED {
			out = append(out, enumToDomain(g.String(), "DISCRIMINATION_GROUND_"))
		}
	}
	return out
}

func groundsToProto(gs []string) []pb.DiscriminationGround {
	var out []pb.DiscriminationGround
	for _, g := range gs {
		out = append(out, pb.DiscriminationGround(pb.DiscriminationGround_value["DISCRIMINATION_GROUND_"+g]))
	}
	return out
}

func anonymityToDomain(a pb.Anonymity) cases.Anonymity {
	if a == pb.Anonymity_ANONYMITY_UNSPECIFIED {
		return ""
	}
	return cases.Anonymity(enumToDomain(a.String(), "ANONYMITY_"))
}

func anonymityToProto(a cases.Anonymity) pb.Anonymity {
	return pb.Anonymity(pb.Anonymity_value["ANONYMITY_"+string(a)])
}

func statusToDomain(s pb.CaseStatus) cases.Status {
	if s == pb.CaseStatus_CASE_STATUS_UNSPECIFIED {
		return ""
	}
	return cases.Status(enumToDomain(s.String(), "CASE_STATUS_"))
}

// actionsToProto names the case actions in the API (TestEveryActionIsInTheAPI keeps both complete).
func actionsToProto(as []cases.Action) []pb.CaseAction {
	out := make([]pb.CaseAction, 0, len(as))
	for _, a := range as {
		out = append(out, actionToProto(a))
	}
	return out
}

func actionToProto(a cases.Action) pb.CaseAction {
	return pb.CaseAction(pb.CaseAction_value["CASE_ACTION_"+string(a)])
}

func statusToProto(s cases.Status) pb.CaseStatus {
	return pb.CaseStatus(pb.CaseStatus_value["CASE_STATUS_"+string(s)])
}

func channelToProto(c cases.Channel) pb.Channel {
	return pb.Channel(pb.Channel_value["CHANNEL_"+string(c)])
}

func ts(t *time.Time) *timestamppb.Timestamp {
	if t == nil {
		return nil
	}
	return timestamppb.New(*t)
}

func deadlinesToProto(ds []cases.Deadline) []*pb.Deadline {
	out := make([]*pb.Deadline, len(ds))
	for i, d := range ds {
		out[i] = &pb.Deadline{Kind: d.Kind, DueAt: ts(d.DueAt), MetAt: ts(d.MetAt), Overdue: d.Overdue, Description: d.Description}
	}
	return out
}

func summaryToProto(s cases.Summary, p cases.Policy, now time.Time) *pb.CaseSummary {
	return &pb.CaseSummary{
		CaseReference:  s.Reference,
		Status:         statusToProto(s.Status),
		Category:       categoryToProto(s.Category),
		Anonymity:      anonymityToProto(s.Anonymity),
		Channel:        channelToProto(s.Channel),
		ReceivedAt:     timestamppb.New(s.ReceivedAt),
		AcknowledgedAt: ts(s.AcknowledgedAt),
		Deadlines:      deadlinesToProto(p.Deadlines(s, now)),
		AdviserId:      uuidString(s.AdviserID),
		AdviserName:    s.AdviserName,
		Version:        s.Version,
		Outcome:        s.Outcome,
	}
}

func uuidString(id *uuid.UUID) string {
	if id == nil {
		return ""
	}
	return id.String()
}

// parseUUID parses an optional id field ("" is none); protovalidate has checked the form.
func parseUUID(field, s string) (*uuid.UUID, error) {
	if s == "" {
		return nil, nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		return nil, apperr.Invalid(field, "is not an id")
	}
	return &id, nil
}

func messagesToProto(ms []cases.Message) []*pb.Message {
	out := make([]*pb.Message, len(ms))
	for i, m := range ms {
		out[i] = messageToProto(m)
	}
	return out
}

func messageToProto(m cases.Message) *pb.Message {
	a := pb.MessageAuthor_MESSAGE_AUTHOR_STAFF
	if m.Author == cases.AuthorReporter {
		a = pb.MessageAuthor_MESSAGE_AUTHOR_REPORTER
	}
	return &pb.Message{Id: m.ID.String(), Author: a, Body: m.Body, SentAt: timestamppb.New(m.SentAt)}
}

func purposeToDomain(p pb.ConsentPurpose) cases.Purpose {
	if p == pb.ConsentPurpose_CONSENT_PURPOSE_UNSPECIFIED {
		return ""
	}
	return cases.Purpose(enumToDomain(p.String(), "CONSENT_PURPOSE_"))
}

func consentsToProto(cs []cases.Consent) []*pb.Consent {
	out := make([]*pb.Consent, len(cs))
	for i, c := range cs {
		out[i] = &pb.Consent{
			Purpose:         pb.ConsentPurpose(pb.ConsentPurpose_value["CONSENT_PURPOSE_"+string(c.Purpose)]),
			GivenAt:         timestamppb.New(c.GivenAt),
			RevokedAt:       ts(c.RevokedAt),
			ActedUponAt:     ts(c.ActedUponAt),
			GivenByReporter: c.RecordedBy == "",
		}
	}
	return out
}

func weighingToProto(w *cases.Weighing) *pb.WeighingDecision {
	if w == nil {
		return nil
	}
	return &pb.WeighingDecision{
		Outcome:   pb.WeighingOutcome(pb.WeighingOutcome_value["WEIGHING_OUTCOME_"+string(w.Outcome)]),
		Rationale: w.Rationale,
		Checklist: &pb.WeighingChecklist{
			ConcreteFacts: w.Checklist.ConcreteFacts,
			Norm:          w.Checklist.Norm,
			Severity:      pb.Severity(pb.Severity_value["SEVERITY_"+w.Checklist.Severity]),
			Repetition:    w.Checklist.Repetition,
		},
		DecidedBy: w.DecidedBy,
		DecidedAt: timestamppb.New(w.DecidedAt),
	}
}
