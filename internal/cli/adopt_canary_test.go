package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// render --target terraform --adopt reads the org with the same client as plan --target okta:
// an Okta answer that echoes the token (an error body, an HTML page, a redirect with user-info)
// puts no 8-character run of it in any output or file, and nothing is written on failure.
func TestAdoptCanarySweep(t *testing.T) {
	const token = "00Vb3Nm8Qw2Er6Ty9Ui4Op1As7Df5Gh0Jk3Lz8Xc"
	for _, c := range []struct {
		name  string
		fault *oktafake.Fault
		code  int
	}{
		{"happy path", nil, 0},
		{"401 invalid token", &oktafake.Fault{Prefix: "/apps", Status: 401, Code: "E0000011", Summary: "Invalid token provided " + token}, 1},
		{"error echoing the token", &oktafake.Fault{Prefix: "/apps", Status: 400, Code: "E0000001", Summary: "bad header SSWS " + token[3:30] + "\x1b[2K"}, 1},
		{"HTML page", &oktafake.Fault{Prefix: "/authorizationServers", Status: 403, Raw: "<html>denied " + token + "</html>", ContentType: "text/html"}, 1},
		{"redirect with userinfo", &oktafake.Fault{Prefix: "/apps", Status: 302, Location: "https://user:" + token + "@elsewhere.example/x"}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			org := oktafake.New(oktafake.Options{Token: token})
			defer org.Close()
			t.Setenv("OKTA_API_TOKEN", token)
			app := org.AddApp(oktafake.Object{"label": "OM", "settings": oktafake.Object{"oauthClient": oktafake.Object{"application_type": "browser",
				"grant_types": []any{"authorization_code"}, "response_types": []any{"code"}, "redirect_uris": []any{"https://om.example.com/callback"}}},
				"credentials": oktafake.Object{"oauthClient": oktafake.Object{"token_endpoint_auth_method": "none"}}})
			if c.fault != nil {
				org.Inject(*c.fault)
			}
			dir := t.TempDir()
			s := filepath.Join(dir, "omsso.yaml")
			data := "openmetadata: {url: https://om.example.com}\nokta:\n  issuer: " + org.URL + "/oauth2/default\n  clientId: " + app +
				"\nauthorizer: {adminPrincipals: [alice], principalDomain: example.com}\n"
			if err := os.WriteFile(s, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out")
			var stdout, stderr bytes.Buffer
			code := Run([]string{"render", "-f", s, "--target", "terraform", "--adopt", "--output-dir", out}, &stdout, &stderr)
			all := stdout.String() + stderr.String()
			if code != c.code {
				t.Errorf("exit %d, want %d:\n%s", code, c.code, all)
			}
			if l := leaks(all, token); l != "" {
				t.Errorf("the output holds %q of the token:\n%s", l, all)
			}
			if strings.ContainsRune(all, 0x1b) {
				t.Errorf("a control character from the server reached the output:\n%q", all)
			}
			_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, _ := os.ReadFile(p)
				if l := leaks(string(b), token); l != "" {
					t.Errorf("%s holds %q of the token", p, l)
				}
				return nil
			})
			if _, err := os.Stat(out); c.code != 0 && err == nil {
				t.Errorf("failed, yet %s was written", out)
			}
		})
	}
}
