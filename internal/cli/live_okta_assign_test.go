package cli

import (
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// Issue 19 finding 1: omsso reads user and group assignments, leaves an app anyone is
// assigned to alone, and otherwise assigns only the groups okta.assignGroups names, never
// Everyone on its own.
func TestLiveOktaAssignments(t *testing.T) {
	t.Run("a user assignment is enough", func(t *testing.T) {
		e := newOktaEnv(t, oktafake.Options{})
		id := e.org.AddApp(web("client_secret_post"))
		e.org.AssignUser(id, "alice@example.com")
		e.settings(e.org.URL, id, true, "  assignGroups: []\n")
		if _, out := e.plan(); strings.Contains(out, "assignments") {
			t.Fatalf("an app with a user assigned needs no assignment:\n%s", out)
		}
		e.apply()
		e.converged()
		if a := e.org.Assignments(id); len(a) != 0 {
			t.Fatalf("apply assigned groups to an app a user was assigned to: %v", a)
		}
		e.noCanaries()
	})
	t.Run("nobody assigned and no groups named: a manual step, no Everyone", func(t *testing.T) {
		e := newOktaEnv(t, oktafake.Options{})
		id := e.org.AddApp(web("client_secret_post"))
		e.settings(e.org.URL, id, true, "  assignGroups: []\n")
		code, out := e.plan()
		if code != 2 || !strings.Contains(out, "nobody can sign in") || !strings.Contains(out, "okta.assignGroups") || strings.Contains(out, "Everyone") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
		code, aout, errs := e.run("apply", "-f", e.file, "--target", "okta", "--auto-approve")
		if code != 1 || !strings.Contains(aout, "do these by hand") || len(e.org.Assignments(id)) != 0 {
			t.Fatalf("exit %d, assignments %v:\n%s\n%s", code, e.org.Assignments(id), aout, errs)
		}
	})
	t.Run("the named group, and only it", func(t *testing.T) {
		e := newOktaEnv(t, oktafake.Options{})
		id := e.org.AddApp(web("client_secret_post"))
		gid := e.org.AddGroup("OpenMetadata users")
		e.settings(e.org.URL, id, true, "  assignGroups: [OpenMetadata users]\n")
		code, out := e.plan()
		if code != 2 || !strings.Contains(out, "group OpenMetadata users") || strings.Contains(out, "Everyone") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
		e.apply()
		e.converged()
		a := e.org.Assignments(id)
		if len(a) != 1 || a[0]["id"] != gid {
			t.Fatalf("assignments %v, want only %s", a, gid)
		}
	})
	t.Run("an unknown group is an error before anything is written", func(t *testing.T) {
		e := newOktaEnv(t, oktafake.Options{})
		id := e.org.AddApp(web("client_secret_post"))
		e.settings(e.org.URL, id, true, "  assignGroups: [No Such Group]\n")
		code, _, errs := e.run("plan", "-f", e.file, "--target", "okta")
		if code != 1 || !strings.Contains(errs, `okta.assignGroups names the group "No Such Group"`) {
			t.Fatalf("exit %d:\n%s", code, errs)
		}
	})
}
