package cli_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/cli"
	"github.com/omsso/omsso/internal/upstream"
)

// A canary secret in the environment, in the secret file and in every env var a user might
// use never appears in any byte omsso writes: files, stdout or stderr, for every command. This
// core runs on every clone: omsso's chart model and a conf fixture of the repo.
func TestSecretCanary(t *testing.T) {
	conf, err := os.ReadFile("../../golden/patch-1.11-public-defaults/conf.yaml")
	if err != nil {
		t.Fatal(err)
	}
	secretCanary(t, string(conf), "")
}

// The same through the real chart (Helm's SDK) and the upstream conf/openmetadata.yaml.
func TestSecretCanaryUpstream(t *testing.T) {
	secretCanary(t, upstream.Conf(t), upstream.Chart(t))
}

// secretCanary runs every command over the canary; chart "" uses omsso's model of the chart.
func secretCanary(t *testing.T, confText, chart string) {
	const canary = "CANARY-s3cr3t-9f8e7d6c5b4a-do-not-leak"
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "okta-secret")
	if err := os.WriteFile(secretFile, []byte(canary), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"OKTA_CLIENT_SECRET", "OIDC_CLIENT_SECRET", "CLIENT_SECRET"} {
		t.Setenv(k, canary)
	}
	inputs := map[string]bool{secretFile: true}
	settingsFor := func(ref string) string {
		p := filepath.Join(dir, fmt.Sprintf("settings-%d.yaml", len(inputs)))
		inputs[p] = true
		data := "openmetadata: {url: https://om.example.com}\nokta:\n  domain: dev-123456.okta.com\n  clientId: 0oa1abcd2EFGH3ijk4l5\n  clientType: confidential\n  clientSecret: " + ref + "\nauthorizer: {adminPrincipals: [alice], principalDomain: example.com}\n"
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	conf := filepath.Join(dir, "openmetadata.yaml")
	if err := os.WriteFile(conf, []byte(confText), 0o644); err != nil {
		t.Fatal(err)
	}
	om := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }))
	defer om.Close()

	var all bytes.Buffer
	runAll := func(args ...string) {
		var stdout, stderr bytes.Buffer
		cli.Run(args, &stdout, &stderr)
		all.Write(stdout.Bytes())
		all.Write(stderr.Bytes())
	}
	for _, ref := range []string{"{env: OKTA_CLIENT_SECRET}", "{file: " + secretFile + "}", "{kubernetesSecret: {name: oidc, key: secret}}"} {
		s := settingsFor(ref)
		out := filepath.Join(dir, "out-"+filepath.Base(s))
		withChart := func(args ...string) []string {
			if chart == "" {
				return args
			}
			return append(args, "--chart", chart)
		}
		runAll(withChart("render", "-f", s, "--output-dir", out)...)
		for _, tg := range []string{"docker", "helm", "baremetal", "okta"} {
			runAll("render", "-f", s, "-t", tg, "--output-dir", "-")
		}
		runAll(withChart("verify", "-f", s, "--output-dir", out)...)
		runAll("verify", "-f", s, "--output-dir", out, "-o", "json")
		runAll("explain", "-f", s)
		runAll("explain", "-f", s, "-o", "json")
		for _, f := range []string{"text", "json", "sarif"} {
			runAll("lint", "-f", s, "--format", f)
		}
		runAll("patch", "-f", s, "--config", conf, "--diff")
		runAll("patch", "-f", s, "--config", conf, "--output-file", filepath.Join(out, "patched.yaml"))
		runAll("check", "-f", s, "--openmetadata-api-url", om.URL, "--timeout", "1s", "-o", "json")
	}
	// The secret pasted where it does not belong is refused without being echoed.
	runAll("render", "-f", settingsFor(`"`+canary+`"`), "--output-dir", filepath.Join(dir, "x"))
	t.Setenv("OMSSO_OKTA_CLIENTSECRET", canary)
	runAll("lint", "-f", settingsFor("{env: OKTA_CLIENT_SECRET}"))
	os.Unsetenv("OMSSO_OKTA_CLIENTSECRET")
	bad := filepath.Join(dir, "bad.yaml")
	inputs[bad] = true
	if err := os.WriteFile(bad, []byte("openmetadata: {url: \"https://admin:"+canary+"@om.example.com\"}\nokta: {domain: dev-1.okta.com, clientId: 0oa1, authorizationServer: \""+canary+"\"}\nauthorizer: {adminPrincipals: [a], principalDomain: \""+canary+".com\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runAll("lint", "-f", bad)
	runAll("render", "-f", bad, "--output-dir", filepath.Join(dir, "y"))

	if strings.Contains(all.String(), canary) {
		i := strings.Index(all.String(), canary)
		t.Errorf("the canary appears in output: …%s…", all.String()[max(0, i-200):i+len(canary)])
	}
	if all.Len() < 10000 {
		t.Errorf("suspiciously little output: %d bytes", all.Len())
	}
	n := 0
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || inputs[p] {
			return err
		}
		data, _ := os.ReadFile(p)
		n++
		if bytes.Contains(data, []byte(canary)) {
			t.Errorf("%s holds the canary", p)
		}
		return nil
	})
	if n < 15 {
		t.Errorf("only %d files written", n)
	}
}

// Generated files that may hold a secret would be 0600; the others follow the umask (no file
// omsso writes holds a secret, so all are 0644 under umask 022).
func TestRenderModesAndForce(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"render", "-f", example, "--output-dir", dir}, &stdout, &stderr); code != 0 {
		t.Fatal(stderr.String())
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if st, _ := os.Stat(p); st.Mode().Perm()&0o022 != 0 {
				t.Errorf("%s is %v", p, st.Mode().Perm())
			}
		}
		return err
	})
	// A file omsso did not write is never replaced without --force, and nothing else changes.
	mine := filepath.Join(dir, "helm", "values-okta.yaml")
	if err := os.WriteFile(mine, []byte("# my own values\nreplicaCount: 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "docker", "openmetadata_okta.env")
	before, _ := os.ReadFile(other)
	stdout.Reset()
	stderr.Reset()
	code := cli.Run([]string{"render", "-f", example, "--output-dir", dir, "--openmetadata-url", "https://changed.example.com"}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "refusing to overwrite files omsso did not write") || !strings.Contains(stderr.String(), "--force") {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if after, _ := os.ReadFile(other); !bytes.Equal(before, after) {
		t.Error("a refused render changed another file")
	}
	stdout.Reset()
	stderr.Reset()
	if code := cli.Run([]string{"render", "-f", example, "--output-dir", dir, "--force"}, &stdout, &stderr); code != 0 {
		t.Fatal(stderr.String())
	}
	if got, _ := os.ReadFile(mine); !bytes.Contains(got, []byte("Generated by omsso")) {
		t.Error("--force did not replace the file")
	}
}
