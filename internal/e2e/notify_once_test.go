package e2e

import (
	"sync"
	"testing"
	"time"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/pgtest"
)

// notifyCase imports the organisation, files a case, has intake assign it to Anna and returns
// the reporter's session: each message the reporter then writes notifies Anna once.
func (s *server) notifyCase(t *testing.T) (session string) {
	t.Helper()
	s.importNotifyOrg(t)
	annaID := s.createAdviser(t, "anna", "Anna de Vries")
	ivo := s.tokenFor(t, "ivo", "intake")
	filed := s.fileReport(t, anonymousReport("Something happened on the third floor."))
	c, err := s.cases.GetCase(ctx(t, ivo), &pb.GetCaseRequest{CaseReference: filed.GetCaseReference()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.cases.AssignAdviser(ctx(t, ivo), &pb.AssignAdviserRequest{CaseReference: filed.GetCaseReference(), AdviserId: annaID, Version: c.GetCase().GetVersion()}); err != nil {
		t.Fatal(err)
	}
	return s.openSession(t, filed.GetReceiptCode())
}

// reporterWritesMany sends n messages as the reporter, from 4 clients at once.
func (s *server) reporterWritesMany(t *testing.T, session string, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	work := make(chan int)
	for range 4 {
		wg.Go(func() {
			for range work {
				if _, err := s.reporter.SendMyMessage(ctx(t, session), &pb.SendMyMessageRequest{Body: "One more thing."}); err != nil {
					errs <- err
				}
			}
		})
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("reporter's message: %v", err)
	}
}

// distinctMessageIDs fails unless the n messages have n different, non-empty Message-IDs.
func distinctMessageIDs(t *testing.T, ms []mail, n int) {
	t.Helper()
	ids := map[string]bool{}
	for _, m := range ms {
		if m.MessageID == "" {
			t.Fatal("a message without Message-ID")
		}
		ids[m.MessageID] = true
	}
	if len(ids) != n {
		t.Fatalf("%d distinct Message-IDs, want %d", len(ids), n)
	}
}

// TestANotificationSenderKilledHalfwayLosesNone queues 300 notifications while no sender runs,
// starts a sender, kills it with SIGKILL halfway through its third batch, and starts another: every
// notification arrives, exactly once per Message-ID. A message handed over just before the kill
// but not yet marked sent goes again after the lease with the same Message-ID, which the mail
// system drops as a duplicate (mailpit --ignore-duplicate-ids, as a real one dedupes).
func TestANotificationSenderKilledHalfwayLosesNone(t *testing.T) {
	for _, db := range databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			mp := startMailpit(t, "--ignore-duplicate-ids")
			var dbURL string
			if db == "postgres" {
				dbURL = pgtest.NewDatabase(t, "empty", nil)
			}
			dir := t.TempDir()
			const n = 300
			// The first server sends only at its start: what is queued afterwards waits.
			a := startServerWith(t, dir, dbURL, mp.serverFlags("--dev", "--notify-interval", "1h")...)
			session := a.notifyCase(t)
			a.reporterWritesMany(t, session, n-1)
			a.stop(t)
			if got := mp.count(t); got != 0 {
				t.Fatalf("%d messages sent before the sender ran", got)
			}

			b := startServerWith(t, dir, dbURL, mp.serverFlags("--dev", "--notify-lease", "2s")...)
			deadline := time.Now().Add(60 * time.Second)
			// Halfway through a batch (the sender claims 50 at a time): messages claimed and not
			// yet sent, and perhaps one handed over but not yet marked, are in flight.
			for mp.count(t) < 125 && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			b.crash(t)
			atKill := mp.count(t)
			if atKill >= n {
				t.Fatalf("all %d were sent before the kill; the test did not kill the sender halfway", atKill)
			}
			t.Logf("SIGKILL after %d of %d messages", atKill, n)

			startServerWith(t, dir, dbURL, mp.serverFlags("--dev", "--notify-lease", "2s")...)
			distinctMessageIDs(t, mp.await(t, n, "after the restart"), n)
		})
	}
}

// TestThreeReplicasSendEachNotificationOnce runs three replicas on one PostgreSQL, all sending
// every 100 ms, while 300 notifications are queued through one of them: mailpit (which keeps
// duplicates here) receives each exactly once.
func TestThreeReplicasSendEachNotificationOnce(t *testing.T) {
	mp := startMailpit(t)
	dbURL := pgtest.NewDatabase(t, "empty", nil)
	dir := t.TempDir()
	flags := mp.serverFlags("--dev", "--notify-lease", "1m")
	first := startServerWith(t, dir, dbURL, flags...)
	replicas := []*server{first, launchServer(t, dir, dbURL, flags...), launchServer(t, dir, dbURL, flags...)}
	for _, r := range replicas[1:] {
		if err := r.awaitServing(startTimeout); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { stopAll(t, replicas) })
	session := first.notifyCase(t)
	const n = 300
	first.reporterWritesMany(t, session, n-1)
	distinctMessageIDs(t, mp.await(t, n, "three replicas"), n)
}
