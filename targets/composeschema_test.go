package targets_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

// The Docker proof skips compose-go's JSON Schema check when every compose file is omsso's own
// (the model of the upstream file and the override), because compiling that schema is most of
// a cold proof. This test is what makes skipping it safe: for every golden case, the model and
// the override load with the schema check on, and the environment the proof reads is the one
// compose-go's full load (schema, type casts) gives.
func TestOverrideValidatesAgainstComposeSchema(t *testing.T) {
	cases, err := filepath.Glob("../golden/*/omsso.*")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, file := range cases {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			r, err := settings.Load(settings.Options{File: file})
			if err != nil {
				t.Skip("settings the golden case expects to fail")
			}
			files, err := targets.Docker{}.Render(r)
			if err != nil {
				t.Fatal(err)
			}
			base := []types.ConfigFile{{Filename: "docker-compose.yml", Content: []byte(targets.ComposeModel(r.OpenMetadata.Version))}}
			full, err := targets.ComposeEnv(r, base, files, nil)
			if err != nil {
				t.Fatalf("compose-go with its schema check refuses omsso's files: %v", err)
			}
			own, err := targets.ComposeEnvOwn(r, base, files)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(full, own) {
				t.Errorf("the load of omsso's own files differs from compose-go's full load:\nfull %v\nown  %v", full, own)
			}
		})
	}
}
