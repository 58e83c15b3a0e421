package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// Issue 19 finding 11: with several -f files, --create-authorization-server edits the file
// that set each key, so no earlier file keeps the old issuer and the next command works.
func TestLiveOktaCreateServerSeveralFiles(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	id := e.org.AddApp(web("client_secret_post"))
	e.org.AssignGroup(id)
	base := filepath.Join(e.dir, "base.yaml")
	overlay := filepath.Join(e.dir, "prod.yaml")
	must(t, os.WriteFile(base, []byte("openmetadata:\n  url: https://om.example.com\n  version: \"1.12\"\nokta:\n  issuer: "+e.org.URL+"/oauth2/default\n  clientId: "+id+
		"\n  clientType: confidential\n  clientSecret: {env: OM_SECRET}\nauthorizer:\n  adminPrincipals: [alice]\n  principalDomain: example.com\n"), 0o644))
	must(t, os.WriteFile(overlay, []byte("openmetadata:\n  url: https://om.example.com\n"), 0o644))
	files := []string{"-f", base, "-f", overlay, "--target", "okta"}
	code, out, errs := e.run(append([]string{"apply", "--auto-approve", "--create-authorization-server", "om"}, files...)...)
	if code != 0 {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
	}
	b, _ := os.ReadFile(base)
	if strings.Contains(string(b), "/oauth2/default") || !strings.Contains(out, "wrote okta.issuer: ") || !strings.Contains(out, "to "+base) {
		t.Fatalf("the issuer stays stale in the file that set it:\n%s\n%s", b, out)
	}
	code, out, errs = e.run(append([]string{"plan", "--detailed-exitcode"}, files...)...)
	if code != 0 {
		t.Fatalf("the next plan (exit %d) must work and find nothing:\n%s\n%s", code, out, errs)
	}
	e.noCanaries()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
