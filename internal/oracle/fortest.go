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
		t.Skipf("oracle: %v", shared.err)
	}
	t.Fatalf("oracle: %v", shared.err)
	return nil
}
