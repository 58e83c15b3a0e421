package cli_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omsso/omsso/internal/idtoken/tokentest"
)

// TestCheckIDTokenNeverShowsTheToken: from a file or stdin, passing or failing, as text or
// JSON, no output holds the token or any of its parts, and nothing is written.
func TestCheckIDTokenNeverShowsTheToken(t *testing.T) {
	k, err := tokentest.NewKey("kid-1")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(tokentest.KeySet(k)) }))
	defer srv.Close()
	dir := t.TempDir()
	settings := filepath.Join(dir, "omsso.yaml")
	yaml := "openmetadata: {url: https://om.example.com}\nokta: {issuer: " + srv.URL + "/oauth2/default, clientId: 0oa1abcd2EFGH3ijk4l5}\n" +
		"authorizer: {adminPrincipals: [alice], principalDomain: example.com}\n"
	if err := os.WriteFile(settings, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	good, _ := k.Sign(map[string]any{"iss": srv.URL + "/oauth2/default", "aud": "0oa1abcd2EFGH3ijk4l5", "email": "alice@example.com", "exp": time.Now().Add(time.Hour).Unix()})
	bad, _ := k.Sign(map[string]any{"iss": srv.URL, "aud": "x", "canary": "zz-canary-claim", "exp": 1})
	tokFile := filepath.Join(dir, "token")
	for _, tc := range []struct {
		tok  string
		code int
	}{{good, 0}, {bad, 1}, {"not-a-jwt-canary-0123456789", 1}} {
		if err := os.WriteFile(tokFile, []byte(tc.tok+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"--id-token", tokFile}, {"--id-token", "-"}, {"--id-token", "-", "-o", "json"}} {
			out, errOut := runCLI(t, append([]string{"check", "-f", settings}, args...), tc.tok, tc.code, nil, nil)
			for _, part := range append(strings.Split(tc.tok, "."), tc.tok, "zz-canary-claim") {
				if len(part) > 8 && strings.Contains(out+errOut, part) {
					t.Fatalf("%v shows the token: %s%s", args, out, errOut)
				}
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("files written: %v", entries)
	}
	runCLI(t, []string{"check", "-f", settings, "--id-token", filepath.Join(dir, "missing")}, "", 1, nil, []string{"cannot read", "missing"})
	runCLI(t, []string{"check", "-f", settings, "--id-token", tokFile, "--openmetadata-api-url", "https://om.example.com"}, "", 1, nil, []string{"give one"})
	runCLI(t, []string{"check", "-f", "-", "--id-token", "-"}, yaml, 1, nil, []string{"both read stdin"})
}
