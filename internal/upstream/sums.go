package upstream

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	_ "embed" // the pinned sums ship with the code that checks them
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

//go:embed upstream.sha256
var sumsFile []byte

// Sum is the pinned sha256 of one upstream file, by its path under the upstream folder.
type Sum struct {
	Path   string
	SHA256 string
}

// Sums parses upstream.sha256 (sha256sum's format; # starts a comment).
func Sums() ([]Sum, error) {
	var out []Sum
	sc := bufio.NewScanner(bytes.NewReader(sumsFile))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sum, path, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 || path == "" || filepath.IsAbs(path) || strings.Contains(path, "..") {
			return nil, fmt.Errorf("upstream.sha256:%d: not \"<sha256>  <relative path>\"", n)
		}
		out = append(out, Sum{Path: path, SHA256: sum})
	}
	return out, sc.Err()
}

// ErrMismatch marks a file whose content is not the pinned one.
var ErrMismatch = errors.New("sha256 differs from the pinned sum")

// Check verifies every pinned file under dir. The error joins one error per missing or
// changed file; a mismatch wraps ErrMismatch, a missing file fs.ErrNotExist.
func Check(dir string) error {
	sums, err := Sums()
	if err != nil {
		return err
	}
	var errs []error
	for _, s := range sums {
		got, err := fileSHA256(filepath.Join(dir, filepath.FromSlash(s.Path)))
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: %w", s.Path, err))
		case got != s.SHA256:
			errs = append(errs, fmt.Errorf("%s: %w (got %s, want %s)", s.Path, ErrMismatch, got, s.SHA256))
		}
	}
	return errors.Join(errs...)
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
