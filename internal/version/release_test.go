package version

import (
	"os"
	"regexp"
	"testing"
)

// The Helm plugin's manifests and the newest CHANGELOG entry carry Release, so `helm plugin
// list` shows the version the binary reports and the changelog describes.
func TestReleaseEverywhere(t *testing.T) {
	for file, pattern := range map[string]string{
		"../../plugin.yaml":       `(?m)^version: "([^"]+)"$`,
		"../../plugin/helm4.yaml": `(?m)^version: (\S+)$`,
		"../../CHANGELOG.md":      `(?m)^## \[([^\]]+)\]`,
	} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(pattern).FindSubmatch(data)
		if m == nil || string(m[1]) != Release {
			t.Errorf("%s: want version %s (internal/version.Release), found %q", file, Release, m)
		}
	}
}
