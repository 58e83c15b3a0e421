package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// Live plan and apply output is pinned whole, as helm's command tests pin theirs: a case table
// runs the CLI in-process against the fakes and compares stdout with testdata/live/<case>.
// Update with: go test ./internal/cli -run TestLiveGolden -update-live
var updateLive = flag.Bool("update-live", false, "rewrite testdata/live goldens")

var (
	liveURL = regexp.MustCompile(`https?://127\.0\.0\.1:[0-9]+`)
	liveID  = regexp.MustCompile(`\b(0oa|aus|00p|0pr|scp|tos|00g|00u)[A-Za-z0-9]{17}\b`)
	liveReq = regexp.MustCompile(`fake-[A-Za-z0-9]{8}`)
)

// NormalizeLive replaces what differs between runs (the fake's port, generated ids, temp dirs)
// with stable names: ids are numbered in order of appearance, so equal ids stay equal.
func NormalizeLive(s string, dirs ...string) string {
	for _, d := range dirs {
		s = strings.ReplaceAll(s, d, "DIR")
	}
	s = liveURL.ReplaceAllString(s, "http://FAKE")
	seen := map[string]string{}
	s = liveID.ReplaceAllStringFunc(s, func(id string) string {
		if n, ok := seen[id]; ok {
			return n
		}
		seen[id] = fmt.Sprintf("%s_ID%d", id[:3], len(seen)+1)
		return seen[id]
	})
	return liveReq.ReplaceAllString(s, "fake-REQUEST")
}

// CompareLiveGolden compares got with testdata/live/name (or rewrites it with -update-live).
func CompareLiveGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "live", name)
	if *updateLive {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-live to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden (run with -update-live after reading the diff):\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

// The Okta target's whole stdout for the plans and applies users see most.
func TestLiveGoldenOkta(t *testing.T) {
	cases := []struct {
		name  string
		setup func(e *oktaEnv) []string // returns the command line
	}{
		{"okta-plan-fixes.txt", func(e *oktaEnv) []string {
			id := e.org.AddApp(spa("https://om.example.com"))
			e.org.AssignGroup(id)
			e.settings(e.org.URL+"/oauth2/default", id, false, "")
			return []string{"plan", "-f", e.file, "--target", "okta"}
		}},
		{"okta-plan-fixes.json", func(e *oktaEnv) []string {
			id := e.org.AddApp(spa("https://om.example.com"))
			e.org.AssignGroup(id)
			e.settings(e.org.URL+"/oauth2/default", id, false, "")
			return []string{"plan", "-f", e.file, "--target", "okta", "-o", "json"}
		}},
		{"okta-plan-create.txt", func(e *oktaEnv) []string {
			e.settings(e.org.URL+"/oauth2/default", "", true, "")
			return []string{"plan", "-f", e.file, "--target", "okta", "--create-app", "--create-authorization-server", "OpenMetadata"}
		}},
		{"okta-apply-create.txt", func(e *oktaEnv) []string {
			e.settings(e.org.URL+"/oauth2/default", "", false, "")
			return []string{"apply", "-f", e.file, "--target", "okta", "--auto-approve", "--create-app", "--create-authorization-server", "OpenMetadata"}
		}},
		{"okta-plan-unassigned.txt", func(e *oktaEnv) []string {
			id := e.org.AddApp(web("client_secret_post"))
			e.settings(e.org.URL, id, true, "  assignGroups: []\n")
			return []string{"plan", "-f", e.file, "--target", "okta"}
		}},
		{"okta-plan-error.json", func(e *oktaEnv) []string {
			id := e.org.AddApp(web("client_secret_post"))
			e.settings(e.org.URL, id, true, "")
			os.Setenv("OKTA_API_TOKEN", "wrong-token-for-the-golden")
			return []string{"plan", "-f", e.file, "--target", "okta", "-o", "json"}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newOktaEnv(t, oktafake.Options{})
			args := c.setup(e)
			_, out, _ := e.run(args...)
			CompareLiveGolden(t, c.name, NormalizeLive(out, e.dir))
			e.noCanaries()
		})
	}
}
