package files

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestReplaceRefusesConcurrentEdit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(p, []byte("edited by someone\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := Replace(p, []byte("new\n"), []byte("what we read\n"))
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("err %v, want ErrChanged", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "edited by someone\n" {
		t.Errorf("file overwritten: %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(p), ".c.yaml.tmp-*")); len(left) > 0 {
		t.Errorf("temp files left: %v", left)
	}
}

func TestReplaceKeepsMode(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(p, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := Replace(p, []byte("new\n"), []byte("old\n")); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
}

func TestWriteAtomicSkipsUnchanged(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a", "b.txt")
	if res, err := WriteAtomic(p, []byte("x"), 0o600); err != nil || res != Written {
		t.Fatal(res, err)
	}
	st1, _ := os.Stat(p)
	if st1.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st1.Mode().Perm())
	}
	time.Sleep(10 * time.Millisecond)
	if res, err := WriteAtomic(p, []byte("x"), 0o600); err != nil || res != Unchanged {
		t.Fatal(res, err)
	}
	st2, _ := os.Stat(p)
	if !st1.ModTime().Equal(st2.ModTime()) {
		t.Error("rewritten")
	}
}

// A set whose last file cannot be written leaves the folder as it was.
func TestWriteSetAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(a, []byte("old a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(dir, "blocked")
	if err := os.WriteFile(blocker, []byte("a file where a folder is needed"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := WriteSet([]Entry{
		{Path: a, Data: []byte("new a\n"), Perm: 0o644},
		{Path: filepath.Join(dir, "new", "b.txt"), Data: []byte("b\n"), Perm: 0o644},
		{Path: filepath.Join(blocker, "c.txt"), Data: []byte("c\n"), Perm: 0o644},
	})
	if err == nil {
		t.Fatal("no error")
	}
	if got, _ := os.ReadFile(a); string(got) != "old a\n" {
		t.Errorf("a.txt is %q", got)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 2 {
		t.Errorf("folder now holds %v", names)
	}
}

func TestWriteSetRenameFailureRestores(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(a, []byte("old a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A folder where the second file should go makes its rename fail after the first succeeded.
	if err := os.MkdirAll(filepath.Join(dir, "b.txt", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := WriteSet([]Entry{
		{Path: a, Data: []byte("new a\n"), Perm: 0o644},
		{Path: filepath.Join(dir, "b.txt"), Data: []byte("b\n"), Perm: 0o644},
	})
	if err == nil {
		t.Fatal("no error")
	}
	if got, _ := os.ReadFile(a); string(got) != "old a\n" {
		t.Errorf("a.txt is %q after a failed set", got)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*")); len(left) > 0 {
		t.Errorf("temp files left: %v", left)
	}
}
