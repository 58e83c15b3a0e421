package targets_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/dotenv"

	"github.com/omsso/omsso/internal/helmchart"
	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/upstream"
	"github.com/omsso/omsso/targets"
)

// goldenCases loads the settings of every succeeding golden case (those without env or args).
func goldenCases(t *testing.T) map[string]*settings.Resolved {
	t.Helper()
	files, err := filepath.Glob("../golden/*/omsso.*")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*settings.Resolved{}
	for _, f := range files {
		dir := filepath.Dir(f)
		if exists(filepath.Join(dir, "error.txt")) || exists(filepath.Join(dir, "env")) || exists(filepath.Join(dir, "args")) {
			continue
		}
		r, err := settings.Load(settings.Options{File: f})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(dir)] = r
	}
	if len(out) < 10 {
		t.Fatalf("only %d golden cases found", len(out))
	}
	return out
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// probeEnv gives every modelled env var a distinct value of its type, to prove that a model
// maps each var to the same key as the upstream file does.
func probeEnv() map[string]string {
	env := map[string]string{}
	for i, k := range omconf.Keys() {
		switch k.Type {
		case omconf.String:
			env[k.Env] = fmt.Sprintf("probe-%d", i)
		case omconf.Bool:
			env[k.Env] = "true"
		case omconf.Int:
			env[k.Env] = fmt.Sprint(1000 + i)
		case omconf.List:
			env[k.Env] = fmt.Sprintf("[probe-%d, b]", i)
		case omconf.Map:
			env[k.Env] = fmt.Sprintf("{probe: v%d}", i)
		}
	}
	return env
}

// The conf model (key names, env vars, defaults, types) agrees with the upstream conf of every
// line that has one.
func TestModelMatchesUpstreamConf(t *testing.T) {
	for _, line := range upstream.Lines() {
		conf := upstream.ConfOf(t, line)
		for name, env := range map[string]map[string]string{"defaults": {}, "probe": probeEnv()} {
			up, err := omconf.Substitute(conf, omconf.MapLookup(env))
			if err != nil {
				t.Fatal(err)
			}
			want, err := omconf.Parse(up)
			if err != nil {
				t.Fatalf("%s %s: upstream: %v", line, name, err)
			}
			mt, _ := omconf.Substitute(omconf.Model(line), omconf.MapLookup(env))
			got, err := omconf.Parse(mt)
			if err != nil {
				t.Fatalf("%s %s: model: %v", line, name, err)
			}
			for _, m := range omconf.Compare(want, got) {
				t.Errorf("%s %s: model differs from upstream conf: %s", line, name, m)
			}
			for _, k := range omconf.Keys() { // and the model has no key the line lacks
				if want[k.Path] == nil && got[k.Path] != nil {
					t.Errorf("%s %s: model has %s, the upstream conf does not", line, name, k.Path)
				}
			}
		}
	}
}

// The compose model agrees with the upstream quickstart file: same vars passed, same defaults,
// and the vars it does not pass are absent upstream too.
func TestComposeModelMatchesUpstream(t *testing.T) {
	base := upstream.Compose(t)
	r := loadExample(t)
	files, err := targets.Docker{}.Render(r)
	if err != nil {
		t.Fatal(err)
	}
	empty := []targets.File{{Path: targets.DockerEnvFile, Data: []byte("\n")}, {Path: targets.DockerOverride, Data: []byte("services: {}\n")}}
	for name, shell := range map[string]map[string]string{"defaults": {}, "probe": probeEnv()} {
		up, err := targets.DockerServiceEnv(r, base, empty, shell)
		if err != nil {
			t.Fatal(err)
		}
		model, err := targets.DockerServiceEnv(r, []byte(targets.ComposeModel("1.12")), empty, shell)
		if err != nil {
			t.Fatal(err)
		}
		for _, svc := range targets.ComposeServices() {
			for _, k := range omconf.Keys() {
				upV, upOK := up[svc][k.Env]
				mV, mOK := model[svc][k.Env]
				if upOK != mOK || upV != mV {
					t.Errorf("%s: %s %s: upstream %q (%v), model %q (%v)", name, svc, k.Env, upV, upOK, mV, mOK)
				}
			}
		}
	}
	_ = files
}

func loadExample(t *testing.T) *settings.Resolved {
	r, err := settings.Load(settings.Options{File: "../examples/omsso.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The docker outputs, loaded with the upstream quickstart compose file through compose-go as
// `docker compose --env-file F -f docker-compose.yml -f docker-compose.okta.yml` does, give both
// services exactly the env the files set (nothing dropped), and the upstream conf substituted
// with that env binds exactly what the settings ask for.
func TestDockerAgainstUpstream(t *testing.T) {
	base := upstream.Compose(t)
	for name, r := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			conf := upstream.ConfFor(t, r.OpenMetadata.Version)
			files, err := targets.Docker{}.Render(r)
			if err != nil {
				t.Fatal(err)
			}
			envs, err := targets.DockerServiceEnv(r, base, files, nil)
			if err != nil {
				t.Fatal(err)
			}
			fromFile, err := dotenv.UnmarshalBytesWithLookup(files[0].Data, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, svc := range targets.ComposeServices() {
				env := envs[svc]
				for k, v := range fromFile {
					if env[k] != v {
						t.Errorf("%s: %s=%q in the env file reaches the container as %q", svc, k, v, env[k])
					}
				}
				if r.Confidential() && env["OIDC_CLIENT_SECRET"] != targets.SecretSentinel {
					t.Errorf("%s: OIDC_CLIENT_SECRET is %q, want the secret from $%s", svc, env["OIDC_CLIENT_SECRET"], r.SecretEnv)
				}
				eff := effectiveFromConf(t, conf, env)
				for _, m := range omconf.Compare(targets.Expected(r, "docker"), eff) {
					t.Errorf("%s: %s", svc, m)
				}
			}
		})
	}
}

func effectiveFromConf(t *testing.T, conf string, env map[string]string) omconf.Effective {
	t.Helper()
	text, err := omconf.Substitute(conf, omconf.MapLookup(env))
	if err != nil {
		t.Fatal(err)
	}
	eff, err := omconf.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return eff
}

// The Helm values pass the chart's values.schema.json, render with the real 1.12.12 chart, and
// both the server and the migration container bind exactly what the settings ask for. The
// chart model the render self-check uses gives the same env for every auth var.
func TestHelmAgainstUpstreamChart(t *testing.T) {
	for name, r := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			conf := upstream.ConfFor(t, r.OpenMetadata.Version)
			chart := chartFor(t, r.OpenMetadata.Version)
			files, err := targets.Helm{}.Render(r)
			if err != nil {
				t.Fatal(err)
			}
			res, err := helmchart.Render(chart, files[0].Data, targets.SecretStore(r))
			if err != nil {
				t.Fatal(err)
			}
			model, err := targets.HelmModelEnv(files[0].Data, targets.SecretStore(r))
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []string{helmchart.ServerContainer, helmchart.MigrateContainer} {
				env := res.Env[c]
				if env == nil {
					t.Fatalf("no env for container %s", c)
				}
				eff := effectiveFromConf(t, conf, env)
				for _, m := range omconf.Compare(targets.Expected(r, "helm"), eff) {
					t.Errorf("%s: %s", c, m)
				}
				modelEff := effectiveFromConf(t, conf, model)
				for _, m := range omconf.Compare(eff, modelEff) {
					t.Errorf("%s: chart model differs from the real chart: %s", c, m)
				}
				if r.Confidential() {
					ks := targets.KubeSecret(r)
					if got := res.Refs[c]["OIDC_CLIENT_SECRET"]; got != ks.Name+"/"+ks.Key {
						t.Errorf("%s: OIDC_CLIENT_SECRET reads %q, want the Secret %s/%s", c, got, ks.Name, ks.Key)
					}
				}
			}
		})
	}
}

// chartFor picks the upstream chart of a line: the newest chart release at or below it that
// has every key omsso emits for it.
func chartFor(t *testing.T, version string) string {
	switch version {
	case "1.5":
		return upstream.Path(t, "helm-charts", "versions", "openmetadata-1.5.13")
	case "1.6", "1.7", "1.8", "1.9":
		return upstream.Path(t, "helm-charts", "versions", "openmetadata-1.8.12")
	case "1.10":
		return upstream.Path(t, "helm-charts", "versions", "openmetadata-1.10.14")
	case "1.11":
		return upstream.Path(t, "helm-charts", "versions", "openmetadata-1.11.13")
	case "1.12":
		return upstream.Chart(t)
	}
	// 1.13, and 2.0/2.1, for which no chart is published: the newest chart omsso knows.
	return upstream.Path(t, "helm-charts", "versions", "openmetadata-1.13.1")
}

// The bare-metal sections, put in place of the upstream conf's auth sections, bind exactly
// what the settings ask for, with the secret's env var set and with an empty environment.
func TestBaremetalAgainstUpstreamConf(t *testing.T) {
	for name, r := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			conf := upstream.ConfFor(t, r.OpenMetadata.Version)
			files, err := targets.Baremetal{}.Render(r)
			if err != nil {
				t.Fatal(err)
			}
			merged := upstream.WithAuthSections(t, conf, string(files[0].Data))
			env := map[string]string{}
			if r.Confidential() {
				env[r.SecretEnv] = targets.SecretSentinel
			}
			eff := effectiveFromConf(t, merged, env)
			for _, m := range omconf.Compare(targets.Expected(r, "baremetal"), eff) {
				t.Error(m)
			}
			// Outside the auth sections nothing changed.
			if strings.Count(merged, "\n") < strings.Count(conf, "\n")-120 {
				t.Errorf("merge lost lines")
			}
		})
	}
}

// The three targets differ only where documented: OpenMetadata's own JWKS URL (publicKeyUrls[1])
// is the host each server reaches itself at.
func TestTargetsAgree(t *testing.T) {
	for name, r := range goldenCases(t) {
		d, h, b := targets.Expected(r, "docker"), targets.Expected(r, "helm"), targets.Expected(r, "baremetal")
		for _, pair := range [][2]omconf.Effective{{d, h}, {d, b}} {
			for _, m := range omconf.Compare(pair[0], pair[1]) {
				if m.Key != "authenticationConfiguration.publicKeyUrls" {
					t.Errorf("%s: targets differ beyond the documented JWKS host: %s", name, m)
					continue
				}
				w, g := m.Want.([]string), m.Got.([]string)
				if w[0] != g[0] || len(w) != 2 || len(g) != 2 {
					t.Errorf("%s: Okta JWKS differs across targets: %s", name, m)
				}
			}
		}
	}
}
