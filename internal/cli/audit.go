package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
	"github.com/spf13/cobra"

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
	trail.AddCommand(list, auditVerifyCmd(cfg, stdout))
	return trail
}

const auditVerifyHelp = `Verify the audit trail of a case: every event's seal (a keyed hash under the keys file's key,
which the database does not hold) is recomputed, and every event's link to the event written
before it is looked up. Reported are the events changed or added in the database afterwards
("altered"), the events after one that was removed ("broken link") and the events without a seal
("unsealed": written before sealing existed, by a command without the keys file, or inserted
bypassing Meldpunt). The command exits with status 1 unless the trail is intact.

It needs the service's keys file (--keys-file), and the verification is itself recorded in the
trail (--as names who verified).`

// auditVerifyCmd is `meldpunt audit verify --case REF`.
func auditVerifyCmd(cfg *config.Config, stdout io.Writer) *cobra.Command {
	var ref, as string
	cmd := &cobra.Command{
		Use:   "verify --case MP-XXXXXXXX",
		Short: "Verify that the audit trail of a case is as it was written",
		Long:  auditVerifyHelp,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if ref == "" {
				return fmt.Errorf("give the case with --case MP-XXXXXXXX")
			}
			cfg.Dev = true // needs the keys, not the staff sign-in
			if err := cfg.Resolve(); err != nil {
				return err
			}
			v, err := vault.Load(cfg.KeysFile)
			if err != nil {
				return fmt.Errorf("%w (verifying the trail needs the service's keys file: give --keys-file)", err)
			}
			st, err := openStore(cmd.Context(), cfg, 2)
			if err != nil {
				return err
			}
			defer st.Close()
			// With other keys every event would verify as altered: say what is wrong instead.
			if err := checkKeys(cmd.Context(), st, v, cfg.KeysFile); err != nil {
				return err
			}
			seal := audit.SealerFrom(v)
			st.SetAuditSealer(seal)
			svc, err := audittrail.New(audittrail.Config{Repo: st.AuditTrails(), Seal: seal})
			if err != nil {
				return err
			}
			ref = strings.ToUpper(strings.TrimSpace(ref))
			res, err := svc.Verify(cmd.Context(), audittrail.Actor{Subject: "cli:" + as, Auditor: true}, ref)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s: %d events, verified at %s\n", ref, res.Events, res.VerifiedAt.Format(time.RFC3339))
			for _, l := range []struct {
				what string
				ids  []uuid.UUID
			}{{"altered", res.Altered}, {"broken link", res.BrokenLinks}, {"unsealed", res.Unsealed}} {
				for _, id := range l.ids {
					fmt.Fprintf(stdout, "%-12s %s\n", l.what, id)
				}
			}
			if res.LatestMissing {
				fmt.Fprintln(stdout, "latest event missing: the trail does not end where the case's record says (events removed from its end)")
			}
			if !res.Intact() {
				return fmt.Errorf("the audit trail of %s is not intact: %d altered, %d with a broken link, %d unsealed, latest event missing: %v",
					ref, len(res.Altered), len(res.BrokenLinks), len(res.Unsealed), res.LatestMissing)
			}
			fmt.Fprintln(stdout, "intact")
			return nil
		},
	}
	cmd.Flags().StringVar(&ref, "case", "", "case reference, e.g. MP-7K3QX9AB")
	cmd.Flags().StringVar(&as, "as", os.Getenv("USER"), "who verifies, for the audit trail")
	return cmd
}
