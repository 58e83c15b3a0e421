package cli_test

import (
	"os"
	"path/filepath"
	"testing"
)

// eachFixture writes envs/dev.yaml and envs/prod.yaml over the example, and optionally an
// invalid envs/qa.yaml.
func eachFixture(t *testing.T, invalid bool) (envs, out string) {
	t.Helper()
	dir := t.TempDir()
	envs = filepath.Join(dir, "envs")
	files := map[string]string{
		"dev.yaml":  "openmetadata:\n  url: https://dev.example.com\n",
		"prod.yaml": "authorizer:\n  adminPrincipals: [carol]\n",
	}
	if invalid {
		files["qa.yaml"] = "okta:\n  domain: https://qa.okta.com\n"
	}
	if err := os.MkdirAll(envs, 0o755); err != nil {
		t.Fatal(err)
	}
	for n, d := range files {
		if err := os.WriteFile(filepath.Join(envs, n), []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(envs, "*.yaml"), filepath.Join(dir, "out")
}

func TestEach(t *testing.T) {
	glob, out := eachFixture(t, false)
	badGlob, badOut := eachFixture(t, true)
	cases := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr []string
		files          []string // must exist after the run
		none           string   // a folder that must not exist after the run
	}{
		{name: "diff before render", args: []string{"diff", "-f", example, "--each", glob, "--output-dir", out, "--detailed-exitcode"}, code: 2,
			stdout: []string{"b/" + filepath.ToSlash(filepath.Join(out, "dev", "helm", "values-okta.yaml")), "carol"}},
		{name: "render", args: []string{"render", "-f", example, "--each", glob, "--output-dir", out},
			stdout: []string{"wrote     " + filepath.Join(out, "dev", "docker", "openmetadata_okta.env"), "rendered 2 environments"},
			files:  []string{filepath.Join(out, "dev", "helm", "values-okta.yaml"), filepath.Join(out, "prod", "okta", "SETUP.md")}},
		{name: "diff after render", args: []string{"diff", "-f", example, "--each", glob, "--output-dir", out, "--detailed-exitcode"}, stderr: []string{"no changes"}},
		{name: "verify the rendered folders", args: []string{"verify", "-f", example, "--each", glob, "--output-dir", out}, stdout: []string{"== dev ==", "== prod ==", "helm       OK"}},
		{name: "one invalid environment fails the run", args: []string{"render", "-f", example, "--each", badGlob, "--output-dir", badOut}, code: 1,
			stderr: []string{"environment qa:", "qa.yaml:2: okta.domain"}, none: badOut},
		{name: "verify names the invalid environment", args: []string{"verify", "-f", example, "--each", badGlob}, code: 1, stderr: []string{"environment qa:"}},
		{name: "a pattern matching nothing", args: []string{"render", "-f", example, "--each", filepath.Join(out, "none-*.yaml")}, code: 1, stderr: []string{"no environment files match"}},
		{name: "--each prints no files to stdout", args: []string{"render", "-f", example, "--each", glob, "-t", "helm", "--output-dir", "-"}, code: 1, stderr: []string{"--each"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			runCLI(t, c.args, "", c.code, c.stdout, c.stderr)
			for _, f := range c.files {
				if _, err := os.Stat(f); err != nil {
					t.Errorf("not written: %v", err)
				}
			}
			if c.none != "" {
				if _, err := os.Stat(c.none); !os.IsNotExist(err) {
					t.Errorf("%s exists after a failed run", c.none)
				}
			}
		})
	}
}
