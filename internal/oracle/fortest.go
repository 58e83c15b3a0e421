package oracle

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
)

var shared struct {
	once    sync.Once
	o       *Oracle
	err     error
	skipMsg sync.Once
}

// ForTest returns the test binary's one Oracle, started on first use. The JVM exits when the
// test binary does, because its stdin closes. When java, javac or a jar is missing the test
// skips, with one line on stderr so a plain `go test` shows it; under CI=true it fails instead.
func ForTest(t testing.TB) *Oracle {
	t.Helper()
	shared.once.Do(func() { shared.o, shared.err = Start() })
	if shared.err == nil {
		return shared.o
	}
	if errors.Is(shared.err, ErrMissing) && os.Getenv("CI") != "true" {
		shared.skipMsg.Do(func() {
			fmt.Fprintf(os.Stderr, "oracle tests skipped: %v\n", shared.err)
		})
		noteSkip(t)
		t.Skipf("oracle: %v", shared.err)
	}
	t.Fatalf("oracle: %v", shared.err)
	return nil
}

// SkipLogEnv names a file to which each test skipped for want of Java or the jars appends its
// name, so that `make test` can say in one visible line what it skipped (go test hides the
// output of packages that pass).
const SkipLogEnv = "OMSSO_ORACLE_SKIPLOG"

func noteSkip(t testing.TB) {
	log := os.Getenv(SkipLogEnv)
	if log == "" {
		return
	}
	if f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
		fmt.Fprintln(f, t.Name())
		_ = f.Close()
	}
}
