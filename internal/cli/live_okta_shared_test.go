package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// Issue 19 finding 7: omsso never changes a shared server's audience, default scopes or issuer
// mode, recommends a dedicated server instead, and creates its own policy (its client only,
// priority 1) rather than joining another team's.
func TestLiveOktaSharedObjectsUntouched(t *testing.T) {
	t.Run("shared custom server: audience and default scope stay", func(t *testing.T) {
		e := newOktaEnv(t, oktafake.Options{})
		id := e.org.AddApp(web("client_secret_post"))
		as := e.org.AddServer(oktafake.Object{"name": "team-api", "audiences": []any{"api://team"}, "issuerMode": "ORG_URL"})
		other := e.org.AddPolicy(as, oktafake.Object{"name": "Team", "conditions": oktafake.Object{"clients": oktafake.Object{"include": []any{"0oaTEAMCLIENT0000001"}}}})
		e.org.AddRule(other, oktafake.Object{"name": "team rule", "conditions": oktafake.Object{"people": oktafake.Object{"groups": oktafake.Object{"include": []any{"EVERYONE"}}},
			"grantTypes": oktafake.Object{"include": []any{"authorization_code"}}, "scopes": oktafake.Object{"include": []any{"*"}}}})
		e.settings(e.org.URL+"/oauth2/"+as, id, true, "")
		code, out := e.plan()
		if code != 2 || strings.Contains(out, "audiences") && !strings.Contains(out, "never changes its audience") || strings.Contains(out, "scope openmetadata") ||
			!strings.Contains(out, "--create-authorization-server") || strings.Contains(out, `policy "Team" clients`) {
			t.Fatalf("exit %d:\n%s", code, out)
		}
		e.apply()
		e.converged()
		srv := e.org.AuthServer(as)
		if aud := toStrings(srv["audiences"]); !slices.Equal(aud, []string{"api://team"}) {
			t.Fatalf("audience changed: %v", aud)
		}
		for _, r := range writes(e.org) {
			if strings.Contains(r.Path, "/scopes") || (r.Method == "PUT" && strings.Contains(r.Path, "/authorizationServers/"+as) && !strings.Contains(r.Path, "/policies")) {
				t.Fatalf("wrote to the shared server: %s %s %s", r.Method, r.Path, r.Body)
			}
		}
		pols := e.org.PoliciesOf(as)
		var ours, team map[string]any
		for _, p := range pols {
			switch p["name"] {
			case "OpenMetadata":
				ours = p
			case "Team":
				team = p
			}
		}
		if ours == nil || num(ours["priority"]) != 1 || !slices.Equal(toStrings(ours["conditions"].(map[string]any)["clients"].(map[string]any)["include"]), []string{id}) {
			t.Fatalf("omsso's own policy (client only, priority 1) missing: %v", pols)
		}
		if got := toStrings(team["conditions"].(map[string]any)["clients"].(map[string]any)["include"]); !slices.Equal(got, []string{"0oaTEAMCLIENT0000001"}) {
			t.Fatalf("another team's policy was joined: %v", got)
		}
	})
	t.Run("shared default server: issuer mode is a manual step", func(t *testing.T) {
		e := newOktaEnv(t, oktafake.Options{CustomDomain: "login.example.com", DefaultIssuerMode: "ORG_URL"})
		id := e.org.AddApp(web("client_secret_post"))
		e.settings("https://login.example.com/oauth2/default", id, true, "")
		api := []string{"--okta-api-url", e.org.URL + "/api/v1"}
		code, out := e.plan(api...)
		if code != 2 || !strings.Contains(out, "every other client of this shared server") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
		code, aout, errs := e.run(append([]string{"apply", "-f", e.file, "--target", "okta", "--auto-approve"}, api...)...)
		if code != 1 || !strings.Contains(aout, "does not change a shared server's issuer mode") {
			t.Fatalf("exit %d:\n%s\n%s", code, aout, errs)
		}
		if m := e.org.AuthServer("default")["issuerMode"]; m != "ORG_URL" {
			t.Fatalf("the shared default server's issuer mode changed to %v", m)
		}
	})
}

func num(v any) float64 {
	f, _ := v.(float64)
	return f
}
