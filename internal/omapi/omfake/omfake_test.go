package omfake_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/omapi/omfake"
	"github.com/omsso/omsso/internal/upstream"
)

const admin = "admin-token"

func start(t *testing.T, o omfake.Options) *omfake.Server {
	t.Helper()
	o.SchemaDir = upstream.Path(t, "openmetadata", "openmetadata-spec", "src", "main", "resources", "json", "schema")
	if o.Version == "" {
		o.Version = "1.12.6"
	}
	o.AdminToken, o.BotToken = admin, "bot-token"
	s, err := omfake.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func do(t *testing.T, s *omfake.Server, method, path, token, ctype, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func okta(secret string) map[string]any {
	doc := omfake.Basic()
	a := doc["authenticationConfiguration"].(map[string]any)
	a["provider"], a["providerName"], a["clientType"], a["clientId"] = "okta", "Okta", "confidential", "0oaX"
	a["authority"], a["callbackUrl"] = "https://dev-1.okta.com/oauth2/default", "https://om.example.com/callback"
	o := a["oidcConfiguration"].(map[string]any)
	o["id"], o["secret"], o["discoveryUri"] = "0oaX", secret, "https://dev-1.okta.com/oauth2/default/.well-known/openid-configuration"
	delete(a, "ldapConfiguration")
	delete(a, "samlConfiguration")
	return doc
}

func TestQuirks(t *testing.T) {
	s := start(t, omfake.Options{})
	// 401 and 403 with WWW-Authenticate: om-auth.
	for tok, st := range map[string]int{"": 401, "nope": 401, "bot-token": 403} {
		resp, _ := do(t, s, "GET", "/api/v1/system/security/config", tok, "", "")
		if resp.StatusCode != st || resp.Header.Get("WWW-Authenticate") != "om-auth" {
			t.Errorf("token %q: %d %q", tok, resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
		}
	}
	// The mask on GET, stored verbatim when PUT back.
	b, _ := json.Marshal(okta("real-secret"))
	if resp, _ := do(t, s, "PUT", "/api/v1/system/security/config", admin, "application/json", string(b)); resp.StatusCode != 200 {
		t.Fatal(resp.StatusCode)
	}
	_, got := do(t, s, "GET", "/api/v1/system/security/config", admin, "", "")
	if !strings.Contains(got, `"secret":"*********"`) || strings.Contains(got, "real-secret") {
		t.Errorf("GET: %s", got)
	}
	if resp, _ := do(t, s, "PUT", "/api/v1/system/security/config", admin, "application/json", got); resp.StatusCode != 200 {
		t.Fatal(resp.StatusCode)
	}
	if sec := s.Stored()["authenticationConfiguration"].(map[string]any)["oidcConfiguration"].(map[string]any)["secret"]; sec != omfake.Mask {
		t.Errorf("the mask was not stored verbatim: %v", sec)
	}
	// Bean validation: 400 with the Dropwizard body.
	resp, msg := do(t, s, "PUT", "/api/v1/system/security/config", admin, "application/json", `{"authenticationConfiguration":{"provider":"okta"}}`)
	if resp.StatusCode != 400 || !strings.Contains(msg, "authorizerConfiguration must not be null") {
		t.Errorf("bean: %d %s", resp.StatusCode, msg)
	}
	// Validate: 200 even when it fails.
	resp, msg = do(t, s, "POST", "/api/v1/system/security/validate", admin, "application/json", string(b))
	if resp.StatusCode != 200 || !strings.Contains(msg, `"status":"failed"`) {
		t.Errorf("validate: %d %s", resp.StatusCode, msg)
	}
	// /system/config/auth: public, a subset with POJO defaults.
	_, msg = do(t, s, "GET", "/api/v1/system/config/auth", "", "", "")
	if !strings.Contains(msg, `"publicKeyUrls":[]`) || !strings.Contains(msg, `"clientId":"0oaX"`) || strings.Contains(msg, "oidcConfiguration") {
		t.Errorf("config/auth: %s", msg)
	}
}

// PATCH drops OIDC operations while the stored provider is not OIDC, silently (204).
func TestPatchProviderFilter(t *testing.T) {
	s := start(t, omfake.Options{})
	patch := `[{"op":"replace","path":"/authenticationConfiguration/provider","value":"okta"},{"op":"replace","path":"/authenticationConfiguration/oidcConfiguration/id","value":"0oaX"}]`
	resp, _ := do(t, s, "PATCH", "/api/v1/system/security/config", admin, "application/json-patch+json", patch)
	if resp.StatusCode != 204 {
		t.Fatal(resp.StatusCode)
	}
	a := s.Stored()["authenticationConfiguration"].(map[string]any)
	if a["provider"] != "okta" || a["oidcConfiguration"].(map[string]any)["id"] != "" {
		t.Errorf("provider %v, oidc id %v", a["provider"], a["oidcConfiguration"].(map[string]any)["id"])
	}
	// Now the provider is OIDC: the same op goes through.
	do(t, s, "PATCH", "/api/v1/system/security/config", admin, "application/json-patch+json", patch)
	if id := s.Stored()["authenticationConfiguration"].(map[string]any)["oidcConfiguration"].(map[string]any)["id"]; id != "0oaX" {
		t.Errorf("oidc id %v", id)
	}
}

func TestOldServer(t *testing.T) {
	s := start(t, omfake.Options{Version: "1.9.12"})
	resp, _ := do(t, s, "GET", "/api/v1/system/security/config", admin, "", "")
	if resp.StatusCode != 404 {
		t.Errorf("1.9: %d", resp.StatusCode)
	}
	_, v := do(t, s, "GET", "/api/v1/system/version", "", "", "")
	if !strings.Contains(v, `"version":"1.9.12"`) {
		t.Error(v)
	}
}
