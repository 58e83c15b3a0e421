package oracle

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/omsso/omsso/internal/testneeds"
)

// Debian 12 has no jackson-dataformat-yaml newer than 2.8 and Maven Central cannot be reached
// from where omsso's tests run, so the newer Jackson comes from the npm registry: the package
// allure-commandline ships Allure's Java libraries, among them Jackson 2.22.2 (core, databind,
// annotations, dataformat-yaml), SnakeYAML 2.5, commons-text 1.13.1 and commons-lang3 3.20.0.
// scripts/oracle-jars.sh fetches it with `npm pack` and keeps only these jars, checked by sha256.

// NewerPackage is the npm package the newer jars come from.
const NewerPackage = "allure-commandline@2.46.1"

// NewerJarsEnv names a folder holding the newer jars; without it, .cache/oracle-jars in the
// repository (where scripts/oracle-jars.sh puts them).
const NewerJarsEnv = "OMSSO_ORACLE_NEWER_JARS"

var newerJars = []string{
	"commons-text-1.13.1.jar",
	"commons-lang3-3.20.0.jar",
	"jackson-core-2.22.2.jar",
	"jackson-databind-2.22.2.jar",
	"jackson-annotations-2.22.jar",
	"jackson-dataformat-yaml-2.22.2.jar",
	"snakeyaml-2.5.jar",
}

// StartNewer starts an Oracle on the newer jars (Jackson 2.22, SnakeYAML 2.5).
func StartNewer() (*Oracle, error) {
	dir := os.Getenv(NewerJarsEnv)
	if dir == "" {
		_, self, _, ok := runtime.Caller(0)
		if !ok {
			return nil, fmt.Errorf("%w: the repository folder", ErrMissing)
		}
		dir = filepath.Join(filepath.Dir(self), "..", "..", ".cache", "oracle-jars")
	}
	var cp []string
	for _, j := range newerJars {
		p := filepath.Join(dir, j)
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("%w: %s (run scripts/oracle-jars.sh, which takes them from the npm package %s, or set %s)", ErrMissing, p, NewerPackage, NewerJarsEnv)
		}
		cp = append(cp, p)
	}
	return startWith(cp)
}

var sharedNewer struct {
	once sync.Once
	o    *Oracle
	err  error
}

// NewerForTest is ForTest for the newer jars: a missing jar skips the test visibly (and in the
// skip log), and fails it under CI=true.
func NewerForTest(t testing.TB) *Oracle {
	t.Helper()
	testneeds.Short(t, testneeds.NewerJackson)
	sharedNewer.once.Do(func() { sharedNewer.o, sharedNewer.err = StartNewer() })
	if sharedNewer.err == nil {
		return sharedNewer.o
	}
	if errors.Is(sharedNewer.err, ErrMissing) {
		testneeds.Missing(t, testneeds.NewerJackson, "oracle: "+sharedNewer.err.Error())
	}
	t.Fatalf("oracle: %v", sharedNewer.err)
	return nil
}
