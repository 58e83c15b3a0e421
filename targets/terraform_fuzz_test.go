package targets_test

import (
	"errors"
	"testing"

	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

// FuzzTerraform: whatever the settings hold, either they are refused with a clear problem, or
// the Terraform files render, parse with hcl/v2 and read back as the model with every value
// intact and every attribute in the provider's schema (Render runs that check and fails on a
// mismatch); the seed corpus runs with every go test.
func FuzzTerraform(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, url, domain, clientID, server, issuer, name, admin, pdomain, allowed, claim, mapping, scope, secretEnv, jwks string, confidential, flag bool) {
		r, err := settings.Resolve(fuzzSettings(url, domain, clientID, server, issuer, name, admin, pdomain, allowed, claim, mapping, scope, secretEnv, jwks, confidential, flag))
		if err != nil {
			var fl *settings.Failure
			if !errors.As(err, &fl) || len(fl.Problems) == 0 {
				t.Fatalf("not a validation error: %v", err)
			}
			return
		}
		if _, err := (targets.Terraform{}).Render(r); err != nil {
			t.Fatalf("render: %v", err)
		}
	})
}
