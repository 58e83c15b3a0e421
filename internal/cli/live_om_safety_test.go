package cli_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/omsso/omsso/internal/omapi/omfake"
)

// canaryIDToken is a JWT-shaped ID token; no part of it may reach any output.
const canaryIDToken = "eyJhbGciOiJSUzI1NiJ9.eyJjYW5hcnlJRFRPS0VOLXN1YmplY3QifQ.Q0FOQVJZLXNpZ25hdHVyZS0xMjM0NTY3ODkw"

// noRuns fails when any 8-character run of a secret shows up in an output (a server echoing
// part of it, a truncated message).
func noRuns(t *testing.T, secrets []string, outputs ...string) {
	t.Helper()
	for _, sec := range secrets {
		for i := 0; i+8 <= len(sec); i++ {
			for _, o := range outputs {
				if strings.Contains(o, sec[i:i+8]) {
					t.Errorf("%q (part of a secret) leaked into the output:\n%s", sec[i:i+8], o)
					return
				}
			}
		}
	}
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// --test-login-token: the server resolves the token with the candidate config before the PUT;
// a failed test stops without a terminal; the token never shows.
func TestTestLoginToken(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	ids := map[string]omfake.Identity{canaryIDToken: {Audience: publicID, Email: "alice@example.com", Roles: []string{"DataSteward"}, Teams: []string{"eng"}}}
	tokDir := t.TempDir()
	good := writeFile(t, tokDir, "id", canaryIDToken+"\n")
	wrongAud := writeFile(t, tokDir, "other", "eyJhbGciOiJSUzI1NiJ9.eyJvdGhlciJ9.c2ln\n")
	for _, c := range []struct {
		name, version, token, stdin string
		code                        int
		want                        []string
		put                         bool
	}{
		{"passes, then saves", "2.0.10", good, "", 0, []string{"test login success (stage DOMAIN_CHECKED)", "principal: alice", "email:     alice@example.com", "roles:     DataSteward", "teams:     eng", "domain:    passed"}, true},
		{"from stdin", "2.1.0", "-", canaryIDToken + "\n", 0, []string{"principal: alice"}, true},
		{"failed test stops", "2.0.10", wrongAud, "", 1, []string{"test login failed (stage TOKEN_VALIDATED)", "the test login failed at stage TOKEN_VALIDATED: Token signature could not be verified", "nothing was saved", "run apply on a terminal to save anyway"}, false},
		{"1.12 has no test login", "1.12.6", good, "", 1, []string{"--test-login-token needs OpenMetadata 2.0 or later", "the server is 1.12.6"}, false},
		{"two-line file", "2.0.10", writeFile(t, tokDir, "two", canaryIDToken+"\n"+canaryIDToken+"\n"), "", 1, []string{"holds 2 lines; it must hold only an Okta ID token"}, false},
		{"Bearer prefix", "2.0.10", writeFile(t, tokDir, "bearer", "Bearer "+canaryIDToken), "", 1, []string{`starts with an authorization scheme ("Bearer ")`, "omsso adds the scheme"}, false},
		{"not a JWT", "2.0.10", writeFile(t, tokDir, "opaque", "abcdef0123456789"), "", 1, []string{"does not hold a JWT"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			s := start2x(t, omfake.Options{Version: c.version, IDTokens: ids})
			if c.version == "1.12.6" {
				s.Close()
				s = startOM(t, omfake.Options{Version: c.version, IDTokens: ids})
			}
			f := settingsFile(t, dir, false, strings.Join(strings.Split(c.version, ".")[:2], "."), "")
			code, out, errs := runOM(t, c.stdin, omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b.json"), "--test-login-token", c.token)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, c.code, out, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(out+errs, w) {
					t.Errorf("output lacks %q:\n%s\n%s", w, out, errs)
				}
			}
			put, tested := -1, -1
			for i, rq := range s.Requests() {
				switch {
				case rq.Method == "PUT":
					put = i
				case strings.HasSuffix(rq.Path, "/test-login/validate-token"):
					tested = i
					if !strings.Contains(rq.Body, `"securityConfiguration"`) {
						t.Errorf("test login body lacks the candidate config: %s", rq.Body)
					}
				}
			}
			if (put >= 0) != c.put || (put >= 0 && tested > put) {
				t.Errorf("PUT at %d, test login at %d", put, tested)
			}
			noCanary(t, dir, out, errs)
			noRuns(t, []string{canaryIDToken, canaryToken}, out, errs)
		})
	}
}

// settingsEnforcing writes settings that enforce the principal domain.
func settingsEnforcing(t *testing.T, dir, version, domain string) string {
	return writeFile(t, dir, "enforce.yaml", `openmetadata: {url: https://openmetadata.example.com, version: "`+version+`"}
okta: {domain: dev-123456.okta.com, authorizationServer: default, clientId: `+publicID+`, clientType: public}
authorizer: {adminPrincipals: [alice], principalDomain: `+domain+`, enforcePrincipalDomain: true}
authentication: {providerName: Okta}
`)
}

// Issue 19 item 2: enforcePrincipalDomain with a domain the token's user is outside of would
// lock out every non-bot token after the reload, omsso's included: plan says so, apply refuses.
func TestDomainEnforcementLockout(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	dir := t.TempDir()
	s := startOM(t, omfake.Options{AdminEmail: "root@corp.example.org"})
	before := s.Stored()
	f := settingsEnforcing(t, dir, "1.12", "example.com")
	code, out, errs := runOM(t, "", omArgs("plan", f, s.URL)...)
	if code != 0 || !strings.Contains(out, "apply will refuse: enforcePrincipalDomain with principalDomain example.com would lock out the token omsso uses: its user root@corp.example.org is outside it") {
		t.Errorf("plan %d:\n%s\n%s", code, out, errs)
	}
	code, out, errs = runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b.json"))...)
	noCanary(t, dir, out, errs)
	for _, w := range []string{"refusing to save", "every non-bot token of a user outside the domain stops working", "new admins only exist after a restart", `add "corp.example.org" to authorizer.allowedDomains`} {
		if !strings.Contains(errs, w) {
			t.Errorf("apply lacks %q:\n%s", w, errs)
		}
	}
	if code != 1 || !reflect.DeepEqual(before, s.Stored()) {
		t.Errorf("apply %d changed the config", code)
	}
	// A token user inside the domain: saved, and the token still works afterwards.
	s2 := startOM(t, omfake.Options{AdminEmail: "root@example.com"})
	code, out, errs = runOM(t, "", omArgs("apply", f, s2.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b2.json"))...)
	if code != 0 || !strings.HasSuffix(out, "openmetadata: no changes. The live configuration matches the settings.\n") {
		t.Errorf("apply inside the domain: %d\n%s\n%s", code, out, errs)
	}
	noCanary(t, dir, out, errs)
}

// Issue 19 item 8: switching a SAML install to Okta names the SAML block the PUT removes and
// says before the PUT that omsso cannot restore the backup, with the routes that can.
func TestSAMLSwitchNamesDroppedBlock(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	init := omfake.Basic()
	a := init["authenticationConfiguration"].(map[string]any)
	a["provider"], a["providerName"] = "saml", "saml"
	saml := a["samlConfiguration"].(map[string]any)
	saml["idp"].(map[string]any)["entityId"] = "https://idp.example.com/saml"
	saml["idp"].(map[string]any)["ssoLoginUrl"] = "https://idp.example.com/sso"
	sp := saml["sp"].(map[string]any)
	sp["entityId"], sp["acs"], sp["callback"], sp["spPrivateKey"] = "om", "https://om/acs", "https://om/cb", "-----BEGIN PRIVATE KEY-----canarySAMLKEY"
	for _, version := range []string{"1.12.6", "2.1.0"} {
		t.Run(version, func(t *testing.T) {
			dir := t.TempDir()
			var s *omfake.Server
			if version == "2.1.0" {
				s = start2x(t, omfake.Options{Version: version, Initial: init})
			} else {
				s = startOM(t, omfake.Options{Version: version, Initial: init})
			}
			f := settingsFile(t, dir, false, version[:strings.LastIndex(version, ".")], "")
			code, out, errs := runOM(t, "", omArgs("plan", f, s.URL)...)
			if code != 0 {
				t.Fatalf("plan %d\n%s", code, errs)
			}
			for _, w := range []string{"- authenticationConfiguration.samlConfiguration: \"(configured for https://idp.example.com/saml)\"", "with its spPrivateKey", "omsso cannot restore the backup this apply saves", "update-security-config -f FILE", "remove-security-config"} {
				if !strings.Contains(out, w) {
					t.Errorf("plan lacks %q:\n%s\n%s", w, out, errs)
				}
			}
			backup := filepath.Join(dir, "b.json")
			code, out, errs = runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", backup)...)
			if code != 0 || strings.Index(out, "warning: omsso cannot restore the backup") > strings.Index(out, "saving with PUT") {
				t.Fatalf("apply %d (the warning must come before the PUT):\n%s\n%s", code, out, errs)
			}
			code, _, errs = runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--restore", backup)...)
			if code != 1 || !strings.Contains(errs, "spPrivateKey is masked in the backup") {
				t.Errorf("restore %d:\n%s", code, errs)
			}
			noRuns(t, []string{"canarySAMLKEY"}, out, errs)
		})
	}
}

// Issue 19 item 9: a rotated client secret reaches OpenMetadata with --rotate-secret, and the
// re-plan converges.
func TestRotateSecret(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	t.Setenv("OMSSO_TEST_SECRET", canarySecret)
	const rotated = "rotatedSECRET-okta-client-0000111122223333"
	dir := t.TempDir()
	s := startOM(t, omfake.Options{})
	f := settingsFile(t, dir, true, "1.12", "")
	if code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b0.json"))...); code != 0 {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	s.Close()
	// Okta now holds the rotated secret; so does the env var.
	s2 := startOM(t, omfake.Options{Initial: s.Stored(), Clients: map[string]string{confID: rotated}})
	t.Setenv("OMSSO_TEST_SECRET", rotated)
	code, out, errs := runOM(t, "", omArgs("plan", f, s2.URL, "--detailed-exitcode")...)
	if code != 0 || !strings.Contains(out, "--rotate-secret sends it alone") {
		t.Errorf("plan without the flag: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runOM(t, "", omArgs("plan", f, s2.URL, "--detailed-exitcode", "--rotate-secret")...)
	if code != 2 || !strings.Contains(out, `~ authenticationConfiguration.oidcConfiguration.secret: "(a secret is set)" -> "(the secret from $OMSSO_TEST_SECRET (okta.clientSecret.env))"`) {
		t.Errorf("plan --rotate-secret: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runOM(t, "", omArgs("apply", f, s2.URL, "--auto-approve", "--rotate-secret", "--backup-file", filepath.Join(dir, "b1.json"))...)
	if code != 0 || !strings.HasSuffix(out, "openmetadata: no changes. The live configuration matches the settings.\n") {
		t.Fatalf("apply --rotate-secret: %d\n%s\n%s", code, out, errs)
	}
	if got := s2.Stored()["authenticationConfiguration"].(map[string]any)["oidcConfiguration"].(map[string]any)["secret"]; got != rotated {
		t.Errorf("stored secret was not rotated")
	}
	noRuns(t, []string{rotated, canarySecret, canaryToken}, out, errs)
	code, _, errs = runOM(t, "", omArgs("plan", settingsFile(t, dir, false, "1.12", ""), s2.URL, "--rotate-secret")...)
	if code != 1 || !strings.Contains(errs, "--rotate-secret: the settings' client is public") {
		t.Errorf("public client: %d %s", code, errs)
	}
}

// Issue 19 item 10: a PUT that times out may have been stored: the message says so and points
// at plan (the fake stores, then answers late).
func TestPutTimeoutMayBeStored(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	dir := t.TempDir()
	s := startOM(t, omfake.Options{SlowPut: 3 * time.Second})
	f := settingsFile(t, dir, false, "1.12", "")
	code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--timeout", "500ms", "--backup-file", filepath.Join(dir, "b.json"))...)
	if code != 1 || !strings.Contains(errs, "did not answer PUT /api/v1/system/security/config within 500ms") || !strings.Contains(errs, "may have stored the new config anyway: run omsso plan") || strings.Contains(errs, "Nothing was changed") {
		t.Errorf("%d\n%s\n%s", code, out, errs)
	}
	if s.Reloads() != 1 {
		t.Errorf("the fake did not store the PUT (%d)", s.Reloads())
	}
}

// Issue 19 item 15: a stale plan says what changed; a basic-auth backup restores without the
// client secret.
func TestStalePlanAndBasicRestore(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	t.Setenv("OMSSO_TEST_SECRET", canarySecret)
	dir := t.TempDir()
	s := startOM(t, omfake.Options{MutateAfter: 1, Mutate: func(st map[string]any) {
		st["authenticationConfiguration"].(map[string]any)["clientId"] = "0oaSOMEONEELSE000000"
	}})
	conf := settingsFile(t, dir, true, "1.12", "")
	code, out, errs := runOM(t, "", omArgs("apply", conf, s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b.json"))...)
	if code != 1 || !strings.Contains(errs, `the plan no longer holds: authenticationConfiguration.clientId is now "0oaSOMEONEELSE000000" (was "")`) {
		t.Fatalf("stale plan: %d\n%s\n%s", code, out, errs)
	}
	backup := filepath.Join(dir, "basic.json")
	if code, out, errs := runOM(t, "", omArgs("apply", conf, s.URL, "--auto-approve", "--backup-file", backup)...); code != 0 {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	t.Setenv("OMSSO_TEST_SECRET", "")
	code, out, errs = runOM(t, "", omArgs("apply", conf, s.URL, "--auto-approve", "--restore", backup)...)
	if code != 0 || !strings.Contains(out, `~ authenticationConfiguration.provider: "okta" -> "basic"`) {
		t.Errorf("basic restore asked for the secret: %d\n%s\n%s", code, out, errs)
	}
}

// Issue 19 item 15: a redirect names its Location (and suggests https), an HTML page and an
// oversized body each get their own message instead of "bad JSON".
func TestOpenMetadataOddAnswers(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	dir := t.TempDir()
	f := settingsFile(t, dir, false, "1.12", "")
	for _, c := range []struct {
		name    string
		handler http.HandlerFunc
		want    []string
	}{
		{"redirect to https", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://om.example.com"+r.URL.Path, http.StatusMovedPermanently)
		}, []string{"HTTP 301, a redirect to https://om.example.com/api/v1/system/version", "does not follow", "use the https URL: --openmetadata-api-url https://om.example.com"}},
		{"HTML page", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<!DOCTYPE html><html><body>Sign in</body></html>")
		}, []string{"with an HTML page, not OpenMetadata's JSON API", "point --openmetadata-api-url at the server's API base"}},
		{"HTML error page", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, "<html><body>502 Bad Gateway</body></html>")
		}, []string{"HTTP 502 with an HTML page"}},
		{"oversized body", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"version":"`+strings.Repeat("1", 5<<20)+`"}`)
		}, []string{"more than 4 MiB"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(c.handler)
			defer srv.Close()
			code, out, errs := runOM(t, "", omArgs("plan", f, srv.URL)...)
			if code != 1 || strings.Contains(errs, "not the expected JSON") {
				t.Errorf("exit %d\n%s\n%s", code, out, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			noCanary(t, dir, out, errs)
		})
	}
}

// The canary sweep: every live command and error path of the openmetadata target, on every
// line, with servers that echo the token and the body; no 8-character run of the admin token,
// the client secret or the ID token appears in any output or file.
func TestOpenMetadataCanarySweep(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	t.Setenv("OMSSO_TEST_SECRET", canarySecret)
	ids := map[string]omfake.Identity{canaryIDToken: {Audience: confID, Email: "alice@example.com"}}
	tokDir := t.TempDir()
	idFile := writeFile(t, tokDir, "id", canaryIDToken)
	var outputs []string
	dir := t.TempDir()
	n := 0
	run := func(s *omfake.Server, line string, conf bool, args ...string) {
		n++
		f := settingsFile(t, dir, conf, line, "")
		if args[0] == "apply" {
			args = append(args, "--auto-approve", "--backup-file", filepath.Join(dir, "b"+strings.Repeat("x", n)+".json"))
		}
		_, out, errs := runOM(t, "", omArgs(args[0], f, s.URL, args[1:]...)...)
		outputs = append(outputs, out, errs)
	}
	for _, v := range []struct{ version, line string }{{"1.12.6", "1.12"}, {"2.0.10", "2.0"}, {"2.1.0", "2.1"}} {
		start := func(o omfake.Options) *omfake.Server {
			o.Version, o.IDTokens, o.Echo = v.version, ids, true
			if v.line == "1.12" {
				return startOM(t, o)
			}
			return start2x(t, o)
		}
		for _, conf := range []bool{false, true} {
			s := start(omfake.Options{})
			run(s, v.line, conf, "plan")
			run(s, v.line, conf, "apply", "--rotate-secret")
			run(s, v.line, conf, "apply", "--test-login-token", idFile)
		}
		for _, fail := range []string{"PUT /api/v1/system/security/config", "POST /api/v1/system/security/validate", "GET /api/v1/system/security/config"} {
			for _, st := range []int{400, 401, 409, 412, 500} {
				run(start(omfake.Options{Fail: map[string]int{fail: st}}), v.line, true, "apply")
			}
		}
		run(start(omfake.Options{SlowPut: 2 * time.Second}), v.line, true, "apply", "--timeout", "300ms")
		run(start(omfake.Options{Clients: map[string]string{confID: "another-secret-entirely"}}), v.line, true, "apply")
		if v.line != "1.12" {
			run(start(omfake.Options{Source: "ENV", Managed: map[string][]string{"authenticationConfiguration": {"/oidcConfiguration/secret", "/clientId"}}}), v.line, true, "apply")
			run(start(omfake.Options{}), v.line, true, "apply", "--test-login-token", writeFile(t, tokDir, "wrong", "eyJ.eyJ.sig"))
		}
	}
	if n < 40 {
		t.Fatalf("the sweep ran only %d commands", n)
	}
	hidden := 0
	for _, o := range outputs {
		hidden += strings.Count(o, "[hidden]")
	}
	if hidden == 0 {
		t.Errorf("no echo was redacted: the sweep did not exercise the echoing server")
	}
	noCanary(t, dir, outputs...)
	noRuns(t, []string{canaryToken, canarySecret, canaryIDToken}, outputs...)
}

// Issue 19 item 15: settings read from stdin are never named as a file to edit (restore and
// render commands say SETTINGS); a two-line admin token file and a Bearer prefix in the token
// env var are named, with nothing sent.
func TestStdinAndTokenTexts(t *testing.T) {
	dir := t.TempDir()
	s := start2x(t, omfake.Options{Version: "2.1.0", Source: "ENV", Managed: map[string][]string{"authenticationConfiguration": {"/clientId"}}})
	text, err := os.ReadFile(settingsFile(t, dir, false, "2.1", ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	code, out, errs := runOM(t, string(text), "plan", "-f", "-", "--target", "openmetadata", "--openmetadata-api-url", s.URL)
	if code != 0 || !strings.Contains(out, "omsso render -f SETTINGS") || strings.Contains(out+errs, "<stdin>") {
		t.Errorf("plan from stdin: %d\n%s\n%s", code, out, errs)
	}
	s2 := startOM(t, omfake.Options{})
	code, out, errs = runOM(t, string(text), "apply", "-f", "-", "--target", "openmetadata", "--openmetadata-api-url", s2.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b.json"))
	if code != 0 || !strings.Contains(out, "--restore "+filepath.Join(dir, "b.json")+" -f SETTINGS --openmetadata-api-url") || strings.Contains(out+errs, "<stdin>") {
		t.Errorf("apply from stdin: %d\n%s\n%s", code, out, errs)
	}
	f := settingsFile(t, dir, false, "1.12", "")
	tokDir := t.TempDir()
	two := writeFile(t, tokDir, "two", canaryToken+"\n"+canaryToken+"\n")
	n := len(s2.Requests())
	code, out, errs = runOM(t, "", omArgs("plan", f, s2.URL, "--token-file", two)...)
	if code != 1 || !strings.Contains(errs, "--token-file "+two+" holds 2 lines; it must hold only an admin's personal access token, on one line") {
		t.Errorf("two-line token file: %d\n%s", code, errs)
	}
	t.Setenv("OPENMETADATA_TOKEN", "Bearer "+canaryToken)
	code, out2, errs2 := runOM(t, "", omArgs("plan", f, s2.URL)...)
	if code != 1 || !strings.Contains(errs2, `$OPENMETADATA_TOKEN starts with an authorization scheme ("Bearer ")`) {
		t.Errorf("Bearer prefix: %d\n%s", code, errs2)
	}
	if len(s2.Requests()) != n {
		t.Errorf("a refused token was sent")
	}
	noRuns(t, []string{canaryToken}, out, errs, out2, errs2)
}

// Issue 19 item 15: the server's complaints about a backup are blamed on the backup, not on
// the settings.
func TestRestoreBlamesTheBackup(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	dir := t.TempDir()
	s := startOM(t, omfake.Options{})
	f := settingsFile(t, dir, false, "1.12", "")
	backup := filepath.Join(dir, "b.json")
	if code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--backup-file", backup)...); code != 0 {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	// An okta backup whose client the IdP no longer knows: validation fails on its clientId.
	okta := filepath.Join(dir, "okta.json")
	st := s.Stored()
	st["authenticationConfiguration"].(map[string]any)["clientId"] = "0oaGONE0000000000000"
	b, _ := json.Marshal(st)
	_ = os.WriteFile(okta, b, 0o600)
	code, out, errs := runOM(t, "", omArgs("apply", f, s.URL, "--auto-approve", "--restore", okta)...)
	if code != 1 || !strings.Contains(errs, "validation of the backup "+okta+" failed") || strings.Contains(errs, "(settings:") || strings.Contains(errs, "fix the settings") {
		t.Errorf("%d\n%s\n%s", code, out, errs)
	}
}
