// Command gen writes the published OpenAPI document (api/meldpunt/v1/openapi.json) from the one
// gnostic's protoc-gen-openapi generated, adding what internal/apidoc adds. scripts/generate runs
// it after buf generate:
//
//	go run ./internal/apidoc/gen -in .build/openapi/openapi.yaml -out api/meldpunt/v1/openapi.json
package main

import (
	"flag"
	"fmt"
	"os"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apidoc"
	"github.com/utrecht/meldpunt/internal/transport"
)

func main() {
	in := flag.String("in", ".build/openapi/openapi.yaml", "the document gnostic's protoc-gen-openapi wrote")
	out := flag.String("out", "api/meldpunt/v1/openapi.json", "the document to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "apidoc:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	raw, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var table []apidoc.Method
	for _, m := range transport.AuthorizationTable() {
		ifMatch, etag, err := transport.RESTVersioning(m.Method)
		if err != nil {
			return err
		}
		table = append(table, apidoc.Method{Name: m.Method, Access: m.Access, Roles: m.Roles, IfMatch: ifMatch, ETag: etag})
	}
	var files []apidoc.File
	for _, f := range transport.RESTFiles() {
		headers := map[string]apidoc.Header{}
		for name, h := range f.Headers {
			headers[name] = apidoc.Header{Description: h.Description, Example: h.Example}
		}
		files = append(files, apidoc.File{Method: f.Method, Param: f.Param, Formats: f.Formats, JSONFormats: f.JSONFormats,
			Accept: f.Accept, Description: f.Description, Examples: f.Examples, Headers: headers})
	}
	doc, err := apidoc.Build(raw, table, apidoc.Options{
		Files:        files,
		Version:      pb.APIVersion,
		LicenseName:  pb.LicenseName,
		LicenseURL:   pb.LicenseURL,
		ServerURL:    "/",
		ProtoPackage: "meldpunt.v1",
	})
	if err != nil {
		return err
	}
	return os.WriteFile(out, doc, 0o644)
}
