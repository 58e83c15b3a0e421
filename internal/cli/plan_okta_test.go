package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// The canaries: neither may appear in any output.
const (
	canaryToken  = "00CANARY-okta-api-token-must-never-print"
	canaryAccess = "eyCANARY.access-token.never-printed"
)

type oktaEnv struct {
	t    *testing.T
	org  *oktafake.Org
	dir  string
	file string
	outs []string
}

func newOktaEnv(t *testing.T, opts oktafake.Options) *oktaEnv {
	t.Helper()
	if opts.Token == "" {
		opts.Token = canaryToken
	}
	if opts.AccessToken == "" {
		opts.AccessToken = canaryAccess
	}
	org := oktafake.New(opts)
	t.Cleanup(org.Close)
	t.Setenv("OKTA_API_TOKEN", opts.Token)
	t.Setenv("OMSSO_OKTA_API_URL", "")
	dir := t.TempDir()
	return &oktaEnv{t: t, org: org, dir: dir, file: filepath.Join(dir, "omsso.yaml")}
}

// settings writes omsso.yaml. issuer is e.g. org.URL+"/oauth2/default"; clientID may be "".
func (e *oktaEnv) settings(issuer, clientID string, confidential bool, extra string) {
	var b strings.Builder
	b.WriteString("# OpenMetadata SSO settings (this comment must survive)\nopenmetadata:\n  url: https://om.example.com\n  version: \"1.12\"\nokta:\n")
	fmt.Fprintf(&b, "  issuer: %s # the issuer\n", issuer)
	if clientID != "" {
		fmt.Fprintf(&b, "  clientId: %s\n", clientID)
	}
	if confidential {
		fmt.Fprintf(&b, "  clientType: confidential\n  clientSecret:\n    file: %s\n", filepath.Join(e.dir, "okta-secret"))
	} else {
		b.WriteString("  clientType: public\n")
	}
	if !strings.Contains(extra, "assignGroups") {
		// Who may sign in is the admin's choice (issue 19: 1); these tests open the app to all.
		b.WriteString("  assignGroups: [Everyone]\n")
	}
	b.WriteString(extra)
	b.WriteString("authorizer:\n  adminPrincipals: [alice]\n  principalDomain: example.com\n")
	if err := os.WriteFile(e.file, []byte(b.String()), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// run runs omsso in-process and returns exit code, stdout, stderr; every output is kept for
// the canary check.
func (e *oktaEnv) run(args ...string) (int, string, string) {
	e.t.Helper()
	var out, errb bytes.Buffer
	code := RunIO(args, strings.NewReader(""), &out, &errb)
	e.outs = append(e.outs, out.String(), errb.String())
	return code, out.String(), errb.String()
}

func (e *oktaEnv) plan(extra ...string) (int, string) {
	e.t.Helper()
	code, out, errs := e.run(append([]string{"plan", "-f", e.file, "--target", "okta", "--detailed-exitcode"}, extra...)...)
	if code == 1 {
		e.t.Fatalf("plan failed:\n%s\n%s", out, errs)
	}
	return code, out
}

func (e *oktaEnv) apply(extra ...string) string {
	e.t.Helper()
	code, out, errs := e.run(append([]string{"apply", "-f", e.file, "--target", "okta", "--auto-approve"}, extra...)...)
	if code != 0 {
		e.t.Fatalf("apply failed (%d):\n%s\n%s", code, out, errs)
	}
	return out
}

// converged asserts plan → exit 0 and no changes.
func (e *oktaEnv) converged() {
	e.t.Helper()
	code, out := e.plan()
	if code != 0 || !strings.Contains(out, "no changes") {
		e.t.Fatalf("plan after apply is not empty (exit %d):\n%s", code, out)
	}
}

// noCanaries checks every output and the fake's request log for the token and the secrets.
func (e *oktaEnv) noCanaries(secrets ...string) {
	e.t.Helper()
	for _, o := range e.outs {
		for _, c := range append([]string{canaryToken, canaryAccess}, secrets...) {
			if c != "" && strings.Contains(o, c) {
				e.t.Fatalf("a canary leaked into the output:\n%s", o)
			}
		}
	}
}

func (e *oktaEnv) clientIDFromFile() string {
	data, err := os.ReadFile(e.file)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "clientId: "); ok {
			return v
		}
	}
	return ""
}

// spa is an app as an admin might have left it: a SPA missing /silent-callback and implicit,
// with a Dynamic issuer and consent required.
func spa(url string) oktafake.Object {
	return oktafake.Object{"label": "OM by hand",
		"credentials": oktafake.Object{"oauthClient": oktafake.Object{"token_endpoint_auth_method": "none", "pkce_required": true}},
		"settings": oktafake.Object{"oauthClient": oktafake.Object{"application_type": "browser", "grant_types": []any{"authorization_code"},
			"response_types": []any{"code"}, "redirect_uris": []any{url + "/callback", "http://localhost:3000/callback"},
			"issuer_mode": "DYNAMIC", "consent_method": "REQUIRED", "initiate_login_uri": "https://om.example.com/signin"}}}
}

func web(method string) oktafake.Object {
	return oktafake.Object{"label": "OM web",
		"credentials": oktafake.Object{"oauthClient": oktafake.Object{"token_endpoint_auth_method": method, "pkce_required": false}},
		"settings": oktafake.Object{"oauthClient": oktafake.Object{"application_type": "web", "grant_types": []any{"authorization_code"},
			"response_types": []any{"code"}, "redirect_uris": []any{"https://om.example.com/callback"}, "issuer_mode": "ORG_URL"}}}
}

func TestOktaEmptyOrgCreateAppAndServerThenCheck(t *testing.T) {
	for _, confidential := range []bool{false, true} {
		t.Run(fmt.Sprintf("confidential=%v", confidential), func(t *testing.T) {
			e := newOktaEnv(t, oktafake.Options{})
			e.settings(e.org.URL+"/oauth2/default", "", confidential, "")
			out := e.apply("--create-app", "--create-authorization-server", "OpenMetadata")
			for _, want := range []string{"created app", "created authorization server", "created access policy", "created rule", "Re-plan after apply:", "no changes"} {
				if !strings.Contains(out, want) {
					t.Errorf("apply output lacks %q:\n%s", want, out)
				}
			}
			id := e.clientIDFromFile()
			if !strings.HasPrefix(id, "0oa") || len(id) != 20 {
				t.Fatalf("client ID not written into the settings: %q", id)
			}
			data, _ := os.ReadFile(e.file)
			if !strings.Contains(string(data), "# OpenMetadata SSO settings (this comment must survive)") || !strings.Contains(string(data), "# the issuer") {
				t.Fatalf("comments lost:\n%s", data)
			}
			if !strings.Contains(string(data), "authorizationServer: aus") || strings.Contains(string(data), "/oauth2/default") {
				t.Fatalf("server id not written into the settings:\n%s", data)
			}
			secret := e.org.Secret(id)
			if confidential {
				got, err := os.ReadFile(filepath.Join(e.dir, "okta-secret"))
				st, _ := os.Stat(filepath.Join(e.dir, "okta-secret"))
				if err != nil || string(got) != secret || st.Mode().Perm() != 0o600 {
					t.Fatalf("secret file: %v, mode %v, matches %v", err, st.Mode(), string(got) == secret)
				}
			}
			e.converged()
			code, cout, cerr := e.run("check", "-f", e.file)
			if code != 0 {
				t.Fatalf("check against the fake failed:\n%s\n%s", cout, cerr)
			}
			e.noCanaries(secret)
		})
	}
}

func TestOktaExistingAppFixes(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	id := e.org.AddApp(spa("https://om.example.com"))
	e.org.AssignGroup(id)
	def := e.org.DefaultServerID()
	// A policy without this client, holding another app, with a rule fit for the flow.
	pid := e.org.AddPolicy(def, oktafake.Object{"name": "Shared", "conditions": oktafake.Object{"clients": oktafake.Object{"include": []any{"0oaOTHERCLIENT000001"}}}})
	e.org.AddRule(pid, oktafake.Object{"name": "any", "conditions": oktafake.Object{"people": oktafake.Object{"groups": oktafake.Object{"include": []any{"EVERYONE"}}},
		"grantTypes": oktafake.Object{"include": []any{"authorization_code", "implicit"}}, "scopes": oktafake.Object{"include": []any{"*"}}}})
	e.settings(e.org.URL+"/oauth2/default", id, false, "")

	// Joining another team's policy is an explicit choice (issue 19: 7).
	join := []string{"--join-access-policy", "Shared"}
	code, out := e.plan(join...)
	if code != 2 {
		t.Fatalf("plan exit %d, want 2:\n%s", code, out)
	}
	for _, want := range []string{
		`settings.oauthClient.redirect_uris [required]`, `https://om.example.com/silent-callback`,
		`settings.oauthClient.grant_types [required]`, `settings.oauthClient.issuer_mode [recommended]: "DYNAMIC" -> "ORG_URL"`,
		`issues tokens with a Dynamic issuer`, `policy "Shared" clients [required]`,
		`trustedOrigin https://om.example.com`, `consent_method [recommended]`, `refresh_token.rotation_type [recommended]`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	// JSON for CI carries the levels.
	_, jout, _ := e.run("plan", "-f", e.file, "--target", "okta", "-o", "json", "--join-access-policy", "Shared")
	var doc struct {
		Changes []struct{ Field, Level string }
	}
	if err := json.Unmarshal([]byte(jout), &doc); err != nil || len(doc.Changes) == 0 {
		t.Fatalf("json plan: %v\n%s", err, jout)
	}
	e.apply(join...)
	e.converged()
	app := e.org.App(id)
	sc := app["settings"].(map[string]any)["oauthClient"].(map[string]any)
	if !slices.Contains(toStrings(sc["redirect_uris"]), "http://localhost:3000/callback") || sc["initiate_login_uri"] != "https://om.example.com/signin" || app["label"] != "OM by hand" {
		t.Fatalf("apply lost fields it does not own: %v", sc)
	}
	pol := e.org.PoliciesOf(def)[0]
	clients := toStrings(pol["conditions"].(map[string]any)["clients"].(map[string]any)["include"])
	if !slices.Equal(clients, []string{"0oaOTHERCLIENT000001", id}) {
		t.Fatalf("shared policy clients = %v; the other client must survive and ours be added", clients)
	}
	if n := len(e.org.RulesOf(pid)); n != 1 {
		t.Fatalf("shared policy has %d rules, want the one it had", n)
	}
	// Re-apply is a no-op: no writes.
	before := len(writes(e.org))
	out2 := e.apply()
	if !strings.Contains(out2, "no changes") || len(writes(e.org)) != before {
		t.Fatalf("re-apply wrote something:\n%s", out2)
	}
	e.noCanaries()
}

func TestOktaConfidentialWebAppBasicToPost(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	id := e.org.AddApp(web("client_secret_basic"))
	e.org.AssignGroup(id)
	secret := e.org.Secret(id)
	asID := e.org.AddServer(oktafake.Object{"name": "om", "audiences": []any{id}})
	e.settings(e.org.URL+"/oauth2/"+asID, id, true, "")
	code, out := e.plan()
	if code != 2 || !strings.Contains(out, `token_endpoint_auth_method [required]: "client_secret_basic" -> "client_secret_post"`) {
		t.Fatalf("plan (exit %d):\n%s", code, out)
	}
	e.apply()
	e.converged()
	if got := e.org.Secret(id); got != secret {
		t.Fatal("apply changed or blanked the client secret")
	}
	for _, r := range e.org.Requests() {
		if r.Method == "PUT" && strings.Contains(r.Body, "client_secret\"") {
			t.Fatalf("a PUT sent client_secret: %s", r.Body)
		}
	}
	e.noCanaries(secret)
}

func TestOktaWrongAppTypeIsManual(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	id := e.org.AddApp(web("client_secret_post"))
	e.org.AssignGroup(id)
	e.settings(e.org.URL, id, false, "")
	code, out := e.plan()
	if code != 2 || !strings.Contains(out, `settings.oauthClient.application_type [required]: "web" -> "browser"`) {
		t.Fatalf("plan (exit %d):\n%s", code, out)
	}
	code, out, errs := e.run("apply", "-f", e.file, "--target", "okta", "--auto-approve")
	if code != 1 || !strings.Contains(out, "do these by hand") || !strings.Contains(errs, "manual") {
		t.Fatalf("apply should stop on a manual step (exit %d):\n%s\n%s", code, out, errs)
	}
}

// Plan → apply → plan converges for public and confidential clients on every kind of server.
func TestOktaConvergesEverywhere(t *testing.T) {
	for _, server := range []string{"default", "org", "dedicated", "custom-domain"} {
		for _, confidential := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/confidential=%v", server, confidential), func(t *testing.T) {
				opts := oktafake.Options{}
				if server == "custom-domain" {
					opts.CustomDomain = "login.example.com"
				}
				e := newOktaEnv(t, opts)
				app := spa("https://om.example.com")
				if confidential {
					app = web("client_secret_basic")
				}
				id := e.org.AddApp(app)
				var args []string
				switch server {
				case "default":
					e.settings(e.org.URL+"/oauth2/default", id, confidential, "")
				case "org":
					e.settings(e.org.URL, id, confidential, "")
				case "dedicated":
					as := e.org.AddServer(oktafake.Object{"name": "om", "audiences": []any{id}, "issuerMode": "DYNAMIC"})
					e.settings(e.org.URL+"/oauth2/"+as, id, confidential, "")
				case "custom-domain":
					as := e.org.AddServer(oktafake.Object{"name": "om", "audiences": []any{id}, "issuerMode": "ORG_URL"})
					e.settings("https://login.example.com/oauth2/"+as, id, confidential, "")
					args = []string{"--okta-api-url", e.org.URL + "/api/v1"}
				}
				code, out := e.plan(args...)
				if code != 2 {
					t.Fatalf("plan exit %d, want 2:\n%s", code, out)
				}
				if server == "custom-domain" && !strings.Contains(out, `issuerMode [required]: "ORG_URL" -> "CUSTOM_URL"`) {
					t.Errorf("custom domain must want CUSTOM_URL:\n%s", out)
				}
				if server == "org" && (strings.Contains(out, "policy") || (!confidential && !strings.Contains(out, "issuer_mode [required]"))) {
					t.Errorf("org server: no policies, the app's issuer mode is required:\n%s", out)
				}
				e.apply(args...)
				if code, out := e.plan(args...); code != 0 {
					t.Fatalf("not converged (exit %d):\n%s", code, out)
				}
				e.noCanaries(e.org.Secret(id))
			})
		}
	}
}

func TestOktaFailureHalfwayThenReapply(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	e.settings(e.org.URL+"/oauth2/default", "", false, "")
	// The policy create fails with a server error: app, origin, server and scopes are done.
	e.org.Inject(oktafake.Fault{Method: "POST", Prefix: "/authorizationServers/", Status: 500, Code: "E0000009", Times: 100})
	code, out, errs := e.run("apply", "-f", e.file, "--target", "okta", "--auto-approve", "--create-app", "--create-authorization-server", "om")
	if code != 1 || !strings.Contains(out, "Apply stopped. Done:") || !strings.Contains(out, "Not done:") || !strings.Contains(errs, "run apply again") {
		t.Fatalf("want a done/not-done report (exit %d):\n%s\n%s", code, out, errs)
	}
	if e.clientIDFromFile() == "" {
		t.Fatalf("the created client ID must be in the settings before the failure")
	}
	e.org.ClearFaults()
	e.apply("--create-authorization-server", "om")
	e.converged()
	if n := len(e.org.Apps()); n != 1 {
		t.Fatalf("%d apps: re-apply must not create another", n)
	}
	e.noCanaries()
}

func TestOktaErrorsAndCredentials(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{ReadOnlyToken: "readonly-canary-token"})
	id := e.org.AddApp(web("client_secret_basic"))
	e.settings(e.org.URL+"/oauth2/default", id, true, "")

	t.Run("E0000011", func(t *testing.T) {
		t.Setenv("OKTA_API_TOKEN", "wrong-canary-token")
		code, _, errs := e.run("plan", "-f", e.file, "--target", "okta")
		if code != 1 || !strings.Contains(errs, "E0000011") || !strings.Contains(errs, "Security > API > Tokens") || strings.Contains(errs, "wrong-canary-token") {
			t.Fatalf("exit %d:\n%s", code, errs)
		}
	})
	t.Run("E0000006 names the role and scope", func(t *testing.T) {
		t.Setenv("OKTA_API_TOKEN", "readonly-canary-token")
		if code, _ := e.plan(); code != 2 {
			t.Fatalf("a read-only token can plan")
		}
		code, out, errs := e.run("apply", "-f", e.file, "--target", "okta", "--auto-approve")
		if code != 1 || !strings.Contains(errs, "E0000006") || !strings.Contains(errs, "okta.apps.manage") || !strings.Contains(errs, "Administrator") {
			t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
		}
		if strings.Contains(out+errs, "readonly-canary-token") {
			t.Fatal("token leaked")
		}
	})
	t.Run("Bearer access token", func(t *testing.T) {
		t.Setenv("OKTA_API_TOKEN", "")
		t.Setenv("MY_AT", canaryAccess)
		if code, _, errs := e.run("plan", "-f", e.file, "--target", "okta", "--okta-access-token-env", "MY_AT"); code != 0 {
			t.Fatalf("bearer plan failed: %s", errs)
		}
		if r := e.org.Requests(); r[len(r)-1].AuthScheme != "Bearer" {
			t.Fatalf("sent %q", r[len(r)-1].AuthScheme)
		}
	})
	t.Run("token file", func(t *testing.T) {
		t.Setenv("OKTA_API_TOKEN", "")
		f := filepath.Join(e.dir, "token")
		_ = os.WriteFile(f, []byte(canaryToken+"\n"), 0o600)
		if code, _, errs := e.run("plan", "-f", e.file, "--target", "okta", "--okta-token-file", f); code != 0 {
			t.Fatalf("token-file plan failed: %s", errs)
		}
	})
	t.Run("no token", func(t *testing.T) {
		t.Setenv("OKTA_API_TOKEN", "")
		code, _, errs := e.run("plan", "-f", e.file, "--target", "okta")
		if code != 1 || !strings.Contains(errs, "OKTA_API_TOKEN is empty") {
			t.Fatalf("exit %d: %s", code, errs)
		}
	})
	t.Run("404 client", func(t *testing.T) {
		e.settings(e.org.URL+"/oauth2/default", "0oaNOSUCHAPP00000001", true, "")
		code, _, errs := e.run("plan", "-f", e.file, "--target", "okta")
		if code != 1 || !strings.Contains(errs, "no OIDC app with client ID 0oaNOSUCHAPP00000001") {
			t.Fatalf("exit %d: %s", code, errs)
		}
	})
	e.noCanaries()
}

func TestOktaNoAPIAccessManagement(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{NoAPIAM: true, Classic: true})
	id := e.org.AddApp(spa("https://om.example.com"))
	e.settings(e.org.URL+"/oauth2/default", id, false, "")
	code, _, errs := e.run("plan", "-f", e.file, "--target", "okta")
	if code != 1 || !strings.Contains(errs, "E0000015") || !strings.Contains(errs, "okta.authorizationServer: org") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// The org server works on such an org (Classic: no consent_method to set).
	e.settings(e.org.URL, id, false, "")
	_, out := e.plan()
	if !strings.Contains(out, "Classic Engine") || strings.Contains(out, "consent_method [") {
		t.Fatalf("plan on a Classic org:\n%s", out)
	}
	e.apply()
	e.converged()
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func writes(o *oktafake.Org) []oktafake.Request {
	var out []oktafake.Request
	for _, r := range o.Requests() {
		if r.Method != "GET" {
			out = append(out, r)
		}
	}
	return out
}

// apply -o json: one JSON document on stdout (applied, converged), progress on stderr.
func TestOktaApplyJSON(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	id := e.org.AddApp(web("client_secret_basic"))
	e.settings(e.org.URL, id, true, "")
	code, out, errs := e.run("apply", "-f", e.file, "--target", "okta", "--auto-approve", "-o", "json")
	var doc struct {
		Applied   bool
		Converged *bool
		Changes   []struct{ Resource, Field, Level string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || !doc.Applied || doc.Converged == nil || !*doc.Converged || len(doc.Changes) == 0 {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "updated app") {
		t.Fatalf("progress belongs on stderr: %s", errs)
	}
	for _, c := range doc.Changes {
		if c.Level != "required" && c.Level != "recommended" {
			t.Fatalf("change without a level: %+v", c)
		}
	}
	e.noCanaries(e.org.Secret(id))
}
