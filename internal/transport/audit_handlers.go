package transport

import pb "github.com/utrecht/meldpunt/api/meldpunt/v1"

// auditServer serves the auditor's AuditService.
type auditServer struct {
	pb.UnimplementedAuditServiceServer
}

func newAuditServer(Config) *auditServer { return &auditServer{} }
