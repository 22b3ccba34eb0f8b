package e2e

// The failover topology: a PostgreSQL primary and a synchronous streaming standby of it, made
// with the installed server binaries, and a real HAProxy in TCP mode in front of both as the
// read-write endpoint that the service connects to — with only the primary enabled, switched
// over HAProxy's runtime API after a promotion, as CloudNativePG re-points its -rw Service. See
// failover_test.go for the scenario.

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"

	"github.com/utrecht/meldpunt/internal/pgtest"
)

// startOwnStandby makes a streaming standby of c with pg_basebackup -R through the physical
// replication slot slot, known to the primary by the application name name, and starts it with
// opts on a port of its own. It inherits what the primary has in postgresql.auto.conf.
func (c *ownCluster) startOwnStandby(t testing.TB, name, slot string, opts ...string) *ownCluster {
	t.Helper()
	s := newOwnCluster(t, filepath.Dir(c.dir), "meldpunt-standby-pg-", opts)
	if err := pgtest.BaseBackup(s.dir, c.adminDSN, name, slot); err != nil {
		t.Fatalf("making the standby: %v", err)
	}
	stop, dsn, err := pgtest.StartCluster(s.dir, s.port, opts...)
	if err != nil {
		t.Fatalf("starting the standby: %v", err)
	}
	s.stop, s.adminDSN = stop, dsn
	return s
}

// exec runs statements one by one as the superuser on database postgres.
func (c *ownCluster) exec(t testing.TB, stmts ...string) {
	t.Helper()
	db, err := sql.Open("postgres", c.adminDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, q := range stmts {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// queryString runs a query with one text column and one row as the superuser on database
// postgres.
func (c *ownCluster) queryString(q string, args ...any) (string, error) {
	return c.queryStringIn("postgres", q, args...)
}

// dbURL is the superuser's URL of database name.
func (c *ownCluster) dbURL(name string) string {
	u, err := url.Parse(c.adminDSN)
	if err != nil {
		panic(err) // made by pgtest.StartCluster
	}
	u.Path = "/" + name
	return u.String()
}

// queryStringIn is queryString on database name.
func (c *ownCluster) queryStringIn(name, q string, args ...any) (string, error) {
	db, err := sql.Open("postgres", c.dbURL(name))
	if err != nil {
		return "", err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var s sql.NullString
	err = db.QueryRowContext(ctx, q, args...).Scan(&s)
	return s.String, err
}

// awaitString polls q until it answers want, for up to d.
func (c *ownCluster) awaitString(t testing.TB, d time.Duration, want, q string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		got, err := c.queryString(q, args...)
		if err == nil && got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s answered %q (%v) for %s, want %q", q, got, err, d, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill ends the cluster as losing its machine would: SIGKILL to the postmaster (its pid from
// postmaster.pid) and every process of its session — pg_ctl starts the postmaster in a session
// of its own, so that is the server and all its backends, nothing else — with no shutdown
// checkpoint and no goodbye to clients or the standby. It returns when the postmaster is gone.
func (c *ownCluster) kill(t testing.TB) {
	t.Helper()
	pidFile := filepath.Join(c.dir, "data", "postmaster.pid")
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("reading postmaster.pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil || pid <= 1 {
		t.Fatalf("postmaster.pid starts with %q", strings.SplitN(string(b), "\n", 2)[0])
	}
	target := pid
	if pgid, err := syscall.Getpgid(pid); err == nil && pgid == pid {
		target = -pid // the postmaster leads its process group: kill all of it at once
	}
	if err := syscall.Kill(target, syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL %d: %v", target, err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		// Gone, or a zombie whose parent has not reaped it yet: either way it serves no one.
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) || isZombie(pid) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the postmaster %d still runs 10 s after SIGKILL", pid)
		}
	}
	// The cluster is lost with its machine: never started again. Its stale pid file goes, so that
	// the cleanup's pg_ctl stop cannot signal a process that has since taken the number.
	_ = os.Remove(pidFile)
	if stop := c.stop; stop != nil {
		c.stop = nil
		_ = stop() // ends the watchdog; pg_ctl finds no server, which is the point
	}
}

// isZombie reports whether pid has exited but is not yet reaped.
func isZombie(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// pid (comm) state ...: the state follows the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] == 'Z'
}

// frozenReceiver is a standby's WAL receiver stopped with SIGSTOP.
type frozenReceiver struct {
	pid  int
	once sync.Once
}

// freezeWALReceiver stops the standby's WAL receiver (SIGSTOP): it receives, flushes and confirms
// nothing until thawed, as in a network stall between the two. It is thawed at cleanup at the
// latest, or the standby could not be stopped.
func (c *ownCluster) freezeWALReceiver(t testing.TB) *frozenReceiver {
	t.Helper()
	s, err := c.queryString("SELECT pid::text FROM pg_stat_wal_receiver WHERE status = 'streaming'")
	if err != nil {
		t.Fatalf("the standby's WAL receiver: %v", err)
	}
	pid, err := strconv.Atoi(s)
	if err != nil || pid <= 1 {
		t.Fatalf("the standby's WAL receiver has pid %q", s)
	}
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatalf("SIGSTOP the WAL receiver: %v", err)
	}
	r := &frozenReceiver{pid: pid}
	t.Cleanup(r.thaw)
	return r
}

// thaw lets the WAL receiver run again (SIGCONT); later calls do nothing.
func (r *frozenReceiver) thaw() {
	r.once.Do(func() { _ = syscall.Kill(r.pid, syscall.SIGCONT) })
}

// promote makes the standby the primary (pg_ctl promote -w).
func (c *ownCluster) promote(t testing.TB) {
	t.Helper()
	if err := pgtest.Promote(c.dir); err != nil {
		t.Fatal(err)
	}
}

// pgEndpoint is HAProxy in TCP mode in front of the database nodes: the service's read-write
// endpoint. No health checks: which node is enabled is decided from outside, over the runtime
// API, as the operator (CloudNativePG) decides which pod its -rw Service selects.
type pgEndpoint struct {
	dir    string
	port   int
	cmd    *exec.Cmd
	stderr *syncBuffer
	exited chan struct{}
}

// pgNode is one database node as the endpoint knows it.
type pgNode struct {
	Name     string
	Addr     string
	Disabled bool // starts in maintenance: no connections go to it
}

// pgEndpointConfig: connections go to the one node in state ready (the others are in
// maintenance). A connection to a node that refuses it is closed at once (no retries), so the
// service sees the outage as a broken connection rather than a wait. The client and server
// timeouts are longer than the service keeps an idle pooled connection.
var pgEndpointConfig = template.Must(template.New("haproxy-pg.cfg").Parse(`global
    maxconn 1000
    stats socket {{.Dir}}/admin.sock mode 600 level admin

defaults
    mode tcp
    timeout connect 2s
    timeout client 30m
    timeout server 30m
    retries 0

frontend pg_rw
    bind 127.0.0.1:{{.Port}}
    default_backend pg

backend pg
{{range .Nodes}}    server {{.Name}} {{.Addr}}{{if .Disabled}} disabled{{end}}
{{end}}`))

// startPGEndpoint starts HAProxy in TCP mode in front of nodes and waits until its admin socket
// answers.
func startPGEndpoint(t testing.TB, bin string, nodes []pgNode) *pgEndpoint {
	t.Helper()
	dir := t.TempDir()
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ { // a port picked by binding :0 may be taken meanwhile
		port, err := freeTCPPort()
		if err != nil {
			t.Fatal(err)
		}
		var cfg bytes.Buffer
		if err := pgEndpointConfig.Execute(&cfg, map[string]any{"Dir": dir, "Port": port, "Nodes": nodes}); err != nil {
			t.Fatal(err)
		}
		cfgPath := filepath.Join(dir, "haproxy.cfg")
		if err := os.WriteFile(cfgPath, cfg.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		e := &pgEndpoint{dir: dir, port: port, stderr: &syncBuffer{}, exited: make(chan struct{})}
		e.cmd = exec.Command(bin, "-db", "-f", cfgPath)
		e.cmd.Stdout, e.cmd.Stderr = e.stderr, e.stderr
		setProcAttr(e.cmd)
		if err := e.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { _ = e.cmd.Wait(); close(e.exited) }()
		if lastErr = e.awaitAdmin(10 * time.Second); lastErr == nil {
			t.Cleanup(func() {
				_ = e.cmd.Process.Signal(syscall.SIGTERM)
				select {
				case <-e.exited:
				case <-time.After(5 * time.Second):
					_ = e.cmd.Process.Kill()
					<-e.exited
				}
				if out := e.stderr.String(); t.Failed() && out != "" {
					t.Logf("haproxy (database endpoint) stderr:\n%s", out)
				}
			})
			return e
		}
		_ = e.cmd.Process.Kill()
		<-e.exited
	}
	t.Fatalf("haproxy as the database endpoint: %v", lastErr)
	return nil
}

func (e *pgEndpoint) awaitAdmin(d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		select {
		case <-e.exited:
			return fmt.Errorf("haproxy exited at start:\n%s", e.stderr.String())
		default:
		}
		if _, err := e.admin("show info"); err == nil {
			return nil
		} else if time.Now().After(deadline) {
			return fmt.Errorf("no answer on the admin socket within %s: %v\n%s", d, err, e.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// dbURL is the URL the service connects to: database name through the endpoint.
func (e *pgEndpoint) dbURL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", e.port, name)
}

// admin sends one command to HAProxy's runtime API and returns its answer; an answer that is not
// empty for a command that should be silent is the caller's to judge.
func (e *pgEndpoint) admin(cmd string) (string, error) {
	c, err := net.DialTimeout("unix", filepath.Join(e.dir, "admin.sock"), time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.WriteString(c, cmd+"\n"); err != nil {
		return "", err
	}
	b, err := io.ReadAll(c)
	return strings.TrimSpace(string(b)), err
}

// switchTo puts node in state ready and every other node of nodes in maintenance, and checks
// that HAProxy now sends connections to node only.
func (e *pgEndpoint) switchTo(t testing.TB, node string, nodes []pgNode) {
	t.Helper()
	for _, n := range nodes {
		state := "maint"
		if n.Name == node {
			state = "ready"
		}
		if out, err := e.admin("set server pg/" + n.Name + " state " + state); err != nil || out != "" {
			t.Fatalf("set server pg/%s state %s: %q %v", n.Name, state, out, err)
		}
	}
	out, err := e.admin("show servers state pg")
	if err != nil {
		t.Fatal(err)
	}
	// Columns: be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state ...; an
	// operational state of 2 is running (a node in maintenance is 0, stopped). A node configured
	// "disabled" keeps that flag in its administrative state after "ready", so it is not read.
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 7 || f[1] != "pg" {
			continue
		}
		enabled := f[5] == "2"
		if enabled != (f[3] == node) {
			t.Fatalf("after switching to %s, HAProxy has %s with operational state %s, administrative state %s:\n%s", node, f[3], f[5], f[6], out)
		}
	}
}
