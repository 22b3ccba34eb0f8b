package staffweb

import (
	"net/http"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
)

// notifyRoutes: each member of staff's own e-mail notifications, and for the administrator
// whether they go out.
func (s *Server) notifyRoutes(mux *http.ServeMux) {
	p := Prefix + "/meldingen"
	mux.HandleFunc("GET "+p, s.page("notifications", s.notificationsPage))
	mux.HandleFunc("POST "+p, s.action("notifications", s.notificationsPage, s.setNotifications))
}

type notificationsData struct {
	Mode       string
	Chosen     bool
	Configured bool
	Modes      []roleChoice
	Notice     string
	Status     *pb.GetNotificationStatusResponse // the administrator's only
}

// notificationsPage shows how the staff member is told that something waits for them and lets
// them change it; the administrator also sees the outbox's counts and latest failures (never
// to whom or about what).
func (s *Server) notificationsPage(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.t("notify_title")
	res, err := s.notify.GetMyNotificationSettings(s.ctx(r, v), &pb.GetMyNotificationSettingsRequest{})
	if err != nil {
		return nil, err
	}
	d := notificationsData{Mode: res.GetMode().String(), Chosen: res.GetChosen(), Configured: res.GetConfigured(),
		Notice: noticeText(v.Lang, "notify_notice_", r.URL.Query().Get("gedaan"))}
	for _, m := range []pb.NotificationMode{pb.NotificationMode_NOTIFICATION_MODE_IMMEDIATE, pb.NotificationMode_NOTIFICATION_MODE_DIGEST, pb.NotificationMode_NOTIFICATION_MODE_OFF} {
		d.Modes = append(d.Modes, roleChoice{m.String(), v.t("notify_mode_" + m.String())})
	}
	if v.staff.Has(auth.RoleAdmin) {
		if d.Status, err = s.notify.GetNotificationStatus(s.ctx(r, v), &pb.GetNotificationStatusRequest{}); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (s *Server) setNotifications(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	m := pb.NotificationMode(pb.NotificationMode_value[r.PostFormValue("mode")])
	if m == pb.NotificationMode_NOTIFICATION_MODE_UNSPECIFIED {
		return "", formErr(v.t("notify_choose"))
	}
	if _, err := s.notify.SetMyNotificationSettings(s.ctx(r, v), &pb.SetMyNotificationSettingsRequest{Mode: m}); err != nil {
		return "", err
	}
	return Prefix + "/meldingen?gedaan=opgeslagen", nil
}
