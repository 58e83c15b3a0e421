package verify_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/upstream"
	"github.com/omsso/omsso/internal/verify"
	"github.com/omsso/omsso/targets"
)

func load(t *testing.T, golden string) *settings.Resolved {
	t.Helper()
	r, err := settings.Load(settings.Options{File: filepath.Join("..", "..", "golden", golden, "omsso.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// renderTo writes every target of r into a fresh folder.
func renderTo(t *testing.T, r *settings.Resolved) string {
	t.Helper()
	dir := t.TempDir()
	for _, tg := range targets.All() {
		files, err := targets.Render(tg, r)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			p := filepath.Join(dir, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

func edit(t *testing.T, dir, rel string, f func(string) string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	out := f(string(data))
	if out == string(data) {
		t.Fatalf("edit of %s changed nothing", rel)
	}
	if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

func upstreamOpts(t *testing.T, dir string, names ...string) verify.Options {
	return verify.Options{Dir: dir, Targets: names, Proof: targets.ProofOptions{
		ComposeFiles: []string{upstream.Path(t, "openmetadata", "docker", "docker-compose-quickstart", "docker-compose.yml")},
		Chart:        upstream.Chart(t),
	}}
}

// Every golden case, rendered to disk and proved with the upstream compose file and chart,
// and its bare-metal sections merged into the upstream conf, verifies clean.
func TestGoldenCasesVerify(t *testing.T) {
	conf := upstream.Conf(t)
	cases, _ := filepath.Glob("../../golden/*/omsso.yaml")
	n := 0
	for _, c := range cases {
		name := filepath.Base(filepath.Dir(c))
		if strings.HasPrefix(name, "err-") || exists(filepath.Join(filepath.Dir(c), "env")) {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			r := load(t, name)
			dir := renderTo(t, r)
			rep, err := verify.Run(r, upstreamOpts(t, dir, "docker", "helm", "baremetal"))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Findings {
				t.Errorf("%+v", f)
			}
			sections, _ := os.ReadFile(filepath.Join(dir, "baremetal", "openmetadata-okta.yaml"))
			full := filepath.Join(dir, "openmetadata.yaml")
			if err := os.WriteFile(full, []byte(upstream.WithAuthSections(t, conf, string(sections))), 0o644); err != nil {
				t.Fatal(err)
			}
			rep, err = verify.Run(r, verify.Options{Dir: dir, Targets: []string{"baremetal"}, Proof: targets.ProofOptions{Config: full}})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Findings {
				t.Errorf("merged conf: %+v", f)
			}
		})
	}
	if n < 10 {
		t.Fatalf("only %d cases", n)
	}
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// Each upstream trap is caught with a message that names it.
func TestTraps(t *testing.T) {
	cases := []struct {
		name, golden, target, file string
		edit                       func(string) string
		key, layer, trap           string
	}{
		{
			name: "helm confidential without oidcConfiguration.enabled", golden: "confidential-env", target: "helm", file: targets.HelmValues,
			edit:  func(s string) string { return strings.Replace(s, "        enabled: true\n", "", 1) },
			key:   "authenticationConfiguration.oidcConfiguration.id",
			layer: "chart: oidcConfiguration.enabled is not true, so the chart emits no OIDC_* env at all",
			trap:  "Helm's hidden oidcConfiguration.enabled gate (helm-charts #462): set openmetadata.config.authentication.oidcConfiguration.enabled: true",
		},
		{
			name: "helm key the chart schema rejects", golden: "public-default", target: "helm", file: targets.HelmValues,
			edit: func(s string) string {
				return strings.Replace(s, "      provider: \"okta\"\n", "      provider: \"okta\"\n      scopes: [\"openid\"]\n", 1)
			},
			key:   "(chart)",
			layer: "chart: values.schema.json and templates",
			trap:  "a key the chart's values.schema.json rejects (additionalProperties: false)",
		},
		{
			name: "env var the compose file never passes", golden: "public-default", target: "docker", file: targets.DockerOverride,
			edit: func(s string) string {
				return regexp.MustCompile(`(?m)^      FORCE_SECURE_SESSION_COOKIE: .*\n`).ReplaceAllString(s, "")
			},
			key:   "authenticationConfiguration.forceSecureSessionCookie",
			layer: "compose: FORCE_SECURE_SESSION_COOKIE is set in the env file but the compose file does not pass it to execute-migrate-all",
			trap:  "env var silently dropped: the upstream compose file does not list it under environment:, so the env file alone never reaches the server; pass it in docker-compose.okta.yml",
		},
		{
			name: "customParams given as a string", golden: "confidential-env", target: "baremetal", file: targets.BaremetalSections,
			edit:  func(s string) string { return strings.Replace(s, "customParams: {}", `customParams: ""`, 1) },
			key:   "authenticationConfiguration.oidcConfiguration.customParams",
			layer: "conf: authenticationConfiguration.oidcConfiguration.customParams in ",
			trap:  "customParams given as a string: the server cannot bind it into a map and fails at start (helm-charts #229/#245)",
		},
		{
			name: "Okta JWKS of the wrong authorization server", golden: "org-server", target: "docker", file: targets.DockerEnvFile,
			edit: func(s string) string {
				return strings.Replace(s, "https://dev-123456.okta.com/oauth2/v1/keys", "https://dev-123456.okta.com/oauth2/default/v1/keys", 1)
			},
			key:   "authenticationConfiguration.publicKeyUrls",
			layer: "env file: AUTHENTICATION_PUBLIC_KEYS",
			trap:  `Okta JWKS of the wrong authorization server: https://dev-123456.okta.com/oauth2/default/v1/keys, but issuer https://dev-123456.okta.com publishes its keys at https://dev-123456.okta.com/oauth2/v1/keys; logins fail with "No key found ... with kid" (OpenMetadata #2773)`,
		},
		{
			name: "OpenMetadata's own JWKS missing", golden: "public-default", target: "baremetal", file: targets.BaremetalSections,
			edit: func(s string) string {
				return strings.Replace(s, `, "http://localhost:8585/api/v1/system/config/jwks"]`, "]", 1)
			},
			key:   "authenticationConfiguration.publicKeyUrls",
			layer: "conf: authenticationConfiguration.publicKeyUrls in ",
			trap:  "OpenMetadata's own JWKS URL is missing from publicKeyUrls: bot and ingestion tokens fail (OpenMetadata #9525, #15489)",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := load(t, c.golden)
			dir := renderTo(t, r)
			edit(t, dir, c.file, c.edit)
			rep, err := verify.Run(r, upstreamOpts(t, dir, c.target))
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() {
				t.Fatal("verify found nothing")
			}
			for _, f := range rep.Findings {
				if f.Key == c.key && strings.HasPrefix(f.Layer, c.layer) && f.Trap == c.trap {
					return
				}
			}
			t.Errorf("no finding with key %q, layer %q, trap %q; got:", c.key, c.layer, c.trap)
			for _, f := range rep.Findings {
				t.Errorf("  %+v", f)
			}
		})
	}
}

// The secret never appears: verify shows where it comes from, and hides any other value.
func TestVerifyHidesSecrets(t *testing.T) {
	r := load(t, "confidential-env")
	dir := renderTo(t, r)
	const canary = "canary-Secret-1234567890"
	edit(t, dir, targets.BaremetalSections, func(s string) string {
		return strings.Replace(s, "secret: ${OKTA_CLIENT_SECRET:-}", "secret: "+canary, 1)
	})
	rep, err := verify.Run(r, verify.Options{Dir: dir, Targets: []string{"baremetal"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() {
		t.Fatal("a literal secret in the file went unnoticed")
	}
	for _, f := range rep.Findings {
		if strings.Contains(f.Got+f.Want+f.Layer+f.Trap, canary) {
			t.Errorf("finding shows the secret: %+v", f)
		}
		if f.Key == "authenticationConfiguration.oidcConfiguration.secret" && (f.Want != "the client secret ($OKTA_CLIENT_SECRET)" || f.Got != "another value (hidden)") {
			t.Errorf("finding: %+v", f)
		}
	}
}

func TestExplain(t *testing.T) {
	r := load(t, "confidential-k8s-secret")
	chains, err := verify.Explain(r, targets.DeployNames())
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, c := range chains {
		switch c.Key {
		case "authenticationConfiguration.publicKeyUrls":
			found++
			if got := c.Targets["docker"].Via; got != "AUTHENTICATION_PUBLIC_KEYS (env file)" {
				t.Errorf("docker via %q", got)
			}
			if got := c.Targets["helm"].Via; got != "openmetadata.config.authentication.publicKeys → AUTHENTICATION_PUBLIC_KEYS" {
				t.Errorf("helm via %q", got)
			}
		case "authenticationConfiguration.oidcConfiguration.secret":
			found++
			if got := c.Targets["helm"].Via; got != "openmetadata.config.authentication.oidcConfiguration.clientSecret → Secret okta-oidc/client-secret → OIDC_CLIENT_SECRET" {
				t.Errorf("helm via %q", got)
			}
			for n, h := range c.Targets {
				if h.Value != "the client secret (Secret okta-oidc/client-secret)" {
					t.Errorf("%s value %q", n, h.Value)
				}
			}
		case "authenticationConfiguration.forceSecureSessionCookie":
			found++
			if got := c.Targets["helm"].Via; got != "extraEnvs FORCE_SECURE_SESSION_COOKIE" {
				t.Errorf("helm via %q", got)
			}
			if got := c.Targets["docker"].Via; got != "FORCE_SECURE_SESSION_COOKIE (env file, passed by docker-compose.okta.yml)" {
				t.Errorf("docker via %q", got)
			}
		}
	}
	if found != 3 {
		t.Errorf("found %d of 3 keys", found)
	}
}

// Files people edit by hand are read the way Jackson's YAML binding reads them (YAML 1.1
// typing of plain scalars), so a spelling the server accepts is no false alarm and one it
// reads differently is no false pass.
func TestHandEditedScalars(t *testing.T) {
	cases := []struct {
		name     string
		edit     func(string) string
		mismatch string // the key verify must report, "" for none
	}{
		{"boolean written no", func(s string) string {
			return strings.Replace(s, "enableSelfSignup: false", "enableSelfSignup: no", 1)
		}, ""},
		{"boolean written OFF", func(s string) string {
			return strings.Replace(s, "enableSelfSignup: false", "enableSelfSignup: OFF", 1)
		}, ""},
		{"boolean quoted", func(s string) string {
			return strings.Replace(s, "enableSelfSignup: false", `enableSelfSignup: "False"`, 1)
		}, ""},
		{"admin written as an octal number", func(s string) string {
			return strings.Replace(s, `adminPrincipals: ["alice"`, `adminPrincipals: [0123, "alice"`, 1)
		}, "authorizerConfiguration.adminPrincipals"},
		{"admin written yes", func(s string) string {
			return strings.Replace(s, `adminPrincipals: ["alice"`, `adminPrincipals: [yes, "alice"`, 1)
		}, "authorizerConfiguration.adminPrincipals"},
		{"duplicate admin collapses into the set", func(s string) string {
			return strings.Replace(s, `adminPrincipals: ["alice"`, `adminPrincipals: ["alice", alice`, 1)
		}, ""},
		{"a later duplicate key wins", func(s string) string {
			return strings.Replace(s, "  enableSelfSignup: false\n", "  enableSelfSignup: true\n  enableSelfSignup: false\n", 1)
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := load(t, "public-default")
			dir := renderTo(t, r)
			edit(t, dir, targets.BaremetalSections, c.edit)
			rep, err := verify.Run(r, upstreamOpts(t, dir, "baremetal"))
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, f := range rep.Findings {
				keys = append(keys, f.Key)
			}
			if c.mismatch == "" && !rep.OK() {
				t.Errorf("false alarm: %v", rep.Findings)
			}
			if c.mismatch != "" && !slices.Contains(keys, c.mismatch) {
				t.Errorf("no finding on %s; got %v", c.mismatch, keys)
			}
		})
	}
}

// An override edited since it was rendered is not omsso's own any more: compose-go validates it
// in full, as docker compose would, even without --compose-file.
func TestEditedOverrideIsValidatedInFull(t *testing.T) {
	r := load(t, "public-default")
	dir := renderTo(t, r)
	edit(t, dir, targets.DockerOverride, func(s string) string {
		return strings.Replace(s, "  openmetadata-server:\n", "  openmetadata-server:\n    bogus_key: 1\n", 1)
	})
	rep, err := verify.Run(r, verify.Options{Dir: dir, Targets: []string{"docker"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || rep.Findings[0].Key != "(compose)" || !strings.Contains(rep.Findings[0].Got, "bogus_key") {
		t.Fatalf("an invalid edited override passed: %+v", rep.Findings)
	}
}
