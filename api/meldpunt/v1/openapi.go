// Package meldpuntv1 is Meldpunt's API contract: the protos in this folder, the Go, gRPC and
// gateway code generated from them, and the OpenAPI document of the REST gateway. Regenerate with
// scripts/generate; never edit the generated files.
package meldpuntv1

import _ "embed"

// OpenAPI is the OpenAPI (Swagger 2.0) document of the REST gateway.
//
//go:embed meldpunt.swagger.json
var OpenAPI []byte
