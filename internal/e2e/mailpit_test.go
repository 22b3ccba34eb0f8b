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
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/utrecht/meldpunt/internal/testenv"
)

// mailpit is a running mailpit (v1.33.1, built by scripts/build-mailpit): a real SMTP server with
// STARTTLS (a certificate of the test's own CA) and AUTH (one user, a bcrypt password file), whose
// HTTP API the tests read the delivered messages back through.
type mailpit struct {
	smtpPort int
	api      string
	ca       *testCA
	password string // the password file for --smtp-password-file
}

var (
	mailpitOnce sync.Once
	mailpitPath string
	mailpitErr  error
)

// mailpitBinary builds mailpit once per test binary (or finds it in the cache).
func mailpitBinary(t *testing.T) string {
	t.Helper()
	mailpitOnce.Do(func() {
		root, err := filepath.Abs("../..")
		if err != nil {
			mailpitErr = err
			return
		}
		var stderr bytes.Buffer
		cmd := exec.Command(filepath.Join(root, "scripts", "build-mailpit"))
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			mailpitErr = fmt.Errorf("scripts/build-mailpit: %v\n%s", err, stderr.String())
			return
		}
		mailpitPath = strings.TrimSpace(string(out))
	})
	if mailpitErr != nil {
		testenv.Missing(t, "mailpit", fmt.Sprintf("no SMTP server to send notifications to: %v", mailpitErr), "scripts/build-mailpit builds it from the Go module proxy")
	}
	return mailpitPath
}

// startMailpit runs mailpit until the test ends; extra flags are added (e.g. --ignore-duplicate-ids).
func startMailpit(t *testing.T, extra ...string) *mailpit {
	t.Helper()
	bin := mailpitBinary(t)
	dir := t.TempDir()
	ca := newTestCA(t, dir)
	password := randHex(12)
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	authFile, pwFile := filepath.Join(dir, "smtp-users"), filepath.Join(dir, "smtp-password")
	if err := os.WriteFile(authFile, []byte("meldpunt:"+string(hash)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pwFile, []byte(password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := freePorts(t, 2)
	args := append([]string{
		"--smtp", fmt.Sprintf("127.0.0.1:%d", p[0]), "--listen", fmt.Sprintf("127.0.0.1:%d", p[1]),
		"--database", filepath.Join(dir, "mailpit.db"), "--quiet",
		"--smtp-tls-cert", ca.crtKey, "--smtp-tls-key", ca.crtKey, "--smtp-require-starttls",
		"--smtp-auth-file", authFile, "--smtp-disable-rdns", "--max", "0",
	}, extra...)
	var logs bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	setProcAttr(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start mailpit: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("mailpit's output:\n%s", logs.String())
		}
	})
	m := &mailpit{smtpPort: p[0], api: fmt.Sprintf("http://127.0.0.1:%d", p[1]), ca: ca, password: pwFile}
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(m.api + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return m
			}
		}
		select {
		case <-exited:
			t.Fatalf("mailpit exited:\n%s", logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit's API did not answer within 30 s:\n%s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// serverFlags are the flags that make a meldpunt server send its notifications here.
func (m *mailpit) serverFlags(extra ...string) []string {
	return append([]string{
		"--smtp-host", "localhost", "--smtp-port", strconv.Itoa(m.smtpPort),
		"--smtp-user", "meldpunt", "--smtp-password-file", m.password, "--smtp-ca-file", m.ca.caPEM,
		"--notify-from", "meldpunt@utrecht.example", "--notify-workspace-url", "https://meldpunt.utrecht.example/medewerkers/",
		"--notify-interval", "100ms", "--notify-digest-hour", "-1", // the digest only where a test asks for it
	}, extra...)
}

// mail is one delivered message as mailpit's list shows it.
type mail struct {
	ID        string `json:"ID"`
	MessageID string `json:"MessageID"`
	To        []struct {
		Address string `json:"Address"`
	} `json:"To"`
	Subject string `json:"Subject"`
}

func (m *mailpit) getJSON(t *testing.T, path string, v any) {
	t.Helper()
	res, err := http.Get(m.api + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("mailpit %s: HTTP %d %v: %s", path, res.StatusCode, err, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
}

// messages lists every delivered message.
func (m *mailpit) messages(t *testing.T) []mail {
	t.Helper()
	var out []mail
	for start := 0; ; start += 500 {
		var page struct {
			Total    int    `json:"total"`
			Messages []mail `json:"messages"`
		}
		m.getJSON(t, fmt.Sprintf("/api/v1/messages?start=%d&limit=500", start), &page)
		out = append(out, page.Messages...)
		if len(page.Messages) < 500 {
			return out
		}
	}
}

// count is the number of delivered messages.
func (m *mailpit) count(t *testing.T) int {
	t.Helper()
	var page struct {
		Total int `json:"total"`
	}
	m.getJSON(t, "/api/v1/messages?limit=1", &page)
	return page.Total
}

// source returns everything of one message a reader could see: the raw source (headers and
// encoded body) and the decoded text and HTML parts.
func (m *mailpit) source(t *testing.T, id string) string {
	t.Helper()
	res, err := http.Get(m.api + "/api/v1/message/" + id + "/raw")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	var msg struct {
		Text string `json:"Text"`
		HTML string `json:"HTML"`
	}
	m.getJSON(t, "/api/v1/message/"+id, &msg)
	return string(raw) + "\n" + msg.Text + "\n" + msg.HTML
}

// await waits until n messages were delivered, then a while longer, and fails unless exactly n
// were: none missing, none extra.
func (m *mailpit) await(t *testing.T, n int, what string) []mail {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for m.count(t) < n && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(700 * time.Millisecond) // several of the senders' intervals: anything extra would arrive
	got := m.messages(t)
	if len(got) != n {
		t.Fatalf("%s: %d messages delivered, want %d", what, len(got), n)
	}
	return got
}
