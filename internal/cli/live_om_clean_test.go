package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 19 finding 4, OpenMetadata side: what the server says reaches the terminal with its
// control characters escaped and no run of the token, even one cut short.
func TestLiveOpenMetadataServerTextIsClean(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(500)
		_ = json.NewEncoder(w).Encode(map[string]any{"code": 500,
			"message": "boom\r\x1b[2K\x1b[32m✓ validation passed\x1b[0m token=" + canaryToken[:25]})
	}))
	defer srv.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "omsso.yaml")
	if err := writeFile(file, "openmetadata:\n  url: https://om.example.com\n  version: \"1.12\"\nokta:\n  domain: dev-1.okta.com\n  clientId: 0oa1234567890abcdefg\n  clientType: public\nauthorizer:\n  adminPrincipals: [alice]\n  principalDomain: example.com\n"); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := RunIO([]string{"plan", "-f", file, "--target", "openmetadata", "--openmetadata-api-url", srv.URL}, strings.NewReader(""), &out, &errb)
	all := out.String() + errb.String()
	if code != 1 || strings.ContainsAny(all, "\x1b\r") || strings.Contains(all, canaryToken[:8]) || !strings.Contains(all, `\x1b[2K`) {
		t.Fatalf("exit %d:\n%q", code, all)
	}
}

// The OpenMetadata half of the canary sweep: every status the client explains, with a server
// that echoes pieces of the token and of the secret in its answers, for plan and apply.
func TestLiveCanarySweepOpenMetadata(t *testing.T) {
	const token = "eyJh19Q7zK2vXw9TnB4mLc6PdY1sFg8JkE3aWuHo5Ni"
	const secret = "Zx4Cv7Bn1Mq9Wd3Ef6Rt8Yg2Uh5Ij0Ok7Pl4AsQw"
	t.Setenv("OPENMETADATA_TOKEN", token)
	t.Setenv("H19_SECRET", secret)
	dir := t.TempDir()
	file := filepath.Join(dir, "omsso.yaml")
	if err := writeFile(file, "openmetadata:\n  url: https://om.example.com\n  version: \"1.12\"\nokta:\n  domain: dev-1.okta.com\n  clientId: 0oa1234567890abcdefg\n  clientType: confidential\n  clientSecret: {env: H19_SECRET}\nauthorizer:\n  adminPrincipals: [alice]\n  principalDomain: example.com\n"); err != nil {
		t.Fatal(err)
	}
	echo := "echo " + token[4:30] + " and " + secret[2:20] + " \x1b]0;title\x07"
	for _, status := range []int{400, 401, 403, 404, 409, 500, 502, 200} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if status == 502 {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(status)
				_, _ = w.Write([]byte("<html>" + echo + "</html>"))
				return
			}
			w.WriteHeader(status)
			if status == 200 {
				_, _ = w.Write([]byte("{not json " + echo))
				return
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"code": status, "message": echo})
		}))
		for _, cmd := range [][]string{{"plan"}, {"plan", "-o", "json"}, {"apply", "--auto-approve"}} {
			var out, errb bytes.Buffer
			args := append([]string{cmd[0], "-f", file, "--target", "openmetadata", "--openmetadata-api-url", srv.URL}, cmd[1:]...)
			RunIO(args, strings.NewReader(""), &out, &errb)
			all := out.String() + errb.String()
			if l := leaks(all, token, secret); l != "" || strings.ContainsAny(all, "\x1b\x07") {
				t.Errorf("HTTP %d %v leaked %q or a control character:\n%q", status, cmd, l, all)
			}
		}
		srv.Close()
	}
}
