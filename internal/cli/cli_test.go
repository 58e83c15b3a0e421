package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/cli"
)

const example = "../../examples/omsso.yaml"

func TestCommands(t *testing.T) {
	out := t.TempDir()
	notDir := filepath.Join(out, "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		args     []string
		code     int
		stdout   []string // substrings
		stderr   []string
		noStdout bool
	}{
		{name: "version", args: []string{"version"}, stdout: []string{"omsso dev", "OpenMetadata lines: 1.5,", "1.12"}},
		{name: "help teaches", args: []string{"render", "--help"}, stdout: []string{"--target", "OMSSO_OKTA_CLIENTID", "docker compose --env-file", "--output-dir -"}},
		{name: "root help", args: []string{"--help"}, stdout: []string{"render", "schema", "version"}},
		{name: "helm to stdout", args: []string{"render", "-f", example, "--target", "helm", "--output-dir", "-"}, stdout: []string{"openmetadata:\n  config:", `provider: "okta"`}},
		{name: "docker to stdout shows both files", args: []string{"render", "-f", example, "-t", "docker", "--output-dir", "-"}, stdout: []string{"# ==> docker/openmetadata_okta.env <==", "# ==> docker/docker-compose.okta.yml <=="}},
		{name: "stdout needs one target", args: []string{"render", "-f", example, "--output-dir", "-"}, code: 1, stderr: []string{"--output-dir - prints one target"}, noStdout: true},
		{name: "unknown target", args: []string{"render", "-f", example, "--target", "k8s"}, code: 1, stderr: []string{`unknown target "k8s"; use all, docker, helm, baremetal`}},
		{name: "missing settings file", args: []string{"render", "-f", "nope.yaml", "--output-dir", out}, code: 1, stderr: []string{"nope.yaml: cannot read the settings file", "fix: check the path"}},
		{name: "unknown file type", args: []string{"render", "-f", "settings.ini"}, code: 1, stderr: []string{"unknown file type", "name the file .yaml"}},
		{name: "output folder not writable", args: []string{"render", "-f", example, "--output-dir", filepath.Join(notDir, "sub")}, code: 1, stderr: []string{"cannot create folder"}},
		{name: "flags alone", args: []string{"render", "-t", "baremetal", "--output-dir", "-", "--openmetadata-url", "https://om.example.com", "--okta-domain", "dev-1.okta.com", "--client-id", "0oaX1", "--admin", "alice", "--admin", "bob", "--principal-domain", "example.com"}, stdout: []string{`adminPrincipals: ["alice", "bob"]`, `authority: "https://dev-1.okta.com/oauth2/default"`}},
		{name: "flags alone, missing ones named", args: []string{"render", "--output-dir", "-", "-t", "helm", "--client-id", "0oaX1"}, code: 1, stderr: []string{"openmetadata.url: is required", "okta.domain: is required", "authorizer.adminPrincipals: is required", "4 problems"}},
		{name: "schema", args: []string{"schema"}, stdout: []string{`"$schema": "https://json-schema.org/draft/2020-12/schema"`}},
		{name: "extra args refused", args: []string{"render", "extra"}, code: 1, stderr: []string{"unknown command"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr := runCLI(t, c.args, "", c.code, c.stdout, c.stderr)
			if c.noStdout && stdout != "" {
				t.Errorf("unexpected stdout: %s", stdout)
			}
			if strings.Contains(stderr, "panic") {
				t.Errorf("panic: %s", stderr)
			}
		})
	}
}

// runCLI runs omsso in-process with stdin, checks the exit status (fatal on a mismatch) and
// that each wanted string is in stdout and stderr, and returns both outputs for more checks.
func runCLI(t *testing.T, args []string, stdin string, code int, wantOut, wantErr []string) (stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	got := cli.RunIO(args, strings.NewReader(stdin), &out, &errb)
	if got != code {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", got, code, out.String(), errb.String())
	}
	for _, s := range wantOut {
		if !strings.Contains(out.String(), s) {
			t.Errorf("stdout lacks %q:\n%s", s, out.String())
		}
	}
	for _, s := range wantErr {
		if !strings.Contains(errb.String(), s) {
			t.Errorf("stderr lacks %q:\n%s", s, errb.String())
		}
	}
	return out.String(), errb.String()
}

func TestSchemaIsJSON(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"schema"}, &stdout, &stderr); code != 0 {
		t.Fatal(stderr.String())
	}
	var v map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
}

// Env vars override the file, flags override env.
func TestPrecedence(t *testing.T) {
	t.Setenv("OMSSO_OKTA_CLIENTID", "0oaENV")
	t.Setenv("OMSSO_OPENMETADATA_URL", "https://env.example.com")
	var stdout, stderr bytes.Buffer
	code := cli.Run([]string{"render", "-f", example, "-t", "baremetal", "-o", "-", "--openmetadata-url", "https://flag.example.com"}, &stdout, &stderr)
	if code != 0 {
		t.Fatal(stderr.String())
	}
	for _, s := range []string{`clientId: "0oaENV"`, `callbackUrl: "https://flag.example.com/callback"`} {
		if !strings.Contains(stdout.String(), s) {
			t.Errorf("missing %s in\n%s", s, stdout.String())
		}
	}
}

// A failing render writes nothing, and the secret reference never turns into a value.
func TestFailureWritesNothing(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "omsso.yaml")
	if err := os.WriteFile(bad, []byte("openmetadata: {url: https://om.example.com}\nokta: {domain: x.okta.com, clientId: 0oa1}\nauthorizer: {adminPrincipals: [a]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"render", "-f", bad, "--output-dir", out}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output folder created by a failing render")
	}
}

func TestVerifyAndExplain(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"render", "-f", example, "--output-dir", dir}, &stdout, &stderr); code != 0 {
		t.Fatal(stderr.String())
	}
	cases := []struct {
		args   []string
		code   int
		stdout []string
	}{
		{[]string{"verify", "-f", example, "--output-dir", dir}, 0, []string{"docker     OK: execute-migrate-all, openmetadata-server", "helm       OK: openmetadata", "baremetal  OK: server", "omsso's model of the 1.8+ chart (pass --chart"}},
		{[]string{"verify", "-f", example, "--output-dir", dir, "-o", "json", "-t", "docker"}, 0, []string{`"findings": []`, `"docker": [`}},
		{[]string{"verify", "-f", example, "--output-dir", dir, "--openmetadata-url", "https://other.example.com"}, 1, []string{"FAIL docker execute-migrate-all authenticationConfiguration.callbackUrl", `want   "https://other.example.com/callback"`, "where  env file: AUTHENTICATION_CALLBACK_URL", "verify: "}},
		{[]string{"verify", "-f", example, "--output-dir", filepath.Join(dir, "nope")}, 1, nil},
		{[]string{"explain", "-f", example, "-t", "helm"}, 0, []string{"authenticationConfiguration.publicKeyUrls\n  settings   Okta JWKS", "helm       openmetadata.config.authentication.publicKeys → AUTHENTICATION_PUBLIC_KEYS = ["}},
		{[]string{"explain", "-f", example, "-o", "json"}, 0, []string{`"key": "authorizerConfiguration.adminPrincipals"`, `"via": "AUTHORIZER_ADMIN_PRINCIPALS (env file)"`}},
		{[]string{"explain", "-f", example, "-o", "yaml"}, 1, nil},
	}
	for _, c := range cases {
		stdout.Reset()
		stderr.Reset()
		code := cli.Run(c.args, &stdout, &stderr)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", c.args, code, c.code, stdout.String(), stderr.String())
			continue
		}
		for _, s := range c.stdout {
			if !strings.Contains(stdout.String(), s) {
				t.Errorf("%v: stdout lacks %q:\n%s", c.args, s, stdout.String())
			}
		}
	}
}

func TestPatchFiles(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.yaml")
	conf := "authorizerConfiguration:\n  principalDomain: ${AUTHORIZER_PRINCIPAL_DOMAIN:-\"open-metadata.org\"}  # keep me\nauthenticationConfiguration:\n  provider: ${AUTHENTICATION_PROVIDER:-basic}\n"
	if err := os.WriteFile(real, []byte(conf), 0o604); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "openmetadata.yaml")
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := cli.Run(append([]string{"patch", "-f", example, "--config", link}, args...), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	// Default: a dry run that says so and writes nothing.
	code, out, errOut := run()
	if code != 0 || !strings.Contains(out, "+++ "+link+" (patched)") || !strings.Contains(errOut, "nothing written") {
		t.Fatalf("dry run: %d %q %q", code, out, errOut)
	}
	if code, _, _ := run("--diff", "--detailed-exitcode"); code != 2 {
		t.Errorf("--diff --detailed-exitcode with changes: exit %d, want 2", code)
	}
	if code, _, errOut := run("--in-place", "--output-file", "x"); code != 1 || !strings.Contains(errOut, "choose one of") {
		t.Errorf("conflicting outputs: %d %q", code, errOut)
	}
	outFile := filepath.Join(dir, "out.yaml")
	if code, out, _ := run("--output-file", outFile); code != 0 || !strings.Contains(out, "wrote     "+outFile) {
		t.Errorf("--output-file: %d %q", code, out)
	}
	// A .bak that holds something else is kept: the backup gets a timestamp.
	if err := os.WriteFile(real+".bak", []byte("an older backup\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run("--in-place")
	if code != 0 || !strings.Contains(out, "patched   "+link) || !strings.Contains(out, "backup "+real+".bak.") {
		t.Fatalf("--in-place: %d %q", code, out)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced instead of its target")
	}
	st, _ := os.Stat(real)
	if st.Mode().Perm() != 0o604 {
		t.Errorf("mode %v, want 0604", st.Mode().Perm())
	}
	got, _ := os.ReadFile(real)
	want, _ := os.ReadFile(outFile)
	if !bytes.Equal(got, want) || !strings.Contains(string(got), "  # keep me\n") {
		t.Errorf("patched file:\n%s", got)
	}
	if old, _ := os.ReadFile(real + ".bak"); string(old) != "an older backup\n" {
		t.Error("an existing backup was overwritten")
	}
	if code, out, _ := run("--in-place"); code != 0 || !strings.HasPrefix(out, "unchanged ") {
		t.Errorf("second --in-place: %d %q", code, out)
	}
	if code, _, errOut := run("--mode", "fancy"); code != 1 || !strings.Contains(errOut, `unknown mode "fancy"`) {
		t.Errorf("bad mode: %d %q", code, errOut)
	}
}

func TestCompletionAndExtras(t *testing.T) {
	ex, err := filepath.Abs(example)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	for _, f := range []string{"my out/docker/openmetadata_okta.env", "my out/docker/docker-compose.okta.yml", "base.yml"} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		args   []string
		code   int
		stdout []string
	}{
		{[]string{"completion", "bash"}, 0, []string{"bash completion"}},
		{[]string{"completion", "zsh"}, 0, []string{"#compdef omsso"}},
		{[]string{"completion", "fish"}, 0, []string{"complete -c omsso"}},
		{[]string{"__complete", "render", "--target", ""}, 0, []string{"all\ndocker\nhelm\nbaremetal\nokta\n"}},
		{[]string{"__complete", "verify", "--target", ""}, 0, []string{"all\ndocker\nhelm\nbaremetal\n"}},
		{[]string{"__complete", "patch", "--mode", ""}, 0, []string{"defaults\nliteral\n"}},
		{[]string{"values", "-f", ex}, 0, []string{"openmetadata:\n  config:"}},
		{[]string{"compose-up-args", "--output-dir", "my out", "--compose-file", "base.yml"}, 0, []string{"docker compose --env-file 'my out/docker/openmetadata_okta.env' -f base.yml -f 'my out/docker/docker-compose.okta.yml' up -d\n"}},
		{[]string{"init", "--non-interactive", "--output-file", filepath.Join(t.TempDir(), "x.yaml"), "--client-id", "0oa1"}, 1, nil},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := cli.Run(c.args, &stdout, &stderr)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d: %s", c.args, code, c.code, stderr.String())
			continue
		}
		for _, s := range c.stdout {
			if !strings.Contains(stdout.String(), s) {
				t.Errorf("%v: stdout lacks %q:\n%.500s", c.args, s, stdout.String())
			}
		}
	}
	// diff: nothing on disk shows every file as new; after render, unchanged; --detailed-exitcode says so.
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"diff", "-f", ex, "--output-dir", dir, "--detailed-exitcode"}, &stdout, &stderr); code != 2 || !strings.Contains(stdout.String(), "--- /dev/null") {
		t.Errorf("diff before render: %d %s", code, stdout.String())
	}
	cli.Run([]string{"render", "-f", ex, "--output-dir", dir}, &stdout, &stderr)
	stdout.Reset()
	if code := cli.Run([]string{"diff", "-f", ex, "--output-dir", dir, "--detailed-exitcode"}, &stdout, &stderr); code != 0 || stdout.Len() != 0 || !strings.Contains(stderr.String(), "no changes") {
		t.Errorf("diff after render: %d %s", code, stdout.String())
	}
	stdout.Reset()
	if code := cli.Run([]string{"diff", "-f", ex, "--output-dir", dir, "--principal-domain", "example.org"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), `+      principalDomain: "example.org"`) {
		t.Errorf("diff of a change: %d %s", code, stdout.String())
	}
	// init without a terminal names every missing flag.
	stderr.Reset()
	cli.Run([]string{"init", "--non-interactive", "--output-file", filepath.Join(dir, "i.yaml")}, &stdout, &stderr)
	for _, f := range []string{"--openmetadata-url", "--okta-domain", "--client-id", "--admin", "--principal-domain"} {
		if !strings.Contains(stderr.String(), f) {
			t.Errorf("init does not name %s: %s", f, stderr.String())
		}
	}
	stdout.Reset()
	if code := cli.Run([]string{"init", "--non-interactive", "--output-file", filepath.Join(dir, "ok.yaml"), "--openmetadata-url", "https://om.example.com", "--okta-domain", "dev-1.okta.com", "--client-id", "0oa1", "--admin", "alice", "--admin", "bob", "--principal-domain", "example.com"}, &stdout, &stderr); code != 0 {
		t.Errorf("init with flags: %s", stderr.String())
	}
	// The Docker CLI's plugin handshake.
	stdout.Reset()
	if code := cli.Main("/home/u/.docker/cli-plugins/docker-omsso", []string{"docker-cli-plugin-metadata"}, strings.NewReader(""), &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), `"SchemaVersion":"0.1.0"`) {
		t.Errorf("metadata: %s", stdout.String())
	}
	stdout.Reset()
	if code := cli.Main("docker-omsso", []string{"omsso", "version"}, strings.NewReader(""), &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "omsso dev") {
		t.Errorf("docker omsso version: %s", stdout.String())
	}
}
