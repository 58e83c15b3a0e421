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
	code := RunIO([]string{"plan", "-f", file, "--target", "openmetadata", "--openmetadata", srv.URL}, strings.NewReader(""), &out, &errb)
	all := out.String() + errb.String()
	if code != 1 || strings.ContainsAny(all, "\x1b\r") || strings.Contains(all, canaryToken[:8]) || !strings.Contains(all, `\x1b[2K`) {
		t.Fatalf("exit %d:\n%q", code, all)
	}
}
