package targets

import (
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/desired"
	"github.com/omsso/omsso/internal/settings"
)

// The guide and the plan share one desired state: the issuer mode the guide names is the one
// the plan checks for, on Okta domains and on custom domains.
func TestSetupGuideFollowsDesiredState(t *testing.T) {
	for _, issuer := range []string{"https://dev-123456.okta.com/oauth2/default", "https://login.example.com/oauth2/default", "https://login.example.com"} {
		s := settings.Settings{}
		s.OpenMetadata.URL = "https://om.example.com"
		s.Okta.Issuer = issuer
		s.Okta.ClientID = "0oa1abcd2EFGH3ijk4l5"
		s.Authorizer.AdminPrincipals = []string{"a"}
		s.Authorizer.PrincipalDomain = "example.com"
		r, err := settings.Resolve(s)
		if err != nil {
			t.Fatal(err)
		}
		files, err := Okta{}.Render(r)
		if err != nil {
			t.Fatal(err)
		}
		guide := string(files[0].Data)
		d := desired.For(r)
		want := "set the ID token **Issuer** to **" + desired.IssuerModeLabel(d.App.IssuerMode) + "**"
		if !strings.Contains(guide, want) {
			t.Errorf("%s: the guide lacks %q", issuer, want)
		}
		want2 := d.App.RedirectURIs
		if d.Server.Kind != desired.ServerOrg {
			want2 = append(want2, d.Server.Scopes...)
		}
		for _, u := range want2 {
			if !strings.Contains(guide, "`"+u+"`") {
				t.Errorf("%s: the guide lacks %s", issuer, u)
			}
		}
		if d.Server.Kind != desired.ServerOrg && !strings.Contains(guide, "**Issuer**: **"+desired.IssuerModeLabel(d.Server.IssuerMode)+"**") {
			t.Errorf("%s: server issuer mode differs from the plan's", issuer)
		}
	}
}
