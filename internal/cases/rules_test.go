package cases_test

import (
	"testing"

	"github.com/utrecht/meldpunt/internal/cases/casestest"
)

// TestRules runs the domain's rules against the in-memory repository; the store runs the same
// suite against both databases.
func TestRules(t *testing.T) { casestest.Rules(t, casestest.Fake) }
