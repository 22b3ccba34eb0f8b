package audit

import (
	"bytes"
	"crypto/hmac"
	"encoding/binary"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Sealing makes the trail tamper-evident. Every event is written with a seal (mac): a keyed hash
// (HMAC-SHA256, under a key derived from the server's master key, which the database never holds)
// over the event's canonical encoding and the seal of the case's event before it (prev_mac). So:
//
//   - an event changed in the database no longer matches its seal ("altered");
//   - an event added without the key has no valid seal ("altered"), or none at all ("unsealed");
//   - an event removed leaves the event after it pointing at a seal that is no longer there
//     ("broken link").
//
// The links follow the order in which the events were written, not their times (a reporter's
// events are timed to the hour only). Every write on a case holds its head (the record of its
// latest seal) and moves it on, so no two events link to the same one: a fork is reported as a
// broken link. The removal of a case's latest events shows as a trail that no longer ends at its
// head, a removed or emptied head as such (Head), and the removal of the latest events with the
// head moved back only against a signed checkpoint made before they were written (checkpoint.go).

// SealPurpose is the purpose under which the server's keyed hash seals audit events (see
// vault.(*Vault).MAC): seals never equal a keyed hash made for anything else.
const SealPurpose = "audit-event/v1"

// Sealer computes the seal of a canonical encoding. It must be deterministic.
type Sealer func(canonical []byte) []byte

// Keyed is what holds the server's keys: vault.(*Vault) has this method.
type Keyed interface {
	MAC(purpose string, data []byte) []byte
}

// SealerFrom returns the sealer of the audit trail under k's keys.
func SealerFrom(k Keyed) Sealer {
	return func(canonical []byte) []byte { return k.MAC(SealPurpose, canonical) }
}

// Record is an event as stored: with its id and, when sealed, the seals.
type Record struct {
	ID uuid.UUID
	Event
	// PrevMAC is the seal of the case's event written before this one; empty for a case's first
	// sealed event and for events without a case.
	PrevMAC []byte
	// MAC is the event's seal; empty for an event written without one.
	MAC []byte
}

// canonicalLabel starts every canonical encoding: it versions the encoding.
const canonicalLabel = "meldpunt/audit-event/v1"

// StoredTime is the precision and zone in which the databases keep an event's time (PostgreSQL
// keeps microseconds); a seal is made over the time as it will be read back.
func StoredTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Canonical is the encoding the seal is computed over: the id, the time (UTC, RFC 3339 with
// nanoseconds), the actor's kind and id, the action, the case id (empty for none), the fields as
// stored (comma-separated), the request id and the previous seal — each length-prefixed, so that
// no two different events encode alike.
func (r Record) Canonical() []byte {
	var b bytes.Buffer
	put := func(p []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(p)))
		b.Write(n[:])
		b.Write(p)
	}
	put([]byte(canonicalLabel))
	put(r.ID[:])
	put([]byte(r.At.UTC().Format(time.RFC3339Nano)))
	put([]byte(r.Actor.Kind))
	put([]byte(r.Actor.ID))
	put([]byte(r.Action))
	if r.CaseID != nil {
		put(r.CaseID[:])
	} else {
		put(nil)
	}
	put([]byte(strings.Join(r.Fields, ",")))
	put([]byte(r.RequestID))
	put(r.PrevMAC)
	return b.Bytes()
}

// HeadMissingField is put among the fields of an event written while its case's head (the
// record of its latest event) was missing or empty: the event then starts a line of its own
// instead of linking to whatever the trail still holds, and its seal keeps the mark, so that a
// removal of the head (and of the events it named) stays visible after later writes.
const HeadMissingField = "audit_head_missing"

// Head is what the case's record of its latest event (audit_heads) held when the trail was read.
type Head struct {
	// Recorded: the case has such a record.
	Recorded bool
	// MAC is the seal its latest event must have; empty when the record holds none.
	MAC []byte
}

// Verification is what checking a trail found.
type Verification struct {
	// Events is how many events the trail has.
	Events int
	// Altered are the events whose seal does not match their content.
	Altered []uuid.UUID
	// BrokenLinks are the sealed events whose predecessor is not in the trail.
	BrokenLinks []uuid.UUID
	// Unsealed are the events without a seal.
	Unsealed []uuid.UUID
	// LatestMissing: the case's recorded latest event is not (or no longer) the trail's last:
	// events were removed from its end.
	LatestMissing bool
	// HeadMissing: the case has no record of its latest event, or one without a seal. Every case
	// gets it with its first event, so its absence means it was removed (and with it, perhaps,
	// the latest events).
	HeadMissing bool
	// Restarted are the events written while the head was missing (see HeadMissingField).
	Restarted []uuid.UUID
}

// Intact reports whether every event is sealed, every seal matches, no link is broken and the
// trail ends where the case's record says.
func (v Verification) Intact() bool {
	return len(v.Altered) == 0 && len(v.BrokenLinks) == 0 && len(v.Unsealed) == 0 && !v.LatestMissing &&
		!v.HeadMissing && len(v.Restarted) == 0
}

// Verify checks a trail (every event of it, in any order). For a case's trail head is what its
// record of the latest event held; nil for events without a case, which are sealed one by one.
// Every seal is recomputed. The sealed events of a case must form one line: each links to an
// event of the trail (or, the first, to none), no two link to the same event (a second one means
// the other branch was cut away), and the line ends at the head, which must be there.
func Verify(trail []Record, head *Head, seal Sealer) Verification {
	v := Verification{Events: len(trail)}
	macs := make(map[string]bool, len(trail))
	for _, r := range trail {
		if len(r.MAC) > 0 {
			macs[string(r.MAC)] = true
		}
	}
	successor := make(map[string]bool, len(trail))
	roots := 0
	for _, r := range trail {
		if len(r.MAC) == 0 {
			v.Unsealed = append(v.Unsealed, r.ID)
			continue
		}
		if !hmac.Equal(seal(r.Canonical()), r.MAC) {
			v.Altered = append(v.Altered, r.ID)
		}
		if head == nil {
			continue
		}
		if slices.Contains(r.Fields, HeadMissingField) {
			v.Restarted = append(v.Restarted, r.ID)
		}
		prev := string(r.PrevMAC)
		switch {
		case prev == "":
			if roots++; roots > 1 {
				v.BrokenLinks = append(v.BrokenLinks, r.ID)
			}
		case !macs[prev], successor[prev]:
			v.BrokenLinks = append(v.BrokenLinks, r.ID)
		}
		successor[prev] = true
	}
	if head == nil {
		return v
	}
	if !head.Recorded || len(head.MAC) == 0 {
		v.HeadMissing = true
	} else if !macs[string(head.MAC)] || successor[string(head.MAC)] {
		v.LatestMissing = true
	}
	return v
}
