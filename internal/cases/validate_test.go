package cases

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/utrecht/meldpunt/internal/apperr"
)

// validReportForTest returns a report that passes validateReport; each row changes one thing.
func validReportForTest() NewReport {
	return NewReport{
		IdempotencyKey: "3b241101-e2bb-4255-8caf-4136c566a962",
		Category:       "BULLYING",
		Content:        ReportContent{Description: "Mijn leidinggevende kleineert mij in elk teamoverleg."},
		Anonymity:      Anonymous,
	}
}

func TestValidateReport(t *testing.T) {
	t.Parallel()
	// wantErr holds what a client sees of a rejection: the kind and the offending field.
	type wantErr struct {
		Kind  apperr.Kind
		Field string
	}
	invalid := func(field string) *wantErr { return &wantErr{Kind: apperr.KindInvalid, Field: field} }

	tests := []struct {
		name   string
		modify func(r *NewReport)
		want   *wantErr // nil: accepted
	}{
		// Accepted.
		{"anonymous without identity", func(*NewReport) {}, nil},
		{"confidential with a name", func(r *NewReport) {
			r.Anonymity = Confidential
			r.Identity = &Identity{Name: "J. de Vries"}
		}, nil},
		{"named with name, contact and department", func(r *NewReport) {
			r.Anonymity = Named
			r.Identity = &Identity{Name: "J. de Vries", Contact: "j.devries@example.org", Department: "Stadsbeheer"}
		}, nil},
		{"another category", func(r *NewReport) { r.Category = "WRONGDOING" }, nil},
		{"description with surrounding white space", func(r *NewReport) { r.Content.Description = "  iets gebeurd \n" }, nil},
		{"upper-case idempotency key", func(r *NewReport) { r.IdempotencyKey = "3B241101-E2BB-4255-8CAF-4136C566A962" }, nil},

		// Category.
		{"unknown category", func(r *NewReport) { r.Category = "PARKING" }, invalid("category")},
		{"empty category", func(r *NewReport) { r.Category = "" }, invalid("category")},
		{"lower-case category code", func(r *NewReport) { r.Category = "bullying" }, invalid("category")},
		{"proto enum name instead of code", func(r *NewReport) { r.Category = "CATEGORY_BULLYING" }, invalid("category")},

		// Description.
		{"empty description", func(r *NewReport) { r.Content.Description = "" }, invalid("description")},
		{"description of spaces only", func(r *NewReport) { r.Content.Description = "     " }, invalid("description")},
		{"description of white space only", func(r *NewReport) { r.Content.Description = " \t\r\n\u00a0\u2003" }, invalid("description")},

		// Anonymity and identity.
		{"anonymous with identity", func(r *NewReport) { r.Identity = &Identity{Name: "J. de Vries"} }, invalid("identity")},
		{"anonymous with an empty identity", func(r *NewReport) { r.Identity = &Identity{} }, invalid("identity")},
		{"anonymous with only a contact", func(r *NewReport) { r.Identity = &Identity{Contact: "06-12345678"} }, invalid("identity")},
		{"confidential without identity", func(r *NewReport) { r.Anonymity = Confidential }, invalid("identity.name")},
		{"confidential with a blank name", func(r *NewReport) {
			r.Anonymity = Confidential
			r.Identity = &Identity{Name: "   ", Contact: "j.devries@example.org"}
		}, invalid("identity.name")},
		{"named without identity", func(r *NewReport) { r.Anonymity = Named }, invalid("identity.name")},
		{"named with an empty name", func(r *NewReport) {
			r.Anonymity = Named
			r.Identity = &Identity{Department: "Stadsbeheer"}
		}, invalid("identity.name")},
		{"no anonymity choice", func(r *NewReport) { r.Anonymity = "" }, invalid("anonymity")},
		{"unknown anonymity choice", func(r *NewReport) { r.Anonymity = "PSEUDONYMOUS" }, invalid("anonymity")},
		{"lower-case anonymity", func(r *NewReport) { r.Anonymity = "anonymous" }, invalid("anonymity")},

		// Idempotency key.
		{"empty idempotency key", func(r *NewReport) { r.IdempotencyKey = "" }, invalid("idempotency_key")},
		{"idempotency key not a UUID", func(r *NewReport) { r.IdempotencyKey = "retry-1" }, invalid("idempotency_key")},
		{"truncated UUID", func(r *NewReport) { r.IdempotencyKey = "3b241101-e2bb-4255-8caf-4136c566a96" }, invalid("idempotency_key")},
		{"UUID with a non-hex digit", func(r *NewReport) { r.IdempotencyKey = "3b241101-e2bb-4255-8caf-4136c566a96g" }, invalid("idempotency_key")},

		// Several problems: the first in check order (category, description, anonymity and
		// identity, idempotency key) is reported.
		{"unknown category and blank description", func(r *NewReport) {
			r.Category = "PARKING"
			r.Content.Description = " "
		}, invalid("category")},
		{"blank description and bad key", func(r *NewReport) {
			r.Content.Description = ""
			r.IdempotencyKey = "x"
		}, invalid("description")},
		{"named without name and bad key", func(r *NewReport) {
			r.Anonymity = Named
			r.IdempotencyKey = "x"
		}, invalid("identity.name")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := validReportForTest()
			tt.modify(&r)
			err := validateReport(r)
			var got *wantErr
			if err != nil {
				ae, ok := apperr.As(err)
				if !ok {
					t.Fatalf("validateReport() = %v (%T), want an *apperr.Error", err, err)
				}
				got = &wantErr{Kind: ae.Kind, Field: ae.Field}
				if ae.Message == "" {
					t.Errorf("validateReport() error for %s has no message", ae.Field)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("validateReport() mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

// Rejection messages are shown to clients and must not echo what the reporter typed (apperr's
// package rule): no names, no description text.
func TestValidateReportDoesNotEchoContent(t *testing.T) {
	t.Parallel()
	const name = "Jantje Geheimnaam"
	tests := []struct {
		name   string
		modify func(r *NewReport)
	}{
		{"anonymous with identity", func(r *NewReport) { r.Identity = &Identity{Name: name} }},
		{"bad key after identity", func(r *NewReport) {
			r.Anonymity = Named
			r.Identity = &Identity{Name: name}
			r.IdempotencyKey = name
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := validReportForTest()
			tt.modify(&r)
			err := validateReport(r)
			if err == nil {
				t.Fatal("validateReport() = nil, want an error")
			}
			if got := err.Error(); strings.Contains(got, name) || strings.Contains(got, r.Content.Description) {
				t.Errorf("validateReport() error %q echoes reporter input", got)
			}
		})
	}
}
