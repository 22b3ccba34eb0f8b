// Package meldpunt is Meldpunt's REST client as oapi-codegen generates it from the published
// OpenAPI document, api/meldpunt/v1/openapi.json. Nothing in it is written by hand but this file.
package meldpunt

//go:generate go tool oapi-codegen -config ../oapi-codegen.yaml ../../../../../api/meldpunt/v1/openapi.json
