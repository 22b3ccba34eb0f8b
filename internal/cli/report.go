package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/report"
	reporthtml "github.com/utrecht/meldpunt/internal/report/html"
)

const reportAnnualHelp = `Produce the annual integrity report (jaarverslag integriteit en ongewenst gedrag) of a
calendar year, from the database: counts of reports, conversations, escalations, weighings,
investigations, findings, sanctions and outcomes, handling times, deadline compliance, zero
tolerance and a comparison with the four years before.

It contains no case content. Every count below the threshold (default 5) is suppressed, and so
is every count from which a suppressed one could be calculated back.

  --format html   a self-contained page in Dutch with charts (for the council and the intranet)
  --format csv    one long table (semicolon-separated), suppressed counts empty
  --format json   the same data as the API (GET /v1/reports/annual/{year})

Generating a report is recorded in the audit trail (--as names who did it).`

func reportCmd(cfg *config.Config, stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "report", Short: "Reports: the annual integrity report"}
	var (
		year            int
		format, out, as string
		threshold       int
	)
	annual := &cobra.Command{
		Use:   "annual --year YEAR --format html|csv|json --out FILE",
		Short: "Produce the annual integrity report",
		Long:  reportAnnualHelp,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "html" && format != "csv" && format != "json" {
				return fmt.Errorf("say --format html, csv or json")
			}
			cfg.Dev = true // reading aggregates needs no keys or OIDC
			if err := cfg.Resolve(); err != nil {
				return err
			}
			start := time.Now()
			st, err := openStore(cmd.Context(), cfg, 2)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.Migrate(newLogger(cfg, stderr)); err != nil {
				return err
			}
			if err := sealAudit(cmd.Context(), cfg, st, stderr); err != nil {
				return err
			}
			svc := report.New(st.Reports(), cfg.Organisation, threshold, nil)
			r, err := svc.Annual(cmd.Context(), report.Actor{Subject: "cli:" + as, HR: true}, year, func(step string) {
				fmt.Fprintf(stderr, "%s...\n", step)
			})
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			switch format {
			case "html":
				err = reporthtml.Render(&buf, r)
			case "csv":
				err = report.WriteCSV(&buf, r)
			case "json":
				err = report.WriteJSON(&buf, r)
			}
			if err != nil {
				return err
			}
			if out == "" || out == "-" {
				_, err = stdout.Write(buf.Bytes())
				return err
			}
			if err := os.WriteFile(out, buf.Bytes(), 0o640); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "wrote %s (%d bytes) in %s\n", out, buf.Len(), time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	annual.Flags().IntVar(&year, "year", time.Now().Year(), "calendar year")
	annual.Flags().StringVar(&format, "format", "html", "html, csv or json")
	annual.Flags().StringVar(&out, "out", "", "file to write (default: standard output)")
	annual.Flags().StringVar(&as, "as", os.Getenv("USER"), "who produces the report, for the audit trail")
	annual.Flags().IntVar(&threshold, "threshold", report.DefaultThreshold, "smallest count published")
	cmd.AddCommand(annual)
	cmd.AddCommand(reportPublishCmd(cfg, stdout, stderr), reportEditionsCmd(cfg, stdout, stderr))
	return cmd
}

const reportPublishHelp = `Publish the next edition of a year's annual report: numbered (1, 2, ...) and stored as
published, never to change. Each edition is protected with every earlier edition of the year (and
the final edition of earlier years) known to the reader, so that two editions together give away
no more than each does alone; the comparison with earlier years repeats their final editions.
Publishing is recorded in the audit trail (--as names who did it).`

// openReports opens the store for the report commands and returns the report service.
func openReports(cmd *cobra.Command, cfg *config.Config, stderr io.Writer, threshold int) (*report.Service, func(), error) {
	cfg.Dev = true // reading aggregates needs no keys or OIDC
	if err := cfg.Resolve(); err != nil {
		return nil, nil, err
	}
	st, err := openStore(cmd.Context(), cfg, 2)
	if err != nil {
		return nil, nil, err
	}
	if err := st.Migrate(newLogger(cfg, stderr)); err != nil {
		st.Close()
		return nil, nil, err
	}
	if err := sealAudit(cmd.Context(), cfg, st, stderr); err != nil {
		st.Close()
		return nil, nil, err
	}
	return report.New(st.Reports(), cfg.Organisation, threshold, nil), func() { st.Close() }, nil
}

func reportPublishCmd(cfg *config.Config, stdout, stderr io.Writer) *cobra.Command {
	var (
		year      int
		as, out   string
		threshold int
	)
	cmd := &cobra.Command{
		Use:   "publish --year YEAR",
		Short: "Publish the next edition of the annual report",
		Long:  reportPublishHelp,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, done, err := openReports(cmd, cfg, stderr, threshold)
			if err != nil {
				return err
			}
			defer done()
			e, _, err := svc.Publish(cmd.Context(), report.Actor{Subject: "cli:" + as, HR: true}, year)
			if err != nil {
				return err
			}
			if out != "" {
				if err := os.WriteFile(out, e.Report, 0o640); err != nil {
					return err
				}
			}
			fmt.Fprintf(stdout, "published edition %d of %d at %s\n", e.Number, e.Year, e.PublishedAt.Format(time.RFC3339))
			return nil
		},
	}
	cmd.Flags().IntVar(&year, "year", time.Now().Year(), "calendar year")
	cmd.Flags().StringVar(&as, "as", os.Getenv("USER"), "who publishes, for the audit trail")
	cmd.Flags().StringVar(&out, "out", "", "also write the published JSON to this file")
	cmd.Flags().IntVar(&threshold, "threshold", report.DefaultThreshold, "smallest count published")
	return cmd
}

func reportEditionsCmd(cfg *config.Config, stdout, stderr io.Writer) *cobra.Command {
	var year, number int
	cmd := &cobra.Command{
		Use:   "editions --year YEAR [--number N]",
		Short: "List the published editions of a year, or print one (JSON) with --number",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, done, err := openReports(cmd, cfg, stderr, 0)
			if err != nil {
				return err
			}
			defer done()
			hr := report.Actor{Subject: "cli", HR: true}
			if number > 0 {
				r, err := svc.Edition(cmd.Context(), hr, year, number)
				if err != nil {
					return err
				}
				return report.WriteJSON(stdout, r)
			}
			eds, err := svc.Editions(cmd.Context(), hr, year)
			if err != nil {
				return err
			}
			for _, e := range eds {
				fmt.Fprintf(stdout, "%d\t%d\t%s\t%s\n", e.Year, e.Number, e.PublishedAt.Format(time.RFC3339), e.PublishedBy)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&year, "year", time.Now().Year(), "calendar year")
	cmd.Flags().IntVar(&number, "number", 0, "the edition to print")
	return cmd
}
