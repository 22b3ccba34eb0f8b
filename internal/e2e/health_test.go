package e2e

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
)

// TestHealthAndDiscovery: load balancers and tools find a healthy, self-describing service.
func TestHealthAndDiscovery(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		hc, err := healthpb.NewHealthClient(s.conn).Check(ctx(t, ""), &healthpb.HealthCheckRequest{})
		if err != nil {
			t.Fatalf("health Check: %v", err)
		}
		if hc.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			t.Errorf("health %s, want SERVING", hc.GetStatus())
		}

		stream, err := reflectpb.NewServerReflectionClient(s.conn).ServerReflectionInfo(ctx(t, ""))
		if err != nil {
			t.Fatalf("reflection: %v", err)
		}
		if err := stream.Send(&reflectpb.ServerReflectionRequest{
			MessageRequest: &reflectpb.ServerReflectionRequest_ListServices{ListServices: "*"},
		}); err != nil {
			t.Fatalf("reflection send: %v", err)
		}
		res, err := stream.Recv()
		if err != nil {
			t.Fatalf("reflection recv: %v", err)
		}
		_ = stream.CloseSend()
		var names []string
		for _, svc := range res.GetListServicesResponse().GetService() {
			names = append(names, svc.GetName())
		}
		for _, want := range []string{"meldpunt.v1.ReporterService", "meldpunt.v1.CaseService", "grpc.health.v1.Health"} {
			if !slices.Contains(names, want) {
				t.Errorf("reflection lists %v, missing %s", names, want)
			}
		}

		// Health per service name, as a load balancer or Kubernetes' gRPC probe asks it: every
		// service reflection lists answers SERVING; a name the server does not have, NotFound.
		asked := 0
		for _, name := range names {
			if !strings.HasPrefix(name, "meldpunt.v1.") {
				continue
			}
			asked++
			res, err := healthpb.NewHealthClient(s.conn).Check(ctx(t, ""), &healthpb.HealthCheckRequest{Service: name})
			if err != nil || res.GetStatus() != healthpb.HealthCheckResponse_SERVING {
				t.Errorf("health of %s: %v %v, want SERVING", name, res.GetStatus(), err)
			}
		}
		if asked < 8 {
			t.Errorf("reflection lists %d meldpunt services, want the 8 of the API: %v", asked, names)
		}
		_, err = healthpb.NewHealthClient(s.conn).Check(ctx(t, ""), &healthpb.HealthCheckRequest{Service: "meldpunt.v1.NoSuchService"})
		if status.Code(err) != codes.NotFound {
			t.Errorf("health of an unknown service: %v, want NotFound", err)
		}

		var doc struct {
			Paths map[string]json.RawMessage `json:"paths"`
		}
		r := s.rest(t, http.MethodGet, "/openapi.json", "", nil)
		r.want(t, http.StatusOK, &doc)
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("openapi.json Content-Type %q", ct)
		}
		for _, p := range []string{"/v1/reports", "/v1/reporter/sessions", "/v1/cases"} {
			if _, ok := doc.Paths[p]; !ok {
				t.Errorf("openapi.json paths lack %s", p)
			}
		}

		s.rest(t, http.MethodGet, "/readyz", "", nil).want(t, http.StatusOK, nil)
		s.rest(t, http.MethodGet, "/healthz", "", nil).want(t, http.StatusOK, nil)
		if r := s.rest(t, http.MethodGet, "/v1/no-such-thing", "", nil); r.Status != http.StatusNotFound {
			t.Errorf("unknown path: HTTP %d, want 404", r.Status)
		}
	})
}
