package transport

import "github.com/utrecht/meldpunt/internal/auth"

const adviserSvc = "/meldpunt.v1.AdviserService/"

// adviserRules: the adviser registry is public to read (a frightened employee chooses an adviser
// before anything else) and managed by administrators.
var adviserRules = map[string]rule{
	adviserSvc + "ListAdvisers":    {access: accessPublic, reporterFacing: true},
	adviserSvc + "ListAllAdvisers": {access: accessStaff, roles: []auth.Role{auth.RoleAdmin}},
	adviserSvc + "CreateAdviser":   {access: accessStaff, roles: []auth.Role{auth.RoleAdmin}},
	adviserSvc + "UpdateAdviser":   {access: accessStaff, roles: []auth.Role{auth.RoleAdmin}},
}
