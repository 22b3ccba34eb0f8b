package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestTheAdministratorImportsTheOrganisationAndManagesAccounts: HR's files go in through the API
// as through `meldpunt org import` — a bad row is refused naming its file, line and column and
// nothing is written; a dry run counts; the import is then visible to escalation. Accounts are
// listed and blocked by the administrator only.
func TestTheAdministratorImportsTheOrganisationAndManagesAccounts(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		admin := s.tokenFor(t, "admin-1", "admin")
		hr := s.tokenFor(t, "hanna", "hr")
		svc := pb.NewAdminServiceClient(s.conn)
		units := []byte("unit_code;unit_name;parent_code;manager_number\nSO;Sociaal Domein;;1001\nBO;Bedrijfsvoering;;1003\n")
		employees := []byte("number;name;email;unit_code;staff_subject\n1001;Marieke;;SO;mgr-so\n1003;Bert;;BO;mgr-bo\n")
		bad := []byte("number;name;email;unit_code;staff_subject\n1001;Marieke;;SO;mgr-so\n1003;Bert;not-an-address;NOPE;mgr-bo\n")

		_, err := svc.ImportOrganisation(ctx(t, admin), &pb.ImportOrganisationRequest{UnitsCsv: units, EmployeesCsv: bad})
		st := wantCode(t, err, codes.InvalidArgument)
		fields := badRequestFields(st)
		if !slices.Contains(fields, "employees_csv.line[3].unit_code") || !slices.Contains(fields, "employees_csv.line[3].email") {
			t.Errorf("field violations %v do not name line 3's unit_code and email", fields)
		}
		// Each row says its stable reason, and the unknown code travels beside it, for the
		// client's own sentence.
		reasons, values := map[string]string{}, map[string]bool{}
		for _, d := range st.Details() {
			switch d := d.(type) {
			case *errdetails.BadRequest:
				for _, fv := range d.GetFieldViolations() {
					reasons[fv.GetField()] = fv.GetReason()
				}
			case *errdetails.ErrorInfo:
				for _, v := range d.GetMetadata() {
					values[v] = true
				}
			}
		}
		if reasons["employees_csv.line[3].unit_code"] != "UNKNOWN_UNIT" || reasons["employees_csv.line[3].email"] != "NOT_AN_EMAIL" || !values["NOPE"] || values["not-an-address"] {
			t.Errorf("reasons %v, values %v: want UNKNOWN_UNIT with NOPE and NOT_AN_EMAIL without the address", reasons, values)
		}
		if !strings.Contains(st.Message(), "line 3") || !strings.Contains(st.Message(), "nothing was imported") {
			t.Errorf("message %q", st.Message())
		}
		if strings.Contains(st.Message(), "Bert") || strings.Contains(st.Message(), "not-an-address") {
			t.Errorf("the refusal quotes a name or an address: %q", st.Message())
		}

		// Nothing was written: a dry run still would create everything, and writes nothing itself.
		for range 2 {
			dry, err := svc.ImportOrganisation(ctx(t, admin), &pb.ImportOrganisationRequest{UnitsCsv: units, EmployeesCsv: employees, DryRun: true})
			if err != nil {
				t.Fatalf("dry run: %v", err)
			}
			if !dry.GetDryRun() || dry.GetUnitsCreated() != 2 || dry.GetEmployeesCreated() != 2 {
				t.Fatalf("dry run: %v", dry)
			}
		}
		res, err := svc.ImportOrganisation(ctx(t, admin), &pb.ImportOrganisationRequest{UnitsCsv: units, EmployeesCsv: employees})
		if err != nil || res.GetDryRun() || res.GetUnitsCreated() != 2 || res.GetEmployeesCreated() != 2 {
			t.Fatalf("import: %v %v", res, err)
		}
		// Over REST (the files base64 in JSON), the same files change nothing.
		var again struct {
			EmployeesUnchanged int `json:"employeesUnchanged"`
			UnitsUnchanged     int `json:"unitsUnchanged"`
		}
		s.rest(t, http.MethodPost, "/v1/organisation:import", admin, map[string]any{"unitsCsv": units, "employeesCsv": employees}).
			want(t, http.StatusOK, &again)
		if again.EmployeesUnchanged != 2 || again.UnitsUnchanged != 2 {
			t.Errorf("the same files again: %+v", again)
		}
		_, err = svc.ImportOrganisation(ctx(t, admin), &pb.ImportOrganisationRequest{})
		wantCode(t, err, codes.InvalidArgument)

		// The imported unit is there for escalation: with the reporter's consent a case goes to BO.
		filed := s.fileReport(t, anonymousReport("A case for Bedrijfsvoering."))
		if _, err := s.reporter.GiveConsent(ctx(t, s.openSession(t, filed.GetReceiptCode())), &pb.GiveConsentRequest{Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_FORMAL_REPORT}); err != nil {
			t.Fatal(err)
		}
		intake := s.tokenFor(t, "ivo", "intake")
		cur, err := s.cases.GetCase(ctx(t, intake), &pb.GetCaseRequest{CaseReference: filed.GetCaseReference()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.cases.Escalate(ctx(t, intake), &pb.EscalateRequest{CaseReference: filed.GetCaseReference(), UnitCode: "BO", Version: cur.GetCase().GetVersion()}); err != nil {
			t.Fatalf("escalate to the imported unit: %v", err)
		}

		// Accounts: none has signed in to the staff pages here; the calls answer, for the
		// administrator only.
		list, err := svc.ListAccounts(ctx(t, admin), &pb.ListAccountsRequest{Role: "adviser", PageSize: 10})
		if err != nil || list.GetTotal() != 0 || len(list.GetAccounts()) != 0 {
			t.Fatalf("ListAccounts: %v %v", list, err)
		}
		s.rest(t, http.MethodGet, "/v1/accounts?query=anna", admin, nil).want(t, http.StatusOK, nil)
		_, err = svc.SetAccountBlocked(ctx(t, admin), &pb.SetAccountBlockedRequest{Subject: "nobody", Blocked: false})
		wantCode(t, err, codes.NotFound) // unblocking someone never seen; blocking them is allowed (an API-only user)
		blockedAPIUser := s.tokenFor(t, "api-user", "intake")
		if _, err := s.cases.ListCases(ctx(t, blockedAPIUser), &pb.ListCasesRequest{}); err != nil {
			t.Fatalf("the API user before the block: %v", err)
		}
		if res, err := svc.SetAccountBlocked(ctx(t, admin), &pb.SetAccountBlockedRequest{Subject: "api-user", Blocked: true}); err != nil || !res.GetAccount().GetBlocked() || res.GetAccount().GetLastSignIn() != nil {
			t.Fatalf("blocking an API-only user: %v %v", res, err)
		}
		deadline := time.Now().Add(6 * time.Second)
		for _, err := s.cases.ListCases(ctx(t, blockedAPIUser), &pb.ListCasesRequest{}); status.Code(err) != codes.Unauthenticated; _, err = s.cases.ListCases(ctx(t, blockedAPIUser), &pb.ListCasesRequest{}) {
			if time.Now().After(deadline) {
				t.Fatalf("the blocked API user still gets in: %v", err)
			}
			time.Sleep(200 * time.Millisecond)
		}
		_, err = svc.SetAccountBlocked(ctx(t, admin), &pb.SetAccountBlockedRequest{Subject: "admin-1", Blocked: true})
		wantCode(t, err, codes.FailedPrecondition)
		for _, tok := range []string{hr, intake, s.tokenFor(t, "aud", "auditor")} {
			_, err = svc.ListAccounts(ctx(t, tok), &pb.ListAccountsRequest{})
			wantCode(t, err, codes.PermissionDenied)
			_, err = svc.ImportOrganisation(ctx(t, tok), &pb.ImportOrganisationRequest{UnitsCsv: units, DryRun: true})
			wantCode(t, err, codes.PermissionDenied)
		}
		s.rest(t, http.MethodPost, "/v1/accounts/anna:block", hr, map[string]any{"blocked": true}).wantError(t, http.StatusForbidden)
	})
}
