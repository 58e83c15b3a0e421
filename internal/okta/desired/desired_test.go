package desired

import (
	"slices"
	"testing"

	"github.com/omsso/omsso/internal/plan"
	"github.com/omsso/omsso/internal/settings"
)

func TestIssuerModeFor(t *testing.T) {
	for issuer, want := range map[string]string{
		"https://dev-123456.okta.com/oauth2/default": OrgURL,
		"https://acme.oktapreview.com":               OrgURL,
		"https://acme.okta-emea.com/oauth2/aus1":     OrgURL,
		"http://127.0.0.1:8080/oauth2/default":       OrgURL,
		"https://login.example.com/oauth2/default":   CustomURL,
		"https://okta.com.evil.example/oauth2/x":     CustomURL,
	} {
		if got := IssuerModeFor(issuer); got != want {
			t.Errorf("%s: %s, want %s", issuer, got, want)
		}
	}
}

func resolved(t *testing.T, s settings.Settings) *settings.Resolved {
	t.Helper()
	s.OpenMetadata.URL = "https://om.example.com/"
	s.Okta.ClientID = "0oa1abcd2EFGH3ijk4l5"
	s.Authorizer.AdminPrincipals = []string{"a"}
	s.Authorizer.PrincipalDomain = "example.com"
	r, err := settings.Resolve(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFor(t *testing.T) {
	pub := For(resolved(t, settings.Settings{Okta: settings.Okta{Domain: "dev-1.okta.com", AuthorizationServer: "org", ClientType: "public"}}))
	if pub.App.ApplicationType != "browser" || pub.App.TokenAuthMethod != "none" || !pub.App.PKCERequired || pub.Origin == nil ||
		pub.Origin.Origin != "https://om.example.com" || !slices.Equal(pub.App.RedirectURIs, []string{"https://om.example.com/callback", "https://om.example.com/silent-callback"}) ||
		pub.Server.Kind != ServerOrg || pub.App.IssuerModeLevel != plan.Required || !slices.Equal(pub.Server.Scopes, PublicScopes()) {
		t.Fatalf("public on org: %+v", pub)
	}
	conf := For(resolved(t, settings.Settings{Okta: settings.Okta{Issuer: "https://login.example.com/oauth2/aus1", ClientType: "confidential",
		ClientSecret: &settings.SecretRef{Env: "S"}, Scopes: []string{"openid", "email", "profile", "groups"}}}))
	if conf.App.ApplicationType != "web" || conf.App.TokenAuthMethod != "client_secret_post" || conf.Origin != nil || conf.Server.Kind != ServerCustom ||
		conf.Server.IssuerMode != CustomURL || conf.App.IssuerMode != CustomURL || !conf.Server.SetAudience || !slices.Contains(conf.Server.Scopes, "groups") ||
		slices.Contains(conf.Server.RuleGrantTypes, "implicit") {
		t.Fatalf("confidential on a custom domain: %+v", conf)
	}
}
