package transport

import (
	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
)

const adviserSvc = "/meldpunt.v1.AdviserService/"

// adviserRules: the adviser registry is public to read (a frightened employee chooses an adviser
// before anything else) and managed by administrators.
var adviserRules = map[string]rule{
	pb.AdviserService_ListAdvisers_FullMethodName:    {access: accessPublic, reporterFacing: true},
	pb.AdviserService_ListAllAdvisers_FullMethodName: {access: accessStaff, roles: []auth.Role{auth.RoleAdmin}},
	pb.AdviserService_CreateAdviser_FullMethodName:   {access: accessStaff, roles: []auth.Role{auth.RoleAdmin}},
	pb.AdviserService_UpdateAdviser_FullMethodName:   {access: accessStaff, roles: []auth.Role{auth.RoleAdmin}},
}
