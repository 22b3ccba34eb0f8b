package transport

import (
	"context"
	"net"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/ratelimit"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// who may call what, written out independently of authzTable: the spec the table must meet.
// "public" and "reporter" are the unauthenticated and the reporter-session calls; otherwise the
// staff roles allowed.
var wantAccess = map[string][]string{
	reporterSvc + "FileReport":       {"public"},
	reporterSvc + "OpenSession":      {"public"},
	reporterSvc + "ListCategories":   {"public"},
	reporterSvc + "CloseSession":     {"reporter"},
	reporterSvc + "GetMyCase":        {"reporter"},
	reporterSvc + "ListMyMessages":   {"reporter"},
	reporterSvc + "SendMyMessage":    {"reporter"},
	reporterSvc + "ChooseAdviser":    {"reporter"},
	reporterSvc + "UploadMyEvidence": {"reporter"},
	reporterSvc + "GiveConsent":      {"reporter"},
	reporterSvc + "RevokeConsent":    {"reporter"},

	reporterSvc + "GetOralReport":     {"reporter"},
	reporterSvc + "CorrectOralReport": {"reporter"},
	reporterSvc + "ApproveOralReport": {"reporter"},

	reporterSvc + "SetMyNotificationEmail": {"reporter"},
	// Matching entries: the reporter's own; no staff role.
	reporterSvc + "SearchEscrowPeople":         {"public"},
	reporterSvc + "DepositEscrowWithoutReport": {"public"},
	reporterSvc + "DepositEscrow":              {"reporter"},
	reporterSvc + "ListMyEscrow":               {"reporter"},
	reporterSvc + "WithdrawEscrow":             {"reporter"},
	reporterSvc + "AnswerEscrowMatch":          {"reporter"},

	caseSvc + "ListCases":            {"intake", "adviser", "manager", "integrity_team"},
	caseSvc + "GetCase":              {"intake", "adviser", "manager", "integrity_team"},
	caseSvc + "AcknowledgeCase":      {"intake", "adviser"},
	caseSvc + "ListCaseMessages":     {"intake", "adviser"},
	caseSvc + "SendCaseMessage":      {"intake", "adviser"},
	caseSvc + "AssignAdviser":        {"intake"},
	caseSvc + "LinkSubject":          {"intake", "adviser", "manager"},
	caseSvc + "RecordConsent":        {"adviser"},
	caseSvc + "Escalate":             {"intake", "adviser", "manager"},
	caseSvc + "Weigh":                {"manager"},
	caseSvc + "GetCaseOralReport":    {"intake", "adviser", "manager", "integrity_team"},
	caseSvc + "EndSupport":           {"adviser"},
	caseSvc + "StartInvestigation":   {"manager"},
	caseSvc + "GetInvestigation":     {"manager", "integrity_team"},
	caseSvc + "AddAllegation":        {"manager", "integrity_team"},
	caseSvc + "ListAllegations":      {"manager", "integrity_team"},
	caseSvc + "RecordHearing":        {"manager", "integrity_team"},
	caseSvc + "SetFindings":          {"manager", "integrity_team"},
	caseSvc + "EvaluateSanction":     {"manager", "integrity_team"},
	caseSvc + "DecideSanction":       {"manager"},
	caseSvc + "CloseAfterAssessment": {"manager"},
	caseSvc + "RecordInterview":      {"manager", "integrity_team"},
	caseSvc + "ListInterviews":       {"manager", "integrity_team"},
	caseSvc + "ApproveInterview":     {"manager", "integrity_team"},
	caseSvc + "SetSuspension":        {"manager"},
	caseSvc + "UploadEvidence":       {"manager", "integrity_team"},
	caseSvc + "ListEvidence":         {"manager", "integrity_team"},
	caseSvc + "DownloadEvidence":     {"manager", "integrity_team"},
	caseSvc + "RecordAssessment":     {"manager", "integrity_team"},
	caseSvc + "RecordSignal":         {"manager", "hr"},
	caseSvc + "CloseCase":            {"intake", "adviser"},
	caseSvc + "MyDeadlines":          {"intake", "adviser", "manager", "integrity_team"},

	caseSvc + "LogConversation":          {"adviser"},
	caseSvc + "UpdateConversation":       {"adviser"},
	caseSvc + "ListConversations":        {"adviser"},
	caseSvc + "GetCaseMatch":             {"adviser"},
	caseSvc + "DepositEscrowForReporter": {"adviser"},
	caseSvc + "RecordOralReport":         {"intake", "adviser"},

	ruleSetSvc + "GetRuleSet":     {"public"},
	ruleSetSvc + "ListRuleSets":   {"public"},
	ruleSetSvc + "PublishRuleSet": {"hr"},

	precedentSvc + "LookupPrecedents":             {"integrity_team", "hr"},
	precedentSvc + "LookupPrecedentsForCase":      {"manager", "integrity_team"},
	precedentSvc + "ListPrecedents":               {"integrity_team", "hr"},
	precedentSvc + "GetPrecedent":                 {"integrity_team", "hr"},
	precedentSvc + "ImportPrecedents":             {"hr"},
	precedentSvc + "ImportPrecedentsWithProgress": {"hr"},
	precedentSvc + "ExportPrecedents":             {"hr"},
	precedentSvc + "WithdrawPrecedent":            {"hr"},
	precedentSvc + "CreatePrecedentDraft":         {"manager", "integrity_team"},
	precedentSvc + "GetPrecedentDraft":            {"manager", "integrity_team", "hr"},
	precedentSvc + "ListPrecedentDrafts":          {"hr"},
	precedentSvc + "UpdatePrecedentDraft":         {"manager", "integrity_team", "hr"},
	precedentSvc + "SubmitPrecedentDraft":         {"manager", "integrity_team"},
	precedentSvc + "ReturnPrecedentDraft":         {"hr"},
	precedentSvc + "ApprovePrecedentDraft":        {"hr"},

	reportSvc + "GetAnnualReport":             {"hr"},
	reportSvc + "GetAnnualReportWithProgress": {"hr"},
	reportSvc + "PublishAnnualReport":         {"hr"},
	reportSvc + "ListAnnualReportEditions":    {"hr"},
	reportSvc + "GetAnnualReportEdition":      {"hr"},

	adviserSvc + "ListAdvisers":    {"public"},
	adviserSvc + "ListAllAdvisers": {"admin"},
	adviserSvc + "CreateAdviser":   {"admin"},
	adviserSvc + "UpdateAdviser":   {"admin"},

	auditSvc + "ListAuditEvents":    {"auditor"},
	auditSvc + "VerifyAuditTrail":   {"auditor"},
	auditSvc + "GetAuditCheckpoint": {"auditor"},

	adminSvc + "ListAccounts":       {"admin"},
	adminSvc + "SetAccountBlocked":  {"admin"},
	adminSvc + "ImportOrganisation": {"admin"},

	notifySvc + "GetMyNotificationSettings": {"intake", "adviser", "manager", "integrity_team", "hr", "admin", "auditor"},
	notifySvc + "SetMyNotificationSettings": {"intake", "adviser", "manager", "integrity_team", "hr", "admin", "auditor"},
	notifySvc + "GetNotificationStatus":     {"admin"},

	"/grpc.health.v1.Health/Check":                                   {"public"},
	"/grpc.health.v1.Health/Watch":                                   {"public"},
	"/grpc.health.v1.Health/List":                                    {"public"},
	"/grpc.reflection.v1.ServerReflection/ServerReflectionInfo":      {"public"},
	"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo": {"public"},
}

// TestEveryRPCIsInTheTable: every method the server actually serves has a row, and the table
// has no rows for methods that do not exist.
func TestEveryRPCIsInTheTable(t *testing.T) {
	srv, _ := newTestServer(t)
	served := map[string]bool{}
	for svc, info := range srv.grpc.GetServiceInfo() {
		for _, m := range info.Methods {
			served["/"+svc+"/"+m.Name] = true
		}
	}
	for m := range served {
		if _, ok := authzTable[m]; !ok {
			t.Errorf("served method %s has no row in authzTable (it would be refused)", m)
		}
		if _, ok := wantAccess[m]; !ok {
			t.Errorf("served method %s has no row in the test's spec", m)
		}
	}
	for m := range authzTable {
		if !served[m] && m != "/grpc.health.v1.Health/List" {
			t.Errorf("authzTable names %s, which the server does not serve", m)
		}
	}
}

// TestAuthorizationMatrix calls authorize for every RPC × caller and compares with the spec.
func TestAuthorizationMatrix(t *testing.T) {
	srv, svc := newTestServer(t)
	_ = srv
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "dev.json")
	if err := auth.InitDevKey(keyPath); err != nil {
		t.Fatal(err)
	}
	iss, err := auth.LoadDevIssuer(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	a := &authenticator{staff: iss.Verifier(), reporter: svc}

	ctx := context.Background()
	f, err := svc.FileReport(ctx, cases.NewReport{
		IdempotencyKey: uuid.NewString(), Category: "BULLYING", Anonymity: cases.Anonymous,
		Content: cases.ReportContent{Description: "matrix test report"},
	})
	if err != nil {
		t.Fatal(err)
	}
	reporterTok, _, err := svc.OpenSession(ctx, "src", f.ReceiptCode)
	if err != nil {
		t.Fatal(err)
	}

	callers := map[string]string{"anonymous": "", "reporter": reporterTok, "expired-reporter": cases.SessionTokenPrefix + "bogus"}
	for _, r := range auth.AllRoles() {
		tok, err := iss.Token("user-"+string(r), "", []auth.Role{r}, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		callers[string(r)] = tok
	}
	names := make([]string, 0, len(callers))
	for n := range callers {
		names = append(names, n)
	}
	sort.Strings(names)

	methods := append([]string{"/meldpunt.v1.CaseService/DeleteEverything"}, keys(wantAccess)...)
	for _, m := range methods {
		for _, caller := range names {
			allowed := false
			for _, w := range wantAccess[m] {
				if w == "public" || w == caller {
					allowed = true
				}
			}
			c := ctx
			if tok := callers[caller]; tok != "" {
				c = metadata.NewIncomingContext(ctx, metadata.Pairs("authorization", "Bearer "+tok))
			}
			_, _, err := a.authorize(c, m)
			if allowed && err != nil {
				t.Errorf("%s as %s: refused (%v), want allowed", m, caller, err)
			}
			if !allowed {
				e, ok := apperr.As(err)
				if !ok || (e.Kind != apperr.KindUnauthenticated && e.Kind != apperr.KindForbidden) {
					t.Errorf("%s as %s: got %v, want unauthenticated or forbidden", m, caller, err)
				}
			}
		}
	}
}

func keys[M ~map[string]V, V any](m M) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func newTestServer(t *testing.T) (*Server, *cases.Service) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.SQLiteURL(t.TempDir()), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(nil); err != nil {
		t.Fatal(err)
	}
	v, err := vault.NewEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	svc, err := cases.New(cases.Config{Repo: st.Cases(), Vault: v, Limiter: ratelimit.New(ratelimit.Config{}), Policy: cases.DefaultPolicy()})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(ctx, Config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", Cases: svc, Log: discardLogger(), FormKey: v.MAC("test-form-key", nil)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.grpcLis.Close(); srv.httpLis.Close() })
	return srv, svc
}

// The staff pages' tokens count only on the pages' own calls: over the in-process connection,
// marked by the pages. The same token over the network, or through the REST gateway (which
// cannot set the mark), is refused; and on a pages call an identity provider's token is not
// accepted either.
func TestPagesTokensCountOnlyOnThePagesOwnCalls(t *testing.T) {
	pages, err := auth.NewPagesIssuer()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "dev.json")
	if err := auth.InitDevKey(keyPath); err != nil {
		t.Fatal(err)
	}
	dev, err := auth.LoadDevIssuer(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	a := &authenticator{staff: dev.Verifier(), pages: pages.Verifier()}
	staff := &auth.Staff{Subject: "ivo", Roles: []auth.Role{auth.RoleIntake}}
	pagesTok, err := pages.Token(staff)
	if err != nil {
		t.Fatal(err)
	}
	devTok, err := dev.Token("ivo", "", []auth.Role{auth.RoleIntake}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	inproc := &peer.Peer{Addr: inprocAddr{}}
	network := &peer.Peer{Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5555}}
	call := func(p *peer.Peer, tok string, marked bool) codes.Code {
		md := metadata.Pairs("authorization", "Bearer "+tok)
		if marked {
			md.Append(pagesHeader, "1")
		}
		ctx := peer.NewContext(metadata.NewIncomingContext(context.Background(), md), p)
		_, _, err := a.authorize(ctx, caseSvc+"ListCases")
		if e, ok := apperr.As(err); ok && e.Kind == apperr.KindUnauthenticated {
			return codes.Unauthenticated
		}
		return status.Code(err)
	}
	for _, c := range []struct {
		name   string
		peer   *peer.Peer
		tok    string
		marked bool
		want   codes.Code
	}{
		{"the pages' call", inproc, pagesTok, true, codes.OK},
		{"a pages token through the gateway (no mark)", inproc, pagesTok, false, codes.Unauthenticated},
		{"a pages token over the network, marked", network, pagesTok, true, codes.Unauthenticated},
		{"a pages token over the network", network, pagesTok, false, codes.Unauthenticated},
		{"an identity provider's token on a pages call", inproc, devTok, true, codes.Unauthenticated},
		{"an identity provider's token over the network", network, devTok, false, codes.OK},
	} {
		if got := call(c.peer, c.tok, c.marked); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

type inprocAddr struct{}

func (inprocAddr) Network() string { return inprocNetwork }
func (inprocAddr) String() string  { return "inproc" }
