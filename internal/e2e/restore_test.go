package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/pgtest"
	"github.com/utrecht/meldpunt/internal/testenv"
)

// pgTool returns a PostgreSQL program from the installed server binaries; without them the test
// fails, or skips when allowed (testenv.Missing).
func pgTool(t *testing.T, name string) string {
	t.Helper()
	p, err := pgtest.Tool(name)
	if err != nil {
		testenv.Missing(t, "postgresql", fmt.Sprintf("%s not available: %v", name, err), pgtest.InstallHint)
	}
	return p
}

// runTool runs a program to its end and returns its combined output; it fails the test when the
// program fails.
func runTool(t *testing.T, argv ...string) []byte {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(c, argv[0], argv[1:]...)
	cmd.Env = cleanEnv()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", filepath.Base(argv[0]), err, out.String())
	}
	return out.Bytes()
}

// drillCase is a case filed before the backup, with what only the keys can bring back.
type drillCase struct {
	ref, code  string // the receipt code is never logged
	canary     string // in the report text
	ack, reply string // staff's acknowledgement message and the reporter's message
}

// TestRestoreDrill: a backup is a pg_dump in custom format, taken while the service runs, and
// restored with pg_restore into a new database on another PostgreSQL server — the steps of the
// restore drill in deploy/README.md. With the keys file of the original (kept apart from the
// backup) the restored service is the same service: it starts with --migrate=off (the dump
// carries the schema version), every receipt code opens its report with the staff's messages,
// staff read the report text and the reporter's messages, every case's audit trail is the same
// as before and `meldpunt audit verify` finds it intact. The dump itself holds no report text and
// no receipt code, and the restored database refuses a fresh keys file ("does not belong to this
// database"): without the keys file the backup is worthless.
func TestRestoreDrill(t *testing.T) {
	t.Parallel()
	pgDump, pgRestore := pgTool(t, "pg_dump"), pgTool(t, "pg_restore")

	// The service in production: its database and its keys file.
	source := pgtest.NewDatabase(t, "empty", nil)
	keys := newKeysFile(t, t.TempDir())
	s := startServerWith(t, t.TempDir(), source, "--dev", "--keys-file", keys)
	intake := s.tokenFor(t, "ivo", "intake")
	var cases []drillCase
	for range 3 {
		c := drillCase{canary: "canary-" + randHex(8), ack: "Ontvangen, canary-" + randHex(8), reply: "Aanvulling, canary-" + randHex(8)}
		filed := s.fileReport(t, anonymousReport("Mijn leidinggevende scheldt mij uit waar collega's bij zijn. "+c.canary))
		c.ref, c.code = filed.GetCaseReference(), filed.GetReceiptCode()
		reporter := s.openSession(t, c.code)
		if _, err := s.reporter.SendMyMessage(ctx(t, reporter), &pb.SendMyMessageRequest{Body: c.reply}); err != nil {
			t.Fatalf("SendMyMessage: %v", err)
		}
		if _, err := s.cases.AcknowledgeCase(ctx(t, intake), &pb.AcknowledgeCaseRequest{CaseReference: c.ref, Message: c.ack}); err != nil {
			t.Fatalf("AcknowledgeCase: %v", err)
		}
		if _, err := s.cases.GetCase(ctx(t, intake), &pb.GetCaseRequest{CaseReference: c.ref}); err != nil {
			t.Fatalf("GetCase: %v", err)
		}
		if _, err := s.cases.ListCaseMessages(ctx(t, intake), &pb.ListCaseMessagesRequest{CaseReference: c.ref}); err != nil {
			t.Fatalf("ListCaseMessages: %v", err)
		}
		cases = append(cases, c)
	}
	trails := map[string]string{}
	for _, c := range cases {
		out, code := runMeldpunt(t, t.TempDir(), source, "audit", "list", "--case", c.ref)
		if code != 0 || !strings.Contains(out, "staff:ivo") {
			t.Fatalf("audit list %s on the original: exit %d\n%s", c.ref, code, out)
		}
		trails[c.ref] = out
	}

	// The nightly backup, taken while the service runs.
	dump := filepath.Join(t.TempDir(), "meldpunt.dump")
	runTool(t, pgDump, "--format=custom", "--file="+dump, "--dbname="+source)
	if list := runTool(t, pgRestore, "--list", dump); !bytes.Contains(list, []byte("TABLE DATA public cases")) {
		t.Fatalf("pg_restore --list does not show the cases' data:\n%s", list)
	}
	// What the backup shows without the keys: no report text, no message, no receipt code.
	plain := runTool(t, pgRestore, "--file=-", dump)
	for _, c := range cases {
		for what, secret := range map[string]string{"report text": c.canary, "a staff message": c.ack, "a reporter's message": c.reply, "a receipt code": c.code} {
			if bytes.Contains(plain, []byte(secret)) {
				t.Errorf("the dump holds %s in the clear (case %s)", what, c.ref)
			}
		}
	}
	s.stop(t) // the original server is gone

	// Restore into a new database on another server.
	pg := startOwnCluster(t, pgtest.FastOpts...)
	pg.exec(t, "CREATE DATABASE meldpunt_restored TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'")
	restored := pg.dbURL("meldpunt_restored")
	runTool(t, pgRestore, "--dbname="+restored, "--no-owner", "--exit-on-error", "--single-transaction", dump)

	// A fresh keys file is refused: by keys check and by serve, which exits 1 before serving.
	fresh := newKeysFile(t, t.TempDir())
	for _, args := range [][]string{
		{"keys", "check", "--keys-file", fresh},
		{"serve", "--dev", "--keys-file", fresh, "--log-format", "json", "--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0"},
	} {
		out, code := runMeldpunt(t, t.TempDir(), restored, args...)
		if code != 1 || !strings.Contains(out, "does not belong to this database") || strings.Contains(out, `"msg":"serving"`) {
			t.Errorf("meldpunt %s with a fresh keys file on the restored database: exit %d, want 1 with \"does not belong to this database\":\n%s", args[0], code, out)
		}
	}
	if out, code := runMeldpunt(t, t.TempDir(), restored, "keys", "check", "--keys-file", keys); code != 0 || !strings.Contains(out, "belongs to this database") {
		t.Fatalf("keys check with the original keys file on the restored database: exit %d\n%s", code, out)
	}

	// The original keys file: the same service, on a schema it finds current.
	r := startServerWith(t, t.TempDir(), restored, "--dev", "--keys-file", keys, "--migrate=off")
	intake = r.tokenFor(t, "ivo", "intake")
	for _, c := range cases {
		// The reporter comes back with the receipt code.
		reporter := r.openSession(t, c.code)
		mine, err := r.reporter.GetMyCase(ctx(t, reporter), &pb.GetMyCaseRequest{})
		if err != nil {
			t.Fatalf("GetMyCase after the restore: %v", err)
		}
		if mine.GetCase().GetCaseReference() != c.ref || !strings.Contains(mine.GetCase().GetDescription(), c.canary) || mine.GetCase().GetAcknowledgedAt() == nil {
			t.Errorf("case %s: the receipt code opens %s (report text back: %t, acknowledged: %t)", c.ref, mine.GetCase().GetCaseReference(),
				strings.Contains(mine.GetCase().GetDescription(), c.canary), mine.GetCase().GetAcknowledgedAt() != nil)
		}
		msgs, err := r.reporter.ListMyMessages(ctx(t, reporter), &pb.ListMyMessagesRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if !hasMessage(msgs.GetMessages(), c.ack) || !hasMessage(msgs.GetMessages(), c.reply) {
			t.Errorf("case %s: the reporter does not see both messages after the restore (%d messages)", c.ref, len(msgs.GetMessages()))
		}

		// Staff read the report and the reporter's message.
		got, err := r.cases.GetCase(ctx(t, intake), &pb.GetCaseRequest{CaseReference: c.ref})
		if err != nil {
			t.Fatalf("GetCase after the restore: %v", err)
		}
		if !strings.Contains(got.GetCase().GetDescription(), c.canary) {
			t.Errorf("case %s: staff do not read the report text after the restore", c.ref)
		}
		staffMsgs, err := r.cases.ListCaseMessages(ctx(t, intake), &pb.ListCaseMessagesRequest{CaseReference: c.ref})
		if err != nil {
			t.Fatal(err)
		}
		if !hasMessage(staffMsgs.GetMessages(), c.reply) {
			t.Errorf("case %s: staff do not read the reporter's message after the restore", c.ref)
		}
	}
	r.stop(t)

	// Every trail came across as it was and verifies intact.
	for _, c := range cases {
		out, code := runMeldpunt(t, t.TempDir(), restored, "audit", "list", "--case", c.ref)
		if code != 0 {
			t.Fatalf("audit list %s on the restored database: exit %d\n%s", c.ref, code, out)
		}
		// The original events, each once (the restored service's reads come on top).
		if missing := missingLines(trails[c.ref], out); len(missing) > 0 {
			t.Errorf("case %s: the restored trail lacks %d events of the original:\n%s", c.ref, len(missing), strings.Join(missing, "\n"))
		}
		out, code = runMeldpunt(t, t.TempDir(), restored, "audit", "verify", "--case", c.ref, "--keys-file", keys, "--as", "restore-drill")
		if code != 0 || !strings.Contains(out, "intact") {
			t.Errorf("audit verify %s on the restored database: exit %d\n%s", c.ref, code, out)
		}
	}
}

// missingLines returns the lines of want that got lacks (as many times as they are lacking),
// comparing their words: the table's columns widen with longer rows.
func missingLines(want, got string) []string {
	have := map[string]int{}
	for _, l := range strings.Split(got, "\n") {
		have[strings.Join(strings.Fields(l), " ")]++
	}
	var missing []string
	for _, l := range strings.Split(want, "\n") {
		k := strings.Join(strings.Fields(l), " ")
		if have[k] > 0 {
			have[k]--
		} else {
			missing = append(missing, l)
		}
	}
	return missing
}

func hasMessage(ms []*pb.Message, body string) bool {
	for _, m := range ms {
		if m.GetBody() == body {
			return true
		}
	}
	return false
}
