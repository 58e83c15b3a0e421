package targets_test

import (
	"testing"

	"github.com/omsso/omsso/internal/helmchart"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/upstream"
	"github.com/omsso/omsso/targets"
)

func benchSettings(b *testing.B, file string) *settings.Resolved {
	r, err := settings.Load(settings.Options{File: file})
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// Rendering every target, each proved by its read-back (compose-go load, chart model,
// substitution and binding).
func BenchmarkRenderAll(b *testing.B) {
	r := benchSettings(b, "../golden/confidential-env/omsso.yaml")
	for b.Loop() {
		for _, t := range targets.All() {
			if _, err := targets.Render(t, r); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// The templates alone, without the proof, to show what the proof costs.
func BenchmarkRenderAllUnchecked(b *testing.B) {
	r := benchSettings(b, "../golden/confidential-env/omsso.yaml")
	for b.Loop() {
		for _, t := range targets.All() {
			if _, err := t.Render(r); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// The real chart through Helm's SDK, against which the in-binary chart model compares.
func BenchmarkHelmChartSDK(b *testing.B) {
	r := benchSettings(b, "../golden/confidential-env/omsso.yaml")
	files, err := targets.Helm{}.Render(r)
	if err != nil {
		b.Fatal(err)
	}
	chart := upstream.Chart(b)
	for b.Loop() {
		if _, err := helmchart.Render(chart, files[0].Data, targets.SecretStore(r)); err != nil {
			b.Fatal(err)
		}
	}
}
