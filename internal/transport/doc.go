// Package transport is Meldpunt's network edge: the gRPC server with its interceptors, the thin
// handlers that translate between the protos and the domain, and the REST gateway, which is
// registered against an in-process gRPC connection so that every interceptor (authentication,
// authorization, validation, error mapping, logging) applies to REST calls too.
//
// What the edge never does: log request or response bodies, log or forward a reporter's network
// address or user agent, or forward any HTTP header that is not on the allow-list.
package transport
