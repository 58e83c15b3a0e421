package app

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/omsso/omsso/internal/plural"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/omsso/omsso/internal/files"
	"github.com/omsso/omsso/internal/patch"
	"github.com/omsso/omsso/internal/settings"
)

// PatchWrite says what patch does with the result.
type PatchWrite int

// What patch writes.
const (
	PatchDryRun  PatchWrite = iota // print the diff, write nothing
	PatchInPlace                   // replace the file, keeping a backup
	PatchToFile                    // write another file ("-": the caller prints Output)
)

// PatchRequest is one `omsso patch`.
type PatchRequest struct {
	Config  string    // the conf file's path, or "-" for Stdin
	Stdin   io.Reader // read when Config is "-"
	Options patch.Options
	Write   PatchWrite
	OutFile string
}

// PatchOutcome is what patch did, for the caller to report.
type PatchOutcome struct {
	Result  *patch.Result
	Diff    string // unified diff, for a dry run with changes
	Wrote   string // the file written ("" when nothing was)
	Backup  string // the backup kept by an in-place edit
	Summary string // "1 line changed, 2 added"
}

// maxConfSize bounds a conf read from stdin; the upstream conf/openmetadata.yaml is ~30 KB.
const maxConfSize = 4 << 20

// Patch applies the settings to a conf/openmetadata.yaml and writes as the request says: a
// temp file renamed into place, a backup first for an in-place edit, and nothing at all when
// the file changed on disk meanwhile.
func Patch(r *settings.Resolved, req PatchRequest) (*PatchOutcome, error) {
	target, in, err := readConfig(req.Config, req.Stdin)
	if err != nil {
		return nil, err
	}
	res, err := patch.Apply(r, in, req.Options)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", req.Config, err)
	}
	out := &PatchOutcome{Result: res, Summary: plural.Of(count(res, false), "line", "lines") + fmt.Sprintf(" changed, %d added", count(res, true))}
	switch {
	case req.Write == PatchDryRun:
		if res.Changed() {
			out.Diff, err = unified(req.Config, req.Config+" (patched)", difflib.SplitLines(string(in)), difflib.SplitLines(string(res.Output)))
		}
		return out, err
	case req.Write == PatchToFile && req.OutFile != "-":
		return out, writeTo(req, target, res.Output, out)
	case req.Write == PatchInPlace && res.Changed():
		if out.Backup, err = writeBackup(target, in); err != nil {
			return nil, err
		}
		if err := files.Replace(target, res.Output, in); err != nil {
			return nil, fmt.Errorf("%s: %w", req.Config, err)
		}
		out.Wrote = req.Config
	}
	return out, nil
}

// readConfig reads the conf (symlinks resolved, so the real file is what gets replaced).
func readConfig(path string, stdin io.Reader) (string, []byte, error) {
	if path == "-" {
		in, err := io.ReadAll(io.LimitReader(stdin, maxConfSize+1))
		if err != nil {
			return "", nil, fmt.Errorf("--config -: %w", err)
		}
		if len(in) > maxConfSize {
			return "", nil, fmt.Errorf("--config -: larger than %d bytes; conf/openmetadata.yaml is far smaller", maxConfSize)
		}
		return "", in, nil
	}
	target, err := filepath.EvalSymlinks(path)
	var in []byte
	if err == nil {
		in, err = os.ReadFile(target)
	}
	if err != nil {
		return "", nil, missingConfig(path, err)
	}
	return target, in, nil
}

// writeTo writes the patched conf to another file, with the original's mode.
func writeTo(req PatchRequest, target string, data []byte, out *PatchOutcome) error {
	perm := os.FileMode(0o644)
	if target != "" {
		st, err := os.Stat(target)
		if err != nil {
			return err
		}
		perm = st.Mode().Perm()
	}
	if _, err := files.WriteAtomic(req.OutFile, data, perm); err != nil {
		return err
	}
	out.Wrote = req.OutFile
	return nil
}

func count(res *patch.Result, added bool) int {
	n := 0
	for _, c := range res.Changes {
		if c.Added == added {
			n++
		}
	}
	return n
}

// writeBackup keeps the original next to the file: FILE.bak, or FILE.bak.<UTC time> when
// FILE.bak already holds something else.
func writeBackup(path string, data []byte) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	b := path + ".bak"
	if old, err := os.ReadFile(b); err == nil && !bytes.Equal(old, data) {
		b = path + ".bak." + time.Now().UTC().Format("20060102T150405Z")
	}
	if _, err := files.WriteAtomic(b, data, st.Mode().Perm()); err != nil {
		return "", fmt.Errorf("cannot write the backup: %w", err)
	}
	return b, nil
}

// missingConfig explains a --config that cannot be read, with a fix.
func missingConfig(path string, err error) error {
	fix := "check the path"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fix = "give the path of your server's conf/openmetadata.yaml (in the OpenMetadata install folder), or - to read it from stdin"
	case errors.Is(err, fs.ErrPermission):
		fix = "make it readable by this user"
	}
	return fmt.Errorf("--config %s: cannot read it: %w\n    fix: %s", path, err, fix)
}
