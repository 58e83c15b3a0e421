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
