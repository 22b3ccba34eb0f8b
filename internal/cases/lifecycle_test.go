package cases

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/utrecht/meldpunt/internal/apperr"
)

// lifecycleStatuses are all lifecycle states, in the order of domain.md §5.
var lifecycleStatuses = []Status{
	StatusReceived, StatusInSupport, StatusWeighing, StatusFactFinding,
	StatusAssessment, StatusSanction, StatusClosed,
}

// lifecycleIntended is the state machine of domain.md §5, written out independently of
// lifecycle.go: the forward moves, and any state that is not closed may close (with an outcome).
func lifecycleIntended(from, to Status) bool {
	forward := map[[2]Status]bool{
		{StatusReceived, StatusInSupport}:     true,
		{StatusReceived, StatusWeighing}:      true,
		{StatusInSupport, StatusWeighing}:     true,
		{StatusWeighing, StatusFactFinding}:   true,
		{StatusFactFinding, StatusAssessment}: true,
		{StatusAssessment, StatusSanction}:    true,
	}
	if from == StatusClosed {
		return false
	}
	if to == StatusClosed {
		return true
	}
	return forward[[2]Status{from, to}]
}

// TestCanTransitionMatrix checks all 49 (from, to) pairs, first as one readable list of allowed
// moves, then pair by pair (which also checks checkTransition's error).
func TestCanTransitionMatrix(t *testing.T) {
	t.Parallel()
	var want, got []string
	for _, from := range lifecycleStatuses {
		for _, to := range lifecycleStatuses {
			move := string(from) + " -> " + string(to)
			if lifecycleIntended(from, to) {
				want = append(want, move)
			}
			if CanTransition(from, to) {
				got = append(got, move)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("allowed transitions mismatch (-want +got):\n%s", diff)
	}
	if len(want) != 12 { // 6 forward moves + 6 non-closed states closing
		t.Errorf("intended state machine has %d moves, want 12: fix the test", len(want))
	}

	for _, from := range lifecycleStatuses {
		for _, to := range lifecycleStatuses {
			t.Run(fmt.Sprintf("%s->%s", from, to), func(t *testing.T) {
				t.Parallel()
				allowed := lifecycleIntended(from, to)
				if got := CanTransition(from, to); got != allowed {
					t.Errorf("CanTransition(%s, %s) = %v, want %v", from, to, got, allowed)
				}
				err := checkTransition(from, to)
				if allowed {
					if err != nil {
						t.Errorf("checkTransition(%s, %s) = %v, want nil", from, to, err)
					}
					return
				}
				ae, ok := apperr.As(err)
				if !ok {
					t.Fatalf("checkTransition(%s, %s) = %v, want an *apperr.Error", from, to, err)
				}
				if ae.Kind != apperr.KindFailedPrecondition {
					t.Errorf("checkTransition(%s, %s) kind = %v, want KindFailedPrecondition", from, to, ae.Kind)
				}
				if !strings.Contains(ae.Message, string(from)) || !strings.Contains(ae.Message, string(to)) {
					t.Errorf("checkTransition(%s, %s) message %q does not name both states", from, to, ae.Message)
				}
			})
		}
	}
}

func TestCanTransitionRules(t *testing.T) {
	t.Parallel()
	order := map[Status]int{}
	for i, s := range lifecycleStatuses {
		order[s] = i
	}
	tests := []struct {
		name string
		pick func(from, to Status) bool // which pairs the rule is about
		want bool
	}{
		{"no self-transitions", func(from, to Status) bool { return from == to }, false},
		{"nothing leaves CLOSED", func(from, _ Status) bool { return from == StatusClosed }, false},
		{"every open state may close", func(from, to Status) bool { return from != StatusClosed && to == StatusClosed }, true},
		{"no backward moves", func(from, to Status) bool { return order[to] < order[from] }, false},
		{"nothing returns to RECEIVED", func(_, to Status) bool { return to == StatusReceived }, false},
		{"no skipping ahead past WEIGHING", func(from, to Status) bool {
			return to != StatusClosed && order[to] > order[StatusWeighing] && order[to]-order[from] > 1
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n := 0
			for _, from := range lifecycleStatuses {
				for _, to := range lifecycleStatuses {
					if !tt.pick(from, to) {
						continue
					}
					n++
					if got := CanTransition(from, to); got != tt.want {
						t.Errorf("CanTransition(%s, %s) = %v, want %v", from, to, got, tt.want)
					}
				}
			}
			if n == 0 {
				t.Fatal("rule selects no pairs")
			}
		})
	}
}

// Statuses come from the store, so an unknown one means corrupt data or a missed migration; it
// should be refused like any other illegal move rather than be allowed to close.
func TestCanTransitionUnknownStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from, to Status
	}{
		{StatusReceived, "BOGUS"},
		{StatusReceived, ""},
		{"BOGUS", StatusInSupport},
		{"", StatusWeighing},
		{"received", StatusInSupport}, // codes are case-sensitive
		{"BOGUS", StatusClosed},
		{"", StatusClosed},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q->%q", tt.from, tt.to), func(t *testing.T) {
			t.Parallel()
			if CanTransition(tt.from, tt.to) {
				t.Errorf("CanTransition(%q, %q) = true, want false", tt.from, tt.to)
			}
		})
	}
}
