package probe_test

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/omsso/omsso/internal/probe"
	"github.com/omsso/omsso/internal/settings"
)

// resolved builds settings for a test server. Settings validation only accepts Okta's issuer
// forms, so tests fill the resolved fields directly for servers on 127.0.0.1.
func resolved(issuer, jwks string, confidential bool, scopes ...string) *settings.Resolved {
	r := &settings.Resolved{Issuer: issuer, OktaJwksURL: jwks, CallbackURL: "https://om.example.com/callback", ServerURL: "https://om.example.com"}
	r.OpenMetadata.Version = "1.12"
	r.Okta.ClientID = "0oa1abcd2EFGH3ijk4l5"
	r.Okta.ClientType = settings.Public
	r.Okta.Scopes = []string{"openid", "email", "profile"}
	if len(scopes) > 0 {
		r.Okta.Scopes = scopes
	}
	if confidential {
		r.Okta.ClientType = settings.Confidential
		r.Okta.ClientSecret = &settings.SecretRef{Env: "OKTA_CLIENT_SECRET"}
		r.SecretEnv = "OKTA_CLIENT_SECRET"
	}
	r.Authentication.TokenValidationAlgorithm = "RS256"
	r.Authentication.JWTPrincipalClaims = []string{"email", "preferred_username", "sub"}
	r.Authentication.JWTPrincipalClaimsMapping = []string{}
	r.Authorizer.AdminPrincipals = []string{"alice"}
	r.Authorizer.PrincipalDomain = "example.com"
	r.Authorizer.AllowedDomains = []string{}
	r.Authorizer.AllowedEmailRegistrationDomains = []string{"all"}
	r.Targets.Docker.OmJwksURL = settings.DefaultDockerJwks
	return r
}

func status(rep probe.Report, name string) (probe.Status, string) {
	for _, c := range rep.Results {
		if c.Name == name {
			return c.Status, c.Reason
		}
	}
	return "", ""
}

// A real OIDC server (mockoidc: real discovery, JWKS and tokens) passes every check.
func TestAgainstMockOIDC(t *testing.T) {
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Shutdown()
	r := resolved(m.Issuer(), m.Issuer()+"/.well-known/jwks.json", true, "openid", "email", "profile")
	rep := probe.Run(context.Background(), r, probe.Options{Timeout: 5 * time.Second})
	if rep.Failed() {
		t.Fatalf("%+v", rep.Results)
	}
	for _, name := range []string{"discovery", "issuer", "jwks_uri", "jwks", "response_types", "scopes", "client_auth"} {
		if s, why := status(rep, name); s != probe.Pass {
			t.Errorf("%s: %s %s", name, s, why)
		}
	}
	// A public client asks for offline_access, which mockoidc does not offer.
	pub := probe.Run(context.Background(), resolved(m.Issuer(), m.Issuer()+"/.well-known/jwks.json", false), probe.Options{Timeout: 5 * time.Second})
	if s, why := status(pub, "scopes"); s != probe.Fail || !strings.Contains(why, "offline_access") {
		t.Errorf("public scopes: %s %s", s, why)
	}
	if s, _ := status(pub, "pkce"); s != probe.Pass {
		t.Errorf("pkce: %s", s)
	}
}

// okta serves Okta-shaped documents that tests can spoil one way at a time.
type okta struct {
	srv       *httptest.Server
	discovery map[string]any
	keys      string
	status    int
	delay     time.Duration
	redirect  string
	raw       string
}

func newOkta(t *testing.T) *okta {
	o := &okta{status: http.StatusOK}
	o.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o.delay > 0 {
			select {
			case <-time.After(o.delay):
			case <-r.Context().Done():
				return
			}
		}
		if o.redirect != "" {
			http.Redirect(w, r, o.redirect, http.StatusMovedPermanently)
			return
		}
		if o.status != http.StatusOK {
			w.WriteHeader(o.status)
			_, _ = w.Write([]byte(`{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: x (AuthorizationServer)"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/v1/keys"):
			_, _ = w.Write([]byte(o.keys))
		case o.raw != "":
			_, _ = w.Write([]byte(o.raw))
		default:
			_ = json.NewEncoder(w).Encode(o.discovery)
		}
	}))
	t.Cleanup(o.srv.Close)
	issuer := o.srv.URL + "/oauth2/default"
	o.discovery = map[string]any{
		"issuer":                                issuer,
		"authorization_endpoint":                issuer + "/v1/authorize",
		"token_endpoint":                        issuer + "/v1/token",
		"userinfo_endpoint":                     issuer + "/v1/userinfo",
		"jwks_uri":                              issuer + "/v1/keys",
		"response_types_supported":              []string{"code", "id_token", "code id_token", "code token", "id_token token", "code id_token token"},
		"scopes_supported":                      []string{"openid", "profile", "email", "address", "phone", "offline_access", "device_sso"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"},
	}
	o.keys = `{"keys":[{"kty":"RSA","alg":"RS256","kid":"pYPbJ0gHM-3cHH4pkd9xC7BlK7YhKsCW3OgX5DnA4KE","use":"sig","e":"AQAB","n":"xyz"}]}`
	return o
}

func (o *okta) issuer() string { return o.srv.URL + "/oauth2/default" }

func TestFailures(t *testing.T) {
	cases := []struct {
		name         string
		spoil        func(o *okta)
		check        string
		reason       string
		confidential bool
		scopes       []string
	}{
		{"issuer mismatch", func(o *okta) { o.discovery["issuer"] = o.srv.URL + "/oauth2/aus1" }, "issuer", "the server says issuer", false, nil},
		{"missing scope", func(o *okta) { o.discovery["scopes_supported"] = []string{"openid", "profile", "email"} }, "scopes", "offline_access are not in scopes_supported", false, nil},
		{"missing custom scope", nil, "scopes", "groups are not in scopes_supported", true, []string{"openid", "groups"}},
		{"wrong jwks_uri", func(o *okta) { o.discovery["jwks_uri"] = o.srv.URL + "/oauth2/v1/keys" }, "jwks_uri", "but the server publishes its keys at", false, nil},
		{"empty JWKS", func(o *okta) { o.keys = `{"keys":[]}` }, "jwks", "holds no keys", false, nil},
		{"JWKS without usable key", func(o *okta) { o.keys = `{"keys":[{"kty":"EC","alg":"ES256","kid":"a"}]}` }, "jwks", "none with a kid, kty RSA and alg RS256", false, nil},
		{"bad JSON", func(o *okta) { o.raw = `{"issuer": ` }, "discovery", "does not answer JSON", false, nil},
		{"slow server", func(o *okta) { o.delay = 3 * time.Second }, "discovery", "no answer from", false, nil},
		{"404", func(o *okta) { o.status = http.StatusNotFound }, "discovery", "answers 404", false, nil},
		{"redirect", func(o *okta) { o.redirect = "https://elsewhere.example.com/" }, "discovery", "redirects (301) to https://elsewhere.example.com/", false, nil},
		{"no S256", func(o *okta) { o.discovery["code_challenge_methods_supported"] = []string{"plain"} }, "pkce", "lacks S256", false, nil},
		{"no client_secret_post", func(o *okta) { o.discovery["token_endpoint_auth_methods_supported"] = []string{"client_secret_basic"} }, "client_auth", "lacks client_secret_post", true, nil},
		{"no code", func(o *okta) { o.discovery["response_types_supported"] = []string{"id_token"} }, "response_types", "lacks code", false, nil},
		{"missing field", func(o *okta) { delete(o.discovery, "token_endpoint") }, "discovery", "lacks token_endpoint", false, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := newOkta(t)
			if c.spoil != nil {
				c.spoil(o)
			}
			r := resolved(o.issuer(), o.issuer()+"/v1/keys", c.confidential, c.scopes...)
			timeout := 5 * time.Second // generous: a loaded CI machine must not time out by accident
			if o.delay > 0 {
				timeout = 500 * time.Millisecond
			}
			start := time.Now()
			rep := probe.Run(context.Background(), r, probe.Options{Timeout: timeout})
			if o.delay > 0 && time.Since(start) > 2*time.Second {
				t.Errorf("a slow server held the check for %s", time.Since(start))
			}
			if !rep.Failed() {
				t.Fatalf("no failure: %+v", rep.Results)
			}
			s, why := status(rep, c.check)
			if s != probe.Fail || !strings.Contains(why, c.reason) {
				t.Errorf("%s: %s %q, want fail with %q\n%+v", c.check, s, why, c.reason, rep.Results)
			}
		})
	}
	// The unspoiled server passes.
	o := newOkta(t)
	if rep := probe.Run(context.Background(), resolved(o.issuer(), o.issuer()+"/v1/keys", false), probe.Options{}); rep.Failed() {
		t.Errorf("clean server fails: %+v", rep.Results)
	}
}

func TestOpenMetadata(t *testing.T) {
	o := newOkta(t)
	auth := map[string]any{
		"provider": "okta", "providerName": "", "clientType": "public", "enableSelfSignup": false,
		"jwtPrincipalClaims": []string{"email", "preferred_username", "sub"}, "jwtPrincipalClaimsMapping": []string{},
		"clientId": "0oa1abcd2EFGH3ijk4l5", "authority": o.issuer(), "callbackUrl": "https://om.example.com/callback",
		"responseType": "id_token", "publicKeyUrls": []string{},
	}
	om := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/system/config/jwks":
			_, _ = w.Write([]byte(`{"keys":[{"kty":"RSA","kid":"Gb389a-9f76-gdjs-a92j-0242bk94356","alg":"RS256","use":"sig","n":"x","e":"AQAB"}]}`))
		case "/api/v1/system/config/auth":
			_ = json.NewEncoder(w).Encode(auth)
		default:
			http.NotFound(w, r)
		}
	}))
	defer om.Close()
	r := resolved(o.issuer(), o.issuer()+"/v1/keys", false)
	rep := probe.Run(context.Background(), r, probe.Options{OpenMetadata: om.URL})
	for _, n := range []string{"om_jwks", "om_auth"} {
		if s, why := status(rep, n); s != probe.Pass {
			t.Errorf("%s: %s %s", n, s, why)
		}
	}
	auth["provider"] = "google" // a stale config from the database
	auth["authority"] = "https://accounts.google.com"
	rep = probe.Run(context.Background(), r, probe.Options{OpenMetadata: om.URL})
	if s, why := status(rep, "om_auth"); s != probe.Fail || !strings.Contains(why, `provider is "google", settings say "okta"`) || !strings.Contains(why, "remove-security-config") {
		t.Errorf("om_auth: %s %s", s, why)
	}
}

// TLS is verified; --ca-file adds a private CA.
func TestTLS(t *testing.T) {
	var issuer string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/v1/keys") {
			_, _ = w.Write([]byte(`{"keys":[{"kty":"RSA","alg":"RS256","kid":"k","use":"sig"}]}`))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": issuer, "jwks_uri": issuer + "/v1/keys", "authorization_endpoint": "a", "token_endpoint": "t",
			"response_types_supported": []string{"code"}, "scopes_supported": []string{"openid", "profile", "email", "offline_access"}, "code_challenge_methods_supported": []string{"S256"}})
	}))
	defer srv.Close()
	issuer = srv.URL + "/oauth2/default"
	r := resolved(issuer, issuer+"/v1/keys", false)
	rep := probe.Run(context.Background(), r, probe.Options{})
	if s, why := status(rep, "discovery"); s != probe.Fail || !strings.Contains(why, "not trusted") || !strings.Contains(why, "--ca-file") {
		t.Errorf("untrusted: %s %s", s, why)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	if rep := probe.Run(context.Background(), r, probe.Options{CAFile: ca}); rep.Failed() {
		t.Errorf("with --ca-file: %+v", rep.Results)
	}
}
