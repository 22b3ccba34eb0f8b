package cases

import (
	"context"
	"encoding/json"
	"net/mail"
	"strings"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/vault"
)

// A confidential or named reporter may leave an e-mail address to be told that there is a reply
// on their case — nothing else: the e-mail holds no category, names, text, reference or receipt
// code, only that there is a reply and the address of the reporter pages. The address is sealed
// with the case key (field fieldNotify) and so destroyed with the case; staff never see it, it is
// in no export, log or audit detail (the audit event names the field, not the value), and the
// outbox holds only the case's id: the sender opens the address when it sends.
//
// An anonymous report takes no address at all: an address names its holder, or at least their
// mail provider, and would make the anonymous report confidential without the reporter meaning
// to. The reporter pages say so where the address would be asked for.

// fieldNotify is the sealed field of the reporter's notification address.
const fieldNotify = "reporter-notify"

// NotifyAddress is where and in which language a reporter wants to hear that there is a reply.
type NotifyAddress struct {
	Email string `json:"e"`
	// Lang is the reporter pages' language the reporter chose ("nl", "en", "ar", "pl", "tr"), or
	// "": the e-mail is in Dutch and English unless it is "nl" or "en".
	Lang string `json:"l,omitempty"`
}

// notifyLangs are the reporter pages' languages.
var notifyLangs = map[string]bool{"": true, "nl": true, "en": true, "ar": true, "pl": true, "tr": true}

// ParseNotifyAddress checks an address as the reporter typed it: one bare address
// (name@domain), at most 254 characters; "" is no address. The error names the field.
func ParseNotifyAddress(field, email, lang string) (*NotifyAddress, error) {
	email = strings.TrimSpace(email)
	lang = strings.ToLower(strings.TrimSpace(lang))
	if !notifyLangs[lang] {
		return nil, apperr.Invalid(field+"_language", "must be nl, en, ar, pl or tr")
	}
	if email == "" {
		return nil, nil
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Name != "" || a.Address != email || len(email) > 254 ||
		strings.ContainsAny(email, " \t\r\n<>\"") || !strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") {
		return nil, apperr.Invalid(field, "must be one e-mail address, like name@example.nl")
	}
	return &NotifyAddress{Email: email, Lang: lang}, nil
}

// errAnonymousNotify refuses an address on an anonymous report.
func errAnonymousNotify(field string) error {
	return apperr.Invalid(field, "is not stored for an anonymous report: an e-mail address can identify you "+
		"(the address itself, and your mail provider); check for a reply with your receipt code instead").Because(apperr.ReasonNotifyAnonymous)
}

func sealNotify(ck *vault.CaseKey, a *NotifyAddress) ([]byte, error) {
	b, err := json.Marshal(a)
	if err != nil {
		return nil, err
	}
	return ck.Seal(fieldNotify, b)
}

// OpenNotifyAddress opens a case's sealed notification address with the vault: for the sender,
// at the moment it sends. A destroyed case (no key) or no address gives ok false.
func OpenNotifyAddress(v *vault.Vault, caseID uuid.UUID, wrappedKey, sealed []byte) (a NotifyAddress, ok bool, err error) {
	if len(wrappedKey) == 0 || len(sealed) == 0 {
		return NotifyAddress{}, false, nil
	}
	ck, err := v.OpenCaseKey(caseID.String(), wrappedKey)
	if err != nil {
		return NotifyAddress{}, false, err
	}
	pt, err := ck.Open(fieldNotify, sealed)
	if err != nil {
		return NotifyAddress{}, false, err
	}
	if err := json.Unmarshal(pt, &a); err != nil {
		return NotifyAddress{}, false, err
	}
	return a, a.Email != "", nil
}

// SetMyNotifyAddress stores, changes or (a nil address) removes the reporter's address for
// "there is a reply". Removing it also withdraws every such e-mail not yet sent.
func (s *IntakeService) SetMyNotifyAddress(ctx context.Context, rs *ReporterSession, a *NotifyAddress) error {
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return err
	}
	if a != nil && rec.Anonymity == Anonymous {
		return errAnonymousNotify("notify_email")
	}
	var sealed []byte
	if a != nil {
		ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
		if err != nil {
			return err
		}
		if sealed, err = sealNotify(ck, a); err != nil {
			return err
		}
	}
	action := audit.ActionSetNotifyAddress
	if a == nil {
		action = audit.ActionRemoveNotifyAddress
	}
	ev := audit.New(s.clock(), audit.Reporter, action, rec.ID, requestID(ctx), "notify_email")
	return s.logged(ctx, ev, func(ctx context.Context) error { return s.caseRepo.SetReporterNotify(ctx, rec.ID, sealed) })
}
