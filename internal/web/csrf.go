package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"time"
)

// csrf makes and checks form tokens without storing anything: a token is the hour it was made
// and an HMAC over that hour, the form's purpose and (for the follow-up forms) the session it
// belongs to, under a key derived from the keys file: every replica that shares the keys file
// accepts a form rendered by any other, and a restart changes nothing. A token is valid for four
// hours, so a form left open for a while still works.
type csrf struct {
	key []byte
	now func() time.Time
}

const csrfValidity = 4 * time.Hour

func newCSRF(key []byte, now func() time.Time) *csrf { return &csrf{key: key, now: now} }

func (c *csrf) mac(hour int64, purpose, session string) []byte {
	m := hmac.New(sha256.New, c.key)
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(hour))
	m.Write(b[:])
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write([]byte(session))
	return m.Sum(nil)[:16]
}

// token returns a token for a form.
func (c *csrf) token(purpose, session string) string {
	hour := c.now().Unix() / 3600
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(hour))
	return base64.RawURLEncoding.EncodeToString(append(b[:], c.mac(hour, purpose, session)...))
}

// valid checks a token from a posted form.
func (c *csrf) valid(tok, purpose, session string) bool {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(raw) != 24 {
		return false
	}
	hour := int64(binary.BigEndian.Uint64(raw[:8]))
	nowHour := c.now().Unix() / 3600
	if hour > nowHour || nowHour-hour > int64(csrfValidity/time.Hour) {
		return false
	}
	return hmac.Equal(raw[8:], c.mac(hour, purpose, session))
}
