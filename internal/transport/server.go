package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"buf.build/go/protovalidate"
	pvmw "github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/protovalidate"
	"go.opentelemetry.io/otel/trace"
	"golang.org/x/sync/errgroup"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/test/bufconn"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/admin"
	"github.com/utrecht/meldpunt/internal/advisers"
	"github.com/utrecht/meldpunt/internal/audittrail"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/escrow"
	"github.com/utrecht/meldpunt/internal/notify"
	"github.com/utrecht/meldpunt/internal/observe"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/report"
	"github.com/utrecht/meldpunt/internal/rules"
	"github.com/utrecht/meldpunt/internal/staffweb"
	"github.com/utrecht/meldpunt/internal/web"
)

// inprocNetwork is the network name of the in-process listener the gateway dials.
const inprocNetwork = "bufconn"

// Config wires a Server.
type Config struct {
	GRPCAddr string // e.g. "127.0.0.1:9090"; port 0 picks a free port
	HTTPAddr string // e.g. "127.0.0.1:8080"
	Cases    *cases.Service
	// Escrow is the matching escrow ("not alone"); nil answers its calls with Unavailable.
	Escrow *escrow.Service
	// Advisers is the adviser registry; nil answers its calls with Unavailable.
	Advisers *advisers.Service
	// Rules are the published norms and sanction guidance; nil answers with Unavailable.
	Rules *rules.Service
	// Precedents is the moresprudentie library; nil answers with Unavailable.
	Precedents *precedents.Service
	// Organisation names this employer in the precedents it publishes (e.g. "Gemeente Utrecht").
	Organisation string
	// Audit is the auditor's view of the audit trail; nil answers with Unavailable.
	Audit *audittrail.Service
	// Admin manages staff accounts and the organisation; nil answers with Unavailable.
	Admin *admin.Service
	// Notify serves the staff's notification settings and the administrator's status; nil: Unavailable.
	Notify *notify.Service
	// Reports produces the annual report; nil answers with Unavailable.
	Reports *report.Service
	// ReportHTML renders a report as an HTML document (internal/report/html); nil: no HTML.
	ReportHTML func(w io.Writer, r report.Report) error
	Staff      auth.Verifier // nil: staff calls are refused
	Log        *slog.Logger
	// Ready reports whether dependencies (the database) are reachable; it is called every
	// ReadyInterval (default 1s), bounded by that interval.
	Ready         func(context.Context) error
	ReadyInterval time.Duration
	// Unavailable recognises an error of a database that cannot serve right now: such calls
	// are answered Unavailable (HTTP 503, Retry-After), not as internal errors.
	Unavailable func(error) bool
	// ShutdownDelay is how long the server keeps serving after it turned not-ready at
	// shutdown, so that load balancers notice; then both listeners drain within
	// ShutdownTimeout (default 15s).
	ShutdownDelay   time.Duration
	ShutdownTimeout time.Duration
	// TrustedProxies are reverse proxies that append the client address to X-Forwarded-For; for
	// their requests that address (only) is the rate-limit source of REST calls.
	TrustedProxies []netip.Prefix
	// FormKey keys the reporter pages' form tokens (derived from the keys file, the same on
	// every replica).
	FormKey []byte
	// SecureCookies marks the reporter's session cookie Secure: the site is reached over TLS
	// (true outside dev mode).
	SecureCookies bool
	// Staff workspace (internal/staffweb): its sessions (nil: no workspace), the OpenID Connect
	// sign-in (nil: none), the local sign-in of dev mode, the site's public address and the
	// session lifetimes.
	StaffSessions   staffweb.Sessions
	StaffLogin      *auth.Login
	DevSignIn       bool
	PublicURL       string
	StaffIdle       time.Duration
	StaffMaxSession time.Duration
	// RolesClaim and RoleMap: how the identity provider's claim becomes roles (shown to the
	// administrator).
	RolesClaim string
	RoleMap    auth.RoleMap
	// StaffProgressAfter: a staff page's operation taking longer shows its progress.
	StaffProgressAfter time.Duration
	// Logo is the organisation's logo in the pages' header (nil: the name only).
	Logo *web.Logo
	// StaffBlocked reports whether the administrator blocked a staff account (nil: no check).
	StaffBlocked func(ctx context.Context, subject string) (bool, error)
	// Refusals records refused attempts to open a case in the audit trail (nil: not recorded).
	Refusals RefusalRecorder

	// Telemetry (observe.go): metrics of every call and request (nil: none), and spans of staff
	// calls and staff pages (nil: none).
	Metrics *observe.Metrics
	Tracing trace.TracerProvider
}

// Server is the gRPC server plus the REST gateway.
type Server struct {
	cfg        Config
	grpc       *grpc.Server // clients over TCP
	inprocGRPC *grpc.Server // the gateway and the pages, over inproc
	health     *health.Server
	readiness  *readiness
	edge       *edge
	inproc     *bufconn.Listener
	grpcLis    net.Listener
	httpLis    net.Listener
	http       *http.Server
	conn       *grpc.ClientConn
}

// New builds the server and binds its listeners (so that the addresses are known before Run).
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Cases == nil || cfg.Log == nil {
		return nil, errors.New("transport: Cases and Log are required")
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 15 * time.Second
	}
	if cfg.Ready == nil {
		cfg.Ready = func(context.Context) error { return nil }
	}
	if cfg.ReadyInterval <= 0 {
		cfg.ReadyInterval = time.Second
	}
	validator, err := protovalidate.New()
	if err != nil {
		return nil, err
	}
	// The staff pages call the services with tokens of their own in-process issuer, accepted on
	// their calls only; every other staff token is checked against the configured issuer.
	pages, err := auth.NewPagesIssuer()
	if err != nil {
		return nil, err
	}
	var pagesVerifier auth.Verifier
	if cfg.StaffSessions != nil {
		pagesVerifier = pages.Verifier()
	}
	e := &edge{log: cfg.Log, auth: &authenticator{staff: cfg.Staff, pages: pagesVerifier, reporter: cfg.Cases, blocked: newBlockList(cfg.StaffBlocked)}, unavailable: cfg.Unavailable, refusals: cfg.Refusals}
	e.tracer = tracer(cfg.Tracing)
	s := &Server{cfg: cfg, edge: e}
	src := newSourceKeyer()
	// Two gRPC servers with the same services and interceptors: one for clients over TCP, one
	// for the gateway and the pages over the in-process connection. At shutdown the TCP server
	// drains while the pages still finish their calls over the in-process one.
	s.grpc = newGRPCServer(cfg, e, validator, src)
	s.inprocGRPC = newGRPCServer(cfg, e, validator, src)
	s.health = health.NewServer()
	healthpb.RegisterHealthServer(s.grpc, s.health)
	reflection.Register(s.grpc)
	names := []string{""}
	for name := range s.grpc.GetServiceInfo() {
		names = append(names, name)
	}
	s.readiness = &readiness{check: cfg.Ready, health: s.health, services: names, log: cfg.Log, interval: cfg.ReadyInterval, timeout: cfg.ReadyInterval}

	if s.grpcLis, err = net.Listen("tcp", cfg.GRPCAddr); err != nil {
		return nil, fmt.Errorf("listen for gRPC on %s: %w", cfg.GRPCAddr, err)
	}
	if s.httpLis, err = net.Listen("tcp", cfg.HTTPAddr); err != nil {
		s.grpcLis.Close()
		return nil, fmt.Errorf("listen for HTTP on %s: %w", cfg.HTTPAddr, err)
	}
	s.inproc = bufconn.Listen(1 << 20)
	s.conn, err = grpc.NewClient("passthrough:///inproc",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return s.inproc.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxBodyBytes), grpc.MaxCallSendMsgSize(maxBodyBytes)),
		grpc.WithChainUnaryInterceptor(propagateTrace, ifMatchInterceptor), grpc.WithChainStreamInterceptor(propagateTraceStream),
	)
	if err != nil {
		return nil, err
	}
	gw, err := newGateway(ctx, s.conn, src, cfg, pages, s.readiness.ready)
	if err != nil {
		return nil, err
	}
	s.http = &http.Server{
		Handler:           observeHTTP(cfg, gw),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// The standard library's own error log could print client addresses.
		ErrorLog: slog.NewLogLogger(slog.DiscardHandler, slog.LevelError),
	}
	return s, nil
}

// GRPCAddr returns the bound gRPC address.
func (s *Server) GRPCAddr() string { return s.grpcLis.Addr().String() }

// HTTPAddr returns the bound HTTP address.
func (s *Server) HTTPAddr() string { return s.httpLis.Addr().String() }

// Run serves until ctx is done, then shuts down gracefully: readiness fails first and the server
// serves on for ShutdownDelay, so that a load balancer stops sending new requests; then the TCP
// listeners (HTTP and gRPC) drain together, and the in-process gRPC server last, once the pages
// and the gateway have finished their calls. Whatever has not finished after ShutdownTimeout is
// cut off.
func (s *Server) Run(ctx context.Context) error {
	if err := s.cfg.Ready(ctx); err != nil {
		return fmt.Errorf("not ready: %w", err)
	}
	s.readiness.set(true)
	s.cfg.Log.Info("serving", "grpc", s.GRPCAddr(), "http", s.HTTPAddr())

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { s.readiness.run(gctx); return nil })
	g.Go(func() error { s.edge.faults.run(gctx, s.cfg.Log, time.Now); return nil })
	g.Go(func() error { return s.grpc.Serve(s.grpcLis) })
	g.Go(func() error { return s.inprocGRPC.Serve(s.inproc) })
	g.Go(func() error {
		if err := s.http.Serve(s.httpLis); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(func() error {
		<-gctx.Done()
		s.readiness.drain()
		d := s.cfg.ShutdownDelay
		if ctx.Err() == nil {
			d = 0 // a server failed: no load balancer to wait for
		}
		// Not ready from here on; serving on for the delay while the load balancer notices.
		s.cfg.Log.Info("shutting down", "not_ready_for", d.String())
		time.Sleep(d)
		s.cfg.Log.Info("draining", "timeout", s.cfg.ShutdownTimeout.String())
		sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
		defer cancel()
		var wg sync.WaitGroup
		var herr error
		wg.Go(func() { herr = s.http.Shutdown(sctx) })
		wg.Go(func() { stopGracefully(sctx, s.grpc) })
		wg.Wait()
		stopGracefully(sctx, s.inprocGRPC)
		_ = s.conn.Close()
		if errors.Is(herr, context.DeadlineExceeded) {
			s.cfg.Log.Warn("shutdown timeout: requests still running were cut off", "timeout", s.cfg.ShutdownTimeout.String())
			_ = s.http.Close()
			herr = nil
		}
		return herr
	})
	err := g.Wait()
	if errors.Is(err, grpc.ErrServerStopped) {
		err = nil
	}
	return err
}

// stopGracefully lets a gRPC server's calls finish until ctx ends, then stops it.
func stopGracefully(ctx context.Context, srv *grpc.Server) {
	done := make(chan struct{})
	go func() { srv.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		srv.Stop()
		<-done
	}
}

// newGRPCServer builds a gRPC server with every service and the interceptors.
func newGRPCServer(cfg Config, e *edge, validator protovalidate.Validator, src *sourceKeyer) *grpc.Server {
	srv := grpc.NewServer(
		observedUnary(cfg.Metrics, e.unary, textUnary, pvmw.UnaryServerInterceptor(validator)),
		observedStream(cfg.Metrics, e.stream, textStream, pvmw.StreamServerInterceptor(validator)),
		grpc.MaxRecvMsgSize(maxBodyBytes),
		grpc.ForceServerCodecV2(newTextCodec()),
	)
	pb.RegisterReporterServiceServer(srv, &reporterServer{svc: cfg.Cases, escrow: cfg.Escrow, source: src})
	pb.RegisterCaseServiceServer(srv, &caseServer{svc: cfg.Cases, precedents: cfg.Precedents, escrow: cfg.Escrow})
	pb.RegisterAdviserServiceServer(srv, &adviserServer{svc: cfg.Advisers})
	pb.RegisterRuleSetServiceServer(srv, &ruleSetServer{svc: cfg.Rules})
	org := cfg.Organisation
	if org == "" {
		org = "Gemeente Utrecht"
	}
	pb.RegisterPrecedentServiceServer(srv, &precedentServer{svc: cfg.Precedents, cases: cfg.Cases, organisation: org})
	pb.RegisterReportServiceServer(srv, &reportServer{svc: cfg.Reports, html: cfg.ReportHTML})
	pb.RegisterAuditServiceServer(srv, newAuditServer(cfg))
	pb.RegisterAdminServiceServer(srv, newAdminServer(cfg))
	pb.RegisterNotificationServiceServer(srv, newNotifyServer(cfg))
	return srv
}
