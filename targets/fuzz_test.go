package targets_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/internal/helmchart"
	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/upstream"
	"github.com/omsso/omsso/targets"
)

// nasty are the seed values every fuzz target starts from: what is special in YAML, dotenv,
// compose, Markdown or OpenMetadata's ${...} substitution.
func nasty() []string {
	return []string{
		"", "a\nb", "a\rb", "a\x00b", "#", "a #b", "a: b", `"`, "'", `\`, `a\"b`, "$", "$$", "${VAR}", "${VAR:-x}",
		"$${X}", "${OIDC_CLIENT_SECRET}", "${OKTA_CLIENT_SECRET:-leak}", "!!str x", "&anchor x", "*alias", "- item",
		"? key", "!tag", "&", "*", "[a, b]", "{a: b}", "a,b", "\u2028", "\u2029", "\u0085", "é ü ✓", "\ufeff",
		"`code`", "<b>x</b>", "}", "{", "%s", strings.Repeat("x", 5000), "true", "null", "~", "0x1F", "1e3", "0oa1abcd2EFGH3ijk4l5",
	}
}

// fuzzSettings fills every string field of the settings with fuzz data.
func fuzzSettings(url, domain, clientID, server, issuer, name, admin, pdomain, allowed, claim, mapping, scope, secretEnv, jwks string, confidential, flag bool) settings.Settings {
	var s settings.Settings
	s.OpenMetadata.URL = url
	s.Okta.Domain = domain
	s.Okta.ClientID = clientID
	s.Okta.AuthorizationServer = server
	s.Okta.Issuer = issuer
	s.Authentication.ProviderName = name
	s.Authorizer.AdminPrincipals = []string{admin, "alice"}
	s.Authorizer.PrincipalDomain = pdomain
	s.Authorizer.AllowedDomains = []string{allowed}
	s.Authorizer.EnforcePrincipalDomain = flag
	s.Authorizer.AllowedEmailRegistrationDomains = []string{"all", allowed}
	s.Authentication.JWTPrincipalClaims = []string{"email", claim}
	// The server wants both username and email mapped; the fuzzed entry is the second one.
	s.Authentication.JWTPrincipalClaimsMapping = []string{"username:preferred_username", mapping}
	s.Authentication.EnableSelfSignup = flag
	s.Authentication.EnableAutoRedirect = !flag
	s.Okta.Scopes = []string{"openid", scope}
	s.Targets.Docker.OmJwksURL = jwks
	s.Targets.Helm.OmJwksURL = jwks
	s.Targets.Baremetal.OmJwksURL = jwks
	if confidential {
		s.Okta.ClientType = settings.Confidential
		s.Okta.ClientSecret = &settings.SecretRef{Env: secretEnv}
	}
	return s
}

// benign is a valid twin with the same shape (version, client type, booleans), to compare the
// structure of outputs: hostile values may change values, never keys or lines.
func benign(confidential, flag bool) *settings.Resolved {
	s := fuzzSettings("https://om.example.com", "dev-1.okta.com", "0oa1", "default", "", "Okta", "bob", "example.com", "example.org", "sub", "email:email", "profile", "OKTA_CLIENT_SECRET", "", confidential, flag)
	r, err := settings.Resolve(s)
	if err != nil {
		panic(err)
	}
	return r
}

type seed struct {
	s                  [14]string
	confidential, flag bool
}

// seeds is the committed seed corpus: two benign inputs, then each nasty value in the free-text
// fields of valid settings and in every field at once.
func seeds() []seed {
	out := []seed{
		{[14]string{"https://om.example.com", "dev-123456.okta.com", "0oa1abcd2EFGH3ijk4l5", "default", "", "Okta", "bob", "example.com", "example.org", "sub", "email:email", "profile", "OKTA_CLIENT_SECRET", ""}, false, false},
		{[14]string{"http://localhost:8585", "", "0oa1", "", "https://login.example.com/oauth2/aus1", "x", "y", "example.com", "example.com", "c", "email:sub", "groups", "S", "http://openmetadata:8585/api/v1/system/config/jwks"}, true, true},
	}
	for i, n := range nasty() {
		out = append(out,
			seed{[14]string{"https://om.example.com", "dev-123456.okta.com", "0oa1abcd2EFGH3ijk4l5", "default", "", n, n, "example.com", "example.org", n, "email:email", "profile", "OKTA_CLIENT_SECRET", ""}, i%2 == 0, i%3 == 0},
			seed{[14]string{"https://om.example.com/" + n, n, n, n, n, n, n, n, n, n, n, n, n, n}, i%2 == 1, i%3 == 1})
	}
	return out
}

func (sd seed) settings() settings.Settings {
	v := sd.s
	return fuzzSettings(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], sd.confidential, sd.flag)
}

func addSeeds(f *testing.F) {
	for _, sd := range seeds() {
		v := sd.s
		f.Add(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], sd.confidential, sd.flag)
	}
}

// The seed corpus also goes through the real chart (Helm's SDK), which is too slow for fuzzing
// itself; the fuzzer uses the chart model these runs prove.
func TestSeedsThroughRealChart(t *testing.T) {
	chart := upstream.Chart(t)
	n := 0
	for _, sd := range seeds() {
		r, err := settings.Resolve(sd.settings())
		if err != nil {
			continue
		}
		conf := upstream.ConfFor(t, r.OpenMetadata.Version)
		n++
		files, err := targets.Render(targets.Helm{}, r)
		if err != nil {
			t.Fatal(err)
		}
		res, err := helmchart.Render(chart, files[0].Data, targets.SecretStore(r))
		if err != nil {
			t.Fatalf("%q: %v", sd.s[5], err)
		}
		for _, c := range []string{helmchart.ServerContainer, helmchart.MigrateContainer} {
			for _, m := range omconf.Compare(targets.Expected(r, "helm"), bindHostile(t, conf, res.Env[c])) {
				t.Errorf("%q %s: %s", sd.s[5], c, m)
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d valid seeds", n)
	}
}

// hostile resolves every variable the model does not know to a marker, so a value that lets
// "${X}" through to the server shows up as changed.
func hostile(env map[string]string) omconf.Lookup {
	known := map[string]bool{}
	for _, k := range omconf.Keys() {
		known[k.Env] = true
	}
	return func(name string) (string, bool) {
		if v, ok := env[name]; ok {
			return v, true
		}
		if known[name] {
			return "", false
		}
		return "LEAKED-" + name, true
	}
}

func bindHostile(t *testing.T, text string, env map[string]string) omconf.Effective {
	t.Helper()
	out, err := omconf.Substitute(text, hostile(env))
	if err != nil {
		t.Fatalf("substitution: %v", err)
	}
	eff, err := omconf.Parse(out)
	if err != nil {
		t.Fatalf("binding: %v\n%s", err, text)
	}
	return eff
}

// structure describes a file by its shape: line count, and its keys (YAML paths or env names).
func structure(t *testing.T, f targets.File) string {
	t.Helper()
	lines := bytes.Count(f.Data, []byte("\n"))
	var keys []string
	if strings.HasSuffix(f.Path, ".env") {
		m, err := dotenv.UnmarshalBytesWithLookup(f.Data, nil)
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		for k := range m {
			keys = append(keys, k)
		}
	} else if strings.HasSuffix(f.Path, ".yaml") || strings.HasSuffix(f.Path, ".yml") {
		var n yaml.Node
		if err := yaml.Unmarshal(f.Data, &n); err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		keys = yamlPaths(&n, "")
	}
	slices.Sort(keys)
	return fmt.Sprintf("%d lines, keys %v", lines, keys)
}

func yamlPaths(n *yaml.Node, prefix string) []string {
	var out []string
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			out = append(out, yamlPaths(c, prefix)...)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := prefix + "." + n.Content[i].Value
			out = append(out, p)
			out = append(out, yamlPaths(n.Content[i+1], p)...)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if c.Kind == yaml.MappingNode {
				out = append(out, yamlPaths(c, fmt.Sprintf("%s[%d]", prefix, i))...)
			}
		}
	}
	return out
}

// twins caches the shape of the benign twin's files per target and shape.
var twins sync.Map

func twinShape(t *testing.T, tg targets.Target, confidential, flag bool) []string {
	key := fmt.Sprint(tg.Name(), confidential, flag)
	if v, ok := twins.Load(key); ok {
		return v.([]string)
	}
	files, err := tg.Render(benign(confidential, flag))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		out = append(out, structure(t, f))
	}
	twins.Store(key, out)
	return out
}

// fuzzTarget is the shared body: a clear validation error, or outputs whose effective config
// equals the settings exactly, shaped like a benign twin's.
func fuzzTarget(t *testing.T, tg targets.Target, s settings.Settings) {
	r, err := settings.Resolve(s)
	if err != nil {
		var f *settings.Failure
		if !errors.As(err, &f) || len(f.Problems) == 0 {
			t.Fatalf("not a validation error: %v", err)
		}
		for _, p := range f.Problems {
			if p.Msg == "" || p.Path == "" {
				t.Fatalf("unclear problem: %+v", p)
			}
		}
		return
	}
	// The hostile read-back below is stricter than render's own self-check, so render unchecked.
	files, err := tg.Render(r)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	twin := twinShape(t, tg, r.Confidential(), s.Authorizer.EnforcePrincipalDomain)
	for i := range files {
		if got := structure(t, files[i]); got != twin[i] {
			t.Fatalf("%s changed shape:\n got  %s\n want %s\n%s", files[i].Path, got, twin[i], files[i].Data)
		}
	}
	want := targets.Expected(r, tg.Name())
	secretEnv := map[string]string{}
	if r.Confidential() {
		secretEnv[r.SecretEnv] = targets.SecretSentinel
	}
	var effs []omconf.Effective
	switch tg.Name() {
	case "baremetal":
		effs = append(effs, bindHostile(t, string(files[0].Data), secretEnv))
	case "helm":
		env, err := targets.HelmModelEnv(files[0].Data, targets.SecretStore(r))
		if err != nil {
			t.Fatal(err)
		}
		effs = append(effs, bindHostile(t, omconf.Model(r.OpenMetadata.Version), env))
	case "docker":
		envs, err := targets.DockerServiceEnv(r, []byte(targets.ComposeModel(r.OpenMetadata.Version)), files, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, svc := range targets.ComposeServices() {
			effs = append(effs, bindHostile(t, omconf.Model(r.OpenMetadata.Version), envs[svc]))
		}
	}
	for _, eff := range effs {
		for _, m := range omconf.Compare(want, eff) {
			t.Fatalf("value changed on the way to the server: %s", m)
		}
	}
}

func FuzzDocker(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, url, domain, clientID, server, issuer, name, admin, pdomain, allowed, claim, mapping, scope, secretEnv, jwks string, confidential, flag bool) {
		fuzzTarget(t, targets.Docker{}, fuzzSettings(url, domain, clientID, server, issuer, name, admin, pdomain, allowed, claim, mapping, scope, secretEnv, jwks, confidential, flag))
	})
}

func FuzzHelm(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, url, domain, clientID, server, issuer, name, admin, pdomain, allowed, claim, mapping, scope, secretEnv, jwks string, confidential, flag bool) {
		fuzzTarget(t, targets.Helm{}, fuzzSettings(url, domain, clientID, server, issuer, name, admin, pdomain, allowed, claim, mapping, scope, secretEnv, jwks, confidential, flag))
	})
}

func FuzzBaremetal(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, url, domain, clientID, server, issuer, name, admin, pdomain, allowed, claim, mapping, scope, secretEnv, jwks string, confidential, flag bool) {
		fuzzTarget(t, targets.Baremetal{}, fuzzSettings(url, domain, clientID, server, issuer, name, admin, pdomain, allowed, claim, mapping, scope, secretEnv, jwks, confidential, flag))
	})
}
