package signin

import (
	"fmt"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
	"github.com/omsso/omsso/internal/omconf"
)

// A break is one way a login fails in the field, made on the fake org (org) or in the
// server's config (config, for what omsso refuses to render), after a correct set-up.
type brk struct {
	name   string
	org    func(w *world, appID string)
	config func(w *world, eff omconf.Effective) // the server's config as it would be with the mistake
	// settings is the mistake in omsso.yaml that lint must flag (config cases).
	settings string
	symptom  string // in the browser's or the server's (token check) answer
	// flag is what omsso says first: plan --target okta (org cases) or lint (settings).
	flag string
}

func breaks() []brk {
	return []brk{
		{name: "redirect URI missing", org: func(w *world, id string) {
			w.org.EditApp(id, func(a oktafake.Object) {
				sc := a["settings"].(map[string]any)["oauthClient"].(map[string]any)
				sc["redirect_uris"] = oktafake.Without(sc["redirect_uris"], w.page.URL+"/callback")
			})
		}, symptom: "redirect_uri", flag: "settings.oauthClient.redirect_uris"},
		{name: "no trusted origin", org: func(w *world, _ string) { w.org.RemoveOrigins() },
			symptom: "Failed to fetch", flag: "trustedOrigin"},
		{name: "refresh-token grant not allowed by the app", org: func(w *world, id string) {
			w.org.EditApp(id, func(a oktafake.Object) {
				sc := a["settings"].(map[string]any)["oauthClient"].(map[string]any)
				sc["grant_types"] = oktafake.Without(sc["grant_types"], "refresh_token")
			})
		}, symptom: "offline_access", flag: "settings.oauthClient.grant_types"},
		{name: "PKCE not possible: the app authenticates with a secret", org: func(w *world, id string) {
			w.org.EditApp(id, func(a oktafake.Object) {
				a["credentials"].(map[string]any)["oauthClient"].(map[string]any)["token_endpoint_auth_method"] = "client_secret_basic"
			})
		}, symptom: "client", flag: "token_endpoint_auth_method"},
		{name: "authorization code not allowed by the rule", org: func(w *world, _ string) {
			w.org.EditRules("default", func(r oktafake.Object) {
				r["conditions"].(map[string]any)["grantTypes"] = map[string]any{"include": []any{"implicit"}}
			})
		}, symptom: "Policy evaluation failed", flag: "grantTypes"},
		{name: "offline_access not allowed by the rule", org: func(w *world, _ string) {
			w.org.EditRules("default", func(r oktafake.Object) {
				r["conditions"].(map[string]any)["scopes"] = map[string]any{"include": []any{"openid", "profile", "email"}}
			})
		}, symptom: "Policy evaluation failed", flag: "offline_access"},
		{name: "user not assigned", org: func(w *world, id string) { w.org.Unassign(id) },
			symptom: "User is not assigned to the client application.", flag: "assign"},
		{name: "issuer with a trailing slash", config: func(w *world, eff omconf.Effective) {
			eff["authenticationConfiguration.authority"] = eff["authenticationConfiguration.authority"].(string) + "/"
		}, settings: "okta:\n  issuer: {issuer}/\n", symptom: "discovery: HTTP 404", flag: "OKTA003"},
		{name: "org server's issuer with a custom server's keys", config: func(w *world, eff omconf.Effective) {
			eff["authenticationConfiguration.authority"] = w.org.URL
			eff["authenticationConfiguration.publicKeyUrls"] = []string{w.org.URL + "/oauth2/default/v1/keys"}
		}, settings: "okta:\n  issuer: {org}\n  jwksUrl: {org}/oauth2/default/v1/keys\n", symptom: "key set", flag: "OKTA002"},
		{name: "principal claim that does not yield the admin's name", config: func(w *world, eff omconf.Effective) {
			eff["authenticationConfiguration.jwtPrincipalClaims"] = []string{"sub", "email"}
		}, settings: "authentication:\n  jwtPrincipalClaims: [sub, email]\n", symptom: "domain", flag: "OKTA031"},
	}
}

// TestSignInBreaks: each break fails the sign-in (or the server's token check) with its
// symptom, and omsso flags it before anyone signs in.
func TestSignInBreaks(t *testing.T) {
	chromium, bundle := prerequisites(t)
	bctx := browser(t, chromium)
	for _, b := range breaks() {
		t.Run(b.name, func(t *testing.T) {
			w := newWorld(t, bundle)
			w.settings(w.org.URL+"/oauth2/default", false, "")
			eff := w.readBack(w.setUp())["baremetal"]
			var appID string
			for _, a := range w.org.Apps() {
				appID, _ = a["id"].(string)
			}
			if b.org != nil {
				b.org(w, appID)
				code, out := w.run("plan", "-f", w.file, "--target", "okta", "--detailed-exitcode")
				if code != 2 || !strings.Contains(out, b.flag) {
					t.Fatalf("plan --target okta does not flag it (exit %d, want %q):\n%s", code, b.flag, out)
				}
			} else {
				b.config(w, eff)
				w.lintFlags(b.settings, b.flag)
			}
			o := signIn(t, bctx, w.page, authConfig(eff), "alice@example.com")
			answer := o.Error + o.IdPError
			if o.IDToken != "" {
				res := checkToken(t, o.IDToken, eff)
				answer = res.Verdict
				if res.OK && !strings.HasSuffix(eff["authenticationConfiguration.authority"].(string), "/") {
					t.Fatalf("the login works: %s", res.Verdict)
				}
			}
			if a := eff["authenticationConfiguration.authority"].(string); strings.HasSuffix(a, "/") {
				// okta-auth-js strips the slash, so the browser signs in; what the server builds
				// from authority breaks (discovery, as OktaAuthValidator and a confidential client read it).
				answer += discovery(t, a)
			}
			if answer == "" || !strings.Contains(answer, b.symptom) {
				t.Fatalf("symptom %q not in %q", b.symptom, answer)
			}
			t.Logf("symptom: %s", answer)
		})
	}
}

// lintFlags writes the mistake over the settings and checks that lint names the rule.
func (w *world) lintFlags(mistake, rule string) {
	w.t.Helper()
	over := strings.NewReplacer("{issuer}", w.org.URL+"/oauth2/default", "{org}", w.org.URL).Replace(mistake)
	f := w.file + ".mistake.yaml"
	if err := writeFile(f, over); err != nil {
		w.t.Fatal(err)
	}
	_, out := w.run("lint", "-f", w.file, "-f", f)
	if !strings.Contains(out, rule) {
		w.t.Fatalf("lint does not flag %s:\n%s", rule, out)
	}
}

func discovery(t *testing.T, authority string) string {
	t.Helper()
	resp, err := noFollow.Get(authority + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	return fmt.Sprintf("; discovery: HTTP %d", resp.StatusCode)
}
