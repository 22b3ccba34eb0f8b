package transport

import (
	"context"
	"strings"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/reqctx"
)

// Refused attempts to open a case are recorded here, at the edge, for every RPC and so for the
// REST gateway and the staff pages (which call the same services in-process): the one place
// every call's outcome passes. Two kinds of refusal reach it as an audit.Refusal:
//
//   - by role, from the authorization table (authorize), for a call that names a case in its
//     request's case_reference;
//   - by need to know, from the domain (internal/cases): not a case the caller handles, a
//     conflict of interest, or no case with that reference — all answered the same 404.
//
// The event is written in its own transaction (the refused call has none) before the answer is
// sent; the answer is the one the caller would have had without the record. When the event
// cannot be written, the failure is logged without content (method, request id, the error with
// case references and the like blanked) and the caller still gets the same 404 or 403: a 500
// there would tell "exists" from "does not".

// refusalWriteTimeout bounds the write of a refusal's event; a caller that hangs up does not
// cancel it.
const refusalWriteTimeout = 5 * time.Second

// RefusalRecorder writes a refusal's event (implemented by (*store.Store).RecordRefusal): ref
// names the case when ev has none.
type RefusalRecorder func(ctx context.Context, ref string, ev audit.Event) (bool, error)

// withCaseReference fills in the case a call refused by role was about, from its request.
func withCaseReference(err error, req any) {
	r, ok := audit.AsRefusal(err)
	if !ok || r.Ref != "" || r.CaseID != nil {
		return
	}
	m, ok := req.(proto.Message)
	if !ok {
		return
	}
	msg := m.ProtoReflect()
	f := msg.Descriptor().Fields().ByName("case_reference")
	if f == nil || f.Kind() != protoreflect.StringKind || f.IsList() {
		return
	}
	r.Ref = strings.ToUpper(strings.TrimSpace(msg.Get(f).String()))
}

// recordRefusal records err when it is a refusal of a case, by a staff member.
func (e *edge) recordRefusal(ctx context.Context, method string, err error) {
	r, ok := audit.AsRefusal(err)
	if !ok || e.refusals == nil || (r.CaseID == nil && r.Ref == "") {
		return
	}
	if r.Subject == "" {
		if st := staffFrom(ctx); st != nil {
			r.Subject = st.Subject
		}
	}
	if r.Subject == "" {
		return
	}
	via := "api"
	if fromPages(ctx) {
		via = "pages"
	}
	ev := audit.RefusedEvent(time.Now(), r, strings.TrimPrefix(method, "/meldpunt.v1."), via, reqctx.RequestID(ctx))
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refusalWriteTimeout)
	defer cancel()
	if _, werr := e.refusals(wctx, r.Ref, ev); werr != nil {
		e.log.ErrorContext(ctx, "refused access not recorded in the audit trail",
			"method", method, "request_id", reqctx.RequestID(ctx), "actor", r.Subject, "error", redact(werr.Error()))
	}
}
