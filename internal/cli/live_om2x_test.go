package cli_test

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/omapi/omfake"
	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/upstream"
)

// schemaDir2x is the 2.x schema folder (2.1-era authentication, 2.0 authorizer).
func schemaDir2x(t *testing.T) string {
	return upstream.Path(t, "openmetadata-2x", "openmetadata-spec", "src", "main", "resources", "json", "schema")
}

// start2x runs a fake of a 2.x line with the 2.x schemas.
func start2x(t *testing.T, o omfake.Options) *omfake.Server {
	t.Helper()
	o.SchemaDir = schemaDir2x(t)
	return startOM(t, o)
}

// plan, apply, plan converges on every line omsso knows, public and confidential, with the
// settings naming the server's line; the 2.x lines start from a row a 1.x server wrote.
func TestOpenMetadataLinesConverge(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	t.Setenv("OMSSO_TEST_SECRET", canarySecret)
	for _, sv := range []struct{ version, line string }{{"1.12.6", "1.12"}, {"1.13.1", "1.13"}, {"2.0.10", "2.0"}, {"2.1.0", "2.1"}} {
		for _, conf := range []bool{false, true} {
			t.Run(sv.line+map[bool]string{false: "/public", true: "/confidential"}[conf], func(t *testing.T) {
				dir := t.TempDir()
				o := omfake.Options{Version: sv.version, AutoPopulate: true}
				var s *omfake.Server
				if strings.HasPrefix(sv.line, "2.") {
					s = start2x(t, o)
				} else {
					s = startOM(t, o)
				}
				f := settingsFile(t, dir, conf, sv.line, "")
				code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b.json"))...)
				if code != 0 || !strings.HasSuffix(out, "openmetadata: no changes. The live configuration matches the settings.\n") {
					t.Fatalf("apply: %d\n%s\n%s", code, out, errs)
				}
				if strings.Contains(out, "newer than the lines omsso knows") {
					t.Errorf("%s is a known line:\n%s", sv.version, out)
				}
				all := strings.Contains(out, "the other servers pick the change up")
				if all != (sv.line == "2.1") {
					t.Errorf("reload scope wrong for %s:\n%s", sv.line, out)
				}
				if sv.line == "2.1" && !strings.Contains(out, "authenticationConfiguration is in AUTO mode") {
					t.Errorf("2.1 plan does not name the config source mode:\n%s", out)
				}
				code, out2, errs2 := runOM(t, "", omArgs("plan", f, s.URL, "--detailed-exitcode")...)
				if code != 0 {
					t.Fatalf("re-plan: %d\n%s\n%s", code, out2, errs2)
				}
				if conf {
					if got := s.Stored()["authenticationConfiguration"].(map[string]any)["oidcConfiguration"].(map[string]any)["secret"]; got != canarySecret {
						t.Errorf("stored secret %v", got)
					}
				}
				noCanary(t, dir, out, errs, out2, errs2)
			})
		}
	}
}

// 2.1 ENV mode: apply refuses before any write to a field the deployment files own, naming
// the env var and the render command; fields they do not own stay editable.
func TestOpenMetadata21EnvMode(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	dir := t.TempDir()
	s := start2x(t, omfake.Options{Version: "2.1.0", Source: "ENV", Managed: map[string][]string{"authenticationConfiguration": {"/provider", "/clientId", "/authority"}}})
	before := s.Stored()
	f := settingsFile(t, dir, false, "2.1", "")
	code, out, errs := runOM(t, "", omArgs("plan", f, s.URL)...)
	for _, w := range []string{"authenticationConfiguration is in ENV mode (SECURITY_CONFIG_SOURCE=ENV)", "owned by the deployment files (SECURITY_CONFIG_SOURCE=ENV): the API refuses it (409); it comes from AUTHENTICATION_CLIENT_ID", "apply refuses them", "omsso render -f " + f} {
		if !strings.Contains(out, w) {
			t.Errorf("plan lacks %q:\n%s\n%s", w, out, errs)
		}
	}
	if code != 0 {
		t.Fatalf("plan %d", code)
	}
	code, out, errs = runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b.json"))...)
	for _, w := range []string{"refusing to save: OpenMetadata runs its security settings in ENV mode", "authenticationConfiguration.clientId: set by AUTHENTICATION_CLIENT_ID (settings: okta.clientId)", "omsso render -f " + f, "nothing was saved"} {
		if !strings.Contains(errs, w) {
			t.Errorf("apply stderr lacks %q:\n%s", w, errs)
		}
	}
	if code != 1 || !reflect.DeepEqual(before, s.Stored()) {
		t.Errorf("apply %d changed the stored config", code)
	}
	for _, rq := range s.Requests() {
		if rq.Method == "PUT" {
			t.Errorf("apply sent a PUT in ENV mode")
		}
	}
	noCanary(t, dir, out, errs)
}

// The server's own refusals map to one line with the fix: 409 when omsso could not know the
// field was owned, 412 when another writer won.
func TestOpenMetadata21Conflicts(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	for _, c := range []struct {
		name string
		o    omfake.Options
		want []string
	}{
		{"409 without the source endpoint", omfake.Options{Fail: map[string]int{"GET /api/v1/system/settings/source": 404}, Source: "ENV", Managed: map[string][]string{"authenticationConfiguration": {"/clientId"}}},
			[]string{"HTTP 409", "SECURITY_CONFIG_SOURCE=ENV", "omsso render", "nothing was saved"}},
		{"412", omfake.Options{Interloper: true}, []string{"HTTP 412", "someone else saved the security config", "Run omsso plan"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.o.Version = "2.1.0"
			s := start2x(t, c.o)
			f := settingsFile(t, dir, false, "2.1", "")
			code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b.json"))...)
			if code != 1 {
				t.Fatalf("exit %d\n%s\n%s", code, out, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if strings.Contains(errs, "run apply again to finish") {
				t.Errorf("a refused write is not a half-done apply:\n%s", errs)
			}
			noCanary(t, dir, out, errs)
		})
	}
}

// AUTO and DB: the plan lists the deployment values the stored config overrides, and the
// server's reload error (escaped).
func TestOpenMetadata21Overridden(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	dir := t.TempDir()
	s := start2x(t, omfake.Options{Version: "2.1.0", Source: "DB", ReloadError: "JWKS fetch failed\x1b[2K",
		Overridden: map[string][]omfake.Overridden{"authenticationConfiguration": {{Path: "/oidcConfiguration/clientAuthenticationMethod", EnvVariable: "OIDC_CLIENT_AUTH_METHOD"}, {Path: "/clientId\x1b[31m", EnvVariable: "X\x07"}}}})
	f := settingsFile(t, dir, false, "2.1", "")
	code, out, errs := runOM(t, "", omArgs("plan", f, s.URL)...)
	for _, w := range []string{"authenticationConfiguration is in DB mode", "the stored authenticationConfiguration.oidcConfiguration.clientAuthenticationMethod overrides a value the deployment files set (OIDC_CLIENT_AUTH_METHOD)", `JWKS fetch failed\x1b[2K`, `clientId\x1b[31m overrides a value the deployment files set (X\`} {
		if !strings.Contains(out, w) {
			t.Errorf("plan lacks %q:\n%s", w, out)
		}
	}
	if code != 0 || strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("plan %d or raw control characters:\n%s\n%s", code, out, errs)
	}
}

// check --openmetadata-api-url on 2.1 lists the deployment values the server ignores (admin token
// needed); without a token it says how to get the report.
func TestCheckListsOverriddenSettings(t *testing.T) {
	dir := t.TempDir()
	s := start2x(t, omfake.Options{Version: "2.1.0", Source: "AUTO",
		Overridden: map[string][]omfake.Overridden{"authenticationConfiguration": {{Path: "/clientId", EnvVariable: "AUTHENTICATION_CLIENT_ID"}}}})
	f := settingsFile(t, dir, false, "2.1", "")
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	_, out, errs := runOM(t, "", "check", "-f", f, "--openmetadata-api-url", s.URL, "--timeout", "2s")
	for _, w := range []string{"om_source.authentication", "AUTO mode: the server ignores these deployment values of authenticationConfiguration because the stored config overrides them: clientId (AUTHENTICATION_CLIENT_ID)", "adopt-deployment-config --type authenticationConfiguration", "om_source.authorizer"} {
		if !strings.Contains(out, w) {
			t.Errorf("check lacks %q:\n%s\n%s", w, out, errs)
		}
	}
	noCanary(t, dir, out, errs)
	t.Setenv("OPENMETADATA_TOKEN", "")
	_, out, _ = runOM(t, "", "check", "-f", f, "--openmetadata-api-url", s.URL, "--timeout", "2s")
	if !strings.Contains(out, "can say which deployment values it ignores") {
		t.Errorf("no hint without a token:\n%s", out)
	}
}

// A restore on a 2.1 server in ENV mode is refused the same way before any write.
func TestRestore21EnvMode(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	dir := t.TempDir()
	s := start2x(t, omfake.Options{Version: "2.1.0"})
	f := settingsFile(t, dir, false, "2.1", "")
	backup := filepath.Join(dir, "b.json")
	if code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", backup)...); code != 0 {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	s.Close()
	s2 := start2x(t, omfake.Options{Version: "2.1.0", Initial: s.Stored(), Source: "ENV", Managed: map[string][]string{"authenticationConfiguration": {"/provider"}}})
	code, out, errs := runOM(t, "", omArgs("apply", f, s2.URL, "--auto-approve", "--restore", backup)...)
	if code != 1 || !strings.Contains(errs, "authenticationConfiguration.provider: set by AUTHENTICATION_PROVIDER") || !strings.Contains(errs, "omsso render -f ") {
		t.Errorf("%d\n%s\n%s", code, out, errs)
	}
	if s2.Reloads() != 0 {
		t.Errorf("a refused restore saved")
	}
}

// The 2.0 upgrade trap: a row a 1.x server wrote lacks the session keys and 2.0 ignores their
// env values on it; apply sets them through the API, saying why, and converges.
func TestOpenMetadata20UpgradeTrap(t *testing.T) {
	if _, ok := omconf.KeyByPath("authenticationConfiguration.maxActiveSessionsPerUser"); !ok {
		t.Skip("the key table has no 2.0 session keys on this branch (they come with the 1.13/2.0/2.1 key-table work)")
	}
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	dir := t.TempDir()
	s := start2x(t, omfake.Options{Version: "2.0.10"}) // omfake.Basic(): no session keys, as 1.x wrote it
	f := writeFile(t, dir, "sessions.yaml", `openmetadata: {url: https://openmetadata.example.com, version: "2.0"}
okta: {domain: dev-123456.okta.com, authorizationServer: default, clientId: `+publicID+`, clientType: public}
authorizer: {adminPrincipals: [alice], principalDomain: example.com}
authentication: {providerName: Okta, maxActiveSessionsPerUser: 10, sessionExpiry: 86400}
`)
	code, out, errs := runOM(t, "", omArgs("plan", f, s.URL)...)
	for _, w := range []string{"authenticationConfiguration.maxActiveSessionsPerUser", "the stored config lacks it (written before this line read it), so the server ignores AUTHENTICATION_MAX_ACTIVE_SESSIONS_PER_USER from the deployment: this save sets it", "AUTHENTICATION_SESSION_EXPIRY"} {
		if !strings.Contains(out, w) {
			t.Errorf("plan lacks %q:\n%s\n%s", w, out, errs)
		}
	}
	if code != 0 {
		t.Fatalf("plan %d", code)
	}
	code, out, errs = runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b.json"))...)
	if code != 0 {
		t.Fatalf("apply %d\n%s\n%s", code, out, errs)
	}
	a := s.Stored()["authenticationConfiguration"].(map[string]any)
	if a["maxActiveSessionsPerUser"] != float64(10) || a["sessionExpiry"] != float64(86400) {
		t.Errorf("stored session keys: %v %v", a["maxActiveSessionsPerUser"], a["sessionExpiry"])
	}
	noCanary(t, dir, out, errs)
}
