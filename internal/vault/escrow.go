package vault

import "errors"

// The [Vault.MAC] purposes of matching entries ("not alone"). Each use has its own, so that a
// hash of one kind never equals a hash of another.
const (
	escrowPersonPurpose   = "escrow-person"   // keyed hash of a named person's personnel number
	escrowReporterPurpose = "escrow-reporter" // keyed hash of the reporter's case
	escrowSealPurpose     = "escrow-seal"     // derives the escrow key; MAC of a fixed label
)

// escrowSealLabel is the fixed input from which the escrow key is derived.
var escrowSealLabel = []byte("meldpunt escrow key v1")

// EscrowPersonHash is the keyed hash under which a matching entry names a person: equal for
// equal personnel numbers, and without the vault nobody can tell whose it is.
func (v *Vault) EscrowPersonHash(personnelNumber string) []byte {
	return v.MAC(escrowPersonPurpose, []byte(personnelNumber))
}

// EscrowReporterHash is the keyed hash of the reporter (their case), so that two entries of one
// reporter count once.
func (v *Vault) EscrowReporterHash(caseID string) []byte {
	return v.MAC(escrowReporterPurpose, []byte(caseID))
}

// SealEscrow seals a matching entry's field under the escrow key, bound to the entry's id and
// the field's name. The escrow key is derived from the vault's MAC key; only package escrow calls
// this and OpenEscrow, and no staff call reaches them.
func (v *Vault) SealEscrow(entryID, field string, plaintext []byte) ([]byte, error) {
	return SealUnderKey(v.MAC(escrowSealPurpose, escrowSealLabel), plaintext, escrowAD(entryID, field))
}

// OpenEscrow opens what SealEscrow sealed for the same entry and field.
func (v *Vault) OpenEscrow(entryID, field string, sealed []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, errors.New("vault: nothing sealed")
	}
	return OpenUnderKey(v.MAC(escrowSealPurpose, escrowSealLabel), sealed, escrowAD(entryID, field))
}

func escrowAD(entryID, field string) []byte {
	return []byte("escrow\x00" + entryID + "\x00" + field)
}

// EscrowHolderHash is the keyed hash of the reporter of matching entries made without a report:
// of the keyed hash of their entries' receipt code. It never equals an EscrowReporterHash of a
// case, whose input is a case id.
func (v *Vault) EscrowHolderHash(receiptLookup []byte) []byte {
	return v.MAC(escrowReporterPurpose, append([]byte("receipt\x00"), receiptLookup...))
}
