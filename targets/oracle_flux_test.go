package targets_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/oracle"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/upstream"
	"github.com/omsso/omsso/targets"
)

// fluxRenders is how many valid settings go through each Flux mode.
const fluxRenders = 300

// fluxPieces are rich in what Flux's substitution reads ($$, ${, }) on top of the other layers'.
var fluxPieces = []string{"$", "$", "$$", "{", "}", "}", "${", "$${", "$(", ")", "${OIDC_CLIENT_SECRET}", ":-", "a", "X", " ", `\`, "#", "é"}

func fluxString(rng *rand.Rand) string {
	var b strings.Builder
	for n := 1 + rng.IntN(8); n > 0; n-- {
		b.WriteString(fluxPieces[rng.IntN(len(fluxPieces))])
	}
	return b.String()
}

// Hostile values through each Flux mode: the real Flux substitution (fluxcd/pkg/envsubst, in
// the helm proof), then Helm (the chart model, and the real chart for a sample), the kubelet,
// and the real commons-text and Jackson. Every key must bind to the settings' value.
func TestFluxRendersThroughRealLibraries(t *testing.T) {
	o := oracle.ForTest(t)
	chart := upstream.Chart(t)
	rng := rand.New(rand.NewPCG(22, 22))
	helm, _ := targets.DeployByName("helm")
	var cases []renderCase
	renders := 0
	for tries := 0; renders < 2*fluxRenders && tries < 40*fluxRenders; tries++ {
		s := fuzzSettings("https://om.example.com", "dev-123456.okta.com", "0oa1abcd2EFGH3ijk4l5", "default", "",
			fluxString(rng), fluxString(rng), "example.com", "example.org", fluxString(rng), "email:email", "profile",
			"OKTA_CLIENT_SECRET", "", rng.IntN(2) == 0, rng.IntN(2) == 0)
		s.Authorizer.AdminPrincipals = append(s.Authorizer.AdminPrincipals, fluxString(rng))
		s.Targets.Helm.Flux = []string{settings.FluxConfigMap, settings.FluxSubstitute}[renders%2]
		r, err := settings.Resolve(s)
		if err != nil {
			continue
		}
		renders++
		files, err := helm.Render(r)
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		opts := targets.ProofOptions{}
		if renders%20 == 0 {
			opts.Chart = chart
		}
		p, err := targets.Prove(r, helm, files, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Findings) > 0 {
			t.Errorf("omsso refuses its own flux %s output for %+v: %+v", s.Targets.Helm.Flux, s, p.Findings)
			continue
		}
		for _, c := range p.ReadBack.Consumers {
			cases = append(cases, renderCase{fmt.Sprintf("render %d flux %s/%s", renders, s.Targets.Helm.Flux, c.Name), "helm", c.Input, targets.Expected(r, "helm")})
		}
	}
	if renders < 2*fluxRenders {
		t.Fatalf("only %d of %d renders were valid settings", renders, 2*fluxRenders)
	}
	diffs := checkThroughServer(t, o, cases)
	t.Logf("%d renders, %d server inputs through Flux, Helm, the kubelet, commons-text and Jackson, %d differences", renders, len(cases), diffs)
}

// checkThroughServer runs server inputs through the real commons-text and Jackson and reports
// every key that binds otherwise than the settings say, or than omsso's models say.
func checkThroughServer(t *testing.T, o *oracle.Oracle, cases []renderCase) int {
	t.Helper()
	subst := make([]oracle.SubstCase, len(cases))
	for i, c := range cases {
		subst[i] = oracle.SubstCase{Text: c.in.Text, Env: c.in.Env}
	}
	real, err := o.Substitute(subst)
	if err != nil {
		t.Fatal(err)
	}
	binds := make([]oracle.BindCase, len(cases))
	for i, r := range real {
		binds[i] = oracle.BindCase{YAML: r.Out, Keys: bindKeys()}
	}
	bound, err := o.Bind(binds)
	if err != nil {
		t.Fatal(err)
	}
	diffs := 0
	report := func(format string, args ...any) {
		if diffs++; diffs <= 20 {
			t.Errorf(format, args...)
		}
	}
	for i, c := range cases {
		model, merr := omconf.Substitute(c.in.Text, omconf.MapLookup(c.in.Env))
		if real[i].Err != "" || merr != nil || model != real[i].Out {
			report("%s: substitution: commons-text %q (%s), model %q (%v)", c.name, clip(real[i].Out), real[i].Err, clip(model), merr)
			continue
		}
		if bound[i].ParseErr != "" {
			report("%s: the server cannot parse its config: %s", c.name, bound[i].ParseErr)
			continue
		}
		for _, k := range omconf.Keys() {
			w, ok := c.want[k.Path]
			if !ok {
				continue
			}
			if got := bound[i].Values[k.Path]; bound[i].Errs[k.Path] != "" || !omconf.Equal(k, w, got) {
				report("%s: %s: the server binds %s (%s), the settings say %s", c.name, k.Path, omconf.Show(got), bound[i].Errs[k.Path], omconf.Show(w))
			}
		}
	}
	return diffs
}
