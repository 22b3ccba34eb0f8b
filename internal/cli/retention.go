package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/retention"
)

// retentionCmd is `meldpunt retention run`: the retention job once, now (serve also runs it on
// a timer).
func retentionCmd(cfg *config.Config, stdout, stderr io.Writer) *cobra.Command {
	r := &cobra.Command{Use: "retention", Short: "Storage limitation: destroy what is past its retention period"}
	r.AddCommand(&cobra.Command{
		Use:   "run",
		Short: "Destroy adviser notes past --adviser-notes-retention now, and report the counts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg.Dev = true // needs neither keys nor OIDC: it deletes ciphertext, it does not read it
			if err := cfg.Resolve(); err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), cfg, 2)
			if err != nil {
				return err
			}
			defer st.Close()
			log := newLogger(cfg, stderr)
			if err := st.Migrate(log); err != nil {
				return err
			}
			if err := sealAudit(cmd.Context(), cfg, st, stderr); err != nil {
				return err
			}
			job, err := retention.New(retention.Config{Store: st, KeepNotes: cfg.KeepNotes, KeepCases: cfg.KeepCases, Every: cfg.RetentionEvery, Log: log,
				Escrow: st.Escrow(), KeepEscrow: cfg.EscrowTTL})
			if err != nil {
				return err
			}
			cases, notes, err := job.RunOnce(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "destroyed the notes of %d conversations in %d cases\n", notes, cases)
			return nil
		},
	})
	return r
}
