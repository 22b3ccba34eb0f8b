package apidoc

import (
	"strings"

	"github.com/utrecht/meldpunt/internal/apperr"
)

// reasonList is a Markdown list of reasons with their meanings.
func reasonList(rs []apperr.Reason) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString("\n- `" + string(r) + "`: " + r.Meaning())
	}
	return b.String()
}

// addErrorModel puts google.rpc.Status with its details into the schemas, and the error
// answers into components.responses.
func addErrorModel(comps, schemas obj) {
	typeProp := func(name string) obj {
		return obj{"type": "string", "enum": []any{"type.googleapis.com/" + name}, "description": "The type of this detail."}
	}
	schemas["Status"] = obj{
		"type":  "object",
		"title": "google.rpc.Status",
		"description": "An error (Google's error model, `google.rpc.Status`): the gRPC code, an English message " +
			"for developers and details a program can act on.",
		"required": []any{"code", "message"},
		"properties": obj{
			"code": obj{"type": "integer", "format": "int32",
				"description": "The gRPC status code (`google.rpc.Code`): 3 invalid argument, 5 not found, 6 already exists, " +
					"7 permission denied, 8 resource exhausted, 9 failed precondition, 10 aborted, 14 unavailable, 16 unauthenticated."},
			"message": obj{"type": "string", "description": "What went wrong, in English."},
			"details": obj{
				"type":        "array",
				"description": "Details a program can act on, each marked by its `@type`.",
				"items": obj{"anyOf": []any{
					obj{"$ref": "#/components/schemas/GoogleRpcBadRequest"},
					obj{"$ref": "#/components/schemas/GoogleRpcRetryInfo"},
					obj{"$ref": "#/components/schemas/GoogleRpcErrorInfo"},
					obj{"$ref": "#/components/schemas/BufValidateViolations"},
					obj{"$ref": "#/components/schemas/GoogleProtobufAny"},
				}},
			},
		},
	}
	schemas["GoogleRpcBadRequest"] = obj{
		"type":        "object",
		"title":       "google.rpc.BadRequest",
		"description": "The fields of the request that are invalid, and why.",
		"required":    []any{"@type"},
		"properties": obj{
			"@type": typeProp("google.rpc.BadRequest"),
			"fieldViolations": obj{"type": "array", "items": obj{"$ref": "#/components/schemas/GoogleRpcFieldViolation"},
				"description": "One entry per invalid field."},
		},
	}
	schemas["GoogleRpcFieldViolation"] = obj{
		"type":        "object",
		"title":       "google.rpc.BadRequest.FieldViolation",
		"description": "One invalid field.",
		"properties": obj{
			"field":       obj{"type": "string", "description": "The field, as named in the request (a path such as `subjects[0]` where needed)."},
			"description": obj{"type": "string", "description": "Why the value is refused, in English."},
			"reason": obj{"type": "string", "description": "The stable reason (domain `meldpunt`), for the client's own sentence in its reader's language: " +
				"`INVALID_FIELD`, or for a problem of an import file (`units_csv.line[37].unit_code`, `content.line[3].year`), of a rule set `document` or of a precedent draft's field one of these. " +
				"What the sentence names, where it helps, is the `value_<i>` metadata of the answer's `ErrorInfo`, `<i>` the violation's place in this list (from 0):" +
				reasonList(apperr.FieldReasons())},
		},
	}
	schemas["GoogleRpcRetryInfo"] = obj{
		"type":        "object",
		"title":       "google.rpc.RetryInfo",
		"description": "When to try again: sent with 429 (too many attempts) and 503 (briefly unavailable), beside the `Retry-After` header.",
		"required":    []any{"@type"},
		"properties": obj{
			"@type":      typeProp("google.rpc.RetryInfo"),
			"retryDelay": obj{"type": "string", "description": "How long to wait, as a protobuf Duration in JSON (seconds with an `s`, e.g. `\"30s\"`)."},
		},
	}
	schemas["BufValidateViolations"] = obj{
		"type":  "object",
		"title": "buf.validate.Violations",
		"description": "The fields that break the request's declared constraints (protovalidate), with HTTP 400: " +
			"each violation names the field (as a path of proto field names), the rule and why.",
		"required": []any{"@type"},
		"properties": obj{
			"@type": typeProp("buf.validate.Violations"),
			"violations": obj{"type": "array", "description": "One entry per broken constraint.", "items": obj{
				"type": "object",
				"properties": obj{
					"field": obj{"type": "object", "description": "The field, as a path.", "properties": obj{
						"elements": obj{"type": "array", "items": obj{"type": "object", "properties": obj{
							"fieldNumber": obj{"type": "integer", "format": "int32", "description": "The proto field number."},
							"fieldName":   obj{"type": "string", "description": "The proto field name (snake_case)."},
							"fieldType":   obj{"type": "string", "description": "The proto field type."},
						}}, "description": "From the request down to the field."},
					}},
					"ruleId":  obj{"type": "string", "description": "The constraint broken, such as `string.min_len`."},
					"message": obj{"type": "string", "description": "Why, in English."},
				},
			}},
		},
	}
	schemas["GoogleRpcErrorInfo"] = obj{
		"type":        "object",
		"title":       "google.rpc.ErrorInfo",
		"description": "A machine-readable reason for the error.",
		"required":    []any{"@type"},
		"properties": obj{
			"@type": typeProp("google.rpc.ErrorInfo"),
			"reason": obj{"type": "string", "description": "The stable reason, UPPER_SNAKE_CASE: a client keys its own sentence in its reader's language on it " +
				"(the `message` is English). A reason is never renamed or reused. The reasons of domain `meldpunt`:" +
				reasonList(apperr.Reasons()) + "\n- `ETAG_MISMATCH`: The `If-Match` sent is not the current version (412)."},
			"domain": obj{"type": "string", "description": "The service that gave the reason: `meldpunt`."},
			"metadata": obj{"type": "object", "additionalProperties": obj{"type": "string"}, "description": "More about the reason: `field`, the request field " +
				"it is about (proto name); `header`, the header (`If-Match`); `value_<i>`, what the sentence of the `i`-th (from 0) BadRequest field violation's reason names."},
		},
	}

	retryAfter := obj{"Retry-After": obj{
		"description": "Seconds to wait before trying again.",
		"schema":      obj{"type": "integer", "minimum": 0},
		"example":     30,
	}}
	answer := func(desc string, example obj, headers obj) obj {
		r := obj{
			"description": desc,
			"content": obj{"application/json": obj{
				"schema":  obj{"$ref": "#/components/schemas/Status"},
				"example": example,
			}},
		}
		if headers != nil {
			r["headers"] = headers
		}
		return r
	}
	status := func(code int, msg string, details ...any) obj {
		s := obj{"code": code, "message": msg}
		if len(details) > 0 {
			s["details"] = details
		}
		return s
	}
	comps["responses"] = obj{
		"BadRequest": answer("The request is invalid (INVALID_ARGUMENT, or FAILED_PRECONDITION when the case is not in a state that allows it). Nothing was changed.",
			status(3, "description: must not be empty", obj{
				"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "INVALID_FIELD", "domain": "meldpunt",
				"metadata": obj{"field": "description"},
			}, obj{
				"@type":           "type.googleapis.com/google.rpc.BadRequest",
				"fieldViolations": []any{obj{"field": "description", "description": "must not be empty", "reason": "INVALID_FIELD"}},
			}), nil),
		"Unauthenticated": answer("No valid credentials (UNAUTHENTICATED): the token is missing, expired or not valid here.",
			status(16, "log in with your receipt code first"), nil),
		"PermissionDenied": answer("The token is valid but its roles do not allow this call (PERMISSION_DENIED).",
			status(7, "your role does not allow this"), nil),
		"NotFound": answer("The case or other resource named does not exist, or is not visible to the caller (NOT_FOUND).",
			status(5, "case MP-ZZZZZZZZ not found"), nil),
		"Conflict": answer("The change conflicts with the current state (ALREADY_EXISTS or ABORTED): reload and try again.",
			status(10, "the case changed meanwhile; reload it and try again"), nil),
		"PreconditionFailed": answer("The `If-Match` sent is not the current version (ABORTED, with `ErrorInfo` reason `ETAG_MISMATCH`): someone else changed it first, "+
			"and nothing was changed. Reload, and send the new `ETag` if the change still stands. (A stale `version` field without `If-Match` is answered 409.)",
			status(10, `If-Match "3" is not the current version: the case changed meanwhile; reload it and try again`, obj{
				"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "ETAG_MISMATCH", "domain": "meldpunt",
				"metadata": obj{"header": "If-Match"},
			}), nil),
		"TooManyRequests": answer("Too many attempts (RESOURCE_EXHAUSTED), such as wrong receipt codes or filings from one place; wait as `Retry-After` and `RetryInfo` say.",
			status(8, "too many attempts; try again later", obj{
				"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "30s",
			}), retryAfter),
		"Unavailable": answer("The service is briefly unavailable (UNAVAILABLE), for instance while the database restarts; try again after `Retry-After`.",
			status(14, "the service is briefly unavailable; try again shortly", obj{
				"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "2s",
			}), obj{"Retry-After": obj{
				"description": "Seconds to wait before trying again.",
				"schema":      obj{"type": "integer", "minimum": 0},
				"example":     2,
			}}),
		"Error": answer("Any other error, such as an internal one (INTERNAL, HTTP 500): the message quotes a request id to report.",
			status(13, "internal error; quote request id 4f2a9c1e7b3d8e05 when reporting it"), nil),
	}
}
