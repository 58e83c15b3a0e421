package signin

import (
	"net/url"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// TestSignInWithoutImplicit settles the implicit grant: OpenMetadata's guide asks for
// "Implicit (hybrid)", but its UI signs in with the authorization code and PKCE
// (response_type=code). With implicit taken off the app (grant and the id_token/token response
// types) and off the rule, the sign-in still succeeds, refresh token included.
func TestSignInWithoutImplicit(t *testing.T) {
	chromium, bundle := prerequisites(t)
	bctx := browser(t, chromium)
	for _, server := range []string{"default", "org"} {
		t.Run(server, func(t *testing.T) {
			w := newWorld(t, bundle)
			issuer := w.org.URL + "/oauth2/default"
			if server == "org" {
				issuer = w.org.URL
			}
			w.settings(issuer, false, "")
			eff := w.readBack(w.setUp())["baremetal"]
			for _, a := range w.org.Apps() {
				w.org.EditApp(a["id"].(string), func(a oktafake.Object) {
					sc := a["settings"].(map[string]any)["oauthClient"].(map[string]any)
					sc["grant_types"] = oktafake.Without(sc["grant_types"], "implicit")
					sc["response_types"] = oktafake.Without(sc["response_types"], "id_token", "token")
				})
			}
			w.org.EditRules("default", func(r oktafake.Object) {
				g := r["conditions"].(map[string]any)["grantTypes"].(map[string]any)
				g["include"] = oktafake.Without(g["include"], "implicit")
			})
			o := signIn(t, bctx, w.page, authConfig(eff), "alice@example.com")
			if o.IDToken == "" || !o.RefreshToken {
				t.Fatalf("no sign-in without implicit: %q %q", o.Error, o.IdPError)
			}
			if res := checkToken(t, o.IDToken, eff); !res.OK || !res.User.Admin {
				t.Fatal(res.Verdict)
			}
			// The evidence: the UI asked for the authorization code (with PKCE), nothing implicit.
			for _, r := range w.org.Requests() {
				if strings.Contains(r.Path, "/v1/authorize?") {
					u, _ := url.Parse(r.Path)
					if q := u.Query(); q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" {
						t.Fatalf("the UI's authorize request: response_type %q, code_challenge_method %q", q.Get("response_type"), q.Get("code_challenge_method"))
					}
				}
			}
		})
	}
}
