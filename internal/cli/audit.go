package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/store"
)

// auditCmd is `meldpunt audit list --case REF`: the audit trail of one case for auditors — who
// touched it, when, which fields — never content.
func auditCmd(cfg *config.Config, stdout io.Writer) *cobra.Command {
	audit := &cobra.Command{Use: "audit", Short: "Read the audit trail (who touched which case when; never content)"}
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
			st, err := store.Open(cmd.Context(), cfg.DatabaseURL, store.Options{MaxOpenConns: 2})
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
	audit.AddCommand(list)
	return audit
}
