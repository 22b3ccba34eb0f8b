package audit_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
)

func testSealer(key string) audit.Sealer {
	return func(b []byte) []byte {
		m := hmac.New(sha256.New, []byte(key))
		m.Write(b)
		return m.Sum(nil)
	}
}

// chain seals evs in order, each linked to the one before.
func chain(seal audit.Sealer, evs ...audit.Event) []audit.Record {
	var out []audit.Record
	var prev []byte
	for _, ev := range evs {
		r := audit.Record{ID: uuid.New(), Event: ev, PrevMAC: prev}
		r.MAC = seal(r.Canonical())
		prev = r.MAC
		out = append(out, r)
	}
	return out
}

func TestCanonicalEncodingsDoNotCollide(t *testing.T) {
	id, caseID := uuid.New(), uuid.New()
	at := time.Date(2026, 3, 2, 9, 0, 0, 123000, time.UTC)
	base := audit.Record{ID: id, Event: audit.Event{At: at, Actor: audit.Staff("ab"), Action: "c", CaseID: &caseID}}
	variants := map[string]func(r *audit.Record){
		"actor/action boundary": func(r *audit.Record) { r.Actor.ID, r.Action = "a", "bc" },
		"no case":               func(r *audit.Record) { r.CaseID = nil },
		"fields":                func(r *audit.Record) { r.Fields = []string{"x"} },
		"request id":            func(r *audit.Record) { r.RequestID = "x" },
		"time":                  func(r *audit.Record) { r.At = at.Add(time.Microsecond) },
		"previous seal":         func(r *audit.Record) { r.PrevMAC = []byte{0} },
		"actor kind":            func(r *audit.Record) { r.Actor.Kind = audit.ActorSystem },
	}
	for name, change := range variants {
		r := base
		change(&r)
		if bytes.Equal(r.Canonical(), base.Canonical()) {
			t.Errorf("%s: encodes like the original", name)
		}
	}
	local := base
	local.At = at.In(time.FixedZone("CET", 3600))
	if !bytes.Equal(local.Canonical(), base.Canonical()) {
		t.Error("the same instant in another zone encodes differently")
	}
}

func TestVerifyAcceptsForksAndNamesWhatIsWrong(t *testing.T) {
	seal := testSealer("k")
	ev := func(action string) audit.Event {
		return audit.Event{At: time.Now().UTC(), Actor: audit.Staff("s"), Action: action}
	}
	trail := chain(seal, ev("a"), ev("b"), ev("c"))
	// A fork: a second event linked to b.
	fork := audit.Record{ID: uuid.New(), Event: ev("d"), PrevMAC: trail[1].MAC}
	fork.MAC = seal(fork.Canonical())
	trail = append(trail, fork)
	if v := audit.Verify(trail, seal); !v.Intact() || v.Events != 4 {
		t.Fatalf("a forked trail: %+v", v)
	}
	if v := audit.Verify(trail, testSealer("other key")); len(v.Altered) != 4 {
		t.Errorf("under another key: %+v, want every event altered", v)
	}

	removed := slices.Delete(slices.Clone(trail), 1, 2) // b: c and d lose their predecessor
	v := audit.Verify(removed, seal)
	if v.Intact() || !slices.Equal(v.BrokenLinks, []uuid.UUID{trail[2].ID, trail[3].ID}) || len(v.Altered) > 0 {
		t.Errorf("b removed: %+v", v)
	}

	changed := slices.Clone(trail)
	changed[0].Action = "z"
	changed = append(changed, audit.Record{ID: uuid.New(), Event: ev("unsealed")})
	v = audit.Verify(changed, seal)
	if !slices.Equal(v.Altered, []uuid.UUID{trail[0].ID}) || len(v.Unsealed) != 1 || len(v.BrokenLinks) > 0 {
		t.Errorf("a changed and an unsealed event: %+v", v)
	}
}
