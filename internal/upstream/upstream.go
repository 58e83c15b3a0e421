// Package upstream finds the verbatim upstream OpenMetadata artifacts that tests prove outputs
// against. They are never copied into this repo: OMSSO_UPSTREAM names their folder; without it,
// the cache `make upstream` fills (.cache/upstream in the repo), else ../shared/upstream next
// to the repo. Their sha256 sums are pinned in upstream.sha256.
package upstream

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/testneeds"
)

// EnvVar names the folder of the upstream artifacts.
const EnvVar = "OMSSO_UPSTREAM"

// CacheDir is where `make upstream` puts the artifacts, relative to the repo root.
const CacheDir = ".cache/upstream"

// marker is a file every upstream folder holds.
const marker = "helm-charts/charts/openmetadata/Chart.yaml"

// Locate returns the upstream folder tests use: $OMSSO_UPSTREAM when set, else the cache, else
// ../shared/upstream next to the repo. ok is false when it lacks the artifacts; dir then names
// what was looked at.
func Locate(root string) (dir string, ok bool) {
	if d := os.Getenv(EnvVar); d != "" {
		return d, isFile(filepath.Join(d, filepath.FromSlash(marker)))
	}
	tried := []string{filepath.Join(root, filepath.FromSlash(CacheDir)), filepath.Join(root, "..", "shared", "upstream")}
	for _, d := range tried {
		if isFile(filepath.Join(d, filepath.FromSlash(marker))) {
			return d, true
		}
	}
	return strings.Join(tried, " or "), false
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// Dir returns the upstream folder. Under go test -short the test is skipped (make test-all
// runs it); when the folder is missing the test fails under CI=true and is skipped elsewhere,
// saying how to provide it (see internal/testneeds).
func Dir(t testing.TB) string {
	t.Helper()
	testneeds.Short(t, testneeds.Upstream)
	dir, ok := Locate(repoRoot(t))
	if !ok {
		testneeds.Missing(t, testneeds.Upstream, "upstream OpenMetadata artifacts (the folder holding helm-charts/ and openmetadata/) not found at "+dir)
	}
	return dir
}

// Path joins parts under the upstream folder.
func Path(t testing.TB, parts ...string) string {
	t.Helper()
	return filepath.Join(append([]string{Dir(t)}, parts...)...)
}

// Read reads a file under the upstream folder.
func Read(t testing.TB, parts ...string) []byte {
	t.Helper()
	data, err := os.ReadFile(Path(t, parts...))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func repoRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatal("go.mod not found above " + dir)
		}
	}
}

// Conf returns the upstream conf/openmetadata.yaml.
func Conf(t testing.TB) string { return string(Read(t, "openmetadata", "conf", "openmetadata.yaml")) }

// Lines are the OpenMetadata lines with an upstream conf/openmetadata.yaml here (no 1.13 conf
// was published; the 2.x copies are content-dated, not tag-pinned).
func Lines() []string { return []string{"1.12", "2.0", "2.1"} }

// ConfOf returns the upstream conf/openmetadata.yaml of a line of Lines.
func ConfOf(t testing.TB, line string) string {
	t.Helper()
	switch line {
	case "1.12":
		return Conf(t)
	case "2.0":
		return string(Read(t, "openmetadata-2x", "conf", "openmetadata.2.0-1c84932b.yaml"))
	case "2.1":
		return string(Read(t, "openmetadata-2x", "conf", "openmetadata.yaml"))
	}
	t.Fatalf("no upstream conf for OpenMetadata %s", line)
	return ""
}

// ConfFor returns the upstream conf a line's server reads: its own where there is one (2.0,
// 2.1), else the 1.12 conf (1.13's was not published; older lines read a subset of 1.12's keys).
func ConfFor(t testing.TB, line string) string {
	t.Helper()
	if line == "2.0" || line == "2.1" {
		return ConfOf(t, line)
	}
	return Conf(t)
}

// Compose returns the upstream quickstart compose file.
func Compose(t testing.TB) []byte {
	return Read(t, "openmetadata", "docker", "docker-compose-quickstart", "docker-compose.yml")
}

// Chart returns the folder of the upstream OpenMetadata chart (1.12.12).
func Chart(t testing.TB) string { return Path(t, "helm-charts", "charts", "openmetadata") }

// WithAuthSections returns conf with its authorizerConfiguration and authenticationConfiguration
// sections replaced by sections: what a user does with the bare-metal output. When sections
// has a configSource section (2.1), the conf's own is removed too.
func WithAuthSections(t testing.TB, conf, sections string) string {
	t.Helper()
	lines := strings.SplitAfter(conf, "\n")
	if strings.HasPrefix(sections, "configSource:") || strings.Contains(sections, "\nconfigSource:") {
		lines = withoutSection(lines, "configSource:")
	}
	start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "authorizerConfiguration:") })
	authn := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "authenticationConfiguration:") })
	if start < 0 || authn < start {
		t.Fatal("the conf lacks the auth sections")
	}
	end := len(lines)
	for i := authn + 1; i < len(lines); i++ {
		if l := lines[i]; l != "" && (l[0] >= 'a' && l[0] <= 'z' || l[0] >= 'A' && l[0] <= 'Z') {
			end = i
			break
		}
	}
	return strings.Join(lines[:start], "") + sections + "\n" + strings.Join(lines[end:], "")
}

// withoutSection drops a top-level section (its key line to the next top-level key).
func withoutSection(lines []string, key string) []string {
	start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, key) })
	if start < 0 {
		return lines
	}
	end := start + 1
	for end < len(lines) && !isTopLevel(lines[end]) {
		end++
	}
	return append(lines[:start:start], lines[end:]...)
}

func isTopLevel(l string) bool {
	return l != "" && (l[0] >= 'a' && l[0] <= 'z' || l[0] >= 'A' && l[0] <= 'Z')
}
