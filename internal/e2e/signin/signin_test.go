// Package signin proves the login, not just the files: an empty fake Okta org is set up by
// `omsso apply --target okta --create-app`, omsso renders the files, each deploy target's
// read-back gives the config the server would serve, a real Chromium signs in through
// OpenMetadata's own okta-auth-js set-up against the fake org's real OpenID Provider, and the
// ID token is checked the way OpenMetadata's server checks it (internal/idtoken). Each way a
// login breaks in the field is a case: the symptom, and omsso flagging it first.
package signin

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omsso/omsso/internal/cli"
	"github.com/omsso/omsso/internal/idtoken"
	"github.com/omsso/omsso/internal/okta/oktafake"
	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

const apiToken = "00CANARY-e2e-okta-api-token"

// world is one fake org, one OpenMetadata origin and one settings file.
type world struct {
	t    *testing.T
	org  *oktafake.Org
	page *page
	dir  string
	file string
	outs []string
}

func newWorld(t *testing.T, bundle string) *world {
	t.Helper()
	org := oktafake.New(oktafake.Options{Token: apiToken})
	t.Cleanup(org.Close)
	org.EnableOAuth(oktafake.User{Login: "alice@example.com", Email: "alice@example.com", Name: "Alice Admin"},
		oktafake.User{Login: "bob@example.com", Email: "bob@example.com", Name: "Bob User"})
	t.Setenv("OKTA_API_TOKEN", apiToken)
	t.Setenv("OMSSO_OKTA_API_URL", "")
	dir := t.TempDir()
	return &world{t: t, org: org, page: newPage(t, bundle), dir: dir, file: filepath.Join(dir, "omsso.yaml")}
}

// settings writes omsso.yaml for the issuer (an org URL, or with /oauth2/{id}).
func (w *world) settings(issuer string, confidential bool, extra string) {
	typ := "public"
	if confidential {
		typ = "confidential\n  clientSecret:\n    file: " + filepath.Join(w.dir, "okta-secret")
	}
	s := "openmetadata:\n  url: " + w.page.URL + "\n  version: \"1.12\"\nokta:\n  issuer: " + issuer + "\n  clientType: " + typ + "\n  assignGroups: [Everyone]\n" +
		"authorizer:\n  adminPrincipals: [alice]\n  principalDomain: example.com\n  enforcePrincipalDomain: true\n" + extra
	if err := os.WriteFile(w.file, []byte(s), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// run runs omsso in-process; every output is kept for the canary check.
func (w *world) run(args ...string) (int, string) {
	w.t.Helper()
	var out, errb bytes.Buffer
	code := cli.RunIO(args, strings.NewReader(""), &out, &errb)
	w.outs = append(w.outs, out.String(), errb.String())
	return code, out.String() + errb.String()
}

func (w *world) must(args ...string) string {
	w.t.Helper()
	code, out := w.run(args...)
	if code != 0 {
		w.t.Fatalf("omsso %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// setUp: empty org → apply --create-app (and a dedicated server when asked) → render.
func (w *world) setUp(extra ...string) string {
	w.must(append([]string{"apply", "-f", w.file, "--target", "okta", "--auto-approve", "--create-app"}, extra...)...)
	out := filepath.Join(w.dir, "out")
	w.must("render", "-q", "-f", w.file, "--output-dir", out)
	return out
}

func (w *world) resolved() *settings.Resolved {
	w.t.Helper()
	r, err := settings.Load(settings.Options{Files: []string{w.file}, Table: omconf.SettingsTable(), Env: os.LookupEnv})
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

// readBack is what each deploy target's consumers make of the rendered files: the server's
// effective config, per target.
func (w *world) readBack(out string) map[string]omconf.Effective {
	w.t.Helper()
	r := w.resolved()
	got := map[string]omconf.Effective{}
	for _, t := range targets.Deploys() {
		var files []targets.File
		for _, rel := range t.Paths(targets.ProofOptions{}) {
			data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
			if err != nil {
				w.t.Fatal(err)
			}
			files = append(files, targets.File{Path: rel, Data: data})
		}
		p, err := targets.Prove(r, t, files, targets.ProofOptions{})
		if err != nil || len(p.Findings) > 0 {
			w.t.Fatalf("%s read-back: %v %+v", t.Name(), err, p.Findings)
		}
		got[t.Name()] = p.Effective[p.Server]
	}
	return got
}

// authConfig is /api/v1/system/config/auth: the keys the server serves unauthenticated.
func authConfig(eff omconf.Effective) []byte {
	m := map[string]any{}
	for _, k := range omconf.Keys() {
		if v, ok := eff[k.Path]; ok && k.Public {
			m[k.Name()] = v
		}
	}
	b, _ := json.Marshal(m)
	return b
}

// checkToken is the server's check of the token, with the key sets fetched over HTTP.
func checkToken(t *testing.T, tok string, eff omconf.Effective) *idtoken.Result {
	t.Helper()
	res, err := idtoken.Check(context.Background(), tok, idtoken.RulesFrom(eff), idtoken.Options{Client: &http.Client{Timeout: 10 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (w *world) noCanaries(secrets ...string) {
	w.t.Helper()
	for _, o := range w.outs {
		for _, c := range append([]string{apiToken}, secrets...) {
			if c != "" && strings.Contains(o, c) {
				w.t.Fatal("a secret leaked into omsso's output")
			}
		}
	}
}

// TestSignInPublic: the public client on the default, the org and a dedicated authorization
// server, through every deploy target's read-back; alice is an admin, bob is not.
func TestSignInPublic(t *testing.T) {
	chromium, bundle := prerequisites(t)
	bctx := browser(t, chromium)
	for _, server := range []string{"default", "org", "dedicated"} {
		t.Run(server, func(t *testing.T) {
			w := newWorld(t, bundle)
			issuer, extra := w.org.URL+"/oauth2/default", []string{}
			switch server {
			case "org":
				issuer = w.org.URL
			case "dedicated":
				extra = []string{"--create-authorization-server", "OpenMetadata"}
			}
			w.settings(issuer, false, "")
			effs := w.readBack(w.setUp(extra...))
			for _, target := range []string{"docker", "helm", "baremetal"} {
				eff := effs[target]
				users := map[string]bool{"alice@example.com": true}
				if target == "baremetal" {
					users["bob@example.com"] = false // a non-admin once per server is enough
				}
				for user, admin := range users {
					o := signIn(t, bctx, w.page, authConfig(eff), user)
					if o.IDToken == "" || !o.RefreshToken || o.Email != user {
						t.Fatalf("%s %s: no sign-in: error %q, IdP %q, refresh token %v", target, user, o.Error, o.IdPError, o.RefreshToken)
					}
					res := checkToken(t, o.IDToken, eff)
					name, _, _ := strings.Cut(user, "@")
					if !res.OK || res.User.Name != name || res.User.Email != user || res.User.Admin != admin {
						t.Fatalf("%s %s: %s %+v", target, user, res.Verdict, res.Steps)
					}
				}
			}
			w.noCanaries()
		})
	}
}

// TestSignInConfidential: OpenMetadata's server does the code exchange itself
// (client_secret_post, no PKCE) with the secret the reference names; here the test does it
// against the same provider, after the user signed in on the IdP's page. It needs neither
// Chromium nor npm.
func TestSignInConfidential(t *testing.T) {
	w := newWorld(t, "") // no browser: the server's side of the flow
	w.settings(w.org.URL+"/oauth2/default", true, "")
	out := w.setUp()
	var appID string
	for _, a := range w.org.Apps() {
		appID, _ = a["id"].(string)
	}
	// The admin copies the app's secret where the settings' reference points.
	if err := os.WriteFile(w.resolved().Okta.ClientSecret.File, []byte(w.org.Secret(appID)), 0o600); err != nil {
		t.Fatal(err)
	}
	ref, err := os.ReadFile(w.resolved().Okta.ClientSecret.File)
	if err != nil {
		t.Fatal(err)
	}
	secret := strings.TrimSpace(string(ref))
	for target, eff := range w.readBack(out) {
		code := serverSideSignIn(t, w, eff, "alice@example.com")
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {eff["authenticationConfiguration.oidcConfiguration.callbackUrl"].(string)},
			"client_id": {eff["authenticationConfiguration.oidcConfiguration.id"].(string)}, "client_secret": {secret}}
		tok := exchange(t, eff["authenticationConfiguration.authority"].(string)+"/v1/token", form)
		res := checkToken(t, tok, eff)
		if !res.OK || res.User.Name != "alice" || !res.User.Admin {
			t.Fatalf("%s: %s", target, res.Verdict)
		}
	}
	w.noCanaries(secret)
}

var noFollow = &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// serverSideSignIn is the confidential flow's front half as OpenMetadata's server starts it
// (response_type code, its scope, nonce, no PKCE), the user signing in on the IdP's page; it
// returns the code the IdP sends to the server's callback.
func serverSideSignIn(t *testing.T, w *world, eff omconf.Effective, user string) string {
	t.Helper()
	cb := eff["authenticationConfiguration.oidcConfiguration.callbackUrl"].(string)
	q := url.Values{"client_id": {eff["authenticationConfiguration.oidcConfiguration.id"].(string)}, "response_type": {"code"},
		"scope": {eff["authenticationConfiguration.oidcConfiguration.scope"].(string)}, "redirect_uri": {cb}, "state": {"st"}, "nonce": {"nc"}}
	resp, err := noFollow.Get(eff["authenticationConfiguration.authority"].(string) + "/v1/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.Contains(loc.Path, "fake-login") {
		t.Fatalf("authorize did not ask for a sign-in: %d %v", resp.StatusCode, loc)
	}
	resp, err = noFollow.PostForm(loc.Scheme+"://"+loc.Host+loc.Path, url.Values{"id": {loc.Query().Get("id")}, "username": {user}})
	for err == nil && resp.StatusCode == http.StatusFound {
		_ = resp.Body.Close()
		next := resp.Header.Get("Location")
		if strings.HasPrefix(next, cb) {
			u, _ := url.Parse(next)
			if u.Query().Get("code") == "" {
				t.Fatalf("no code: %s", u.Query().Get("error_description"))
			}
			return u.Query().Get("code")
		}
		resp, err = noFollow.Get(next)
	}
	t.Fatalf("the sign-in did not come back to the callback: %v", err)
	return ""
}

// exchange is the server's token request; it returns the ID token.
func exchange(t *testing.T, endpoint string, form url.Values) string {
	t.Helper()
	resp, err := noFollow.PostForm(endpoint, form)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var tok struct {
		IDToken string `json:"id_token"`
		Error   string `json:"error_description"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.IDToken == "" {
		t.Fatalf("token exchange: HTTP %d %s", resp.StatusCode, tok.Error)
	}
	return tok.IDToken
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }
