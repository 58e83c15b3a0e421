package cli

import (
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// The client's only policy is INACTIVE, which grants no tokens: plan must say so (a manual
// step, since omsso never changes statuses), not "no changes".
func TestLiveInactiveOwnPolicy(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	id := e.org.AddApp(spa("https://om.example.com"))
	e.org.AssignGroup(id)
	def := e.org.DefaultServerID()
	pid := e.org.AddPolicy(def, oktafake.Object{"name": "OpenMetadata", "status": "INACTIVE", "conditions": oktafake.Object{"clients": oktafake.Object{"include": []any{id}}}})
	e.org.AddRule(pid, oktafake.Object{"name": "OpenMetadata", "conditions": oktafake.Object{"people": oktafake.Object{"groups": oktafake.Object{"include": []any{"EVERYONE"}}},
		"grantTypes": oktafake.Object{"include": []any{"authorization_code", "implicit"}}, "scopes": oktafake.Object{"include": []any{"*"}}}})
	e.settings(e.org.URL+"/oauth2/default", id, false, "")
	code, out, errs := e.run("apply", "-f", e.file, "--target", "okta", "--auto-approve")
	if code != 1 || !strings.Contains(out+errs, "activate the policy in the Admin Console") {
		t.Fatalf("apply exit %d, want 1 naming the manual step:\n%s\n%s", code, out, errs)
	}
	code2, plan := e.plan()
	if code2 != 2 || !strings.Contains(plan, `policy "OpenMetadata" status [required]: "INACTIVE" -> "ACTIVE"`) {
		t.Errorf("plan after apply (exit %d) does not ask to activate the inactive policy:\n%s", code2, plan)
	}
}
