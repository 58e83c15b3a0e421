package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// leaks reports the first run of 8 or more characters of a secret found in s: a server that
// echoes a truncated token, or a message cutting one short, is a leak too.
func leaks(s string, secrets ...string) string {
	for _, sec := range secrets {
		for i := 0; i+8 <= len(sec); i++ {
			if strings.Contains(s, sec[i:i+8]) {
				return sec[i : i+8]
			}
		}
	}
	return ""
}

// Issue 19 "done when": a canary sweep over every live Okta command and error path finds no
// token, secret or piece of one in any output. Every case runs plan, apply and -o json.
func TestLiveCanarySweepOkta(t *testing.T) {
	// Random-looking canaries: no run of 8 of them occurs in omsso's own words.
	const (
		token    = "00Qh7ZrK2vXw9TnB4mLc6PdY1sFg8JkE3aWuHo5Ni"
		access   = "eyJq8Rm3TzV6xWn1Kb4Hc7Pd0Ys5Lg2Fj9Ea.Qw8Er5Ty2Ui"
		readOnly = "00Zx4Cv7Bn1Mq9Wd3Ef6Rt8Yg2Uh5Ij0Ok7Pl4As"
	)
	faults := []struct {
		name  string
		fault *oktafake.Fault
		args  []string
		env   map[string]string
	}{
		{name: "happy path"},
		{name: "401 invalid token", env: map[string]string{"OKTA_API_TOKEN": "00Wr0ngKq2Zx8Tn4Bv6Mc1Ld9Pf3Hg7Js5Ka0Ey2Ui"}},
		{name: "403 read-only token", env: map[string]string{"OKTA_API_TOKEN": readOnly}},
		{name: "error echoing the token", fault: &oktafake.Fault{Prefix: "/apps", Status: 400, Code: "E0000001", Summary: "bad header SSWS " + token[3:30] + "\x1b[2K"}},
		{name: "500 on writes", fault: &oktafake.Fault{Method: "PUT", Prefix: "/apps", Status: 500, Code: "E0000009", Times: 10}},
		{name: "429 give-up", fault: &oktafake.Fault{Prefix: "/apps", Status: 429, Reset: time.Now().Add(10 * time.Minute).Unix(), Date: time.Now()}},
		{name: "HTML page", fault: &oktafake.Fault{Prefix: "/apps", Status: 403, Raw: "<html>denied " + token + "</html>", ContentType: "text/html"}},
		{name: "redirect with userinfo", fault: &oktafake.Fault{Prefix: "/apps", Status: 302, Location: "https://user:" + token + "@elsewhere.example/x"}},
		{name: "write timeout", fault: &oktafake.Fault{Method: "PUT", Prefix: "/apps", Hang: true}, args: []string{"--timeout", "1s"}},
		{name: "userinfo in --okta-api-url", args: []string{"--okta-api-url", "https://u:" + token + "@acme.okta.com/api/v1"}},
		{name: "Bearer token", args: []string{"--okta-access-token-env", "H19_AT"}, env: map[string]string{"H19_AT": access}},
		{name: "prefixed token", env: map[string]string{"OKTA_API_TOKEN": "SSWS " + token}},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			e := newOktaEnv(t, oktafake.Options{Token: token, AccessToken: access, ReadOnlyToken: readOnly})
			id := e.org.AddApp(web("client_secret_basic"))
			secret := e.org.Secret(id)
			e.settings(e.org.URL, id, true, "")
			for k, v := range f.env {
				t.Setenv(k, v)
			}
			for _, cmd := range [][]string{{"plan"}, {"plan", "-o", "json"}, {"apply", "--auto-approve"}, {"apply", "--auto-approve", "-o", "json"}} {
				if f.fault != nil {
					e.org.ClearFaults()
					e.org.Inject(*f.fault)
				}
				args := append(append([]string{cmd[0], "-f", e.file, "--target", "okta"}, cmd[1:]...), f.args...)
				_, out, errs := e.run(args...)
				if l := leaks(out+errs, token, access, readOnly, secret); l != "" {
					t.Fatalf("%v leaked %q:\n%s\n%s", cmd, l, out, errs)
				}
				if strings.ContainsAny(out+errs, "\x1b\r") {
					t.Fatalf("%v printed a control character:\n%q", cmd, out+errs)
				}
			}
		})
	}
	for _, r := range sink.Seen() {
		if r.HadAuth {
			t.Fatalf("a token left for %s", r.Host)
		}
	}
}
