package transport

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// TestARefusalThatCannotBeRecordedIsAnsweredAsBefore: when the trail cannot take the refusal
// (the database refuses the write), the caller still gets the same 404 - not a 500 that would
// tell an existing case from none - and the log says so without the case reference.
func TestARefusalThatCannotBeRecordedIsAnsweredAsBefore(t *testing.T) {
	var buf bytes.Buffer
	var recorded []audit.Event
	e := &edge{log: slog.New(slog.NewTextHandler(&buf, nil)), refusals: func(_ context.Context, _ string, ev audit.Event) (bool, error) {
		recorded = append(recorded, ev)
		return false, errors.New("insert into audit_events failed for MP-7K3QX9AB")
	}}
	id := uuid.New()
	answer := apperr.NotFound("no case %s that you handle", "MP-7K3QX9AB")
	err := &audit.Refusal{Err: answer, Subject: "mgr-x", CaseID: &id, Ref: "MP-7K3QX9AB", Reason: audit.RefusedConflict}
	got := status.Convert(e.finish(context.Background(), nil, caseSvc+"GetCase", time.Now(), err))
	want := status.Convert(e.finish(context.Background(), nil, caseSvc+"GetCase", time.Now(), answer))
	if got.Code() != codes.NotFound || got.Message() != want.Message() {
		t.Errorf("answered %s %q, want %s %q", got.Code(), got.Message(), want.Code(), want.Message())
	}
	if len(recorded) != 1 || recorded[0].Action != audit.ActionRefused || recorded[0].Actor.ID != "mgr-x" ||
		strings.Join(recorded[0].Fields, ",") != "refused=CaseService/GetCase,reason=conflict_of_interest,via=api" {
		t.Errorf("recorded %+v", recorded)
	}
	logs := buf.String()
	if !strings.Contains(logs, "refused access not recorded") || strings.Contains(logs, "MP-7K3QX9AB") {
		t.Errorf("log: %s", logs)
	}
}

// TestARefusalByRoleNamesTheCaseOfTheRequest: the table's refusal learns the case from the
// request's case_reference; a call that names no case is not a refusal of a case.
func TestARefusalByRoleNamesTheCaseOfTheRequest(t *testing.T) {
	r := &audit.Refusal{Err: apperr.Forbidden("your role does not allow this"), Subject: "hanna", Reason: audit.RefusedRole}
	withCaseReference(r, &pb.ListCaseMessagesRequest{CaseReference: " mp-7k3qx9ab "})
	if r.Ref != "MP-7K3QX9AB" {
		t.Errorf("ref %q", r.Ref)
	}
	r = &audit.Refusal{Err: apperr.Forbidden("your role does not allow this"), Subject: "hanna", Reason: audit.RefusedRole}
	withCaseReference(r, &pb.ListCasesRequest{})
	var recorded int
	e := &edge{log: discardLogger(), refusals: func(context.Context, string, audit.Event) (bool, error) { recorded++; return true, nil }}
	e.recordRefusal(context.Background(), caseSvc+"ListCases", r)
	if recorded != 0 {
		t.Errorf("a refusal without a case was recorded")
	}
}
