package keyrotation

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/vault"
)

// rewrapWith re-wraps under v's primary (the new key) every case key that its prefix does not
// name as wrapped under newKey.
func rewrapWith(v *vault.Vault, path string, newKey uint32) Rewrap {
	return func(caseID uuid.UUID, wrapped []byte) ([]byte, error) {
		if id, err := vault.WrappingKeyID(wrapped); err == nil && id == newKey {
			return nil, nil
		}
		out, err := v.RewrapCaseKey(caseID.String(), wrapped)
		if err != nil {
			return nil, fmt.Errorf("the key of case %s does not open with any key of %s, so it cannot be re-wrapped "+
				"(nothing of this batch was changed): %w", caseID, path, err)
		}
		return out, nil
	}
}

// Retire is `meldpunt keys retire`: when rolledOut says the file of step 2 runs on every
// replica, it re-wraps the case keys that replicas still on step 1's file wrapped under the
// old key meanwhile, checks that every case key opens with the new key alone, and then removes
// every other key from the keys file and records the fingerprint anew. An interrupted
// retirement is finished without rolledOut.
func (s *Service) Retire(ctx context.Context, rolledOut bool) (Result, error) {
	f, err := vault.OpenKeysFile(s.cfg.KeysFile)
	if err != nil {
		return Result{}, err
	}
	cur, err := s.cfg.Repo.Current(ctx)
	if err != nil {
		return Result{}, err
	}
	if cur == nil {
		return Result{}, errors.New("no rotation of the key-encryption key was started: there is no old key to retire")
	}
	switch cur.Phase {
	case PhaseAdded:
		return Result{}, errors.New("the new key-encryption key is not primary yet: roll out the keys file that " +
			"`meldpunt keys rotate` wrote, then run `meldpunt keys rotate --rolled-out`")
	case PhaseRewrapping:
		return Result{}, errors.New("the re-wrap of the case keys is not finished: run `meldpunt keys rotate` to finish it")
	case PhaseRetired:
		return s.writeRetired(f, cur, Result{Step: Retired, Rotation: *cur})
	case PhaseRewrapped:
		if !rolledOut {
			return Result{Step: AwaitingRollout, Rotation: *cur}, nil
		}
	}
	if f.PrimaryKEK() != cur.NewKey {
		return Result{}, fmt.Errorf("the keys file %s does not have the new key %d as its primary key: use the file "+
			"`meldpunt keys rotate --rolled-out` wrote", f.Path(), cur.NewKey)
	}
	if cur.Phase == PhaseRewrapped {
		if cur, err = s.advance(ctx, cur, PhaseRewrapped, PhaseRetiring); err != nil {
			return Result{}, err
		}
	}
	// Phase RETIRING, the cursor wherever an interrupted run left it.
	res := Result{Step: Retired}
	for attempt := 1; ; attempt++ {
		n, err := s.pass(ctx, f, cur, PhaseRetiring)
		res.Rewrapped += n
		if err != nil {
			return Result{}, err
		}
		checked, left, err := s.check(ctx, f, cur.NewKey)
		if err != nil {
			return Result{}, err
		}
		res.Checked = checked
		if left == 0 {
			break
		}
		if attempt == maxRetirePasses {
			return Result{}, fmt.Errorf("%d case keys are still not under the new key after %d passes: a replica still "+
				"wraps new case keys under the old key. Roll out the file `meldpunt keys rotate --rolled-out` wrote to "+
				"every replica, then run `meldpunt keys retire --rolled-out` again", left, attempt)
		}
		// Stragglers filed behind the cursor: another pass from the first case.
		if cur, err = s.advance(ctx, cur, PhaseRetiring, PhaseRetiring); err != nil {
			return Result{}, err
		}
	}
	removed, err := f.RemoveKEKsExcept(cur.NewKey)
	if err != nil {
		return Result{}, err
	}
	v, err := f.Vault()
	if err != nil {
		return Result{}, err
	}
	fp, err := v.NewFingerprint()
	if err != nil {
		return Result{}, err
	}
	now := s.cfg.Now()
	ok, err := s.cfg.Repo.Advance(ctx, cur.ID, cur.NewKey, PhaseRetiring, PhaseRetired, &fp, now)
	if err != nil {
		return Result{}, err
	}
	if !ok {
		return Result{}, errors.New("the rotation changed while this command ran; run it again")
	}
	if cur, err = s.cfg.Repo.Current(ctx); err != nil {
		return Result{}, err
	}
	res.Rotation, res.Removed = *cur, removed
	backup, err := f.Save(now)
	if err != nil {
		return Result{}, err
	}
	res.Backup = backup
	return res, nil
}

// advance moves the rotation from one phase to another (clearing its cursor) and returns it as
// it is then.
func (s *Service) advance(ctx context.Context, cur *Rotation, from, to Phase) (*Rotation, error) {
	ok, err := s.cfg.Repo.Advance(ctx, cur.ID, cur.NewKey, from, to, nil, s.cfg.Now())
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("the rotation changed while this command ran; run it again")
	}
	next, err := s.cfg.Repo.Current(ctx)
	if err != nil {
		return nil, err
	}
	if next == nil || next.ID != cur.ID || next.Phase != to {
		return nil, errors.New("the rotation changed while this command ran; run it again")
	}
	return next, nil
}

// writeRetired writes the file of a retired rotation without its old keys, when a retirement
// was interrupted after the database's phase change.
func (s *Service) writeRetired(f *vault.KeysFile, cur *Rotation, res Result) (Result, error) {
	if !f.HasKEK(cur.NewKey) {
		return Result{}, fmt.Errorf("the keys file %s does not hold key %d, the key-encryption key since the last "+
			"rotation", f.Path(), cur.NewKey)
	}
	if len(f.KEKKeys()) == 1 {
		return res, nil
	}
	if f.PrimaryKEK() != cur.NewKey {
		if err := f.SetPrimaryKEK(cur.NewKey); err != nil {
			return Result{}, err
		}
	}
	removed, err := f.RemoveKEKsExcept(cur.NewKey)
	if err != nil {
		return Result{}, err
	}
	res.Removed = removed
	if res.Backup, err = f.Save(s.cfg.Now()); err != nil {
		return Result{}, err
	}
	return res, nil
}

// check opens every case key with the new key alone and returns how many it opened and how
// many it could not.
func (s *Service) check(ctx context.Context, f *vault.KeysFile, newKey uint32) (checked, left int, err error) {
	v, err := f.VaultWithOnly(newKey)
	if err != nil {
		return 0, 0, err
	}
	total, _, err := s.cfg.Repo.CountCases(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	err = s.cfg.Repo.EachCaseKey(ctx, func(caseID uuid.UUID, wrapped []byte) error {
		if _, err := v.OpenCaseKey(caseID.String(), wrapped); err != nil {
			left++
		} else {
			checked++
		}
		if s.cfg.Progress != nil && (checked+left)%1000 == 0 {
			s.cfg.Progress(Progress{Pass: "check", Done: checked + left, Total: total})
		}
		return nil
	})
	return checked, left, err
}
