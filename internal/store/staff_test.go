package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/store"
)

// A sign-in with other roles than an open session of the same person ends that session: a role
// the identity provider took away does not live on in a browser left open. A second sign-in
// with the same roles (another browser) leaves the first alone. Idle and absolute ends hold.
func TestStaffSessionsFollowTheIdentityProvidersRoles(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		now := time.Now()
		live := func(h []byte) bool {
			t.Helper()
			s, err := st.StaffSessionFor(ctx, h, time.Now(), time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			return s != nil
		}
		hr := signIn(t, st, "hanna", "Hanna", "hr", "admin")
		phone := signIn(t, st, "hanna", "Hanna", "hr", "admin")
		if !live(hr) || !live(phone) {
			t.Fatal("two sessions with the same roles should both live")
		}
		laptop := signIn(t, st, "hanna", "Hanna", "hr") // admin taken away at the provider
		if live(hr) || live(phone) || !live(laptop) {
			t.Fatalf("after a sign-in without admin: old sessions live %v %v, new %v", live(hr), live(phone), live(laptop))
		}
		other := signIn(t, st, "otto", "Otto", "auditor")
		if !live(other) {
			t.Fatal("someone else's session ended")
		}
		// Idle: a session last seen longer ago than the idle time is gone.
		if s, err := st.StaffSessionFor(ctx, other, now.Add(2*time.Hour), time.Hour); err != nil || s != nil {
			t.Fatalf("an idle session: %v %v", s, err)
		}
		if live(other) {
			t.Fatal("the idle session was not removed")
		}
	})
}

// The administrator can block someone who never signed in to the pages (an API-only user, or
// before their first day): the account is made blocked, their first sign-in is refused, and
// unblocking works afterwards.
func TestBlockingBeforeTheFirstSignIn(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		block := func(subject string, blocked bool) (*store.StaffAccount, error) {
			return st.BlockStaffAccount(ctx, subject, blocked, audit.AccountBlocked(time.Now(), "admin-1", blocked, "req-1"))
		}
		acc, err := block("api-only", true)
		if err != nil || acc == nil || !acc.Blocked || acc.LastSignIn != nil {
			t.Fatalf("block before a first sign-in: %+v %v", acc, err)
		}
		if blocked, err := st.StaffAccountBlocked(ctx, "api-only"); err != nil || !blocked {
			t.Fatalf("StaffAccountBlocked: %v %v", blocked, err)
		}
		now := time.Now()
		err = st.StaffSignIn(ctx, store.StaffSession{Subject: "api-only", Roles: []string{"intake"}, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, []byte("h-1"))
		if !errors.Is(err, store.ErrAccountBlocked) {
			t.Fatalf("a blocked first sign-in: %v", err)
		}
		if acc, err := block("api-only", false); err != nil || acc == nil || acc.Blocked {
			t.Fatalf("unblock: %+v %v", acc, err)
		}
		signIn(t, st, "api-only", "Api", "intake")
		if acc, err := block("nobody", false); err != nil || acc != nil {
			t.Fatalf("unblocking an unknown account: %+v %v", acc, err)
		}
	})
}

// Activity keeps a session alive past the idle time; the absolute end ends it however active.
func TestStaffSessionIdleAndAbsoluteEnds(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		start := time.Now()
		h := []byte("session-token-hash-0123456789abcd")
		if err := st.StaffSignIn(ctx, store.StaffSession{Subject: "anna", Roles: []string{"adviser"}, CreatedAt: start, ExpiresAt: start.Add(10 * time.Hour)}, h); err != nil {
			t.Fatal(err)
		}
		idle := 30 * time.Minute
		// Active every 20 minutes for 9 hours: alive all the time, although 9 h > 30 min.
		for at := start.Add(20 * time.Minute); at.Before(start.Add(9 * time.Hour)); at = at.Add(20 * time.Minute) {
			s, err := st.StaffSessionFor(ctx, h, at, idle)
			if err != nil || s == nil {
				t.Fatalf("an active session ended at +%s: %v", at.Sub(start), err)
			}
		}
		// Still active, but past the absolute end: gone, and stays gone.
		if s, err := st.StaffSessionFor(ctx, h, start.Add(10*time.Hour+time.Minute), idle); err != nil || s != nil {
			t.Fatalf("past the absolute end: %v %v", s, err)
		}
		if s, err := st.StaffSessionFor(ctx, h, start.Add(9*time.Hour), idle); err != nil || s != nil {
			t.Fatalf("the ended session came back: %v %v", s, err)
		}
	})
}

// A back-channel logout ends the sessions of the provider session it names (sid), or every
// session of the subject; the sealed ID token and the sid come back with the session; ending
// again (a replayed logout token) ends nothing more and is no error.
func TestStaffSessionsEndByBackChannelLogout(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		now := time.Now()
		in := func(subject, sid string) []byte {
			t.Helper()
			h := []byte(subject + sid + time.Now().String())
			if err := st.StaffSignIn(ctx, store.StaffSession{Subject: subject, Roles: []string{"intake"}, CreatedAt: now, ExpiresAt: now.Add(time.Hour),
				IDTokenSealed: []byte("sealed-" + sid), ProviderSID: sid}, h); err != nil {
				t.Fatal(err)
			}
			return h
		}
		live := func(h []byte) *store.StaffSession {
			t.Helper()
			s, err := st.StaffSessionFor(ctx, h, time.Now(), time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		a1, a2, b := in("anna", "sid-1"), in("anna", "sid-2"), in("bert", "sid-3")
		bNoSid := in("bert", "")
		// A logout of sub and sid ends that sid's sessions and the subject's sessions without one.
		if n, err := st.EndStaffSessionsOf(ctx, "bert", "sid-x"); err != nil || n != 1 || live(bNoSid) != nil || live(b) == nil {
			t.Fatalf("logout of bert/sid-x: %d %v", n, err)
		}
		if s := live(a1); s == nil || string(s.IDTokenSealed) != "sealed-sid-1" || s.ProviderSID != "sid-1" {
			t.Fatalf("session read back: %+v", s)
		}
		if n, err := st.EndStaffSessionsOf(ctx, "anna", "sid-1"); err != nil || n != 1 {
			t.Fatalf("logout of sid-1: %d %v", n, err)
		}
		if live(a1) != nil || live(a2) == nil || live(b) == nil {
			t.Fatal("a sid logout ended the wrong sessions")
		}
		if n, err := st.EndStaffSessionsOf(ctx, "anna", "sid-1"); err != nil || n != 0 {
			t.Fatalf("replayed logout: %d %v", n, err)
		}
		if n, err := st.EndStaffSessionsOf(ctx, "anna", ""); err != nil || n != 1 || live(a2) != nil || live(b) == nil {
			t.Fatalf("subject logout: %d %v", n, err)
		}
		if _, err := st.EndStaffSessionsOf(ctx, "", ""); err == nil {
			t.Fatal("a logout naming nothing ended something")
		}
	})
}
