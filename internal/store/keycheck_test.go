package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

func ephemeralKeys(t *testing.T) *vault.Vault {
	t.Helper()
	v, err := vault.NewEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// wantMismatch asserts that err says the keys do not belong to the database, and whether it
// names the database's recorded fingerprint.
func wantMismatch(t *testing.T, what string, err error, recorded bool) {
	t.Helper()
	var me *vault.MismatchError
	if !errors.As(err, &me) || !errors.Is(err, vault.ErrKeysMismatch) {
		t.Fatalf("%s: got %v, want a keys mismatch", what, err)
	}
	if recorded != (me.Database != "") {
		t.Errorf("%s: the error names the database's fingerprint %q; want it named: %v", what, me.Database, recorded)
	}
}

func wantFingerprint(t *testing.T, st *store.Store, want bool) {
	t.Helper()
	fp, err := st.KeyChecks().KeyFingerprint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if (fp != nil) != want {
		t.Fatalf("fingerprint recorded: %v, want %v", fp != nil, want)
	}
}

func TestANewDatabaseIsBoundToTheKeysOfItsFirstStart(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		first, other := ephemeralKeys(t), ephemeralKeys(t)
		db := st.KeyChecks()

		// A check (record=false) on a new database says it would bind, and writes nothing.
		if b, err := first.Bind(ctx, db, false); err != nil || b != vault.NewDatabase {
			t.Fatalf("check on a new database: %v %v, want NewDatabase", b, err)
		}
		wantFingerprint(t, st, false)

		if b, err := first.Bind(ctx, db, true); err != nil || b != vault.NewDatabase {
			t.Fatalf("first start: %v %v, want NewDatabase", b, err)
		}
		wantFingerprint(t, st, true)
		if b, err := first.Bind(ctx, db, true); err != nil || b != vault.Matched {
			t.Fatalf("restart with the same keys: %v %v, want Matched", b, err)
		}
		for _, record := range []bool{true, false} {
			_, err := other.Bind(ctx, db, record)
			wantMismatch(t, "another keys file", err, true)
		}
		if b, err := first.Bind(ctx, db, false); err != nil || b != vault.Matched {
			t.Fatalf("the first keys after a refused start: %v %v, want Matched", b, err)
		}
	})
}

func TestAnExistingDatabaseWithoutFingerprintIsCheckedAgainstItsOldestCase(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		original, other := ephemeralKeys(t), ephemeralKeys(t)
		db := st.KeyChecks()
		// Cases filed before fingerprints were recorded: the first with the original keys, a
		// later one by a replica that ran with another keys file.
		now := time.Now()
		for i, v := range []*vault.Vault{original, other} {
			at := func() time.Time { return now.Add(time.Duration(i-1) * 2 * time.Hour) }
			if _, err := newServiceWith(t, st, v, at).FileReport(ctx, anonymousReport("filed before the fingerprint")); err != nil {
				t.Fatal(err)
			}
		}

		for _, record := range []bool{true, false} {
			_, err := other.Bind(ctx, db, record)
			wantMismatch(t, "keys that do not open the oldest case", err, false)
		}
		wantFingerprint(t, st, false)
		if b, err := original.Bind(ctx, db, false); err != nil || b != vault.OpenedCase {
			t.Fatalf("check with the original keys: %v %v, want OpenedCase", b, err)
		}
		wantFingerprint(t, st, false)
		if b, err := original.Bind(ctx, db, true); err != nil || b != vault.OpenedCase {
			t.Fatalf("start with the original keys: %v %v, want OpenedCase", b, err)
		}
		wantFingerprint(t, st, true)
		_, err := other.Bind(ctx, db, true)
		wantMismatch(t, "other keys after the fingerprint was recorded", err, true)

	})
}

func TestADatabaseWithOnlyDestroyedCasesIsBoundLikeANewOne(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		original, other := ephemeralKeys(t), ephemeralKeys(t)
		if _, err := newServiceWith(t, st, original, time.Now).FileReport(ctx, anonymousReport("destroyed since")); err != nil {
			t.Fatal(err)
		}
		// As the retention job leaves a crypto-shredded case: no key, so nothing to check with.
		if _, err := rawDB(t, url).ExecContext(ctx, "UPDATE cases SET wrapped_key = $1, content_destroyed_at = $2", []byte{}, time.Now()); err != nil {
			t.Fatal(err)
		}
		if b, err := other.Bind(ctx, st.KeyChecks(), false); err != nil || b != vault.NewDatabase {
			t.Fatalf("a database with only destroyed cases: %v %v, want NewDatabase", b, err)
		}
	})
}

func TestReplicasStartingTogetherAgreeOnOneKeysFile(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		keys := []*vault.Vault{ephemeralKeys(t), ephemeralKeys(t)}
		const perKeys = 3
		var (
			wg   sync.WaitGroup
			errs [2][perKeys]error
		)
		for k := range keys {
			for i := range perKeys {
				replica, err := store.Open(ctx, url, store.Options{MaxOpenConns: 2})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { replica.Close() })
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[k][i] = keys[k].Bind(ctx, replica.KeyChecks(), true)
				}()
			}
		}
		wg.Wait()
		// Exactly one keys file wins: all its replicas start, all the others refuse.
		winner := -1
		for k := range keys {
			if errs[k][0] == nil {
				winner = k
			}
		}
		for k := range keys {
			for i := range perKeys {
				ok := errs[k][i] == nil
				if ok != (k == winner) || (!ok && !errors.Is(errs[k][i], vault.ErrKeysMismatch)) {
					t.Fatalf("keys %d, replica %d: %v; want exactly one keys file to start everywhere (results %v)", k, i, errs[k][i], errs)
				}
			}
		}
		if _, err := keys[winner].Bind(ctx, st.KeyChecks(), false); err != nil {
			t.Fatalf("the winning keys do not fit afterwards: %v", err)
		}
	})
}
