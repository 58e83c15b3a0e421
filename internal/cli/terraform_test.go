package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/cli"
	"github.com/omsso/omsso/internal/okta/oktafake"
)

// render --target terraform never writes the client secret: a canary in the env var and the
// file the settings name appears in no file and no output, and the confidential app keeps its
// secret out of the Terraform state (omit_secret).
func TestTerraformSecretCanary(t *testing.T) {
	const canary = "CANARY-tf-s3cr3t-1a2b3c4d5e6f"
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "okta-secret")
	if err := os.WriteFile(secretFile, []byte(canary), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("OKTA_CLIENT_SECRET", canary)
	for i, ref := range []string{"{env: OKTA_CLIENT_SECRET}", "{file: " + secretFile + "}", "{kubernetesSecret: {name: oidc, key: secret}}"} {
		s := filepath.Join(dir, "s.yaml")
		data := "openmetadata: {url: https://om.example.com}\nokta:\n  domain: dev-123456.okta.com\n  clientId: 0oa1abcd2EFGH3ijk4l5\n  authorizationServer: aus5836ihy7o8ivuJ5d7\n  clientType: confidential\n  clientSecret: " + ref + "\nauthorizer: {adminPrincipals: [alice], principalDomain: example.com}\n"
		if err := os.WriteFile(s, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "out", string(rune('a'+i)))
		var stdout, stderr bytes.Buffer
		if code := cli.Run([]string{"render", "-f", s, "--target", "terraform", "--output-dir", out}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", ref, code, stderr.String())
		}
		checkNoCanary(t, canary, out, stdout.String()+stderr.String())
		main, err := os.ReadFile(filepath.Join(out, "terraform", "main.tf"))
		if err != nil || !bytes.Contains(main, []byte("omit_secret                = true")) {
			t.Errorf("%s: main.tf lacks omit_secret = true (%v)", ref, err)
		}
	}
}

// checkNoCanary fails when the canary is in any file under dir or in the output.
func checkNoCanary(t *testing.T, canary, dir, output string) {
	t.Helper()
	if strings.Contains(output, canary) {
		t.Errorf("the output holds the secret:\n%s", output)
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil && bytes.Contains(data, []byte(canary)) {
			t.Errorf("%s holds the secret", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// render --target terraform --adopt reads the org with the token from the env var (never
// printed or written), imports the app and the default server, and writes nothing to the org.
func TestTerraformAdopt(t *testing.T) {
	const token = "CANARY-tf-adopt-token-77aa"
	org := oktafake.New(oktafake.Options{Token: token})
	defer org.Close()
	t.Setenv("OKTA_API_TOKEN", token)
	app := org.AddApp(oktafake.Object{"label": "OM", "settings": oktafake.Object{"oauthClient": oktafake.Object{"application_type": "web",
		"grant_types": []any{"authorization_code"}, "response_types": []any{"code"}, "redirect_uris": []any{"https://om.example.com/callback"}}},
		"credentials": oktafake.Object{"oauthClient": oktafake.Object{"token_endpoint_auth_method": "client_secret_post"}}})
	dir := t.TempDir()
	s := filepath.Join(dir, "omsso.yaml")
	data := "openmetadata: {url: https://om.example.com}\nokta:\n  issuer: " + org.URL + "/oauth2/default\n  clientId: " + app +
		"\n  clientType: confidential\n  clientSecret: {env: OKTA_CLIENT_SECRET}\nauthorizer: {adminPrincipals: [alice], principalDomain: example.com}\n"
	if err := os.WriteFile(s, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--target", "docker", "--adopt"}, 1, "--adopt reads the Okta org for the Terraform code: add --target terraform"},
		{[]string{"--target", "terraform", "--adopt", "--okta-token-env", "NO_SUCH_VAR_H21"}, 1, "NO_SUCH_VAR_H21 is empty or unset"},
		{[]string{"--target", "terraform", "--adopt", "--client-id", "0oaNOSUCHAPP"}, 1, "the org has no OIDC app with client ID 0oaNOSUCHAPP"},
		{[]string{"--target", "terraform", "--adopt"}, 0, "wrote"},
	} {
		var stdout, stderr bytes.Buffer
		code := cli.Run(append([]string{"render", "-f", s, "--output-dir", out}, c.args...), &stdout, &stderr)
		if code != c.code || !strings.Contains(stdout.String()+stderr.String(), c.want) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s%s", c.args, code, c.code, c.want, stdout.String(), stderr.String())
		}
		checkNoCanary(t, token, out, stdout.String()+stderr.String())
		checkNoCanary(t, org.Secret(app), out, stdout.String()+stderr.String())
	}
	imports, err := os.ReadFile(filepath.Join(out, "terraform", "imports.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"id = " + `"` + app + `"`, "id = " + `"` + org.DefaultServerID() + `"`} {
		if !strings.Contains(string(imports), want) {
			t.Errorf("imports.tf lacks %s:\n%s", want, imports)
		}
	}
	for _, r := range org.Requests() {
		if r.Method != "GET" {
			t.Errorf("render --adopt wrote to the org: %s %s", r.Method, r.Path)
		}
	}
}

// render --adopt follows the token-host rule of plan --target okta: an issuer off Okta's
// domains (a settings file may come from a pull request) gets no token unless the host is named
// outside the settings; --okta-api-url names it.
func TestTerraformAdoptTokenHost(t *testing.T) {
	const token = "CANARY-tf-host-token-5c5c"
	org := oktafake.New(oktafake.Options{Token: token})
	defer org.Close()
	t.Setenv("OKTA_API_TOKEN", token)
	t.Setenv("OMSSO_OKTA_API_URL", "")
	t.Setenv("OMSSO_OKTA_ALLOW_HOSTS", "")
	app := org.AddApp(oktafake.Object{"label": "OM", "settings": oktafake.Object{"oauthClient": oktafake.Object{"application_type": "browser",
		"grant_types": []any{"authorization_code"}, "response_types": []any{"code"}, "redirect_uris": []any{"https://om.example.com/callback"}}},
		"credentials": oktafake.Object{"oauthClient": oktafake.Object{"token_endpoint_auth_method": "none"}}})
	dir := t.TempDir()
	s := filepath.Join(dir, "omsso.yaml")
	data := "openmetadata: {url: https://om.example.com}\nokta:\n  issuer: https://login.example.com/oauth2/default\n  clientId: " + app +
		"\nauthorizer: {adminPrincipals: [alice], principalDomain: example.com}\n"
	if err := os.WriteFile(s, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 1, "--okta-allow-host login.example.com"},
		{[]string{"--okta-allow-host", "other.example.com"}, 1, "is not on an Okta domain"},
		{[]string{"--okta-api-url", org.URL + "/api/v1"}, 0, "(named by --okta-api-url)"},
	} {
		out := filepath.Join(dir, "out", string(rune('a'+i)))
		var stdout, stderr bytes.Buffer
		code := cli.Run(append([]string{"render", "-f", s, "--target", "terraform", "--adopt", "--output-dir", out}, c.args...), &stdout, &stderr)
		if code != c.code || !strings.Contains(stdout.String()+stderr.String(), c.want) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s%s", c.args, code, c.code, c.want, stdout.String(), stderr.String())
		}
		if _, err := os.Stat(out); c.code != 0 && err == nil {
			t.Errorf("%v: refused, yet %s was written", c.args, out)
		}
		if c.code != 0 && len(org.Requests()) != 0 {
			t.Errorf("%v: refused after calling the org", c.args)
		}
		checkNoCanary(t, token, dir, stdout.String()+stderr.String())
	}
	if n := len(org.Requests()); n == 0 {
		t.Error("the allowed run made no request: the test proves nothing")
	}
	for _, r := range org.Requests() {
		if r.Method != "GET" {
			t.Errorf("render --adopt wrote to the org: %s %s", r.Method, r.Path)
		}
	}
}

// okta.assignGroups reaches the Terraform code (it was dropped: the code said "the settings name
// none" and assigned nobody, so nobody could sign in). With --adopt the rule of apply --target
// okta holds: groups are added only while nobody is assigned to the app.
func TestTerraformAssignGroups(t *testing.T) {
	const token = "CANARY-tf-assign-token-9d9d"
	org := oktafake.New(oktafake.Options{Token: token})
	defer org.Close()
	t.Setenv("OKTA_API_TOKEN", token)
	spa := func() string {
		return org.AddApp(oktafake.Object{"label": "OM", "settings": oktafake.Object{"oauthClient": oktafake.Object{"application_type": "browser",
			"grant_types": []any{"authorization_code"}, "response_types": []any{"code"}, "redirect_uris": []any{"https://om.example.com/callback"}}},
			"credentials": oktafake.Object{"oauthClient": oktafake.Object{"token_endpoint_auth_method": "none"}}})
	}
	org.AddGroup("OpenMetadata Users")
	free, taken := spa(), spa()
	org.AssignGroupID(taken, org.AddGroup("Restricted"))
	dir := t.TempDir()
	for i, c := range []struct {
		name, app string
		adopt     bool
		want      []string
		not       []string
	}{
		{"not read", free, false, []string{`resource "okta_app_group_assignment" "openmetadata_users"`, `resource "okta_app_group_assignment" "everyone"`, "without --adopt omsso cannot see the app's assignments"},
			[]string{"the settings name none"}},
		{"adopted, nobody assigned", free, true, []string{`resource "okta_app_group_assignment" "openmetadata_users"`, `resource "okta_app_group_assignment" "everyone"`}, nil},
		{"adopted, already assigned", taken, true, []string{`group "Everyone" of okta.assignGroups is not added`},
			[]string{`resource "okta_app_group_assignment"`}},
	} {
		s := filepath.Join(dir, fmt.Sprintf("s%d.yaml", i))
		data := "openmetadata: {url: https://om.example.com}\nokta:\n  issuer: " + org.URL + "/oauth2/default\n  clientId: " + c.app +
			"\n  assignGroups: [OpenMetadata Users, Everyone]\nauthorizer: {adminPrincipals: [alice], principalDomain: example.com}\n"
		if err := os.WriteFile(s, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"render", "-f", s, "--target", "terraform", "--output-dir", "-"}
		if c.adopt {
			args = append(args, "--adopt")
		}
		var stdout, stderr bytes.Buffer
		if code := cli.Run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.name, code, stderr.String())
		}
		for _, w := range c.want {
			if !strings.Contains(stdout.String(), w) {
				t.Errorf("%s: the code lacks %q:\n%s", c.name, w, stdout.String())
			}
		}
		for _, w := range c.not {
			if strings.Contains(stdout.String(), w) {
				t.Errorf("%s: the code holds %q:\n%s", c.name, w, stdout.String())
			}
		}
	}
}
