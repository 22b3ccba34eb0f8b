package e2e

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/pgtest"
)

// startRounds is how many times TestLoadBalancedStartTogether starts three replicas at once.
const startRounds = 20

// TestLoadBalancedStartTogether: three replicas started at the same moment on an empty database
// (a fresh deployment, or all pods of a rollout at once) all come up — they wait for each other's
// migration instead of failing on a half-migrated schema. Twenty rounds, each on a fresh empty
// database; every replica must log "serving".
func TestLoadBalancedStartTogether(t *testing.T) {
	t.Parallel()
	keys := newKeysFile(t, t.TempDir())
	dataDir := t.TempDir()
	devSigningKey(t, dataDir)

	var failures []string
	begin := time.Now()
	for round := 1; round <= startRounds; round++ {
		dbURL := pgtest.NewDatabase(t, "empty", nil)
		servers := make([]*server, 3)
		for i := range servers {
			servers[i] = launchServer(t, dataDir, dbURL, "--dev", "--keys-file", keys)
			servers[i].quiet = true
		}
		errs := make([]error, len(servers))
		var wg sync.WaitGroup
		for i, s := range servers {
			wg.Go(func() { errs[i] = s.awaitServing(startTimeout) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				failures = append(failures, fmt.Sprintf("round %d, replica %d: %s", round, i+1, firstErrorLine(err.Error())))
			}
		}
		stopAll(t, servers)
	}
	t.Logf("%d rounds of three replicas started at once in %.1f s: %d of %d replicas failed",
		startRounds, time.Since(begin).Seconds(), len(failures), 3*startRounds)
	if len(failures) > 0 {
		t.Errorf("replicas that did not serve:\n%s", strings.Join(failures, "\n"))
	}
}

// firstErrorLine picks the line of a failed start that says why: the command's own error line,
// else the first log line at level ERROR, else the first line.
func firstErrorLine(s string) string {
	lines := strings.Split(s, "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "meldpunt: ") {
			return l
		}
	}
	for _, l := range lines {
		if strings.Contains(l, `"level":"ERROR"`) {
			return l
		}
	}
	return lines[0]
}
