package cli_test

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/cli"
)

// The defaults and traps a newcomer met (#23 items 6–10), one test each.

// Item 6: verify without --output-dir proves out/ once render has written there, and says on every
// target's lines which it checked; a hand edit of out/ is caught.
func TestVerifyDefaultsToOut(t *testing.T) {
	ex, err := filepath.Abs(example)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	runCLI(t, []string{"verify", "-f", ex, "-t", "docker"}, "", 0, []string{"checked what render would write now, rendered in memory"}, nil)
	runCLI(t, []string{"render", "-f", ex}, "", 0, nil, nil)
	runCLI(t, []string{"verify", "-f", ex, "-t", "docker"}, "", 0, []string{"checked the files in " + filepath.Join("out", "docker")}, nil)
	env := filepath.Join("out", "docker", "openmetadata_okta.env")
	data, err := os.ReadFile(env)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "FORCE_SECURE_SESSION_COOKIE=true", "FORCE_SECURE_SESSION_COOKIE=false", 1)
	if edited == string(data) {
		t.Fatal("the env file lacks FORCE_SECURE_SESSION_COOKIE=true")
	}
	if err := os.WriteFile(env, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	runCLI(t, []string{"verify", "-f", ex, "-t", "docker"}, "", 1, []string{"FAIL docker", "verify: 2 mismatches in the files in out"}, nil)
	// An out/ that omsso did not write is not taken for its output.
	t.Chdir(t.TempDir())
	if err := os.MkdirAll(filepath.Join("out", "docker"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("out", "docker", "x.env"), []byte("A=1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runCLI(t, []string{"verify", "-f", ex, "-t", "docker"}, "", 0, []string{"rendered in memory"}, nil)
}

// Item 7: a value of -o that is no format is an unknown format, unless it is an existing path or
// has a / (the old -o DIR and -o FILE); no folder named after a mistyped format appears.
func TestOutputFormatNotAFolder(t *testing.T) {
	ex, err := filepath.Abs(example)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	runUX(t, []uxCase{
		{name: "render -o yaml", args: []string{"render", "-f", ex, "-o", "yaml"}, code: 1, stderr: []string{"render -o yaml: unknown output format; use text or json", "for a path, write --output-dir yaml"}},
		{name: "render -o JSON", args: []string{"render", "-f", ex, "-o", "JSON"}, code: 1, stderr: []string{"did you mean -o json?"}},
		{name: "diff -o yml", args: []string{"diff", "-f", ex, "-o", "yml"}, code: 1, stderr: []string{"unknown output format"}},
		{name: "patch -o new.yaml", args: []string{"patch", "-f", ex, "--config", "-", "-o", "new.yaml"}, stdin: "authorizerConfiguration: {}\n", code: 1, stderr: []string{"for a path, write --output-file new.yaml"}},
		{name: "render -o ./dir keeps the old meaning", args: []string{"render", "-f", ex, "-o", "./old"}, stdout: []string{"wrote     " + filepath.Join("old", "docker")}, stderr: []string{"is deprecated and will stop working in omsso 0."}},
	})
	for _, name := range []string{"yaml", "JSON", "yml", "new.yaml"} {
		if _, err := os.Stat(name); err == nil {
			t.Errorf("-o %s created %s", name, name)
		}
	}
	if err := os.Mkdir("existing", 0o755); err != nil {
		t.Fatal(err)
	}
	runCLI(t, []string{"render", "-f", ex, "-o", "existing"}, "", 0, []string{"wrote     " + filepath.Join("existing", "docker")}, []string{"--output-dir existing"})
}

// Item 9: lint reports every finding of a file in one run: wrong types do not hide the value
// and rule findings of the other fields, and a dropped value does not add a "missing" error.
func TestLintReportsAllAtOnce(t *testing.T) {
	f := filepath.Join(t.TempDir(), "omsso.yaml")
	bad := "openmetadata:\n  url: ftp://om.example.com\n  versoin: \"1.12\"\nokta:\n  domain: https://dev-123456.okta.com\n  clientId: 0oa1abcd2EFGH3ijk4l5\n  scopes: [email]\nauthorizer:\n  adminPrincipals: alice\n  principalDomain: example.com\n  enforcePrincipalDomain: \"yes\"\n"
	if err := os.WriteFile(f, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := runCLI(t, []string{"lint", "-f", f}, "", 1, []string{
		":2: error OMSSO002: openmetadata.url",
		":3: error OMSSO004: openmetadata.versoin",
		":5: error OKTA005: okta.domain",
		":7: error OKTA009: okta.scopes",
		":9: error OMSSO003: authorizer.adminPrincipals: wrong type",
		":11: error OMSSO003: authorizer.enforcePrincipalDomain: wrong type",
		"6 errors, 1 warning, 1 note\n",
	}, nil)
	if strings.Contains(out, "OMSSO001") {
		t.Errorf("a value dropped for its type was reported missing too:\n%s", out)
	}
}

// Item 10, the newcomer's list (the parts done): a positional settings file, diff with no
// change, compose-up-args' files and flag, an unknown OMSSO_* variable.
func TestNewcomerList(t *testing.T) {
	ex, err := filepath.Abs(example)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	t.Setenv("OMSSO_OKTA_DOMIAN", "dev-1.okta.com")
	runUX(t, []uxCase{
		{name: "positional settings file", args: []string{"render", ex}, code: 1, stderr: []string{"did you mean -f " + ex + "?"}},
		{name: "unknown OMSSO_ variable", args: []string{"lint", "-f", ex}, stderr: []string{"warning: $OMSSO_OKTA_DOMIAN is not a variable omsso reads", "did you mean $OMSSO_OKTA_DOMAIN?"}},
		{name: "compose-up-args before render", args: []string{"compose-up-args"}, code: 1, stderr: []string{filepath.Join("out", "docker", "openmetadata_okta.env") + ", ", "docker-compose.yml not found", "run omsso render"}},
	})
	runCLI(t, []string{"render", "-f", ex}, "", 0, nil, nil)
	if out, errs := runCLI(t, []string{"diff", "-f", ex}, "", 0, nil, []string{"no changes: out is up to date"}); out != "" {
		t.Errorf("diff without changes wrote on stdout: %q (stderr %q)", out, errs)
	}
	if err := os.WriteFile("docker-compose.yml", []byte("services: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runCLI(t, []string{"compose-up-args"}, "", 0, []string{"-f docker-compose.yml -f out/docker/docker-compose.okta.yml up -d"}, nil)
	runCLI(t, []string{"compose-up-args", "-f", "docker-compose.yml"}, "", 0, []string{"-f docker-compose.yml"}, []string{"write --compose-file"})
}

// Item 10: values -o json prints the same values as JSON.
func TestValuesJSON(t *testing.T) {
	out, _ := runCLI(t, []string{"values", "-f", example, "-o", "json"}, "", 0, []string{`"principalDomain": "example.com"`}, nil)
	if !strings.HasPrefix(out, "{") {
		t.Errorf("not JSON: %.200s", out)
	}
	runCLI(t, []string{"values", "-f", example, "-o", "text"}, "", 1, nil, []string{"values -o text: unknown output format; use yaml or json"})
}

// Item 8: init checks the finished file with lint's rules before writing: an answer each
// check passes alone (a secret env var OpenMetadata reads for another key) writes nothing.
func TestInitLintsBeforeWriting(t *testing.T) {
	out := filepath.Join(t.TempDir(), "omsso.yaml")
	runCLI(t, []string{"init", "--non-interactive", "--output-file", out, "--openmetadata-url", "https://om.example.com", "--okta-domain", "dev-1.okta.com",
		"--client-id", "0oa1", "--admin", "alice", "--principal-domain", "example.com", "--client-type", "confidential", "--client-secret-env", "AUTHENTICATION_CLIENT_ID"},
		"", 1, nil, []string{"init: the file would fail omsso lint, so nothing was written", out + ":", "[OKTA027]"})
	if _, err := os.Stat(out); err == nil {
		t.Error("init wrote a file lint rejects")
	}
}

// Item 10: inside Helm (and the Docker CLI), --help names the command as the user typed it.
func TestPluginHelpUsage(t *testing.T) {
	var out, errb strings.Builder
	t.Setenv("HELM_PLUGIN_NAME", "omsso")
	if code := cli.Main("omsso", []string{"render", "--help"}, strings.NewReader(""), &out, &errb); code != 0 || !strings.Contains(out.String(), "Usage:\n  helm omsso render [flags]") {
		t.Errorf("helm omsso render --help: %d\n%s", code, out.String())
	}
	t.Setenv("HELM_PLUGIN_NAME", "")
	out.Reset()
	if code := cli.Main("docker-omsso", []string{"omsso", "--help"}, strings.NewReader(""), &out, &errb); code != 0 || !strings.Contains(out.String(), "docker omsso [command]") {
		t.Errorf("docker omsso --help: %d\n%s", code, out.String())
	}
}

// Item 10: check names a URL it could not fetch once, not again inside Go's "Get \"URL\":".
func TestCheckSaysURLOnce(t *testing.T) {
	s := httptest.NewServer(nil)
	s.Close() // a port nothing answers on
	f := filepath.Join(t.TempDir(), "omsso.yaml")
	yaml := "openmetadata:\n  url: https://om.example.com\n  version: \"2.0\"\nokta:\n  issuer: " + s.URL + "/oauth2/default\n  clientId: 0oa1abcd2EFGH3ijk4l5\n  clientType: public\nauthorizer:\n  adminPrincipals: [alice]\n  principalDomain: example.com\n"
	if err := os.WriteFile(f, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	url := s.URL + "/oauth2/default/.well-known/openid-configuration"
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			out, _ := runCLI(t, []string{"check", "-f", f, "--timeout", "2s", "-o", format}, "", 1, []string{"GET " + url + ": "}, nil)
			if n := strings.Count(out, url); n != 1 {
				t.Errorf("check names %s %d times:\n%s", url, n, out)
			}
		})
	}
}

// Item 10: $HELM_NAMESPACE reaches the written values file's header (its kubectl and helm
// commands) as it reaches the next steps on stdout; the default namespace adds nothing.
func TestHelmNamespaceInHeader(t *testing.T) {
	yaml := "openmetadata:\n  url: https://om.example.com\n  version: \"2.0\"\nokta:\n  issuer: https://dev-1.okta.com/oauth2/default\n  clientId: 0oa1abcd2EFGH3ijk4l5\n  clientType: confidential\n  clientSecret:\n    env: OKTA_SECRET\nauthorizer:\n  adminPrincipals: [alice]\n  principalDomain: example.com\n"
	for _, c := range []struct{ ns, want string }{
		{"team-a", " --namespace team-a"},
		{"default", ""},
	} {
		t.Run(c.ns, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("HELM_NAMESPACE", c.ns)
			out, _ := runCLI(t, []string{"render", "-f", "-", "-t", "helm", "--output-dir", dir}, yaml, 0, nil, nil)
			data, err := os.ReadFile(filepath.Join(dir, "helm", "values-okta.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range []string{"kubectl" + c.want + " create secret", "open-metadata/openmetadata" + c.want + " -f "} {
				if !strings.Contains(out, w) || !strings.Contains(string(data), w) {
					t.Errorf("%q not in both stdout and the file:\nstdout: %s\nfile: %.1200s", w, out, data)
				}
			}
			if c.want == "" && strings.Contains(string(data)+out, "--namespace") {
				t.Errorf("the default namespace is named:\n%s\n%s", out, data)
			}
		})
	}
}

// Item 10: patch says so (on stderr) when it renames the env var the client secret is read
// from, and is silent when the variable stays.
func TestPatchNotesSecretRename(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "openmetadata.yaml")
	if err := os.WriteFile(conf, []byte("authorizerConfiguration:\n  className: ${AUTHORIZER_CLASS_NAME:-org.openmetadata.service.security.DefaultAuthorizer}\nauthenticationConfiguration:\n  provider: ${AUTHENTICATION_PROVIDER:-basic}\n  oidcConfiguration:\n    secret: ${OIDC_CLIENT_SECRET:-\"\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		env    string
		rename bool
	}{{"OKTA_CLIENT_SECRET", true}, {"OIDC_CLIENT_SECRET", false}} {
		t.Run(c.env, func(t *testing.T) {
			yaml := "openmetadata:\n  url: https://om.example.com\n  version: \"2.0\"\nokta:\n  domain: dev-1.okta.com\n  clientId: 0oa1abcd2EFGH3ijk4l5\n  clientType: confidential\n  clientSecret: {env: " + c.env + "}\nauthorizer:\n  adminPrincipals: [alice]\n  principalDomain: example.com\n"
			// A warning, not a note: the server's environment must change too, so --quiet keeps it.
			_, errs := runCLI(t, []string{"patch", "-f", "-", "--config", conf, "--mode", "defaults", "--dry-run", "-q"}, yaml, 0, nil, nil)
			warning := "warning: authenticationConfiguration.oidcConfiguration.secret: line 6 read the client secret from $OIDC_CLIENT_SECRET; it now reads $OKTA_CLIENT_SECRET"
			if got := strings.Contains(errs, warning); got != c.rename {
				t.Errorf("rename warning shown %v, want %v:\n%s", got, c.rename, errs)
			}
		})
	}
}

// Item 10: where verify's text says "omsso's model of …", its JSON says so as data: model is
// true for a target read by omsso's model of a layer rather than the real library.
func TestVerifyJSONSaysModel(t *testing.T) {
	t.Setenv(cli.EnvComposeFile, "")
	t.Setenv(cli.EnvChart, "")
	for _, target := range []string{"docker", "helm"} {
		t.Run(target, func(t *testing.T) {
			runCLI(t, []string{"verify", "-f", example, "-t", target}, "", 0, []string{"omsso's model of"}, nil)
			out, _ := runCLI(t, []string{"verify", "-f", example, "-t", target, "-o", "json"}, "", 0, nil, nil)
			var rep struct {
				Model map[string]bool `json:"model"`
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if m, ok := rep.Model[target]; !ok || !m {
				t.Errorf("model[%s] = %v, %v; want true:\n%s", target, m, ok, out)
			}
		})
	}
}

// Item 10: the live commands report every missing input at once, not one per run.
func TestLiveReportsAllMissingInputs(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", "")
	t.Setenv("OMSSO_OPENMETADATA", "")
	t.Setenv("OMSSO_OPENMETADATA_API_URL", "")
	t.Setenv("OMSSO_TEST_NO_SECRET", "")
	t.Setenv("OKTA_API_TOKEN", "")
	t.Setenv("OMSSO_OKTA_API_URL", "")
	t.Setenv("OMSSO_OKTA_ALLOW_HOSTS", "")
	conf := "openmetadata:\n  url: https://om.example.com\n  version: \"2.0\"\nokta:\n  domain: dev-1.okta.com\n  clientId: 0oa1abcd2EFGH3ijk4l5\n  clientType: confidential\n  clientSecret: {env: OMSSO_TEST_NO_SECRET}\nauthorizer:\n  adminPrincipals: [alice]\n  principalDomain: example.com\n"
	noURL, noToken, noSecret := "--openmetadata-api-url is required", "no admin token: set $OPENMETADATA_TOKEN", "$OMSSO_TEST_NO_SECRET (okta.clientSecret.env) is empty or unset"
	runUX(t, []uxCase{
		{name: "plan: no URL, no token", args: []string{"plan", "-f", example, "--target", "openmetadata"}, code: 1, stderr: []string{"omsso: 2 inputs are missing or wrong:\n  - " + noURL, "\n  - " + noToken}},
		{name: "apply: no URL, no token, no secret", args: []string{"apply", "-f", "-", "--target", "openmetadata"}, stdin: conf, code: 1, stderr: []string{noURL, noToken, noSecret}},
		{name: "okta plan: no token, a host not on an Okta domain", args: []string{"plan", "-f", "-", "--target", "okta"}, stdin: strings.Replace(conf, "domain: dev-1.okta.com", "issuer: https://login.example.com/oauth2/default", 1), code: 1,
			stderr: []string{"2 inputs are missing or wrong", "no Okta API token: OKTA_API_TOKEN is empty or unset", "login.example.com is not on an Okta domain"}},
		{name: "apply: no token, no secret", args: []string{"apply", "-f", "-", "--target", "openmetadata", "--openmetadata-api-url", "https://om.example.com"}, stdin: conf, code: 1, stderr: []string{noToken, noSecret}},
	})
}

// Item 10: one name per concept. The old names still set the value (each case's result
// depends on it), are hidden from --help, and say once which name replaced them; an old name
// beside its new one is refused.
func TestRenamedFlags(t *testing.T) {
	ex, err := filepath.Abs(example)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	t.Setenv("OMSSO_OPENMETADATA_API_URL", "")
	runCLI(t, []string{"render", "-f", ex, "--output-dir", "my out"}, "", 0, nil, nil)
	conf := "openmetadata.yaml"
	if err := os.WriteFile(conf, []byte("authorizerConfiguration:\n  className: ${AUTHORIZER_CLASS_NAME:-org.openmetadata.service.security.DefaultAuthorizer}\nauthenticationConfiguration:\n  provider: ${AUTHENTICATION_PROVIDER:-basic}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args     []string
		code     int
		out, err string // what only the old flag's value gives
		old, new string
	}{
		{[]string{"verify", "-f", ex, "-t", "docker", "--dir", "nope"}, 1, "", "cannot read nope", "--dir", "--output-dir"},
		{[]string{"compose-up-args", "--dir", "my out", "--compose-file", ex}, 0, "'my out/docker/openmetadata_okta.env'", "", "--dir", "--output-dir"},
		{[]string{"diff", "-f", ex, "--output-dir", "empty", "--exit-code"}, 2, "--- /dev/null", "", "--exit-code", "--detailed-exitcode"},
		{[]string{"patch", "-f", ex, "--config", conf, "--diff", "--exit-code"}, 2, "+++ ", "", "--exit-code", "--detailed-exitcode"},
		{[]string{"plan", "-f", ex, "--target", "openmetadata", "--openmetadata", "ftp://x"}, 1, "", `"ftp://x" is not an http(s) URL`, "--openmetadata", "--openmetadata-api-url"},
		{[]string{"check", "-f", ex, "--openmetadata", "https://om.example.com", "--id-token", "-"}, 1, "", "check different things", "--openmetadata", "--openmetadata-api-url"},
	} {
		t.Run(c.args[0]+" "+c.old, func(t *testing.T) {
			var out, errb strings.Builder
			if code := cli.RunIO(c.args, strings.NewReader(""), &out, &errb); code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, c.code, out.String(), errb.String())
			}
			if !strings.Contains(out.String(), c.out) || !strings.Contains(errb.String(), c.err) {
				t.Errorf("the old flag's value did not take effect: want %q on stdout and %q on stderr:\n%s\n%s", c.out, c.err, out.String(), errb.String())
			}
			warn := c.args[0] + " " + c.old + " is deprecated and will stop working in omsso "
			if n := strings.Count(errb.String(), warn); n != 1 || !strings.Contains(errb.String(), "; write "+c.new+"\n") {
				t.Errorf("stderr has %d deprecation warnings naming %s, want 1:\n%s", n, c.new, errb.String())
			}
			// The new name is what --help shows; the old one is hidden.
			var help strings.Builder
			cli.RunIO([]string{c.args[0], "--help"}, strings.NewReader(""), &help, &help)
			if !strings.Contains(help.String(), c.new+" ") || strings.Contains(help.String(), c.old+" ") {
				t.Errorf("%s --help should show %s and hide %s:\n%s", c.args[0], c.new, c.old, help.String())
			}
		})
	}
	runCLI(t, []string{"verify", "-f", ex, "--dir", "a", "--output-dir", "b"}, "", 1, nil, []string{"verify: --dir and --output-dir are one flag (--dir is its old name); keep --output-dir"})
}

// The old env var of --openmetadata-api-url still works, with a warning.
func TestRenamedEnv(t *testing.T) {
	t.Setenv("OMSSO_OPENMETADATA_API_URL", "")
	t.Setenv("OMSSO_OPENMETADATA", "ftp://old.example")
	_, stderr := runCLI(t, []string{"plan", "-f", example, "--target", "openmetadata"}, "", 1, nil,
		[]string{"$OMSSO_OPENMETADATA is deprecated", "set $OMSSO_OPENMETADATA_API_URL", `"ftp://old.example" is not an http(s) URL`})
	if strings.Contains(stderr, "did you mean") {
		t.Errorf("a renamed variable is known, not misspelt:\n%s", stderr)
	}
}

// Item 10: info notes can be hidden. --quiet hides the notes on stderr (never a warning);
// lint --severity shows findings from a level up and counts what it hid.
func TestNotesCanBeHidden(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "openmetadata.yaml")
	if err := os.WriteFile(conf, []byte("authorizerConfiguration:\n  className: ${AUTHORIZER_CLASS_NAME:-org.openmetadata.service.security.DefaultAuthorizer}\nauthenticationConfiguration:\n  provider: ${AUTHENTICATION_PROVIDER:-basic}\n  providerName: ${AUTHENTICATION_PROVIDER_NAME:-\"\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	settingsYAML := "openmetadata:\n  url: https://om.example.com\n  version: \"1.12\"\nokta:\n  domain: dev-1.okta.com\n  clientId: 0oa1abcd2EFGH3ijk4l5\nauthorizer:\n  adminPrincipals: [alice]\n  principalDomain: example.com\nauthentication:\n  providerName: \"A}B\"\n"
	note := "note: authenticationConfiguration.providerName: the value contains '}'"
	runCLI(t, []string{"patch", "-f", "-", "--config", conf, "--dry-run"}, settingsYAML, 0, nil, []string{note})
	if _, errs := runCLI(t, []string{"patch", "-f", "-", "--config", conf, "--dry-run", "-q"}, settingsYAML, 0, nil, nil); strings.Contains(errs, "note:") {
		t.Errorf("--quiet printed a note:\n%s", errs)
	}
	runUX(t, []uxCase{
		{name: "lint shows notes", args: []string{"lint", "-f", example}, stdout: []string{"info OKTA020", "0 errors, 0 warnings, 1 note\n"}},
		{name: "lint --severity warning", args: []string{"lint", "-f", example, "--severity", "warning"}, stdout: []string{"0 errors, 0 warnings (1 note not shown: --severity warning)\n"}},
		{name: "lint --severity nope", args: []string{"lint", "-f", example, "--severity", "nope"}, code: 1, stderr: []string{`--severity "nope": use error, warning or info`}},
	})
	if out, _ := runCLI(t, []string{"lint", "-f", example, "--severity", "warning", "-o", "json"}, "", 0, nil, nil); strings.Contains(out, "OKTA020") {
		t.Errorf("lint --severity warning -o json still lists the note:\n%s", out)
	}
}

// Item 10: comma lists complete. --target takes several names; the shell completion goes on
// after a comma, without the names already given (cobra's __complete is what the shells call).
func TestTargetListCompletes(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
		not  []string
		ends bool // nothing can follow: the shell adds a space
	}{
		{[]string{"render", "--target", ""}, []string{"all", "docker", "helm", "baremetal", "okta", "terraform"}, nil, false},
		{[]string{"render", "--target", "docker,"}, []string{"docker,helm", "docker,baremetal", "docker,terraform"}, []string{"docker,docker", "docker,all"}, false},
		{[]string{"render", "--target", "docker,helm,b"}, []string{"docker,helm,baremetal"}, []string{"docker,helm,okta"}, false},
		{[]string{"verify", "--target", "helm,"}, []string{"helm,docker", "helm,baremetal"}, []string{"helm,okta"}, false},
		{[]string{"diff", "-t", "o"}, []string{"okta"}, []string{"docker"}, false},
		// all stands alone; the last name free ends the list, so the shell adds its space.
		{[]string{"render", "--target", "all,"}, nil, []string{"all,docker"}, true},
		{[]string{"render", "--target", "a"}, []string{"all"}, nil, true},
		{[]string{"verify", "--target", "docker,helm,"}, []string{"docker,helm,baremetal"}, nil, true},
	} {
		out, _ := runCLI(t, append([]string{"__complete"}, c.args...), "", 0, nil, nil)
		got := strings.Split(strings.TrimSpace(out), "\n")
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%v: no %q in %q", c.args, w, got)
			}
		}
		for _, n := range c.not {
			if slices.Contains(got, n) {
				t.Errorf("%v: %q offered in %q", c.args, n, got)
			}
		}
		// :6 is NoSpace|NoFileComp: the list can go on; :4 (NoFileComp) when it cannot.
		want := ":6"
		if c.ends {
			want = ":4"
		}
		if got[len(got)-1] != want {
			t.Errorf("%v: directive %s, want %s", c.args, got[len(got)-1], want)
		}
	}
}
