package cli

import (
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// convergedSPA is an org where the public client's login works: plan finds nothing.
func convergedSPA(t *testing.T) (*oktaEnv, string) {
	e := newOktaEnv(t, oktafake.Options{})
	e.settings(e.org.URL+"/oauth2/default", "", false, "")
	e.apply("--create-app", "--create-authorization-server", "OpenMetadata")
	e.converged()
	return e, e.clientIDFromFile()
}

// Issue 19 finding 5: a deactivated trusted origin, authorization server or app is a change
// (a manual one: omsso does not change statuses), exit 2, never "no changes".
func TestLiveOktaInactiveObjects(t *testing.T) {
	for _, kind := range []string{"app", "authorizationServer", "trustedOrigin"} {
		t.Run(kind, func(t *testing.T) {
			e, clientID := convergedSPA(t)
			var id string
			switch kind {
			case "app":
				id = clientID
			case "authorizationServer":
				id = e.org.AuthServer(authServerFromFile(t, e))["id"].(string)
			case "trustedOrigin":
				id = e.org.OriginID("https://om.example.com")
			}
			e.org.SetStatus(id, "INACTIVE")
			code, out := e.plan()
			if code != 2 || !strings.Contains(out, `status [required]: "INACTIVE" -> "ACTIVE"`) || !strings.Contains(out, "activate it in the Admin Console") {
				t.Fatalf("exit %d:\n%s", code, out)
			}
			code, aout, errs := e.run("apply", "-f", e.file, "--target", "okta", "--auto-approve")
			if code != 1 || !strings.Contains(aout, "do these by hand") {
				t.Fatalf("apply exit %d:\n%s\n%s", code, aout, errs)
			}
			e.noCanaries()
		})
	}
}

func authServerFromFile(t *testing.T, e *oktaEnv) string {
	t.Helper()
	data, err := readFile(e.file)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(data, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "authorizationServer: "); ok {
			return v
		}
	}
	t.Fatal("no authorizationServer in the settings")
	return ""
}

// Issue 19 finding 6: a confidential app that requires PKCE refuses OpenMetadata's logins.
func TestLiveOktaConfidentialPKCE(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	app := web("client_secret_post")
	app["credentials"].(oktafake.Object)["oauthClient"].(oktafake.Object)["pkce_required"] = true
	id := e.org.AddApp(app)
	e.settings(e.org.URL, id, true, "")
	code, out := e.plan()
	if code != 2 || !strings.Contains(out, `credentials.oauthClient.pkce_required [required]: true -> false`) {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	e.apply()
	e.converged()
	if v := e.org.App(id)["credentials"].(map[string]any)["oauthClient"].(map[string]any)["pkce_required"]; v != false {
		t.Fatalf("pkce_required = %v", v)
	}
	e.noCanaries(e.org.Secret(id))
}
