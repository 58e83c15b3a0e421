package quote_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/oracle"
	"github.com/omsso/omsso/internal/quote"
)

// Kubelet's escape must give any text back through Kubernetes' own expansion code, whatever the
// container defines: the templates use it on extraEnvs values (env[].value).
func TestKubeletRoundTripsThroughKubelet(t *testing.T) {
	k := oracle.KubeletForTest(t)
	tokens := []string{"$", "$", "$$", "$(", "(", ")", "$(A)", "$(B)", "A", "B", "$(UNDEF)", "é", " ", "x", "${A}"}
	defined := map[string]string{"A": "LEAK-A", "B": "", "UNDEF)": "LEAK"}
	rng := rand.New(rand.NewPCG(2, 4))
	var cases []oracle.KubeletCase
	var want []string
	for range 5_000 {
		var b strings.Builder
		for n := rng.IntN(9); n > 0; n-- {
			b.WriteString(tokens[rng.IntN(len(tokens))])
		}
		want = append(want, b.String())
		cases = append(cases, oracle.KubeletCase{Value: quote.Kubelet(b.String()), Defined: defined})
	}
	got, err := k.Expand(cases)
	if err != nil {
		t.Fatal(err)
	}
	bad := 0
	for i := range want {
		if got[i] != want[i] {
			bad++
			if bad <= 10 {
				t.Errorf("Kubelet(%q) = %q, which the kubelet expands to %q", want[i], cases[i].Value, got[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d values changed in the kubelet", bad, len(want))
	}
}
