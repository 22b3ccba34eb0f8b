package audit_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
)

// rfc6962 is the Merkle tree hash exactly as RFC 6962 §2.1 defines it.
func rfc6962(d [][]byte) []byte {
	switch len(d) {
	case 0:
		h := sha256.Sum256(nil)
		return h[:]
	case 1:
		h := sha256.Sum256(append([]byte{0}, d[0]...))
		return h[:]
	}
	k := 1
	for k*2 < len(d) {
		k *= 2
	}
	h := sha256.Sum256(append(append([]byte{1}, rfc6962(d[:k])...), rfc6962(d[k:])...))
	return h[:]
}

func TestMerkleRootIsRFC6962(t *testing.T) {
	var d [][]byte
	for n := 0; n <= 33; n++ {
		if got, want := audit.MerkleRoot(d), rfc6962(d); !bytes.Equal(got, want) {
			t.Fatalf("%d leaves: root %x, want %x", n, got, want)
		}
		d = append(d, []byte{byte(n), 'x'})
	}
}

type keyed string

func (k keyed) MAC(purpose string, data []byte) []byte {
	h := sha256.Sum256([]byte(string(k) + "|" + purpose + "|" + string(data)))
	return h[:]
}

func TestCheckpointNotesOpenOnlyUnchangedAndUnderTheirKey(t *testing.T) {
	key := audit.CheckpointKey(keyed("k"))
	pub := key.Public().(ed25519.PublicKey)
	ls := []audit.Leaf{{CaseID: uuid.New(), Head: bytes.Repeat([]byte{7}, 32), Count: 12}, {CaseID: uuid.New(), Head: bytes.Repeat([]byte{9}, 32), Count: 1}}
	back, err := audit.DecodeLeaves(audit.EncodeLeaves(ls))
	if err != nil || len(back) != 2 || back[0].CaseID != ls[0].CaseID || back[1].Count != 1 || !bytes.Equal(back[0].Head, ls[0].Head) {
		t.Fatalf("leaves round trip: %+v %v", back, err)
	}
	cp := audit.Checkpoint{Size: 2, Root: audit.LeavesRoot(ls), Time: time.Date(2026, 12, 7, 4, 0, 0, 0, time.UTC)}
	note := audit.SignCheckpoint(key, cp)
	if !strings.HasPrefix(note, audit.CheckpointOrigin+"\n2\n") || !strings.Contains(note, "\n\n\u2014 "+audit.CheckpointKeyName+" ") {
		t.Fatalf("note:\n%s", note)
	}
	vk := audit.VerifierKey(pub)
	parsed, err := audit.ParseVerifierKey(vk)
	if err != nil || !parsed.Equal(pub) {
		t.Fatalf("public key %q: %v", vk, err)
	}
	// Keys whose base64 holds a "+" read back too.
	for i := range 64 {
		pk := audit.CheckpointKey(keyed(fmt.Sprint("key ", i))).Public().(ed25519.PublicKey)
		if back, err := audit.ParseVerifierKey(audit.VerifierKey(pk)); err != nil || !back.Equal(pk) {
			t.Fatalf("public key %q: %v", audit.VerifierKey(pk), err)
		}
	}
	got, err := audit.OpenCheckpoint(note, parsed)
	if err != nil || got.Size != 2 || !bytes.Equal(got.Root, cp.Root) || !got.Time.Equal(cp.Time) {
		t.Fatalf("round trip: %+v %v", got, err)
	}

	otherRoot := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 32))
	lines := strings.Split(note, "\n")
	changedRoot := strings.Replace(note, lines[2], otherRoot, 1)
	changedSize := strings.Replace(note, "\n2\n", "\n3\n", 1)
	sigLine := lines[len(lines)-2]
	raw, _ := base64.StdEncoding.DecodeString(strings.Fields(sigLine)[2])
	raw[10] ^= 1
	badSig := strings.Replace(note, strings.Fields(sigLine)[2], base64.StdEncoding.EncodeToString(raw), 1)
	other := audit.CheckpointKey(keyed("another keys file"))
	for _, tc := range []struct {
		name, note string
		pub        ed25519.PublicKey
		want       string
	}{
		{"a changed root", changedRoot, pub, "changed after signing"},
		{"a changed size", changedSize, pub, "changed after signing"},
		{"a bad signature", badSig, pub, "changed after signing"},
		{"signed by another key", audit.SignCheckpoint(other, cp), pub, "signed by another key"},
		{"checked with another key", note, other.Public().(ed25519.PublicKey), "signed by another key"},
		{"no signature", audit.Checkpoint{Size: 1, Root: cp.Root, Time: cp.Time}.Text(), pub, "no signature"},
		{"not a checkpoint", "hello\n\n\u2014 x y\n", pub, "not a Meldpunt audit checkpoint"},
	} {
		_, err := audit.OpenCheckpoint(tc.note, tc.pub)
		if !errors.Is(err, audit.ErrCheckpoint) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a refusal saying %q", tc.name, err, tc.want)
		}
	}
}
