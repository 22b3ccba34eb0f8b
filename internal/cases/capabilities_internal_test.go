package cases

import "testing"

// movesTo are the states the actions that move a case move it to (the weighing's outcome
// decides its own; a closure may follow from any state).
var movesTo = map[Action][]Status{
	ActionAcknowledge:          {StatusInSupport},
	ActionEscalate:             {StatusWeighing},
	ActionCloseCase:            {StatusClosed},
	ActionWeigh:                {StatusFactFinding, StatusClosed},
	ActionSetFindings:          {StatusAssessment},
	ActionDecideSanction:       {StatusSanction},
	ActionCloseAfterAssessment: {StatusClosed},
}

// TestTheTableFollowsTheStateMachine: an action that moves a case is allowed in the table only
// in states from which the state machine allows the move (Acknowledge moves only a RECEIVED
// case; from any other state it records the acknowledgement and the status stays).
func TestTheTableFollowsTheStateMachine(t *testing.T) {
	for a, targets := range movesTo {
		for _, from := range may(a).States {
			if a == ActionAcknowledge && from != StatusReceived {
				continue
			}
			for _, to := range targets {
				if !CanTransition(from, to) {
					t.Errorf("the table allows %s in %s, but the state machine has no move from %s to %s", a, from, from, to)
				}
			}
		}
	}
}
