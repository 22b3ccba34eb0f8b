package transport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"

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

// coreRules: reporters, case handling, health and reflection.
var coreRules = map[string]rule{
	reporterSvc + "FileReport":       {access: accessPublic, reporterFacing: true},
	reporterSvc + "OpenSession":      {access: accessPublic, reporterFacing: true},
	reporterSvc + "ListCategories":   {access: accessPublic, reporterFacing: true},
	reporterSvc + "CloseSession":     {access: accessReporter, reporterFacing: true},
	reporterSvc + "GetMyCase":        {access: accessReporter, reporterFacing: true},
	reporterSvc + "ListMyMessages":   {access: accessReporter, reporterFacing: true},
	reporterSvc + "SendMyMessage":    {access: accessReporter, reporterFacing: true},
	reporterSvc + "ChooseAdviser":    {access: accessReporter, reporterFacing: true},
	reporterSvc + "UploadMyEvidence": {access: accessReporter, reporterFacing: true},
	reporterSvc + "GiveConsent":      {access: accessReporter, reporterFacing: true},
	reporterSvc + "RevokeConsent":    {access: accessReporter, reporterFacing: true},
	// The reporter's address for "there is a reply".
	reporterSvc + "SetMyNotificationEmail": {access: accessReporter, reporterFacing: true},

	// Matching entries ("not alone"): the reporter's own, through their session. No staff role
	// has any call that reads or probes them.
	reporterSvc + "SearchEscrowPeople": {access: accessReporter, reporterFacing: true},
	reporterSvc + "DepositEscrow":      {access: accessReporter, reporterFacing: true},
	reporterSvc + "ListMyEscrow":       {access: accessReporter, reporterFacing: true},
	reporterSvc + "WithdrawEscrow":     {access: accessReporter, reporterFacing: true},
	reporterSvc + "AnswerEscrowMatch":  {access: accessReporter, reporterFacing: true},

	// The record of an oral report, reviewed, corrected and approved by the reporter.
	reporterSvc + "GetOralReport":     {access: accessReporter, reporterFacing: true},
	reporterSvc + "CorrectOralReport": {access: accessReporter, reporterFacing: true},
	reporterSvc + "ApproveOralReport": {access: accessReporter, reporterFacing: true},

	caseSvc + "ListCases":            {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser, auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "GetCase":              {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser, auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "AcknowledgeCase":      {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser}},
	caseSvc + "ListCaseMessages":     {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser}},
	caseSvc + "SendCaseMessage":      {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser}},
	caseSvc + "AssignAdviser":        {access: accessStaff, roles: []auth.Role{auth.RoleIntake}},
	caseSvc + "LinkSubject":          {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser, auth.RoleManager}},
	caseSvc + "RecordConsent":        {access: accessStaff, roles: []auth.Role{auth.RoleAdviser}},
	caseSvc + "Escalate":             {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser, auth.RoleManager}},
	caseSvc + "Weigh":                {access: accessStaff, roles: []auth.Role{auth.RoleManager}},
	caseSvc + "GetCaseOralReport":    {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser, auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "EndSupport":           {access: accessStaff, roles: []auth.Role{auth.RoleAdviser}},
	caseSvc + "StartInvestigation":   {access: accessStaff, roles: []auth.Role{auth.RoleManager}},
	caseSvc + "GetInvestigation":     {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "AddAllegation":        {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "ListAllegations":      {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "RecordHearing":        {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "SetFindings":          {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "EvaluateSanction":     {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "DecideSanction":       {access: accessStaff, roles: []auth.Role{auth.RoleManager}},
	caseSvc + "CloseAfterAssessment": {access: accessStaff, roles: []auth.Role{auth.RoleManager}},
	caseSvc + "RecordInterview":      {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "ListInterviews":       {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "ApproveInterview":     {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "SetSuspension":        {access: accessStaff, roles: []auth.Role{auth.RoleManager}},
	caseSvc + "UploadEvidence":       {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "ListEvidence":         {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "DownloadEvidence":     {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "RecordAssessment":     {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}},
	caseSvc + "RecordSignal":         {access: accessStaff, roles: []auth.Role{auth.RoleManager, auth.RoleHR}},
	caseSvc + "CloseCase":            {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser}},
	caseSvc + "MyDeadlines":          {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser, auth.RoleManager, auth.RoleIntegrityTeam}},

	// Conversation notes stay with the adviser; an oral report is recorded by whoever handles the case.
	caseSvc + "LogConversation":    {access: accessStaff, roles: []auth.Role{auth.RoleAdviser}},
	caseSvc + "UpdateConversation": {access: accessStaff, roles: []auth.Role{auth.RoleAdviser}},
	caseSvc + "ListConversations":  {access: accessStaff, roles: []auth.Role{auth.RoleAdviser}},
	// A consented match ("not alone") is the case's adviser's to see, like the conversations.
	caseSvc + "GetCaseMatch":     {access: accessStaff, roles: []auth.Role{auth.RoleAdviser}},
	caseSvc + "RecordOralReport": {access: accessStaff, roles: []auth.Role{auth.RoleIntake, auth.RoleAdviser}},

	"/grpc.health.v1.Health/Check":                                   {access: accessPublic},
	"/grpc.health.v1.Health/Watch":                                   {access: accessPublic},
	"/grpc.health.v1.Health/List":                                    {access: accessPublic},
	"/grpc.reflection.v1.ServerReflection/ServerReflectionInfo":      {access: accessPublic},
	"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo": {access: accessPublic},
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
