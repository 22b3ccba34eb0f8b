package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/pgtest"
	"github.com/utrecht/meldpunt/internal/vault"
)

// rotationEnv is a data directory and database with a keys file and canary cases filed
// through the real service.
type rotationEnv struct {
	dataDir, dbURL string
	keys, oldOnly  string
	canaries       map[string]string // case reference -> description
}

func newRotationEnv(t *testing.T, db string) *rotationEnv {
	t.Helper()
	e := &rotationEnv{dataDir: t.TempDir(), keys: keysInit(t), canaries: map[string]string{}}
	if db == "postgres" {
		e.dbURL = pgtest.NewDatabase(t, "empty", nil)
	}
	e.oldOnly = filepath.Join(t.TempDir(), "old-keys.json")
	b, err := os.ReadFile(e.keys)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.oldOnly, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return e
}

// serve starts a replica with the keys file as it is now (a rollout restarts replicas so).
func (e *rotationEnv) serve(t *testing.T) *server {
	t.Helper()
	return startServerWith(t, e.dataDir, e.dbURL, "--dev", "--keys-file", e.keys)
}

// file files n canary reports through the replica.
func (e *rotationEnv) file(t *testing.T, s *server, n int, label string) {
	t.Helper()
	for i := range n {
		d := fmt.Sprintf("rotation canary %s %d %s", label, i, uuid.NewString())
		e.canaries[s.fileReport(t, anonymousReport(d)).GetCaseReference()] = d
	}
}

// readAll reads every canary back as intake staff through the replica.
func (e *rotationEnv) readAll(t *testing.T, s *server, what string) {
	t.Helper()
	staff := s.staffToken(t, "intake")
	for ref, want := range e.canaries {
		got, err := s.cases.GetCase(ctx(t, staff), &pb.GetCaseRequest{CaseReference: ref})
		if err != nil {
			t.Fatalf("%s: GetCase %s: %v", what, ref, err)
		}
		if got.GetCase().GetDescription() != want {
			t.Fatalf("%s: case %s reads %q, want %q", what, ref, got.GetCase().GetDescription(), want)
		}
	}
}

// keys runs `meldpunt keys ARGS --keys-file KEYS` to its end, asserting exit 0 and that no key
// material is printed, and returns its output.
func (e *rotationEnv) keysCmd(t *testing.T, args ...string) string {
	t.Helper()
	args = append(append([]string{"keys"}, args...), "--keys-file", e.keys, "--log-format", "text")
	out, code := runMeldpunt(t, e.dataDir, e.explicitDBURL(), args...)
	if code != 0 {
		t.Fatalf("meldpunt %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	for _, k := range append(keyValues(t, e.keys), keyValues(t, e.oldOnly)...) {
		if strings.Contains(out, k) {
			t.Fatalf("meldpunt %s printed key material", strings.Join(args, " "))
		}
	}
	return out
}

// explicitDBURL is the database's URL as the rotation commands want it given: never left to the
// default.
func (e *rotationEnv) explicitDBURL() string {
	if e.dbURL != "" {
		return e.dbURL
	}
	return "sqlite://" + filepath.Join(e.dataDir, "meldpunt.db")
}

func (e *rotationEnv) db(t *testing.T) *server { return &server{dataDir: e.dataDir, dbURL: e.dbURL} }

// rotationRow reads the latest key_rotations row: phase, cursor set, re-wrapped count.
func (e *rotationEnv) rotationRow(t *testing.T) (phase string, cursor bool, rewrapped int) {
	t.Helper()
	s := e.db(t)
	var c *string
	if err := s.rawDB(t).QueryRow("SELECT phase, cursor, rewrapped FROM key_rotations ORDER BY id DESC LIMIT 1").
		Scan(&phase, &c, &rewrapped); err != nil {
		t.Fatal(err)
	}
	return phase, c != nil, rewrapped
}

// caseKeys counts the cases, the keys under the KEK key id and the erased keys.
func (e *rotationEnv) caseKeys(t *testing.T, under uint32) (total, underKey, erased int) {
	t.Helper()
	rows, err := e.db(t).rawDB(t).Query("SELECT wrapped_key, content_destroyed_at IS NOT NULL FROM cases")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var key []byte
		var destroyed bool
		if err := rows.Scan(&key, &destroyed); err != nil {
			t.Fatal(err)
		}
		total++
		switch {
		case len(key) == 0 && destroyed:
			erased++
		case len(key) == 0 || destroyed:
			t.Fatalf("a case with a key of %d bytes, destroyed: %v", len(key), destroyed)
		default:
			if id, err := vault.WrappingKeyID(key); err == nil && id == under {
				underKey++
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return total, underKey, erased
}

func (e *rotationEnv) primary(t *testing.T) uint32 {
	t.Helper()
	v, err := vault.Load(e.keys)
	if err != nil {
		t.Fatal(err)
	}
	return v.KEKPrimaryID()
}

var byThisRun = regexp.MustCompile(`\(([\d,]+) by this run\)`)

func rewrappedByRun(t *testing.T, out string) int {
	t.Helper()
	m := byThisRun.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no \"by this run\" count in:\n%s", out)
	}
	n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestKeyRotationWhileServing: the three steps run against a serving replica, each followed by
// its rollout (a restart with the new file). The replica reads every canary at every stage,
// also cases filed during a rollout under the previous key; afterwards the keys file from
// before the rotation is refused by `keys check` and by `serve`.
func TestKeyRotationWhileServing(t *testing.T) {
	t.Parallel()
	for _, db := range databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			e := newRotationEnv(t, db)
			s := e.serve(t)
			e.file(t, s, 4, "before")

			out := e.keysCmd(t, "rotate")
			if !strings.Contains(out, "step 1 of 3 done") || !strings.Contains(out, ".bak-") {
				t.Fatalf("keys rotate, step 1:\n%s", out)
			}
			e.file(t, s, 1, "step 1 not rolled out")
			step1 := filepath.Join(t.TempDir(), "step1-keys.json")
			copyKeysFile(t, e.keys, step1)
			s.stop(t)
			s = e.serve(t) // rollout 1
			e.file(t, s, 2, "step 1")
			e.readAll(t, s, "after rollout 1")

			out = e.keysCmd(t, "rotate", "--rolled-out", "--batch", "2")
			if !strings.Contains(out, "step 2 of 3 done") || !strings.Contains(out, "re-wrap: ") {
				t.Fatalf("keys rotate --rolled-out:\n%s", out)
			}
			e.readAll(t, s, "step 1's replica after step 2")
			e.file(t, s, 2, "straggler")
			s.stop(t)
			s = e.serve(t) // rollout 2
			e.readAll(t, s, "after rollout 2")

			out = e.keysCmd(t, "retire", "--rolled-out")
			if !strings.Contains(out, "step 3 of 3 done") || !strings.Contains(out, "Destroy these backups") {
				t.Fatalf("keys retire --rolled-out:\n%s", out)
			}
			e.readAll(t, s, "step 2's replica after retire")
			s.stop(t)
			s = e.serve(t) // rollout 3
			e.readAll(t, s, "after rollout 3")
			e.file(t, s, 1, "after")
			s.stop(t)
			total, under, _ := e.caseKeys(t, e.primary(t))
			if total != 10 || under != 10 {
				t.Fatalf("%d of %d case keys are under the new key, want all 10", under, total)
			}
			for _, b := range mustGlob(t, e.keys+".bak-*") {
				if info, err := os.Stat(b); err != nil || info.Mode().Perm() != 0o600 {
					t.Fatalf("backup %s: %v, want mode 0600", b, err)
				}
			}

			// The keys file from before the rotation, and the first step's file (the old key
			// primary, the new one beside it — also what its .bak copy holds): a replica
			// started with either would wrap new reports under the retired key.
			for _, old := range []string{e.oldOnly, step1} {
				for name, args := range map[string][]string{
					"keys check": {"keys", "check", "--keys-file", old},
					"serve": {"serve", "--dev", "--keys-file", old, "--log-format", "json",
						"--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0"},
				} {
					out, code := runMeldpunt(t, e.dataDir, e.dbURL, args...)
					if code != 1 || !strings.Contains(out, "the keys file "+old+" does not belong to this database") ||
						strings.Contains(out, `"msg":"serving"`) {
						t.Fatalf("%s with %s after the rotation: exit %d\n%s", name, filepath.Base(old), code, out)
					}
				}
			}
		})
	}
}

func mustGlob(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) == 0 {
		t.Fatalf("no files match %s (%v)", pattern, err)
	}
	return m
}

// TestKeyRotationResumesAfterSIGKILLAndRunsOnce: `keys rotate --rolled-out` is killed with
// SIGKILL halfway through the re-wrap of thousands of cases and run again: it resumes from its
// cursor, and every case key is re-wrapped once. In a second rotation two runs at once, with the
// retention job erasing closed cases meanwhile, re-wrap each key once in all, and the erased
// keys stay erased. The canaries read back with the final keys file.
func TestKeyRotationResumesAfterSIGKILLAndRunsOnce(t *testing.T) {
	t.Parallel()
	for _, db := range databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			e := newRotationEnv(t, db)
			s := e.serve(t)
			e.file(t, s, 3, "canary")
			s.stop(t)
			out, code := runMeldpunt(t, e.dataDir, e.dbURL, "demo", "seed", "--cases", "2500", "--years", "2",
				"--keys-file", e.keys, "--log-format", "text")
			if code != 0 {
				t.Fatalf("demo seed: exit %d\n%s", code, out)
			}

			// Rotation 1: step 2 killed halfway, then resumed.
			e.keysCmd(t, "rotate")
			killHalfway(t, e)
			phase, cursor, before := e.rotationRow(t)
			if phase != "REWRAPPING" || !cursor || before == 0 || before >= 2503 {
				t.Fatalf("after SIGKILL the rotation is %s (cursor %v) with %d re-wrapped; want halfway", phase, cursor, before)
			}
			out = e.keysCmd(t, "rotate", "--batch", "5")
			if n := rewrappedByRun(t, out); n+before != 2503 {
				t.Fatalf("the resumed run re-wrapped %d after %d, want %d in all:\n%s", n, before, 2503, out)
			}
			if _, _, all := e.rotationRow(t); all != 2503 {
				t.Fatalf("the rotation counts %d re-wrapped keys, want each of the 2,503 once", all)
			}
			if total, under, _ := e.caseKeys(t, e.primary(t)); under != total {
				t.Fatalf("%d of %d case keys under the new key after the resumed run", under, total)
			}
			e.keysCmd(t, "retire", "--rolled-out")

			// Rotation 2: two runs at once, and the retention job.
			e.keysCmd(t, "rotate")
			var (
				wg   sync.WaitGroup
				outs [2]string
			)
			for i := range 2 {
				wg.Go(func() { outs[i] = e.keysCmd(t, "rotate", "--rolled-out", "--batch", "5") })
			}
			time.Sleep(200 * time.Millisecond)
			out, code = runMeldpunt(t, e.dataDir, e.dbURL, "retention", "run", "--case-retention", "1h", "--keys-file", e.keys)
			if code != 0 {
				t.Fatalf("retention run: exit %d\n%s", code, out)
			}
			wg.Wait()
			a, b := rewrappedByRun(t, outs[0]), rewrappedByRun(t, outs[1])
			_, _, all := e.rotationRow(t)
			total, under, erased := e.caseKeys(t, e.primary(t))
			t.Logf("two runs at once re-wrapped %d and %d; retention erased %d of %d cases", a, b, erased, total)
			if a+b != all || all > total || all < total-erased || under+erased != total || erased == 0 {
				t.Fatalf("two runs re-wrapped %d + %d, the rotation counts %d; %d cases, %d under the new key, %d erased",
					a, b, all, total, under, erased)
			}
			e.keysCmd(t, "retire", "--rolled-out")
			s = e.serve(t)
			e.readAll(t, s, "after two rotations")
		})
	}
}

// killHalfway runs `keys rotate --rolled-out --batch 5`, kills it with SIGKILL once its
// progress shows a re-wrap under way, and checks it died.
func killHalfway(t *testing.T, e *rotationEnv) {
	t.Helper()
	cmd := exec.Command(meldpuntBin, "keys", "rotate", "--rolled-out", "--batch", "5", "--keys-file", e.keys,
		"--data-dir", e.dataDir, "--log-format", "text", "--database-url", e.explicitDBURL())
	cmd.Env = cleanEnv()
	setProcAttr(cmd)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	progress := regexp.MustCompile(`^re-wrap: ([\d,]+)/([\d,]+) cases`)
	var seen []string
	killed := false
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		seen = append(seen, line)
		if m := progress.FindStringSubmatch(line); m != nil && m[1] != "0" && m[1] != m[2] {
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			killed = true
			break
		}
	}
	err = cmd.Wait()
	if !killed || err == nil {
		t.Fatalf("keys rotate was not killed halfway (%v); it printed:\n%s", err, strings.Join(seen, "\n"))
	}
}

// copyKeysFile copies a keys file, keeping it readable by its owner only.
func copyKeysFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
