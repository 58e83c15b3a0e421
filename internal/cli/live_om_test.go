package cli_test

import (
	"testing"

	"github.com/omsso/omsso/internal/omapi/omfake"
)

// Fields of the stored config that omsso does not own must survive apply (PUT is a full replace),
// or at least show up in the plan.
func TestLiveOMKeepsUnownedFields(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	init := omfake.Basic()
	authn := init["authenticationConfiguration"].(map[string]any)
	authz := init["authorizerConfiguration"].(map[string]any)
	authn["jwtTeamClaimMapping"] = "groups"
	authn["displayNameClaim"] = "name"
	authz["testPrincipals"] = []any{"qa-user"}
	s := startOM(t, omfake.Options{Initial: init})
	dir := t.TempDir()
	f := settingsFile(t, dir, false, "1.12", "")
	code, out, errs := runOM(t, "", omArgs("plan", f, s.URL)...)
	t.Logf("plan %d\n%s\n%s", code, out, errs)
	code, out, errs = runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", dir+"/b.json")...)
	t.Logf("apply %d\n%s\n%s", code, out, errs)
	st := s.Stored()
	an := st["authenticationConfiguration"].(map[string]any)
	az := st["authorizerConfiguration"].(map[string]any)
	t.Logf("after: jwtTeamClaimMapping=%v displayNameClaim=%v testPrincipals=%v", an["jwtTeamClaimMapping"], an["displayNameClaim"], az["testPrincipals"])
	if an["jwtTeamClaimMapping"] == nil || az["testPrincipals"] == nil || an["displayNameClaim"] == nil {
		t.Errorf("apply dropped fields it does not own and the plan never listed them")
	}
}
