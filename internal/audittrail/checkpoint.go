package audittrail

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// Actions of the auditor's that concern no single case.
const (
	ActionDownloadCheckpoint = "audit.checkpoint.download"
	ActionVerifyAll          = "audit.trails.verify"
)

// CaseEntry is a case the database knows of; Reference is empty when its record is gone.
type CaseEntry struct {
	ID        uuid.UUID
	Reference string
}

// CheckpointRepository keeps checkpoints and reads every trail.
type CheckpointRepository interface {
	// CheckpointLeaves returns every case's head and sealed event count, in one snapshot,
	// sorted by case id.
	CheckpointLeaves(ctx context.Context) ([]audit.Leaf, error)
	SaveCheckpoint(ctx context.Context, cp audit.Checkpoint, leaves []byte, note string) error
	// LatestCheckpoint returns the newest checkpoint's note (ok false: none yet) and records ev
	// (when not nil) in the same transaction.
	LatestCheckpoint(ctx context.Context, ev *audit.Event) (note string, cp audit.Checkpoint, ok bool, err error)
	// CheckpointLeavesOf returns the stored leaves of the checkpoint with cp's size and root.
	CheckpointLeavesOf(ctx context.Context, cp audit.Checkpoint) ([]byte, bool, error)
	// AllCases returns every case known by its record, its head or its events, sorted by id.
	AllCases(ctx context.Context) ([]CaseEntry, error)
	// Trails returns the trails and heads of these cases, read in one snapshot.
	Trails(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID][]audit.Record, map[uuid.UUID]audit.Head, error)
	// RecordEvent writes an event without a case.
	RecordEvent(ctx context.Context, ev audit.Event) error
}

func (s *Service) checkpoints() error {
	if s.cps == nil || s.key == nil {
		return apperr.FailedPrecondition("this server has no key to sign audit checkpoints with")
	}
	return nil
}

// PublicKey is the printable public key checkpoints are signed with ("" without a key).
func (s *Service) PublicKey() string {
	if s.key == nil {
		return ""
	}
	return audit.VerifierKey(s.key.Public().(ed25519.PublicKey))
}

// MakeCheckpoint builds the tree over every case's head now, signs its head and stores it. With
// onlyIfChanged, a tree equal to the latest checkpoint's is not stored again (made is false and
// the latest is returned).
func (s *Service) MakeCheckpoint(ctx context.Context, onlyIfChanged bool) (note string, cp audit.Checkpoint, made bool, err error) {
	if err := s.checkpoints(); err != nil {
		return "", audit.Checkpoint{}, false, err
	}
	leaves, err := s.cps.CheckpointLeaves(ctx)
	if err != nil {
		return "", audit.Checkpoint{}, false, err
	}
	cp = audit.Checkpoint{Size: int64(len(leaves)), Root: audit.LeavesRoot(leaves), Time: audit.StoredTime(s.clock())}
	if onlyIfChanged {
		last, lastCP, ok, err := s.cps.LatestCheckpoint(ctx, nil)
		if err != nil {
			return "", audit.Checkpoint{}, false, err
		}
		if ok && lastCP.Size == cp.Size && bytes.Equal(lastCP.Root, cp.Root) {
			return last, lastCP, false, nil
		}
	}
	note = audit.SignCheckpoint(s.key, cp)
	if err := s.cps.SaveCheckpoint(ctx, cp, audit.EncodeLeaves(leaves), note); err != nil {
		return "", audit.Checkpoint{}, false, err
	}
	return note, cp, true, nil
}

// LatestCheckpoint returns the newest signed checkpoint note for the auditor to keep elsewhere.
// The download is audited.
func (s *Service) LatestCheckpoint(ctx context.Context, a Actor) (string, audit.Checkpoint, error) {
	if !a.Auditor || a.Subject == "" {
		return "", audit.Checkpoint{}, apperr.Forbidden("only the auditor downloads audit checkpoints")
	}
	if err := s.checkpoints(); err != nil {
		return "", audit.Checkpoint{}, err
	}
	ev := audit.Event{At: s.clock().UTC(), Actor: audit.Staff(a.Subject), Action: ActionDownloadCheckpoint,
		Fields: []string{"audit_checkpoint"}, RequestID: a.RequestID}
	note, cp, ok, err := s.cps.LatestCheckpoint(ctx, &ev)
	if err != nil {
		return "", audit.Checkpoint{}, err
	}
	if !ok {
		return "", audit.Checkpoint{}, apperr.NotFound("no audit checkpoint has been made yet")
	}
	return note, cp, nil
}

// Finding is one thing wrong with the trails.
type Finding struct {
	CaseID    uuid.UUID // uuid.Nil: about the checkpoint itself
	Reference string    // empty when the case's record is gone
	What      string
}

// Case names the finding's case: its reference, or its id when its record is gone.
func (f Finding) Case() string {
	switch {
	case f.CaseID == uuid.Nil:
		return "checkpoint"
	case f.Reference != "":
		return f.Reference
	}
	return "case " + f.CaseID.String()
}

// AllResult is what VerifyAll found.
type AllResult struct {
	Cases, Events int
	// Checkpoint is the checkpoint verified against (nil: none given).
	Checkpoint *audit.Checkpoint
	Findings   []Finding
	VerifiedAt time.Time
}

// Intact reports whether nothing was found.
func (r AllResult) Intact() bool { return len(r.Findings) == 0 }

// verifyBatch is how many cases' trails are read at once.
const verifyBatch = 500

// VerifyAll verifies the trail of every case and, given a checkpoint note (checked against pub),
// that every case head it fixed is still in its trail: the event it names still there, as many
// sealed events leading to it as then, and the trail going on from it. progress, when not nil,
// is told how many cases are done. The run is audited (one event, no case).
func (s *Service) VerifyAll(ctx context.Context, a Actor, note string, pub ed25519.PublicKey, progress func(done, total int)) (AllResult, error) {
	if !a.Auditor || a.Subject == "" {
		return AllResult{}, apperr.Forbidden("only the auditor verifies the audit trail")
	}
	if s.seal == nil || s.cps == nil {
		return AllResult{}, apperr.FailedPrecondition("this server has no key to verify the audit trail with")
	}
	now := s.clock()
	res := AllResult{VerifiedAt: now.UTC()}
	var fixed map[uuid.UUID]audit.Leaf
	if note != "" {
		cp, err := audit.OpenCheckpoint(note, pub)
		if err != nil {
			return AllResult{}, apperr.Invalid("checkpoint", "%v", err)
		}
		res.Checkpoint = &cp
		when := cp.Time.Format(time.RFC3339)
		raw, ok, err := s.cps.CheckpointLeavesOf(ctx, cp)
		if err != nil {
			return AllResult{}, err
		}
		if !ok {
			res.Findings = append(res.Findings, Finding{What: fmt.Sprintf("the checkpoint of %s (%d cases) is no longer in the database: it was removed, so its cases cannot be checked one by one", when, cp.Size)})
		} else if leaves, err := audit.DecodeLeaves(raw); err != nil || int64(len(leaves)) != cp.Size || !bytes.Equal(audit.LeavesRoot(leaves), cp.Root) {
			res.Findings = append(res.Findings, Finding{What: fmt.Sprintf("the cases stored for the checkpoint of %s do not match its signed root: they were changed", when)})
		} else {
			fixed = make(map[uuid.UUID]audit.Leaf, len(leaves))
			for _, l := range leaves {
				fixed[l.CaseID] = l
			}
		}
	}
	all, err := s.cps.AllCases(ctx)
	if err != nil {
		return AllResult{}, err
	}
	known := make(map[uuid.UUID]bool, len(all))
	for _, c := range all {
		known[c.ID] = true
	}
	for id := range fixed {
		if !known[id] {
			e := CaseEntry{ID: id}
			if id == audit.OrgTrailID {
				e.Reference = audit.OrgTrailReference
			}
			all = append(all, e)
		}
	}
	res.Cases = len(all)
	for start := 0; start < len(all); start += verifyBatch {
		batch := all[start:min(start+verifyBatch, len(all))]
		ids := make([]uuid.UUID, len(batch))
		for i, c := range batch {
			ids[i] = c.ID
		}
		trails, heads, err := s.cps.Trails(ctx, ids)
		if err != nil {
			return AllResult{}, err
		}
		for _, c := range batch {
			trail, head := trails[c.ID], heads[c.ID]
			res.Events += len(trail)
			add := func(format string, args ...any) {
				res.Findings = append(res.Findings, Finding{CaseID: c.ID, Reference: c.Reference, What: fmt.Sprintf(format, args...)})
			}
			if c.Reference == "" && len(trail) > 0 {
				add("%d audit events of a case whose record is gone", len(trail))
			}
			if c.Reference != "" || len(trail) > 0 || head.Recorded {
				describe(audit.Verify(trail, &head, s.seal), add)
			}
			if l, ok := fixed[c.ID]; ok {
				checkFixed(trail, head, l, res.Checkpoint.Time, add)
			}
		}
		if progress != nil {
			progress(start+len(batch), len(all))
		}
	}
	ev := audit.Event{At: now.UTC(), Actor: audit.Staff(a.Subject), Action: ActionVerifyAll, Fields: []string{"audit_events"}, RequestID: a.RequestID}
	if err := s.cps.RecordEvent(ctx, ev); err != nil {
		return AllResult{}, err
	}
	return res, nil
}

// describe turns one case's verification into findings.
func describe(v audit.Verification, add func(string, ...any)) {
	for _, id := range v.Altered {
		add("altered: event %s does not match its seal (changed, or added without the key)", id)
	}
	for _, id := range v.BrokenLinks {
		add("broken link: the event before %s is not in the trail (removed)", id)
	}
	for _, id := range v.Unsealed {
		add("unsealed: event %s has no seal", id)
	}
	if v.HeadMissing {
		add("head missing: the record of the case's latest event was removed or emptied (the latest events may have gone with it)")
	}
	for _, id := range v.Restarted {
		add("restarted: event %s was written while the record of the latest event was missing", id)
	}
	if v.LatestMissing {
		add("latest event missing: the trail does not end where the case's record says (events removed from its end)")
	}
}

// checkFixed checks that the head a checkpoint fixed for a case is still in its trail.
func checkFixed(trail []audit.Record, head audit.Head, l audit.Leaf, at time.Time, add func(string, ...any)) {
	when := at.Format(time.RFC3339)
	byMAC := make(map[string]audit.Record, len(trail))
	for _, r := range trail {
		if len(r.MAC) > 0 {
			byMAC[string(r.MAC)] = r
		}
	}
	e, ok := byMAC[string(l.Head)]
	if !ok {
		if len(trail) == 0 {
			add("removed: the checkpoint of %s holds %d events of this case; none is left", when, l.Count)
			return
		}
		add("removed: the event the checkpoint of %s names as the case's latest (its %d events then) is gone: events written before the checkpoint were removed", when, l.Count)
		return
	}
	n := int64(1)
	for cur := e; len(cur.PrevMAC) > 0; n++ {
		p, ok := byMAC[string(cur.PrevMAC)]
		if !ok {
			break
		}
		cur = p
	}
	if n != l.Count {
		add("removed: %d of the %d events the checkpoint of %s holds up to event %s are left", n, l.Count, when, e.ID)
	}
	if !head.Recorded || len(head.MAC) == 0 {
		return // reported as head missing
	}
	cur, ok := byMAC[string(head.MAC)]
	for ok {
		if bytes.Equal(cur.MAC, l.Head) {
			return
		}
		if len(cur.PrevMAC) == 0 {
			break
		}
		cur, ok = byMAC[string(cur.PrevMAC)]
	}
	add("the trail no longer goes on from the event %s the checkpoint of %s names as the case's latest", e.ID, when)
}
