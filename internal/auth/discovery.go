package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

// ErrProviderUnavailable is returned while the identity provider's discovery document (or its
// keys) cannot be fetched. It does not wrap ErrUnauthenticated: the token may well be good, the
// server just cannot check it now (gRPC Unavailable, HTTP 503).
var ErrProviderUnavailable = errors.New("auth: the identity provider is unreachable")

// Backoff of the discovery retries: the background loop waits from discoveryMinBackoff up to
// discoveryMaxBackoff between attempts; a request that needs the provider tries again on demand
// when the last attempt is at least onDemandInterval old.
var (
	discoveryMinBackoff = time.Second
	discoveryMaxBackoff = time.Minute
	onDemandInterval    = 2 * time.Second
)

// Discovery fetches an issuer's OpenID Connect discovery document lazily: in the background from
// Start on, and on demand, with backoff between failures, and keeps the first success. The server
// therefore starts, and serves everything that does not need the provider, while the provider is
// down. It logs the outage once and the recovery once. Safe for concurrent use.
type Discovery struct {
	issuer string
	ctx    context.Context // carries the HTTP client; never cancelled
	log    *slog.Logger

	mu       sync.Mutex
	fetching chan struct{} // closed when the attempt under way ends
	provider *oidc.Provider
	lastErr  error
	lastTry  time.Time
	down     bool // the outage was logged
}

// NewDiscovery prepares discovery of issuer (https, or http on a loopback host). Nothing is
// fetched yet. client may be nil (10 s timeout); log may be nil.
func NewDiscovery(issuer string, client *http.Client, log *slog.Logger) (*Discovery, error) {
	if issuer == "" {
		return nil, errors.New("auth: OIDC issuer is required")
	}
	if err := checkFetchURL(issuer); err != nil {
		return nil, fmt.Errorf("auth: OIDC issuer (used for discovery): %w", err)
	}
	if client == nil {
		client = &http.Client{Timeout: defaultHTTPTimeout}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Discovery{issuer: issuer, ctx: oidc.ClientContext(context.Background(), client), log: log}, nil
}

// Issuer is the configured issuer.
func (d *Discovery) Issuer() string { return d.issuer }

// Start tries discovery in the background until it succeeds or ctx ends.
func (d *Discovery) Start(ctx context.Context) {
	go func() {
		wait := discoveryMinBackoff
		for {
			if _, err := d.wait(ctx, d.begin(true)); err == nil {
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(wait*2, discoveryMaxBackoff)
		}
	}()
}

// Provider returns the discovered provider. Before the first success it tries now, unless the
// last attempt is younger than onDemandInterval, and waits for that attempt (or one under way)
// as long as ctx allows; errors wrap ErrProviderUnavailable.
func (d *Discovery) Provider(ctx context.Context) (*oidc.Provider, error) {
	return d.wait(ctx, d.begin(false))
}

// begin returns the channel of the attempt under way, starting one if there is none and
// (unless force) the last is older than onDemandInterval; nil when it starts none.
func (d *Discovery) begin(force bool) chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.provider != nil {
		return nil
	}
	if d.fetching != nil {
		return d.fetching
	}
	if !force && !d.lastTry.IsZero() && time.Since(d.lastTry) < onDemandInterval {
		return nil
	}
	ch := make(chan struct{})
	d.fetching = ch
	go d.attempt(ch)
	return ch
}

// wait waits for the attempt ch (if any) or ctx, then reports the state.
func (d *Discovery) wait(ctx context.Context, ch chan struct{}) (*oidc.Provider, error) {
	if ch != nil {
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("%w: still trying to reach %s", ErrProviderUnavailable, d.issuer)
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.provider != nil {
		return d.provider, nil
	}
	return nil, fmt.Errorf("%w: %v", ErrProviderUnavailable, d.lastErr)
}

// attempt runs one discovery and records its outcome, then closes ch.
func (d *Discovery) attempt(ch chan struct{}) {
	p, err := d.discover()

	d.mu.Lock()
	defer d.mu.Unlock()
	d.fetching = nil
	defer close(ch)
	d.lastTry = time.Now()
	if err != nil {
		d.lastErr = err
		if !d.down {
			d.down = true
			d.log.Warn("identity provider unreachable: staff sign-in and staff tokens are refused until it answers; retrying in the background",
				"issuer", d.issuer, "err", err.Error())
		}
		return
	}
	d.provider, d.lastErr = p, nil
	if d.down {
		d.log.Info("identity provider reachable again", "issuer", d.issuer)
	}
}

func (d *Discovery) discover() (*oidc.Provider, error) {
	ctx, cancel := context.WithTimeout(d.ctx, defaultHTTPTimeout)
	defer cancel()
	p, err := oidc.NewProvider(ctx, d.issuer)
	if err != nil {
		return nil, fmt.Errorf("OIDC discovery for %s: %w", d.issuer, err)
	}
	var meta struct {
		JWKSURL string `json:"jwks_uri"`
	}
	if err := p.Claims(&meta); err != nil {
		return nil, fmt.Errorf("OIDC discovery for %s: %w", d.issuer, err)
	}
	if meta.JWKSURL == "" {
		return nil, fmt.Errorf("OIDC discovery for %s: no jwks_uri", d.issuer)
	}
	if err := checkFetchURL(meta.JWKSURL); err != nil {
		return nil, fmt.Errorf("OIDC discovery for %s: discovered jwks_uri: %w", d.issuer, err)
	}
	ep := p.Endpoint()
	if ep.AuthURL == "" || ep.TokenURL == "" {
		return nil, fmt.Errorf("OIDC discovery for %s: no authorization or token endpoint", d.issuer)
	}
	return p, nil
}

// clientContext is the context for the provider's keys and endpoints: it carries the HTTP
// client and is never cancelled (go-oidc fetches keys in the background with it).
func (d *Discovery) clientContext() context.Context { return d.ctx }
