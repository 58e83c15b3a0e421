// Package version identifies the build. Version and Commit are set at link time
// (-ldflags "-X github.com/omsso/omsso/version.Version=..."); tests see "dev".
package version

// Set by the linker; never written at run time.
var (
	Version = "dev"
	Commit  = "none"
)
