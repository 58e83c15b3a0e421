package upstream_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/omsso/omsso/internal/upstream"
)

// The artifacts the tests read are the pinned ones (#14 item 23).
func TestUpstreamMatchesPinnedSums(t *testing.T) {
	if err := upstream.Check(upstream.Dir(t)); err != nil {
		t.Fatal(err)
	}
}

// The check finds a changed file and a missing one, and says which.
func TestCheckFindsChangedAndMissingFiles(t *testing.T) {
	src := upstream.Dir(t)
	sums, err := upstream.Sums()
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) < 100 {
		t.Fatalf("only %d pinned files", len(sums))
	}
	dir := t.TempDir()
	for _, s := range sums {
		data, err := os.ReadFile(filepath.Join(src, s.Path))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, s.Path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := upstream.Check(dir); err != nil {
		t.Fatalf("a faithful copy: %v", err)
	}
	conf := filepath.Join(dir, "openmetadata", "conf", "openmetadata.yaml")
	if err := os.WriteFile(conf, []byte("changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "helm-charts", "LICENSE")); err != nil {
		t.Fatal(err)
	}
	err = upstream.Check(dir)
	if !errors.Is(err, upstream.ErrMismatch) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("want a mismatch and a missing file, got %v", err)
	}
}

// Without the artifacts, Locate says where it looked; $OMSSO_UPSTREAM wins.
func TestLocate(t *testing.T) {
	empty := t.TempDir()
	t.Setenv(upstream.EnvVar, empty)
	if dir, ok := upstream.Locate(empty); ok || dir != empty {
		t.Errorf("empty $%s: %q %v", upstream.EnvVar, dir, ok)
	}
	t.Setenv(upstream.EnvVar, "")
	root := t.TempDir()
	if dir, ok := upstream.Locate(root); ok || dir != filepath.Join(root, ".cache", "upstream")+" or "+filepath.Join(root, "..", "shared", "upstream") {
		t.Errorf("nothing there: %q %v", dir, ok)
	}
	cache := filepath.Join(root, ".cache", "upstream", "helm-charts", "charts", "openmetadata")
	if err := os.MkdirAll(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cache, "Chart.yaml"), []byte("name: openmetadata\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if dir, ok := upstream.Locate(root); !ok || dir != filepath.Join(root, ".cache", "upstream") {
		t.Errorf("the cache: %q %v", dir, ok)
	}
}
