// Package upstream finds the verbatim upstream OpenMetadata artifacts that tests prove outputs
// against. They are never copied into this repo: OMSSO_UPSTREAM names their folder, by default
// ../shared/upstream next to the repo.
package upstream

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// EnvVar names the folder of the upstream artifacts.
const EnvVar = "OMSSO_UPSTREAM"

// Dir returns the upstream folder. When it is missing the test fails under CI=true and is
// skipped elsewhere, saying how to provide it.
func Dir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(EnvVar)
	if dir == "" {
		dir = filepath.Join(repoRoot(t), "..", "shared", "upstream")
	}
	if st, err := os.Stat(filepath.Join(dir, "SOURCES.md")); err != nil || st.IsDir() {
		msg := "upstream OpenMetadata artifacts not found at " + dir + "; set " + EnvVar + " to the folder holding helm-charts/ and openmetadata/"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
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

// Compose returns the upstream quickstart compose file.
func Compose(t testing.TB) []byte {
	return Read(t, "openmetadata", "docker", "docker-compose-quickstart", "docker-compose.yml")
}

// Chart returns the folder of the upstream OpenMetadata chart (1.12.12).
func Chart(t testing.TB) string { return Path(t, "helm-charts", "charts", "openmetadata") }

// WithAuthSections returns conf with its authorizerConfiguration and authenticationConfiguration
// sections replaced by sections: what a user does with the bare-metal output.
func WithAuthSections(t testing.TB, conf, sections string) string {
	t.Helper()
	lines := strings.SplitAfter(conf, "\n")
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
