package e2e

import (
	"sync"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestAnAcknowledgedReportSurvivesACrash: every report whose receipt code reached the reporter is
// still there after the server is killed without warning while other filings are in flight.
func TestAnAcknowledgedReportSurvivesACrash(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		var (
			mu    sync.Mutex
			codes []string
			wg    sync.WaitGroup
			stop  = make(chan struct{})
		)
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					resp, err := s.reporter.FileReport(ctx(t, ""), anonymousReport("filed while the server is about to crash"))
					if err != nil {
						return // the crash cut this one off: it was never acknowledged
					}
					mu.Lock()
					codes = append(codes, resp.GetReceiptCode())
					n := len(codes)
					mu.Unlock()
					if n == 20 {
						s.crash(t)
					}
				}
			}()
		}
		wg.Wait()
		close(stop)
		if len(codes) < 20 {
			t.Fatalf("only %d filings acknowledged before the crash", len(codes))
		}

		after := startServerOn(t, s.dataDir, s.dbURL)
		for _, code := range codes {
			resp, err := after.reporter.OpenSession(ctx(t, ""), &pb.OpenSessionRequest{ReceiptCode: code})
			if err != nil || resp.GetSessionToken() == "" {
				t.Fatalf("after the crash, an acknowledged report cannot be found with its receipt code: %v", err)
			}
		}
	})
}
