package cli_test

import (
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/upstream"
)

func TestTemplate(t *testing.T) {
	t.Setenv("OMSSO_CHART", "")
	cases := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr []string
	}{
		{name: "needs a chart", args: []string{"template", "-f", example}, code: 1, stderr: []string{"--chart is required"}},
		{name: "not a chart", args: []string{"template", "-f", example, "--chart", "nope"}, code: 1, stderr: []string{"--chart nope is not a chart"}},
		{name: "empty release", args: []string{"template", "-f", example, "--chart", "nope", "--release", ""}, code: 1, stderr: []string{"--release and --namespace must not be empty"}},
		{name: "help teaches", args: []string{"template", "--help"}, stdout: []string{"Argo CD", "--release", "nothing is printed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, _ := runCLI(t, c.args, "", c.code, c.stdout, c.stderr)
			if c.code != 0 && stdout != "" {
				t.Errorf("stdout on failure: %s", stdout)
			}
		})
	}
}

// With the real chart: objects only on stdout, the proof on stderr; a Flux mode of the
// settings does not reach Argo CD's values (Helm reads them directly there).
func TestTemplateRealChart(t *testing.T) {
	chart := upstream.Chart(t)
	stdout, _ := runCLI(t, []string{"template", "-f", example, "--chart", chart, "--release", "om", "--namespace", "data", "--openmetadata-url", "https://om.example.com"},
		"", 0, []string{"kind: Deployment", "app.kubernetes.io/instance: om"}, []string{"proved    helm"})
	if strings.Contains(stdout, "proved") || !strings.HasPrefix(stdout, "---\n# Source: ") {
		t.Errorf("stdout holds more than objects:\n%.300s", stdout)
	}
	t.Setenv("OMSSO_TARGETS_HELM_FLUX", "substitute")
	flux, _ := runCLI(t, []string{"template", "-f", example, "--chart", chart, "--release", "om", "--namespace", "data", "--openmetadata-url", "https://om.example.com"}, "", 0, nil, nil)
	if flux != stdout {
		t.Error("a Flux mode changed the objects omsso template prints")
	}
}
