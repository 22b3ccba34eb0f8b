package transport

import (
	"context"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/advisers"
)

// TestAdviserKindsMapBothWays: every kind of the API has a domain kind and back, so a kind
// added to the proto cannot silently become UNSPECIFIED.
func TestAdviserKindsMapBothWays(t *testing.T) {
	for n, name := range pb.AdviserKind_name {
		k := pb.AdviserKind(n)
		if k == pb.AdviserKind_ADVISER_KIND_UNSPECIFIED {
			if d := adviserKindToDomain(k); d != "" {
				t.Errorf("UNSPECIFIED maps to %q", d)
			}
			continue
		}
		d := adviserKindToDomain(k)
		if !d.Valid() {
			t.Errorf("%s maps to %q, which the domain does not know", name, d)
		}
		if back := adviserKindToProto(d); back != k {
			t.Errorf("%s -> %q -> %s", name, d, back)
		}
	}
	for _, d := range []advisers.Kind{advisers.KindInternal, advisers.KindExternal} {
		if adviserKindToProto(d) == pb.AdviserKind_ADVISER_KIND_UNSPECIFIED {
			t.Errorf("domain kind %q has no API kind", d)
		}
	}
}

// TestAdviserCallsWithoutARegistryAreUnavailable: a server wired without the registry answers
// instead of panicking.
func TestAdviserCallsWithoutARegistryAreUnavailable(t *testing.T) {
	s := &adviserServer{}
	_, err := s.ListAdvisers(context.Background(), &pb.ListAdvisersRequest{})
	if status.Code(err) != codes.Unavailable {
		t.Errorf("ListAdvisers without a registry: %v", err)
	}
}
