// Package receipt makes and parses the receipt code an anonymous reporter
// gets when filing a report. The code is shown once and is the reporter's
// only way back to the case, so it must be unguessable, easy to copy onto
// paper and type back in, and never stored in a readable form.
//
// # Format
//
// A code is 100 bits from crypto/rand written as 20 Crockford base32
// symbols in four groups of five:
//
//	XXXXX-XXXXX-XXXXX-XXXXX
//
// Crockford's alphabet (0-9 and A-Z without I, L, O and U) has no symbols
// that look alike, and [Parse] is forgiving the way Crockford intends: case
// does not matter, spaces and dashes are ignored, and I and L are read as 1,
// O as 0. Each symbol carries exactly 5 bits, so 20 symbols give 100 bits,
// comfortably above the 80-bit minimum. Four groups of five are short enough
// to read aloud and check by eye. There is no check symbol: a mistyped code
// simply matches no case, and Crockford's check alphabet adds symbols
// (*~$=U) that are awkward to type.
//
// # Storage: a keyed hash, not a password hash
//
// The code is stored only as a keyed hash, [Code.LookupHash], which is
// vault.MAC over [Code.Canonical] with a key that lives in the keys file,
// outside the database. Because the hash is deterministic it can be a
// unique, indexed column: finding the case for a code is one index lookup.
//
// A slow password hash such as Argon2id is deliberately not used. Slow
// hashes protect low-entropy secrets that people choose, where an offline
// attacker can try the likely candidates; stretching each guess multiplies
// a feasible search. A 100-bit random code has no likely candidates: an
// offline attacker with a database dump needs about 2^99 keyed-hash
// evaluations per code (billions of years at a trillion per second), and
// without the MAC key cannot evaluate even one. A work factor of 2^16 on top
// of 2^100 changes nothing. What Argon2id would change is the service: every
// login attempt, including every wrong one an attacker submits, would cost
// tens of milliseconds of CPU and many MiB of memory (a cheap denial of
// service), and a salted slow hash cannot be looked up by index, so the
// reporter would need a second identifier (a locator) to find the row
// first. Online guessing is the only realistic attack, and it is handled
// where it belongs: the service rate-limits wrong codes. Even an attacker
// allowed a billion guesses against a million live cases succeeds with
// probability below 10^-15.
//
// Codes are secrets: show String once to the reporter, never log it, and
// keep only LookupHash.
package receipt

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

const (
	// Symbols is the number of base32 symbols in a code.
	Symbols = 20
	// Bits is the entropy of a code: Symbols * 5.
	Bits = Symbols * 5
	// MACPurpose is the vault.MAC purpose for receipt-code hashes. It is
	// part of every stored hash, so changing it orphans existing codes;
	// any code that hashes receipt codes itself must use this value.
	MACPurpose = "receipt-code"

	// alphabet is Crockford's base32 alphabet, in value order.
	alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	// groupSize is the number of symbols between dashes in String.
	groupSize = 5
	// maxInput bounds the work Parse does on hostile input; a pasted
	// code with generous spacing is well under this.
	maxInput = 128
)

// ErrInvalid is wrapped by every error Parse returns.
var ErrInvalid = errors.New("receipt: invalid code")

// Code is a receipt code. The zero value is "no code"; New and Parse never
// return it without an error. Codes are comparable with ==.
type Code struct {
	// sym holds the canonical symbols (upper-case ASCII from alphabet).
	// Keeping the text rather than the 100-bit integer makes String and
	// Canonical allocation-light and the zero value easy to recognise.
	sym [Symbols]byte
}

// New returns a fresh random code from crypto/rand.
func New() (Code, error) {
	// One random byte per symbol, keeping the low 5 bits: 256 is a multiple
	// of 32, so every symbol is exactly uniform and independent. This reads
	// 160 bits to use 100, which is cheap and easier to verify than
	// unpacking a 13-byte bit string.
	var b [Symbols]byte
	if _, err := rand.Read(b[:]); err != nil {
		return Code{}, fmt.Errorf("receipt: read random: %w", err)
	}
	var c Code
	for i, x := range b {
		c.sym[i] = alphabet[x&31]
	}
	return c, nil
}

// Parse reads a code typed by a reporter. It ignores surrounding and inner
// white space and dashes (including Unicode dashes from copy and paste),
// accepts lower case, and maps I and L to 1 and O to 0. Only ASCII letters
// and digits count: look-alike letters from other scripts are rejected, not
// folded, so that exactly one spelling family maps to each code.
//
// Errors wrap [ErrInvalid], say what is expected, and never repeat the input,
// which may be a nearly correct secret.
func Parse(s string) (Code, error) {
	if len(s) > maxInput {
		return Code{}, invalid("too long")
	}
	var c Code
	n := 0
	for _, r := range s {
		if r == '-' || unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) {
			continue
		}
		v, ok := symbol(r)
		if !ok {
			return Code{}, invalid("it contains a character that is not allowed")
		}
		if n < Symbols {
			c.sym[n] = v
		}
		n++
	}
	if n != Symbols {
		return Code{}, invalid(fmt.Sprintf("it has %d letters and digits", n))
	}
	return c, nil
}

func invalid(why string) error {
	return fmt.Errorf("%w: %s; expected %d letters and digits (0-9, A-Z except U), "+
		"usually written in four groups of five like XXXXX-XXXXX-XXXXX-XXXXX", ErrInvalid, why, Symbols)
}

// symbol maps one input rune to its canonical symbol, applying Crockford's
// decoding rules. Invalid UTF-8 arrives as utf8.RuneError and is rejected.
func symbol(r rune) (byte, bool) {
	if r >= 'a' && r <= 'z' {
		r -= 'a' - 'A'
	}
	switch r {
	case 'I', 'L':
		return '1', true
	case 'O':
		return '0', true
	}
	if r > unicode.MaxASCII {
		return 0, false
	}
	if strings.IndexByte(alphabet, byte(r)) < 0 {
		return 0, false // includes U, which Crockford leaves out
	}
	return byte(r), true
}

// String returns the grouped display form, or "" for the zero Code.
func (c Code) String() string {
	if c.IsZero() {
		return ""
	}
	var b strings.Builder
	b.Grow(Symbols + Symbols/groupSize - 1)
	for i := 0; i < Symbols; i += groupSize {
		if i > 0 {
			b.WriteByte('-')
		}
		b.Write(c.sym[i : i+groupSize])
	}
	return b.String()
}

// Canonical returns the 20 symbols without dashes, the input to the keyed
// hash; nil for the zero Code. Every spelling Parse accepts for a code has
// the same canonical form, so the hash does not depend on how it was typed.
func (c Code) Canonical() []byte {
	if c.IsZero() {
		return nil
	}
	out := make([]byte, Symbols)
	copy(out, c.sym[:])
	return out
}

// IsZero reports whether c is the zero Code (no code).
func (c Code) IsZero() bool { return c == Code{} }

// MACer is the part of *vault.Vault that LookupHash needs; an interface
// keeps this package free of a dependency on the vault.
type MACer interface {
	MAC(purpose string, data []byte) []byte
}

// LookupHash returns the value to store and index for c: m.MAC(MACPurpose,
// c.Canonical()). Filing stores it; a returning reporter's code is parsed
// and hashed the same way and looked up by equality. It fails for the zero
// Code so that an unset code can never match a stored hash.
func (c Code) LookupHash(m MACer) ([]byte, error) {
	if c.IsZero() {
		return nil, errors.New("receipt: LookupHash of the zero Code")
	}
	return m.MAC(MACPurpose, c.Canonical()), nil
}
