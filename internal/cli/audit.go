package cli

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
	"github.com/spf13/cobra"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/audittrail"
	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/vault"
)

// auditCmd is `meldpunt audit list --case REF`: the audit trail of one case for auditors — who
// touched it, when, which fields — never content.
func auditCmd(cfg *config.Config, stdout io.Writer) *cobra.Command {
	trail := &cobra.Command{Use: "audit", Short: "Read the audit trail (who touched which case when; never content)"}
	var ref string
	list := &cobra.Command{
		Use:   "list",
		Short: "List the audit events of a case, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if ref == "" {
				return fmt.Errorf("give the case with --case MP-XXXXXXXX")
			}
			cfg.Dev = true // reading the trail needs neither keys nor OIDC
			if err := cfg.Resolve(); err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), cfg, 2)
			if err != nil {
				return err
			}
			defer st.Close()
			evs, err := st.AuditTrailByReference(cmd.Context(), strings.ToUpper(strings.TrimSpace(ref)))
			if err != nil {
				return err
			}
			if evs == nil {
				return fmt.Errorf("no case %s", ref)
			}
			w := tabwriter.NewWriter(stdout, 0, 2, 2, ' ', 0)
			fmt.Fprintln(w, "TIME (UTC)\tACTOR\tACTION\tFIELDS\tREQUEST")
			for _, ev := range evs {
				actor := strings.ToLower(string(ev.Actor.Kind))
				if ev.Actor.ID != "" {
					actor += ":" + ev.Actor.ID
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", ev.At.Format("2006-01-02 15:04:05"), actor, ev.Action, strings.Join(ev.Fields, ","), ev.RequestID)
			}
			return w.Flush()
		},
	}
	list.Flags().StringVar(&ref, "case", "", "case reference, e.g. MP-7K3QX9AB")
	trail.AddCommand(list, auditVerifyCmd(cfg, stdout), auditCheckpointCmd(cfg, stdout))
	return trail
}

const auditVerifyHelp = `Verify the audit trail of a case (--case), or of every case (--all): every event's seal (a keyed
hash under the keys file's key, which the database does not hold) is recomputed, and every event's
link to the event written before it is looked up. Reported are the events changed or added in the
database afterwards ("altered"), the events after one that was removed ("broken link"), the events
without a seal ("unsealed": written before sealing existed, by a command without the keys file,
or inserted bypassing Meldpunt), a trail that no longer ends at the case's recorded latest event,
a missing or emptied record of that latest event ("head missing"), and the events written while
it was missing ("restarted").

With --all --checkpoint FILE (a checkpoint note downloaded earlier and kept elsewhere) it also
checks the note's signature and that every case head the checkpoint fixed is still in its trail,
so that events written before the checkpoint and removed since are found and named. The note is
checked against the keys file's checkpoint key, or against --public-key (as ` + "`meldpunt audit checkpoint --public-key`" + `
printed it, kept elsewhere too). Progress goes to stderr.

The command exits with status 1 unless everything is intact. It needs the service's keys file
(--keys-file), and the verification is itself recorded in the trail (--as names who verified).`

// auditServices opens the store with the keys file and returns the auditor's service.
func auditServices(cmd *cobra.Command, cfg *config.Config) (*audittrail.Service, func(), error) {
	cfg.Dev = true // needs the keys, not the staff sign-in
	if err := cfg.Resolve(); err != nil {
		return nil, nil, err
	}
	v, err := vault.Load(cfg.KeysFile)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (the audit trail's seals and checkpoints need the service's keys file: give --keys-file)", err)
	}
	st, err := openStore(cmd.Context(), cfg, 2)
	if err != nil {
		return nil, nil, err
	}
	// With other keys every event would verify as altered: say what is wrong instead.
	if err := checkKeys(cmd.Context(), st, v, cfg.KeysFile); err != nil {
		st.Close()
		return nil, nil, err
	}
	seal := audit.SealerFrom(v)
	st.SetAuditSealer(seal)
	svc, err := audittrail.New(audittrail.Config{Repo: st.AuditTrails(), Seal: seal,
		Checkpoints: st.AuditTrails(), CheckpointKey: audit.CheckpointKey(v)})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return svc, func() { st.Close() }, nil
}

// auditVerifyCmd is `meldpunt audit verify --case REF` and `meldpunt audit verify --all`.
func auditVerifyCmd(cfg *config.Config, stdout io.Writer) *cobra.Command {
	var ref, as, checkpoint, pubKey string
	var all bool
	cmd := &cobra.Command{
		Use:   "verify (--case MP-XXXXXXXX | --all [--checkpoint FILE])",
		Short: "Verify that the audit trail of a case, or of every case, is as it was written",
		Long:  auditVerifyHelp,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case all && ref != "":
				return fmt.Errorf("give either --case or --all, not both")
			case !all && ref == "":
				return fmt.Errorf("give the case with --case MP-XXXXXXXX, or --all")
			case !all && (checkpoint != "" || pubKey != ""):
				return fmt.Errorf("--checkpoint and --public-key go with --all")
			}
			var note string
			if checkpoint != "" {
				b, err := os.ReadFile(checkpoint)
				if err != nil {
					return fmt.Errorf("read the checkpoint: %w", err)
				}
				note = string(b)
			}
			svc, done, err := auditServices(cmd, cfg)
			if err != nil {
				return err
			}
			defer done()
			actor := audittrail.Actor{Subject: "cli:" + as, Auditor: true}
			if all {
				return verifyAll(cmd, svc, actor, note, pubKey, stdout)
			}
			ref = strings.ToUpper(strings.TrimSpace(ref))
			res, err := svc.Verify(cmd.Context(), actor, ref)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s: %d events, verified at %s\n", ref, res.Events, res.VerifiedAt.Format(time.RFC3339))
			for _, l := range []struct {
				what string
				ids  []uuid.UUID
			}{{"altered", res.Altered}, {"broken link", res.BrokenLinks}, {"unsealed", res.Unsealed}, {"restarted", res.Restarted}} {
				for _, id := range l.ids {
					fmt.Fprintf(stdout, "%-12s %s\n", l.what, id)
				}
			}
			if res.HeadMissing {
				fmt.Fprintln(stdout, "head missing: the record of the case's latest event was removed or emptied (the latest events may have gone with it)")
			}
			if res.LatestMissing {
				fmt.Fprintln(stdout, "latest event missing: the trail does not end where the case's record says (events removed from its end)")
			}
			if !res.Intact() {
				return fmt.Errorf("the audit trail of %s is not intact: %d altered, %d with a broken link, %d unsealed, %d restarted, head missing: %v, latest event missing: %v",
					ref, len(res.Altered), len(res.BrokenLinks), len(res.Unsealed), len(res.Restarted), res.HeadMissing, res.LatestMissing)
			}
			fmt.Fprintln(stdout, "intact")
			return nil
		},
	}
	cmd.Flags().StringVar(&ref, "case", "", "case reference, e.g. MP-7K3QX9AB")
	cmd.Flags().BoolVar(&all, "all", false, "verify the trail of every case")
	cmd.Flags().StringVar(&checkpoint, "checkpoint", "", "with --all: a checkpoint note kept elsewhere, to find events removed since")
	cmd.Flags().StringVar(&pubKey, "public-key", "", "with --checkpoint: the checkpoint public key kept elsewhere (default: the keys file's)")
	cmd.Flags().StringVar(&as, "as", os.Getenv("USER"), "who verifies, for the audit trail")
	return cmd
}

// verifyAll runs `audit verify --all`.
func verifyAll(cmd *cobra.Command, svc *audittrail.Service, actor audittrail.Actor, note, pubKey string, stdout io.Writer) error {
	var pub ed25519.PublicKey
	if note != "" {
		k := pubKey
		if k == "" {
			k = svc.PublicKey()
		}
		var err error
		if pub, err = audit.ParseVerifierKey(k); err != nil {
			return fmt.Errorf("--public-key: %w", err)
		}
	}
	stderr := cmd.ErrOrStderr()
	start, last := time.Now(), time.Time{}
	progress := func(done, total int) {
		if now := time.Now(); now.Sub(last) >= time.Second || done == total {
			last = now
			fmt.Fprintf(stderr, "verified %d of %d cases (%.1f s)\n", done, total, now.Sub(start).Seconds())
		}
	}
	res, err := svc.VerifyAll(cmd.Context(), actor, note, pub, progress)
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.Field == "checkpoint" {
			return fmt.Errorf("the checkpoint file: %s", ae.Message)
		}
		return err
	}
	for _, f := range res.Findings {
		fmt.Fprintf(stdout, "%s\t%s\n", f.Case(), f.What)
	}
	summary := fmt.Sprintf("%d cases, %d events", res.Cases, res.Events)
	if res.Checkpoint != nil {
		summary += fmt.Sprintf(", against the checkpoint of %s (%d cases)", res.Checkpoint.Time.Format(time.RFC3339), res.Checkpoint.Size)
	}
	fmt.Fprintf(stdout, "%s, verified at %s\n", summary, res.VerifiedAt.Format(time.RFC3339))
	if !res.Intact() {
		return fmt.Errorf("the audit trail is not intact: %d findings", len(res.Findings))
	}
	fmt.Fprintln(stdout, "intact")
	return nil
}

const auditCheckpointHelp = `Make a signed checkpoint of every case's trail now (serve makes one every --audit-checkpoint-interval):
a Merkle tree, hashed as in Certificate Transparency, over each case's latest event and number of
events, its head signed with a key derived from the keys file. It prints the checkpoint as a signed
note: keep it (or one the auditor downloads later) somewhere the database's administrators cannot
reach, and check the trails against it with ` + "`meldpunt audit verify --all --checkpoint FILE`" + `.
--public-key prints the public key to check notes with instead (keep it elsewhere too).`

// auditCheckpointCmd is `meldpunt audit checkpoint`.
func auditCheckpointCmd(cfg *config.Config, stdout io.Writer) *cobra.Command {
	var pubOnly bool
	var out string
	cmd := &cobra.Command{
		Use:   "checkpoint [--out FILE] [--public-key]",
		Short: "Make a signed checkpoint of every case's audit trail now",
		Long:  auditCheckpointHelp,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, done, err := auditServices(cmd, cfg)
			if err != nil {
				return err
			}
			defer done()
			if pubOnly {
				fmt.Fprintln(stdout, svc.PublicKey())
				return nil
			}
			note, cp, _, err := svc.MakeCheckpoint(cmd.Context(), false)
			if err != nil {
				return err
			}
			if out != "" {
				if err := os.WriteFile(out, []byte(note), 0o600); err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "checkpoint of %d cases at %s written to %s\n", cp.Size, cp.Time.Format(time.RFC3339), out)
				return nil
			}
			fmt.Fprint(stdout, note)
			return nil
		},
	}
	cmd.Flags().BoolVar(&pubOnly, "public-key", false, "print the public key checkpoints are signed with, and make none")
	cmd.Flags().StringVar(&out, "out", "", "write the note to this file instead of stdout")
	return cmd
}
