package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// On 2.1 the conf defaults of oidcConfiguration.maxAge and prompt became "" while the chart
// still sets OIDC_MAX_AGE "0" and OIDC_PROMPT_TYPE "consent" from its own values: the Helm
// values must set them, or the server binds the chart's (verify --chart with the 1.13.1 chart
// found 4 mismatches). Lines whose default the chart carries set nothing.
func TestHelmSetsDefaultsTheLineMoved(t *testing.T) {
	for _, c := range []struct {
		version string
		set     bool
	}{{"1.12", false}, {"2.0", false}, {"2.1", true}} {
		s := filepath.Join(t.TempDir(), "omsso.yaml")
		data := "openmetadata: {url: https://om.example.com, version: \"" + c.version + "\"}\nokta:\n  domain: dev-123456.okta.com\n  clientId: 0oa1abcd2EFGH3ijk4l5\n" +
			"  clientType: confidential\n  clientSecret: {kubernetesSecret: {name: oidc, key: secret}}\nauthorizer: {adminPrincipals: [alice], principalDomain: example.com}\n"
		if err := os.WriteFile(s, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr strings.Builder
		if code := Run([]string{"values", "-q", "-f", s}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.version, code, stderr.String())
		}
		for _, w := range []string{`maxAge: ""`, `promptType: ""`} {
			if got := strings.Contains(stdout.String(), w); got != c.set {
				t.Errorf("%s: values hold %s: %v, want %v", c.version, w, got, c.set)
			}
		}
		// The upstream compose file passes OIDC_MAX_AGE:-"0" and OIDC_PROMPT_TYPE:-"consent" too.
		stdout.Reset()
		if code := Run([]string{"render", "-q", "-f", s, "--target", "docker", "--output-dir", "-"}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.version, code, stderr.String())
		}
		for _, w := range []string{`OIDC_MAX_AGE='""'`, `OIDC_PROMPT_TYPE='""'`} {
			if got := strings.Contains(stdout.String(), w); got != c.set {
				t.Errorf("%s: the env file holds %s: %v, want %v", c.version, w, got, c.set)
			}
		}
	}
}
