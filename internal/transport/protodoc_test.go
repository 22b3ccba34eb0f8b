package transport

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// accessLine is the sentence that ends every RPC's comment in api/meldpunt/v1/*.proto: who may
// call it, in the words an integrator reads in the generated code and the API document.
func accessLine(r rule) string {
	switch r.access {
	case accessPublic:
		return "Access: anyone; no credentials needed."
	case accessReporter:
		return "Access: the reporter, with the session token from OpenSession."
	case accessStaff:
		names := make([]string, len(r.roles))
		for i, role := range r.roles {
			names[i] = string(role)
		}
		if len(names) == 1 {
			return "Access: staff with the role " + names[0] + "."
		}
		return "Access: staff with the role " + strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1] + "."
	}
	return ""
}

var (
	protoService = regexp.MustCompile(`^service (\w+) \{`)
	protoRPC     = regexp.MustCompile(`^\s*rpc (\w+)\(`)
)

// TestProtoCommentsNameWhoMayCall keeps the "Access:" line of every RPC comment in the protos in
// step with the authorization table, so that the documentation never promises access the server
// refuses (or hides access it grants).
func TestProtoCommentsNameWhoMayCall(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "api", "meldpunt", "v1", "*.proto"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no protos found: %v", err)
	}
	documented := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(b), "\n")
		service := ""
		for i, line := range lines {
			if m := protoService.FindStringSubmatch(line); m != nil {
				service = m[1]
				continue
			}
			m := protoRPC.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			method := "/meldpunt.v1." + service + "/" + m[1]
			documented[method] = true
			r, ok := authzTable[method]
			if !ok {
				t.Errorf("%s: %s is not in the authorization table", filepath.Base(f), method)
				continue
			}
			// The comment's last line, or its last two when the sentence wraps.
			var comment []string
			for j := i - 1; j >= 0 && strings.HasPrefix(strings.TrimSpace(lines[j]), "//"); j-- {
				comment = append([]string{strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(lines[j]), "//"))}, comment...)
			}
			text := strings.Join(comment, " ")
			want := accessLine(r)
			idx := strings.LastIndex(text, "Access: ")
			if idx < 0 {
				t.Errorf("%s: the comment of %s does not end with %q", filepath.Base(f), method, want)
				continue
			}
			if got := text[idx:]; got != want {
				t.Errorf("%s: the comment of %s says %q; the authorization table says %q", filepath.Base(f), method, got, want)
			}
		}
	}
	var missing []string
	for m := range authzTable {
		if strings.HasPrefix(m, "/meldpunt.v1.") && !documented[m] {
			missing = append(missing, m)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("%s is in the authorization table but no proto declares it", m)
	}
}
