package oktafake

// Okta's OAuth endpoints on the fake org, on a real OpenID Provider (zitadel/oidc's op
// package): {issuer}/v1/authorize, /token, /keys, /userinfo, /logout and discovery, for the
// org authorization server (https://{domain}, endpoints under /oauth2/v1) and each custom
// server (/oauth2/{id}). The provider answers only what the org's state allows, read at each
// request: the app's grant types, response types, redirect URIs and PKCE requirement
// (op checks redirect URIs, response types and grant types against the client this fake
// builds from the app; the rest is checked in CreateAuthRequest and at sign-in), the custom
// server's access policy and rule (client, grant type, scopes, people), the trusted origins
// (CORS), and the app's assignments. Each server signs with its own key, so a token of one
// server does not verify with another's key set, as on a real org.
//
// Error texts for refusals follow Okta's where they are known (e.g. "Policy evaluation failed
// for this request, please check the policy configurations.", "User is not assigned to the
// client application."); the others are the fake's own wording, marked so in tests.

import (
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/rs/cors"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// User is a person of the fake org who can sign in. Everyone is in the Everyone group.
type User struct {
	ID, Login, Email, Name string
}

// oauth is the OAuth side of the org. Its maps are guarded by the org's mutex.
type oauth struct {
	org       *Org
	users     []User
	keys      map[string]*rsa.PrivateKey // server id ("" = org server) -> signing key
	providers map[string]*op.Provider    // issuer -> provider (rebuilt when an issuer changes)
	reqs      map[string]*authRequest    // auth request id -> request
	codes     map[string]string          // code -> auth request id
	tokens    map[string]*authRequest    // access token id -> request
	refresh   map[string]*authRequest    // refresh token -> request
}

// EnableOAuth turns on the OAuth endpoints with the given users. Discovery and keys are then
// the provider's (each server with its own key), no longer the fixed fake key set.
func (o *Org) EnableOAuth(users ...User) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := range users {
		if users[i].ID == "" {
			users[i].ID = newID("00u")
		}
	}
	o.oauth = &oauth{org: o, users: users, keys: map[string]*rsa.PrivateKey{}, providers: map[string]*op.Provider{},
		reqs: map[string]*authRequest{}, codes: map[string]string{}, tokens: map[string]*authRequest{}, refresh: map[string]*authRequest{}}
}

// loginPath is the fake's sign-in page (Okta's hosted sign-in widget stands here).
const loginPath = "/oauth2/fake-login"

// serveOAuth answers discovery and the OAuth endpoints; false when the path is not one.
func (a *oauth) serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if p == loginPath {
		a.login(w, r)
		return
	}
	prefix, server, issuer, ok := a.route(p)
	if !ok {
		http.Error(w, `{"errorCode":"E0000007","errorSummary":"Not found: Resource not found"}`, http.StatusNotFound)
		return
	}
	prov, err := a.provider(server, issuer)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	http.StripPrefix(prefix, prov).ServeHTTP(w, r)
}

// route maps a path to its server: "" for the org server, else the custom server's id.
func (a *oauth) route(p string) (prefix, server, issuer string, ok bool) {
	o := a.org
	o.mu.Lock()
	defer o.mu.Unlock()
	if p == "/.well-known/openid-configuration" || p == "/.well-known/oauth-authorization-server" || strings.HasPrefix(p, "/oauth2/v1/") {
		return "", "", o.URL, true
	}
	rest, _ := strings.CutPrefix(p, "/oauth2/")
	id, _, _ := strings.Cut(rest, "/")
	s := o.findServer(id)
	if s == nil || o.opts.NoAPIAM || s["status"] != "ACTIVE" {
		return "", "", "", false
	}
	return "/oauth2/" + id, s["id"].(string), o.issuer(s), true
}

// provider returns the OpenID Provider of a server at its current issuer.
func (a *oauth) provider(server, issuer string) (*op.Provider, error) {
	o := a.org
	o.mu.Lock()
	defer o.mu.Unlock()
	if p := a.providers[server+" "+issuer]; p != nil {
		return p, nil
	}
	if a.keys[server] == nil {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, err
		}
		a.keys[server] = k
	}
	base := "v1/"
	if server == "" {
		base = "oauth2/v1/"
	}
	var key [32]byte
	_, _ = rand.Read(key[:])
	cfg := &op.Config{CryptoKey: key, CodeMethodS256: true, AuthMethodPost: true, GrantTypeRefreshToken: true,
		SupportedScopes: []string{"openid", "profile", "email", "address", "phone", "offline_access", "groups"}}
	st := &storage{a: a, server: server}
	p, err := op.NewProvider(cfg, st, op.StaticIssuer(issuer), op.WithAllowInsecure(),
		op.WithCustomEndpoints(op.NewEndpoint(base+"authorize"), op.NewEndpoint(base+"token"), op.NewEndpoint(base+"userinfo"),
			op.NewEndpoint(base+"revoke"), op.NewEndpoint(base+"logout"), op.NewEndpoint(base+"keys")),
		op.WithCustomIntrospectionEndpoint(op.NewEndpoint(base+"introspect")),
		op.WithCORSOptions(&cors.Options{AllowCredentials: true, AllowOriginFunc: a.trustedOrigin,
			AllowedHeaders: []string{"Accept", "Authorization", "Content-Type", "X-Okta-User-Agent-Extended", "X-Requested-With"},
			AllowedMethods: []string{http.MethodGet, http.MethodPost}}))
	if err != nil {
		return nil, err
	}
	a.providers[server+" "+issuer] = p
	return p, nil
}

// trustedOrigin is CORS on the OAuth endpoints: only an active trusted origin with the CORS
// scope may call them from a browser.
func (a *oauth) trustedOrigin(origin string) bool {
	o := a.org
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, t := range o.origins {
		if t["origin"] != origin || t["status"] != "ACTIVE" {
			continue
		}
		for _, s := range t["scopes"].([]any) {
			if m, ok := s.(map[string]any); ok && m["type"] == "CORS" {
				return true
			}
		}
	}
	return false
}

// login is the sign-in page: a form naming the user; on submit the user is checked against
// the app's assignments and the server's rule, and the browser goes back to the provider.
func (a *oauth) login(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("id")
	if r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>Sign In</title><form method="post" action="%s"><input type="hidden" name="id" value="%s">`+
			`<input id="okta-signin-username" name="username"><button id="okta-signin-submit" type="submit">Sign In</button></form>`,
			loginPath, html.EscapeString(id))
		return
	}
	back, err := a.signIn(id, r.FormValue("username"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	http.Redirect(w, r, back, http.StatusFound)
}

// signIn marks the request done for the user, or says where the error goes: Okta sends an
// unassigned user back to the redirect URI with error=access_denied.
func (a *oauth) signIn(id, login string) (string, error) {
	o := a.org
	o.mu.Lock()
	defer o.mu.Unlock()
	req := a.reqs[id]
	if req == nil {
		return "", fmt.Errorf("unknown sign-in request")
	}
	var user *User
	for i := range a.users {
		if strings.EqualFold(a.users[i].Login, login) {
			user = &a.users[i]
		}
	}
	if user == nil {
		return "", fmt.Errorf("unknown user %q", login)
	}
	if msg := a.denied(req, user); msg != "" {
		q := url.Values{"error": {"access_denied"}, "error_description": {msg}, "state": {req.State}}
		return req.RedirectURI + "?" + q.Encode(), nil
	}
	req.UserID, req.done = user.ID, true
	return req.callback, nil
}

// denied is Okta's check after sign-in: the app assigned to the user (through Everyone or
// directly), and on a custom server a rule whose people condition includes the user.
func (a *oauth) denied(req *authRequest, u *User) string {
	o := a.org
	app := o.appByClientID(req.ClientID)
	assigned := slices.ContainsFunc(o.assign[app["id"].(string)], func(g Object) bool {
		return g["id"] == o.groups[0]["id"] || g["id"] == u.ID
	})
	if !assigned {
		return "User is not assigned to the client application."
	}
	if req.server != "" && a.rule(req.server, req.ClientID, "authorization_code", req.Scopes, u) == nil {
		return "Policy evaluation failed for this request, please check the policy configurations."
	}
	return ""
}

// appByClientID finds an active app by its client ID.
func (o *Org) appByClientID(clientID string) Object {
	for _, app := range o.apps {
		if sub(clone(app), "credentials", "oauthClient")["client_id"] == clientID && app["status"] == "ACTIVE" {
			return app
		}
	}
	return nil
}

// rule is the custom server's first active policy (by priority) for the client, and its first
// active rule that allows the grant, every scope and (when u is not nil) the user.
func (a *oauth) rule(server, clientID, grant string, scopes []string, u *User) Object {
	o := a.org
	pols := cloneAll(o.policies[server])
	byPriority(pols)
	for _, p := range pols {
		inc := strs(sub(p, "conditions", "clients")["include"])
		if p["status"] != "ACTIVE" || !(slices.Contains(inc, "ALL_CLIENTS") || slices.Contains(inc, clientID)) {
			continue
		}
		rules := cloneAll(o.rules[p["id"].(string)])
		byPriority(rules)
		for _, rl := range rules {
			if rl["status"] == "ACTIVE" && ruleAllows(rl, grant, scopes, u, o.groups[0]["id"]) {
				return rl
			}
		}
		return nil // the first matching policy decides
	}
	return nil
}

func ruleAllows(rl Object, grant string, scopes []string, u *User, everyone any) bool {
	c := sub(rl, "conditions")
	if !slices.Contains(strs(sub(c, "grantTypes")["include"]), grant) {
		return false
	}
	allowed := strs(sub(c, "scopes")["include"])
	if !slices.Contains(allowed, "*") {
		for _, s := range scopes {
			if !slices.Contains(allowed, s) {
				return false
			}
		}
	}
	if u == nil {
		return true
	}
	groups := strs(sub(c, "people", "groups")["include"])
	users := strs(sub(c, "people", "users")["include"])
	return slices.Contains(groups, "EVERYONE") || slices.Contains(groups, fmt.Sprint(everyone)) || slices.Contains(users, u.ID)
}

func (o *Org) oauthOn() *oauth {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.oauth
}
