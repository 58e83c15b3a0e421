package settings_test

import (
	"testing"

	"github.com/omsso/omsso/internal/settings"
)

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := settings.Load(settings.Options{File: "../../golden/confidential-env/omsso.yaml"}); err != nil {
			b.Fatal(err)
		}
	}
}
