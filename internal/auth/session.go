package auth

import (
	"errors"
	"time"
)

// ErrAccountBlocked is returned when a staff account the administrator blocked signs in.
var ErrAccountBlocked = errors.New("this staff account is blocked")

// StaffSession is a live session of the staff pages, as the session store keeps it.
type StaffSession struct {
	Subject, Name string
	Roles         []string
	CreatedAt     time.Time
	LastSeenAt    time.Time
	ExpiresAt     time.Time
	// IDTokenSealed is the sign-in's ID token, sealed by the staff pages (the store never sees
	// it in the clear); nil when there was none (dev sign-in).
	IDTokenSealed []byte
	// ProviderSID is the ID token's sid claim (the provider's session), if any.
	ProviderSID string
}
