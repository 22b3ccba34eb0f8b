package observe

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// ServiceName is the service.name of Meldpunt's spans.
const ServiceName = "meldpunt"

// Tracing sends spans over OTLP/gRPC to a collector (Jaeger, the OpenTelemetry Collector, ...).
// It is a trace.TracerProvider; the transport decides which requests get spans.
type Tracing struct {
	*sdktrace.TracerProvider
}

// CheckOTLPEndpoint validates an --otlp-endpoint: http://host:port (plain) or https://host:port.
func CheckOTLPEndpoint(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--otlp-endpoint %q: give the collector's OTLP/gRPC address as http://host:4317 (plain) or https://host:4317 (TLS)", endpoint)
	}
	return nil
}

// StartTracing sets up the OTLP exporter to endpoint (see CheckOTLPEndpoint). It does not wait
// for the collector: spans are batched and sent in the background, and dropped when it is away.
// The resource names the service and its version, nothing of the host.
func StartTracing(ctx context.Context, endpoint string, build BuildInfo) (*Tracing, error) {
	if err := CheckOTLPEndpoint(endpoint); err != nil {
		return nil, err
	}
	exp, err := otlptracegrpc.New(ctx, otlptracegrpc.WithEndpointURL(endpoint))
	if err != nil {
		return nil, fmt.Errorf("OTLP exporter: %w", err)
	}
	res := resource.NewSchemaless(
		attribute.String("service.name", ServiceName),
		attribute.String("service.version", build.Version),
	)
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithResource(res),
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.AlwaysSample())),
		sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(time.Second)),
	)
	return &Tracing{TracerProvider: tp}, nil
}

// Shutdown sends the spans still queued and stops the exporter.
func (t *Tracing) Shutdown(ctx context.Context) error {
	if t == nil {
		return nil
	}
	return errors.Join(t.ForceFlush(ctx), t.TracerProvider.Shutdown(ctx))
}

var _ trace.TracerProvider = (*Tracing)(nil)
