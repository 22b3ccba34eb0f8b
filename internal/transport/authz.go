package transport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	reflectionv1alphapb "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/cases"
)

// access says how a method is authenticated.
type access int

const (
	// accessPublic needs no credentials (filing a report, logging in with a receipt code).
	accessPublic access = iota + 1
	// accessReporter needs a reporter session token.
	accessReporter
	// accessStaff needs a staff JWT with one of the rule's roles.
	accessStaff
)

// rule is one row of the authorization table.
type rule struct {
	access access
	roles  []auth.Role // for accessStaff: any of these
	// reporterFacing marks calls made by reporters, whose logs must not time or trace them.
	reporterFacing bool
	// actions are the case actions the call takes (acts), whose rows of the domain's capability
	// table give roles.
	actions []cases.Action
}

const (
	reporterSvc = "/meldpunt.v1.ReporterService/"
	caseSvc     = "/meldpunt.v1.CaseService/"
)

// authzTable lists every RPC the server offers and who may call it. An RPC missing from the
// table is refused: authorization fails closed. TestEveryRPCIsInTheTable keeps it complete.
// Each service's rows live next to its handlers (xxxRules); this joins them.
var authzTable = joinRules(coreRules, adviserRules, ruleSetRules, precedentRules, reportRules, auditRules, adminRules, notifyRules)

func joinRules(tables ...map[string]rule) map[string]rule {
	out := map[string]rule{}
	for _, t := range tables {
		for k, v := range t {
			if _, dup := out[k]; dup {
				panic("authz: two rows for " + k)
			}
			out[k] = v
		}
	}
	return out
}

// acts is the rule of a call that takes one of the case actions: staff with a role that the
// domain's capability table (cases.Capabilities) gives the action. The table decides the rest —
// the relation to the case, its state and the action's conditions — in the domain.
func acts(actions ...cases.Action) rule {
	var roles []auth.Role
	for _, r := range cases.RolesFor(actions...) {
		roles = append(roles, auth.Role(r))
	}
	return rule{access: accessStaff, roles: roles, actions: actions}
}

// coreRules: reporters, case handling, health and reflection.
var coreRules = map[string]rule{
	pb.ReporterService_FileReport_FullMethodName:       {access: accessPublic, reporterFacing: true},
	pb.ReporterService_OpenSession_FullMethodName:      {access: accessPublic, reporterFacing: true},
	pb.ReporterService_ListCategories_FullMethodName:   {access: accessPublic, reporterFacing: true},
	pb.ReporterService_CloseSession_FullMethodName:     {access: accessReporter, reporterFacing: true},
	pb.ReporterService_GetMyCase_FullMethodName:        {access: accessReporter, reporterFacing: true},
	pb.ReporterService_ListMyMessages_FullMethodName:   {access: accessReporter, reporterFacing: true},
	pb.ReporterService_SendMyMessage_FullMethodName:    {access: accessReporter, reporterFacing: true},
	pb.ReporterService_ChooseAdviser_FullMethodName:    {access: accessReporter, reporterFacing: true},
	pb.ReporterService_UploadMyEvidence_FullMethodName: {access: accessReporter, reporterFacing: true},
	pb.ReporterService_GiveConsent_FullMethodName:      {access: accessReporter, reporterFacing: true},
	pb.ReporterService_RevokeConsent_FullMethodName:    {access: accessReporter, reporterFacing: true},
	// The reporter's address for "there is a reply".
	pb.ReporterService_SetMyNotificationEmail_FullMethodName: {access: accessReporter, reporterFacing: true},

	// Matching entries ("not alone"): the reporter's own, through their session. No staff role
	// has any call that reads or probes them.
	// Someone not ready to report searches and deposits without a session, and gets a code of
	// their own for the entry.
	pb.ReporterService_SearchEscrowPeople_FullMethodName:         {access: accessPublic, reporterFacing: true},
	pb.ReporterService_DepositEscrowWithoutReport_FullMethodName: {access: accessPublic, reporterFacing: true},
	pb.ReporterService_DepositEscrow_FullMethodName:              {access: accessReporter, reporterFacing: true},
	pb.ReporterService_ListMyEscrow_FullMethodName:               {access: accessReporter, reporterFacing: true},
	pb.ReporterService_WithdrawEscrow_FullMethodName:             {access: accessReporter, reporterFacing: true},
	pb.ReporterService_AnswerEscrowMatch_FullMethodName:          {access: accessReporter, reporterFacing: true},

	// The record of an oral report, reviewed, corrected and approved by the reporter.
	pb.ReporterService_GetOralReport_FullMethodName:     {access: accessReporter, reporterFacing: true},
	pb.ReporterService_CorrectOralReport_FullMethodName: {access: accessReporter, reporterFacing: true},
	pb.ReporterService_ApproveOralReport_FullMethodName: {access: accessReporter, reporterFacing: true},

	pb.CaseService_ListCases_FullMethodName:            {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser, auth.RoleManager, auth.RoleIntegrityTeam}},
	pb.CaseService_GetCase_FullMethodName:              {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser, auth.RoleManager, auth.RoleIntegrityTeam}},
	pb.CaseService_AcknowledgeCase_FullMethodName:      acts(cases.ActionAcknowledge),
	pb.CaseService_ListCaseMessages_FullMethodName:     {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser}},
	pb.CaseService_SendCaseMessage_FullMethodName:      acts(cases.ActionSendMessage),
	pb.CaseService_AssignAdviser_FullMethodName:        acts(cases.ActionAssignAdviser),
	pb.CaseService_LinkSubject_FullMethodName:          acts(cases.ActionLinkSubject),
	pb.CaseService_RecordConsent_FullMethodName:        acts(cases.ActionRecordConsent),
	pb.CaseService_Escalate_FullMethodName:             acts(cases.ActionEscalate, cases.ActionReroute),
	pb.CaseService_Weigh_FullMethodName:                acts(cases.ActionWeigh),
	pb.CaseService_GetCaseOralReport_FullMethodName:    {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser, auth.RoleManager, auth.RoleIntegrityTeam}},
	pb.CaseService_EndSupport_FullMethodName:           acts(cases.ActionEndSupport),
	pb.CaseService_StartInvestigation_FullMethodName:   acts(cases.ActionStartInvestigation),
	pb.CaseService_GetInvestigation_FullMethodName:     {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	pb.CaseService_AddAllegation_FullMethodName:        acts(cases.ActionAddAllegation),
	pb.CaseService_ListAllegations_FullMethodName:      {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	pb.CaseService_RecordHearing_FullMethodName:        acts(cases.ActionRecordHearing),
	pb.CaseService_SetFindings_FullMethodName:          acts(cases.ActionSetFindings),
	pb.CaseService_EvaluateSanction_FullMethodName:     acts(cases.ActionEvaluateSanction),
	pb.CaseService_DecideSanction_FullMethodName:       acts(cases.ActionDecideSanction),
	pb.CaseService_CloseAfterAssessment_FullMethodName: acts(cases.ActionCloseAfterAssessment),
	pb.CaseService_RecordInterview_FullMethodName:      acts(cases.ActionRecordInterview),
	pb.CaseService_ListInterviews_FullMethodName:       {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	pb.CaseService_ApproveInterview_FullMethodName:     acts(cases.ActionApproveInterview),
	pb.CaseService_SetSuspension_FullMethodName:        acts(cases.ActionSetSuspension),
	pb.CaseService_UploadEvidence_FullMethodName:       acts(cases.ActionUploadEvidence),
	pb.CaseService_ListEvidence_FullMethodName:         {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	pb.CaseService_DownloadEvidence_FullMethodName:     {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	pb.CaseService_RecordAssessment_FullMethodName:     acts(cases.ActionRecordAssessment),
	pb.CaseService_RecordSignal_FullMethodName:         {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleHR}},
	pb.CaseService_CloseCase_FullMethodName:            acts(cases.ActionCloseCase),
	pb.CaseService_MyDeadlines_FullMethodName:          {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser, auth.RoleManager, auth.RoleIntegrityTeam}},

	// Conversation notes stay with the adviser; an oral report is recorded by whoever handles the case.
	pb.CaseService_LogConversation_FullMethodName:    acts(cases.ActionLogConversation),
	pb.CaseService_UpdateConversation_FullMethodName: acts(cases.ActionLogConversation),
	pb.CaseService_ListConversations_FullMethodName:  {access: accessStaff, roles: []auth.Role{auth.RoleAdviser}},
	// A consented match ("not alone") is the case's adviser's to see, like the conversations.
	pb.CaseService_GetCaseMatch_FullMethodName: {access: accessStaff, roles: []auth.Role{auth.RoleAdviser}},
	// A matching entry made for the reporter by the case's adviser, with their consent.
	pb.CaseService_DepositEscrowForReporter_FullMethodName: {access: accessStaff, roles: []auth.Role{auth.RoleAdviser}},
	pb.CaseService_RecordOralReport_FullMethodName:         acts(cases.ActionRecordOralReport),

	healthpb.Health_Check_FullMethodName:                                     {access: accessPublic},
	healthpb.Health_Watch_FullMethodName:                                     {access: accessPublic},
	healthpb.Health_List_FullMethodName:                                      {access: accessPublic},
	reflectionpb.ServerReflection_ServerReflectionInfo_FullMethodName:        {access: accessPublic},
	reflectionv1alphapb.ServerReflection_ServerReflectionInfo_FullMethodName: {access: accessPublic},
}

type principalKey int

const (
	staffKey principalKey = iota
	reporterKey
)

func staffFrom(ctx context.Context) *auth.Staff {
	s, _ := ctx.Value(staffKey).(*auth.Staff)
	return s
}

func reporterFrom(ctx context.Context) *cases.ReporterSession {
	r, _ := ctx.Value(reporterKey).(*cases.ReporterSession)
	return r
}

// staffActor turns the authenticated staff member into the domain's actor.
func staffActor(ctx context.Context) cases.StaffActor {
	s := staffFrom(ctx)
	if s == nil {
		return cases.StaffActor{}
	}
	return cases.StaffActor{
		Subject: s.Subject,
		Intake:  s.Has(auth.RoleIntake),
		Adviser: s.Has(auth.RoleAdviser),
		Manager: s.Has(auth.RoleManager),
		HR:      s.Has(auth.RoleHR),

		IntegrityTeam: s.Has(auth.RoleIntegrityTeam),
	}
}

// bearer returns the bearer token of the call, or "".
func bearer(ctx context.Context) string {
	md, _ := metadata.FromIncomingContext(ctx)
	return bearerOf(md.Get("authorization"))
}

// bearerOf returns the token of the first bearer value among Authorization header values: the
// one authentication uses (and the metrics' route groups, so that both agree on who called).
func bearerOf(values []string) string {
	for _, v := range values {
		if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
			return strings.TrimSpace(v[7:])
		}
	}
	return ""
}

// pagesHeader marks the staff pages' calls. Only the pages set it, over the in-process
// connection; the gateway forwards no header but Authorization, and over the network it counts
// for nothing.
const pagesHeader = "x-meldpunt-pages"

// fromPages reports a call made by the staff pages.
func fromPages(ctx context.Context) bool {
	p, ok := peer.FromContext(ctx)
	if !ok || p.Addr == nil || p.Addr.Network() != inprocNetwork {
		return false
	}
	md, _ := metadata.FromIncomingContext(ctx)
	v := md.Get(pagesHeader)
	return len(v) == 1 && v[0] == "1"
}

// authenticator resolves credentials per the table.
type authenticator struct {
	staff auth.Verifier
	// pages verifies the staff pages' own tokens (auth.PagesIssuer). They count only on calls the
	// pages make: over the in-process connection and marked with pagesHeader, which the REST
	// gateway never passes on; every other call is checked against staff alone.
	pages    auth.Verifier
	reporter interface {
		AuthenticateReporter(ctx context.Context, token string) (*cases.ReporterSession, error)
	}
	// blocked, when set, refuses staff the administrator blocked, whatever their token.
	blocked *blockList
}

// blockList answers whether a staff account is blocked, remembering each answer for a few
// seconds so that a call costs no extra query; a block takes effect on API tokens within that
// time (the pages' sessions end at once).
type blockList struct {
	lookup func(ctx context.Context, subject string) (bool, error)
	ttl    time.Duration
	mu     sync.Mutex
	seen   map[string]blockEntry
}

type blockEntry struct {
	blocked bool
	at      time.Time
}

func newBlockList(lookup func(ctx context.Context, subject string) (bool, error)) *blockList {
	if lookup == nil {
		return nil
	}
	return &blockList{lookup: lookup, ttl: 3 * time.Second, seen: map[string]blockEntry{}}
}

func (b *blockList) isBlocked(ctx context.Context, subject string) (bool, error) {
	if b == nil {
		return false, nil
	}
	now := time.Now()
	b.mu.Lock()
	e, ok := b.seen[subject]
	b.mu.Unlock()
	if ok && now.Sub(e.at) < b.ttl {
		return e.blocked, nil
	}
	blocked, err := b.lookup(ctx, subject)
	if err != nil {
		return false, err
	}
	b.mu.Lock()
	if len(b.seen) > 10000 {
		clear(b.seen)
	}
	b.seen[subject] = blockEntry{blocked, now}
	b.mu.Unlock()
	return blocked, nil
}

// authorize returns ctx carrying the principal, or an error. Unknown methods are refused.
func (a *authenticator) authorize(ctx context.Context, method string) (context.Context, rule, error) {
	r, ok := authzTable[method]
	if !ok {
		return ctx, r, apperr.Forbidden("method not allowed")
	}
	switch r.access {
	case accessPublic:
		return ctx, r, nil
	case accessReporter:
		tok := bearer(ctx)
		if tok == "" {
			return ctx, r, apperr.Unauthenticated("log in with your receipt code first")
		}
		rs, err := a.reporter.AuthenticateReporter(ctx, tok)
		if err != nil {
			return ctx, r, err
		}
		return context.WithValue(ctx, reporterKey, rs), r, nil
	case accessStaff:
		tok := bearer(ctx)
		if tok == "" || strings.HasPrefix(tok, cases.SessionTokenPrefix) {
			return ctx, r, apperr.Unauthenticated("a staff bearer token is required")
		}
		verifier := a.staff
		if fromPages(ctx) {
			verifier = a.pages
		}
		if verifier == nil {
			return ctx, r, apperr.Unauthenticated("staff sign-in is not configured on this server")
		}
		st, err := verifier.Verify(ctx, tok)
		if errors.Is(err, auth.ErrProviderUnavailable) {
			return ctx, r, fmt.Errorf("%w (%v)", apperr.Unavailable("the identity provider cannot be reached to check the staff token; try again shortly"), err)
		}
		if err != nil {
			return ctx, r, fmt.Errorf("%w (%v)", apperr.Unauthenticated("the staff token is not valid; sign in again"), err)
		}
		if blocked, err := a.blocked.isBlocked(ctx, st.Subject); err != nil {
			return ctx, r, err
		} else if blocked {
			return ctx, r, apperr.Unauthenticated("this staff account is blocked; ask the administrator")
		}
		for _, role := range r.roles {
			if st.Has(role) {
				return context.WithValue(ctx, staffKey, st), r, nil
			}
		}
		// A refusal, recorded in the trail of the case the call names (refusals.go).
		return ctx, r, &audit.Refusal{Err: apperr.Forbidden("your role does not allow this"), Subject: st.Subject, Reason: audit.RefusedRole}
	}
	return ctx, r, apperr.Forbidden("method not allowed")
}
