package helmchart_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/helmchart"
	"github.com/omsso/omsso/internal/oracle"
)

// kubeletTokens are what the kubelet's expansion reacts to, names defined or not, and
// characters of more than one byte after a '$'.
var kubeletTokens = []string{
	"$", "$", "$", "(", ")", "$(", "$(", "$$", ")", "A", "B", "EMPTY", "UNDEF", "$(A)", "$(UNDEF)", "$(EMPTY)",
	"$(B", "é", "✓", "x", " ", "{", "}", "${A}", "\\",
}

func kubeletText(rng *rand.Rand, maxTokens int) string {
	var b strings.Builder
	for n := rng.IntN(maxTokens + 1); n > 0; n-- {
		b.WriteString(kubeletTokens[rng.IntN(len(kubeletTokens))])
	}
	return b.String()
}

// kubeletCases makes random env values with the variables defined before them; the defined
// values hold the same syntax (the kubelet does not expand them again).
func kubeletCases(n int) []oracle.KubeletCase {
	rng := rand.New(rand.NewPCG(24, 24))
	cases := make([]oracle.KubeletCase, n)
	for i := range cases {
		defined := map[string]string{}
		for _, name := range []string{"A", "B", "EMPTY", "$(A)", "A B"} {
			if rng.IntN(3) > 0 {
				defined[name] = kubeletText(rng, 3)
			}
		}
		if _, ok := defined["EMPTY"]; ok {
			defined["EMPTY"] = ""
		}
		cases[i] = oracle.KubeletCase{Value: kubeletText(rng, 10), Defined: defined}
	}
	return cases
}

// ExpandEnv must agree with Kubernetes' own expansion code on every case.
func TestExpandEnvMatchesKubelet(t *testing.T) {
	k := oracle.KubeletForTest(t)
	cases := kubeletCases(20_000)
	real, err := k.Expand(cases)
	if err != nil {
		t.Fatal(err)
	}
	diffs := 0
	for i, c := range cases {
		if got := helmchart.ExpandEnv(c.Value, c.Defined); got != real[i] {
			diffs++
			if diffs <= 10 {
				t.Errorf("ExpandEnv(%q, %q) = %q, the kubelet %q", c.Value, c.Defined, got, real[i])
			}
		}
	}
	t.Logf("%d env values through Kubernetes' expansion package, %d differences", len(cases), diffs)
	if diffs > 0 {
		t.Errorf("%d of %d env values differ from the kubelet", diffs, len(cases))
	}
}
