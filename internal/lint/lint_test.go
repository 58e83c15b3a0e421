package lint_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/internal/lint"
	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
)

type m = map[string]any

func base() m {
	return m{
		"openmetadata": m{"url": "https://om.example.com", "version": "1.12"},
		"okta":         m{"domain": "dev-123456.okta.com", "clientId": "0oa1abcd2EFGH3ijk4l5"},
		"authorizer":   m{"adminPrincipals": []any{"alice"}, "principalDomain": "example.com"},
	}
}

func confidential(s m) {
	s["okta"].(m)["clientType"] = "confidential"
	s["okta"].(m)["clientSecret"] = m{"env": "OKTA_CLIENT_SECRET"}
}

func set(path string, v any) func(m) {
	return func(s m) {
		parts := strings.Split(path, ".")
		cur := s
		for _, p := range parts[:len(parts)-1] {
			next, ok := cur[p].(m)
			if !ok {
				next = m{}
				cur[p] = next
			}
			cur = next
		}
		if v == nil {
			delete(cur, parts[len(parts)-1])
			return
		}
		cur[parts[len(parts)-1]] = v
	}
}

func all(fs ...func(m)) func(m) {
	return func(s m) {
		for _, f := range fs {
			f(s)
		}
	}
}

func run(t *testing.T, mutate func(m), raw string) lint.Result {
	t.Helper()
	s := base()
	if mutate != nil {
		mutate(s)
	}
	data, err := yaml.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if raw != "" {
		data = []byte(raw)
	}
	p := filepath.Join(t.TempDir(), "omsso.yaml")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return lint.Run(settings.Options{File: p, Table: omconf.SettingsTable()})
}

func has(r lint.Result, id string) bool {
	return slices.ContainsFunc(r.Diagnostics, func(d lint.Diagnostic) bool { return d.ID == id })
}

// Every rule has an input that trips it and a close one that does not.
func TestEveryRule(t *testing.T) {
	cases := []struct {
		id         string
		fail, pass func(m)
		failRaw    string
	}{
		{id: settings.RuleRequired, fail: set("okta.clientId", nil), pass: nil},
		{id: settings.RuleInvalid, fail: set("okta.clientId", "0oa 1"), pass: set("okta.clientId", "0oa1")},
		{id: settings.RuleType, fail: set("authorizer.enforcePrincipalDomain", "yes"), pass: set("authorizer.enforcePrincipalDomain", true)},
		{id: settings.RuleUnknownKey, fail: set("okta.clientID", "x"), pass: nil},
		{id: settings.RuleFile, failRaw: "okta: [\n", pass: nil},
		{id: settings.RuleIssuer, fail: all(set("okta.authorizationServer", "org"), set("okta.issuer", "https://dev-123456.okta.com/oauth2/default")), pass: all(set("okta.authorizationServer", "org"), set("okta.issuer", "https://dev-123456.okta.com"))},
		{id: settings.RuleJWKS, fail: all(set("okta.authorizationServer", "org"), set("okta.jwksUrl", "https://dev-123456.okta.com/v1/keys")), pass: all(set("okta.authorizationServer", "org"), set("okta.jwksUrl", "https://dev-123456.okta.com/oauth2/v1/keys"))},
		{id: settings.RuleTrailingSlash, fail: set("okta.issuer", "https://dev-123456.okta.com/oauth2/default/"), pass: set("okta.issuer", "https://dev-123456.okta.com/oauth2/default")},
		{id: settings.RuleDoubleScheme, fail: set("okta.issuer", "http://https://dev-123456.okta.com/oauth2/default"), pass: set("okta.issuer", "https://dev-123456.okta.com/oauth2/default")},
		{id: settings.RuleDomain, fail: set("okta.domain", "https://dev-123456.okta.com"), pass: set("okta.domain", "dev-123456.okta.com")},
		{id: settings.RuleHTTP, fail: set("okta.issuer", "http://dev-123456.okta.com/oauth2/default"), pass: all(set("okta.domain", nil), set("okta.issuer", "http://127.0.0.1/oauth2/default"))},
		{id: settings.RulePlainHTTPURL, fail: set("openmetadata.url", "http://om.example.com"), pass: set("openmetadata.url", "http://localhost:8585")},
		{id: settings.RuleCookie, fail: set("authentication.forceSecureSessionCookie", false), pass: set("authentication.forceSecureSessionCookie", true)},
		{id: settings.RuleOpenID, fail: set("okta.scopes", []any{"email", "profile"}), pass: all(confidential, set("okta.scopes", []any{"openid", "email"}))},
		{id: settings.RuleOfflineAccess, fail: all(confidential, set("okta.scopes", []any{"openid", "offline_access"})), pass: all(confidential, set("okta.scopes", []any{"openid"}))},
		{id: settings.RulePublicScopes, fail: set("okta.scopes", []any{"openid", "email"}), pass: all(confidential, set("okta.scopes", []any{"openid", "email"}))},
		{id: settings.RuleNoSecret, fail: set("okta.clientType", "confidential"), pass: confidential},
		{id: settings.RulePublicSecret, fail: set("okta.clientSecret", m{"env": "X"}), pass: nil},
		{id: settings.RuleLiteralSecret, fail: all(confidential, set("okta.clientSecret", "s3cr3t")), pass: confidential},
		{id: settings.RuleAdminEmails, fail: set("authorizer.adminPrincipals", []any{"alice@example.com"}), pass: set("authorizer.adminPrincipals", []any{"alice"})},
		{id: settings.RulePrincipalDomain, fail: set("authorizer.principalDomain", "example.com,example.org"), pass: set("authorizer.principalDomain", "example.com")},
		{id: settings.RuleAllowedDomains, fail: all(set("authorizer.enforcePrincipalDomain", true), set("authorizer.allowedDomains", []any{"example.org"})), pass: all(set("authorizer.enforcePrincipalDomain", true), set("authorizer.allowedDomains", []any{"example.org", "example.com"}))},
		{id: settings.RuleClaimsMapping, fail: set("authentication.jwtPrincipalClaimsMapping", []any{"name:name"}), pass: set("authentication.jwtPrincipalClaimsMapping", []any{"username:preferred_username", "email:email"})},
		{id: settings.RuleVersionKey, fail: all(set("openmetadata.version", "1.10"), set("authentication.enableAutoRedirect", true)), pass: all(set("openmetadata.version", "1.11"), set("authentication.enableAutoRedirect", true))},
		{id: settings.RuleDBConfig, fail: nil, pass: set("openmetadata.version", "1.9")},
		{id: settings.RuleStickySessions, fail: confidential, pass: nil},
		{id: settings.RuleServerKeyword, fail: set("okta.authorizationServer", "Default"), pass: set("okta.authorizationServer", "default")},
		{id: settings.RuleServerID, fail: set("okta.authorizationServer", "myserver"), pass: set("okta.authorizationServer", "aus1a2b3c4d5e6f7g8h9")},
		{id: settings.RuleAdminHost, fail: set("okta.domain", "dev-123456-admin.okta.com"), pass: set("okta.domain", "dev-123456.okta.com")},
		{id: settings.RuleDomainCase, fail: set("authorizer.principalDomain", "Example.com"), pass: set("authorizer.principalDomain", "example.com")},
		{id: settings.RuleSecretEnvName, fail: all(confidential, set("okta.clientSecret", m{"env": "AUTHENTICATION_CLIENT_ID"})), pass: all(confidential, set("okta.clientSecret", m{"env": "OIDC_CLIENT_SECRET"}))},
		{id: settings.RuleDuplicates, fail: set("authorizer.adminPrincipals", []any{"alice", "alice"}), pass: set("authorizer.adminPrincipals", []any{"alice", "bob"})},
		{id: settings.RuleSessionTrap, fail: all(set("openmetadata.version", "2.0"), set("authentication.maxActiveSessionsPerUser", 10)), pass: all(set("openmetadata.version", "2.1"), set("authentication.maxActiveSessionsPerUser", 10))},
		{id: settings.RuleProviderChange, fail: all(set("openmetadata.version", "2.1"), set("configSource.security", "ENV")), pass: all(set("openmetadata.version", "2.1"), set("configSource.security", "ENV"), set("configSource.confirmProviderChange", true))},
		{id: settings.RuleEmailFirst, fail: set("openmetadata.version", "2.1"), pass: set("openmetadata.version", "2.0")},
		{id: settings.RulePrincipalClaim, fail: set("authentication.jwtPrincipalClaims", []any{"sub", "email"}), pass: set("authentication.jwtPrincipalClaims", []any{"email", "sub"})},
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.id] = true
		t.Run(c.id, func(t *testing.T) {
			if r := run(t, c.fail, c.failRaw); !has(r, c.id) {
				t.Errorf("failing input does not trip %s: %+v", c.id, r.Diagnostics)
			}
			if r := run(t, c.pass, ""); has(r, c.id) {
				t.Errorf("passing input trips %s: %+v", c.id, r.Diagnostics)
			}
		})
	}
	for _, r := range settings.Rules() {
		if !covered[r.ID] {
			t.Errorf("rule %s has no test", r.ID)
		}
	}
}

func TestExitAndFormats(t *testing.T) {
	warnOnly := run(t, set("okta.scopes", []any{"openid", "email"}), "")
	if warnOnly.Failed(false) || !warnOnly.Failed(true) {
		t.Errorf("warnings: failed(false)=%v failed(true)=%v", warnOnly.Failed(false), warnOnly.Failed(true))
	}
	bad := run(t, set("okta.clientId", nil), "")
	if !bad.Failed(false) {
		t.Error("errors must fail")
	}
	var buf bytes.Buffer
	if err := bad.SARIF(&buf); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string } `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Tool.Driver.Rules) != len(settings.Rules()) {
		t.Fatalf("SARIF shape: %s", buf.String())
	}
	found := false
	for _, r := range log.Runs[0].Results {
		if r.RuleID == settings.RuleRequired && r.Level == "error" && len(r.Locations) == 1 && strings.HasSuffix(r.Locations[0].PhysicalLocation.ArtifactLocation.URI, "omsso.yaml") && r.Locations[0].PhysicalLocation.Region.StartLine > 0 {
			found = true
		}
	}
	if !found {
		t.Errorf("no located OMSSO001 result: %s", buf.String())
	}
}

// Rules follow the line: the sticky-sessions rule stops at 2.0 (sessions live in the
// database), values a line does not read name the line that reads them, and the 2.1
// email-first findings show the user's own values.
func TestRulesPerLine(t *testing.T) {
	for _, c := range []struct {
		name    string
		mutate  func(m)
		id      string
		want    bool
		wantMsg string
	}{
		{"sticky 1.13", all(confidential, set("openmetadata.version", "1.13")), settings.RuleStickySessions, true, ""},
		{"sticky 2.0", all(confidential, set("openmetadata.version", "2.0")), settings.RuleStickySessions, false, ""},
		{"sticky 2.1", all(confidential, set("openmetadata.version", "2.1")), settings.RuleStickySessions, false, ""},
		{"session cap on 1.12", set("authentication.maxActiveSessionsPerUser", 10), settings.RuleVersionKey, true, "OpenMetadata 2.0 reads it"},
		{"adminEmails on 2.0", all(set("openmetadata.version", "2.0"), set("authorizer.adminEmails", []any{"alice@example.com"})), settings.RuleVersionKey, true, "OpenMetadata 2.1 (its release is unconfirmed) reads it"},
		{"configSource on 2.0", all(set("openmetadata.version", "2.0"), set("configSource.security", "ENV")), settings.RuleVersionKey, true, "set openmetadata.version: \"2.1\""},
		{"db copy 2.0", set("openmetadata.version", "2.0"), settings.RuleDBConfig, true, "wins over env"},
		{"db copy 2.1 auto", set("openmetadata.version", "2.1"), settings.RuleDBConfig, true, "configSource.security: ENV"},
		{"db copy 2.1 env", all(set("openmetadata.version", "2.1"), set("configSource.security", "ENV")), settings.RuleDBConfig, true, "HTTP 409"},
		{"move admins", set("openmetadata.version", "2.1"), settings.RuleEmailFirst, true, "adminEmails: [alice@example.com]"},
		// An explicit 0 is a value, not "unset": the server would treat it as 5.
		{"session cap 0", all(set("openmetadata.version", "2.0"), set("authentication.maxActiveSessionsPerUser", 0)), settings.RuleInvalid, true, "below 1 as 5"},
		{"session expiry 0", all(set("openmetadata.version", "2.0"), set("authentication.sessionExpiry", 0)), settings.RuleInvalid, true, "at least 3600"},
		{"session cap unset", set("openmetadata.version", "2.0"), settings.RuleInvalid, false, ""},
		{"moved", all(set("openmetadata.version", "2.1"), set("authorizer.adminEmails", []any{"alice@example.com"}), set("authentication.emailClaim", "email"), set("authorizer.botDomain", "example.com")), settings.RuleEmailFirst, false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, c.mutate, "")
			var msgs []string
			for _, d := range r.Diagnostics {
				if d.ID == c.id {
					msgs = append(msgs, d.Message+" / "+d.Fix)
				}
			}
			if (len(msgs) > 0) != c.want {
				t.Fatalf("%s raised = %v, want %v: %+v", c.id, len(msgs) > 0, c.want, r.Diagnostics)
			}
			if c.wantMsg != "" && !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, c.wantMsg) }) {
				t.Errorf("%s: no message with %q: %q", c.id, c.wantMsg, msgs)
			}
		})
	}
}
