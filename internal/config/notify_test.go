package config

import (
	"strings"
	"testing"
)

// TestNotificationFlags: off without --smtp-host; with it, the sender's address and a workspace
// link are required (the link defaults from --public-url), a user needs a password file, and the
// environment works as for every flag.
func TestNotificationFlags(t *testing.T) {
	t.Setenv("MELDPUNT_SMTP_PORT", "2525")
	c, err := parse(t, "--dev")
	if err != nil || c.Notify.SMTPHost != "" {
		t.Fatalf("default: %v, host %q", err, c.Notify.SMTPHost)
	}
	c, err = parse(t, "--dev", "--smtp-host", "mail.example", "--notify-from", "meldpunt@utrecht.example", "--public-url", "https://meldpunt.example/")
	if err != nil {
		t.Fatal(err)
	}
	if c.Notify.WorkspaceURL != "https://meldpunt.example/medewerkers/" || c.Notify.SMTPPort != 2525 || c.Notify.IncludeReference {
		t.Errorf("workspace %q, port %d, reference %v", c.Notify.WorkspaceURL, c.Notify.SMTPPort, c.Notify.IncludeReference)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--smtp-host", "mail.example", "--notify-workspace-url", "https://m.example/"}, "--notify-from"},
		{[]string{"--smtp-host", "mail.example", "--notify-from", "x@y.example"}, "--notify-workspace-url"},
		{[]string{"--smtp-host", "mail.example", "--notify-from", "x@y.example", "--notify-workspace-url", "https://m.example/", "--smtp-user", "u"}, "--smtp-password-file"},
		{[]string{"--smtp-host", "mail.example", "--notify-from", "x@y.example", "--notify-workspace-url", "https://m.example/", "--notify-digest-hour", "-2"}, "--notify-digest-hour"},
	} {
		if _, err := parse(t, append([]string{"--dev"}, tc.args...)...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one naming %s", tc.args, err, tc.want)
		}
	}
}
