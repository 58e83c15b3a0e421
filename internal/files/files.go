// Package files writes outputs safely: a temp file in the same folder, then a rename, so a
// reader sees the old file or the new one, never a mix.
package files

import (
	"bytes"
	"errors"
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
	name, err := writeTemp(path, data, perm&^umask(), nil)
	if err != nil {
		return 0, err
	}
	if err := os.Rename(name, path); err != nil {
		_ = os.Remove(name)
		return 0, fmt.Errorf("cannot replace %s: %w", path, err)
	}
	return Written, nil
}

// writeTemp writes data to a new temp file next to path, with mode perm (and the owner of
// like, when given and allowed), synced to disk. The caller renames or removes it.
func writeTemp(path string, data []byte, perm os.FileMode, like os.FileInfo) (string, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	name := tmp.Name()
	err = tmp.Chmod(perm)
	if uid, gid, ok := owner(like); ok && err == nil {
		_ = tmp.Chown(uid, gid) // best effort: only root may give files away
	}
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(name)
		return "", fmt.Errorf("cannot write %s: %w", path, err)
	}
	return name, nil
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
	name, err := writeTemp(path, data, st.Mode().Perm(), st)
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			_ = os.Remove(name)
		}
	}()
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

// Entry is one file of a set written together.
type Entry struct {
	Path string
	Data []byte
	Perm os.FileMode
}

// WriteSet writes every entry or none: all content is staged in temp files next to its target
// first, then renamed into place; if a rename fails, the files already replaced get their old
// content back and folders it created are removed. Unchanged files are not touched.
func WriteSet(entries []Entry) ([]WriteResult, error) {
	results := make([]WriteResult, len(entries))
	type staged struct {
		i        int
		tmp      string
		old      []byte
		existed  bool
		oldPerm  os.FileMode
		replaced bool
	}
	var stage []staged
	var madeDirs []string
	cleanup := func() {
		for _, s := range stage {
			if !s.replaced {
				_ = os.Remove(s.tmp)
			}
		}
		for i := len(madeDirs) - 1; i >= 0; i-- {
			_ = os.Remove(madeDirs[i]) // only succeeds when empty
		}
	}
	for i, e := range entries {
		old, err := os.ReadFile(e.Path)
		existed := err == nil
		if existed && bytes.Equal(old, e.Data) {
			results[i] = Unchanged
			continue
		}
		dir := filepath.Dir(e.Path)
		for d := dir; ; d = filepath.Dir(d) {
			if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
				break
			}
			madeDirs = append([]string{d}, madeDirs...)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			cleanup()
			return nil, fmt.Errorf("cannot create folder %s: %w", dir, err)
		}
		var perm os.FileMode
		if st, err := os.Stat(e.Path); err == nil {
			perm = st.Mode().Perm()
		}
		name, err := writeTemp(e.Path, e.Data, e.Perm&^umask(), nil)
		if err != nil {
			cleanup()
			return nil, err
		}
		stage = append(stage, staged{i: i, tmp: name, old: old, existed: existed, oldPerm: perm})
	}
	for k := range stage {
		s := &stage[k]
		if err := os.Rename(s.tmp, entries[s.i].Path); err != nil {
			// Put back what was already replaced, newest first.
			for j := k - 1; j >= 0; j-- {
				p := entries[stage[j].i].Path
				if stage[j].existed {
					_, _ = WriteAtomic(p, stage[j].old, stage[j].oldPerm)
				} else {
					_ = os.Remove(p)
				}
				stage[j].replaced = true
			}
			cleanup()
			return nil, fmt.Errorf("cannot replace %s: %w", entries[s.i].Path, err)
		}
		s.replaced = true
		results[s.i] = Written
	}
	return results, nil
}
