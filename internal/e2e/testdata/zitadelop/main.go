// Command zitadelop runs the example OpenID Provider of github.com/zitadel/oidc (its in-memory
// storage and its login page) for Meldpunt's end-to-end tests: one confidential client, and users
// whose ID token, user-info answer and JWT access token carry role claims in the shapes real
// providers send (Keycloak's realm_access.roles, Entra ID's roles array, ADFS's single string
// role, ZITADEL's project roles object).
//
// It is a module of its own so that the provider's dependencies stay out of Meldpunt's go.mod;
// the tests build it with `go build`. Its configuration is a JSON file (see config); it prints
// "listening" on stdout once it accepts connections, and never logs tokens, passwords or names.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

type config struct {
	// Addr is the listen address, e.g. 127.0.0.1:9998; Issuer is http://<Addr>.
	Addr   string `json:"addr"`
	Issuer string `json:"issuer"`
	// Client is Meldpunt's confidential web client.
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	RedirectURI  string `json:"redirect_uri"`
	// PublicClient makes the client public (PKCE, no secret; a native client in the example's terms).
	PublicClient bool `json:"public_client"`
	// JWTAccessTokens makes the access tokens JWTs (audience: the client id) instead of opaque.
	JWTAccessTokens bool   `json:"jwt_access_tokens"`
	Users           []user `json:"users"`
}

type user struct {
	ID        string `json:"id"`
	Username  string `json:"username"`
	Password  string `json:"password"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	// Claims are added to the ID token, the user-info answer and the JWT access token.
	Claims map[string]any `json:"claims"`
}

type userStore struct {
	byID map[string]*storage.User
}

func (u userStore) GetUserByID(id string) *storage.User { return u.byID[id] }

func (u userStore) GetUserByUsername(name string) *storage.User {
	for _, x := range u.byID {
		if x.Username == name {
			return x
		}
	}
	return nil
}

func (u userStore) ExampleClientID() string { return storage.ServiceUserID }

// claimStorage is the example storage with each user's extra claims added wherever the example
// asserts claims about the user.
type claimStorage struct {
	*storage.Storage
	claims map[string]map[string]any
	jwt    bool
}

func (s *claimStorage) add(info *oidc.UserInfo, subject string) {
	for k, v := range s.claims[subject] {
		info.AppendClaims(k, v)
	}
}

// SetUserinfoFromRequest is called for the ID token.
func (s *claimStorage) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, info, req, scopes); err != nil {
		return err
	}
	s.add(info, req.GetSubject())
	return nil
}

// SetUserinfoFromToken is called for the user-info endpoint.
func (s *claimStorage) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, info, tokenID, subject, origin); err != nil {
		return err
	}
	s.add(info, subject)
	return nil
}

// GetPrivateClaimsFromScopes is called for a JWT access token.
func (s *claimStorage) GetPrivateClaimsFromScopes(ctx context.Context, userID, clientID string, scopes []string) (map[string]any, error) {
	c, err := s.Storage.GetPrivateClaimsFromScopes(ctx, userID, clientID, scopes)
	if err != nil {
		return nil, err
	}
	if c == nil {
		c = map[string]any{}
	}
	maps.Copy(c, s.claims[userID])
	return c, nil
}

// GetClientByClientID hands out the client with JWT access tokens when configured so.
func (s *claimStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil || !s.jwt {
		return c, err
	}
	return jwtClient{c}, nil
}

type jwtClient struct{ op.Client }

func (jwtClient) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeJWT }

func main() {
	path := flag.String("config", "", "JSON configuration file")
	flag.Parse()
	raw, err := os.ReadFile(*path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var cfg config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		fmt.Fprintln(os.Stderr, "config:", err)
		os.Exit(2)
	}
	users := userStore{byID: map[string]*storage.User{}}
	claims := map[string]map[string]any{}
	for _, u := range cfg.Users {
		users.byID[u.ID] = &storage.User{ID: u.ID, Username: u.Username, Password: u.Password,
			FirstName: u.FirstName, LastName: u.LastName, EmailVerified: true, PreferredLanguage: language.Dutch}
		claims[u.ID] = u.Claims
	}
	client := storage.WebClient(cfg.ClientID, cfg.ClientSecret, cfg.RedirectURI)
	if cfg.PublicClient {
		client = storage.NativeClient(cfg.ClientID, cfg.RedirectURI)
	}
	clients := map[string]*storage.Client{cfg.ClientID: client}
	st := &claimStorage{Storage: storage.NewStorageWithClients(users, clients), claims: claims, jwt: cfg.JWTAccessTokens}
	// Warnings and errors only: the example logs every request and auth request at lower levels.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	router := exampleop.SetupServer(cfg.Issuer, st, logger, false)

	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: router}
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
		<-sig
		_ = srv.Close()
	}()
	fmt.Println("listening")
	if err := srv.Serve(l); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
