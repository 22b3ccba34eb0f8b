package config

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// Notify is the e-mail notification of staff (package notify); off while SMTPHost is empty.
type Notify struct {
	SMTPHost         string
	SMTPPort         int
	SMTPUser         string
	SMTPPasswordFile string
	SMTPCAFile       string
	From             string
	WorkspaceURL     string
	ReporterURL      string
	IncludeReference bool
	Every            time.Duration
	Lease            time.Duration
	DigestHour       int
}

// bindNotify registers the notification flags: off by default.
func (c *Config) bindNotify(fs *pflag.FlagSet) {
	n := &c.Notify
	fs.StringVar(&n.SMTPHost, "smtp-host", "", "mail server for staff notifications (STARTTLS required); empty: no notifications are queued at all")
	fs.IntVar(&n.SMTPPort, "smtp-port", 587, "mail server port (submission with STARTTLS)")
	fs.StringVar(&n.SMTPUser, "smtp-user", "", "user for SMTP AUTH (empty: no authentication)")
	fs.StringVar(&n.SMTPPasswordFile, "smtp-password-file", "", "file holding the SMTP password (e.g. a mounted secret)")
	fs.StringVar(&n.SMTPCAFile, "smtp-ca-file", "", "PEM file of the CA that signed the mail server's certificate (default: the system's roots)")
	fs.StringVar(&n.From, "notify-from", "", "sender address of the notifications, e.g. meldpunt@utrecht.nl")
	fs.StringVar(&n.WorkspaceURL, "notify-workspace-url", "", "the link in every notification (default: --public-url + /medewerkers/)")
	fs.StringVar(&n.ReporterURL, "notify-reporter-url", "", "the link in a reporter's \"there is a reply\" e-mail: the reporter pages, never with the receipt code (default: --public-url + /)")
	fs.BoolVar(&n.IncludeReference, "notify-case-reference", false, "show the case reference in notifications (default: off — the e-mail says only that something waits)")
	fs.DurationVar(&n.Every, "notify-interval", 5*time.Second, "how often each replica looks for notifications to send")
	fs.DurationVar(&n.Lease, "notify-lease", 5*time.Minute, "a replica that claimed a notification and died before marking it sent leaves it to the others after this time (the resend has the same Message-ID)")
	fs.IntVar(&n.DigestHour, "notify-digest-hour", 7, "hour of the day (UTC) from which the daily digest of deadlines is queued; -1: no digest")
}

// checkNotify validates the notification flags and fills in the workspace URL.
func (c *Config) checkNotify() error {
	n := &c.Notify
	if n.SMTPHost == "" {
		return nil
	}
	if n.SMTPPort <= 0 || n.SMTPPort > 65535 {
		return errors.New("--smtp-port must be a port number")
	}
	if _, err := mail.ParseAddress(n.From); err != nil || n.From == "" {
		return errors.New("--notify-from must be an e-mail address when --smtp-host is set")
	}
	if n.WorkspaceURL == "" && c.PublicURL != "" {
		n.WorkspaceURL = strings.TrimRight(c.PublicURL, "/") + "/medewerkers/"
	}
	if u, err := url.Parse(n.WorkspaceURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("--notify-workspace-url (or --public-url) must be an http(s) address when --smtp-host is set")
	}
	if n.ReporterURL == "" && c.PublicURL != "" {
		n.ReporterURL = strings.TrimRight(c.PublicURL, "/") + "/"
	}
	if n.ReporterURL != "" {
		if u, err := url.Parse(n.ReporterURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" {
			return errors.New("--notify-reporter-url must be an http(s) address without a query")
		}
	}
	if n.SMTPUser != "" && n.SMTPPasswordFile == "" {
		return errors.New("--smtp-password-file is required with --smtp-user")
	}
	if n.Every <= 0 || n.Lease <= 0 || n.DigestHour < -1 || n.DigestHour > 23 {
		return errors.New("--notify-interval and --notify-lease must be positive and --notify-digest-hour 0-23 (or -1)")
	}
	return nil
}

// SMTPPassword reads --smtp-password-file ("" without one).
func (c *Config) SMTPPassword() (string, error) {
	if c.Notify.SMTPPasswordFile == "" {
		return "", nil
	}
	b, err := os.ReadFile(c.Notify.SMTPPasswordFile)
	if err != nil {
		return "", fmt.Errorf("--smtp-password-file: %w", err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// SMTPRoots reads --smtp-ca-file (nil without one: the system's roots).
func (c *Config) SMTPRoots() (*x509.CertPool, error) {
	if c.Notify.SMTPCAFile == "" {
		return nil, nil
	}
	b, err := os.ReadFile(c.Notify.SMTPCAFile)
	if err != nil {
		return nil, fmt.Errorf("--smtp-ca-file: %w", err)
	}
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(b) {
		return nil, errors.New("--smtp-ca-file holds no PEM certificate")
	}
	return p, nil
}
