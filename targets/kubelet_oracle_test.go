package targets_test

import (
	"math/rand/v2"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/internal/helmchart"
	"github.com/omsso/omsso/internal/oracle"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

// The extraEnvs values omsso writes (envFragment, then the kubelet escape) go through
// Kubernetes' own expansion code with what the chart defines before them; the chart model's
// kubelet (ExpandEnv), which the proofs use, must give the same text.
func TestExtraEnvsThroughRealKubelet(t *testing.T) {
	k := oracle.KubeletForTest(t)
	rng := rand.New(rand.NewPCG(7, 7))
	var cases []oracle.KubeletCase
	for renders := 0; renders < 300; {
		s := fuzzSettings("https://om.example.com", "dev-123456.okta.com", "0oa1abcd2EFGH3ijk4l5", "default", "",
			hostileString(rng), hostileString(rng), "example.com", "example.org", hostileString(rng), "email:email", "profile",
			"OKTA_CLIENT_SECRET", "", rng.IntN(2) == 0, rng.IntN(2) == 0)
		s.Authorizer.AdminPrincipals = append(s.Authorizer.AdminPrincipals, "$(OIDC_CLIENT_ID)", hostileString(rng))
		r, err := settings.Resolve(s)
		if err != nil {
			continue
		}
		renders++
		files, err := targets.Render(targets.Helm{}, r)
		if err != nil {
			t.Fatal(err)
		}
		chartEnv, err := targets.HelmModelEnv(files[0].Data, targets.SecretStore(r))
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			ExtraEnvs []struct{ Name, Value string } `yaml:"extraEnvs"`
		}
		if err := yaml.Unmarshal(files[0].Data, &v); err != nil {
			t.Fatal(err)
		}
		// The chart's own env entries come first; each extraEnvs entry sees those before it.
		defined := map[string]string{}
		for n, val := range chartEnv {
			defined[n] = val
		}
		for _, e := range v.ExtraEnvs {
			snapshot := map[string]string{}
			for n, val := range defined {
				snapshot[n] = val
			}
			cases = append(cases, oracle.KubeletCase{Value: e.Value, Defined: snapshot})
			defined[e.Name] = helmchart.ExpandEnv(e.Value, snapshot)
		}
	}
	real, err := k.Expand(cases)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		if got := helmchart.ExpandEnv(c.Value, c.Defined); got != real[i] {
			t.Errorf("extraEnvs value %q: the kubelet gives %q, the chart model %q", c.Value, real[i], got)
		}
	}
	t.Logf("%d extraEnvs values through Kubernetes' expansion package", len(cases))
}
