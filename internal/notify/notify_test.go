package notify

import (
	"net/textproto"
	"strings"
	"testing"
	"time"
)

// TestTheMessageCarriesNoContent: the whole message is the fixed text, the link, and the
// reference only when allowed; its headers cannot be broken by a line break.
func TestTheMessageCarriesNoContent(t *testing.T) {
	m := Outgoing{Kind: KindReporterMessage, CaseReference: "MP-ABCD1234", MessageID: "<x@meldpunt.test>", To: "anna@utrecht.example"}
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	for _, withRef := range []bool{false, true} {
		b, err := compose("meldpunt@utrecht.example", m, "https://meldpunt.example/medewerkers/", "https://meldpunt.example/", withRef, now)
		if err != nil {
			t.Fatal(err)
		}
		msg := string(b)
		for _, want := range []string{"Subject: " + Subject, "Message-ID: <x@meldpunt.test>", "Er staat iets voor u klaar in Meldpunt", "Something is waiting for you in Meldpunt", "text/plain", "text/html", "https://meldpunt.example/medewerkers/"} {
			if !strings.Contains(msg, want) {
				t.Errorf("reference %v: the message lacks %q", withRef, want)
			}
		}
		if got := strings.Contains(msg, "MP-ABCD1234"); got != withRef {
			t.Errorf("reference allowed %v, in the message %v", withRef, got)
		}
	}
	m.To = "anna@utrecht.example\r\nBcc: someone@else.example"
	if _, err := compose("meldpunt@utrecht.example", m, "https://meldpunt.example/", "https://meldpunt.example/", false, now); err == nil {
		t.Error("a line break in an address made it into the headers")
	}
}

// TestTheReporterMessageSaysOnlyThereIsAReply: a reporter's e-mail links to the reporter pages,
// in their language when Dutch or English, in both otherwise, and never shows the reference.
func TestTheReporterMessageSaysOnlyThereIsAReply(t *testing.T) {
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	for lang, want := range map[string][2]bool{"nl": {true, false}, "en": {false, true}, "tr": {true, true}, "": {true, true}} {
		m := Outgoing{Kind: KindReporterReply, CaseReference: "MP-ABCD1234", MessageID: "<y@meldpunt.test>", To: "r@example.org", Lang: lang}
		b, err := compose("meldpunt@utrecht.example", m, "https://meldpunt.example/medewerkers/", "https://meldpunt.example/", true, now)
		if err != nil {
			t.Fatal(err)
		}
		msg := string(b)
		if strings.Contains(msg, "MP-ABCD1234") || strings.Contains(msg, "medewerkers") {
			t.Errorf("%q: the reporter's message shows the reference or the staff link", lang)
		}
		if !strings.Contains(msg, "https://meldpunt.example/") || !strings.Contains(msg, "text/html") {
			t.Errorf("%q: no link or no HTML part", lang)
		}
		if got := [2]bool{strings.Contains(msg, "Er is een antwoord op uw melding"), strings.Contains(msg, "There is a reply to your report")}; got != want {
			t.Errorf("%q: Dutch/English %v, want %v", lang, got, want)
		}
	}
}

// TestBackoffDoublesUpToSixHours is the retry schedule.
func TestBackoffDoublesUpToSixHours(t *testing.T) {
	j := &Job{cfg: Config{Backoff: time.Minute}}
	for n, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 10: 6 * time.Hour, 50: 6 * time.Hour} {
		if got := j.backoff(n); got != want {
			t.Errorf("after %d failures: %s, want %s", n, got, want)
		}
	}
}

// TestAFailureNamesNoAddress: the server's reply (which may echo the address) is not kept.
func TestAFailureNamesNoAddress(t *testing.T) {
	err := sendError{kind: "rcpt to", err: &textproto.Error{Code: 550, Msg: "5.1.1 <anna@utrecht.example>: user unknown"}}
	if got := err.Error(); got != "rcpt to: SMTP 550" || !err.Permanent() {
		t.Errorf("%q (permanent %v), want \"rcpt to: SMTP 550\", permanent", got, err.Permanent())
	}
	if (sendError{kind: "data", err: &textproto.Error{Code: 451}}).Permanent() {
		t.Error("a 4xx reply is permanent")
	}
}
