// Package files writes outputs safely: a temp file in the same folder, then a rename, so a
// reader sees the old file or the new one, never a mix.
package files

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
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
		_ = os.Remove(name) // best effort: the rename's error is the one to report
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
		_ = os.Remove(name) // best effort: the write's error is the one to report
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
			_ = os.Remove(name) // best effort: the error returned says what went wrong
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
	s := &setWriter{entries: entries}
	for i := range entries {
		staged, err := s.stage(i)
		if err != nil {
			s.cleanup()
			return nil, err
		}
		if !staged {
			results[i] = Unchanged
		}
	}
	if err := s.commit(results); err != nil {
		return nil, err
	}
	return results, nil
}

// setWriter holds the state of one WriteSet: the staged temp files and the folders it made.
type setWriter struct {
	entries  []Entry
	staged   []staged
	madeDirs []string // outermost first
}

// staged is an entry written to a temp file, with what its target held before.
type staged struct {
	i        int
	tmp      string
	old      []byte
	existed  bool
	oldPerm  os.FileMode
	replaced bool
}

// stage writes entry i to a temp file next to its target; false when the target already
// holds the data.
func (s *setWriter) stage(i int) (bool, error) {
	e := s.entries[i]
	old, err := os.ReadFile(e.Path)
	if errors.Is(err, fs.ErrPermission) {
		// A file omsso cannot read could not be put back if a later rename failed.
		return false, fmt.Errorf("cannot read %s: %w", e.Path, err)
	}
	existed := err == nil
	if existed && bytes.Equal(old, e.Data) {
		return false, nil
	}
	dir := filepath.Dir(e.Path)
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		s.madeDirs = append([]string{d}, s.madeDirs...)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, fmt.Errorf("cannot create folder %s: %w", dir, err)
	}
	var perm os.FileMode
	if st, err := os.Stat(e.Path); err == nil {
		perm = st.Mode().Perm()
	}
	name, err := writeTemp(e.Path, e.Data, e.Perm&^umask(), nil)
	if err != nil {
		return false, err
	}
	s.staged = append(s.staged, staged{i: i, tmp: name, old: old, existed: existed, oldPerm: perm})
	return true, nil
}

// commit renames the staged files into place; after a failed rename it puts back what was
// already replaced.
func (s *setWriter) commit(results []WriteResult) error {
	for k := range s.staged {
		st := &s.staged[k]
		path := s.entries[st.i].Path
		if err := os.Rename(st.tmp, path); err != nil {
			err = fmt.Errorf("cannot replace %s: %w", path, err)
			return errors.Join(err, s.rollback(k))
		}
		st.replaced = true
		results[st.i] = Written
	}
	return nil
}

// rollback puts back the first n staged files' old content, newest first, and cleans up; it
// returns the files it could not put back.
func (s *setWriter) rollback(n int) error {
	var errs []error
	for j := n - 1; j >= 0; j-- {
		st := &s.staged[j]
		p := s.entries[st.i].Path
		var err error
		if st.existed {
			_, err = WriteAtomic(p, st.old, st.oldPerm)
		} else {
			err = os.Remove(p)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("could not put back %s: %w", p, err))
		}
		st.replaced = true
	}
	s.cleanup()
	return errors.Join(errs...)
}

// cleanup removes the temp files not renamed and the folders WriteSet created, when empty.
func (s *setWriter) cleanup() {
	for _, st := range s.staged {
		if !st.replaced {
			_ = os.Remove(st.tmp) // best effort: the error being reported matters more
		}
	}
	for i := len(s.madeDirs) - 1; i >= 0; i-- {
		_ = os.Remove(s.madeDirs[i]) // only succeeds when empty
	}
}
