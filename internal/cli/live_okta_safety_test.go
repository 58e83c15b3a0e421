package cli

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// Issue 19 finding 3: the token goes without asking only to Okta's own domains (and loopback
// test servers); a host from the settings needs --okta-api-url or --okta-allow-host, and the
// target host is printed before the first call.
func TestLiveOktaTokenHostRule(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	id := e.org.AddApp(web("client_secret_post"))
	cases := []struct {
		name, issuer string
		args         []string
		wantErr      string
		wantAttempt  string // the host the sink must see ("" = none)
	}{
		{"custom domain refused", "https://login.evil-pr.example/oauth2/default", nil, "not on an Okta domain", ""},
		{"lookalike suffix refused", "https://acme.okta.com.evil-pr.example/oauth2/default", nil, "not on an Okta domain", ""},
		{"lookalike name refused", "https://evilokta.com/oauth2/default", nil, "not on an Okta domain", ""},
		{"allowed custom domain is contacted", "https://login.allowed.example/oauth2/default", []string{"--okta-allow-host", "login.allowed.example"}, "", "login.allowed.example:443"},
		{"okta domain is contacted", "https://acme-h19.okta.com/oauth2/default", nil, "", "acme-h19.okta.com:443"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.settings(c.issuer, id, true, "")
			before := len(sink.Hosts())
			code, out, errs := e.run(append([]string{"plan", "-f", e.file, "--target", "okta"}, c.args...)...)
			got := sink.Hosts()[before:]
			if code != 1 {
				t.Fatalf("exit %d (the sink refuses every connection):\n%s\n%s", code, out, errs)
			}
			if c.wantErr != "" {
				if !strings.Contains(errs, c.wantErr) || !strings.Contains(errs, "--okta-api-url") || !strings.Contains(errs, "--okta-allow-host") || len(got) != 0 {
					t.Fatalf("want a refusal before any connection, got hosts %v:\n%s", got, errs)
				}
				return
			}
			if len(got) == 0 || got[0] != c.wantAttempt {
				t.Fatalf("want an attempt on %s, sink saw %v:\n%s", c.wantAttempt, got, errs)
			}
			host := strings.TrimSuffix(c.wantAttempt, ":443")
			if i, j := strings.Index(errs, "okta: Management API https://"+host), strings.Index(errs, "omsso:"); i < 0 || i > j {
				t.Fatalf("the target host must be printed before the first call:\n%s", errs)
			}
		})
	}
	// --okta-api-url names the host outright; the settings' host does not matter then.
	e.settings("https://login.custom.example/oauth2/default", id, true, "")
	code, _, errs := e.run("plan", "-f", e.file, "--target", "okta", "--okta-api-url", e.org.URL+"/api/v1")
	if code != 0 || !strings.Contains(errs, "named by --okta-api-url") {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	e.noCanaries()
}

// Issue 19 finding 4 and 15: URL user-info, control characters and partial tokens never reach
// the terminal; fix texts name the real cause.
func TestLiveOktaMessagesAreClean(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	id := e.org.AddApp(web("client_secret_post"))
	e.settings(e.org.URL+"/oauth2/default", id, true, "")
	plan := func(args ...string) (int, string) {
		code, out, errs := e.run(append([]string{"plan", "-f", e.file, "--target", "okta"}, args...)...)
		return code, out + errs
	}
	t.Run("userinfo in --okta-api-url", func(t *testing.T) {
		code, out := plan("--okta-api-url", "https://admin:pa55CANARYword@acme.okta.com/api/v1")
		if code != 1 || strings.Contains(out, "pa55CANARY") || strings.Contains(out, "admin:") || !strings.Contains(out, "user name or password") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	t.Run("--okta-api-url without /api/v1", func(t *testing.T) {
		code, out := plan("--okta-api-url", e.org.URL)
		if code != 1 || !strings.Contains(out, "does not end in /api/v1") || !strings.Contains(out, e.org.URL+"/api/v1") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	t.Run("control characters and a token prefix in an error", func(t *testing.T) {
		e.org.Inject(oktafake.Fault{Method: "GET", Prefix: "/apps", Status: 400, Code: "E0000001",
			Summary: "bad\r\x1b[2K\x1b[32mvalidation passed\x1b[0m echo " + canaryToken[:25]})
		code, out := plan()
		if code != 1 || strings.ContainsAny(out, "\x1b\r") || strings.Contains(out, canaryToken[:8]) || !strings.Contains(out, `\x1b[2K`) {
			t.Fatalf("exit %d:\n%q", code, out)
		}
	})
	t.Run("HTML error page", func(t *testing.T) {
		e.org.Inject(oktafake.Fault{Prefix: "/apps", Status: 502, Raw: "<!DOCTYPE html><html><body>Bad gateway</body></html>", ContentType: "text/html"})
		code, out := plan()
		if code != 1 || !strings.Contains(out, "HTML page") || !strings.Contains(out, "/api/v1") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	t.Run("redirect names Location and suggests https", func(t *testing.T) {
		e.org.Inject(oktafake.Fault{Prefix: "/apps", Status: 301, Location: "https://127.0.0.1/api/v1/apps/x"})
		code, out := plan()
		if code != 1 || !strings.Contains(out, "redirect (HTTP 301) to https://127.0.0.1/api/v1/apps/x") || !strings.Contains(out, "https") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	t.Run("body over the size limit is not bad JSON", func(t *testing.T) {
		e.org.Inject(oktafake.Fault{Prefix: "/apps", Status: 200, Raw: "[" + strings.Repeat(" ", 8<<20) + "]", ContentType: "application/json"})
		code, out := plan()
		if code != 1 || !strings.Contains(out, "larger than 8 MiB") || strings.Contains(out, "not the JSON") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	e.noCanaries()
}

// Issue 19 finding 15: token files and values that are not a bare token get a message naming
// the cause, never the content.
func TestLiveOktaTokenShapes(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	id := e.org.AddApp(web("client_secret_post"))
	e.settings(e.org.URL+"/oauth2/default", id, true, "")
	file := e.dir + "/tok"
	cases := []struct{ name, env, file, want string }{
		{"SSWS prefix in env", "SSWS " + canaryToken, "", `starts with "SSWS"`},
		{"Bearer prefix in env", "Bearer " + canaryToken, "", `starts with "Bearer"`},
		{"two-line token file", "", canaryToken + "\n" + canaryToken + "x\n", "2 non-empty lines"},
		{"empty token file", "", "\n\n", "is empty"},
		{"NAME= in token file", "", "OKTA_API_TOKEN=" + canaryToken + "\n", "NAME=value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("OKTA_API_TOKEN", c.env)
			args := []string{"plan", "-f", e.file, "--target", "okta"}
			if c.file != "" || c.env == "" {
				if err := writeFile(file, c.file); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--okta-token-file", file)
			}
			code, out, errs := e.run(args...)
			if code != 1 || !strings.Contains(errs, c.want) {
				t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
			}
		})
	}
	e.noCanaries()
}

// Issue 19 finding 12: the 429 wait comes from Okta's own clock (X-Rate-Limit-Reset − Date + 1 s),
// a line says so while waiting, and giving up says how many minutes to wait.
func TestLiveOktaRateLimit(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{})
	id := e.org.AddApp(web("client_secret_post"))
	e.org.AssignGroup(id)
	e.settings(e.org.URL, id, true, "")
	// Okta's clock is an hour ahead of ours: the local clock would wait an hour and give up.
	okta := time.Now().Add(time.Hour)
	e.org.Inject(oktafake.Fault{Method: "GET", Prefix: "/apps", Status: 429, Reset: okta.Unix(), Date: okta})
	code, out, errs := e.run("plan", "-f", e.file, "--target", "okta")
	if code != 0 || !strings.Contains(errs, "Okta rate limit on GET /apps") || !strings.Contains(errs, "waiting 1s") {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
	}
	// A reset five minutes away (by Okta's clock) is longer than omsso waits: say so, in minutes.
	e.org.Inject(oktafake.Fault{Method: "GET", Prefix: "/apps", Status: 429, Reset: okta.Add(5 * time.Minute).Unix(), Date: okta})
	code, out, errs = e.run("plan", "-f", e.file, "--target", "okta")
	if code != 1 || !strings.Contains(errs, "wait 6 minutes") {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
	}
	e.noCanaries()
}

// Issue 19 finding 10 (Okta writes) and 15 (permission errors): a write that timed out may have
// been stored, so apply points at plan; after a permission error it says to grant it first.
func TestLiveOktaWriteTimeoutAndPermission(t *testing.T) {
	e := newOktaEnv(t, oktafake.Options{ReadOnlyToken: "readonly-canary-token-h19"})
	id := e.org.AddApp(web("client_secret_basic"))
	e.org.AssignGroup(id)
	e.settings(e.org.URL, id, true, "")
	e.org.Inject(oktafake.Fault{Method: "PUT", Prefix: "/apps/", Hang: true, After: true})
	code, out, errs := e.run("apply", "-f", e.file, "--target", "okta", "--auto-approve", "--timeout", "1s")
	if code != 1 || !strings.Contains(errs, "may have stored this change") || !strings.Contains(errs, "run omsso plan --target okta") || strings.Contains(errs, "Nothing was changed") {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
	}
	// It was stored: plan shows nothing left for the app's method.
	if _, p := e.plan(); strings.Contains(p, "token_endpoint_auth_method") {
		t.Fatalf("the fake stored the PUT; plan should not list it again:\n%s", p)
	}
	e.org.ClearFaults()
	e.settings(e.org.URL, e.org.AddApp(web("client_secret_basic")), true, "")
	t.Setenv("OKTA_API_TOKEN", "readonly-canary-token-h19")
	code, out, errs = e.run("apply", "-f", e.file, "--target", "okta", "--auto-approve")
	if code != 1 || !strings.Contains(errs, "E0000006") || !strings.Contains(errs, "grant the permission named above, then run apply again") {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
	}
	e.noCanaries("readonly-canary-token-h19")
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o600) }

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}
