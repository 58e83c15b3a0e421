// Package files writes outputs safely: a temp file in the same folder, then a rename, so a
// reader sees the old file or the new one, never a mix.
package files

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
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

// ErrChanged means the file changed on disk between reading and replacing it.
var ErrChanged = errors.New("the file changed on disk while omsso worked on it; nothing was written, run again")

// Replace atomically replaces path (a regular file, symlinks already resolved) with data,
// keeping its exact mode and, where allowed, its owner. It refuses when the file no longer
// holds old, so a concurrent edit is never lost.
func Replace(path string, data, old []byte) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			_ = tmp.Close()
			_ = os.Remove(name)
		}
	}()
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		return fmt.Errorf("cannot set the mode of %s: %w", path, err)
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		_ = tmp.Chown(int(sys.Uid), int(sys.Gid)) // best effort: only root may give files away
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	now, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(now, old) {
		return ErrChanged
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("cannot replace %s: %w", path, err)
	}
	ok = true
	return nil
}
