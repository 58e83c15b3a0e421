package cli_test

import (
	"testing"

	"github.com/omsso/omsso/internal/omapi/omfake"
)

func TestLiveRestoreOtherClientGetsWrongSecret(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	t.Setenv("OMSSO_TEST_SECRET", canarySecret)
	init := omfake.Basic()
	an := init["authenticationConfiguration"].(map[string]any)
	an["provider"], an["providerName"], an["clientType"], an["clientId"] = "okta", "Okta", "confidential", "0oaOLDCLIENT00000001"
	an["authority"] = "https://dev-123456.okta.com/oauth2/default"
	an["callbackUrl"] = "https://openmetadata.example.com/callback"
	an["publicKeyUrls"] = []any{oktaJWKS, "http://localhost:8585/api/v1/system/config/jwks"}
	oidc := an["oidcConfiguration"].(map[string]any)
	oidc["id"], oidc["secret"], oidc["type"], oidc["discoveryUri"] = "0oaOLDCLIENT00000001", "OLD-SECRET-aaaaaaaa", "okta", "https://dev-123456.okta.com/oauth2/default/.well-known/openid-configuration"
	delete(an, "ldapConfiguration")
	delete(an, "samlConfiguration")
	s := startOM(t, omfake.Options{Initial: init})
	dir := t.TempDir()
	f := settingsFile(t, dir, true, "1.12", "")
	if code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", dir+"/b1.json")...); code != 0 {
		t.Fatalf("%s\n%s", out, errs)
	}
	code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--restore", dir+"/b1.json")...)
	st := s.Stored()
	o := st["authenticationConfiguration"].(map[string]any)["oidcConfiguration"].(map[string]any)
	t.Logf("restore exit %d; stored oidc id=%v secret-is-new-client's=%v\n%s\n%s", code, o["id"], o["secret"] == canarySecret, out, errs)
	if code == 0 && o["id"] == "0oaOLDCLIENT00000001" && o["secret"] == canarySecret {
		t.Errorf("restore paired the old client id with the new client's secret")
	}
}
