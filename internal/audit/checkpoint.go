package audit

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Checkpoints anchor the trails. Every case's head (its latest seal) moves on with each event, and
// a chain cannot show that its newest events were cut off together with the head moved back.
// A checkpoint fixes, at one moment, every case's head and how many sealed events lead to it:
// the leaves of a Merkle tree hashed as in Certificate Transparency (RFC 6962: a leaf is
// SHA-256(0x00 || data), a node SHA-256(0x01 || left || right)), sorted by case id. Its tree
// head — size, root, time — is signed with an Ed25519 key derived from the keys file and written
// as a signed note (the format of Go's checksum database): the auditor keeps the note, and the
// public key, elsewhere. Verifying against a note then finds every removal of events written
// before it, as long as the note's signature holds; events written after the latest checkpoint
// can still be cut off with the head moved back.

// CheckpointOrigin is the first line of every checkpoint note.
const CheckpointOrigin = "meldpunt audit checkpoint v1"

// CheckpointKeyName names the signing key in notes and in its printed public key.
const CheckpointKeyName = "meldpunt-audit"

// checkpointKeyPurpose derives the signing key from the keys file's keyed hash (vault.MAC).
const checkpointKeyPurpose = "audit-checkpoint-key/v1"

// LeafSize is the length of an encoded leaf: case id, seal, count.
const LeafSize = 16 + 32 + 8

// Leaf is one case in a checkpoint.
type Leaf struct {
	CaseID uuid.UUID
	// Head is the seal of the case's latest event.
	Head []byte
	// Count is how many sealed events the case's trail had, its head the last of them.
	Count int64
}

// Bytes is the leaf's data in the tree (LeafSize bytes; seals are 32 bytes).
func (l Leaf) Bytes() []byte {
	b := make([]byte, 0, LeafSize)
	b = append(b, l.CaseID[:]...)
	h := make([]byte, 32)
	copy(h, l.Head)
	b = append(b, h...)
	return binary.BigEndian.AppendUint64(b, uint64(l.Count))
}

// EncodeLeaves concatenates the leaves' data, for storing them.
func EncodeLeaves(ls []Leaf) []byte {
	b := make([]byte, 0, len(ls)*LeafSize)
	for _, l := range ls {
		b = append(b, l.Bytes()...)
	}
	return b
}

// DecodeLeaves is the inverse of EncodeLeaves.
func DecodeLeaves(b []byte) ([]Leaf, error) {
	if len(b)%LeafSize != 0 {
		return nil, errors.New("stored checkpoint leaves have a wrong length")
	}
	out := make([]Leaf, 0, len(b)/LeafSize)
	for i := 0; i < len(b); i += LeafSize {
		var l Leaf
		copy(l.CaseID[:], b[i:i+16])
		l.Head = bytes.Clone(b[i+16 : i+48])
		l.Count = int64(binary.BigEndian.Uint64(b[i+48 : i+56]))
		out = append(out, l)
	}
	return out, nil
}

// MerkleRoot is the RFC 6962 Merkle tree hash of the leaves' data, in order.
func MerkleRoot(leaves [][]byte) []byte {
	if len(leaves) == 0 {
		h := sha256.Sum256(nil)
		return h[:]
	}
	level := make([][]byte, len(leaves))
	for i, d := range leaves {
		h := sha256.Sum256(append([]byte{0}, d...))
		level[i] = h[:]
	}
	// Pairing left to right and carrying an odd last node up unchanged gives the same tree as
	// RFC 6962's split at the largest power of two below n.
	for len(level) > 1 {
		next := make([][]byte, 0, (len(level)+1)/2)
		for i := 0; i < len(level); i += 2 {
			if i+1 == len(level) {
				next = append(next, level[i])
				continue
			}
			buf := make([]byte, 0, 65)
			buf = append(append(append(buf, 1), level[i]...), level[i+1]...)
			h := sha256.Sum256(buf)
			next = append(next, h[:])
		}
		level = next
	}
	return level[0]
}

// LeavesRoot is MerkleRoot over the leaves' data.
func LeavesRoot(ls []Leaf) []byte {
	data := make([][]byte, len(ls))
	for i, l := range ls {
		data[i] = l.Bytes()
	}
	return MerkleRoot(data)
}

// Checkpoint is a tree head.
type Checkpoint struct {
	Size int64
	Root []byte
	Time time.Time
}

// Text is the checkpoint's note text, which the signature covers.
func (c Checkpoint) Text() string {
	return fmt.Sprintf("%s\n%d\n%s\n%s\n", CheckpointOrigin, c.Size, base64.StdEncoding.EncodeToString(c.Root),
		c.Time.UTC().Format(time.RFC3339Nano))
}

// CheckpointKey is the key checkpoints are signed with, derived from k's keyed hash: whoever holds
// the keys file can sign, and no one else.
func CheckpointKey(k Keyed) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(k.MAC(checkpointKeyPurpose, []byte("ed25519 seed"))[:ed25519.SeedSize])
}

func keyHash(name string, pub ed25519.PublicKey) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte("\n"))
	h.Write(append([]byte{1}, pub...))
	return binary.BigEndian.Uint32(h.Sum(nil))
}

// VerifierKey is the printable public key of a signing key, in the signed-note format
// (name+hash+base64 key): what the auditor keeps to check checkpoints with.
func VerifierKey(pub ed25519.PublicKey) string {
	return fmt.Sprintf("%s+%08x+%s", CheckpointKeyName, keyHash(CheckpointKeyName, pub),
		base64.StdEncoding.EncodeToString(append([]byte{1}, pub...)))
}

// ParseVerifierKey reads a key printed by VerifierKey.
func ParseVerifierKey(s string) (ed25519.PublicKey, error) {
	parts := strings.SplitN(strings.TrimSpace(s), "+", 3) // the key part is base64, which may hold "+"
	if len(parts) != 3 || parts[0] == "" {
		return nil, errors.New("not a checkpoint public key (want NAME+HASH+KEY, as `meldpunt audit checkpoint --public-key` prints it)")
	}
	raw, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) != 1+ed25519.PublicKeySize || raw[0] != 1 {
		return nil, errors.New("not a checkpoint public key: its key part is not an Ed25519 key")
	}
	pub := ed25519.PublicKey(raw[1:])
	if h, err := hex.DecodeString(parts[1]); err != nil || len(h) != 4 || binary.BigEndian.Uint32(h) != keyHash(parts[0], pub) {
		return nil, errors.New("not a checkpoint public key: its hash does not match its key")
	}
	return pub, nil
}

// SignCheckpoint returns the checkpoint as a signed note.
func SignCheckpoint(key ed25519.PrivateKey, c Checkpoint) string {
	text := c.Text()
	pub := key.Public().(ed25519.PublicKey)
	sig := binary.BigEndian.AppendUint32(nil, keyHash(CheckpointKeyName, pub))
	sig = append(sig, ed25519.Sign(key, []byte(text))...)
	return text + "\n\u2014 " + CheckpointKeyName + " " + base64.StdEncoding.EncodeToString(sig) + "\n"
}

// ErrCheckpoint is wrapped by every refusal of a checkpoint note.
var ErrCheckpoint = errors.New("checkpoint refused")

func refuse(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrCheckpoint, fmt.Sprintf(format, a...))
}

// OpenCheckpoint checks a signed note against the public key and returns its checkpoint. It
// refuses, saying why, a note that is not a checkpoint, one signed by another key, and one whose
// signature does not match its text (changed after signing, or forged).
func OpenCheckpoint(note string, pub ed25519.PublicKey) (Checkpoint, error) {
	note = strings.ReplaceAll(note, "\r\n", "\n")
	i := strings.LastIndex(note, "\n\n")
	if i < 0 {
		return Checkpoint{}, refuse("not a signed checkpoint note (no signature after a blank line)")
	}
	text, sigs := note[:i+1], note[i+2:]
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != 4 || lines[0] != CheckpointOrigin {
		return Checkpoint{}, refuse("not a Meldpunt audit checkpoint (its first line is not %q)", CheckpointOrigin)
	}
	want := keyHash(CheckpointKeyName, pub)
	var (
		found  bool
		others []string
	)
	for _, line := range strings.Split(strings.TrimSuffix(sigs, "\n"), "\n") {
		f := strings.Fields(strings.TrimPrefix(line, "\u2014 "))
		if !strings.HasPrefix(line, "\u2014 ") || len(f) != 2 {
			return Checkpoint{}, refuse("malformed signature line")
		}
		raw, err := base64.StdEncoding.DecodeString(f[1])
		if err != nil || len(raw) != 4+ed25519.SignatureSize {
			return Checkpoint{}, refuse("malformed signature line")
		}
		if f[0] != CheckpointKeyName || binary.BigEndian.Uint32(raw) != want {
			others = append(others, fmt.Sprintf("%s+%08x", f[0], binary.BigEndian.Uint32(raw)))
			continue
		}
		found = true
		if !ed25519.Verify(pub, []byte(text), raw[4:]) {
			return Checkpoint{}, refuse("the signature does not match the checkpoint: it was changed after signing, or forged")
		}
	}
	if !found {
		return Checkpoint{}, refuse("signed by another key (%s), not by %s", strings.Join(others, ", "), VerifierKey(pub))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		return Checkpoint{}, refuse("its size %q is not a number", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != sha256.Size {
		return Checkpoint{}, refuse("its root hash is not 32 bytes of base64")
	}
	at, err := time.Parse(time.RFC3339Nano, lines[3])
	if err != nil {
		return Checkpoint{}, refuse("its time %q is not RFC 3339", lines[3])
	}
	return Checkpoint{Size: size, Root: root, Time: at.UTC()}, nil
}
