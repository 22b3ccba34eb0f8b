package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/keyrotation"
	"github.com/utrecht/meldpunt/internal/vault"
)

const keysRotateHelp = `Replace the key-encryption key of a running installation, in steps that you roll out.

Running replicas keep their keys file in memory until they restart, and none may ever meet a
case key it cannot open. So the new key reaches every replica before anything is wrapped under
it, and the old key goes only when nothing is wrapped under it any more:

  1. meldpunt keys rotate --keys-file F
       adds a new key to F, not primary yet. Roll F out to every replica (restart each).
  2. meldpunt keys rotate --keys-file F --rolled-out
       makes the new key primary and re-wraps every case key under it, in batches, while the
       service runs (progress on stderr). Roll F out again.
  3. meldpunt keys retire --keys-file F --rolled-out
       re-wraps the case keys that replicas with the previous file wrapped meanwhile, checks
       that every case key opens with the new key alone, and removes the old key. Roll F out.

Each step rewrites F atomically and keeps the file it replaces beside it as F.bak-<time>
(mode 0600): those backups hold the old key, so destroy them when the rotation is over and F
is backed up. A step that was interrupted (killed, a lost connection) resumes where it stopped
when you run it again; two runs at once share the work and re-wrap each case key once. The
keyed-hash key (prf) is never rotated.`

const keysRetireHelp = `Retire the old key-encryption key: step 3 of a rotation (see ` + "`meldpunt keys rotate --help`" + `).

Run it after the file written by ` + "`meldpunt keys rotate --rolled-out`" + ` runs on every replica. It
re-wraps the case keys still under the old key, opens every case key with the new key alone,
then removes the old key from the keys file and records the database's keys fingerprint anew,
so that a keys file with only the old key opens no case and is refused at start.`

// keysRotateCmds are `meldpunt keys rotate` and `meldpunt keys retire`.
func keysRotateCmds(cfg *config.Config, stdout, stderr io.Writer) []*cobra.Command {
	var (
		rolledOut bool
		batch     int
	)
	run := func(cmd *cobra.Command, retire bool) error {
		if cfg.KeysFile == "" && !cfg.Dev {
			return fmt.Errorf("give the keys file to rotate with --keys-file (or %s)", config.EnvName("keys-file"))
		}
		// Never a default: rotating an empty embedded database by mistake would retire the
		// production key on no evidence.
		if cfg.DatabaseURL == "" {
			return fmt.Errorf("give the database whose case keys to re-wrap with --database-url (or %s)", config.EnvName("database-url"))
		}
		cfg.Dev = true // rotating needs the keys file and the database, no staff sign-in
		if err := cfg.Resolve(); err != nil {
			return err
		}
		v, err := vault.Load(cfg.KeysFile)
		if err != nil {
			return err
		}
		ctx := cmd.Context()
		st, err := openStore(ctx, cfg, 2)
		if err != nil {
			return err
		}
		defer st.Close()
		if err := st.Migrate(newLogger(cfg, stderr)); err != nil {
			return err
		}
		// The keys must be the ones the database records (a rotation's own earlier files are
		// fine here: this is the command that moves them on).
		b, err := v.Bind(ctx, st.KeyChecks(), false)
		if err != nil {
			return keysError(cfg.KeysFile, err)
		}
		if b != vault.Matched {
			return fmt.Errorf("the database has no keys fingerprint yet: start `meldpunt serve` on it once with this keys file (it records one), then rotate")
		}
		svc, err := keyrotation.New(keyrotation.Config{
			Repo: st.KeyRotations(), KeysFile: cfg.KeysFile, Batch: batch, Progress: progressPrinter(stderr),
		})
		if err != nil {
			return err
		}
		var res keyrotation.Result
		if retire {
			res, err = svc.Retire(ctx, rolledOut)
		} else {
			res, err = svc.Rotate(ctx, rolledOut)
		}
		if err != nil {
			if errors.Is(err, vault.ErrKeysFileChanged) {
				return fmt.Errorf("%w; nothing was written to it, run the command again", err)
			}
			return err
		}
		printRotation(stdout, cfg.KeysFile, res, retire)
		return nil
	}
	rotate := &cobra.Command{
		Use:   "rotate --keys-file F [--rolled-out]",
		Short: "Replace the key-encryption key while the service runs (steps 1 and 2 of 3)",
		Long:  keysRotateHelp,
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return run(cmd, false) },
	}
	retire := &cobra.Command{
		Use:   "retire --keys-file F --rolled-out",
		Short: "Remove the old key-encryption key after a rotation (step 3 of 3)",
		Long:  keysRetireHelp,
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return run(cmd, true) },
	}
	for _, c := range []*cobra.Command{rotate, retire} {
		c.Flags().BoolVar(&rolledOut, "rolled-out", false,
			"the file written by the previous step runs on every replica (each restarted with it)")
		c.Flags().IntVar(&batch, "batch", keyrotation.DefaultBatch, "cases per re-wrap transaction")
	}
	return []*cobra.Command{rotate, retire}
}

// progressPrinter prints a pass's progress on stderr: the first report, then at most four a
// second, and the last, each once.
func progressPrinter(stderr io.Writer) func(keyrotation.Progress) {
	var (
		last time.Time
		seen keyrotation.Progress
	)
	return func(p keyrotation.Progress) {
		q := p
		q.Elapsed = seen.Elapsed
		if q == seen || (!last.IsZero() && time.Since(last) < 250*time.Millisecond && p.Done < p.Total) {
			return
		}
		last, seen = time.Now(), p
		switch p.Pass {
		case "check":
			fmt.Fprintf(stderr, "check: %s/%s cases\n", thousands(p.Done), thousands(p.Total))
		default:
			rate := 0.0
			if s := p.Elapsed.Seconds(); s > 0 {
				rate = float64(p.Rewrapped) / s
			}
			fmt.Fprintf(stderr, "re-wrap: %s/%s cases, %s case keys re-wrapped by this run (%.0f/s)\n",
				thousands(p.Done), thousands(p.Total), thousands(p.Rewrapped), rate)
		}
	}
}

// printRotation tells the operator what the step did and what to do next. Key ids are Tink's
// public key ids (every ciphertext starts with one), never key material.
func printRotation(w io.Writer, path string, res keyrotation.Result, retire bool) {
	r := res.Rotation
	rollout := fmt.Sprintf("roll %s out to every replica and restart each (a replica reads its keys file only at start)", path)
	switch res.Step {
	case keyrotation.Added:
		fmt.Fprintf(w, "step 1 of 3 done: key-encryption key %d was added to %s beside key %d, which stays primary; "+
			"no case key was changed.\n", r.NewKey, path, r.OldKey)
		printBackup(w, res.Backup)
		fmt.Fprintf(w, "Next: %s. Then run:\n  meldpunt keys rotate --keys-file %s --rolled-out\n", rollout, path)
	case keyrotation.AwaitingRollout:
		if !retire {
			fmt.Fprintf(w, "a rotation is under way: key %d was added to %s on %s and is not primary yet; nothing was done.\n"+
				"Once %s runs on every replica (each restarted), run:\n  meldpunt keys rotate --keys-file %s --rolled-out\n",
				r.NewKey, path, r.StartedAt.UTC().Format(time.DateTime+" MST"), path, path)
			return
		}
		fmt.Fprintf(w, "every case key was re-wrapped under key %d; nothing was done.\n"+
			"Once %s, with key %d primary, runs on every replica (each restarted), run:\n  meldpunt keys retire --keys-file %s --rolled-out\n",
			r.NewKey, path, r.NewKey, path)
	case keyrotation.Rewrapped:
		fmt.Fprintf(w, "step 2 of 3 done: key %d is primary in %s, the database's keys fingerprint is recorded under it, "+
			"and %s case keys were re-wrapped under it (%s by this run).\n", r.NewKey, path, thousands(int(r.Rewrapped)), thousands(res.Rewrapped))
		printBackup(w, res.Backup)
		fmt.Fprintf(w, "Next: %s; until then replicas with the previous file wrap new case keys under key %d. Then run:\n"+
			"  meldpunt keys retire --keys-file %s --rolled-out\n", rollout, r.OldKey, path)
	case keyrotation.Retired:
		if len(res.Removed) == 0 && res.Backup == "" {
			fmt.Fprintf(w, "key %d was retired on %s; %s holds key %d alone. Nothing to do.\n",
				r.OldKey, r.RetiredAt.UTC().Format(time.DateTime+" MST"), path, r.NewKey)
			return
		}
		fmt.Fprintf(w, "step 3 of 3 done: %s removed from %s, which holds key %d alone.", keyList(res.Removed), path, r.NewKey)
		if res.Checked > 0 {
			fmt.Fprintf(w, " All %s case keys open with key %d alone (%s re-wrapped by this run).", thousands(res.Checked), r.NewKey, thousands(res.Rewrapped))
		}
		fmt.Fprintf(w, "\nThe database's keys fingerprint is recorded under key %d: a keys file with only the old key opens no case "+
			"and is refused at start.\n", r.NewKey)
		printBackup(w, res.Backup)
		if olds, _ := filepath.Glob(path + ".bak-*"); len(olds) > 0 {
			fmt.Fprintf(w, "Destroy these backups, which hold the old key, once %s is backed up: %s\n", path, strings.Join(olds, " "))
		}
		fmt.Fprintf(w, "Next: %s.\n", rollout)
	}
}

func printBackup(w io.Writer, backup string) {
	if backup != "" {
		fmt.Fprintf(w, "The previous file is kept as %s (mode 0600); it holds the keys too: destroy it when the rotation is over.\n", backup)
	}
}

func keyList(ids []uint32) string {
	if len(ids) == 1 {
		return fmt.Sprintf("key %d was", ids[0])
	}
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return "keys " + strings.Join(s, ", ") + " were"
}
