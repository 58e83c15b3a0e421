package cli_test

import (
	"path/filepath"
	"testing"

	"github.com/omsso/omsso/internal/cli"
	"github.com/omsso/omsso/internal/omapi/omfake"
)

// The OpenMetadata target's whole stdout, pinned like the Okta target's (TestLiveGoldenOkta).
func TestLiveGoldenOpenMetadata(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	t.Setenv("OMSSO_TEST_SECRET", canarySecret)
	for _, c := range []struct {
		name string
		args []string
	}{
		{"openmetadata-plan.txt", []string{"plan"}},
		{"openmetadata-plan.json", []string{"plan", "-o", "json"}},
		{"openmetadata-apply.json", []string{"apply", "--auto-approve", "-o", "json", "--backup-file", "BACKUP"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := startOM(t, omfake.Options{})
			dir := t.TempDir()
			f := settingsFile(t, dir, true, "1.12", "")
			args := append([]string{c.args[0], "-f", f, "--target", "openmetadata", "--openmetadata-api-url", s.URL}, c.args[1:]...)
			for i, a := range args {
				if a == "BACKUP" {
					args[i] = filepath.Join(dir, "backup.json")
				}
			}
			_, out, errs := runOM(t, "", args...)
			noCanary(t, dir, out, errs)
			cli.CompareLiveGolden(t, c.name, cli.NormalizeLive(out, dir, f))
		})
	}
}
