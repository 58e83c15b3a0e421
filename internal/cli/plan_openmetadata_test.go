package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/omsso/omsso/internal/cli"
	"github.com/omsso/omsso/internal/omapi/omfake"
	"github.com/omsso/omsso/internal/upstream"
)

// Canaries: neither may appear in any output or file omsso writes.
const (
	canaryToken  = "eyJcanaryTOKEN-om-admin-pat-0123456789abcdef"
	canarySecret = "canarySECRET-okta-client-9876543210fedcba"
	botToken     = "eyJbot-token-ingestion-bot"
	publicID     = "0oa1abcd2EFGH3ijk4l5"
	confID       = "0oa9conf2EFGH3ijk4l5"
	oktaJWKS     = "https://dev-123456.okta.com/oauth2/default/v1/keys"
)

func schemaDir(t *testing.T) string {
	return upstream.Path(t, "openmetadata", "openmetadata-spec", "src", "main", "resources", "json", "schema")
}

func startOM(t *testing.T, o omfake.Options) *omfake.Server {
	t.Helper()
	if o.Version == "" {
		o.Version = "1.12.6"
	}
	if o.SchemaDir == "" {
		o.SchemaDir = schemaDir(t)
	}
	o.AdminToken, o.BotToken = canaryToken, botToken
	o.OktaJWKS = oktaJWKS
	if o.Clients == nil {
		o.Clients = map[string]string{publicID: "", confID: canarySecret}
	}
	s, err := omfake.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// settingsFile writes omsso settings; confidential clients read the secret from $OMSSO_TEST_SECRET.
func settingsFile(t *testing.T, dir string, confidential bool, version string, admins string) string {
	t.Helper()
	client := "clientId: " + publicID + ", clientType: public"
	if confidential {
		client = "clientId: " + confID + ", clientType: confidential, clientSecret: {env: OMSSO_TEST_SECRET}"
	}
	if admins == "" {
		admins = "[alice, bob]"
	}
	text := `openmetadata: {url: https://openmetadata.example.com, version: "` + version + `"}
okta: {domain: dev-123456.okta.com, authorizationServer: default, ` + client + `}
authorizer: {adminPrincipals: ` + admins + `, principalDomain: example.com}
authentication: {providerName: Okta}
`
	p := filepath.Join(dir, "omsso-"+strings.ReplaceAll(time.Now().Format("150405.000000000"), ".", "")+".yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func runOM(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.RunIO(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// noCanary fails when a canary shows up in any output or in the files of dir.
func noCanary(t *testing.T, dir string, outputs ...string) {
	t.Helper()
	for _, o := range outputs {
		for _, c := range []string{canaryToken, canarySecret} {
			if strings.Contains(o, c) {
				t.Errorf("a canary leaked into the output:\n%s", o)
			}
		}
	}
	if dir == "" {
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		if strings.Contains(string(b), canaryToken) || strings.Contains(string(b), canarySecret) {
			t.Errorf("a canary leaked into %s", e.Name())
		}
	}
}

func omArgs(cmd, settings, url string, extra ...string) []string {
	return append([]string{cmd, "-f", settings, "--target", "openmetadata", "--openmetadata-api-url", url}, extra...)
}

// plan, apply --auto-approve, plan: the second plan shows no changes, for public and
// confidential clients on the 1.10 (legacy validation shape), 1.11 and 1.12 servers.
func TestOpenMetadataPlanApplyPlan(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	t.Setenv("OMSSO_TEST_SECRET", canarySecret)
	servers := []struct {
		version, line string
		legacy, auto  bool
	}{
		{"1.10.14", "1.10", true, false},
		{"1.11.7", "1.11", false, true},
		{"1.12.6", "1.12", false, true},
	}
	for _, sv := range servers {
		for _, conf := range []bool{false, true} {
			name := sv.line + "/public"
			if conf {
				name = sv.line + "/confidential"
			}
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				s := startOM(t, omfake.Options{Version: sv.version, LegacyValidation: sv.legacy, AutoPopulate: sv.auto})
				f := settingsFile(t, dir, conf, sv.line, "")
				code, out, errs := runOM(t, "", omArgs("plan", f, s.URL, "--detailed-exitcode")...)
				if code != 2 || !strings.Contains(out, "~ authenticationConfiguration.provider: \"basic\" -> \"okta\"") || !strings.Contains(out, "password login ends") {
					t.Fatalf("plan: exit %d\n%s\n%s", code, out, errs)
				}
				if sv.line == "1.10" && strings.Contains(out, "forceSecureSessionCookie") {
					t.Errorf("1.10 does not read forceSecureSessionCookie:\n%s", out)
				}
				backup := filepath.Join(dir, "backup.json")
				code, out, errs = runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", backup)...)
				if code != 0 {
					t.Fatalf("apply: exit %d\n%s\n%s", code, out, errs)
				}
				for _, want := range []string{"validation passed", "saved the current config (secrets masked) to " + backup, "--restore " + backup, "remove-security-config --force", "kubectl rollout restart deployment/openmetadata", "docker compose restart openmetadata-server", "Re-plan after apply:", "openmetadata: no changes."} {
					if !strings.Contains(out, want) {
						t.Errorf("apply output lacks %q:\n%s", want, out)
					}
				}
				code, out2, errs2 := runOM(t, "", omArgs("plan", f, s.URL, "--detailed-exitcode")...)
				if code != 0 || !strings.Contains(out2, "openmetadata: no changes.") {
					t.Fatalf("re-plan: exit %d\n%s\n%s", code, out2, errs2)
				}
				stored := s.Stored()
				authn := stored["authenticationConfiguration"].(map[string]any)
				if conf {
					if got := authn["oidcConfiguration"].(map[string]any)["secret"]; got != canarySecret {
						t.Errorf("stored secret is %v, want the one from the settings' env var", got)
					}
				} else if _, ok := authn["oidcConfiguration"]; ok {
					t.Errorf("a public client's body carried oidcConfiguration")
				}
				for _, rq := range s.Requests() {
					if rq.Method == "PATCH" {
						t.Errorf("apply used PATCH")
					}
					if rq.Method == "PUT" && strings.Contains(rq.Body, omfake.Mask) {
						t.Errorf("PUT sent the mask back: %s", rq.Body)
					}
				}
				if st, err := os.Stat(backup); err != nil || st.Mode().Perm() != 0o600 {
					t.Errorf("backup: %v %v", st, err)
				}
				noCanary(t, dir, out, errs, out2, errs2)
			})
		}
	}
}

// A later settings change on an okta install: one change each, applied and converged.
func TestOpenMetadataChanges(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	t.Setenv("OMSSO_TEST_SECRET", canarySecret)
	const other = "0oa2other3FGH4ijk5l6"
	cases := []struct {
		name   string
		spoil  func(stored map[string]any) // the server's state before the plan
		change func(t *testing.T, dir string) string
		want   []string
	}{
		{name: "changed admin list", change: func(t *testing.T, dir string) string { return settingsFile(t, dir, false, "1.12", "[alice, carol]") },
			want: []string{"~ authorizerConfiguration.adminPrincipals:\n        + \"carol\"\n        - \"bob\"\n          (1 unchanged element hidden)\n", "openmetadata: 1 change.", "Plan: 0 to add, 1 to change, 0 to destroy."}},
		{name: "changed client", change: func(t *testing.T, dir string) string {
			f := settingsFile(t, dir, false, "1.12", "")
			b, _ := os.ReadFile(f)
			_ = os.WriteFile(f, []byte(strings.ReplaceAll(string(b), publicID, other)), 0o600)
			return f
		}, want: []string{`~ authenticationConfiguration.clientId: "` + publicID + `" -> "` + other + `"`, "openmetadata: 1 change."}},
		{name: "stale publicKeyUrls", spoil: func(st map[string]any) {
			st["authenticationConfiguration"].(map[string]any)["publicKeyUrls"] = []any{"https://dev-123456.okta.com/oauth2/ausOLD/v1/keys", "http://om:8585/api/v1/system/config/jwks"}
		}, change: func(t *testing.T, dir string) string { return settingsFile(t, dir, false, "1.12", "") },
			want: []string{"~ authenticationConfiguration.publicKeyUrls:\n        + \"" + oktaJWKS + "\"\n        - \"https://dev-123456.okta.com/oauth2/ausOLD/v1/keys\"\n          (1 unchanged element hidden)\n"}},
		{name: "server-filled defaults and reordered keys are no change", spoil: func(st map[string]any) {
			a := st["authenticationConfiguration"].(map[string]any)
			a["publicKeyUrls"] = []any{"http://localhost:8585/api/v1/system/config/jwks", oktaJWKS}
			delete(a, "tokenValidationAlgorithm")
			delete(a, "responseType")
			a["jwtPrincipalClaimsMapping"] = nil
		}, change: func(t *testing.T, dir string) string { return settingsFile(t, dir, false, "1.12", "") },
			want: []string{"openmetadata: no changes."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			s := startOM(t, omfake.Options{Clients: map[string]string{publicID: "", other: ""}})
			f := settingsFile(t, dir, false, "1.12", "")
			if code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b0.json"))...); code != 0 {
				t.Fatalf("first apply: %d\n%s\n%s", code, out, errs)
			}
			if c.spoil != nil {
				st := s.Stored()
				c.spoil(st)
				s.SetStored(st)
			}
			f = c.change(t, dir)
			code, out, errs := runOM(t, "", omArgs("plan", f, s.URL)...)
			if code != 0 {
				t.Fatalf("plan: %d\n%s\n%s", code, out, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("plan lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "password login ends") {
				t.Errorf("no provider switch here:\n%s", out)
			}
			code, out, errs = runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b1.json"))...)
			if code != 0 || !strings.HasSuffix(out, "openmetadata: no changes. The live configuration matches the settings.\n") {
				t.Fatalf("apply: %d\n%s\n%s", code, out, errs)
			}
			noCanary(t, dir, out, errs)
		})
	}
}

// Every failure: one clear line with cause and fix, exit 1, nothing saved.
func TestOpenMetadataErrors(t *testing.T) {
	t.Setenv("OMSSO_TEST_SECRET", canarySecret)
	cases := []struct {
		name     string
		opts     omfake.Options
		conf     bool
		token    string // "" = the admin's
		secret   string // "" = the right one
		clientID string
		cmd      []string
		want     []string
	}{
		{name: "401 expired token", token: "eyJ-expired-or-unknown", cmd: []string{"plan"},
			want: []string{"HTTP 401 on GET /api/v1/system/security/config", "invalid or expired", "create a new personal access token"}},
		{name: "403 bot token", token: botToken, cmd: []string{"plan"},
			want: []string{"HTTP 403", "bot tokens (e.g. ingestion-bot) always get 403 here", "admin's personal access token", "Generate New Token"}},
		{name: "500 on PUT", opts: omfake.Options{Fail: map[string]int{"PUT /api/v1/system/security/config": 500}}, cmd: []string{"apply", "--auto-approve"},
			want: []string{"HTTP 500", "Failed to update security configuration", "see the server log", "may be stored anyway", "restore "}},
		{name: "502 on GET", opts: omfake.Options{Fail: map[string]int{"GET /api/v1/system/security/config": 502}}, cmd: []string{"plan"},
			want: []string{"HTTP 502"}},
		{name: "1.9 server", opts: omfake.Options{Version: "1.9.12"}, cmd: []string{"plan"},
			want: []string{"is 1.9.12: servers before 1.10 have no security API", "the files omsso render writes are enough"}},
		{name: "no security endpoint (404)", opts: omfake.Options{Version: "1.10.0", Fail: map[string]int{"GET /api/v1/system/security/config": 404}}, cmd: []string{"plan"},
			want: []string{"(HTTP 404): servers before 1.10 have no security API"}},
		{name: "timeout", opts: omfake.Options{Delay: 3 * time.Second}, cmd: []string{"plan", "--timeout", "200ms"},
			want: []string{"did not answer GET /api/v1/system/version within 200ms", "raise --timeout"}},
		{name: "validation: unknown public client", clientID: "0oaUNKNOWN0000000000", cmd: []string{"apply", "--auto-approve"},
			want: []string{"validation failed, nothing was saved", "authenticationConfiguration.clientId: Client ID validation failed. HTTP response: 404 (settings: okta.clientId)"}},
		{name: "validation: wrong secret", conf: true, secret: "wrong-secret-value", cmd: []string{"apply", "--auto-approve"},
			want: []string{"authenticationConfiguration.oidcConfiguration.secret: Invalid client credentials. HTTP response: 401 (settings: okta.clientSecret)"}},
		{name: "validation, legacy shape", opts: omfake.Options{Version: "1.10.1", LegacyValidation: true}, clientID: "0oaUNKNOWN0000000000", cmd: []string{"apply", "--auto-approve"},
			want: []string{"validation failed, nothing was saved", "okta: Client ID validation failed. HTTP response: 404 (settings: okta.*, authentication.*)"}},
		{name: "apply without a terminal or --auto-approve", cmd: []string{"apply"},
			want: []string{"apply needs consent"}},
		{name: "secret env unset", conf: true, secret: "-", cmd: []string{"apply", "--auto-approve"},
			want: []string{"$OMSSO_TEST_SECRET (okta.clientSecret.env) is empty or unset"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			s := startOM(t, c.opts)
			before := s.Stored()
			tok := canaryToken
			if c.token != "" {
				tok = c.token
			}
			t.Setenv("OPENMETADATA_TOKEN", tok)
			switch c.secret {
			case "-":
				t.Setenv("OMSSO_TEST_SECRET", "")
			case "":
			default:
				t.Setenv("OMSSO_TEST_SECRET", c.secret)
			}
			f := settingsFile(t, dir, c.conf, "1.12", "")
			if c.clientID != "" {
				b, _ := os.ReadFile(f)
				_ = os.WriteFile(f, []byte(strings.ReplaceAll(string(b), publicID, c.clientID)), 0o600)
			}
			args := omArgs(c.cmd[0], f, s.URL, c.cmd[1:]...)
			if c.cmd[0] == "apply" {
				args = append(args, "--backup-file", filepath.Join(dir, "backup.json"))
			}
			code, out, errs := runOM(t, "", args...)
			if os.Getenv("OMSSO_SHOW") != "" {
				t.Logf("stderr: %s", errs)
			}
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if !strings.HasPrefix(errs, "omsso: ") {
				t.Errorf("stderr is not one omsso error:\n%s", errs)
			}
			if c.name != "500 on PUT" {
				if reflect.DeepEqual(before, s.Stored()) == false || s.Reloads() != 0 {
					t.Errorf("the server's config changed")
				}
				if _, err := os.Stat(filepath.Join(dir, "backup.json")); err == nil {
					t.Errorf("a backup was written although nothing was saved")
				}
			}
			noCanary(t, dir, out, errs)
		})
	}
}

// The keys planned are the ones the server's line reads, whatever the settings' line.
func TestOpenMetadataServerLine(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	dir := t.TempDir()
	f := settingsFile(t, dir, false, "1.12", "")
	for _, c := range []struct{ version, note, absent, present string }{
		{"1.10.14", "the server runs the 1.10 line and the settings say openmetadata.version 1.12", "authenticationConfiguration.forceSecureSessionCookie:", ""},
		{"unknown", `the server reports version "unknown"; planning with the keys of the settings' line 1.12`, "", "authenticationConfiguration.forceSecureSessionCookie:"},
		{"2.2.0", "the server is 2.2.0, newer than the lines omsso knows; planning with the keys of 2.1", "", "authenticationConfiguration.forceSecureSessionCookie:"},
	} {
		o := omfake.Options{Version: c.version}
		if strings.HasPrefix(c.version, "2.") {
			o.SchemaDir = schemaDir2x(t) // a 2.x server validates against the 2.x schemas
		}
		s := startOM(t, o)
		code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, c.version+".json"))...)
		if code != 0 || !strings.Contains(out, c.note) || !strings.Contains(out, "openmetadata: no changes.") {
			t.Fatalf("%s: %d\n%s\n%s", c.version, code, out, errs)
		}
		if c.absent != "" && strings.Contains(out, c.absent) {
			t.Errorf("%s: planned %s", c.version, c.absent)
		}
		if c.present != "" && !strings.Contains(out, c.present) {
			t.Errorf("%s: did not plan %s", c.version, c.present)
		}
	}
}

// TLS is verified: an unknown CA fails with the fix, --ca-file adds it.
func TestOpenMetadataTLS(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	dir := t.TempDir()
	s := startOM(t, omfake.Options{TLS: true})
	f := settingsFile(t, dir, false, "1.12", "")
	code, out, errs := runOM(t, "", omArgs("plan", f, s.URL)...)
	if code != 1 || !strings.Contains(errs, "pass the server's CA with --ca-file") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	ca := filepath.Join(dir, "ca.pem")
	_ = os.WriteFile(ca, s.CertPEM(), 0o600)
	code, out, errs = runOM(t, "", omArgs("plan", f, s.URL, "--ca-file", ca)...)
	if code != 0 || !strings.Contains(out, "openmetadata: 10 changes") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	noCanary(t, dir, out, errs)
}

// A token file works, a missing token is named with the fix; the token never shows.
func TestOpenMetadataToken(t *testing.T) {
	dir := t.TempDir()
	s := startOM(t, omfake.Options{})
	f := settingsFile(t, dir, false, "1.12", "")
	t.Setenv("OPENMETADATA_TOKEN", "")
	code, out, errs := runOM(t, "", omArgs("plan", f, s.URL)...)
	if code != 1 || !strings.Contains(errs, "no admin token: set $OPENMETADATA_TOKEN") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	tf := filepath.Join(t.TempDir(), "token") // outside dir, which must stay canary-free
	_ = os.WriteFile(tf, []byte(canaryToken+"\n"), 0o600)
	code, out, errs = runOM(t, "", omArgs("plan", f, s.URL, "--token-file", tf, "-o", "json")...)
	if code != 0 {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	var doc struct {
		Target  string `json:"target"`
		Changes []struct {
			Field, Setting string
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Target != "openmetadata" || len(doc.Changes) == 0 {
		t.Fatalf("json plan: %v\n%s", err, out)
	}
	for _, c := range doc.Changes {
		if c.Field == "authenticationConfiguration.clientId" && c.Setting != "okta.clientId" {
			t.Errorf("clientId maps to %q", c.Setting)
		}
	}
	code, _, errs = runOM(t, "", "plan", "-f", f, "--target", "openmetadata", "--token-file", tf)
	if code != 1 || !strings.Contains(errs, "--openmetadata-api-url is required") {
		t.Errorf("no URL: %d %s", code, errs)
	}
	noCanary(t, dir, out, errs)
}

// apply, then apply --restore with the backup: the basic config is back (the secret of a
// confidential backup comes from the settings, never the mask), and a second restore plans
// no changes.
func TestOpenMetadataRestore(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	t.Setenv("OMSSO_TEST_SECRET", canarySecret)
	dir := t.TempDir()
	s := startOM(t, omfake.Options{})
	basic := s.Stored()
	pub := settingsFile(t, dir, false, "1.12", "")
	conf := settingsFile(t, dir, true, "1.12", "")
	b1, b2 := filepath.Join(dir, "b1.json"), filepath.Join(dir, "b2.json")
	if code, out, errs := runOM(t, "", omArgs("apply", conf, s.URL, "--auto-approve", "--backup-file", b1)...); code != 0 {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	// Now the confidential config is stored; switch to public, saving the confidential one.
	code, out, errs := runOM(t, "", omArgs("apply", pub, s.URL, "--auto-approve", "--backup-file", b2)...)
	if code != 0 {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	saved, _ := os.ReadFile(b2)
	if !strings.Contains(string(saved), `"secret": "*********"`) {
		t.Errorf("the backup does not hold the masked secret:\n%s", saved)
	}
	// Restore the confidential one: its masked secret is filled from the settings.
	code, out, errs = runOM(t, "", omArgs("apply", conf, s.URL, "--auto-approve", "--restore", b2)...)
	if code != 0 || !strings.Contains(out, "openmetadata: no changes.") {
		t.Fatalf("restore confidential: %d\n%s\n%s", code, out, errs)
	}
	if got := s.Stored()["authenticationConfiguration"].(map[string]any)["oidcConfiguration"].(map[string]any)["secret"]; got != canarySecret {
		t.Errorf("restored secret %v", got)
	}
	// Restore the basic one.
	code, out, errs = runOM(t, "", omArgs("apply", pub, s.URL, "--auto-approve", "--restore", b1)...)
	if code != 0 || !strings.Contains(out, `~ authenticationConfiguration.provider: "okta" -> "basic"`) || !strings.HasSuffix(out, "openmetadata: no changes. The live configuration matches the settings.\n") {
		t.Fatalf("restore basic: %d\n%s\n%s", code, out, errs)
	}
	got := s.Stored()
	if !reflect.DeepEqual(got["authorizerConfiguration"], basic["authorizerConfiguration"]) || got["authenticationConfiguration"].(map[string]any)["provider"] != "basic" {
		t.Errorf("restored %v", got)
	}
	noCanary(t, dir, out, errs)
	// A backup the server refuses (bean validation): 400, one line, nothing saved.
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte(`{"authenticationConfiguration":{"provider":"okta","clientType":"public","publicKeyUrls":["http://localhost:8585/api/v1/system/config/jwks"]},"authorizerConfiguration":{"adminPrincipals":["admin"]}}`), 0o600)
	code, out, errs = runOM(t, "", omArgs("apply", pub, s.URL, "--auto-approve", "--restore", bad)...)
	if code != 1 || !strings.Contains(errs, "HTTP 400") || !strings.Contains(errs, "must not be null") || !strings.Contains(errs, "nothing was saved") {
		t.Errorf("bean validation: %d\n%s\n%s", code, out, errs)
	}
}

// A kubernetesSecret reference cannot be read here: apply names the fix, and with
// --client-secret-env it reads the same secret from that env var.
func TestOpenMetadataKubernetesSecret(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	t.Setenv("OMSSO_TEST_SECRET", canarySecret)
	dir := t.TempDir()
	s := startOM(t, omfake.Options{})
	f := settingsFile(t, dir, true, "1.12", "")
	b, _ := os.ReadFile(f)
	_ = os.WriteFile(f, []byte(strings.ReplaceAll(string(b), "{env: OMSSO_TEST_SECRET}", "{kubernetesSecret: {name: oidc-secrets, key: secret}}")), 0o600)
	code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b.json"))...)
	if code != 1 || !strings.Contains(errs, "pass --client-secret-env VAR") || len(s.Requests()) != 0 {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b.json"), "--client-secret-env", "OMSSO_TEST_SECRET")...)
	if code != 0 || !strings.HasSuffix(out, "openmetadata: no changes. The live configuration matches the settings.\n") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	if got := s.Stored()["authenticationConfiguration"].(map[string]any)["oidcConfiguration"].(map[string]any)["secret"]; got != canarySecret {
		t.Errorf("stored secret %v", got)
	}
	noCanary(t, dir, out, errs)
}

// docs/live-openmetadata.md shows a real plan and apply of examples/omsso.yaml against the fake server (its
// random address shown as https://om.internal:8585). OMSSO_UPDATE_README=1 rewrites the block.
func TestReadmeOpenMetadataDemo(t *testing.T) {
	const begin, end = "<!-- omsso:openmetadata-demo -->\n", "<!-- /omsso:openmetadata-demo -->"
	readmePath, err := filepath.Abs("../../docs/live-openmetadata.md")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	// A server of the example's line, the released one.
	s := start2x(t, omfake.Options{Version: "2.0.10"})
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("omsso.yaml", example, 0o600); err != nil {
		t.Fatal(err)
	}
	const url = "https://om.internal:8585"
	var b strings.Builder
	b.WriteString("```\n$ export OPENMETADATA_TOKEN=...   # an admin's personal access token\n")
	for _, args := range [][]string{
		{"plan", "-f", "omsso.yaml", "--target", "openmetadata", "--openmetadata-api-url", url},
		{"apply", "-f", "omsso.yaml", "--target", "openmetadata", "--openmetadata-api-url", url, "--auto-approve", "--backup-file", "omsso-security-backup.json"},
	} {
		real := append([]string{}, args...)
		real[6] = s.URL
		code, out, errs := runOM(t, "", real...)
		if code != 0 {
			t.Fatalf("%v: %d\n%s\n%s", args, code, out, errs)
		}
		out = strings.ReplaceAll(strings.ReplaceAll(out, s.URL, url), dir+string(filepath.Separator), "")
		b.WriteString("$ omsso " + strings.Join(args, " ") + "\n" + out)
	}
	b.WriteString("```\n")
	i, j := strings.Index(string(readme), begin), strings.Index(string(readme), end)
	if i < 0 || j < i {
		t.Fatalf("docs/live-openmetadata.md lacks the %q block", strings.TrimSpace(begin))
	}
	got := string(readme[i+len(begin) : j])
	if got == b.String() {
		return
	}
	if os.Getenv("OMSSO_UPDATE_README") == "" {
		t.Fatalf("docs/live-openmetadata.md's openmetadata demo is stale; rerun with OMSSO_UPDATE_README=1. Now:\n%s", b.String())
	}
	updated := string(readme[:i+len(begin)]) + b.String() + string(readme[j:])
	if err := os.WriteFile(readmePath, []byte(updated), 0o644); err != nil {
		t.Fatal(err)
	}
}
