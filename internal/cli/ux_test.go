package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/cli"
	"github.com/omsso/omsso/internal/upstream"
)

type uxCase struct {
	name     string
	args     []string
	stdin    string
	code     int
	stdout   []string // substrings
	stderr   []string
	noStderr bool
}

func runUX(t *testing.T, cases []uxCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr := runCLI(t, c.args, c.stdin, c.code, c.stdout, c.stderr)
			if c.noStderr && stderr != "" {
				t.Errorf("unexpected stderr: %s", stderr)
			}
		})
	}
}

// Item 12: -o is the output format everywhere; a folder is --output-dir, a file --output-file;
// the old spellings still work, with a deprecation warning on stderr.
func TestOutputFlagConsistency(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "openmetadata.yaml")
	if err := os.WriteFile(conf, []byte("authorizerConfiguration:\n  principalDomain: x\nauthenticationConfiguration:\n  provider: basic\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runUX(t, []uxCase{
		{name: "render --output-dir", args: []string{"render", "-f", example, "--output-dir", filepath.Join(dir, "a")}, stdout: []string{"wrote     " + filepath.Join(dir, "a", "docker")}, noStderr: true},
		{name: "render -o json", args: []string{"render", "-f", example, "--output-dir", filepath.Join(dir, "j"), "-o", "json"}, stdout: []string{`"path": "` + filepath.Join(dir, "j", "docker", "openmetadata_okta.env") + `"`, `"status": "wrote"`}},
		{name: "render -o DIR is deprecated", args: []string{"render", "-f", example, "-o", filepath.Join(dir, "b")}, stdout: []string{"wrote     " + filepath.Join(dir, "b")}, stderr: []string{"warning: render -o " + filepath.Join(dir, "b") + " is deprecated", "--output-dir " + filepath.Join(dir, "b")}},
		{name: "render -o - is deprecated", args: []string{"render", "-f", example, "-t", "helm", "-o", "-"}, stdout: []string{"openmetadata:\n  config:"}, stderr: []string{"write --output-dir -"}},
		{name: "render -o sarif is a format it lacks", args: []string{"render", "-f", example, "-o", "sarif"}, code: 1, stderr: []string{"render -o sarif: unknown output format; use text or json"}},
		{name: "render -o DIR with --output-dir", args: []string{"render", "-f", example, "-o", "./x", "--output-dir", "y"}, code: 1, stderr: []string{"-o ./x and --output-dir both given"}},
		{name: "diff --output-dir", args: []string{"diff", "-f", example, "--output-dir", filepath.Join(dir, "a")}, stderr: []string{"no changes: " + filepath.Join(dir, "a") + " is up to date"}},
		{name: "diff -o DIR is deprecated", args: []string{"diff", "-f", example, "-o", filepath.Join(dir, "a")}, stderr: []string{"no changes", "diff -o " + filepath.Join(dir, "a") + " is deprecated"}},
		{name: "diff -o json", args: []string{"diff", "-f", example, "--output-dir", filepath.Join(dir, "new"), "-o", "json"}, stdout: []string{`"status": "new"`, `"diff": "--- /dev/null`}},
		{name: "patch --output-file", args: []string{"patch", "-f", example, "--config", conf, "--output-file", filepath.Join(dir, "p1.yaml")}, stdout: []string{"wrote     " + filepath.Join(dir, "p1.yaml")}, stderr: []string{"note: "}},
		{name: "patch -o FILE is deprecated", args: []string{"patch", "-f", example, "--config", conf, "-o", filepath.Join(dir, "p2.yaml")}, stdout: []string{"wrote     " + filepath.Join(dir, "p2.yaml")}, stderr: []string{"patch -o " + filepath.Join(dir, "p2.yaml") + " is deprecated", "--output-file"}},
		{name: "patch -o json is no file", args: []string{"patch", "-f", example, "--config", conf, "-o", "json"}, code: 1, stderr: []string{"patch -o json: unknown output format; use text"}},
		{name: "lint -o sarif", args: []string{"lint", "-f", example, "-o", "sarif"}, stdout: []string{`"version": "2.1.0"`}, noStderr: true},
		{name: "lint --format is deprecated", args: []string{"lint", "-f", example, "--format", "json"}, stdout: []string{`"diagnostics"`}, stderr: []string{"lint --format is deprecated", "-o json"}},
		{name: "version -o json", args: []string{"version", "-o", "json"}, stdout: []string{`"version": "dev"`, `"openmetadataLines": [`}},
		{name: "compose-up-args -o json", args: []string{"compose-up-args", "--output-dir", filepath.Join(dir, "a"), "--compose-file", example, "-o", "json"}, stdout: []string{`"--env-file"`}},
		{name: "verify -o yaml", args: []string{"verify", "-f", example, "-o", "yaml"}, code: 1, stderr: []string{"verify -o yaml: unknown output format; use text or json"}},
	})
	init := filepath.Join(dir, "init.yaml")
	runUX(t, []uxCase{
		{name: "init -o FILE is deprecated", args: []string{"init", "--non-interactive", "-o", init, "--openmetadata-url", "https://om.example.com", "--okta-domain", "dev-1.okta.com", "--client-id", "0oa1", "--admin", "alice", "--principal-domain", "example.com"}, stdout: []string{"wrote     " + init}, stderr: []string{"init -o " + init + " is deprecated"}},
	})
}

// Item 13: -f - reads the settings from stdin, --config - the conf, --output-file - writes to
// stdout.
func TestStdinAndStdout(t *testing.T) {
	settingsYAML, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	conf := "authorizerConfiguration:\n  principalDomain: x\nauthenticationConfiguration:\n  provider: basic\n"
	confFile := filepath.Join(dir, "openmetadata.yaml")
	if err := os.WriteFile(confFile, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	initFlags := []string{"--non-interactive", "--openmetadata-url", "https://om.example.com", "--okta-domain", "dev-1.okta.com", "--client-id", "0oa1", "--admin", "alice", "--principal-domain", "example.com"}
	runUX(t, []uxCase{
		{name: "values -f -", args: []string{"values", "-f", "-"}, stdin: string(settingsYAML), stdout: []string{`principalDomain: "example.com"`}},
		{name: "-f - JSON", args: []string{"values", "-f", "-"}, stdin: `{"openmetadata": {"url": "https://om.example.com"}, "okta": {"domain": "dev-1.okta.com", "clientId": "0oa1"}, "authorizer": {"adminPrincipals": ["a"], "principalDomain": "example.org"}}`, stdout: []string{`principalDomain: "example.org"`}},
		{name: "-f - blames <stdin>", args: []string{"lint", "-f", "-"}, stdin: "openmetadata:\n  url: ftp://x\n", code: 1, stdout: []string{"<stdin>:2"}},
		{name: "patch --config - --output-file -", args: []string{"patch", "-f", example, "--config", "-", "--output-file", "-"}, stdin: conf, stdout: []string{"principalDomain: \"example.com\"", "provider: \"okta\""}},
		{name: "patch --config - --in-place refused", args: []string{"patch", "-f", example, "--config", "-", "--in-place"}, stdin: conf, code: 1, stderr: []string{"cannot be patched in place"}},
		{name: "patch both from stdin refused", args: []string{"patch", "-f", "-", "--config", "-"}, code: 1, stderr: []string{"cannot both read stdin"}},
		{name: "patch --output-file - of a file", args: []string{"patch", "-f", example, "--config", confFile, "--output-file", "-"}, stdout: []string{"authenticationConfiguration:"}},
		{name: "init --output-file -", args: append([]string{"init", "--output-file", "-"}, initFlags...), stdout: []string{"# yaml-language-server: $schema=omsso.schema.json", "clientId: \"0oa1\""}},
	})
	if _, err := os.Stat(filepath.Join(dir, "-")); err == nil {
		t.Error("a file named - was written")
	}
}

// Item 14: init prompts only on a terminal and only for what is missing; .json writes JSON;
// the next steps name the file written.
func TestInitWithoutTerminal(t *testing.T) {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	dir := t.TempDir()
	flags := []string{"--openmetadata-url", "https://om.example.com", "--okta-domain", "dev-1.okta.com", "--client-id", "0oa1", "--admin", "alice", "--principal-domain", "example.com"}
	// Every flag given, stdin /dev/null (a character device, yet no terminal): no prompt.
	out := filepath.Join(dir, "my settings.yaml")
	var stdout, stderr bytes.Buffer
	if code := cli.RunIO(append([]string{"init", "--output-file", out}, flags...), devnull, &stdout, &stderr); code != 0 {
		t.Fatalf("init with every flag and /dev/null: %d\n%s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "questions") || strings.Contains(stderr.String(), "[") {
		t.Errorf("init prompted without a terminal: %q", stderr.String())
	}
	if !strings.Contains(stdout.String(), "omsso lint -f '"+out+"'") {
		t.Errorf("next steps do not name the file: %s", stdout.String())
	}
	// A missing flag and /dev/null: named, not asked.
	stdout.Reset()
	stderr.Reset()
	if code := cli.RunIO([]string{"init", "--output-file", filepath.Join(dir, "x.yaml"), "--client-id", "0oa1"}, devnull, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "missing --openmetadata-url") {
		t.Errorf("missing flags: %d %s", code, stderr.String())
	}
	// .json writes JSON that loads.
	js := filepath.Join(dir, "x.json")
	stdout.Reset()
	stderr.Reset()
	if code := cli.RunIO(append([]string{"init", "--output-file", js}, flags...), devnull, &stdout, &stderr); code != 0 {
		t.Fatalf("init .json: %s", stderr.String())
	}
	data, _ := os.ReadFile(js)
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("init wrote no JSON to %s: %v\n%s", js, err, data)
	}
	if !strings.Contains(stdout.String(), "omsso render -f "+js) {
		t.Errorf("next steps do not name %s: %s", js, stdout.String())
	}
	stdout.Reset()
	if code := cli.Run([]string{"values", "-f", js}, &stdout, &stderr); code != 0 {
		t.Errorf("the JSON init wrote does not load: %s", stderr.String())
	}
	if code := cli.RunIO(append([]string{"init", "--output-file", filepath.Join(dir, "x.toml")}, flags...), devnull, &stdout, &stderr); code != 1 {
		t.Error("init .toml: want a refusal")
	}
}

// Item 15: a bad value from a flag or an env var is blamed on the flag or the env var.
func TestBlameFlagsAndEnv(t *testing.T) {
	runUX(t, []uxCase{
		{name: "flag", args: []string{"values", "-f", example, "--issuer", "https://dev-123456.okta.com/oauth2/default/"}, code: 1, stderr: []string{"  --issuer: okta.issuer: ends with a slash"}},
		{name: "flag on a list", args: []string{"values", "-f", example, "--admin", "a", "--admin", "a"}, code: 1, stderr: []string{"  --admin: authorizer.adminPrincipals[1]: repeats"}},
		{name: "lint text", args: []string{"lint", "-f", example, "--issuer", "https://dev-123456.okta.com/oauth2/default/"}, code: 1, stdout: []string{"--issuer: error OKTA003: okta.issuer: ends with a slash"}},
		{name: "lint json", args: []string{"lint", "-f", example, "-o", "json", "--issuer", "https://dev-123456.okta.com/oauth2/default/"}, code: 1, stdout: []string{`"origin": "--issuer"`}},
	})
	// SARIF annotates files: a value from a flag has no location in one.
	var stdout, stderr bytes.Buffer
	cli.Run([]string{"lint", "-f", example, "-o", "sarif", "--issuer", "https://dev-123456.okta.com/oauth2/default/"}, &stdout, &stderr)
	if !strings.Contains(stdout.String(), `"text": "--issuer: okta.issuer: ends with a slash`) || strings.Contains(stdout.String(), `"uri": "--issuer"`) {
		t.Errorf("SARIF of a flag's value:\n%s", stdout.String())
	}
	t.Setenv("OMSSO_OKTA_DOMAIN", "https://dev-123456.okta.com")
	runUX(t, []uxCase{
		{name: "env", args: []string{"values", "-f", example}, code: 1, stderr: []string{"  $OMSSO_OKTA_DOMAIN: okta.domain: must be a host name, not a URL"}},
	})
}

// Items 16 and 21: render --dry-run, --target lists, --version, root help.
func TestRenderDryRunAndTargets(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	runUX(t, []uxCase{
		{name: "dry run", args: []string{"render", "-f", example, "--output-dir", dir, "--dry-run"}, stdout: []string{"would write " + filepath.Join(dir, "helm", "values-okta.yaml"), "nothing written"}},
		{name: "dry run json", args: []string{"render", "-f", example, "--output-dir", dir, "--dry-run", "-o", "json"}, stdout: []string{`"dryRun": true`, `"status": "would write"`}},
		{name: "target list", args: []string{"render", "-f", example, "--output-dir", dir, "--target", "docker,helm", "--dry-run"}, stdout: []string{"docker-compose.okta.yml", "values-okta.yaml"}},
		{name: "target list with a bad name", args: []string{"render", "-f", example, "--target", "docker,k8s"}, code: 1, stderr: []string{`unknown target "k8s"`}},
		{name: "--version", args: []string{"--version"}, stdout: []string{"omsso dev (commit none)\nOpenMetadata lines: 1.5,"}},
		{name: "root help", args: []string{"--help"}, stdout: []string{"Start with: omsso init"}},
	})
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Error("--dry-run wrote something")
	}
	var stdout, stderr bytes.Buffer
	cli.Run([]string{"render", "-f", example, "--output-dir", dir, "--target", "helm,docker", "--dry-run"}, &stdout, &stderr)
	if strings.Contains(stdout.String(), "baremetal") || strings.Contains(stdout.String(), "SETUP.md") {
		t.Errorf("--target helm,docker rendered more: %s", stdout.String())
	}
}

// Item 17: the diff of a new file is a patch git apply and patch -p1 accept.
func TestDiffIsAPatch(t *testing.T) {
	ex, err := filepath.Abs(example)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"diff", "-f", ex, "--output-dir", "out"}, &stdout, &stderr); code != 0 {
		t.Fatalf("diff: %s", stderr.String())
	}
	p := stdout.String()
	for _, s := range []string{"--- /dev/null\n+++ b/out/docker/openmetadata_okta.env\n@@ -0,0 +1,", "+++ b/out/helm/values-okta.yaml"} {
		if !strings.Contains(p, s) {
			t.Errorf("diff lacks %q:\n%.400s", s, p)
		}
	}
	if err := os.WriteFile("okta.patch", stdout.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if git, err := exec.LookPath("git"); err == nil {
		run(t, git, "init", "-q")
		run(t, git, "apply", "--check", "okta.patch")
		run(t, git, "apply", "okta.patch")
		// A change to an existing file applies too.
		stdout.Reset()
		cli.Run([]string{"diff", "-f", ex, "--output-dir", "out", "--principal-domain", "example.org"}, &stdout, &stderr)
		if !strings.Contains(stdout.String(), "--- a/out/") {
			t.Errorf("diff of a change: %s", stdout.String())
		}
		_ = os.WriteFile("change.patch", stdout.Bytes(), 0o644)
		run(t, git, "apply", "--check", "change.patch")
	} else if os.Getenv("CI") == "true" {
		t.Fatal("git is not on the PATH")
	}
	if patch, err := exec.LookPath("patch"); err == nil {
		_ = os.RemoveAll("out")
		run(t, patch, "-p1", "--dry-run", "-i", "okta.patch")
		run(t, patch, "-p1", "-s", "-i", "okta.patch")
		stdout.Reset()
		if code := cli.Run([]string{"diff", "-f", ex, "--output-dir", "out", "--detailed-exitcode"}, &stdout, &stderr); code != 0 {
			t.Errorf("after patch -p1 the files differ from render's: %s", stdout.String())
		}
	} else if os.Getenv("CI") == "true" {
		t.Fatal("patch is not on the PATH")
	}
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

// Item 18: verify -o json has "findings": [] when clean; explain -o json values are typed;
// completion offers -o values everywhere and --client-type wherever it is a flag.
func TestJSONAndCompletion(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"explain", "-f", example, "-o", "json", "-t", "docker"}, &stdout, &stderr); code != 0 {
		t.Fatal(stderr.String())
	}
	var chains []struct {
		Key     string
		Targets map[string]struct{ Value any }
	}
	if err := json.Unmarshal(stdout.Bytes(), &chains); err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for _, c := range chains {
		switch c.Targets["docker"].Value.(type) {
		case []any:
			types[c.Key] = "list"
		case bool:
			types[c.Key] = "bool"
		case string:
			types[c.Key] = "string"
		}
	}
	for k, want := range map[string]string{"authorizerConfiguration.adminPrincipals": "list", "authenticationConfiguration.enableSelfSignup": "bool", "authenticationConfiguration.publicKeyUrls": "list", "authenticationConfiguration.clientId": "string"} {
		if types[k] != want {
			t.Errorf("explain -o json: %s is %q, want a %s", k, types[k], want)
		}
	}
	var cases []uxCase
	for _, cmd := range []string{"render", "diff", "verify", "explain", "check", "patch", "init", "version", "compose-up-args", "plan", "apply"} {
		cases = append(cases, uxCase{name: cmd + " -o", args: []string{"__complete", cmd, "-o", ""}, stdout: []string{"text\n"}})
	}
	cases = append(cases, uxCase{name: "lint -o", args: []string{"__complete", "lint", "-o", ""}, stdout: []string{"text\njson\nsarif\n"}})
	for _, cmd := range []string{"render", "values", "diff", "verify", "explain", "patch", "lint", "check", "init"} {
		cases = append(cases, uxCase{name: cmd + " --client-type", args: []string{"__complete", cmd, "--client-type", ""}, stdout: []string{"public\nconfidential\n"}})
	}
	runUX(t, cases)
}

// Item 22: missing inputs get one line with the way out.
func TestMissingInputs(t *testing.T) {
	ex, err := filepath.Abs(example)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	runUX(t, []uxCase{
		{name: "no settings at all", args: []string{"render"}, code: 1, stderr: []string{"omsso: no settings file found (looked for ./omsso.yaml); run omsso init"}},
		{name: "no settings, lint", args: []string{"lint"}, code: 1, stderr: []string{"no settings file found"}},
		{name: "patch --config missing", args: []string{"patch", "-f", ex, "--config", "missing.yaml"}, code: 1, stderr: []string{"--config missing.yaml: cannot read it", "fix: give the path of your server's conf/openmetadata.yaml"}},
		{name: "bad $OMSSO_CHART", args: []string{"verify", "-f", ex, "-t", "helm", "--chart", "nope"}, code: 1, stderr: []string{"--chart nope is not a chart", "fix: give the OpenMetadata chart's folder"}},
	})
	var stdout, stderr bytes.Buffer
	cli.Run([]string{"render"}, &stdout, &stderr)
	if n := strings.Count(stderr.String(), "is required"); n > 0 {
		t.Errorf("%d is-required lines", n)
	}
	t.Setenv("OMSSO_CHART", "nope")
	runUX(t, []uxCase{
		{name: "bad $OMSSO_CHART is an input error", args: []string{"render", "-f", ex, "-t", "helm", "--dry-run"}, code: 1, stderr: []string{"$OMSSO_CHART (nope) is not a chart"}},
	})
}

// Item 9: without --chart, verify uses the model of the settings' chart line; --chart of
// another line warns.
func TestVerifyChartLine(t *testing.T) {
	dir := t.TempDir()
	s := filepath.Join(dir, "omsso.yaml")
	if err := os.WriteFile(s, []byte("openmetadata: {url: https://om.example.com, version: \"1.5\"}\nokta: {domain: dev-1.okta.com, clientId: 0oa1, clientType: confidential, clientSecret: {env: OKTA_CLIENT_SECRET}}\nauthorizer: {adminPrincipals: [a], principalDomain: example.com}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"render", "-f", s, "--output-dir", out, "-t", "helm"}, &stdout, &stderr); code != 0 {
		t.Fatal(stderr.String())
	}
	// Drop the extraEnvs entry that fixes the 1.5 chart's quoted customParams: the 1.12
	// chart model would still pass it.
	values := filepath.Join(out, "helm", "values-okta.yaml")
	data, _ := os.ReadFile(values)
	i := strings.Index(string(data), "  # Older charts quote customParams")
	if i < 0 {
		t.Fatalf("no customParams entry in:\n%s", data)
	}
	if err := os.WriteFile(values, data[:i], 0o644); err != nil {
		t.Fatal(err)
	}
	runUX(t, []uxCase{
		{name: "1.5 model", args: []string{"verify", "-f", s, "--output-dir", out, "-t", "helm"}, code: 1, stdout: []string{"model of the 1.5 chart", "customParams"}},
	})
	chart := upstream.Chart(t)
	runUX(t, []uxCase{
		{name: "chart of another line", args: []string{"verify", "-f", s, "-t", "helm", "--chart", chart}, stderr: []string{"warning: --chart " + chart + " is the chart of OpenMetadata 1.12.12, but the settings are for the 1.5 line"}},
		{name: "chart of the line", args: []string{"verify", "-f", example, "--openmetadata-version", "1.12", "-t", "helm", "--chart", chart}, noStderr: true},
	})
}

// The printed reset commands follow $HELM_NAMESPACE like the other kubectl commands (#14 item 11).
func TestResetCommandNamespace(t *testing.T) {
	t.Setenv("HELM_NAMESPACE", "data")
	runUX(t, []uxCase{
		{name: "helm", args: []string{"render", "-f", example, "-t", "helm", "--output-dir", t.TempDir()}, stdout: []string{"kubectl --namespace data exec deploy/openmetadata -- ./bootstrap/openmetadata-ops.sh remove-security-config --force", "kubectl --namespace data rollout restart deploy/openmetadata"}},
	})
}
