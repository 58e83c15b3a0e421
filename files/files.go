// Package files writes outputs safely: a temp file in the same folder, then a rename, so a
// reader sees the old file or the new one, never a mix.
package files

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// WriteResult says what WriteAtomic did.
type WriteResult int

// Results of a write.
const (
	Written WriteResult = iota
	Unchanged
)

// WriteAtomic writes data to path with perm. An identical existing file is left alone, so its
// mtime stays. perm applies to new files and is kept for secret files (0600) on existing ones.
func WriteAtomic(path string, data []byte, perm os.FileMode) (WriteResult, error) {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		if st, err := os.Stat(path); err == nil && st.Mode().Perm()&^perm == 0 {
			return Unchanged, nil
		}
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("cannot create folder %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			_ = tmp.Close()
			_ = os.Remove(name)
		}
	}()
	if err := tmp.Chmod(perm &^ umask()); err != nil {
		return 0, fmt.Errorf("cannot set the mode of %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return 0, fmt.Errorf("cannot replace %s: %w", path, err)
	}
	ok = true
	return Written, nil
}
