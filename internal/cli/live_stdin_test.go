package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// apply --create-app with the settings on stdin (-f -): the new confidential app's secret still
// lands in the clientSecret.file, and apply does not fail after creating the app.
func TestLiveCreateAppFromStdin(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	secretFile := filepath.Join(e.dir, "okta-secret")
	text := "openmetadata: {url: https://om.example.com, version: \"1.12\"}\nokta:\n  issuer: " + e.org.URL + "/oauth2/default\n  clientType: confidential\n  clientSecret: {file: " + secretFile + "}\n  assignGroups: [Everyone]\nauthorizer: {adminPrincipals: [alice], principalDomain: example.com}\n"
	var out, errb bytes.Buffer
	code := RunIO([]string{"apply", "-f", "-", "--target", "okta", "--auto-approve", "--create-app"}, strings.NewReader(text), &out, &errb)
	t.Logf("exit %d\n%s\n%s", code, out.String(), errb.String())
	if _, err := os.Stat(secretFile); err != nil {
		t.Errorf("app created but its secret was not written to %s: %v", secretFile, err)
	}
	if len(e.org.Apps()) > 0 && code != 0 {
		t.Errorf("apply created an app in Okta and then failed")
	}
}
