package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestTheDailyDigestCountsDeadlines: Anna (adviser) has three unacknowledged cases, whose
// acknowledgement falls due within 7 days; Ivo (intake) sees the same three web-form cases;
// Bert (manager) has none; Ines (intake) turned notifications off. The day's digest then gives
// Anna and Ivo one message each, saying "3" and nothing else of the cases, and nobody else a
// message; a restart the same day queues no second digest.
func TestTheDailyDigestCountsDeadlines(t *testing.T) {
	mp := startMailpit(t)
	dir := t.TempDir()
	// Set up without SMTP: nothing is queued for the events themselves.
	a := startServerWith(t, dir, "", "--dev")
	a.importNotifyOrg(t)
	annaID := a.createAdviser(t, "anna", "Anna de Vries")
	for _, who := range [][3]string{{"anna", "Anna", "adviser"}, {"ivo", "Ivo", "intake"}, {"mgr-bo", "Bert", "manager"}, {"ines", "Ines", "intake"}} {
		b := newStaffBrowser(t, a)
		if res, _ := b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {who[0]}, "name": {who[1]}, "role": {who[2]}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("dev sign-in of %s: %d", who[0], res.StatusCode)
		}
	}
	if _, err := pb.NewNotificationServiceClient(a.conn).SetMyNotificationSettings(ctx(t, a.tokenFor(t, "ines", "intake")),
		&pb.SetMyNotificationSettingsRequest{Mode: pb.NotificationMode_NOTIFICATION_MODE_OFF}); err != nil {
		t.Fatal(err)
	}
	canary := "CANARY" + randHex(8)
	var refs []string
	for range 3 {
		req := anonymousReport(canary + " description")
		req.AdviserId = annaID
		refs = append(refs, a.fileReport(t, req).GetCaseReference())
	}
	a.stop(t)

	b := startServerWith(t, dir, "", mp.serverFlags("--dev", "--notify-digest-hour", "0")...)
	got := mp.await(t, 2, "the day's digest")
	to := map[string]bool{}
	for _, m := range got {
		to[m.To[0].Address] = true
		src := mp.source(t, m.ID)
		if !strings.Contains(src, "U heeft 3 termijn(en) die binnen 7 dagen verlopen of al verlopen zijn") || !strings.Contains(src, "You have 3 deadline(s)") {
			t.Errorf("the digest to %s does not say 3:\n%s", m.To[0].Address, src)
		}
		for _, secret := range append([]string{canary}, refs...) {
			if strings.Contains(src, secret) {
				t.Errorf("the digest to %s holds %q", m.To[0].Address, secret)
			}
		}
	}
	if !to["anna@utrecht.example"] || !to["ivo@utrecht.example"] {
		t.Errorf("the digest went to %v, want Anna and Ivo", to)
	}
	b.stop(t)
	startServerWith(t, dir, "", mp.serverFlags("--dev", "--notify-digest-hour", "0")...)
	mp.await(t, 2, "a restart the same day")
}
