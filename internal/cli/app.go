package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc/grpclog"

	"github.com/utrecht/meldpunt/internal/admin"
	"github.com/utrecht/meldpunt/internal/advisers"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/audittrail"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/escrow"
	"github.com/utrecht/meldpunt/internal/notify"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/ratelimit"
	"github.com/utrecht/meldpunt/internal/report"
	reporthtml "github.com/utrecht/meldpunt/internal/report/html"
	"github.com/utrecht/meldpunt/internal/retention"
	"github.com/utrecht/meldpunt/internal/rules"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/transport"
	"github.com/utrecht/meldpunt/internal/vault"
	"github.com/utrecht/meldpunt/internal/web"
)

// serve wires the service by hand and runs it until ctx ends.
func serve(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	if cfg.Dev {
		log.Warn("dev mode: keys and a token signer live in the data directory; do not use in production", "data_dir", cfg.DataDir)
		if _, err := os.Stat(cfg.KeysFile); errors.Is(err, os.ErrNotExist) {
			// Replicas started at once on one data directory: one makes it, the others use it.
			if err := vault.Init(cfg.KeysFile); err == nil {
				log.Info("created a dev keys file", "path", cfg.KeysFile)
			} else if _, serr := os.Stat(cfg.KeysFile); serr != nil {
				return err
			}
		}
	}
	v, err := vault.Load(cfg.KeysFile)
	if err != nil {
		return err
	}

	st, err := openStore(ctx, cfg, cfg.DBMaxConns, log)
	if err != nil {
		return err
	}
	defer st.Close()
	// Every audit event is sealed under the keys file's keyed hash (tamper-evident trail).
	seal := audit.SealerFrom(v)
	st.SetAuditSealer(seal)
	log.Info("database", "dialect", st.Dialect())
	if cfg.Migrate == "off" {
		if err := st.CheckSchema(); err != nil {
			return fmt.Errorf("--migrate=off: %w", err)
		}
	} else if err := st.MigrateContext(ctx, log); err != nil {
		return err
	}
	if err := bindKeys(ctx, st, v, cfg.KeysFile, log); err != nil {
		return err
	}
	if w, pr, err := st.PoolWarning(ctx); err != nil {
		log.Warn("could not check PostgreSQL's connection limit", "err", err)
	} else if w != "" {
		log.Warn(w)
	} else if pr.MaxConnections > 0 {
		log.Info("database connections", "max_connections", pr.MaxConnections, "replicas_connected", pr.Replicas,
			"their_pools", pr.Pools, "replicas_of_this_pool_size_that_fit", pr.FitsOfThisSize)
	}

	roleMap, err := auth.ParseRoleMap(cfg.OIDCRoleMap)
	if err != nil {
		return fmt.Errorf("--oidc-role-map: %w", err)
	}
	if cfg.OIDCRoleMapFile != "" {
		b, err := os.ReadFile(cfg.OIDCRoleMapFile)
		if err != nil {
			return fmt.Errorf("--oidc-role-map-file: %w", err)
		}
		more, err := auth.ParseRoleMapLines(string(b))
		if err != nil {
			return fmt.Errorf("--oidc-role-map-file %s: %w", cfg.OIDCRoleMapFile, err)
		}
		roleMap.Merge(more)
	}
	var login *auth.Login
	var staff auth.Verifier
	if cfg.Dev && cfg.OIDCIssuer == "" {
		iss, keyFile, err := devIssuer(cfg, true)
		if err != nil {
			return err
		}
		staff = iss.VerifierWithHint(log, keyFile)
		log.Warn("staff tokens: accepting dev tokens from `meldpunt dev token --dev`", "dev_key_file", keyFile, "key_id", iss.KeyID())
	} else {
		// The provider is discovered lazily: the server starts, and the reporter pages and API
		// serve, while it is down; staff sign-in works once it answers.
		disc, err := auth.NewDiscovery(cfg.OIDCIssuer, nil, log)
		if err != nil {
			return fmt.Errorf("staff sign-in: %w", err)
		}
		disc.Start(ctx)
		staff, err = auth.NewOIDCVerifier(ctx, auth.OIDCConfig{
			Issuer: cfg.OIDCIssuer, Audience: cfg.OIDCAudience, JWKSURL: cfg.OIDCJWKSURL, RolesClaim: cfg.OIDCRolesClaim, RoleMap: roleMap,
			Discovery: disc,
		})
		if err != nil {
			return fmt.Errorf("staff sign-in: %w", err)
		}
		if err := checkPublicURL(cfg.PublicURL); err != nil {
			return err
		}
		clientID := cfg.OIDCClientID
		if clientID == "" {
			clientID = cfg.OIDCAudience
		}
		secret := cfg.OIDCSecret
		if cfg.OIDCSecretFile != "" {
			b, err := os.ReadFile(cfg.OIDCSecretFile)
			if err != nil {
				return fmt.Errorf("--oidc-client-secret-file: %w", err)
			}
			secret = strings.TrimSpace(string(b))
		}
		login, err = auth.NewLogin(ctx, auth.LoginConfig{
			Issuer: cfg.OIDCIssuer, ClientID: clientID, ClientSecret: secret, RolesClaim: cfg.OIDCRolesClaim, RoleMap: roleMap,
			Discovery: disc, Scopes: cfg.Scopes(), PromptLogin: cfg.OIDCPromptLogin,
		})
		if err != nil {
			return fmt.Errorf("staff pages' sign-in (set --oidc-client-id): %w", err)
		}
	}

	if w, err := st.TextSearchWarning(ctx); err != nil {
		return err
	} else if w != "" {
		log.Warn(w)
	}
	// The precedent library in memory, so that the first lookups read no more than later ones.
	go func() {
		start := time.Now()
		if n, err := st.WarmPrecedents(ctx); err != nil {
			if ctx.Err() == nil { // not at shutdown
				log.Warn("precedent library not read into memory; lookups read what they need", "err", err)
			}
		} else {
			log.Info("precedent library read into memory", "precedents", n, "took", time.Since(start).Round(time.Millisecond))
		}
	}()
	rs, err := rules.New(st.RuleSets(), nil)
	if err != nil {
		return err
	}
	if err := rs.EnsureDefault(ctx); err != nil {
		return fmt.Errorf("load the shipped rule set: %w", err)
	}
	svc, err := cases.New(cases.Config{
		NormExists: rs.NormExists,
		RuleSet:    rs.Version,
		Repo:       st.Cases(),
		Vault:      v,
		Limiter:    ratelimit.New(ratelimit.WrongCodes),
		Filings: ratelimit.New(ratelimit.Config{
			PerSourceBurst: cfg.FilingBurst, PerSourceEvery: cfg.FilingEvery,
			GlobalBurst: cfg.FilingGlobalBurst, GlobalEvery: cfg.FilingGlobalEvery,
			MaxSources: ratelimit.Filings.MaxSources,
		}),
		Policy:     cases.Policy{AcknowledgeWithin: cfg.AckDeadline, FeedbackMonths: cfg.FeedbackMonths, WeighWithin: cfg.WeighDeadline, DismissPromptly: cfg.DismissPromptly},
		SessionTTL: cfg.SessionTTL,
	})
	if err != nil {
		return err
	}
	adv, err := advisers.New(advisers.Config{Repo: st.Advisers()})
	if err != nil {
		return err
	}
	trail, err := audittrail.New(audittrail.Config{Repo: st.AuditTrails(), Seal: seal,
		Checkpoints: st.AuditTrails(), CheckpointKey: audit.CheckpointKey(v), CheckpointKeep: cfg.CheckpointKeep})
	if err != nil {
		return err
	}
	esc, err := escrow.New(escrow.Config{Repo: st.Escrow(), Cases: svc, Vault: v, TTL: cfg.EscrowTTL})
	if err != nil {
		return err
	}
	adm, err := admin.New(admin.Config{Repo: st.Admin()})
	if err != nil {
		return err
	}
	proxies, err := cfg.ProxyPrefixes()
	if err != nil {
		return err
	}
	notes, err := notify.NewService(st, cfg.Notify.SMTPHost != "", nil)
	if err != nil {
		return err
	}
	tel, err := startTelemetry(ctx, cfg, st, log)
	if err != nil {
		return err
	}
	defer tel.stop()
	// gRPC's own logger would print client addresses (failed handshakes, say): silence it.
	grpclog.SetLoggerV2(grpclog.NewLoggerV2(io.Discard, io.Discard, io.Discard))
	var logo *web.Logo
	if cfg.Logo != "" {
		if logo, err = web.LoadLogo(cfg.Logo); err != nil {
			return err
		}
	}
	srv, err := transport.New(ctx, transport.Config{
		GRPCAddr:           cfg.GRPCAddr,
		HTTPAddr:           cfg.HTTPAddr,
		Cases:              svc,
		Escrow:             esc,
		Advisers:           adv,
		Rules:              rs,
		Precedents:         precedents.New(st.Precedents(), nil),
		Organisation:       cfg.Organisation,
		Audit:              trail,
		Admin:              adm,
		Notify:             notes,
		Reports:            report.New(st.Reports(), cfg.Organisation, 0, nil),
		ReportHTML:         reporthtml.Render,
		Staff:              staff,
		Log:                log,
		Ready:              st.Ping,
		Unavailable:        store.IsUnavailable,
		ShutdownDelay:      cfg.ShutdownDelay,
		ShutdownTimeout:    cfg.ShutdownTimeout,
		TrustedProxies:     proxies,
		FormKey:            v.MAC(formKeyPurpose, nil),
		SecureCookies:      !cfg.Dev,
		StaffSessions:      st,
		StaffLogin:         login,
		DevSignIn:          cfg.Dev && cfg.OIDCIssuer == "",
		PublicURL:          cfg.PublicURL,
		StaffIdle:          cfg.StaffIdle,
		StaffMaxSession:    cfg.StaffMaxSession,
		RolesClaim:         cfg.OIDCRolesClaim,
		RoleMap:            roleMap,
		StaffBlocked:       st.StaffAccountBlocked,
		Refusals:           st.RecordRefusal,
		StaffProgressAfter: cfg.StaffProgress,
		Logo:               logo,
		Metrics:            tel.metrics,
		Tracing:            tel.tracer(),
	})
	if err != nil {
		return err
	}
	job, err := retention.New(retention.Config{Store: st, KeepNotes: cfg.KeepNotes, KeepCases: cfg.KeepCases, Every: cfg.RetentionEvery, Log: log, Observer: tel.job("retention"),
		Escrow: st.Escrow(), KeepEscrow: cfg.EscrowTTL})
	if err != nil {
		return err
	}
	mailer, err := notifyJob(cfg, st, svc, v, log, tel.notifier())
	if err != nil {
		return err
	}
	jobDone := make(chan struct{})
	jobCtx, stopJob := context.WithCancel(ctx)
	go func() { defer close(jobDone); _ = job.Run(jobCtx) }()
	cpDone := make(chan struct{})
	go func() { defer close(cpDone); checkpointLoop(jobCtx, trail, cfg.CheckpointEvery, log) }()
	mailDone := make(chan struct{})
	go func() {
		defer close(mailDone)
		if mailer != nil {
			_ = mailer.Run(jobCtx)
		}
	}()
	err = srv.Run(ctx)
	stopJob()
	<-jobDone
	<-cpDone
	<-mailDone
	return err
}

// checkpointLoop makes a signed checkpoint of every case's trail at start and then every
// interval, when the trails changed since the latest (0: never), and each time prunes the leaves
// of checkpoints past --audit-checkpoint-keep that are not the first of their UTC day.
func checkpointLoop(ctx context.Context, trail *audittrail.Service, every time.Duration, log *slog.Logger) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		_, cp, made, err := trail.MakeCheckpoint(ctx, true)
		switch {
		case err != nil && ctx.Err() == nil && store.IsUnavailable(err):
			log.Warn("audit checkpoint skipped: the database is unavailable; it runs again at the next interval")
		case err != nil && ctx.Err() == nil:
			log.Error("audit checkpoint failed", "err", err)
		case made:
			log.Info("audit checkpoint made", "cases", cp.Size)
		}
		if n, err := trail.PruneCheckpoints(ctx); err != nil && ctx.Err() == nil && store.IsUnavailable(err) {
			log.Warn("pruning audit checkpoints skipped: the database is unavailable")
		} else if err != nil && ctx.Err() == nil {
			log.Error("pruning audit checkpoints failed", "err", err)
		} else if n > 0 {
			log.Info("audit checkpoint details pruned", "checkpoints", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// formKeyPurpose derives the reporter pages' form-token key from the keys file.
const formKeyPurpose = "reporter-form-token/v1"

// checkPublicURL requires the site's public address outside dev mode: the identity provider
// sends staff back to it, and it must not be taken from a request's Host header.
func checkPublicURL(raw string) error {
	if raw == "" {
		return fmt.Errorf("--public-url is required outside dev mode: the site's address as staff reach it, e.g. https://meldpunt.utrecht.nl (the staff sign-in returns to <public-url>/medewerkers/inloggen/terug; register that address at the identity provider)")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) || (u.Path != "" && u.Path != "/") {
		return fmt.Errorf("--public-url %q: give the https address of the site, without a path (e.g. https://meldpunt.utrecht.nl)", raw)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
