// Package version identifies the build. Version, Commit and Date are set at link time by make
// and by goreleaser (-ldflags "-X github.com/omsso/omsso/internal/version.Version=..."). Without
// them, Get reads the build info Go stamps into every binary: `go install …@v1.2.3` reports
// v1.2.3, and a build in a git checkout reports the commit. Tests see "dev".
package version

import (
	"runtime/debug"
	"strconv"
	"strings"
)

// Release is the release this tree is, or is heading for. plugin.yaml, plugin/helm4.yaml and
// the newest CHANGELOG.md entry carry the same number (a test checks), and the deprecation
// warnings name RemovalRelease.
const Release = "0.1.0"

// RemovalRelease is the release in which the deprecated forms go: the next minor after Release.
func RemovalRelease() string {
	parts := strings.SplitN(Release, ".", 3)
	minor, err := strconv.Atoi(parts[1])
	if err != nil {
		panic("version.Release is not MAJOR.MINOR.PATCH: " + Release)
	}
	return parts[0] + "." + strconv.Itoa(minor+1) + ".0"
}

// Set by the linker; never written at run time.
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

// Info is what omsso version prints.
type Info struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Date    string `json:"date,omitempty"`
	// Modified is true for a build of a working tree with uncommitted changes.
	Modified bool `json:"modified,omitempty"`
}

// Get returns the linker's values where set, else the build info's, else "dev" and "none".
func Get() Info {
	info := Info{Version: Version, Commit: Commit, Date: Date}
	if bi, ok := debug.ReadBuildInfo(); ok {
		fromBuildInfo(&info, bi)
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	if info.Commit == "" {
		info.Commit = "none"
	}
	return info
}

// fromBuildInfo fills what the linker left empty: the main module's version (not "(devel)",
// which go build reports outside a module version), and the vcs.* settings.
func fromBuildInfo(info *Info, bi *debug.BuildInfo) {
	if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		info.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			if info.Commit == "" {
				info.Commit = s.Value
				if len(s.Value) > 12 {
					info.Commit = s.Value[:12]
				}
			}
		case "vcs.time":
			if info.Date == "" {
				info.Date = s.Value
			}
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
}

// String is the one-line form: "v1.2.3 (commit 0123456789ab)".
func (i Info) String() string {
	s := i.Version + " (commit " + i.Commit
	if i.Modified && !strings.HasSuffix(i.Version, "dirty") {
		s += ", modified"
	}
	return s + ")"
}
