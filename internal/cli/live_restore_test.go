package cli_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/omapi/omfake"
)

// apply on an LDAP install, then --restore: the backup's LDAP bind password is masked (the
// server never returns it), so restore refuses instead of storing the mask.
func TestRestoreRefusesMaskedLDAPPassword(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	init := omfake.Basic()
	authn := init["authenticationConfiguration"].(map[string]any)
	authn["provider"], authn["providerName"] = "ldap", "ldap"
	ldap := authn["ldapConfiguration"].(map[string]any)
	ldap["host"], ldap["dnAdminPrincipal"], ldap["dnAdminPassword"], ldap["userBaseDN"], ldap["mailAttributeName"] = "ldap.example.com", "cn=admin", "REAL-LDAP-PW", "ou=people", "mail"
	s := startOM(t, omfake.Options{Initial: init})
	dir := t.TempDir()
	f := settingsFile(t, dir, false, "1.12", "")
	code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", dir+"/b.json")...)
	if code != 0 {
		t.Fatalf("apply %d\n%s\n%s", code, out, errs)
	}
	before := s.Stored()
	code, _, errs = runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--restore", dir+"/b.json")...)
	if code != 1 || !strings.Contains(errs, "dnAdminPassword is masked in the backup") {
		t.Fatalf("restore exit %d, stderr:\n%s", code, errs)
	}
	if !reflect.DeepEqual(before, s.Stored()) {
		t.Error("a refused restore changed the stored config")
	}
}
