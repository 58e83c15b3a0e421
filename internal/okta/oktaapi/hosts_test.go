package oktaapi

import "testing"

func TestOktaDomain(t *testing.T) {
	for host, want := range map[string]bool{
		"dev-123456.okta.com": true, "acme.oktapreview.com": true, "acme.okta-emea.com": true, "ACME.OKTA.COM": true,
		"okta.com": false, ".okta.com": false, "acme.okta.com.evil.example": false, "evilokta.com": false,
		"acme.okta.co": false, "login.example.com": false, "acme-okta.com": false, "acme.okta-gov.com": false,
		"127.0.0.1": false, "": false,
	} {
		if got := OktaDomain(host); got != want {
			t.Errorf("OktaDomain(%q) = %v, want %v", host, got, want)
		}
	}
}
