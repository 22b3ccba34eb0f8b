// Command meldpunt is the confidential reporting and integrity case system: `meldpunt serve`
// runs the service; see `meldpunt --help` for the other subcommands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/utrecht/meldpunt/internal/cli"
)

func main() {
	// Meldpunt keeps every time in UTC, whatever the host's zone: stored times then compare and
	// sort as text on SQLite, and year boundaries of the annual report are the same everywhere.
	time.Local = time.UTC
	restrictUmask()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "meldpunt:", err)
		os.Exit(cli.ExitCode(err))
	}
}
