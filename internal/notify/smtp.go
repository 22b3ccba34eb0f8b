package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"time"
)

// SMTP is the mail server: STARTTLS is required (the password never crosses the network in the
// clear, and neither does a message); AUTH PLAIN when a user is configured.
type SMTP struct {
	Host     string
	Port     int
	User     string
	Password string // read from --smtp-password-file; never logged
	// RootCAs verifies the server's certificate; nil: the system's roots.
	RootCAs *x509.CertPool
	Timeout time.Duration // per connection and command (default 30 s)
}

// session is one connection to the mail server, authenticated, for a batch of messages.
type session struct {
	c    *smtp.Client
	conn net.Conn
}

func (s SMTP) dial(ctx context.Context) (*session, error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(s.Host, strconv.Itoa(s.Port)))
	if err != nil {
		return nil, sendError{kind: "connect", err: err}
	}
	_ = conn.SetDeadline(time.Now().Add(timeout))
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return nil, sendError{kind: "greeting", err: err}
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		c.Close()
		return nil, sendError{kind: "starttls not offered", permanent: false}
	}
	if err := c.StartTLS(&tls.Config{ServerName: s.Host, RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12}); err != nil {
		c.Close()
		return nil, sendError{kind: "starttls", err: err}
	}
	if s.User != "" {
		if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, s.Host)); err != nil {
			c.Close()
			return nil, sendError{kind: "auth", err: err}
		}
	}
	return &session{c: c, conn: conn}, nil
}

// send hands one message over; the connection stays open for the next.
func (s *session) send(from, to string, msg []byte, deadline time.Time) error {
	_ = s.conn.SetDeadline(deadline)
	if err := s.c.Mail(from); err != nil {
		return sendError{kind: "mail from", err: err}
	}
	if err := s.c.Rcpt(to); err != nil {
		_ = s.c.Reset()
		return sendError{kind: "rcpt to", err: err}
	}
	w, err := s.c.Data()
	if err != nil {
		_ = s.c.Reset()
		return sendError{kind: "data", err: err}
	}
	if _, err := w.Write(msg); err != nil {
		return sendError{kind: "data", err: err}
	}
	if err := w.Close(); err != nil {
		return sendError{kind: "data", err: err}
	}
	return nil
}

func (s *session) close() { _ = s.c.Quit(); _ = s.c.Close() }

// sendError says what failed without what the server said: its reply may echo the address.
type sendError struct {
	kind      string
	err       error
	permanent bool
}

func (e sendError) Error() string {
	var tp *textproto.Error
	if errors.As(e.err, &tp) {
		return fmt.Sprintf("%s: SMTP %d", e.kind, tp.Code)
	}
	var ne net.Error
	if errors.As(e.err, &ne) && ne.Timeout() {
		return e.kind + ": timeout"
	}
	if e.err != nil && e.kind != "connect" {
		return e.kind + ": failed"
	}
	if e.err != nil {
		return "connect: the mail server did not answer"
	}
	return e.kind
}

// Permanent reports whether retrying cannot help (an SMTP 5xx reply to the recipient).
func (e sendError) Permanent() bool {
	var tp *textproto.Error
	return e.permanent || (errors.As(e.err, &tp) && tp.Code >= 500 && e.kind == "rcpt to")
}
