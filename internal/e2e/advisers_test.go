package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	"google.golang.org/protobuf/proto"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// restAdviser is an adviser as the REST gateway writes it (int64 as a JSON string).
type restAdviser struct {
	AdviserID string   `json:"adviserId"`
	Name      string   `json:"name"`
	Kind      string   `json:"kind"`
	Intro     string   `json:"intro"`
	Languages []string `json:"languages"`
	PhotoURL  string   `json:"photoUrl"`
	Active    bool     `json:"active"`
	Version   string   `json:"version"`
}

// TestAdviserRegistry: an administrator sets up advisers; an anonymous visitor lists them over
// REST and gRPC to choose one, internal advisers first; an adviser taken off the list
// disappears from it; nobody but an administrator can change the registry.
func TestAdviserRegistry(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		advisers := pb.NewAdviserServiceClient(s.conn)
		admin := s.staffToken(t, "admin")

		// The registry starts empty, and an empty list is an empty list, not an error.
		var empty struct {
			Advisers []restAdviser `json:"advisers"`
		}
		s.rest(t, http.MethodGet, "/v1/advisers", "", nil).want(t, http.StatusOK, &empty)
		if len(empty.Advisers) != 0 {
			t.Fatalf("fresh registry lists %v", empty.Advisers)
		}

		// An administrator adds an external adviser over REST and an internal one over gRPC.
		var created struct {
			Adviser restAdviser `json:"adviser"`
		}
		s.rest(t, http.MethodPost, "/v1/advisers", admin, map[string]any{
			"staffSubject": "ext-bureau-1",
			"profile": map[string]any{
				"name": "  Bureau Vertrouwelijk  ", "kind": "ADVISER_KIND_EXTERNAL",
				"intro": "Onafhankelijk, buiten de organisatie.", "languages": []string{"nl", "en"},
			},
		}).want(t, http.StatusOK, &created)
		ext := created.Adviser
		if ext.Name != "Bureau Vertrouwelijk" || ext.Kind != "ADVISER_KIND_EXTERNAL" || !ext.Active || ext.Version != "1" || ext.AdviserID == "" {
			t.Errorf("created over REST: %+v", ext)
		}
		res, err := advisers.CreateAdviser(ctx(t, admin), &pb.CreateAdviserRequest{
			StaffSubject: "fatma",
			Profile: &pb.AdviserProfile{
				Name: "Fatma Yilmaz", Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL, Intro: "Ik luister.",
				Languages: []string{"nl", "tr", "nl"}, PhotoUrl: "https://intranet.example/fatma.jpg",
			},
		})
		if err != nil {
			t.Fatalf("CreateAdviser: %v", err)
		}
		fatma := res.GetAdviser()
		if !slices.Equal(fatma.GetLanguages(), []string{"nl", "tr"}) || fatma.GetVersion() != 1 {
			t.Errorf("created over gRPC: %v", fatma)
		}

		// The same staff member twice is a conflict.
		_, err = advisers.CreateAdviser(ctx(t, admin), &pb.CreateAdviserRequest{
			StaffSubject: "fatma", Profile: &pb.AdviserProfile{Name: "F. Yilmaz", Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL},
		})
		wantCode(t, err, codes.AlreadyExists)

		// An anonymous visitor sees both, internal first, and never the staff subject.
		var listed struct {
			Advisers []restAdviser `json:"advisers"`
		}
		r := s.rest(t, http.MethodGet, "/v1/advisers", "", nil)
		r.want(t, http.StatusOK, &listed)
		if got := advNames(listed.Advisers); !slices.Equal(got, []string{"Fatma Yilmaz", "Bureau Vertrouwelijk"}) {
			t.Errorf("REST list: %v", got)
		}
		if strings.Contains(string(r.Body), "ext-bureau-1") || strings.Contains(string(r.Body), "staffSubject") {
			t.Errorf("the public list shows the staff subject: %s", r.Body)
		}
		if l := listed.Advisers[0]; l.PhotoURL != "https://intranet.example/fatma.jpg" || !slices.Equal(l.Languages, []string{"nl", "tr"}) || l.Kind != "ADVISER_KIND_INTERNAL" {
			t.Errorf("REST profile: %+v", l)
		}
		lres, err := advisers.ListAdvisers(ctx(t, ""), &pb.ListAdvisersRequest{})
		if err != nil {
			t.Fatalf("ListAdvisers anonymously: %v", err)
		}
		if len(lres.GetAdvisers()) != 2 || lres.GetAdvisers()[0].GetAdviserId() != fatma.GetAdviserId() {
			t.Errorf("gRPC list: %v", lres.GetAdvisers())
		}

		// The administrator takes the external adviser off the list (REST PATCH) ...
		var updated struct {
			Adviser restAdviser `json:"adviser"`
		}
		s.rest(t, http.MethodPatch, "/v1/advisers/"+ext.AdviserID, admin, map[string]any{
			"profile": map[string]any{"name": ext.Name, "kind": ext.Kind, "intro": ext.Intro, "languages": ext.Languages},
			"active":  false,
			"version": ext.Version,
		}).want(t, http.StatusOK, &updated)
		if updated.Adviser.Active || updated.Adviser.Version != "2" {
			t.Errorf("after deactivating: %+v", updated.Adviser)
		}
		lres, err = advisers.ListAdvisers(ctx(t, ""), &pb.ListAdvisersRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if got := lres.GetAdvisers(); len(got) != 1 || got[0].GetName() != "Fatma Yilmaz" {
			t.Errorf("after deactivating, the list is %v", got)
		}

		// ... and changes Fatma's profile over gRPC; a second change from the same old version
		// (another administrator's stale form) is refused and changes nothing.
		p := &pb.AdviserProfile{Name: "Fatma Yilmaz", Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL, Intro: "Bel of mail gerust.", Languages: []string{"nl", "tr", "ar"}}
		ures, err := advisers.UpdateAdviser(ctx(t, admin), &pb.UpdateAdviserRequest{AdviserId: fatma.GetAdviserId(), Profile: p, Active: proto.Bool(true), Version: 1})
		if err != nil {
			t.Fatalf("UpdateAdviser: %v", err)
		}
		if ures.GetAdviser().GetVersion() != 2 || ures.GetAdviser().GetIntro() != "Bel of mail gerust." || ures.GetAdviser().GetPhotoUrl() != "" {
			t.Errorf("updated: %v", ures.GetAdviser())
		}
		stale := &pb.AdviserProfile{Name: "Someone Else", Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL}
		_, err = advisers.UpdateAdviser(ctx(t, admin), &pb.UpdateAdviserRequest{AdviserId: fatma.GetAdviserId(), Profile: stale, Active: proto.Bool(true), Version: 1})
		if st := wantCode(t, err, codes.Aborted); !strings.Contains(st.Message(), "reload") {
			t.Errorf("stale update: %q", st.Message())
		}
		e := s.rest(t, http.MethodPatch, "/v1/advisers/"+fatma.GetAdviserId(), admin, map[string]any{
			"profile": map[string]any{"name": "Someone Else", "kind": "ADVISER_KIND_INTERNAL"}, "active": true, "version": "1",
		}).wantError(t, http.StatusConflict)
		if !strings.Contains(e.Message, "someone else changed this adviser") {
			t.Errorf("REST stale update: %q", e.Message)
		}
		lres, err = advisers.ListAdvisers(ctx(t, ""), &pb.ListAdvisersRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if got := lres.GetAdvisers(); len(got) != 1 || got[0].GetName() != "Fatma Yilmaz" || got[0].GetVersion() != 2 {
			t.Errorf("after the stale updates, the list is %v", got)
		}

		// An unknown adviser is not found.
		_, err = advisers.UpdateAdviser(ctx(t, admin), &pb.UpdateAdviserRequest{
			AdviserId: "0b0e7c1e-0000-4000-8000-000000000000", Profile: p, Active: proto.Bool(true), Version: 1,
		})
		wantCode(t, err, codes.NotFound)
	})
}

// TestAdviserRegistryIsManagedByAdministratorsOnly: reading is public, changing is not.
func TestAdviserRegistryIsManagedByAdministratorsOnly(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		advisers := pb.NewAdviserServiceClient(s.conn)
		req := &pb.CreateAdviserRequest{
			StaffSubject: "sneaky", Profile: &pb.AdviserProfile{Name: "Not An Adviser", Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL},
		}
		_, err := advisers.CreateAdviser(ctx(t, ""), req)
		wantCode(t, err, codes.Unauthenticated)
		for _, role := range []string{"intake", "adviser", "hr"} {
			tok := s.staffToken(t, role)
			_, err := advisers.CreateAdviser(ctx(t, tok), req)
			wantCode(t, err, codes.PermissionDenied)
			_, err = advisers.UpdateAdviser(ctx(t, tok), &pb.UpdateAdviserRequest{
				AdviserId: "0b0e7c1e-0000-4000-8000-000000000000", Profile: req.GetProfile(), Active: proto.Bool(true), Version: 1,
			})
			wantCode(t, err, codes.PermissionDenied)
			s.rest(t, http.MethodPost, "/v1/advisers", tok, map[string]any{
				"staffSubject": "sneaky", "profile": map[string]any{"name": "Not An Adviser", "kind": "ADVISER_KIND_INTERNAL"},
			}).wantError(t, http.StatusForbidden)
		}
		var listed struct {
			Advisers []restAdviser `json:"advisers"`
		}
		s.rest(t, http.MethodGet, "/v1/advisers", "", nil).want(t, http.StatusOK, &listed)
		if len(listed.Advisers) != 0 {
			t.Errorf("refused creations were stored: %v", listed.Advisers)
		}
	})
}

// TestAdviserBadInput: a profile the form should not have sent is refused naming the field,
// whether the API's rules catch it (not two lower-case letters) or the domain does (two letters
// that are no language, a blank name).
func TestAdviserBadInput(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		advisers := pb.NewAdviserServiceClient(s.conn)
		admin := s.staffToken(t, "admin")
		create := func(name string, langs ...string) error {
			_, err := advisers.CreateAdviser(ctx(t, admin), &pb.CreateAdviserRequest{
				StaffSubject: "subject-" + randHex(4),
				Profile:      &pb.AdviserProfile{Name: name, Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL, Languages: langs},
			})
			return err
		}
		for _, tt := range []struct {
			name  string
			langs []string
			field string
		}{
			{"Jan", []string{"nl", "English"}, "profile.languages[1]"},
			{"Jan", []string{"xx"}, "profile.languages[0]"},
			{"   ", []string{"nl"}, "profile.name"},
		} {
			st := wantCode(t, create(tt.name, tt.langs...), codes.InvalidArgument)
			if !strings.Contains(st.Message(), tt.field) {
				t.Errorf("%q %v: %q does not name %s", tt.name, tt.langs, st.Message(), tt.field)
			}
		}
		// The domain's check carries the field as a violation detail too.
		st := wantCode(t, create("Jan", "nl", "xx"), codes.InvalidArgument)
		if !slices.Contains(badRequestFields(st), "profile.languages[1]") {
			t.Errorf("field violations %v, want profile.languages[1]", badRequestFields(st))
		}
		e := s.rest(t, http.MethodPost, "/v1/advisers", admin, map[string]any{
			"staffSubject": "jan", "profile": map[string]any{"name": "Jan", "kind": "ADVISER_KIND_INTERNAL", "languages": []string{"NL"}},
		}).wantError(t, http.StatusBadRequest)
		if !strings.Contains(e.Message, "profile.languages[0]") {
			t.Errorf("REST: %q does not name profile.languages[0]", e.Message)
		}
		e = s.rest(t, http.MethodPost, "/v1/advisers", admin, map[string]any{
			"staffSubject": "jan", "profile": map[string]any{"name": "Jan", "kind": "ADVISER_KIND_INTERNAL", "photoUrl": "javascript:alert(1)"},
		}).wantError(t, http.StatusBadRequest)
		if !strings.Contains(e.Message, "photo_url") {
			t.Errorf("REST: %q does not name photo_url", e.Message)
		}
		lres, err := advisers.ListAdvisers(ctx(t, ""), &pb.ListAdvisersRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if len(lres.GetAdvisers()) != 0 {
			t.Errorf("refused profiles were stored: %v", lres.GetAdvisers())
		}
	})
}

func advNames(as []restAdviser) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Name
	}
	return out
}

// TestAnAdministratorFindsAnAdviserTakenOffTheList: inactive advisers are hidden from reporters
// but an administrator lists them, with their sign-in, to put them back.
func TestAnAdministratorFindsAnAdviserTakenOffTheList(t *testing.T) {
	t.Parallel()
	s := startServer(t, "sqlite")
	id := s.createAdviser(t, "carla", "Carla")
	admin := s.tokenFor(t, "admin-1", "admin")
	advisers := pb.NewAdviserServiceClient(s.conn)
	if _, err := advisers.UpdateAdviser(ctx(t, admin), &pb.UpdateAdviserRequest{
		AdviserId: id, Version: 1, Active: proto.Bool(false),
		Profile: &pb.AdviserProfile{Name: "Carla", Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL, Languages: []string{"nl"}},
	}); err != nil {
		t.Fatal(err)
	}
	public, err := advisers.ListAdvisers(ctx(t, ""), &pb.ListAdvisersRequest{})
	if err != nil || len(public.GetAdvisers()) != 0 {
		t.Fatalf("reporters still see the inactive adviser: %v %v", public, err)
	}
	all, err := advisers.ListAllAdvisers(ctx(t, admin), &pb.ListAllAdvisersRequest{})
	if err != nil || len(all.GetAdvisers()) != 1 || all.GetAdvisers()[0].GetStaffSubject() != "carla" || all.GetAdvisers()[0].GetAdviser().GetActive() {
		t.Fatalf("the administrator's list: %v %v", all, err)
	}
}
