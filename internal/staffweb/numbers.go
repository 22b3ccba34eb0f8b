package staffweb

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// parseInt32 reads a whole decimal number (spaces around it allowed) that lies in [lo, hi].
// Anything else — empty, a fraction, an exponent, a value beyond int32 or outside the range — is
// refused, so a number never wraps on its way to the service.
func parseInt32(s string, lo, hi int32) (int32, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	if err != nil || n < int64(lo) || n > int64(hi) {
		return 0, false
	}
	return int32(n), true
}

// intField reads form field name as a whole number in [lo, hi]. A bad value is a form error
// naming the field by its label (an i18n key), shown above the form again before any service is
// called and linked to the control whose id is name.
func intField(r *http.Request, v *view, name, label string, lo, hi int32) (int32, error) {
	n, ok := parseInt32(r.PostFormValue(name), lo, hi)
	if !ok {
		return 0, fieldErr(name, fmt.Sprintf(v.t("form_number"), v.t(label), lo, hi))
	}
	return n, nil
}

// optionalIntField is intField for a field that may be left empty, meaning zero.
func optionalIntField(r *http.Request, v *view, name, label string, lo, hi int32) (int32, error) {
	if strings.TrimSpace(r.PostFormValue(name)) == "" {
		return 0, nil
	}
	return intField(r, v, name, label, lo, hi)
}

// versionField is the form field with the version of the thing the form changes, as the page
// showed it (optimistic concurrency): a hidden field the staff member never types.
const versionField = "version"

// checkVersion refuses a form whose version is not a whole number from 0 (checked for every
// form, in action, before any service is called): read as 0 it would be answered "changed
// meanwhile", or match a thing never saved. A form without the field passes (version reads 0).
func checkVersion(r *http.Request, v *view) error {
	vals, ok := r.PostForm[versionField]
	if !ok {
		return nil
	}
	if len(vals) != 1 {
		return formErr(v.t("form_version"))
	}
	n, err := strconv.ParseInt(strings.TrimSpace(vals[0]), 10, 64)
	if err != nil || n < 0 {
		return formErr(v.t("form_version"))
	}
	return nil
}

// version is the form's version, checked by checkVersion.
func version(r *http.Request) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(versionField)), 10, 64)
	return n
}
