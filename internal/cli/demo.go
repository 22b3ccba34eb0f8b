package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/demo"
	"github.com/utrecht/meldpunt/internal/vault"
)

const demoSeedHelp = `Fill the database with realistic synthetic cases, for a demonstration or a benchmark.

Every case follows the lifecycle the service enforces: filed through a channel, acknowledged,
supported by an adviser (with logged conversations) and closed, or escalated to a unit, weighed,
investigated with a hearing before the findings, assessed, sanctioned within the rule set
(proven discrimination always) and closed with feedback to the reporter. Content is sealed with
per-case keys from the keys file, so the service opens the cases like real ones. A demo
organisation (5 directorates of 4 teams) and 14 demo advisers are created when there are none.

Never run this against a production database: the cases are fictional but counted.`

func demoCmd(cfg *config.Config, stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "demo", Short: "Demonstration data"}
	var (
		n, years int
		seed     uint64
	)
	seedCmd := &cobra.Command{
		Use:   "seed --cases N --years Y",
		Short: "Generate synthetic cases over the last Y years",
		Long:  demoSeedHelp,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n <= 0 || years <= 0 || years > 20 {
				return fmt.Errorf("give --cases N (at least 1) and --years Y (1 to 20)")
			}
			userDev := cfg.Dev
			cfg.Dev = true // seeding needs the keys, not the staff sign-in
			if err := cfg.Resolve(); err != nil {
				return err
			}
			if _, err := os.Stat(cfg.KeysFile); errors.Is(err, os.ErrNotExist) {
				if !userDev { // content sealed with keys the service does not have would be unreadable
					return fmt.Errorf("keys file %s does not exist: give the service's --keys-file (or --dev for a local try-out)", cfg.KeysFile)
				}
				if err := vault.Init(cfg.KeysFile); err != nil {
					return err
				}
			}
			v, err := vault.Load(cfg.KeysFile)
			if err != nil {
				return fmt.Errorf("%w (the demo seals content with the service's keys: give --keys-file, or --dev)", err)
			}
			st, err := openStore(cmd.Context(), cfg, 4)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.Migrate(newLogger(cfg, stderr)); err != nil {
				return err
			}
			if err := bindKeys(cmd.Context(), st, v, cfg.KeysFile, newLogger(cfg, stderr)); err != nil {
				return err
			}
			st.SetAuditSealer(audit.SealerFrom(v))
			start, last := time.Now(), time.Time{}
			err = demo.Seed(cmd.Context(), st, v, demo.Options{Cases: n, Years: years, Seed: seed}, func(done, total int) {
				if time.Since(last) > 2*time.Second || done == total {
					last = time.Now()
					rate := float64(done) / time.Since(start).Seconds()
					fmt.Fprintf(stderr, "seeding: %s/%s cases (%.0f/s)\n", thousands(done), thousands(total), rate)
				}
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "seeded %s cases over %d years in %s\n", thousands(n), years, time.Since(start).Round(time.Second))
			return nil
		},
	}
	seedCmd.Flags().IntVar(&n, "cases", 0, "how many cases")
	seedCmd.Flags().IntVar(&years, "years", 1, "over how many calendar years, up to now")
	seedCmd.Flags().Uint64Var(&seed, "seed", 1, "random seed (the same seed gives the same kind of data)")
	cmd.AddCommand(seedCmd)
	return cmd
}
