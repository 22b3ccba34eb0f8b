package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"google.golang.org/grpc"
)

// An internal error in a reporter's call writes no line at the moment it happens — the log
// collector would stamp it — but is told, counted and with its reference blanked, in the hourly
// summary, without a request id. A staff call's internal error is logged at once.
func TestReporterFaultsAreToldByTheHour(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(LogHandler{slog.NewJSONHandler(&buf, nil)})
	e := &edge{log: log, auth: &authenticator{staff: oneStaff{}}}
	broken := func(context.Context, any) (any, error) {
		return nil, errors.New("insert case " + secretRef + ": disk full")
	}
	for range 2 {
		_, _ = e.unary(context.Background(), nil, &grpc.UnaryServerInfo{FullMethod: reporterSvc + "FileReport"}, broken)
	}
	if buf.Len() != 0 {
		t.Fatalf("a reporter's internal error was logged at once:\n%s", buf.String())
	}
	_, _ = e.unary(staffCtx(context.Background()), nil, &grpc.UnaryServerInfo{FullMethod: caseSvc + "ListCases"}, broken)
	if !strings.Contains(buf.String(), `"msg":"internal error"`) {
		t.Errorf("a staff call's internal error was not logged at once:\n%s", buf.String())
	}
	buf.Reset()
	e.faults.flush(log)
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("summary %q: %v", buf.String(), err)
	}
	line := buf.String()
	if rec["failed_calls"] != float64(2) || !strings.Contains(line, "FileReport") || !strings.Contains(line, "disk full") {
		t.Errorf("the summary: %s", line)
	}
	if strings.Contains(line, secretRef) || strings.Contains(line, "request_id") {
		t.Errorf("the summary names the case or a request: %s", line)
	}
	buf.Reset()
	e.faults.flush(log)
	if buf.Len() != 0 {
		t.Errorf("an empty hour was logged: %s", buf.String())
	}
}
