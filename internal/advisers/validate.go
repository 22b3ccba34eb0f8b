package advisers

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/utrecht/meldpunt/internal/apperr"
)

// Limits of a profile; the API's validation rules say the same, this holds for every caller.
const (
	maxName         = 200
	maxIntro        = 2000
	maxLanguages    = 20
	maxPhotoURL     = 500
	maxStaffSubject = 200
)

// normalize checks a profile and returns it cleaned up: name, intro and photo address trimmed;
// languages trimmed, lower-cased and each listed once, in the order given. It checks what the
// API's rules cannot: a name that is only blanks, language codes that are well-formed but not
// ISO 639-1 ("xx"), a photo address that is not https. Field names in errors are those of the
// API (profile.name, profile.languages[2]).
func normalize(p Profile) (Profile, error) {
	p.Name = strings.TrimSpace(p.Name)
	switch {
	case p.Name == "":
		return Profile{}, apperr.Invalid("profile.name", "is required")
	case utf8.RuneCountInString(p.Name) > maxName:
		return Profile{}, apperr.Invalid("profile.name", "is longer than %d characters", maxName)
	case strings.IndexFunc(p.Name, unicode.IsControl) >= 0:
		return Profile{}, apperr.Invalid("profile.name", "must be one line of text")
	}
	if !p.Kind.Valid() {
		return Profile{}, apperr.Invalid("profile.kind", "choose internal or external")
	}
	p.Intro = strings.TrimSpace(p.Intro)
	if utf8.RuneCountInString(p.Intro) > maxIntro {
		return Profile{}, apperr.Invalid("profile.intro", "is longer than %d characters", maxIntro)
	}
	langs, err := normalizeLanguages(p.Languages)
	if err != nil {
		return Profile{}, err
	}
	p.Languages = langs
	p.PhotoURL = strings.TrimSpace(p.PhotoURL)
	if err := checkPhotoURL(p.PhotoURL); err != nil {
		return Profile{}, err
	}
	return p, nil
}

// normalizeLanguages lower-cases the codes, drops repeats and checks that each is a known
// two-letter ISO 639-1 code. nil stays nil.
func normalizeLanguages(in []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for i, l := range in {
		l = strings.ToLower(strings.TrimSpace(l))
		if !isTwoLetters(l) {
			return nil, apperr.Invalid(fmt.Sprintf("profile.languages[%d]", i), "is not a two-letter language code (ISO 639-1, such as nl, en or tr)")
		}
		if b, err := language.ParseBase(l); err != nil || b.String() != l {
			return nil, apperr.Invalid(fmt.Sprintf("profile.languages[%d]", i), "is not a known language code (ISO 639-1, such as nl, en or tr)")
		}
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	if len(out) > maxLanguages {
		return nil, apperr.Invalid("profile.languages", "lists more than %d languages", maxLanguages)
	}
	return out, nil
}

func isTwoLetters(s string) bool {
	return len(s) == 2 && 'a' <= s[0] && s[0] <= 'z' && 'a' <= s[1] && s[1] <= 'z'
}

// checkPhotoURL accepts "" (no photo) or an absolute https address without credentials: the
// address ends up in the src of an image on a public page, so no javascript:, data: or plain
// http (mixed content), and no user:password@ that would publish a secret.
func checkPhotoURL(s string) error {
	if s == "" {
		return nil
	}
	if len(s) > maxPhotoURL {
		return apperr.Invalid("profile.photo_url", "is longer than %d characters", maxPhotoURL)
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
		return apperr.Invalid("profile.photo_url", "must be an https:// address of an image")
	}
	return nil
}

// normalizeStaffSubject trims the subject and checks it is there.
func normalizeStaffSubject(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", apperr.Invalid("staff_subject", "is required: the subject (sub) of the adviser's staff sign-in")
	case len(s) > maxStaffSubject:
		return "", apperr.Invalid("staff_subject", "is longer than %d characters", maxStaffSubject)
	}
	return s, nil
}
