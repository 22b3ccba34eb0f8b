// Command apiclient is a consumer of Meldpunt's REST API written only against the client that
// oapi-codegen generates from the published OpenAPI document (package meldpunt): what an
// integrator would write. Given the server's base URL and two staff tokens, it files an anonymous
// report, opens the reporter session with the receipt code, reads the case as the reporter, lists
// cases as staff, downloads the annual report as CSV as HR and checks two error answers, then
// prints what it saw as JSON on stdout. Any
// surprise is an error on stderr and exit status 1.
//
// It is a module of its own (internal/e2e/testdata/apiclient) so that oapi-codegen and its runtime
// stay out of the server's build; internal/e2e's TestGeneratedClient builds and runs it.
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"meldpunt.test/apiclient/meldpunt"
)

// Result is what the run saw, for the test to check.
type Result struct {
	CaseReference   string `json:"caseReference"`
	ReceiptCodeLen  int    `json:"receiptCodeLen"`
	ReporterStatus  string `json:"reporterStatus"`
	ReporterCaseRef string `json:"reporterCaseReference"`
	StaffListed     bool   `json:"staffListed"`
	StaffStatus     string `json:"staffStatus"`
	// Error answers, decoded as google.rpc.Status through the generated types.
	NoTokenHTTP      int      `json:"noTokenHttp"`
	NoTokenCode      int32    `json:"noTokenCode"`
	InvalidHTTP      int      `json:"invalidHttp"`
	InvalidCode      int32    `json:"invalidCode"`
	InvalidFields    []string `json:"invalidFields"`
	ReporterAsStaff  int      `json:"reporterAsStaffHttp"`
	SessionTokenMps  bool     `json:"sessionTokenMps"`
	FiledDeadlineCnt int      `json:"filedDeadlines"`
	// The annual report as a CSV document.
	AnnualHTTP        int    `json:"annualHttp"`
	AnnualType        string `json:"annualContentType"`
	AnnualDisposition string `json:"annualDisposition"`
	AnnualFirstLine   string `json:"annualFirstLine"`
}

func main() {
	base := flag.String("base", "", "the server's base URL, http://127.0.0.1:PORT")
	staff := flag.String("staff-token", "", "a staff bearer token with a role that may list cases")
	hr := flag.String("hr-token", "", "a staff bearer token with the role hr, for the annual report")
	year := flag.Int("year", time.Now().UTC().Year(), "the year of the annual report")
	flag.Parse()
	res, err := run(*base, *staff, *hr, int32(*year))
	if err != nil {
		fmt.Fprintln(os.Stderr, "apiclient:", err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(res)
}

// newUUID returns a random (version 4) UUID, the idempotency key of a report.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func bearer(token string) meldpunt.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
}

func run(base, staff, hr string, year int32) (*Result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := meldpunt.NewClientWithResponses(base, meldpunt.WithHTTPClient(&http.Client{Timeout: 30 * time.Second}))
	if err != nil {
		return nil, err
	}
	var out Result

	// File an anonymous report.
	category := meldpunt.FileReportRequestCategoryCATEGORYBULLYING
	anonymity := meldpunt.FileReportRequestAnonymityANONYMITYANONYMOUS
	desc := "Tijdens het werkoverleg maakt een teamleider regelmatig kleinerende opmerkingen over collega's."
	when, where := "Sinds september, in het werkoverleg op dinsdag", "Stadskantoor, 6e verdieping"
	key := newUUID()
	filed, err := c.ReporterServiceFileReportWithResponse(ctx, meldpunt.FileReportRequest{
		IdempotencyKey: key, Category: category, Anonymity: anonymity,
		Description: desc, OccurredWhen: &when, OccurredWhere: &where,
	})
	if err != nil {
		return nil, fmt.Errorf("FileReport: %w", err)
	}
	if filed.JSON200 == nil || filed.JSON200.CaseReference == nil || filed.JSON200.ReceiptCode == nil {
		return nil, fmt.Errorf("FileReport: HTTP %d %s", filed.StatusCode(), filed.Body)
	}
	out.CaseReference = *filed.JSON200.CaseReference
	out.ReceiptCodeLen = len(*filed.JSON200.ReceiptCode)
	if filed.JSON200.Deadlines != nil {
		out.FiledDeadlineCnt = len(*filed.JSON200.Deadlines)
	}

	// The reporter opens a session with the receipt code and reads the case.
	opened, err := c.ReporterServiceOpenSessionWithResponse(ctx, meldpunt.OpenSessionRequest{ReceiptCode: *filed.JSON200.ReceiptCode})
	if err != nil {
		return nil, fmt.Errorf("OpenSession: %w", err)
	}
	if opened.JSON200 == nil || opened.JSON200.SessionToken == nil {
		return nil, fmt.Errorf("OpenSession: HTTP %d %s", opened.StatusCode(), opened.Body)
	}
	session := *opened.JSON200.SessionToken
	out.SessionTokenMps = len(session) > 4 && session[:4] == "mps_"
	mine, err := c.ReporterServiceGetMyCaseWithResponse(ctx, bearer(session))
	if err != nil {
		return nil, fmt.Errorf("GetMyCase: %w", err)
	}
	if mine.JSON200 == nil || mine.JSON200.Case == nil {
		return nil, fmt.Errorf("GetMyCase: HTTP %d %s", mine.StatusCode(), mine.Body)
	}
	if mine.JSON200.Case.CaseReference != nil {
		out.ReporterCaseRef = *mine.JSON200.Case.CaseReference
	}
	if mine.JSON200.Case.Status != nil {
		out.ReporterStatus = string(*mine.JSON200.Case.Status)
	}

	// Staff list the cases and find it.
	size := int32(200)
	listed, err := c.CaseServiceListCasesWithResponse(ctx, &meldpunt.CaseServiceListCasesParams{PageSize: &size}, bearer(staff))
	if err != nil {
		return nil, fmt.Errorf("ListCases: %w", err)
	}
	if listed.JSON200 == nil {
		return nil, fmt.Errorf("ListCases: HTTP %d %s", listed.StatusCode(), listed.Body)
	}
	if listed.JSON200.Cases != nil {
		for _, cs := range *listed.JSON200.Cases {
			if cs.CaseReference != nil && *cs.CaseReference == out.CaseReference {
				out.StaffListed = true
				if cs.Status != nil {
					out.StaffStatus = string(*cs.Status)
				}
			}
		}
	}

	// HR downloads the annual report as CSV: the answer is the document itself.
	csv := meldpunt.Csv
	annual, err := c.ReportServiceGetAnnualReportWithResponse(ctx, year, &meldpunt.ReportServiceGetAnnualReportParams{Format: &csv}, bearer(hr))
	if err != nil {
		return nil, fmt.Errorf("GetAnnualReport as CSV: %w", err)
	}
	out.AnnualHTTP = annual.StatusCode()
	out.AnnualType = annual.HTTPResponse.Header.Get("Content-Type")
	out.AnnualDisposition = annual.HTTPResponse.Header.Get("Content-Disposition")
	out.AnnualFirstLine, _, _ = strings.Cut(string(annual.Body), "\n")

	// Error answers as the document describes them: 401 without a token, 403 for a reporter's
	// token on a staff call, 400 with BadRequest naming the field for an empty description.
	noToken, err := c.ReporterServiceGetMyCaseWithResponse(ctx)
	if err != nil {
		return nil, fmt.Errorf("GetMyCase without a token: %w", err)
	}
	out.NoTokenHTTP = noToken.StatusCode()
	if noToken.JSON401 != nil {
		out.NoTokenCode = noToken.JSON401.Code
	}
	asStaff, err := c.CaseServiceListCasesWithResponse(ctx, &meldpunt.CaseServiceListCasesParams{}, bearer(session))
	if err != nil {
		return nil, fmt.Errorf("ListCases with a reporter token: %w", err)
	}
	out.ReporterAsStaff = asStaff.StatusCode()
	empty := ""
	key2 := newUUID()
	bad, err := c.ReporterServiceFileReportWithResponse(ctx, meldpunt.FileReportRequest{
		IdempotencyKey: key2, Category: category, Anonymity: anonymity, Description: empty,
	})
	if err != nil {
		return nil, fmt.Errorf("FileReport without a description: %w", err)
	}
	out.InvalidHTTP = bad.StatusCode()
	if bad.JSON400 != nil {
		out.InvalidCode = bad.JSON400.Code
		if bad.JSON400.Details != nil {
			// Each detail is one of the kinds the document lists, told apart by @type.
			for _, d := range *bad.JSON400.Details {
				if br, err := d.AsGoogleRpcBadRequest(); err == nil && br.Type == meldpunt.TypeGoogleapisComgoogleRpcBadRequest && br.FieldViolations != nil {
					for _, v := range *br.FieldViolations {
						if v.Field != nil {
							out.InvalidFields = append(out.InvalidFields, *v.Field)
						}
					}
				}
				if vs, err := d.AsBufValidateViolations(); err == nil && vs.Type == meldpunt.TypeGoogleapisCombufValidateViolations && vs.Violations != nil {
					for _, v := range *vs.Violations {
						if v.Field == nil || v.Field.Elements == nil {
							continue
						}
						for _, e := range *v.Field.Elements {
							if e.FieldName != nil {
								out.InvalidFields = append(out.InvalidFields, *e.FieldName)
							}
						}
					}
				}
			}
		}
	}
	return &out, nil
}
