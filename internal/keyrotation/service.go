package keyrotation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/utrecht/meldpunt/internal/vault"
)

// DefaultBatch is how many cases a re-wrap batch walks when Config.Batch is 0.
const DefaultBatch = 500

// maxRetirePasses bounds the passes of `keys retire` that find case keys still under an old key.
const maxRetirePasses = 3

// Config sets up a Service.
type Config struct {
	Repo Repository
	// KeysFile is the path of the keys file to rotate; it is rewritten in place by each step.
	KeysFile string
	// Batch is how many cases a re-wrap batch walks (default DefaultBatch).
	Batch int
	// Progress, if set, is told after every re-wrap batch and every 1,000 keys checked.
	Progress func(Progress)
	Now      func() time.Time
}

// Progress reports a pass over the cases.
type Progress struct {
	// Pass is "re-wrap" or "check".
	Pass string
	// Done and Total count cases: walked so far (by every run, as far as this one knows) and in
	// all.
	Done, Total int
	// Rewrapped counts the case keys this run re-wrapped so far.
	Rewrapped int
	// Elapsed is the time since the pass began in this run.
	Elapsed time.Duration
}

// Step says what a call did.
type Step int

// The steps.
const (
	// Added: a new key was added to the keys file (phase ADDED); roll the file out.
	Added Step = iota + 1
	// AwaitingRollout: nothing was done; the file of the last step must be rolled out first.
	AwaitingRollout
	// Rewrapped: the new key is primary and every case key was re-wrapped; roll the file out,
	// then retire.
	Rewrapped
	// Retired: the old key was removed; roll the file out and destroy the backups.
	Retired
)

// Result is the outcome of Rotate or Retire.
type Result struct {
	Step     Step
	Rotation Rotation
	// Backup is the previous keys file, kept when this call wrote the file ("" when it did
	// not). It holds the keys the new file may no longer hold.
	Backup string
	// Rewrapped counts the case keys this call re-wrapped.
	Rewrapped int
	// Checked counts the case keys that retire opened with the new key alone.
	Checked int
	// Removed lists the key ids retire removed from the keys file.
	Removed []uint32
}

// Service runs the steps of a rotation against one keys file and one database.
type Service struct{ cfg Config }

// New checks the configuration.
func New(cfg Config) (*Service, error) {
	if cfg.Repo == nil || cfg.KeysFile == "" {
		return nil, errors.New("keyrotation: Repo and KeysFile are required")
	}
	if cfg.Batch == 0 {
		cfg.Batch = DefaultBatch
	}
	if cfg.Batch < 1 || cfg.Batch > 10_000 {
		return nil, errors.New("keyrotation: the batch size must be between 1 and 10,000")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}, nil
}

// Rotate takes the next step of `meldpunt keys rotate`: it starts a rotation (step 1), or, when
// rolledOut says the file of step 1 runs on every replica, makes the new key primary and
// re-wraps the case keys (step 2). A step 2 that was interrupted is finished without rolledOut.
func (s *Service) Rotate(ctx context.Context, rolledOut bool) (Result, error) {
	f, err := vault.OpenKeysFile(s.cfg.KeysFile)
	if err != nil {
		return Result{}, err
	}
	cur, err := s.cfg.Repo.Current(ctx)
	if err != nil {
		return Result{}, err
	}
	if cur == nil || cur.Phase == PhaseRetired {
		if rolledOut {
			return Result{}, errors.New("no rotation is under way, so there is nothing rolled out to go on from: " +
				"start one with `meldpunt keys rotate` (without --rolled-out)")
		}
		return s.add(ctx, f, cur)
	}
	switch cur.Phase {
	case PhaseAdded:
		return s.promote(ctx, f, cur, rolledOut)
	case PhaseRewrapping, PhaseRewrapped:
		if err := s.checkPrimaryFile(f, cur); err != nil {
			return Result{}, err
		}
		return s.finishRewrap(ctx, f, cur, "")
	default: // RETIRING
		return Result{}, errors.New("the old key-encryption key is being retired: run `meldpunt keys retire` to finish that")
	}
}

// add is step 1: a new key, enabled, not primary, recorded before the file is written (a run
// killed in between is finished by the next, which finds the key missing from the file).
func (s *Service) add(ctx context.Context, f *vault.KeysFile, last *Rotation) (Result, error) {
	if keys := f.KEKKeys(); len(keys) != 1 {
		msg := fmt.Sprintf("the keys file %s holds %d key-encryption keys; a rotation starts from a file with one", f.Path(), len(keys))
		if last != nil {
			msg += fmt.Sprintf(". The last rotation retired key %d: use the file `meldpunt keys retire` wrote, "+
				"or run `meldpunt keys retire` to write it", last.OldKey)
		}
		return Result{}, errors.New(msg)
	}
	old := f.PrimaryKEK()
	id, err := f.AddKEK()
	if err != nil {
		return Result{}, err
	}
	now := s.cfg.Now()
	rot, err := s.cfg.Repo.Start(ctx, old, id, now)
	if errors.Is(err, ErrUnderWay) {
		return Result{}, fmt.Errorf("another `meldpunt keys rotate` started a rotation just now (to key %d); "+
			"run this command again once it has finished", rot.NewKey)
	}
	if err != nil {
		return Result{}, err
	}
	backup, err := f.Save(now)
	if err != nil {
		return Result{}, err
	}
	return Result{Step: Added, Rotation: *rot, Backup: backup}, nil
}

// promote is step 2's start: the new key becomes primary, the fingerprint is made anew under
// it, and the case keys are re-wrapped.
func (s *Service) promote(ctx context.Context, f *vault.KeysFile, cur *Rotation, rolledOut bool) (Result, error) {
	if p := f.PrimaryKEK(); p != cur.OldKey {
		return Result{}, fmt.Errorf("the keys file %s is not this rotation's: its primary key is %d, and the rotation "+
			"started from key %d", f.Path(), p, cur.OldKey)
	}
	if !f.HasKEK(cur.NewKey) {
		return s.readd(ctx, f, cur, rolledOut)
	}
	if !rolledOut {
		return Result{Step: AwaitingRollout, Rotation: *cur}, nil
	}
	if err := f.SetPrimaryKEK(cur.NewKey); err != nil {
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
	if _, err := s.cfg.Repo.Advance(ctx, cur.ID, cur.NewKey, PhaseAdded, PhaseRewrapping, &fp, now); err != nil {
		return Result{}, err
	}
	// When another run promoted it at the same moment, this one goes on with its state.
	if cur, err = s.cfg.Repo.Current(ctx); err != nil {
		return Result{}, err
	}
	if cur == nil || (cur.Phase != PhaseRewrapping && cur.Phase != PhaseRewrapped) {
		return Result{}, errors.New("the rotation changed while this command ran; run it again")
	}
	backup, err := f.Save(now)
	if err != nil {
		return Result{}, err
	}
	return s.finishRewrap(ctx, f, cur, backup)
}

// readd handles a phase ADDED whose key the file lacks: a run killed between recording the
// rotation and writing the file, or two runs at once. Nothing has been wrapped under the
// recorded key, so the rotation may take the file's new key, or a fresh one.
func (s *Service) readd(ctx context.Context, f *vault.KeysFile, cur *Rotation, rolledOut bool) (Result, error) {
	if rolledOut {
		return Result{}, fmt.Errorf("the keys file %s does not hold key %d, which this rotation added, so it is not "+
			"the file to roll out: run `meldpunt keys rotate` without --rolled-out to put a new key in it, and roll "+
			"that file out", f.Path(), cur.NewKey)
	}
	var others []uint32
	for _, k := range f.KEKKeys() {
		if !k.Primary && k.Enabled {
			others = append(others, k.ID)
		}
	}
	now := s.cfg.Now()
	var (
		id     uint32
		backup string
		err    error
	)
	switch len(others) {
	case 0:
		if id, err = f.AddKEK(); err != nil {
			return Result{}, err
		}
	case 1:
		id = others[0]
	default:
		return Result{}, fmt.Errorf("the keys file %s holds %d keys besides its primary, and none is the key this "+
			"rotation added (%d); use the file that `meldpunt keys rotate` wrote", f.Path(), len(others), cur.NewKey)
	}
	ok, err := s.cfg.Repo.Repoint(ctx, cur.ID, cur.NewKey, id, now)
	if err != nil {
		return Result{}, err
	}
	if !ok {
		return Result{}, errors.New("the rotation changed while this command ran; run it again")
	}
	if backup, err = f.Save(now); err != nil {
		return Result{}, err
	}
	cur.NewKey = id
	return Result{Step: Added, Rotation: *cur, Backup: backup}, nil
}

// checkPrimaryFile checks that the file can do step 2's work: it holds the new key, and the
// old key as long as case keys may be wrapped under it.
func (s *Service) checkPrimaryFile(f *vault.KeysFile, cur *Rotation) error {
	if !f.HasKEK(cur.NewKey) {
		return fmt.Errorf("the keys file %s does not hold key %d, the new key of the rotation under way: use the "+
			"file `meldpunt keys rotate --rolled-out` wrote", f.Path(), cur.NewKey)
	}
	return nil
}

// finishRewrap makes sure the file has the new key as primary (a run killed between the
// database's phase change and the file's is finished here) and runs the re-wrap pass to its end.
func (s *Service) finishRewrap(ctx context.Context, f *vault.KeysFile, cur *Rotation, backup string) (Result, error) {
	if f.PrimaryKEK() != cur.NewKey {
		if err := f.SetPrimaryKEK(cur.NewKey); err != nil {
			return Result{}, err
		}
		b, err := f.Save(s.cfg.Now())
		if err != nil {
			return Result{}, err
		}
		if b != "" {
			backup = b
		}
	}
	n := 0
	if cur.Phase == PhaseRewrapping {
		var err error
		if n, err = s.pass(ctx, f, cur, PhaseRewrapping); err != nil {
			return Result{}, err
		}
	}
	after, err := s.cfg.Repo.Current(ctx)
	if err != nil {
		return Result{}, err
	}
	return Result{Step: Rewrapped, Rotation: *after, Backup: backup, Rewrapped: n}, nil
}

// pass walks the cases from the rotation's cursor to the end in batches, re-wrapping every case
// key that is not under the new key, and returns how many this run re-wrapped.
func (s *Service) pass(ctx context.Context, f *vault.KeysFile, cur *Rotation, phase Phase) (int, error) {
	v, err := f.Vault()
	if err != nil {
		return 0, err
	}
	if v.KEKPrimaryID() != cur.NewKey {
		return 0, fmt.Errorf("keyrotation: the keys file's primary key is %d, not the new key %d", v.KEKPrimaryID(), cur.NewKey)
	}
	total, done, err := s.cfg.Repo.CountCases(ctx, cur.Cursor)
	if err != nil {
		return 0, err
	}
	start, rewrapped := time.Now(), 0
	report := func() {
		if s.cfg.Progress != nil {
			s.cfg.Progress(Progress{Pass: "re-wrap", Done: min(done, total), Total: total, Rewrapped: rewrapped, Elapsed: time.Since(start)})
		}
	}
	report()
	for {
		b, err := s.cfg.Repo.RewrapBatch(ctx, cur.ID, phase, s.cfg.Batch, rewrapWith(v, f.Path(), cur.NewKey), s.cfg.Now())
		if errors.Is(err, ErrPhaseChanged) {
			return rewrapped, nil // another run finished the pass
		}
		if err != nil {
			return rewrapped, err
		}
		done += b.Cases
		rewrapped += b.Rewrapped
		if b.Done {
			done = total
		}
		report()
		if b.Done {
			return rewrapped, nil
		}
		if err := ctx.Err(); err != nil {
			return rewrapped, err
		}
	}
}
