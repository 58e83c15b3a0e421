package targets_test

import (
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

// Every key of the table reaches every deploy target: its files carry it to the serving
// process, unless the table declares it absent there (Default: Okta needs the upstream
// default, so the env-based targets leave it unset; bare metal writes every key). A key added
// to the table without a way to every target fails here, on every line.
func TestEveryKeyReachesEveryTarget(t *testing.T) {
	for _, line := range settings.Versions() {
		for _, confidential := range []bool{false, true} {
			everyKeyOnLine(t, line, confidential)
		}
	}
}

func everyKeyOnLine(t *testing.T, line string, confidential bool) {
	{
		s := fuzzSettings("https://om.example.com", "dev-123456.okta.com", "0oa1abcd2EFGH3ijk4l5", "default", "", "Okta", "bob",
			"example.com", "example.org", "sub", "", "profile", "OKTA_CLIENT_SECRET", "", confidential, true)
		s.Authentication.JWTPrincipalClaimsMapping = nil
		s.OpenMetadata.Version = line
		if line == "1.5" {
			s.Authorizer.AllowedDomains = nil // 1.6+
		}
		r, err := settings.Resolve(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range targets.Deploys() {
			files, err := d.Render(r)
			if err != nil {
				t.Fatal(err)
			}
			p, err := targets.Prove(r, d, files, targets.ProofOptions{})
			if err != nil || len(p.Findings) > 0 {
				t.Fatalf("%s: %v %+v", d.Name(), err, p.Findings)
			}
			for _, c := range p.ReadBack.Consumers {
				if !c.Server {
					continue
				}
				for _, k := range omconf.Keys() {
					if !k.Reads(r) {
						continue
					}
					via := c.Via(k)
					absent := strings.Contains(via, "default") || strings.Contains(via, "unset")
					declared := k.DefaultOn(line) && d.Name() != "baremetal"
					if absent != declared {
						t.Errorf("%s %s (confidential %v): %s arrives via %q; the table says Default=%v", line, d.Name(), confidential, k.Path, via, k.DefaultOn(line))
					}
				}
			}
		}
	}
}
