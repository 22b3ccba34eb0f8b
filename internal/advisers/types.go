package advisers

import (
	"github.com/google/uuid"
)

// Kind says whether an adviser is a colleague or from outside the organisation.
type Kind string

// The kinds. The values are the names stored in the database and, with the ADVISER_KIND_
// prefix, the names of the API's enum.
const (
	KindInternal Kind = "INTERNAL"
	KindExternal Kind = "EXTERNAL"
)

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool { return k == KindInternal || k == KindExternal }

// Adviser is an adviser in the registry.
type Adviser struct {
	ID uuid.UUID
	// StaffSubject is the subject (sub) of the adviser's staff sign-in, which links the profile
	// to the person. It is unique and not part of the public profile.
	StaffSubject string
	Name         string
	Kind         Kind
	// Intro is a short introduction in the adviser's own words.
	Intro string
	// Languages are ISO 639-1 codes ("nl", "en", "tr"): lower case, each once.
	Languages []string
	PhotoURL  string // "" for none; otherwise an https:// address
	// Active advisers are listed to reporters; inactive ones are kept (cases refer to them) but
	// are neither listed nor offered.
	Active bool
	// Version is the optimistic-lock counter: 1 when created, one more with every change.
	Version int64
}

// Profile is the part of an adviser an administrator sets.
type Profile struct {
	Name      string
	Kind      Kind
	Intro     string
	Languages []string
	PhotoURL  string
}

// Profile returns a's profile.
func (a Adviser) Profile() Profile {
	return Profile{Name: a.Name, Kind: a.Kind, Intro: a.Intro, Languages: a.Languages, PhotoURL: a.PhotoURL}
}

// withProfile returns a with p as its profile.
func (a Adviser) withProfile(p Profile) Adviser {
	a.Name, a.Kind, a.Intro, a.Languages, a.PhotoURL = p.Name, p.Kind, p.Intro, p.Languages, p.PhotoURL
	return a
}
