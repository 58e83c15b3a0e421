package patch_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/patch"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

// FuzzPatch fills the settings' free-text fields with arbitrary data and patches a 1.11-shape
// conf (our own fixture) in both modes. Either the settings are refused clearly, or: the patched
// file binds exactly the settings even when every unknown ${VAR} is set, and every line the
// patch did not report is byte-identical to the input.
func FuzzPatch(f *testing.F) {
	conf, err := os.ReadFile("../../golden/patch-1.11-public-defaults/conf.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, n := range []string{"", "Okta", "a\nb", "#", "a #b", "a: b", `"`, "'", `\`, "$", "${VAR}", "$${X}", "${OIDC_CLIENT_SECRET}", "}", "{}", "[a]", "- x", "&a", "*a", "!t", "\u2028", "é", strings.Repeat("y", 3000)} {
		f.Add(n, n, n, "example.com", false, false)
		f.Add("Okta", n, "sub", "example.com", true, true)
	}
	f.Fuzz(func(t *testing.T, name, admin, claim, pdomain string, confidential, literal bool) {
		var s settings.Settings
		s.OpenMetadata.URL = "https://om.example.com"
		s.OpenMetadata.Version = "1.11"
		s.Okta.Domain = "dev-123456.okta.com"
		s.Okta.ClientID = "0oa1abcd2EFGH3ijk4l5"
		s.Authentication.ProviderName = name
		s.Authorizer.AdminPrincipals = []string{admin}
		s.Authorizer.PrincipalDomain = pdomain
		s.Authentication.JWTPrincipalClaims = []string{"email", claim}
		if confidential {
			s.Okta.ClientType = settings.Confidential
			s.Okta.ClientSecret = &settings.SecretRef{Env: "OKTA_CLIENT_SECRET"}
		}
		r, err := settings.Resolve(s)
		if err != nil {
			var fl *settings.Failure
			if !errors.As(err, &fl) {
				t.Fatalf("not a validation error: %v", err)
			}
			return
		}
		mode := patch.Defaults
		if literal {
			mode = patch.Literal
		}
		res, err := patch.Apply(r, conf, patch.Options{Mode: mode})
		if err != nil {
			t.Fatalf("patch: %v", err)
		}
		// Every line not reported as changed is the input's, in order.
		changed := map[int]bool{}
		for _, c := range res.Changes {
			changed[c.Line] = true
		}
		a, b := difflib.SplitLines(string(conf)), difflib.SplitLines(string(res.Output))
		for _, op := range difflib.NewMatcher(a, b).GetOpCodes() {
			if op.Tag == 'e' {
				continue
			}
			for j := op.J1; j < op.J2; j++ {
				if !changed[j+1] {
					t.Fatalf("line %d changed but was not reported: %q", j+1, b[j])
				}
			}
		}
		known := map[string]bool{}
		for _, k := range omconf.Keys() {
			known[k.Env] = true
		}
		out, err := omconf.Substitute(string(res.Output), func(n string) (string, bool) {
			if r.Confidential() && n == r.SecretEnv {
				return targets.SecretSentinel, true
			}
			if known[n] {
				return "", false
			}
			return "LEAKED-" + n, true
		})
		if err != nil {
			t.Fatal(err)
		}
		eff, err := omconf.Parse(out)
		if err != nil {
			t.Fatalf("binding: %v", err)
		}
		for _, m := range omconf.Compare(targets.Expected(r, "baremetal"), eff) {
			t.Fatalf("value changed on the way to the server: %s", m)
		}
		again, err := patch.Apply(r, res.Output, patch.Options{Mode: mode})
		if err != nil || again.Changed() {
			t.Fatalf("not idempotent: %v %v", err, again)
		}
	})
}
