package web

import (
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"

	"github.com/utrecht/meldpunt/internal/apperr"
	codenames "github.com/utrecht/meldpunt/internal/catalogue"
)

// refusalText says a service's refusal in lang by its stable reason (google.rpc.ErrorInfo): the
// catalogue's sentence, after the name of the field it is about where the form names it; never
// the service's English message. ok is false for a refusal without a reason the catalogue knows:
// the page then says its own general sentence.
func refusalText(v *view, err error) (text string, ok bool) {
	st, _ := status.FromError(err)
	for _, d := range st.Details() {
		info, isInfo := d.(*errdetails.ErrorInfo)
		if !isInfo || info.GetDomain() != apperr.Domain {
			continue
		}
		sentence, known := codenames.Refusal(info.GetReason(), v.Lang)
		if !known {
			return "", false
		}
		if key, named := reporterFields[info.GetMetadata()["field"]]; named && v.T[key] != "" {
			return v.T[key] + " " + sentence, true
		}
		return sentence, true
	}
	return "", false
}

// reporterFields are the labels of the reporter's form fields, by the request fields' proto
// names.
var reporterFields = map[string]string{
	"category": "field_category", "description": "field_description", "occurred_when": "field_when", "occurred_where": "field_where",
	"subjects": "field_subjects", "witnesses": "field_witnesses", "desired_outcome": "field_outcome", "anonymity": "field_anonymity",
	"identity.name": "field_name", "identity.contact": "field_contact", "notify_email": "field_notify_email", "adviser_id": "field_adviser",
	"email": "field_email", "file_name": "field_files", "content": "field_files",
}
