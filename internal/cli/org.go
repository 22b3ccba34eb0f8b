package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/org"
)

const orgImportHelp = `Import the organisation from HR: organisational units with their manager, and employees.

Give a units file, an employees file, or both (CSV, with a header row):

  units file (--units):
    unit_code       required  HR's code of the unit; the key of the import
    unit_name       required
    parent_code     optional  unit_code of the unit it is part of; empty at the top
    manager_number  optional  personnel number of the unit's accountable manager (IRM)

  employees file (--employees):
    number          required  personnel number; the key of the import
    name            required
    email           optional
    unit_code       required  the unit the employee works in
    staff_subject   optional  subject (sub) of the employee's staff sign-in; unique

Columns are found by their header name, in any order; every column must be there (leave an
optional one empty) and other columns are refused. An empty cell means "none". UTF-8 (Excel:
"CSV UTF-8"); the separator is a comma or a semicolon, whichever the header line uses. Codes
and numbers may refer to the other file or to what an earlier import stored. Keep personnel
numbers as text: Excel turns 001234 into 1234.

Every row is checked first. If any row has a problem, nothing is written and every problem is
listed with its file, line and column (the first 50; the rest are counted), and the command
fails. Otherwise units and employees are created or updated by code and number in one
transaction; rows that did not change are not written, so importing the same files again
changes nothing. Units and employees in the database but not in the files are kept and counted
("not in file"): removing people who may be linked to cases is not something an import does.

The database is migrated first, as by 'meldpunt migrate'. --dry-run checks and reports what
an import would do without writing.`

func orgCmd(cfg *config.Config, stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "org", Short: "Organisation data: units, their managers, and employees"}
	var (
		unitsPath, employeesPath string
		dryRun                   bool
	)
	imp := &cobra.Command{
		Use:   "import --units FILE --employees FILE [--dry-run]",
		Short: "Import organisational units and employees from HR's CSV files",
		Long:  orgImportHelp,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("give the files with --units FILE and/or --employees FILE (see --help for their columns)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if unitsPath == "" && employeesPath == "" {
				return fmt.Errorf("give --units FILE, --employees FILE or both (see --help for their columns)")
			}
			in, err := readOrgFiles(unitsPath, employeesPath)
			if err != nil {
				return err
			}
			if in.fatal { // a file that cannot be read: its rows would only give follow-on problems
				return org.NewValidationError(in.problems)
			}
			fmt.Fprintf(stderr, "read %s rows\n", thousands(len(in.units)+len(in.employees)))

			cfg.Dev = true // importing needs no keys or OIDC
			if err := cfg.Resolve(); err != nil {
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
			if err := sealAudit(cmd.Context(), cfg, st, stderr); err != nil {
				return err
			}

			if len(in.problems) > 0 || dryRun {
				res, err := st.CheckOrg(ctx, in.units, in.employees)
				if probs := org.Problems(err); len(probs) > 0 || len(in.problems) > 0 {
					return org.NewValidationError(append(in.problems, probs...))
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(stderr, "validated %s rows\n", thousands(len(in.units)+len(in.employees)))
				fmt.Fprintln(stdout, "dry run: nothing was written. An import would give:")
				printOrgResult(stdout, res, in)
				return nil
			}

			validated := false
			res, err := st.ImportOrg(ctx, in.units, in.employees, func(done, total int) {
				if !validated {
					validated = true
					fmt.Fprintf(stderr, "validated %s rows\n", thousands(len(in.units)+len(in.employees)))
				}
				fmt.Fprintf(stderr, "importing: %s/%s rows to write\n", thousands(done), thousands(total))
			})
			if err != nil {
				return err
			}
			if !validated {
				fmt.Fprintf(stderr, "validated %s rows: nothing to change\n", thousands(len(in.units)+len(in.employees)))
			}
			printOrgResult(stdout, res, in)
			return nil
		},
	}
	imp.Flags().StringVar(&unitsPath, "units", "", "CSV file of organisational units (unit_code,unit_name,parent_code,manager_number)")
	imp.Flags().StringVar(&employeesPath, "employees", "", "CSV file of employees (number,name,email,unit_code,staff_subject)")
	imp.Flags().BoolVar(&dryRun, "dry-run", false, "check the files and report what would change, without writing")
	cmd.AddCommand(imp)
	return cmd
}

type orgInput struct {
	units              []org.Unit
	employees          []org.Employee
	hasUnits, hasEmpls bool
	problems           []org.Problem
	fatal              bool // a file could not be read as a whole
}

func readOrgFiles(unitsPath, employeesPath string) (orgInput, error) {
	var in orgInput
	read := func(path string, parse func(f *os.File) ([]org.Problem, error)) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		probs, err := parse(f)
		if p := org.Problems(err); len(p) > 0 {
			in.problems = append(in.problems, p...)
			in.fatal = true
			return nil
		}
		in.problems = append(in.problems, probs...)
		return err
	}
	if unitsPath != "" {
		in.hasUnits = true
		if err := read(unitsPath, func(f *os.File) (probs []org.Problem, err error) {
			in.units, probs, err = org.ReadUnits(f, unitsPath)
			return probs, err
		}); err != nil {
			return in, err
		}
	}
	if employeesPath != "" {
		in.hasEmpls = true
		if err := read(employeesPath, func(f *os.File) (probs []org.Problem, err error) {
			in.employees, probs, err = org.ReadEmployees(f, employeesPath)
			return probs, err
		}); err != nil {
			return in, err
		}
	}
	return in, nil
}

func printOrgResult(w io.Writer, res org.ImportResult, in orgInput) {
	line := func(what string, c org.Counts) {
		fmt.Fprintf(w, "%-10s %s created, %s updated, %s unchanged, %s not in file\n", what+":",
			thousands(c.Created), thousands(c.Updated), thousands(c.Unchanged), thousands(c.NotInFile))
	}
	if in.hasUnits {
		line("units", res.Units)
	}
	if in.hasEmpls {
		line("employees", res.Employees)
		if res.Employees.NotInFile > 0 {
			fmt.Fprintln(w, "Employees not in the file are kept: deleting people who may be linked to cases is a decision an import does not take.")
		}
	}
}

// thousands writes n with a comma between groups of three digits: 5,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
