package transport

import (
	"sort"
	"strings"
)

// Access levels of MethodAccess: who may call a method.
const (
	AccessPublic   = "public"   // no credentials
	AccessReporter = "reporter" // a reporter session token (mps_…), from OpenSession
	AccessStaff    = "staff"    // a staff JWT holding one of Roles
)

// MethodAccess is one row of the authorization table, as the API document shows it.
type MethodAccess struct {
	Method string   // full gRPC method name, "/meldpunt.v1.CaseService/ListCases"
	Access string   // AccessPublic, AccessReporter or AccessStaff
	Roles  []string // for AccessStaff: any of these roles may call it
}

// AuthorizationTable returns the authorization table the server enforces, sorted by method.
// The OpenAPI document's per-operation roles are generated from it (internal/apidoc), so the
// document and the server cannot disagree.
func AuthorizationTable() []MethodAccess {
	out := make([]MethodAccess, 0, len(authzTable))
	for m, r := range authzTable {
		ma := MethodAccess{Method: m}
		switch r.access {
		case accessPublic:
			ma.Access = AccessPublic
		case accessReporter:
			ma.Access = AccessReporter
		case accessStaff:
			ma.Access = AccessStaff
			for _, role := range r.roles {
				ma.Roles = append(ma.Roles, string(role))
			}
		}
		out = append(out, ma)
	}
	sort.Slice(out, func(i, j int) bool { return strings.Compare(out[i].Method, out[j].Method) < 0 })
	return out
}
