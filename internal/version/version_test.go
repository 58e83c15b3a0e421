package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	cases := []struct {
		name string
		link Info
		bi   debug.BuildInfo
		want Info
	}{
		{"go install module@version", Info{}, debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}},
			Info{Version: "v1.2.3"}},
		{"a build in a checkout", Info{}, debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261207110000-0123456789ab+dirty"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"}, {Key: "vcs.time", Value: "2026-12-07T11:00:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			Info{Version: "v0.0.0-20261207110000-0123456789ab+dirty", Commit: "0123456789ab", Date: "2026-12-07T11:00:00Z", Modified: true}},
		{"go build outside a module version", Info{}, debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, Info{}},
		{"the linker wins", Info{Version: "v0.1.0", Commit: "abc"}, debug.BuildInfo{Main: debug.Module{Version: "v9.9.9"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "fff"}}},
			Info{Version: "v0.1.0", Commit: "abc"}},
	}
	for _, c := range cases {
		got := c.link
		fromBuildInfo(&got, &c.bi)
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestGetInTests(t *testing.T) {
	if got := Get(); got.Version != "dev" {
		t.Errorf("a test binary reports %q, want dev (goldens rely on it)", got.Version)
	}
}

func TestRemovalRelease(t *testing.T) {
	if got := RemovalRelease(); got == Release || got == "" {
		t.Errorf("RemovalRelease() = %q for Release %q", got, Release)
	}
}
