package e2e

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// auditCLI runs `meldpunt audit ARGS...` on the server's data and returns its stdout, its
// stderr and whether it succeeded.
func (s *server) auditCLI(t *testing.T, args ...string) (string, string, bool) {
	t.Helper()
	args = append(append([]string{"audit"}, args...), "--data-dir", s.dataDir)
	if s.dbURL != "" {
		args = append(args, "--database-url", s.dbURL)
	}
	cmd := exec.Command(meldpuntBin, args...)
	cmd.Env = cleanEnv()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("meldpunt audit %v: %v", args, err)
	}
	return out.String(), errOut.String(), err == nil
}

// TestTheAuditorKeepsACheckpointAndFindsRemovalsBeforeIt: the auditor (and only the auditor)
// downloads the latest signed checkpoint over gRPC and REST; `meldpunt audit verify --all
// --checkpoint FILE` passes on the untouched database, and after events written before the
// checkpoint are removed with the case's head moved back — which the case's own verification
// cannot see — names the case; a changed note or another public key is refused, saying why.
func TestTheAuditorKeepsACheckpointAndFindsRemovalsBeforeIt(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		auditor := s.tokenFor(t, "aud", "auditor")
		intake := s.tokenFor(t, "ivo", "intake")
		admin := s.tokenFor(t, "admin-1", "admin")
		trail := pb.NewAuditServiceClient(s.conn)

		// serve made one at start (and makes one every --audit-checkpoint-interval).
		deadline := time.Now().Add(15 * time.Second)
		for {
			first, err := trail.GetAuditCheckpoint(ctx(t, auditor), &pb.GetAuditCheckpointRequest{})
			if err == nil && strings.HasPrefix(first.GetNote(), "meldpunt audit checkpoint v1\n") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no checkpoint made by serve at start: %v %v", first, err)
			}
			time.Sleep(100 * time.Millisecond)
		}

		var refs []string
		for i := range 3 {
			filed := s.fileReport(t, anonymousReport("A case kept in a checkpoint. "+randHex(4)))
			refs = append(refs, filed.GetCaseReference())
			for range i + 2 {
				if _, err := s.cases.GetCase(ctx(t, intake), &pb.GetCaseRequest{CaseReference: filed.GetCaseReference()}); err != nil {
					t.Fatal(err)
				}
			}
		}
		// A checkpoint now (serve makes one at start and every hour).
		if _, errOut, ok := s.auditCLI(t, "checkpoint", "--out", filepath.Join(t.TempDir(), "cli.txt")); !ok {
			t.Fatalf("meldpunt audit checkpoint: %s", errOut)
		}

		// Only the auditor downloads it.
		for _, tok := range []string{intake, admin, ""} {
			_, err := trail.GetAuditCheckpoint(ctx(t, tok), &pb.GetAuditCheckpointRequest{})
			wantCodeIn(t, err, codes.PermissionDenied, codes.Unauthenticated)
		}
		s.rest(t, http.MethodGet, "/v1/audit/checkpoint", intake, nil).wantError(t, http.StatusForbidden)
		s.rest(t, http.MethodGet, "/v1/audit/checkpoint", admin, nil).wantError(t, http.StatusForbidden)
		cp, err := trail.GetAuditCheckpoint(ctx(t, auditor), &pb.GetAuditCheckpointRequest{})
		if err != nil {
			t.Fatalf("GetAuditCheckpoint: %v", err)
		}
		if cp.GetSize() < 3 || !strings.HasPrefix(cp.GetNote(), "meldpunt audit checkpoint v1\n") || !strings.HasPrefix(cp.GetPublicKey(), "meldpunt-audit+") {
			t.Fatalf("checkpoint: %v", cp)
		}
		var viaREST struct {
			Note      string `json:"note"`
			Size      string `json:"size"`
			PublicKey string `json:"publicKey"`
		}
		s.rest(t, http.MethodGet, "/v1/audit/checkpoint", auditor, nil).want(t, http.StatusOK, &viaREST)
		if viaREST.Note != cp.GetNote() || viaREST.PublicKey != cp.GetPublicKey() {
			t.Fatalf("REST checkpoint %+v differs from gRPC's %v", viaREST, cp)
		}
		// And from the auditor's page, as a file to save; not for others.
		page := libSignIn(t, s, "otto", "Otto Audit", "auditor")
		res, body := page.do("GET", "/medewerkers/audit", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `href="/medewerkers/audit/checkpoint"`) {
			t.Fatalf("the audit page: %d, without the checkpoint link", res.StatusCode)
		}
		res, body = page.do("GET", "/medewerkers/audit/checkpoint", nil)
		if res.StatusCode != http.StatusOK || body != cp.GetNote() ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("the page's download: %d %v\n%s", res.StatusCode, res.Header, body)
		}
		if res, _ := libSignIn(t, s, "ines", "Ines Intake", "intake").do("GET", "/medewerkers/audit/checkpoint", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("intake downloads the checkpoint from the page: %d", res.StatusCode)
		}

		printed, _, ok := s.auditCLI(t, "checkpoint", "--public-key")
		if !ok || strings.TrimSpace(printed) != cp.GetPublicKey() {
			t.Fatalf("printed public key %q, served %q", printed, cp.GetPublicKey())
		}
		dir := t.TempDir()
		file := filepath.Join(dir, "checkpoint.txt")
		if err := os.WriteFile(file, []byte(cp.GetNote()), 0o600); err != nil {
			t.Fatal(err)
		}

		out, errOut, ok := s.auditCLI(t, "verify", "--all", "--checkpoint", file, "--public-key", cp.GetPublicKey(), "--as", "e2e-auditor")
		if !ok || !strings.Contains(out, "intact") || !strings.Contains(errOut, "verified ") {
			t.Fatalf("verify --all --checkpoint on an untouched database:\n%s\n%s", out, errOut)
		}

		// Someone with database access removes the second case's latest event and moves its head
		// back to the event before: a trail that ends at its head, with every link intact.
		db := s.rawDB(t)
		// (The auditor's listing is an event after the checkpoint.)
		if _, err := trail.ListAuditEvents(ctx(t, auditor), &pb.ListAuditEventsRequest{CaseReference: refs[1], PageSize: 100}); err != nil {
			t.Fatal(err)
		}
		var caseID string
		if err := db.QueryRow(s.sqlQuery(`SELECT id FROM cases WHERE reference = ?`), refs[1]).Scan(&caseID); err != nil {
			t.Fatal(err)
		}
		// The latest is the auditor's listing just now; the one before it the last intake read.
		var macs = map[string][]byte{}
		rows, err := db.Query(s.sqlQuery(`SELECT id, mac FROM audit_events WHERE case_id = ?`), caseID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			var mac []byte
			if err := rows.Scan(&id, &mac); err != nil {
				t.Fatal(err)
			}
			macs[id] = mac
		}
		rows.Close()
		var prevOfHead []byte
		var head string
		if err := db.QueryRow(s.sqlQuery(`SELECT e.id, e.prev_mac FROM audit_events e JOIN audit_heads h ON h.mac = e.mac WHERE h.id = ?`), caseID).Scan(&head, &prevOfHead); err != nil {
			t.Fatal(err)
		}
		var lastRead string
		for id, mac := range macs {
			if bytes.Equal(mac, prevOfHead) {
				lastRead = id
			}
		}
		var prevOfLastRead []byte
		if err := db.QueryRow(s.sqlQuery(`SELECT prev_mac FROM audit_events WHERE id = ?`), lastRead).Scan(&prevOfLastRead); err != nil {
			t.Fatal(err)
		}
		// Remove the last read (before the checkpoint) and the listing (after it).
		for _, id := range []string{head, lastRead} {
			if _, err := db.Exec(s.sqlQuery(`DELETE FROM audit_events WHERE id = ?`), id); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Exec(s.sqlQuery(`UPDATE audit_heads SET mac = ? WHERE id = ?`), prevOfLastRead, caseID); err != nil {
			t.Fatal(err)
		}
		out, _, ok = s.auditCLI(t, "verify", "--all", "--as", "e2e-auditor")
		if !ok {
			t.Fatalf("verify --all without a checkpoint cannot see this removal, yet failed:\n%s", out)
		}
		out, _, ok = s.auditCLI(t, "verify", "--all", "--checkpoint", file, "--as", "e2e-auditor")
		if ok || !strings.Contains(out, refs[1]+"\tremoved") || strings.Contains(out, refs[0]) || strings.Contains(out, refs[2]) {
			t.Fatalf("verify --all --checkpoint after a removal before the checkpoint:\n%s", out)
		}

		// A changed note, and another key, are refused with the reason.
		lines := strings.Split(cp.GetNote(), "\n")
		changed := filepath.Join(dir, "changed.txt")
		if err := os.WriteFile(changed, []byte(strings.Replace(cp.GetNote(), lines[2], "AAAA"+lines[2][4:], 1)), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, errOut, ok := s.auditCLI(t, "verify", "--all", "--checkpoint", changed); ok || !strings.Contains(errOut, "changed after signing") {
			t.Errorf("a changed note: %s", errOut)
		}
		other := "meldpunt-audit+00000000+AQ" + strings.Repeat("A", 42) + "="
		if _, errOut, ok := s.auditCLI(t, "verify", "--all", "--checkpoint", file, "--public-key", other); ok || !strings.Contains(errOut, "public key") {
			t.Errorf("a malformed key: %s", errOut)
		}

		// The third case's latest event and its head removed: every way of verifying says so.
		var thirdID string
		if err := db.QueryRow(s.sqlQuery(`SELECT id FROM cases WHERE reference = ?`), refs[2]).Scan(&thirdID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(s.sqlQuery(`DELETE FROM audit_events WHERE mac = (SELECT mac FROM audit_heads WHERE id = ?)`), thirdID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(s.sqlQuery(`DELETE FROM audit_heads WHERE id = ?`), thirdID); err != nil {
			t.Fatal(err)
		}
		v, err := trail.VerifyAuditTrail(ctx(t, auditor), &pb.VerifyAuditTrailRequest{CaseReference: refs[2]})
		if err != nil || v.GetIntact() || !v.GetHeadMissing() {
			t.Fatalf("gRPC verification without the head: %v %v", v, err)
		}
		var viaRESTv struct {
			Intact            bool     `json:"intact"`
			HeadMissing       bool     `json:"headMissing"`
			RestartedEventIds []string `json:"restartedEventIds"`
		}
		s.rest(t, http.MethodPost, "/v1/cases/"+refs[2]+"/audit:verify", auditor, map[string]any{}).want(t, http.StatusOK, &viaRESTv)
		if viaRESTv.Intact || len(viaRESTv.RestartedEventIds) != 1 {
			t.Errorf("REST verification after the head was removed: %+v", viaRESTv)
		}
		if out, ok := s.auditVerifyCLI(t, refs[2]); ok || !strings.Contains(out, "restarted") {
			t.Errorf("meldpunt audit verify after the head was removed:\n%s", out)
		}
		out, _, ok = s.auditCLI(t, "verify", "--all", "--as", "e2e-auditor")
		if ok || !strings.Contains(out, refs[2]+"\trestarted") {
			t.Errorf("verify --all after the head was removed:\n%s", out)
		}
	})
}
