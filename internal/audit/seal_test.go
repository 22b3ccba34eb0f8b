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

func TestVerifyNamesWhatIsWrong(t *testing.T) {
	seal := testSealer("k")
	ev := func(action string) audit.Event {
		return audit.Event{At: time.Now().UTC(), Actor: audit.Staff("s"), Action: action}
	}
	trail := chain(seal, ev("a"), ev("b"), ev("c"), ev("d"))
	head := &audit.Head{Recorded: true, MAC: trail[3].MAC}
	if v := audit.Verify(trail, head, seal); !v.Intact() || v.Events != 4 {
		t.Fatalf("an untouched trail: %+v", v)
	}
	if v := audit.Verify(trail, head, testSealer("other key")); len(v.Altered) != 4 {
		t.Errorf("under another key: %+v, want every event altered", v)
	}

	// b removed: c loses its predecessor.
	removed := slices.Delete(slices.Clone(trail), 1, 2)
	if v := audit.Verify(removed, head, seal); v.Intact() || !slices.Equal(v.BrokenLinks, []uuid.UUID{trail[2].ID}) || len(v.Altered) > 0 {
		t.Errorf("b removed: %+v", v)
	}
	// d, the latest, removed: every link holds, but the trail no longer ends at the head.
	if v := audit.Verify(trail[:3], head, seal); v.Intact() || !v.LatestMissing || len(v.BrokenLinks) > 0 {
		t.Errorf("the latest removed: %+v", v)
	}
	// A branch: a second event linked to b (forged with the key, or left by a writer that did
	// not hold the head) shows as a broken link: one of the two branches was cut.
	fork := audit.Record{ID: uuid.New(), Event: ev("e"), PrevMAC: trail[1].MAC}
	fork.MAC = seal(fork.Canonical())
	if v := audit.Verify(append(slices.Clone(trail), fork), head, seal); v.Intact() || len(v.BrokenLinks) != 1 {
		t.Errorf("a branch: %+v", v)
	}
	// A second first event.
	root := audit.Record{ID: uuid.New(), Event: ev("f")}
	root.MAC = seal(root.Canonical())
	if v := audit.Verify(append(slices.Clone(trail), root), head, seal); v.Intact() || !slices.Equal(v.BrokenLinks, []uuid.UUID{root.ID}) {
		t.Errorf("a second first event: %+v", v)
	}

	changed := slices.Clone(trail)
	changed[0].Action = "z"
	changed = append(changed, audit.Record{ID: uuid.New(), Event: ev("unsealed")})
	v := audit.Verify(changed, head, seal)
	if !slices.Equal(v.Altered, []uuid.UUID{trail[0].ID}) || len(v.Unsealed) != 1 || len(v.BrokenLinks) > 0 {
		t.Errorf("a changed and an unsealed event: %+v", v)
	}

	// The head's record removed, or its seal emptied: whatever is left of the trail is not intact
	// (the latest events may have gone with it), nor is a trail with no events at all.
	for name, h := range map[string]*audit.Head{"no head": {}, "an empty head": {Recorded: true}} {
		for _, tr := range [][]audit.Record{trail, trail[:2], nil} {
			if v := audit.Verify(tr, h, seal); v.Intact() || !v.HeadMissing {
				t.Errorf("%s, %d events: %+v", name, len(tr), v)
			}
		}
	}
	// An event written while the head was missing carries the mark under its seal.
	again := ev("g")
	again.Fields = []string{audit.HeadMissingField}
	restarted := chain(seal, again)
	if v := audit.Verify(restarted, &audit.Head{Recorded: true, MAC: restarted[0].MAC}, seal); v.Intact() ||
		!slices.Equal(v.Restarted, []uuid.UUID{restarted[0].ID}) {
		t.Errorf("an event written without its head: %+v", v)
	}
	// Events without a case are sealed one by one: no head, no links.
	if v := audit.Verify(chain(seal, ev("x")), nil, seal); !v.Intact() {
		t.Errorf("an event without a case: %+v", v)
	}
}
