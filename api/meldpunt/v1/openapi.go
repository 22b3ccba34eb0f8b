// Package meldpuntv1 is Meldpunt's API contract: the protos in this folder, the Go, gRPC and
// gateway code generated from them, and the OpenAPI document of the REST gateway. Regenerate with
// scripts/generate; never edit the generated files.
package meldpuntv1

import _ "embed"

// OpenAPI is the OpenAPI 3 document of the REST gateway (JSON), served at /openapi.json. It is
// generated from the protos (gnostic's protoc-gen-openapi) and completed by internal/apidoc with
// the roles of the authorization table, security schemes, error responses and examples.
//
//go:embed openapi.json
var OpenAPI []byte
