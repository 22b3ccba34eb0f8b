package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// The test in this file is a consumer of the REST API that nobody here wrote the client of: the
// client oapi-codegen generates from the published OpenAPI document (testdata/apiclient, a
// module of its own so that the generator and its runtime stay out of go.mod). If the document
// and the server disagree on a route, a field name, a type or an error body, this test sees it.

var (
	apiClientOnce sync.Once
	apiClientBin  string
	apiClientErr  error
)

// apiClient builds testdata/apiclient once per test binary and returns its path.
func apiClient(t *testing.T) string {
	t.Helper()
	apiClientOnce.Do(func() {
		// Next to the meldpunt binary: TestMain removes that directory at the end.
		apiClientBin = filepath.Join(filepath.Dir(meldpuntBin), "apiclient")
		build := exec.Command("go", "build", "-o", apiClientBin, ".")
		build.Dir = filepath.Join("testdata", "apiclient")
		build.Env = append(os.Environ(), "GOWORK=off")
		if out, err := build.CombinedOutput(); err != nil {
			apiClientErr = fmt.Errorf("building the generated client's consumer: %v\n%s", err, out)
		}
	})
	if apiClientErr != nil {
		t.Fatal(apiClientErr)
	}
	return apiClientBin
}

// apiClientResult mirrors testdata/apiclient's Result.
type apiClientResult struct {
	CaseReference   string   `json:"caseReference"`
	ReceiptCodeLen  int      `json:"receiptCodeLen"`
	ReporterStatus  string   `json:"reporterStatus"`
	ReporterCaseRef string   `json:"reporterCaseReference"`
	StaffListed     bool     `json:"staffListed"`
	StaffStatus     string   `json:"staffStatus"`
	NoTokenHTTP     int      `json:"noTokenHttp"`
	NoTokenCode     int32    `json:"noTokenCode"`
	InvalidHTTP     int      `json:"invalidHttp"`
	InvalidCode     int32    `json:"invalidCode"`
	InvalidFields   []string `json:"invalidFields"`
	ReporterAsStaff int      `json:"reporterAsStaffHttp"`
	SessionTokenMps bool     `json:"sessionTokenMps"`
	FiledDeadlines  int      `json:"filedDeadlines"`
	AnnualHTTP      int      `json:"annualHttp"`
	AnnualType      string   `json:"annualContentType"`
	AnnualDisp      string   `json:"annualDisposition"`
	AnnualFirstLine string   `json:"annualFirstLine"`
}

// TestGeneratedClient files a report, opens the reporter session with the receipt code, reads the
// case as the reporter, lists cases as staff and downloads the annual report as CSV as HR, all
// through the generated client only, and decodes error answers with the document's
// google.rpc.Status types.
func TestGeneratedClient(t *testing.T) {
	bin := apiClient(t)
	forEachDB(t, func(t *testing.T, s *server) {
		// The server publishes the document the client was generated from.
		res, err := http.Get(s.baseURL + "/openapi.json")
		if err != nil {
			t.Fatal(err)
		}
		served, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !bytes.Equal(served, pb.OpenAPI) {
			t.Fatalf("GET /openapi.json: HTTP %d, %d bytes; want the embedded document (%d bytes)", res.StatusCode, len(served), len(pb.OpenAPI))
		}
		var doc struct {
			OpenAPI string `json:"openapi"`
			Info    struct{ Title string }
		}
		if err := json.Unmarshal(served, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info.Title != "Meldpunt API" {
			t.Fatalf("served document: openapi %q, title %q, err %v", doc.OpenAPI, doc.Info.Title, err)
		}

		year := time.Now().UTC().Year()
		cmd := exec.Command(bin, "-base", s.baseURL, "-staff-token", s.staffToken(t, "intake"),
			"-hr-token", s.tokenFor(t, "hanna", "hr"), "-year", strconv.Itoa(year))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("generated client: %v\n%s", err, stderr.String())
		}
		var got apiClientResult
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("generated client printed %q: %v", out, err)
		}
		if !strings.HasPrefix(got.CaseReference, "MP-") || got.ReceiptCodeLen == 0 || got.FiledDeadlines == 0 {
			t.Errorf("filed: reference %q, receipt code of %d characters, %d deadlines", got.CaseReference, got.ReceiptCodeLen, got.FiledDeadlines)
		}
		if !got.SessionTokenMps || got.ReporterCaseRef != got.CaseReference || got.ReporterStatus != "CASE_STATUS_RECEIVED" {
			t.Errorf("reporter: mps_ token %v, sees case %q (%s); want %s received", got.SessionTokenMps, got.ReporterCaseRef, got.ReporterStatus, got.CaseReference)
		}
		if !got.StaffListed || got.StaffStatus != "CASE_STATUS_RECEIVED" {
			t.Errorf("staff: listed %v (%s); want the new case, received", got.StaffListed, got.StaffStatus)
		}
		if got.NoTokenHTTP != http.StatusUnauthorized || got.NoTokenCode != 16 {
			t.Errorf("no token: HTTP %d code %d; want 401, 16", got.NoTokenHTTP, got.NoTokenCode)
		}
		if got.ReporterAsStaff != http.StatusUnauthorized {
			t.Errorf("reporter token on ListCases: HTTP %d; want 401", got.ReporterAsStaff)
		}
		if want := fmt.Sprintf(`attachment; filename="integriteitsverslag-%d.csv"`, year); got.AnnualHTTP != http.StatusOK ||
			got.AnnualType != "text/csv; charset=utf-8" || got.AnnualDisp != want || !strings.HasPrefix(got.AnnualFirstLine, "jaar;onderdeel;") {
			t.Errorf("annual report as CSV: HTTP %d, %q, %q, first line %q; want 200, text/csv, %s, the CSV header",
				got.AnnualHTTP, got.AnnualType, got.AnnualDisp, got.AnnualFirstLine, want)
		}
		if got.InvalidHTTP != http.StatusBadRequest || got.InvalidCode != 3 || !slices.Contains(got.InvalidFields, "description") {
			t.Errorf("empty description: HTTP %d code %d fields %v; want 400, 3, [description]", got.InvalidHTTP, got.InvalidCode, got.InvalidFields)
		}
	})
}
