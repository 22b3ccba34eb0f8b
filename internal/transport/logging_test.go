package transport

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/reqctx"
)

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestReporterLogRecordsCarryNoTime(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(LogHandler{slog.NewTextHandler(&buf, nil)})
	log.InfoContext(context.Background(), "staff")
	log.InfoContext(reqctx.WithReporterFacing(context.Background()), "reporter")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines", len(lines))
	}
	if !strings.Contains(lines[0], "time=") {
		t.Errorf("staff line lost its time: %s", lines[0])
	}
	if strings.Contains(lines[1], "time=") {
		t.Errorf("reporter line has a time stamp: %s", lines[1])
	}
}
