package oktafake

import (
	"context"
	"crypto/rsa"
	"errors"
	"slices"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// storage is op.Storage for one authorization server ("" = the org server) over the org's
// state. Every method takes the org's lock: the provider calls them from its handlers.
type storage struct {
	a      *oauth
	server string
}

// authRequest is an authorization request and, once signed in, the grant behind its tokens.
type authRequest struct {
	oidc.AuthRequest
	ID, UserID, server, callback string
	done                         bool
	authTime                     time.Time
}

func (r *authRequest) GetID() string          { return r.ID }
func (r *authRequest) GetACR() string         { return "" }
func (r *authRequest) GetAMR() []string       { return []string{"pwd"} }
func (r *authRequest) GetAudience() []string  { return []string{r.ClientID} }
func (r *authRequest) GetAuthTime() time.Time { return r.authTime }
func (r *authRequest) GetClientID() string    { return r.ClientID }
func (r *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if r.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: r.CodeChallenge, Method: r.CodeChallengeMethod}
}
func (r *authRequest) GetNonce() string                   { return r.Nonce }
func (r *authRequest) GetRedirectURI() string             { return r.RedirectURI }
func (r *authRequest) GetResponseType() oidc.ResponseType { return r.ResponseType }
func (r *authRequest) GetResponseMode() oidc.ResponseMode { return r.ResponseMode }
func (r *authRequest) GetScopes() []string                { return r.Scopes }
func (r *authRequest) GetState() string                   { return r.State }
func (r *authRequest) GetSubject() string                 { return r.UserID }
func (r *authRequest) Done() bool                         { return r.done }
func (r *authRequest) SetCurrentScopes(s []string)        { r.Scopes = s }

var errNotFound = errors.New("not found")

func (s *storage) lock() func() { s.a.org.mu.Lock(); return s.a.org.mu.Unlock }

// CreateAuthRequest stores the request after Okta's checks that op does not make: PKCE when
// the app requires it, offline_access only with the refresh-token grant, and on a custom
// server scopes it knows and a policy rule that allows the request.
func (s *storage) CreateAuthRequest(ctx context.Context, in *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	defer s.lock()()
	app := s.a.org.appByClientID(in.ClientID)
	if app == nil {
		return nil, oidc.ErrInvalidClient().WithDescription("Invalid value for 'client_id' parameter.")
	}
	cr, sc := sub(clone(app), "credentials", "oauthClient"), sub(clone(app), "settings", "oauthClient")
	if cr["pkce_required"] == true && in.CodeChallenge == "" {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE code challenge is required when the token endpoint authentication method is 'NONE'.")
	}
	if slices.Contains(in.Scopes, "offline_access") && !slices.Contains(strs(sc["grant_types"]), "refresh_token") {
		return nil, oidc.ErrInvalidScope().WithDescription("offline_access needs the Refresh Token grant on the app (fake's wording).")
	}
	if s.server != "" {
		for _, want := range in.Scopes {
			if !slices.ContainsFunc(s.a.org.scopes[s.server], func(x Object) bool { return x["name"] == want }) {
				return nil, oidc.ErrInvalidScope().WithDescription("One or more scopes are not configured for the authorization server resource.")
			}
		}
		if s.a.rule(s.server, in.ClientID, "authorization_code", in.Scopes, nil) == nil {
			return nil, oidc.ErrAccessDenied().WithDescription("Policy evaluation failed for this request, please check the policy configurations.")
		}
	}
	r := &authRequest{AuthRequest: *in, ID: newID("req"), server: s.server, authTime: time.Now()}
	base := "/v1/authorize"
	if s.server == "" {
		base = "/oauth2/v1/authorize"
	}
	r.callback = op.IssuerFromContext(ctx) + base + "/callback?id=" + r.ID
	s.a.reqs[r.ID] = r
	return r, nil
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	defer s.lock()()
	if r := s.a.reqs[id]; r != nil {
		return r, nil
	}
	return nil, errNotFound
}

func (s *storage) AuthRequestByCode(_ context.Context, code string) (op.AuthRequest, error) {
	defer s.lock()()
	if r := s.a.reqs[s.a.codes[code]]; r != nil {
		return r, nil
	}
	return nil, errNotFound
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	defer s.lock()()
	s.a.codes[code] = id
	return nil
}

func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	defer s.lock()()
	delete(s.a.reqs, id)
	for c, rid := range s.a.codes {
		if rid == id {
			delete(s.a.codes, c)
		}
	}
	return nil
}

func grantOf(req op.TokenRequest) *authRequest {
	r, _ := req.(*authRequest)
	return r
}

func (s *storage) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	defer s.lock()()
	id := newID("tok")
	s.a.tokens[id] = grantOf(req)
	return id, time.Now().Add(time.Hour), nil
}

func (s *storage) CreateAccessAndRefreshTokens(_ context.Context, req op.TokenRequest, current string) (string, string, time.Time, error) {
	defer s.lock()()
	g := grantOf(req)
	if g == nil {
		g = s.a.refresh[current]
	}
	delete(s.a.refresh, current) // rotation
	id, rt := newID("tok"), randString(40)
	s.a.tokens[id], s.a.refresh[rt] = g, g
	return id, rt, time.Now().Add(time.Hour), nil
}

func (s *storage) TokenRequestByRefreshToken(_ context.Context, rt string) (op.RefreshTokenRequest, error) {
	defer s.lock()()
	if g := s.a.refresh[rt]; g != nil {
		return g, nil
	}
	return nil, op.ErrInvalidRefreshToken
}

func (s *storage) TerminateSession(context.Context, string, string) error { return nil }

func (s *storage) RevokeToken(_ context.Context, tok, _, _ string) *oidc.Error {
	defer s.lock()()
	delete(s.a.tokens, tok)
	delete(s.a.refresh, tok)
	return nil
}

func (s *storage) GetRefreshTokenInfo(_ context.Context, _ string, tok string) (string, string, error) {
	defer s.lock()()
	if g := s.a.refresh[tok]; g != nil {
		return g.UserID, tok, nil
	}
	return "", "", op.ErrInvalidRefreshToken
}

// signingKey is the server's RS256 key; its kid names the server, so key sets never share one.
type signingKey struct {
	kid string
	k   *rsa.PrivateKey
}

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Algorithm() jose.SignatureAlgorithm          { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.k }
func (k signingKey) ID() string                                  { return k.kid }
func (k signingKey) Use() string                                 { return "sig" }

type publicKey struct{ signingKey }

func (k publicKey) Key() any { return &k.k.PublicKey }

func (s *storage) key() signingKey {
	defer s.lock()()
	kid := "fakekid-org"
	if s.server != "" {
		kid = "fakekid-" + s.server
	}
	return signingKey{kid: kid, k: s.a.keys[s.server]}
}

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return s.key(), nil }
func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}
func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{s.key()}}, nil
}

func (s *storage) GetClientByClientID(_ context.Context, clientID string) (op.Client, error) {
	defer s.lock()()
	app := s.a.org.appByClientID(clientID)
	if app == nil {
		return nil, errNotFound
	}
	return &client{app: clone(app), login: s.a.org.URL + loginPath + "?id="}, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, clientID, secret string) error {
	defer s.lock()()
	app := s.a.org.appByClientID(clientID)
	if app == nil || secret == "" || s.a.org.secrets[app["id"].(string)] != secret {
		return oidc.ErrInvalidClient().WithDescription("Invalid value for 'client_secret' parameter.")
	}
	return nil
}

func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest fills the ID token's claims as Okta does for the scopes.
func (s *storage) SetUserinfoFromRequest(_ context.Context, ui *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	defer s.lock()()
	s.userinfo(ui, req.GetSubject(), scopes)
	return nil
}

func (s *storage) SetUserinfoFromToken(_ context.Context, ui *oidc.UserInfo, tokenID, _, _ string) error {
	defer s.lock()()
	g := s.a.tokens[tokenID]
	if g == nil {
		return errNotFound
	}
	s.userinfo(ui, g.UserID, g.Scopes)
	return nil
}

func (s *storage) userinfo(ui *oidc.UserInfo, userID string, scopes []string) {
	for _, u := range s.a.users {
		if u.ID != userID {
			continue
		}
		ui.Subject = u.ID
		if slices.Contains(scopes, "profile") {
			ui.Name, ui.PreferredUsername = u.Name, u.Login
		}
		if slices.Contains(scopes, "email") {
			ui.Email, ui.EmailVerified = u.Email, true
		}
	}
}

func (s *storage) SetIntrospectionFromToken(_ context.Context, ir *oidc.IntrospectionResponse, tokenID, _, clientID string) error {
	defer s.lock()()
	if g := s.a.tokens[tokenID]; g != nil {
		ir.Active, ir.Subject, ir.ClientID = true, g.UserID, clientID
	}
	return nil
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errNotFound
}

func (s *storage) ValidateJWTProfileScopes(_ context.Context, _ string, scopes []string) ([]string, error) {
	return scopes, nil
}

func (s *storage) Health(context.Context) error { return nil }

// client is an app as the provider sees it.
type client struct {
	app   Object
	login string
}

func (c *client) settings() Object { return sub(c.app, "settings", "oauthClient") }
func (c *client) GetID() string {
	id, _ := sub(c.app, "credentials", "oauthClient")["client_id"].(string)
	return id
}
func (c *client) RedirectURIs() []string { return strs(c.settings()["redirect_uris"]) }
func (c *client) PostLogoutRedirectURIs() []string {
	return strs(c.settings()["post_logout_redirect_uris"])
}
func (c *client) ApplicationType() op.ApplicationType {
	switch c.settings()["application_type"] {
	case "browser":
		return op.ApplicationTypeUserAgent
	case "native":
		return op.ApplicationTypeNative
	}
	return op.ApplicationTypeWeb
}
func (c *client) AuthMethod() oidc.AuthMethod {
	switch sub(c.app, "credentials", "oauthClient")["token_endpoint_auth_method"] {
	case "none":
		return oidc.AuthMethodNone
	case "client_secret_post":
		return oidc.AuthMethodPost
	}
	return oidc.AuthMethodBasic
}

// ResponseTypes: code; the implicit ones only with the implicit grant.
func (c *client) ResponseTypes() []oidc.ResponseType {
	have := strs(c.settings()["response_types"])
	implicit := slices.Contains(strs(c.settings()["grant_types"]), "implicit")
	var out []oidc.ResponseType
	if slices.Contains(have, "code") {
		out = append(out, oidc.ResponseTypeCode)
	}
	if implicit && slices.Contains(have, "id_token") {
		out = append(out, oidc.ResponseTypeIDTokenOnly)
		if slices.Contains(have, "token") {
			out = append(out, oidc.ResponseTypeIDToken)
		}
	}
	return out
}
func (c *client) GrantTypes() []oidc.GrantType {
	var out []oidc.GrantType
	for _, g := range strs(c.settings()["grant_types"]) {
		switch g {
		case "authorization_code":
			out = append(out, oidc.GrantTypeCode)
		case "refresh_token":
			out = append(out, oidc.GrantTypeRefreshToken)
		case "implicit":
			out = append(out, oidc.GrantTypeImplicit)
		}
	}
	return out
}
func (c *client) LoginURL(id string) string           { return c.login + id }
func (c *client) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeBearer }
func (c *client) IDTokenLifetime() time.Duration      { return time.Hour }
func (c *client) DevMode() bool                       { return true } // Okta takes registered http redirect URIs
func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) IsScopeAllowed(string) bool           { return false }
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return true } // Okta puts email and profile claims in the ID token
func (c *client) ClockSkew() time.Duration             { return 0 }
