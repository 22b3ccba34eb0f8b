package staffweb

import "net/http"

// hrRoutes: the annual report (report.go) and the rule set and precedent library (library.go).
func (s *Server) hrRoutes(mux *http.ServeMux) {
	s.reportRoutes(mux)
	s.libraryRoutes(mux)
}
