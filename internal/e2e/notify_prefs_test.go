package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/pgtest"
)

// TestEachPersonChoosesHowTheyAreNotified: Anna turns notifications off on her own staff page,
// and a case assigned to her then sends nothing; Ivo chooses the digest over REST and Bert
// keeps his role's default (immediately), over gRPC. A bad mode is refused naming the field.
// The administrator sees the outbox's counts — and, on a server without SMTP, "not configured".
func TestEachPersonChoosesHowTheyAreNotified(t *testing.T) {
	for _, db := range databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			mp := startMailpit(t)
			var dbURL string
			if db == "postgres" {
				dbURL = pgtest.NewDatabase(t, "empty", nil)
			}
			s := startServerWith(t, t.TempDir(), dbURL, mp.serverFlags("--dev")...)
			s.importNotifyOrg(t)
			annaID := s.createAdviser(t, "anna", "Anna de Vries")
			svc := pb.NewNotificationServiceClient(s.conn)

			// Anna, on her page: the default of an adviser is "immediately"; she turns it off.
			b := newStaffBrowser(t, s)
			if res, _ := b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"anna"}, "name": {"Anna"}, "role": {"adviser"}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("dev sign-in: %d", res.StatusCode)
			}
			res, page := b.do("GET", "/medewerkers/meldingen", nil)
			if res.StatusCode != 200 || !strings.Contains(page, `value="NOTIFICATION_MODE_IMMEDIATE" checked`) || !strings.Contains(page, "standaard voor uw rol") {
				t.Fatalf("Anna's page (HTTP %d) does not show the default, immediately:\n%s", res.StatusCode, page)
			}
			res, _ = b.do("POST", "/medewerkers/meldingen", url.Values{"csrf": {csrfOf(t, page)}, "mode": {"NOTIFICATION_MODE_OFF"}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("saving the choice: HTTP %d", res.StatusCode)
			}
			if _, page = b.do("GET", "/medewerkers/meldingen?gedaan=opgeslagen", nil); !strings.Contains(page, `value="NOTIFICATION_MODE_OFF" checked`) || !strings.Contains(page, "Uw keuze is opgeslagen") {
				t.Fatalf("after saving, the page does not show off:\n%s", page)
			}
			anna := s.tokenFor(t, "anna", "adviser")
			got, err := svc.GetMyNotificationSettings(ctx(t, anna), &pb.GetMyNotificationSettingsRequest{})
			if err != nil || got.GetMode() != pb.NotificationMode_NOTIFICATION_MODE_OFF || !got.GetChosen() || !got.GetConfigured() {
				t.Fatalf("Anna's settings over gRPC: %v, %v", got, err)
			}

			// Ivo (intake) chooses the digest over REST; a bad value changes nothing.
			ivo := s.tokenFor(t, "ivo", "intake")
			if e := s.rest(t, "POST", "/v1/me/notifications", ivo, map[string]any{"mode": "NOTIFICATION_MODE_UNSPECIFIED"}).wantError(t, 400); !strings.Contains(e.Message, "mode") {
				t.Errorf("a bad mode is refused with %q, which does not name the field", e.Message)
			}
			s.rest(t, "POST", "/v1/me/notifications", ivo, map[string]any{"mode": "NOTIFICATION_MODE_DIGEST"}).want(t, 200, nil)
			var mine struct{ Mode string }
			s.rest(t, "GET", "/v1/me/notifications", ivo, nil).want(t, 200, &mine)
			if mine.Mode != "NOTIFICATION_MODE_DIGEST" {
				t.Errorf("Ivo's mode over REST: %q, want the digest", mine.Mode)
			}
			// Bert (manager) keeps his role's default.
			bert, err := svc.GetMyNotificationSettings(ctx(t, s.tokenFor(t, "mgr-bo", "manager")), &pb.GetMyNotificationSettingsRequest{})
			if err != nil || bert.GetMode() != pb.NotificationMode_NOTIFICATION_MODE_IMMEDIATE || bert.GetChosen() {
				t.Fatalf("Bert's settings: %v, %v", bert, err)
			}

			// A case assigned to Anna (who chose off) sends nothing.
			filed := s.fileReport(t, anonymousReport("Something happened on the third floor."))
			c, err := s.cases.GetCase(ctx(t, ivo), &pb.GetCaseRequest{CaseReference: filed.GetCaseReference()})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.cases.AssignAdviser(ctx(t, ivo), &pb.AssignAdviserRequest{CaseReference: filed.GetCaseReference(), AdviserId: annaID, Version: c.GetCase().GetVersion()}); err != nil {
				t.Fatal(err)
			}
			mp.await(t, 0, "a case assigned to Anna, who turned notifications off")

			st, err := svc.GetNotificationStatus(ctx(t, s.tokenFor(t, "admin-1", "admin")), &pb.GetNotificationStatusRequest{})
			if err != nil || !st.GetConfigured() || st.GetPending() != 0 || st.GetFailed() != 0 {
				t.Fatalf("the administrator's status: %v, %v", st, err)
			}
		})
	}
	t.Run("without SMTP", func(t *testing.T) {
		s := startServer(t, "sqlite")
		st, err := pb.NewNotificationServiceClient(s.conn).GetNotificationStatus(ctx(t, s.tokenFor(t, "admin-1", "admin")), &pb.GetNotificationStatusRequest{})
		if err != nil || st.GetConfigured() {
			t.Fatalf("a server without --smtp-host: status %v, %v; want not configured", st, err)
		}
		b := newStaffBrowser(t, s)
		b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"admin-1"}, "name": {"Beheer"}, "role": {"admin"}})
		if _, page := b.do("GET", "/medewerkers/meldingen", nil); !strings.Contains(page, "Er is geen mailserver ingesteld") || !strings.Contains(page, `id="notify-counts"`) {
			t.Fatalf("the administrator's page does not say notifications are not configured:\n%s", page)
		}
	})
}

// TestTheAdministratorSeesFailedNotifications: with the mail server gone, a notification is
// retried and its failure is shown to the administrator — the kind of failure only, no address.
func TestTheAdministratorSeesFailedNotifications(t *testing.T) {
	mp := startMailpit(t)
	flags := mp.serverFlags("--dev")
	for i, f := range flags {
		if f == "--smtp-port" {
			flags[i+1] = "1" // nothing listens there
		}
	}
	s := startServerWith(t, t.TempDir(), "", flags...)
	s.notifyCase(t)
	admin := s.tokenFor(t, "admin-1", "admin")
	svc := pb.NewNotificationServiceClient(s.conn)
	var st *pb.GetNotificationStatusResponse
	for range 100 {
		var err error
		if st, err = svc.GetNotificationStatus(ctx(t, admin), &pb.GetNotificationStatusRequest{}); err != nil {
			t.Fatal(err)
		}
		if len(st.GetFailures()) > 0 {
			break
		}
		s.http.CloseIdleConnections()
		waitABit()
	}
	if st.GetPending() != 1 || len(st.GetFailures()) != 1 {
		t.Fatalf("status %v: want one pending notification with its failure", st)
	}
	f := st.GetFailures()[0]
	if f.GetError() != "connect: the mail server did not answer" || f.GetKind() != "CASE_ASSIGNED" || f.GetAttempts() != 1 || f.GetGaveUp() {
		t.Errorf("failure %v", f)
	}
	if strings.Contains(f.String(), "@") {
		t.Errorf("the failure names an address: %v", f)
	}
	b := newStaffBrowser(t, s)
	b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"admin-1"}, "name": {"Beheer"}, "role": {"admin"}})
	_, page := b.do("GET", "/medewerkers/meldingen", nil)
	for _, want := range []string{"Wachtend: 1.", "connect: the mail server did not answer"} {
		if !strings.Contains(page, want) {
			t.Errorf("the administrator's page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "anna@") {
		t.Error("the administrator's page names the recipient")
	}
}

func waitABit() { <-time.After(100 * time.Millisecond) }
