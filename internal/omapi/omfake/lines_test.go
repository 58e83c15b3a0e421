package omfake_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/omapi/omfake"
	"github.com/omsso/omsso/internal/upstream"
)

func start2x(t *testing.T, o omfake.Options) *omfake.Server {
	t.Helper()
	o.SchemaDir = upstream.Path(t, "openmetadata-2x", "openmetadata-spec", "src", "main", "resources", "json", "schema")
	o.AdminToken, o.BotToken = admin, "bot-token"
	s, err := omfake.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// A PUT carrying the mask: 2.0 stores the mask, 2.1 puts the stored secret back.
func TestMaskRestorePerLine(t *testing.T) {
	for version, want := range map[string]string{"2.0.10": omfake.Mask, "2.1.0": "real-secret"} {
		s := start2x(t, omfake.Options{Version: version, Initial: okta("real-secret")})
		_, got := do(t, s, "GET", "/api/v1/system/security/config", admin, "", "")
		if resp, msg := do(t, s, "PUT", "/api/v1/system/security/config", admin, "application/json", got); resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", version, resp.StatusCode, msg)
		}
		if sec := s.Stored()["authenticationConfiguration"].(map[string]any)["oidcConfiguration"].(map[string]any)["secret"]; sec != want {
			t.Errorf("%s stored %v, want %v", version, sec, want)
		}
	}
}

// 2.1: settings/source per mode, 409 for a file-owned field in ENV mode (other fields stay
// editable, validate stays allowed), 412 once for an interloper; 2.0 has no source endpoint.
func TestConfigSource(t *testing.T) {
	s := start2x(t, omfake.Options{Version: "2.1.0", Initial: okta("s3cret"), Source: "ENV", Managed: map[string][]string{"authenticationConfiguration": {"/clientId"}}})
	resp, src := do(t, s, "GET", "/api/v1/system/settings/source", admin, "", "")
	if resp.StatusCode != 200 || !strings.Contains(src, `"source":"ENV"`) || !strings.Contains(src, `"managedPaths":["/clientId"]`) || !strings.Contains(src, `"editable":false`) {
		t.Errorf("source: %d %s", resp.StatusCode, src)
	}
	if resp, _ := do(t, s, "GET", "/api/v1/system/settings/source", "bot-token", "", ""); resp.StatusCode != 403 {
		t.Errorf("source for a bot: %d", resp.StatusCode)
	}
	doc := okta("s3cret")
	doc["authenticationConfiguration"].(map[string]any)["clientId"] = "0oaOTHER"
	b, _ := json.Marshal(doc)
	if resp, msg := do(t, s, "PUT", "/api/v1/system/security/config", admin, "application/json", string(b)); resp.StatusCode != 409 || !strings.Contains(msg, "SECURITY_CONFIG_SOURCE=ENV") || !strings.Contains(msg, "/clientId") {
		t.Errorf("ENV PUT: %d %s", resp.StatusCode, msg)
	}
	if resp, _ := do(t, s, "POST", "/api/v1/system/security/validate", admin, "application/json", string(b)); resp.StatusCode != 200 {
		t.Errorf("validate in ENV mode: %d", resp.StatusCode)
	}
	doc = okta("s3cret")
	doc["authenticationConfiguration"].(map[string]any)["jwtTeamClaimMapping"] = "groups"
	b, _ = json.Marshal(doc)
	if resp, msg := do(t, s, "PUT", "/api/v1/system/security/config", admin, "application/json", string(b)); resp.StatusCode != 200 {
		t.Errorf("a field the files do not own: %d %s", resp.StatusCode, msg)
	}
	s2 := start2x(t, omfake.Options{Version: "2.1.0", Initial: okta("s3cret"), Interloper: true})
	for i, want := range []int{412, 200} {
		if resp, msg := do(t, s2, "PUT", "/api/v1/system/security/config", admin, "application/json", string(b)); resp.StatusCode != want {
			t.Errorf("PUT %d: %d %s", i, resp.StatusCode, msg)
		}
	}
	s3 := start2x(t, omfake.Options{Version: "2.0.10"})
	if resp, _ := do(t, s3, "GET", "/api/v1/system/settings/source", admin, "", ""); resp.StatusCode != 404 {
		t.Errorf("2.0 source: %d", resp.StatusCode)
	}
}
