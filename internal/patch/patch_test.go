package patch_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/patch"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/upstream"
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

// On the upstream conf, the patch touches exactly the lines that carry changed values, in both
// modes, and every other byte stays.
func TestUpstreamTouchesOnlyValueLines(t *testing.T) {
	in := upstream.Read(t, "openmetadata", "conf", "openmetadata.yaml")
	cases := map[string][]int{
		"public-default":   {318, 320, 328, 333, 335, 336, 337, 340, 345},
		"confidential-env": {318, 320, 327, 328, 333, 335, 336, 337, 340, 345, 347, 348, 349, 351, 356, 357},
	}
	for name, want := range cases {
		for _, mode := range []patch.Mode{patch.Defaults, patch.Literal} {
			res, err := patch.Apply(load(t, name), in, patch.Options{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			a, b := strings.SplitAfter(string(in), "\n"), strings.SplitAfter(string(res.Output), "\n")
			if len(a) != len(b) {
				t.Fatalf("%s/%s: %d lines became %d", name, mode, len(a), len(b))
			}
			var changed []int
			for i := range a {
				if a[i] != b[i] {
					changed = append(changed, i+1)
				}
			}
			if !slices.Equal(changed, want) {
				t.Errorf("%s/%s: changed lines %v, want %v", name, mode, changed, want)
			}
			var reported []int
			for _, c := range res.Changes {
				reported = append(reported, c.Line)
			}
			if !slices.Equal(reported, want) {
				t.Errorf("%s/%s: reported lines %v, want %v", name, mode, reported, want)
			}
		}
	}
}

// The patched upstream conf gives the server what render's bare-metal output gives it, with an
// empty environment and with a sample one, for every golden case and both modes, each on the
// upstream conf of its line (1.12's for the older lines and 1.13).
func TestPatchedEqualsRender(t *testing.T) {
	files, _ := filepath.Glob("../../golden/*/omsso.yaml")
	n := 0
	for _, f := range files {
		name := filepath.Base(filepath.Dir(f))
		if strings.HasPrefix(name, "err-") || strings.HasPrefix(name, "patch-err-") || name == "env-and-flags" {
			continue
		}
		r := load(t, name)
		in := []byte(upstream.ConfFor(t, r.OpenMetadata.Version))
		rendered, err := targets.Render(targets.Baremetal{}, r)
		if err != nil {
			t.Fatal(err)
		}
		for _, mode := range []patch.Mode{patch.Defaults, patch.Literal} {
			res, err := patch.Apply(r, in, patch.Options{Mode: mode})
			if err != nil {
				t.Fatalf("%s/%s: %v", name, mode, err)
			}
			n++
			again, err := patch.Apply(r, res.Output, patch.Options{Mode: mode})
			if err != nil || again.Changed() {
				t.Errorf("%s/%s: patching again changes %v (%v)", name, mode, again.Changes, err)
			}
			for envName, env := range map[string]map[string]string{
				"empty":  {},
				"sample": {"DB_HOST": "db.internal", "SERVER_PORT": "9000", "ELASTICSEARCH_HOST": "search", "FERNET_KEY": "k"},
			} {
				if r.Confidential() {
					env[r.SecretEnv] = targets.SecretSentinel
				}
				got := bind(t, string(res.Output), env)
				want := omconf.Effective{}
				all := bind(t, string(rendered[0].Data), env)
				for k := range targets.Expected(r, "baremetal") {
					want[k] = all[k]
				}
				for _, m := range omconf.Compare(want, got) {
					t.Errorf("%s/%s/%s env: patched differs from render: %s", name, mode, envName, m)
				}
				for _, m := range omconf.Compare(targets.Expected(r, "baremetal"), got) {
					t.Errorf("%s/%s/%s env: %s", name, mode, envName, m)
				}
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d runs", n)
	}
}

func bind(t *testing.T, text string, env map[string]string) omconf.Effective {
	t.Helper()
	sub, err := omconf.Substitute(text, omconf.MapLookup(env))
	if err != nil {
		t.Fatal(err)
	}
	eff, err := omconf.Parse(sub)
	if err != nil {
		t.Fatal(err)
	}
	return eff
}

func TestRefusals(t *testing.T) {
	r := load(t, "public-default")
	cases := map[string]struct{ in, err string }{
		"multi-line value": {
			in:  "authorizerConfiguration:\n  principalDomain: a\n    b\nauthenticationConfiguration:\n  provider: basic\n",
			err: "line 2: the value of principalDomain spans several lines",
		},
		"block scalar": {
			in:  "authorizerConfiguration:\n  principalDomain: |\n    x\nauthenticationConfiguration:\n  provider: basic\n",
			err: "line 2: the value of principalDomain has a form omsso cannot patch",
		},
		"one section": {
			in:  "authorizerConfiguration:\n  principalDomain: a\n",
			err: "only one of authorizerConfiguration and authenticationConfiguration",
		},
		"not a mapping": {in: "- a\n- b\n", err: "the top level is not a mapping"},
		"nested duplicate": {
			in:  "authorizerConfiguration:\n  principalDomain: a\nauthenticationConfiguration:\n  oidcConfiguration:\n    id: a\n    id: b\n",
			err: `line 6: duplicate key "id" (first at line 5)`,
		},
		"not UTF-8": {in: "a: \xff\n", err: "not valid UTF-8"},
	}
	for name, c := range cases {
		_, err := patch.Apply(r, []byte(c.in), patch.Options{})
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: error %v, want %q", name, err, c.err)
		}
	}
}

// Keys that need no change are left alone even when written in another style, and a value
// with '}' falls back to a literal in defaults mode.
func TestStylesAndFallback(t *testing.T) {
	r := load(t, "special-chars")
	in := "authorizerConfiguration:\n  principalDomain: \"example.com\" # already right\nauthenticationConfiguration:\n  provider: 'okta'\n  providerName: ${CUSTOM_OIDC_AUTHENTICATION_PROVIDER_NAME:-\"\"}\n"
	res, err := patch.Apply(r, []byte(in), patch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := string(res.Output)
	for _, keep := range []string{"  principalDomain: \"example.com\" # already right\n", "  provider: 'okta'\n"} {
		if !strings.Contains(out, keep) {
			t.Errorf("lost %q:\n%s", keep, out)
		}
	}
	// The display name holds '}', which cannot sit inside ${VAR:-...}: it becomes a literal.
	if !strings.Contains(out, `  providerName: "Acme \"SSO\" #1 \x24{OIDC_CLIENT_SECRET} \x24\x24{X} \\ café"`+"\n") {
		t.Errorf("providerName:\n%s", out)
	}
	if !slices.ContainsFunc(res.Notes, func(n string) bool {
		return strings.HasPrefix(n, "authenticationConfiguration.providerName: the value contains '}'")
	}) {
		t.Errorf("notes: %v", res.Notes)
	}
}

// On the 2.0 and 2.1 upstream confs, the patch changes only lines that carry a value of a key
// of the table (comments, blank lines, the configSource keys it does not own and every other
// section stay byte for byte), and patching again changes nothing.
func TestUpstream2xTouchesOnlyValueLines(t *testing.T) {
	for name, line := range map[string]string{"line-2.0-confidential": "2.0", "line-2.0-sessions": "2.0", "line-2.1-confidential-env": "2.1", "line-2.1-public": "2.1"} {
		in := upstream.ConfOf(t, line)
		for _, mode := range []patch.Mode{patch.Defaults, patch.Literal} {
			r := load(t, name)
			res, err := patch.Apply(r, []byte(in), patch.Options{Mode: mode})
			if err != nil {
				t.Fatalf("%s/%s: %v", name, mode, err)
			}
			a, b := strings.SplitAfter(in, "\n"), strings.SplitAfter(string(res.Output), "\n")
			if len(a) != len(b) {
				t.Fatalf("%s/%s: %d lines became %d", name, mode, len(a), len(b))
			}
			changed := 0
			for i := range a {
				if a[i] == b[i] {
					continue
				}
				changed++
				key, _, _ := strings.Cut(strings.TrimSpace(a[i]), ":")
				if !slices.ContainsFunc(omconf.Keys(), func(k omconf.Key) bool { return k.Name() == strings.TrimSpace(key) }) {
					t.Errorf("%s/%s: line %d is not a value line of the table: %q", name, mode, i+1, a[i])
				}
			}
			if changed == 0 || len(res.Changes) != changed {
				t.Errorf("%s/%s: %d lines changed, %d reported", name, mode, changed, len(res.Changes))
			}
			if again, err := patch.Apply(r, res.Output, patch.Options{Mode: mode}); err != nil || again.Changed() {
				t.Errorf("%s/%s: patching again changes %v (%v)", name, mode, again, err)
			}
		}
	}
}
