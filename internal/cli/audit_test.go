package cli

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/audittrail"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/ratelimit"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// TestVerifyAgainstAPrunedCheckpointSaysSoAndExits2: `meldpunt audit verify --all --checkpoint`
// against a checkpoint older than --audit-checkpoint-keep whose detail the hourly job pruned
// — pruned by serve's hourly checkpoint job — says so in plain words, names the day's first checkpoint and exits 2, not 1;
// `meldpunt audit checkpoint --at` writes that one's note, which verifies intact. With a keep
// window that covers the checkpoint, its missing detail is a finding (exit 1).
func TestVerifyAgainstAPrunedCheckpointSaysSoAndExits2(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	keys := filepath.Join(t.TempDir(), "keys.json")
	if out, err := run(t, "keys", "init", "--keys-file", keys); err != nil {
		t.Fatalf("keys init: %v\n%s", err, out)
	}
	if out, err := run(t, "migrate", "--data-dir", dir); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	st, err := store.Open(ctx, store.SQLiteURL(dir), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.Load(keys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Bind(ctx, st.KeyChecks(), true); err != nil {
		t.Fatal(err)
	}
	seal := audit.SealerFrom(v)
	st.SetAuditSealer(seal)
	svc, err := cases.New(cases.Config{Repo: st.Cases(), Vault: v, Limiter: ratelimit.New(ratelimit.Config{}), Policy: cases.DefaultPolicy()})
	if err != nil {
		t.Fatal(err)
	}
	f, err := svc.FileReport(ctx, cases.NewReport{IdempotencyKey: uuid.NewString(), Category: "BULLYING", Anonymity: cases.Anonymous,
		Content: cases.ReportContent{Description: "A report checkpointed a while ago."}})
	if err != nil {
		t.Fatal(err)
	}
	var now time.Time
	trail, err := audittrail.New(audittrail.Config{Repo: st.AuditTrails(), Seal: seal, Checkpoints: st.AuditTrails(),
		CheckpointKey: audit.CheckpointKey(v), Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -8)
	now = day.Add(10 * time.Minute)
	first, cpFirst, _, err := trail.MakeCheckpoint(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.GetCase(ctx, cases.StaffActor{Subject: "alice", Intake: true}, f.Summary.Reference); err != nil {
		t.Fatal(err)
	}
	now = day.Add(5*time.Hour + 10*time.Minute)
	later, _, _, err := trail.MakeCheckpoint(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	// serve's hourly job prunes the later one (the day's first keeps its leaves).
	now = time.Now()
	jobCtx, stop := context.WithCancel(ctx)
	jobDone := make(chan struct{})
	go func() { defer close(jobDone); checkpointLoop(jobCtx, trail, time.Hour, slog.New(slog.DiscardHandler)) }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		cs, err := st.AuditTrails().CheckpointsBetween(ctx, day, day.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) == 2 && !cs[0].Pruned && cs[1].Pruned {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the checkpoint job did not prune the later checkpoint: %+v", cs)
		}
	}
	stop()
	<-jobDone
	st.Close()

	tmp := t.TempDir()
	laterFile, firstFile := filepath.Join(tmp, "later.txt"), filepath.Join(tmp, "first.txt")
	if err := os.WriteFile(laterFile, []byte(later), 0o600); err != nil {
		t.Fatal(err)
	}
	at := cpFirst.Time.Format(time.RFC3339)
	out, err := run(t, "audit", "verify", "--all", "--checkpoint", laterFile, "--data-dir", dir, "--keys-file", keys, "--as", "test")
	if ExitCode(err) != 2 || !strings.Contains(out, "was pruned") || !strings.Contains(out, "made at "+at) ||
		!strings.Contains(out, "incomplete") || strings.Contains(out, "removed from the database") || strings.Contains(out, "\nintact") {
		t.Fatalf("verify against a pruned checkpoint: exit %d (%v)\n%s", ExitCode(err), err, out)
	}
	if out, err := run(t, "audit", "checkpoint", "--at", at, "--out", firstFile, "--data-dir", dir, "--keys-file", keys); err != nil {
		t.Fatalf("checkpoint --at %s: %v\n%s", at, err, out)
	}
	if b, err := os.ReadFile(firstFile); err != nil || string(b) != first {
		t.Fatalf("checkpoint --at wrote %q (%v), want the day's first note", b, err)
	}
	out, err = run(t, "audit", "verify", "--all", "--checkpoint", firstFile, "--data-dir", dir, "--keys-file", keys, "--as", "test")
	if err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("verify against the day's first checkpoint: %v\n%s", err, out)
	}
	out, err = run(t, "audit", "verify", "--all", "--checkpoint", laterFile, "--audit-checkpoint-keep", "720h", "--data-dir", dir, "--keys-file", keys, "--as", "test")
	if ExitCode(err) != 1 || !strings.Contains(out, "not pruned but removed") {
		t.Fatalf("verify with a keep window covering the checkpoint: exit %d (%v)\n%s", ExitCode(err), err, out)
	}
}
