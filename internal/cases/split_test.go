package cases

import (
	"reflect"
	"testing"
)

// TestCapabilityServicesHoldOnlySmallRepositories keeps the split of the service by capability
// from eroding: every part of the Service facade, and the core they share, holds only the small
// capability repositories (never the whole Repository, nor any interface wider than one of them),
// so what a part of the domain may touch stays visible in its type.
func TestCapabilityServicesHoldOnlySmallRepositories(t *testing.T) {
	small := map[reflect.Type]bool{}
	for _, p := range []any{
		(*UnitOfWork)(nil), (*IntakeRepository)(nil), (*SessionRepository)(nil),
		(*SupportRepository)(nil), (*WeighingRepository)(nil), (*InvestigationRepository)(nil),
		(*SanctionRepository)(nil), (*EvidenceRepository)(nil), (*ConversationRepository)(nil),
		(*PrecedentDraftRepository)(nil), (*OrganisationRepository)(nil),
	} {
		small[reflect.TypeOf(p).Elem()] = true
	}
	coreType := reflect.TypeOf(core{})
	whole := reflect.TypeOf((*Repository)(nil)).Elem()

	// check reports every interface field of st that is not a small repository; extra lists
	// narrower interfaces st may also hold.
	check := func(st reflect.Type, extra ...reflect.Type) {
		t.Helper()
		for i := 0; i < st.NumField(); i++ {
			f := st.Field(i)
			ft := f.Type
			if f.Anonymous && ft == reflect.PointerTo(coreType) {
				continue
			}
			if ft.Kind() != reflect.Interface {
				if st != coreType {
					t.Errorf("%s.%s is a %s: a capability service holds only *core and small repositories", st.Name(), f.Name, ft)
				}
				continue
			}
			if ft.Implements(whole) {
				t.Errorf("%s.%s holds the whole Repository (%s)", st.Name(), f.Name, ft)
				continue
			}
			if !small[ft] && !slicesContainsType(extra, ft) {
				t.Errorf("%s.%s is a %s, not one of the small capability repositories", st.Name(), f.Name, ft)
			}
		}
	}

	check(coreType, reflect.TypeOf((*investigatorLookup)(nil)).Elem())
	svc := reflect.TypeOf(Service{})
	parts := 0
	for i := 0; i < svc.NumField(); i++ {
		f := svc.Field(i)
		if !f.Anonymous {
			if f.Type != reflect.PointerTo(coreType) {
				t.Errorf("Service.%s is a %s: the facade holds only its capability services and core", f.Name, f.Type)
			}
			continue
		}
		if f.Type.Kind() != reflect.Pointer || f.Type.Elem().Kind() != reflect.Struct {
			t.Errorf("Service embeds %s: the facade embeds only capability services", f.Type)
			continue
		}
		parts++
		check(f.Type.Elem())
	}
	if parts < 6 {
		t.Errorf("Service embeds %d capability services, want at least 6", parts)
	}
}

func slicesContainsType(ts []reflect.Type, t reflect.Type) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}
