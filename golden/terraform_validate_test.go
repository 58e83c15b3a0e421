package golden

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/omsso/omsso/internal/testneeds"
)

// ProviderEnv names a folder holding a terraform-provider-okta binary built from the release
// the schema table was read from (v6.12.0): `terraform validate` then checks the golden
// Terraform files with the provider's own schema, through Terraform itself.
const ProviderEnv = "OMSSO_TF_OKTA_PROVIDER"

// Every golden terraform/ folder and the adoption testdata pass `terraform fmt -check` and
// `terraform validate` with the real provider. Without the provider the test is skipped,
// visibly and in $OMSSO_SKIPLOG, even under CI=true: the provider cannot come through the Go
// module proxy (its go.mod lacks the /v6 suffix its tags need), so CI cannot be required to
// have it. With the provider named, a missing terraform fails under CI=true.
func TestTerraformValidate(t *testing.T) {
	// Without the provider, make test-all would not run it either: the summary says "missing".
	prov := os.Getenv(ProviderEnv)
	if prov == "" {
		testneeds.Optional(t, testneeds.TerraformProvider, ProviderEnv+" is unset")
	}
	testneeds.Short(t, testneeds.TerraformProvider)
	tf, err := exec.LookPath("terraform")
	if err != nil {
		testneeds.Missing(t, testneeds.TerraformProvider, "terraform is not on PATH (Terraform 1.5 or later validates the goldens)")
	}
	home := t.TempDir()
	cfg := filepath.Join(home, "terraformrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"okta/okta\" = %q\n  }\n  direct {}\n}\n", prov)
	if err := os.WriteFile(cfg, []byte(rc), 0o644); err != nil {
		t.Fatal(err)
	}
	dirs, _ := filepath.Glob("terraform-*/terraform")
	more, _ := filepath.Glob("../internal/okta/oktatf/testdata/*")
	for _, d := range append(dirs, more...) {
		t.Run(d, func(t *testing.T) {
			for _, args := range [][]string{{"fmt", "-check", "-diff", "."}, {"validate", "-no-color"}} {
				cmd := exec.Command(tf, args...)
				cmd.Dir = d
				cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cfg, "TF_IN_AUTOMATION=1", "TF_DATA_DIR="+filepath.Join(home, "data"), "CHECKPOINT_DISABLE=1")
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				if err := cmd.Run(); err != nil {
					t.Errorf("terraform %v: %v\n%s", args, err, out.String())
				}
			}
		})
	}
}
