package golden

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/cli"
	"github.com/omsso/omsso/internal/idtoken/tokentest"
)

// TestGoldenIDToken runs `omsso check --id-token -` for each case of idtoken/: omsso.yaml and
// claims.json name the fake issuer as {idp}; "key" says which key signs the token (custom:
// the custom server's, in the settings' key set; org: the org server's, which is not); a
// case with token.txt feeds that text instead of a token. Keys are generated per run, so the
// outputs pin everything but the signatures, which no output shows. Expiry is decided by
// claims with fixed dates (2001 and 2100), so the goldens do not depend on the clock.
func TestGoldenIDToken(t *testing.T) {
	custom, err := tokentest.NewKey("kid-custom")
	if err != nil {
		t.Fatal(err)
	}
	org, err := tokentest.NewKey("kid-org")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/oauth2/default/v1/keys", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(tokentest.KeySet(custom)) })
	mux.HandleFunc("/oauth2/v1/keys", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(tokentest.KeySet(org)) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	keys := map[string]*tokentest.Key{"custom": custom, "org": org}
	cases, err := os.ReadDir("idtoken")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name(), func(t *testing.T) { runIDTokenCase(t, filepath.Join("idtoken", c.Name()), srv.URL, keys) })
	}
}

func runIDTokenCase(t *testing.T, dir, idp string, keys map[string]*tokentest.Key) {
	tmp := t.TempDir()
	settings := readPlaced(t, filepath.Join(dir, "omsso.yaml"), idp)
	sf := filepath.Join(tmp, "omsso.yaml")
	if err := os.WriteFile(sf, []byte(settings), 0o600); err != nil {
		t.Fatal(err)
	}
	tok := caseToken(t, dir, idp, keys)
	for _, format := range []string{"text", "json"} {
		var out, errb bytes.Buffer
		code := cli.RunIO([]string{"check", "-q", "-f", sf, "--id-token", "-", "-o", format}, strings.NewReader(tok), &out, &errb)
		for _, part := range append([]string{tok}, strings.Split(tok, ".")...) {
			if len(part) > 8 && (strings.Contains(out.String(), part) || strings.Contains(errb.String(), part)) {
				t.Fatalf("the output shows the token (or a part of it)")
			}
		}
		got := fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", code, out.String(), errb.String())
		got = strings.ReplaceAll(strings.ReplaceAll(got, idp, "{idp}"), tmp, "{dir}")
		name := "result.txt"
		if format == "json" {
			name = "result.json.txt"
		}
		check(t, filepath.Join(dir, name), []byte(got))
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 1 {
		t.Fatalf("check --id-token wrote files: %v", entries)
	}
}

func readPlaced(t *testing.T, path, idp string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "{idp}", idp)
}

func caseToken(t *testing.T, dir, idp string, keys map[string]*tokentest.Key) string {
	if exists(filepath.Join(dir, "token.txt")) {
		return readPlaced(t, filepath.Join(dir, "token.txt"), idp)
	}
	var claims map[string]any
	if err := json.Unmarshal([]byte(readPlaced(t, filepath.Join(dir, "claims.json"), idp)), &claims); err != nil {
		t.Fatal(err)
	}
	k := keys["custom"]
	if exists(filepath.Join(dir, "key")) {
		k = keys[strings.TrimSpace(readPlaced(t, filepath.Join(dir, "key"), idp))]
	}
	tok, err := k.Sign(claims)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
