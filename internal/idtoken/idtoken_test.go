package idtoken_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/omsso/omsso/internal/idtoken"
	"github.com/omsso/omsso/internal/idtoken/tokentest"
)

var now = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

type idp struct {
	url         string
	custom, org *tokentest.Key
}

// newIdP serves a custom server's and the org server's key sets, each with its own key.
func newIdP(t *testing.T) *idp {
	t.Helper()
	custom, err := tokentest.NewKey("kid-custom")
	if err != nil {
		t.Fatal(err)
	}
	org, err := tokentest.NewKey("kid-org")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/oauth2/default/v1/keys", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(tokentest.KeySet(custom)) })
	mux.HandleFunc("/oauth2/v1/keys", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(tokentest.KeySet(org)) })
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return &idp{url: s.URL, custom: custom, org: org}
}

func (p *idp) rules() idtoken.Rules {
	return idtoken.RulesFrom(map[string]any{
		"authenticationConfiguration.publicKeyUrls":               []string{p.url + "/oauth2/default/v1/keys", "http://127.0.0.1:1/api/v1/system/config/jwks"},
		"authenticationConfiguration.tokenValidationAlgorithm":    "RS256",
		"authenticationConfiguration.authority":                   p.url + "/oauth2/default",
		"authenticationConfiguration.clientId":                    "0oaclient",
		"authenticationConfiguration.jwtPrincipalClaims":          []string{"email", "preferred_username", "sub"},
		"authenticationConfiguration.jwtPrincipalClaimsMapping":   []string{},
		"authenticationConfiguration.enableSelfSignup":            true,
		"authorizerConfiguration.adminPrincipals":                 []string{"alice"},
		"authorizerConfiguration.principalDomain":                 "example.com",
		"authorizerConfiguration.enforcePrincipalDomain":          true,
		"authorizerConfiguration.allowedDomains":                  []string{},
		"authorizerConfiguration.allowedEmailRegistrationDomains": []string{"all"},
	})
}

func (p *idp) claims(email string) map[string]any {
	return map[string]any{"iss": p.url + "/oauth2/default", "aud": "0oaclient", "sub": "00uabc", "email": email,
		"preferred_username": email, "iat": now.Add(-time.Minute).Unix(), "exp": now.Add(time.Hour).Unix()}
}

func sign(t *testing.T, k *tokentest.Key, c map[string]any) string {
	t.Helper()
	s, err := k.Sign(c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func check(t *testing.T, tok string, r idtoken.Rules) *idtoken.Result {
	t.Helper()
	res, err := idtoken.Check(context.Background(), tok, r, idtoken.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Steps {
		if strings.Contains(s.Detail+s.Fix, tok) || strings.Contains(s.Detail+s.Fix, strings.Split(tok, ".")[2]) {
			t.Fatalf("step %s shows the token", s.Name)
		}
	}
	return res
}

func step(t *testing.T, res *idtoken.Result, name string) idtoken.Step {
	t.Helper()
	for _, s := range res.Steps {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no step %s in %+v", name, res.Steps)
	return idtoken.Step{}
}

func TestCheck(t *testing.T) {
	p := newIdP(t)
	mapping := p.rules()
	mapping.Mapping = map[string]string{"username": "preferred_username", "email": "email"}
	sub := p.rules()
	sub.PrincipalClaims = []string{"sub", "email"}
	wrongClaim := p.rules()
	wrongClaim.PrincipalClaims = []string{"upn"}
	allowed := p.rules()
	allowed.AllowedDomains = []string{"example.org"}
	emailFirst := p.rules()
	emailFirst.EmailClaim, emailFirst.EmailFirstLine, emailFirst.AdminPrincipals, emailFirst.AdminEmails = "email", true, nil, []string{"Alice@Example.com"}
	expired := p.claims("alice@example.com")
	expired["exp"] = now.Add(-time.Second).Unix()
	caseClaim := p.claims("x")
	delete(caseClaim, "email")
	delete(caseClaim, "preferred_username")
	caseClaim["EMAIL"] = "Alice@example.com"
	unverified := p.claims("alice@example.com")
	unverified["email_verified"] = false
	otherAud := p.claims("alice@example.com")
	otherAud["aud"] = []any{"0oaother"}
	otherIss := p.claims("alice@example.com")
	otherIss["iss"] = p.url + "/oauth2/aus1other"
	slashRules := p.rules()
	slashRules.Authority += "/"

	cases := []struct {
		name  string
		key   *tokentest.Key
		c     map[string]any
		rules idtoken.Rules
		ok    bool
		step  string // the failing step, or the step to look at
		want  string // in that step's detail
		fix   string // in its fix
		user  *idtoken.User
	}{
		{"valid admin", p.custom, p.claims("alice@example.com"), p.rules(), true, "admin", "yes", "", &idtoken.User{Name: "alice", Email: "alice@example.com", Admin: true}},
		{"valid non-admin", p.custom, p.claims("Bob@example.com"), p.rules(), true, "admin", "no", "", &idtoken.User{Name: "bob", Email: "bob@example.com"}},
		{"expired", p.custom, expired, p.rules(), false, "expiry", "expired at 2026-12-07T11:59:59Z", "sign in again", nil},
		{"wrong key set", p.org, p.claims("alice@example.com"), p.rules(), false, "key set", `no key set has kid "kid-org"`, "", nil},
		{"wrong claim", p.custom, p.claims("alice@example.com"), wrongClaim, false, "principal", "none of authentication.jwtPrincipalClaims [upn]", "jwtPrincipalClaims", nil},
		{"sub first: not the admin", p.custom, p.claims("alice@example.com"), sub, false, "domain", `domain ""`, "put email first", nil},
		{"wrong domain", p.custom, p.claims("alice@example.net"), p.rules(), false, "domain", `domain "example.net"`, "authorizer.principalDomain", nil},
		{"allowed domains replace the principal domain", p.custom, p.claims("alice@example.com"), allowed, false, "domain", "allowedDomains [example.org]", "allowedDomains", nil},
		{"mapping", p.custom, p.claims("alice@example.com"), mapping, true, "principal", "jwtPrincipalClaimsMapping", "", &idtoken.User{Name: "alice", Email: "alice@example.com", Admin: true}},
		{"claims are case-insensitive", p.custom, caseClaim, p.rules(), true, "principal", `"alice" from claim email`, "", &idtoken.User{Name: "alice", Email: "alice@example.com", Admin: true}},
		{"email-first admin by email", p.custom, p.claims("alice@example.com"), emailFirst, true, "admin", "adminEmails", "", &idtoken.User{Name: "alice", Email: "alice@example.com", Admin: true}},
		{"email-first unverified", p.custom, unverified, emailFirst, false, "email", "email_verified false", "verify", nil},
		{"audience", p.custom, otherAud, p.rules(), false, "audience", `aud ["0oaother"]`, "okta.clientId", nil},
		{"another issuer", p.custom, otherIss, p.rules(), false, "issuer", "okta-auth-js", "okta.issuer", nil},
		{"authority with a trailing slash", p.custom, p.claims("alice@example.com"), slashRules, true, "issuer", "trailing slash", "remove the trailing slash", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := check(t, sign(t, c.key, c.c), c.rules)
			s := step(t, res, c.step)
			if res.OK != c.ok || !strings.Contains(s.Detail, c.want) || !strings.Contains(s.Fix, c.fix) {
				t.Fatalf("ok %v, step %+v; all: %+v", res.OK, s, res.Steps)
			}
			if (!c.ok && s.Status != idtoken.Fail) || (c.fix != "" && s.Fix == "") {
				t.Fatalf("step %s should fail with a fix: %+v", c.step, s)
			}
			if c.user != nil && (res.User == nil || *res.User != *c.user) {
				t.Fatalf("user %+v, want %+v", res.User, c.user)
			}
		})
	}
}

func TestWrongKeySetNamesTheIssuersKeys(t *testing.T) {
	p := newIdP(t)
	c := p.claims("alice@example.com")
	c["iss"] = p.url
	res := check(t, sign(t, p.org, c), p.rules())
	s := step(t, res, "key set")
	if !strings.Contains(s.Fix, p.url+"/oauth2/v1/keys") || !strings.Contains(s.Detail, "none with that kid") || !strings.Contains(s.Detail, "connection refused") {
		t.Fatalf("%+v", s)
	}
}

func TestSignatureAndAlgorithm(t *testing.T) {
	p := newIdP(t)
	tok := sign(t, p.custom, p.claims("alice@example.com"))
	parts := strings.Split(tok, ".")
	forged := sign(t, p.org, p.claims("mallory@example.com"))
	res := check(t, parts[0]+"."+strings.Split(forged, ".")[1]+"."+parts[2], p.rules())
	if s := step(t, res, "signature"); s.Status != idtoken.Fail || res.OK {
		t.Fatalf("a swapped payload passed: %+v", s)
	}
	r := p.rules()
	r.Algorithm = "RS512"
	res = check(t, tok, r)
	if s := step(t, res, "algorithm"); s.Status != idtoken.Fail || !strings.Contains(s.Fix, "tokenValidationAlgorithm") {
		t.Fatalf("%+v", s)
	}
}

func TestNotJWT(t *testing.T) {
	for _, in := range []string{"", "hello", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30", "secret-canary-1234.x.y"} {
		_, err := idtoken.Check(context.Background(), in, idtoken.Rules{}, idtoken.Options{})
		if !errors.Is(err, idtoken.ErrNotJWT) || (in != "" && strings.Contains(err.Error(), in)) {
			t.Fatalf("%q: %v", in, err)
		}
	}
}

func TestJWKSURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://x.okta.com":                  "https://x.okta.com/oauth2/v1/keys",
		"https://x.okta.com/oauth2/default":   "https://x.okta.com/oauth2/default/v1/keys",
		"https://x.okta.com/oauth2/aus123abc": "https://x.okta.com/oauth2/aus123abc/v1/keys",
	} {
		if got := idtoken.JWKSURL(in); got != want {
			t.Errorf("%s: %s", in, got)
		}
	}
}
