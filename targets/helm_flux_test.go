package targets_test

import (
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/flux"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

func fluxSettings(t *testing.T, mode, admin string) *settings.Resolved {
	t.Helper()
	s := fuzzSettings("https://om.example.com", "dev-123456.okta.com", "0oa1abcd2EFGH3ijk4l5", "default", "", "Okta", admin,
		"example.com", "example.org", "sub", "email:email", "profile", "OKTA_CLIENT_SECRET", "", true, false)
	s.Targets.Helm.Flux = mode
	r, err := settings.Resolve(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The hole the Flux modes close: plain values, in a ConfigMap a substituting Kustomization
// applies, bind the secret or break the Kustomization; with each mode the proof (which runs
// the real substitution) passes.
func TestFluxModes(t *testing.T) {
	helm, _ := targets.DeployByName("helm")
	vars := flux.Vars{"OIDC_CLIENT_SECRET": "s3cr3t"}
	for _, admin := range []string{"${OIDC_CLIENT_SECRET}", "x}${y"} {
		files, err := helm.Render(fluxSettings(t, "", admin))
		if err != nil {
			t.Fatal(err)
		}
		values := string(files[0].Data)
		cm := map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "v"}, "data": map[string]any{"values.yaml": values}}
		out, err := flux.Substitute(cm, vars, flux.Options{})
		if err == nil && !strings.Contains(out["data"].(map[string]any)["values.yaml"].(string), "s3cr3t") {
			t.Errorf("admin %q: plain values survive Flux: the test no longer shows the hole", admin)
		}
		for _, mode := range []string{settings.FluxConfigMap, settings.FluxSubstitute} {
			r := fluxSettings(t, mode, admin)
			files, err := helm.Render(r)
			if err != nil {
				t.Fatal(err)
			}
			p, err := targets.Prove(r, helm, files, targets.ProofOptions{})
			if err != nil || len(p.Findings) > 0 {
				t.Errorf("admin %q, flux %s: %v %+v", admin, mode, err, p.Findings)
			}
			if !strings.Contains(p.Proved, "Flux") {
				t.Errorf("flux %s: the proof does not name the Flux layer: %s", mode, p.Proved)
			}
		}
	}
}

// A ConfigMap that lost its opt-out is substituted, and the proof says so.
func TestFluxConfigMapWithoutOptOut(t *testing.T) {
	helm, _ := targets.DeployByName("helm")
	r := fluxSettings(t, settings.FluxConfigMap, "${OIDC_CLIENT_SECRET}")
	files, err := helm.Render(r)
	if err != nil {
		t.Fatal(err)
	}
	for i := range files {
		if files[i].Path == targets.HelmFluxConfigMap {
			files[i].Data = []byte(strings.ReplaceAll(string(files[i].Data), "kustomize.toolkit.fluxcd.io/substitute: disabled", "other: x"))
		}
	}
	p, err := targets.Prove(r, helm, files, targets.ProofOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Findings) != 1 || p.Findings[0].Key != "(flux)" {
		t.Fatalf("findings: %+v", p.Findings)
	}
	t.Log(p.Findings[0].Got)
}
