package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/keyrotation"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// rotationFixture is a database bound to a keys file, with a copy of the file as it was
// before the rotation (the old key only).
type rotationFixture struct {
	st      *store.Store
	url     string
	keys    string // the keys file the rotation rewrites
	oldOnly string // a copy of it from before the rotation
	filed   map[string]string
}

func newRotationFixture(t *testing.T, st *store.Store, url string) *rotationFixture {
	t.Helper()
	dir := t.TempDir()
	f := &rotationFixture{st: st, url: url, keys: filepath.Join(dir, "keys.json"), oldOnly: filepath.Join(dir, "old-keys.json"), filed: map[string]string{}}
	if err := vault.Init(f.keys); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(f.keys)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.oldOnly, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := f.load(t, f.keys).Bind(context.Background(), st.KeyChecks(), true); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *rotationFixture) load(t *testing.T, path string) *vault.Vault {
	t.Helper()
	v, err := vault.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// file files n reports with canary texts through the domain service with the keys of v (a
// replica holding that keys file).
func (f *rotationFixture) file(t *testing.T, v *vault.Vault, n int, label string) {
	t.Helper()
	svc := newServiceWith(t, f.st, v, time.Now)
	for i := range n {
		canary := fmt.Sprintf("rotation canary %s %d %s", label, i, uuid.NewString())
		got, err := svc.FileReport(context.Background(), anonymousReport(canary))
		if err != nil {
			t.Fatal(err)
		}
		f.filed[got.Summary.Reference] = canary
	}
}

// readAll reads every canary back through the domain service with the keys of v.
func (f *rotationFixture) readAll(t *testing.T, v *vault.Vault, what string) {
	t.Helper()
	svc := newServiceWith(t, f.st, v, time.Now)
	for ref, canary := range f.filed {
		d, err := svc.GetCase(context.Background(), intake, ref)
		if err != nil {
			t.Fatalf("%s: case %s: %v", what, ref, err)
		}
		if d.Content.Description != canary {
			t.Fatalf("%s: case %s reads %q, want %q", what, ref, d.Content.Description, canary)
		}
	}
}

// wrappedUnder counts the case keys by the KEK key id that wraps them.
func wrappedUnder(t *testing.T, st *store.Store) map[uint32]int {
	t.Helper()
	out := map[uint32]int{}
	err := st.KeyRotations().EachCaseKey(context.Background(), func(_ uuid.UUID, wrapped []byte) error {
		id, err := vault.WrappingKeyID(wrapped)
		if err != nil {
			return err
		}
		out[id]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func newRotation(t *testing.T, st *store.Store, keys string, batch int) *keyrotation.Service {
	t.Helper()
	svc, err := keyrotation.New(keyrotation.Config{Repo: st.KeyRotations(), KeysFile: keys, Batch: batch})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// TestKeyRotationRewrapsEveryCaseKeyAndRetiresTheOldKey walks the three steps with replicas
// holding the file of each step filing cases in between: every canary reads back with the new
// file, the old key alone opens no case key and no longer fits the database, and the files of
// steps 1 and 2 keep fitting while they are rolled out.
func TestKeyRotationRewrapsEveryCaseKeyAndRetiresTheOldKey(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		f := newRotationFixture(t, st, url)
		v0 := f.load(t, f.keys)
		f.file(t, v0, 12, "before")
		rot := newRotation(t, st, f.keys, 5)

		// Step 1: a second key, not primary; nothing is re-wrapped.
		res, err := rot.Rotate(ctx, false)
		if err != nil || res.Step != keyrotation.Added {
			t.Fatalf("step 1: %+v %v", res, err)
		}
		oldKey, newKey := res.Rotation.OldKey, res.Rotation.NewKey
		if info, err := os.Stat(res.Backup); err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("step 1 kept no backup of mode 0600: %q %v", res.Backup, err)
		}
		v1 := f.load(t, f.keys)
		if v1.KEKPrimaryID() != oldKey {
			t.Fatalf("step 1 made key %d primary, want the old key %d still", v1.KEKPrimaryID(), oldKey)
		}
		f.file(t, v1, 3, "step1")
		if got := wrappedUnder(t, st); got[oldKey] != 15 || len(got) != 1 {
			t.Fatalf("after step 1 the case keys are wrapped %v, want all 15 under the old key %d", got, oldKey)
		}
		if res, err := rot.Rotate(ctx, false); err != nil || res.Step != keyrotation.AwaitingRollout {
			t.Fatalf("step 1 again without --rolled-out: %+v %v, want a reminder to roll out", res, err)
		}
		if _, err := rot.Retire(ctx, true); err == nil {
			t.Fatal("retire before the new key is primary was accepted")
		}

		// Step 2: the new key is primary and every case key goes under it.
		res, err = rot.Rotate(ctx, true)
		if err != nil || res.Step != keyrotation.Rewrapped || res.Rewrapped != 15 {
			t.Fatalf("step 2: %+v %v, want 15 re-wrapped", res, err)
		}
		if got := wrappedUnder(t, st); got[newKey] != 15 || len(got) != 1 {
			t.Fatalf("after step 2 the case keys are wrapped %v, want all under the new key %d", got, newKey)
		}
		v2 := f.load(t, f.keys)
		for name, v := range map[string]*vault.Vault{"step 1's file": v1, "step 2's file": v2} {
			if _, err := v.Bind(ctx, st.KeyChecks(), false); err != nil {
				t.Fatalf("%s no longer fits the database during the rollout: %v", name, err)
			}
		}
		if _, err := v0.Bind(ctx, st.KeyChecks(), false); !errors.Is(err, vault.ErrKeysMismatch) {
			t.Fatalf("the file from before the rotation still fits after step 2: %v", err)
		}
		f.readAll(t, v1, "step 1's file after step 2")
		// A replica still on step 1's file files under the old key during the rollout.
		f.file(t, v1, 2, "straggler")
		f.file(t, v2, 2, "step2")

		// Step 3: the stragglers are re-wrapped, the old key goes.
		if res, err := rot.Retire(ctx, false); err != nil || res.Step != keyrotation.AwaitingRollout {
			t.Fatalf("retire without --rolled-out: %+v %v", res, err)
		}
		res, err = rot.Retire(ctx, true)
		if err != nil || res.Step != keyrotation.Retired || res.Rewrapped != 2 || res.Checked != 19 {
			t.Fatalf("retire: %+v %v, want the 2 stragglers re-wrapped and 19 keys checked", res, err)
		}
		if len(res.Removed) != 1 || res.Removed[0] != oldKey {
			t.Fatalf("retire removed %v, want the old key %d", res.Removed, oldKey)
		}
		v3 := f.load(t, f.keys)
		kf, err := vault.OpenKeysFile(f.keys)
		if err != nil {
			t.Fatal(err)
		}
		if keys := kf.KEKKeys(); len(keys) != 1 || keys[0].ID != newKey || !keys[0].Primary {
			t.Fatalf("the retired file holds %+v, want the new key alone", keys)
		}
		f.readAll(t, v3, "the new file")
		if res.Rotation.Phase != keyrotation.PhaseRetired || res.Rotation.Rewrapped != 17 {
			t.Fatalf("the rotation ends %+v, want RETIRED with 17 re-wrapped", res.Rotation)
		}

		// The old key alone opens nothing and does not fit.
		old := f.load(t, f.oldOnly)
		opened := 0
		if err := st.KeyRotations().EachCaseKey(ctx, func(id uuid.UUID, wrapped []byte) error {
			if _, err := old.OpenCaseKey(id.String(), wrapped); err == nil {
				opened++
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if opened != 0 {
			t.Fatalf("the old key opens %d case keys after the retirement", opened)
		}
		_, err = old.Bind(ctx, st.KeyChecks(), true)
		var me *vault.MismatchError
		if !errors.As(err, &me) || me.Database == "" {
			t.Fatalf("the old keys file is not refused by the recorded fingerprint: %v", err)
		}
		if _, err := v3.Bind(ctx, st.KeyChecks(), true); err != nil {
			t.Fatalf("the new file does not fit: %v", err)
		}
		// Retiring again changes nothing; a next rotation starts from the retired file.
		if res, err := rot.Retire(ctx, true); err != nil || res.Backup != "" || res.Step != keyrotation.Retired {
			t.Fatalf("retire again: %+v %v", res, err)
		}
		if res, err := rot.Rotate(ctx, false); err != nil || res.Step != keyrotation.Added || res.Rotation.OldKey != newKey {
			t.Fatalf("a next rotation: %+v %v", res, err)
		}
	})
}

// TestKeyRotationResumesAfterAnInterruptionAndTwoRunsShareTheWork: a re-wrap stopped halfway
// resumes from its cursor, and two runs at once re-wrap every case key once in all.
func TestKeyRotationResumesAfterAnInterruptionAndTwoRunsShareTheWork(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		f := newRotationFixture(t, st, url)
		f.file(t, f.load(t, f.keys), 60, "resume")
		if _, err := newRotation(t, st, f.keys, 4).Rotate(ctx, false); err != nil {
			t.Fatal(err)
		}

		// Stopped after the third batch (as by a crash: the batch under way rolls back).
		stopped, cancel := context.WithCancel(ctx)
		batches := 0
		halt, err := keyrotation.New(keyrotation.Config{Repo: st.KeyRotations(), KeysFile: f.keys, Batch: 4,
			Progress: func(p keyrotation.Progress) {
				if p.Pass == "re-wrap" && p.Done > 0 {
					if batches++; batches == 3 {
						cancel()
					}
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		res, err := halt.Rotate(stopped, true)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("the interrupted run: %+v %v", res, err)
		}
		cur, err := st.KeyRotations().Current(ctx)
		if err != nil || cur.Phase != keyrotation.PhaseRewrapping || cur.Cursor == nil || cur.Rewrapped != 12 {
			t.Fatalf("after the interruption the rotation is %+v (%v), want REWRAPPING at 12 with a cursor", cur, err)
		}
		res, err = newRotation(t, st, f.keys, 4).Rotate(ctx, false)
		if err != nil || res.Rewrapped != 48 || res.Rotation.Rewrapped != 60 || res.Rotation.Phase != keyrotation.PhaseRewrapped {
			t.Fatalf("the resumed run: %+v %v, want the other 48", res, err)
		}

		// A second rotation's step 2, by two runs on two connections at once.
		if _, err := newRotation(t, st, f.keys, 4).Retire(ctx, true); err != nil {
			t.Fatal(err)
		}
		f.file(t, f.load(t, f.keys), 20, "second")
		if _, err := newRotation(t, st, f.keys, 4).Rotate(ctx, false); err != nil {
			t.Fatal(err)
		}
		other, err := store.Open(ctx, url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		var (
			wg   sync.WaitGroup
			done [2]int
			errs [2]error
		)
		for i, s := range []*store.Store{st, other} {
			wg.Go(func() {
				r, err := keyrotation.New(keyrotation.Config{Repo: s.KeyRotations(), KeysFile: f.keys, Batch: 3})
				if err == nil {
					var res keyrotation.Result
					res, err = r.Rotate(ctx, true)
					done[i] = res.Rewrapped
				}
				errs[i] = err
			})
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatalf("the two runs: %v / %v", errs[0], errs[1])
		}
		cur, err = st.KeyRotations().Current(ctx)
		if err != nil || done[0]+done[1] != 80 || cur.Rewrapped != 80 {
			t.Fatalf("two runs re-wrapped %d and %d, the rotation counts %d (%v); want 80 once in all", done[0], done[1], cur.Rewrapped, err)
		}
		f.readAll(t, f.load(t, f.keys), "after two runs at once")
	})
}

// TestKeyRotationLeavesACaseErasedByRetentionErased: case keys are erased while the re-wrap
// runs — by the retention job between batches, and on PostgreSQL also between a batch's read
// and its swap, on another connection — and the erased keys stay erased.
func TestKeyRotationLeavesACaseErasedByRetentionErased(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		f := newRotationFixture(t, st, url)
		f.file(t, f.load(t, f.keys), 12, "retention")
		if _, err := newRotation(t, st, f.keys, 4).Rotate(ctx, false); err != nil {
			t.Fatal(err)
		}
		db := rawDB(t, url)
		var ids []uuid.UUID
		if err := st.KeyRotations().EachCaseKey(ctx, func(id uuid.UUID, _ []byte) error { ids = append(ids, id); return nil }); err != nil {
			t.Fatal(err)
		}
		// The last case in id order is erased between batches, the fifth inside the second
		// batch (PostgreSQL) or between batches (SQLite, whose transactions are serial).
		closeCase := func(id uuid.UUID) {
			if _, err := db.ExecContext(ctx, "UPDATE cases SET closed_at = $1 WHERE id = $2",
				time.Now().Add(-time.Hour).UTC().Format("2006-01-02 15:04:05.999999999-07:00"), id.String()); err != nil {
				t.Fatal(err)
			}
		}
		erase := func() {
			if _, err := st.DestroyExpiredCases(ctx, time.Now(), time.Now()); err != nil {
				t.Error(err)
			}
		}
		// Inside a batch, on another connection, the key is erased as the retention job erases
		// it (the job itself waits for the rotation's lock).
		eraseRaw := func(id uuid.UUID) {
			if _, err := db.ExecContext(ctx, "UPDATE cases SET wrapped_key = $1, content_destroyed_at = $2 WHERE id = $3",
				[]byte{}, time.Now().UTC().Format("2006-01-02 15:04:05.999999999-07:00"), id.String()); err != nil {
				t.Error(err)
			}
		}
		inBatch := st.Dialect() == "postgres"
		repo := &eraseDuringBatch{Repository: st.KeyRotations(), inBatch: inBatch, erase: func() {
			if inBatch {
				eraseRaw(ids[4])
				return
			}
			closeCase(ids[4])
			erase()
		}}
		closeCase(ids[len(ids)-1])
		erase()
		r, err := keyrotation.New(keyrotation.Config{Repo: repo, KeysFile: f.keys, Batch: 4})
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.Rotate(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		wantChanged := 0
		if repo.inBatch {
			wantChanged = 1
		}
		if res.Rewrapped != 10 || repo.changed != wantChanged {
			t.Fatalf("re-wrapped %d with %d keys changed under the swap, want 10 and %d", res.Rewrapped, repo.changed, wantChanged)
		}
		for _, id := range []uuid.UUID{ids[4], ids[len(ids)-1]} {
			var key []byte
			var destroyed *time.Time
			if err := db.QueryRowContext(ctx, "SELECT wrapped_key, content_destroyed_at FROM cases WHERE id = $1", id.String()).Scan(&key, &destroyed); err != nil {
				t.Fatal(err)
			}
			if len(key) != 0 || destroyed == nil {
				t.Fatalf("case %s erased by retention during the rotation has a key again (%d bytes)", id, len(key))
			}
		}
		if got := wrappedUnder(t, st); got[res.Rotation.NewKey] != 10 || len(got) != 1 {
			t.Fatalf("case keys wrapped %v, want the 10 left under the new key", got)
		}
	})
}

// eraseDuringBatch runs erase once during the second batch: on PostgreSQL inside it, after the
// batch read the keys and before it swaps them; on SQLite just before it.
type eraseDuringBatch struct {
	keyrotation.Repository
	inBatch bool
	erase   func()
	batches int
	changed int
}

func (e *eraseDuringBatch) RewrapBatch(ctx context.Context, id int, phase keyrotation.Phase, size int, rewrap keyrotation.Rewrap, now time.Time) (keyrotation.Batch, error) {
	e.batches++
	if e.batches == 2 && !e.inBatch {
		e.erase()
	}
	calls := 0
	b, err := e.Repository.RewrapBatch(ctx, id, phase, size, func(caseID uuid.UUID, wrapped []byte) ([]byte, error) {
		if calls++; calls == size && e.batches == 2 && e.inBatch {
			e.erase() // another connection, not waiting for this transaction
		}
		return rewrap(caseID, wrapped)
	}, now)
	e.changed += b.Changed
	return b, err
}
