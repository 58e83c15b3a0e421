package oracle

import (
	"errors"
	"sync"
	"testing"

	"github.com/omsso/omsso/internal/testneeds"
)

var shared struct {
	once sync.Once
	o    *Oracle
	err  error
}

// ForTest returns the test binary's one Oracle, started on first use. The JVM exits when the
// test binary does, because its stdin closes. Under go test -short the test is skipped (make
// test-all runs it); when java, javac or a jar is missing it skips with one line on stderr, and
// under CI=true it fails instead (see internal/testneeds).
func ForTest(t testing.TB) *Oracle {
	t.Helper()
	testneeds.Short(t, testneeds.JVM)
	shared.once.Do(func() { shared.o, shared.err = Start() })
	if shared.err == nil {
		return shared.o
	}
	if errors.Is(shared.err, ErrMissing) {
		testneeds.Missing(t, testneeds.JVM, "oracle: "+shared.err.Error())
	}
	t.Fatalf("oracle: %v", shared.err)
	return nil
}
