package cli

import (
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/desired"
	"github.com/omsso/omsso/internal/okta/oktafake"
)

// TestPlanImplicitIsRecommended: a SPA without the implicit grant plans it as recommended,
// with the reason (the browser sign-in test signs in without it), not as required.
func TestPlanImplicitIsRecommended(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	id := e.org.AddApp(spa("https://om.example.com"))
	e.org.AssignGroup(id)
	e.settings(e.org.URL+"/oauth2/default", id, false, "")
	_, out := e.plan()
	var implicit []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "grant_types") && strings.Contains(l, "implicit") || strings.Contains(l, desired.ImplicitNote) {
			implicit = append(implicit, l)
		}
	}
	if len(implicit) == 0 || !strings.Contains(out, desired.ImplicitNote) {
		t.Fatalf("plan does not explain the implicit grant:\n%s", out)
	}
	for _, l := range implicit {
		if strings.Contains(l, "[required]") {
			t.Fatalf("implicit planned as required: %s\n%s", l, out)
		}
	}
}
