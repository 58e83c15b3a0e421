package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// okta/SETUP.md never tells a person to change what the default authorization server's other
// apps share (its audience, default scopes, issuer mode), the rule apply --target okta follows;
// a dedicated server still gets the guide's audience and default scope.
func TestSetupLeavesTheSharedServerAlone(t *testing.T) {
	for _, c := range []struct {
		server    string
		want, not []string
	}{
		{"default", []string{"shared with your org's other apps", "leave its **Audience** (`api://default`)"},
			[]string{"**Audience**: the app's client ID", "a default scope"}},
		{"aus5836ihy7o8ivuJ5d7", []string{"**Audience**: the app's client ID", "a default scope", "if other apps use this server"}, nil},
	} {
		s := filepath.Join(t.TempDir(), "omsso.yaml")
		data := "openmetadata: {url: https://om.example.com}\nokta:\n  domain: dev-123456.okta.com\n  authorizationServer: " + c.server +
			"\n  clientId: 0oa1abcd2EFGH3ijk4l5\nauthorizer: {adminPrincipals: [alice], principalDomain: example.com}\n"
		if err := os.WriteFile(s, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr strings.Builder
		if code := Run([]string{"render", "-q", "-f", s, "--target", "okta", "--output-dir", "-"}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.server, code, stderr.String())
		}
		for _, w := range c.want {
			if !strings.Contains(stdout.String(), w) {
				t.Errorf("%s: SETUP.md lacks %q:\n%s", c.server, w, stdout.String())
			}
		}
		for _, w := range c.not {
			if strings.Contains(stdout.String(), w) {
				t.Errorf("%s: SETUP.md says %q:\n%s", c.server, w, stdout.String())
			}
		}
	}
}
