package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/utrecht/meldpunt/internal/dbconn"
)

// checkDatabasePassword validates --database-password-file against --database-url without reading
// the file: the password goes only to PostgreSQL, and the URL must not name one of its own (two
// passwords, one silently winning, is a mistake to refuse).
func (c *Config) checkDatabasePassword() error {
	if c.DBPasswordFile == "" {
		return nil
	}
	if !dbconn.IsPostgres(c.DatabaseURL) {
		return errors.New("--database-password-file needs a postgres:// --database-url")
	}
	u, err := url.Parse(c.DatabaseURL)
	if err != nil {
		// url.Parse's error quotes the URL; it may hold a secret, so it is not repeated.
		return errors.New("--database-url is not a valid URL")
	}
	if _, has := u.User.Password(); has || u.Query().Has("password") {
		return errors.New("--database-url must not carry a password when --database-password-file is given: give the URL without it")
	}
	return nil
}

// DatabaseDSN is the URL the store connects with: --database-url and, with
// --database-password-file, the password read from that file now (so a rotated secret is
// picked up at the next start). The password travels as the URL's password parameter, escaped,
// which lib/pq reads like the one in the user information. Its result holds a secret: never log
// it or put it in an error.
func (c *Config) DatabaseDSN() (string, error) {
	if c.DBPasswordFile == "" {
		return c.DatabaseURL, nil
	}
	if err := c.checkDatabasePassword(); err != nil {
		return "", err
	}
	b, err := os.ReadFile(c.DBPasswordFile)
	if err != nil {
		// The error names the path only.
		return "", fmt.Errorf("--database-password-file: %w", err)
	}
	// A file written by `echo` or an editor ends in a line break; a Kubernetes or CloudNativePG
	// secret does not. Only the one trailing line break is dropped: spaces may be part of it.
	pw := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	if pw == "" {
		return "", fmt.Errorf("--database-password-file: %s is empty", c.DBPasswordFile)
	}
	if strings.ContainsAny(pw, "\x00\n") {
		return "", fmt.Errorf("--database-password-file: %s holds more than one line", c.DBPasswordFile)
	}
	dsn, frag, _ := strings.Cut(c.DatabaseURL, "#")
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
		if strings.HasSuffix(dsn, "?") || strings.HasSuffix(dsn, "&") {
			sep = ""
		}
	}
	dsn += sep + "password=" + url.QueryEscape(pw)
	if frag != "" {
		dsn += "#" + frag
	}
	return dsn, nil
}
