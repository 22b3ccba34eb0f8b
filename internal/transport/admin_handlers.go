package transport

import pb "github.com/utrecht/meldpunt/api/meldpunt/v1"

// adminServer serves the administrator's AdminService.
type adminServer struct {
	pb.UnimplementedAdminServiceServer
}

func newAdminServer(Config) *adminServer { return &adminServer{} }
