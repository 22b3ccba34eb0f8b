package staffweb

import (
	"slices"
	"testing"
)

func TestValidationMessagesBecomeOneLinePerField(t *testing.T) {
	for _, c := range []struct {
		msg  string
		want []string
	}{
		{"validation error: report.identity.name: must be at least 1 characters", []string{"Naam: must be at least 1 characters"}},
		{"validation errors:\n - rationale: value length must be at least 20 characters\n - checklist.severity: value must not be in list [0]",
			[]string{"Onderbouwing: value length must be at least 20 characters", "Ernst: value must not be in list [0]"}},
		{"case MP-X is closed", []string{"case MP-X is closed"}},
	} {
		if got := validationLines("nl", c.msg); !slices.Equal(got, c.want) {
			t.Errorf("validationLines(%q) = %q, want %q", c.msg, got, c.want)
		}
	}
}
