package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/store"
)

const precedentsImportHelp = `Import precedents (moresprudentie) from a JSON Lines or CSV file, e.g. another public
body's export.

JSON Lines: one precedent per line, with the fields
  external_id, source_organisation, year, language (nl|en), category, discrimination_grounds,
  norms, findings (PROVEN|PARTLY_PROVEN|NOT_PROVEN), qualification, aggravating, mitigating,
  sanction (NONE or a sanction code), summary, considerations
CSV: a header line with those names (in any order; external_id, source_organisation, year,
category, findings, sanction and summary are required), lists joined with "|", separated by
commas or semicolons.

Every row is checked first. With any bad row nothing is imported and every bad row is listed
with its line, external id and field. Precedents are stored by external id: a new id is added,
a changed one updated, an unchanged one left alone — importing the same file twice changes
nothing. The texts must already be anonymised: an import is HR's decision to publish them.`

func precedentsCmd(cfg *config.Config, stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "precedents", Short: "The precedent library (moresprudentie): import and export"}
	var format, as, out string
	open := func(cmd *cobra.Command) (*store.Store, error) {
		cfg.Dev = true // no keys or OIDC needed
		if err := cfg.Resolve(); err != nil {
			return nil, err
		}
		st, err := openStore(cmd.Context(), cfg, 2)
		if err != nil {
			return nil, err
		}
		if err := st.Migrate(newLogger(cfg, stderr)); err != nil {
			st.Close()
			return nil, err
		}
		if err := sealAudit(cmd.Context(), cfg, st, stderr); err != nil {
			st.Close()
			return nil, err
		}
		return st, nil
	}
	actor := func() precedents.Actor { return precedents.Actor{Subject: "cli:" + as, HR: true} }
	imp := &cobra.Command{
		Use:   "import FILE [--format jsonl|csv]",
		Short: "Import precedents from a JSON Lines or CSV file",
		Long:  precedentsImportHelp,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			fm, err := formatOf(format, args[0])
			if err != nil {
				return err
			}
			st, err := open(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			lib := precedents.New(st.Precedents(), nil)
			fmt.Fprintf(stderr, "reading %s\n", args[0])
			res, err := lib.Import(cmd.Context(), actor(), fm, f, func(done, total int) {
				fmt.Fprintf(stderr, "importing: %s/%s precedents\n", thousands(done), thousands(total))
			})
			var ie *precedents.ImportErrors
			if errors.As(err, &ie) {
				for _, r := range ie.Rows {
					fmt.Fprintf(stderr, "%s: %s\n", args[0], r.Error())
				}
				return fmt.Errorf("%d bad rows: nothing was imported; correct them and import the file again", len(ie.Rows))
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s precedents: %s added, %s updated, %s unchanged\n",
				thousands(res.Rows), thousands(res.Created), thousands(res.Updated), thousands(res.Unchanged))
			return nil
		},
	}
	imp.Flags().StringVar(&format, "format", "", "jsonl or csv (default: from the file name)")
	imp.Flags().StringVar(&as, "as", os.Getenv("USER"), "who imports, for the audit trail")
	exp := &cobra.Command{
		Use:   "export --format jsonl|csv [--out FILE]",
		Short: "Export the precedent library to share it with other public bodies",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fm, err := formatOf(format, out)
			if err != nil {
				return err
			}
			st, err := open(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			var w io.Writer = stdout
			if out != "" && out != "-" {
				f, err := os.Create(out)
				if err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			n, err := precedents.New(st.Precedents(), nil).Export(cmd.Context(), actor(), fm, w)
			if err != nil {
				return err
			}
			fmt.Fprintf(stderr, "exported %s precedents\n", thousands(n))
			return nil
		},
	}
	exp.Flags().StringVar(&format, "format", "", "jsonl or csv (default: from --out's name)")
	exp.Flags().StringVar(&out, "out", "", "file to write (default: standard output)")
	exp.Flags().StringVar(&as, "as", os.Getenv("USER"), "who exports, for the audit trail")
	cmd.AddCommand(imp, exp)
	return cmd
}

func formatOf(flag, name string) (string, error) {
	f := strings.ToLower(flag)
	if f == "" {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".jsonl", ".ndjson":
			f = precedents.FormatJSONL
		case ".csv":
			f = precedents.FormatCSV
		}
	}
	if f != precedents.FormatJSONL && f != precedents.FormatCSV {
		return "", fmt.Errorf("say --format jsonl or --format csv")
	}
	return f, nil
}
