package omapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/omsso/omsso/internal/omapi"
	"github.com/omsso/omsso/internal/omapi/omfake"
	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/upstream"
)

func schemaDir(t *testing.T) string {
	return upstream.Path(t, "openmetadata", "openmetadata-spec", "src", "main", "resources", "json", "schema")
}

func resolved(t *testing.T, confidential bool) *settings.Resolved {
	t.Helper()
	client := "clientId: 0oa1abcd2EFGH3ijk4l5, clientType: public"
	if confidential {
		client = "clientId: 0oa1abcd2EFGH3ijk4l5, clientType: confidential, clientSecret: {env: OKTA_CLIENT_SECRET}"
	}
	f := filepath.Join(t.TempDir(), "omsso.yaml")
	text := "openmetadata: {url: https://openmetadata.example.com, version: \"1.12\"}\nokta: {domain: dev-123456.okta.com, " + client + "}\nauthorizer: {adminPrincipals: [alice], principalDomain: example.com}\nauthentication: {providerName: Okta}\n"
	if err := os.WriteFile(f, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := settings.Load(settings.Options{File: f})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The body omsso PUTs is valid against upstream's securityConfiguration.json on every line,
// for public and confidential clients, and carries exactly the keys of the render's table.
func TestBodyMatchesUpstreamSchema(t *testing.T) {
	check, err := omfake.Compile(schemaDir(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"1.10", "1.11", "1.12"} {
		for _, conf := range []bool{false, true} {
			r := resolved(t, conf)
			want := omapi.Desired(r, line, line+".99", nil)
			secret := ""
			if conf {
				secret = "s3cret"
			}
			body, _ := omapi.Body(nil, want, secret)
			data, _ := json.Marshal(body)
			if err := check(data); err != nil {
				t.Errorf("%s confidential=%v: %v\n%s", line, conf, err, data)
			}
			for _, k := range omconf.Keys() {
				_, inBody := omapi.Get(body, k.Path)
				// Every key of the two stored settings the line reads (configSource.* lives in
				// the deployment files only).
				section, _, _ := strings.Cut(k.Path, ".")
				stored := section == "authenticationConfiguration" || section == "authorizerConfiguration"
				expect := stored && (!k.Confidential || conf) && slices.Index(settings.Versions(), line) >= slices.Index(settings.Versions(), k.Since)
				if inBody != expect {
					t.Errorf("%s confidential=%v: %s in body = %v", line, conf, k.Path, inBody)
				}
			}
			keys, _ := omapi.List(body, "authenticationConfiguration.publicKeyUrls")
			if !slices.ContainsFunc(keys, omapi.IsOMJwks) || omapi.Guard(body) != nil {
				t.Errorf("publicKeyUrls %v", keys)
			}
		}
	}
	// The upstream check is not vacuous: a body without providerName fails it.
	if err := check([]byte(`{"authenticationConfiguration":{"provider":"okta"},"authorizerConfiguration":{}}`)); err == nil || !strings.Contains(err.Error(), "providerName must not be null") {
		t.Errorf("schema check: %v", err)
	}
}

func TestDesiredKeepsTheServersOwnJWKS(t *testing.T) {
	r := resolved(t, false)
	stored := map[string]any{"authenticationConfiguration": map[string]any{"publicKeyUrls": []any{"https://old/v1/keys", "http://openmetadata:8585/api/v1/system/config/jwks"}}}
	got := omapi.Desired(r, "1.12", "1.12.0", stored)["authenticationConfiguration.publicKeyUrls"]
	if !slices.Equal(got.([]string), []string{"https://dev-123456.okta.com/oauth2/default/v1/keys", "http://openmetadata:8585/api/v1/system/config/jwks"}) {
		t.Errorf("got %v", got)
	}
}

func TestLine(t *testing.T) {
	for _, c := range []struct {
		in, line     string
		known, is110 bool
	}{
		{"1.10.14", "1.10", true, true}, {"1.11.7", "1.11", true, true}, {"1.12.6-SNAPSHOT", "1.12", true, true},
		{"1.13.1", "1.13", true, true}, {"2.0.10", "2.0", true, true}, {"2.1.0", "2.1", true, true},
		{"1.14.2", "1.13", false, true}, {"2.2.0", "2.1", false, true}, {"3.0.0", "2.1", false, true}, {"1.9.12", "1.9", true, false}, {"unknown", "", false, false},
	} {
		line, known, ok := omapi.Line(c.in)
		if line != c.line || known != c.known || ok != c.is110 {
			t.Errorf("Line(%q) = %q %v %v", c.in, line, known, ok)
		}
	}
}

// Jackson's coercions and the server's defaults compare equal to what omsso asks for.
func TestNormal(t *testing.T) {
	key := func(p string) omconf.Key { k, _ := omconf.KeyByPath(p); return k }
	o := "authenticationConfiguration.oidcConfiguration."
	for _, c := range []struct {
		path    string
		stored  any
		present bool
		want    any
	}{
		{o + "useNonce", true, true, "true"},
		{o + "useNonce", nil, false, "true"},
		{o + "tokenValidity", float64(3600), true, int64(3600)},
		{o + "tokenValidity", "3600", true, int64(3600)},
		{o + "sessionExpiry", nil, false, int64(604800)},
		{o + "scope", nil, true, "openid email profile"},
		{o + "disablePkce", "true", true, true},
		{o + "customParams", nil, false, map[string]string{}},
		{"authorizerConfiguration.allowedDomains", nil, true, []string{}},
		{"authenticationConfiguration.tokenValidationAlgorithm", nil, false, "RS256"},
		{"authenticationConfiguration.publicKeyUrls", []any{"b", "a", "a"}, true, []string{"a", "b"}},
	} {
		k := key(c.path)
		if got := omapi.Normal(k, c.stored, c.present); !omapi.Equal(k, got, c.want) {
			t.Errorf("%s: %v -> %#v, want %#v", c.path, c.stored, got, c.want)
		}
	}
}

func TestGuard(t *testing.T) {
	ok := map[string]any{"authenticationConfiguration": map[string]any{"publicKeyUrls": []any{"https://x/v1/keys", "http://om:8585/api/v1/system/config/jwks/"}}, "authorizerConfiguration": map[string]any{"adminPrincipals": []any{"alice"}}}
	if err := omapi.Guard(ok); err != nil {
		t.Error(err)
	}
	noJWKS := map[string]any{"authenticationConfiguration": map[string]any{"publicKeyUrls": []any{"https://x/v1/keys"}}, "authorizerConfiguration": map[string]any{"adminPrincipals": []any{"alice"}}}
	if err := omapi.Guard(noJWKS); err == nil || !strings.Contains(err.Error(), "lacks OpenMetadata's own JWKS") {
		t.Errorf("no OM JWKS: %v", err)
	}
	noAdmin := map[string]any{"authenticationConfiguration": map[string]any{"publicKeyUrls": []any{"http://om/api/v1/system/config/jwks"}}, "authorizerConfiguration": map[string]any{"adminPrincipals": []any{" "}}}
	if err := omapi.Guard(noAdmin); err == nil || !strings.Contains(err.Error(), "nobody would be an admin") {
		t.Errorf("no admin: %v", err)
	}
}

func TestSettingOf(t *testing.T) {
	for in, want := range map[string]string{
		"authenticationConfiguration.clientId":                  "okta.clientId",
		"authenticationConfiguration.oidcConfiguration.secret":  "okta.clientSecret",
		"authenticationConfiguration.publicKeyUrls":             "Okta JWKS from okta.domain + okta.authorizationServer, then targets.<target>.omJwksUrl",
		"authorizerConfiguration.adminPrincipals":               "authorizer.adminPrincipals",
		"authorizerConfiguration.adminPrincipals[0]":            "",
		"authenticationConfiguration.oidcConfiguration.scope.x": "okta.scopes",
		"general": "",
	} {
		if got := omapi.SettingOf(in); got != want {
			t.Errorf("SettingOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBackupMasksEverySecret(t *testing.T) {
	doc := omfake.Basic()
	a := doc["authenticationConfiguration"].(map[string]any)
	a["oidcConfiguration"].(map[string]any)["secret"] = "plain-oidc-secret"
	a["ldapConfiguration"].(map[string]any)["dnAdminPassword"] = "plain-ldap-password"
	a["samlConfiguration"].(map[string]any)["sp"].(map[string]any)["spPrivateKey"] = "plain-saml-key"
	path := filepath.Join(t.TempDir(), "b.json")
	got, err := omapi.SaveBackup(path, doc, time.Now())
	if err != nil || got != path {
		t.Fatal(got, err)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "plain-") || strings.Count(string(data), omapi.Mask) != 3 {
		t.Errorf("backup:\n%s", data)
	}
	if _, err := omapi.SaveBackup(path, doc, time.Now()); err == nil {
		t.Error("a backup overwrote a file")
	}
}

// The client reads both validation shapes and hides the token and the secret from server text.
func TestClientAgainstFake(t *testing.T) {
	const tok = "admin-token-1234567890"
	for _, legacy := range []bool{false, true} {
		s, err := omfake.Start(omfake.Options{Version: "1.10.6", LegacyValidation: legacy, SchemaDir: schemaDir(t), AdminToken: tok, Clients: map[string]string{}})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		c, err := omapi.NewClient(omapi.ClientOptions{BaseURL: s.URL + "/", Token: tok, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := omapi.Body(nil, omapi.Desired(resolved(t, false), "1.10", "1.10.0", nil), "")
		errs, err := c.Validate(context.Background(), body)
		if err != nil || len(errs) != 1 || !strings.Contains(errs[0].Error, "Client ID validation failed") {
			t.Errorf("legacy=%v: %v %v", legacy, errs, err)
		}
		if legacy && errs[0].Field != "okta" {
			t.Errorf("legacy component %q", errs[0].Field)
		}
		if !legacy && errs[0].Field != "authenticationConfiguration.clientId" {
			t.Errorf("field %q", errs[0].Field)
		}
	}
	if _, err := omapi.NewClient(omapi.ClientOptions{BaseURL: "https://user:pw@om.example.com", Token: tok}); err == nil {
		t.Error("credentials in the URL accepted")
	}
	if _, err := omapi.NewClient(omapi.ClientOptions{BaseURL: "ftp://om.example.com", Token: tok}); err == nil {
		t.Error("ftp accepted")
	}
}

// Every validate answer shape: the verdict is in the body, never the HTTP status.
func TestValidateShapes(t *testing.T) {
	const tok = "tok-abcdefghijklmnopqrstuvwxyz"
	for _, c := range []struct {
		name, body string
		fields     []string // fields of the errors; nil = passes
		err        string
	}{
		{"success", `{"status":"success"}`, nil, ""},
		{"failed", `{"status":"failed","errors":[{"field":"authenticationConfiguration.providerName","error":"Provider name is required"},{"field":"authenticationConfiguration.oidcConfiguration.id","error":"Client ID validation failed. HTTP response: 404"}]}`, []string{"authenticationConfiguration.providerName", "authenticationConfiguration.oidcConfiguration.id"}, ""},
		{"legacy failed", `{"status":"failed","message":"m","results":[{"component":"okta","status":"failed","message":"bad"},{"component":"authorizer","status":"success","message":"ok"}]}`, []string{"okta"}, ""},
		{"legacy warning passes", `{"status":"warning","message":"m","results":[{"component":"okta","status":"warning","message":"slow"}]}`, nil, ""},
		{"failed without errors", `{"status":"failed","message":"Validation failed: ` + tok + `"}`, []string{"general"}, ""},
		{"unreadable", `{"foo":1}`, nil, "cannot read"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(c.body)) }))
		cl, err := omapi.NewClient(omapi.ClientOptions{BaseURL: srv.URL, Token: tok})
		if err != nil {
			t.Fatal(err)
		}
		errs, err := cl.Validate(context.Background(), map[string]any{})
		srv.Close()
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: err %v", c.name, err)
			}
			continue
		}
		var fields []string
		for _, e := range errs {
			fields = append(fields, e.Field)
			if strings.Contains(e.Error, tok) {
				t.Errorf("%s: the token leaked: %s", c.name, e.Error)
			}
		}
		if err != nil || !slices.Equal(fields, c.fields) {
			t.Errorf("%s: %v %v", c.name, errs, err)
		}
	}
}

// A key a patch release added (enableAutoRedirect, 1.11.5) is not sent to the line's earlier
// releases, so their plan converges.
func TestDesiredHonoursPatchRelease(t *testing.T) {
	r := resolved(t, false)
	for v, want := range map[string]bool{"1.11.0": false, "1.11.4": false, "1.11.5": true, "1.11.13": true, "1.12.1": true, "unknown": true} {
		_, has := omapi.Desired(r, "1.11", v, nil)["authenticationConfiguration.enableAutoRedirect"]
		if v == "1.12.1" {
			_, has = omapi.Desired(r, "1.12", v, nil)["authenticationConfiguration.enableAutoRedirect"]
		}
		if has != want {
			t.Errorf("server %s: enableAutoRedirect desired %v, want %v", v, has, want)
		}
	}
}

// The PUT body keeps what omsso does not own, and leaves out a provider block whose masked
// password cannot be sent back (naming it for the plan).
func TestBodyKeepsForeignFields(t *testing.T) {
	r := resolved(t, false)
	stored := map[string]any{
		"authenticationConfiguration": map[string]any{
			"provider": "ldap", "jwtTeamClaimMapping": "groups",
			"ldapConfiguration": map[string]any{"host": "ldap.example.com", "dnAdminPassword": omapi.Mask},
		},
		"authorizerConfiguration": map[string]any{"testPrincipals": []any{"qa-user"}},
	}
	body, dropped := omapi.Body(stored, omapi.Desired(r, "1.12", "1.12.1", stored), "")
	if v, _ := omapi.Get(body, "authenticationConfiguration.jwtTeamClaimMapping"); v != "groups" {
		t.Errorf("jwtTeamClaimMapping: %v", v)
	}
	if v, _ := omapi.List(body, "authorizerConfiguration.testPrincipals"); !slices.Equal(v, []string{"qa-user"}) {
		t.Errorf("testPrincipals: %v", v)
	}
	if _, ok := omapi.Get(body, "authenticationConfiguration.ldapConfiguration"); ok || len(dropped) != 1 || dropped[0].Block != "authenticationConfiguration.ldapConfiguration" || dropped[0].Identity != "ldap.example.com" ||
		!slices.Equal(dropped[0].Secrets, []string{"authenticationConfiguration.ldapConfiguration.dnAdminPassword"}) {
		t.Errorf("ldap block kept or not named: %v", dropped)
	}
}
