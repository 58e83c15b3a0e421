package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// Issue 19 finding 13: --required-only lets a team that declines recommendations reach exit 0;
// plan shows creations; an unset client ID points at --create-app; the help has examples.
func TestLivePlanFormatFlags(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	id := e.org.AddApp(web("client_secret_post"))
	e.settings(e.org.URL, id, true, "")
	t.Run("required-only needs detailed-exitcode", func(t *testing.T) {
		code, _, errs := e.run("plan", "-f", e.file, "--target", "okta", "--required-only")
		if code != 1 || !strings.Contains(errs, "pass both") {
			t.Fatalf("exit %d: %s", code, errs)
		}
	})
	t.Run("plan shows the creations", func(t *testing.T) {
		e.settings(e.org.URL+"/oauth2/default", "", false, "")
		code, out, errs := e.run("plan", "-f", e.file, "--target", "okta", "--create-app", "--create-authorization-server", "OpenMetadata", "--detailed-exitcode")
		if code != 2 || !strings.Contains(out, `+ app "OpenMetadata (om.example.com)" (new)`) || !strings.Contains(out, `+ authorizationServer "OpenMetadata" (new)`) || !strings.Contains(out, "Plan: 6 to add,") {
			t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
		}
		if n := len(writes(e.org)); n != 0 {
			t.Fatalf("plan wrote %d time(s)", n)
		}
	})
	t.Run("unset client ID points at --create-app", func(t *testing.T) {
		code, _, errs := e.run("plan", "-f", e.file, "--target", "okta")
		if code != 1 || !strings.Contains(errs, "--create-app") || !strings.Contains(errs, "--create-authorization-server") {
			t.Fatalf("exit %d: %s", code, errs)
		}
	})
	t.Run("help has examples", func(t *testing.T) {
		for _, cmd := range []string{"plan", "apply"} {
			_, out, _ := e.run(cmd, "--help")
			if !strings.Contains(out, "Examples:") || !strings.Contains(out, "omsso "+cmd+" --target okta") {
				t.Fatalf("%s --help:\n%s", cmd, out)
			}
		}
	})
	e.noCanaries()
}

// A plan with only recommended changes exits 0 under --required-only, 2 without it.
func TestLivePlanRequiredOnly(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	app := web("client_secret_post")
	oc := app["settings"].(oktafake.Object)["oauthClient"].(oktafake.Object)
	oc["grant_types"] = []any{"authorization_code", "refresh_token"}
	oc["redirect_uris"] = []any{"https://om.example.com/callback", "https://om.example.com/silent-callback"}
	id := e.org.AddApp(app) // lacks only the recommended post-logout redirect
	e.org.AssignGroup(id)
	e.settings(e.org.URL, id, true, "")
	code, out := e.plan()
	if code != 2 || !strings.Contains(out, "post_logout_redirect_uris [recommended]") || strings.Contains(out, "[required]") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if code, out := e.plan("--required-only"); code != 0 {
		t.Fatalf("--required-only exit %d:\n%s", code, out)
	}
	_, jout, _ := e.run("plan", "-f", e.file, "--target", "okta", "-o", "json")
	var doc struct {
		FormatVersion string `json:"format_version"`
		Applied       bool
		Summary       struct{ Add, Change, Destroy int }
		Changes       []struct{ Type, Address, ID string }
	}
	if err := json.Unmarshal([]byte(jout), &doc); err != nil || doc.FormatVersion != "1.0" || doc.Applied || doc.Summary.Change != 1 ||
		doc.Changes[0].Type != "okta_app" || doc.Changes[0].Address != "okta.app" || doc.Changes[0].ID != id {
		t.Fatalf("%v\n%s", err, jout)
	}
}
