package transport

import (
	"context"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/staffweb"
	"github.com/utrecht/meldpunt/internal/web"
)

// maxBodyBytes bounds a request: the largest legitimate one is an evidence photo of 5 MiB,
// base64-encoded in JSON (about 6.7 MiB).
const maxBodyBytes = 8 << 20

type sourceCtxKey struct{}

// newGateway returns the REST handler: the grpc-gateway mux registered against conn (the
// in-process gRPC connection, so all interceptors run), the OpenAPI document, and the health
// endpoints.
func newGateway(ctx context.Context, conn *grpc.ClientConn, src *sourceKeyer, cfg Config, pages *auth.PagesIssuer, ready func() bool) (http.Handler, error) {
	proxies, secureSite := cfg.TrustedProxies, cfg.SecureCookies
	jsonMarshaler := &runtime.HTTPBodyMarshaler{
		Marshaler: &runtime.JSONPb{
			MarshalOptions:   protojson.MarshalOptions{EmitUnpopulated: true},
			UnmarshalOptions: protojson.UnmarshalOptions{DiscardUnknown: false},
		},
	}
	gw := runtime.NewServeMux(
		// Forward only the Authorization header. The default matcher would forward every
		// standard header (User-Agent included) to the gRPC server as metadata.
		runtime.WithIncomingHeaderMatcher(func(h string) (string, bool) {
			if strings.EqualFold(h, "Authorization") {
				return "authorization", true
			}
			return "", false
		}),
		runtime.WithOutgoingHeaderMatcher(func(h string) (string, bool) {
			if h == "x-request-id" {
				return "X-Request-Id", true
			}
			return "", false
		}),
		// The default marshaler, except that a body with a field the request does not have is
		// refused (400 naming the field) rather than silently dropped: a misspelt field would
		// lose what the reporter wrote.
		// The annual report with a format is the document itself (see documentMarshaler).
		runtime.WithMarshalerOption(runtime.MIMEWildcard, documentMarshaler{jsonMarshaler}),
		// An evidence file can be fetched as the file itself (see rawFileMarshaler).
		runtime.WithMarshalerOption(rawFileMIME, rawFileMarshaler{documentMarshaler{jsonMarshaler}}),
		runtime.WithForwardResponseOption(downloadHeaders),
		runtime.WithForwardResponseOption(documentHeaders),
		runtime.WithForwardResponseOption(etagHeader),
		runtime.WithErrorHandler(retryAfterErrors),
		runtime.WithMetadata(func(ctx context.Context, _ *http.Request) metadata.MD {
			if k, ok := ctx.Value(sourceCtxKey{}).(string); ok {
				return metadata.Pairs(sourceHeader, k)
			}
			return nil
		}),
	)
	if err := pb.RegisterReporterServiceHandler(ctx, gw, conn); err != nil {
		return nil, err
	}
	if err := pb.RegisterCaseServiceHandler(ctx, gw, conn); err != nil {
		return nil, err
	}
	if err := pb.RegisterReportServiceHandler(ctx, gw, conn); err != nil {
		return nil, err
	}
	if err := pb.RegisterPrecedentServiceHandler(ctx, gw, conn); err != nil {
		return nil, err
	}
	if err := pb.RegisterRuleSetServiceHandler(ctx, gw, conn); err != nil {
		return nil, err
	}
	if err := pb.RegisterAdviserServiceHandler(ctx, gw, conn); err != nil {
		return nil, err
	}
	if err := pb.RegisterAuditServiceHandler(ctx, gw, conn); err != nil {
		return nil, err
	}
	if err := pb.RegisterAdminServiceHandler(ctx, gw, conn); err != nil {
		return nil, err
	}
	if err := pb.RegisterNotificationServiceHandler(ctx, gw, conn); err != nil {
		return nil, err
	}

	site, err := web.New(web.Config{
		Reporter: pb.NewReporterServiceClient(conn), Rules: pb.NewRuleSetServiceClient(conn), Advisers: pb.NewAdviserServiceClient(conn),
		Outgoing: func(r *http.Request, token string) context.Context {
			// The pages pass on what the gateway passes on: the opaque rate-limit key of the
			// source (never the address) and, for the follow-up pages, the session.
			md := metadata.Pairs(sourceHeader, src.ofAddr(sourceAddr(r, proxies)))
			if token != "" {
				md.Append("authorization", "Bearer "+token)
			}
			return metadata.NewOutgoingContext(r.Context(), md)
		},
		Secure:  secureSite,
		FormKey: cfg.FormKey,
		Logo:    cfg.Logo,
	})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/v1/", scrub(src, proxies, withIfMatch(gw)))
	mux.Handle("/", limitBody(site.Handler()))
	if cfg.StaffSessions != nil {
		ws, err := staffweb.New(staffweb.Config{
			Conn: conn, Sessions: cfg.StaffSessions, Login: cfg.StaffLogin, DevSignIn: cfg.DevSignIn,
			Mint: pages.Token, Secure: secureSite, PublicURL: cfg.PublicURL,
			IdleTimeout: cfg.StaffIdle, MaxSession: cfg.StaffMaxSession, RolesClaim: cfg.RolesClaim, RoleMap: cfg.RoleMap,
			ProgressAfter: cfg.StaffProgressAfter, Log: cfg.Log, Logo: cfg.Logo,
			Outgoing: func(r *http.Request, token string) context.Context {
				md := metadata.Pairs(sourceHeader, src.ofAddr(sourceAddr(r, proxies)), pagesHeader, "1")
				if token != "" {
					md.Append("authorization", "Bearer "+token)
				}
				return metadata.NewOutgoingContext(r.Context(), md)
			},
		})
		if err != nil {
			return nil, err
		}
		mux.Handle(staffweb.Prefix+"/", limitBody(ws.Handler()))
	}
	mux.HandleFunc("GET /openapi.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(pb.OpenAPI)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !ready() {
			w.Header().Set("Retry-After", strconv.Itoa(apperr.Seconds(defaultRetryAfter)))
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	return securityHeaders(mux, secureSite), nil
}

// retryAfterErrors is the gateway's error answer with a Retry-After header on every 429 and 503,
// so that clients and proxies retry, and know when. The wait is the status's retry hint
// (RetryInfo: the database is briefly out; too many wrong codes or filings); a status without one
// (gRPC's own Unavailable while the server drains, a part not configured here) gets
// defaultRetryAfter.
func retryAfterErrors(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	if st, ok := status.FromError(err); ok {
		if code := runtime.HTTPStatusFromCode(st.Code()); code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
			wait := defaultRetryAfter
			for _, d := range st.Details() {
				if ri, ok := d.(*errdetails.RetryInfo); ok {
					wait = ri.GetRetryDelay().AsDuration()
				}
			}
			w.Header().Set("Retry-After", strconv.Itoa(apperr.Seconds(wait)))
		}
	}
	runtime.DefaultHTTPErrorHandler(ctx, mux, m, w, r, err)
}

// defaultRetryAfter is the wait of a 429 or 503 whose status carries no retry hint: that of an
// Unavailable answer.
const defaultRetryAfter = retryAfter

// scrub removes what could identify a reporter before the gateway sees the request: the
// gateway would otherwise pass the client address on as x-forwarded-for and the host as
// x-forwarded-host. The address survives only as the opaque rate-limit key.
//
// Behind a reverse proxy every request comes from the proxy, and one guesser would lock every
// reporter out; for a request from one of the trusted proxies the last X-Forwarded-For entry
// (the one the proxy appended, which a client cannot forge) is the source instead. A client that
// reaches the port directly is keyed by its own address, whatever headers it sends.
func scrub(src *sourceKeyer, proxies []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), sourceCtxKey{}, src.ofAddr(sourceAddr(r, proxies)))
		r = r.WithContext(ctx)
		r.RemoteAddr = ""
		r.Header.Del("X-Forwarded-For")
		r.Header.Del("X-Forwarded-Host")
		r.Header.Del("Forwarded")
		r.Host = ""
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		w.Header().Set("Content-Security-Policy", apiCSP)
		next.ServeHTTP(w, r)
	})
}

// sourceAddr is the address that counts as the request's source: the peer, or for a request from
// a trusted proxy the address that proxy appended to X-Forwarded-For.
func sourceAddr(r *http.Request, proxies []netip.Prefix) string {
	addr := r.RemoteAddr
	if fromProxy(addr, proxies) {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if last := strings.TrimSpace(parts[len(parts)-1]); last != "" {
				addr = last
			}
		}
	}
	return addr
}

// limitBody bounds a request body as the API does.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// fromProxy reports whether addr ("ip:port") is one of the trusted proxies.
func fromProxy(addr string, proxies []netip.Prefix) bool {
	if len(proxies) == 0 {
		return false
	}
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return false
	}
	for _, p := range proxies {
		if p.Contains(ap.Addr().Unmap()) {
			return true
		}
	}
	return false
}

// hsts tells browsers to reach the site only over HTTPS for a year, subdomains included, so that
// no later visit (a reporter typing the address) starts in plain HTTP where it can be read or
// redirected.
const hsts = "max-age=31536000; includeSubDomains"

// securityHeaders sets headers that keep reporter pages and answers out of caches and referrers,
// and in production (secure: the site is reached over HTTPS, TLS ending at the proxy in front)
// Strict-Transport-Security. A dev server on http://localhost sends none: a browser would then
// insist on HTTPS for localhost.
func securityHeaders(next http.Handler, secure bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if secure {
			h.Set("Strict-Transport-Security", hsts)
		}
		h.Set("Cache-Control", "no-store")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}
