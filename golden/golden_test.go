// Package golden holds omsso's golden cases: one folder per case with its settings file
// (omsso.yaml, .json or .toml), optional "args" (extra CLI arguments, one per line) and "env"
// (KEY=VALUE lines), and every expected output. Regenerate with `make golden` (go test
// ./golden -update), then read the diff before committing it.
package golden

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/cli"
)

var update = flag.Bool("update", false, "rewrite the expected files of every golden case")

// Pinned outputs of the run itself, next to the rendered files.
const (
	stdoutFile = "stdout.txt"
	stderrFile = "stderr.txt"
	errorFile  = "error.txt" // failing cases: stderr, exit status 1, nothing written
)

func TestGolden(t *testing.T) {
	cases, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cases {
		if !c.IsDir() || strings.HasPrefix(c.Name(), ".") || c.Name() == "testdata" {
			continue
		}
		n++
		t.Run(c.Name(), func(t *testing.T) { runCase(t, c.Name()) })
	}
	if n == 0 {
		t.Fatal("no golden cases found")
	}
}

func settingsFile(t *testing.T, dir string) string {
	for _, name := range []string{"omsso.yaml", "omsso.json", "omsso.toml"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return filepath.Join(dir, name)
		}
	}
	t.Fatalf("%s has no omsso.yaml/.json/.toml", dir)
	return ""
}

func readLines(t *testing.T, path string) []string {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

func runCase(t *testing.T, dir string) {
	for _, kv := range readLines(t, filepath.Join(dir, "env")) {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	out := t.TempDir()
	args := append([]string{"render", "-f", settingsFile(t, dir), "-o", out}, readLines(t, filepath.Join(dir, "args"))...)
	var stdout, stderr bytes.Buffer
	code := cli.Run(args, &stdout, &stderr)
	// Expected files are everything in the case folder but its inputs.
	inputs := map[string]bool{"omsso.yaml": true, "omsso.json": true, "omsso.toml": true, "args": true, "env": true}

	if code != 0 {
		if code != 1 {
			t.Errorf("exit status %d, want 1", code)
		}
		check(t, filepath.Join(dir, errorFile), stderr.Bytes())
		if got := listFiles(t, out); len(got) > 0 {
			t.Errorf("a failing render wrote files: %v", got)
		}
		for _, f := range listFiles(t, dir) {
			if !inputs[f] && f != errorFile {
				t.Errorf("failing case has stale expected file %s", f)
			}
		}
		return
	}
	if _, err := os.Stat(filepath.Join(dir, errorFile)); err == nil && !*update {
		t.Fatalf("render succeeded, but the case expects an error:\n%s", stdout.String())
	}
	rendered := listFiles(t, out)
	for _, f := range rendered {
		data, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		check(t, filepath.Join(dir, f), data)
	}
	check(t, filepath.Join(dir, stdoutFile), []byte(strings.ReplaceAll(stdout.String(), out, "OUT")))
	checkOptional(t, filepath.Join(dir, stderrFile), stderr.Bytes())
	want := map[string]bool{stdoutFile: true, stderrFile: true}
	for _, f := range rendered {
		want[f] = true
	}
	for _, f := range listFiles(t, dir) {
		if !inputs[f] && !want[f] {
			if *update {
				_ = os.Remove(filepath.Join(dir, f))
				continue
			}
			t.Errorf("expected file %s was not rendered", f)
		}
	}

	// Idempotence: rendering again changes no byte and rewrites no file.
	stats := map[string]os.FileInfo{}
	for _, f := range rendered {
		st, _ := os.Stat(filepath.Join(out, f))
		stats[f] = st
	}
	stdout.Reset()
	stderr.Reset()
	if code := cli.Run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("second render failed: %s", stderr.String())
	}
	for _, f := range rendered {
		st, _ := os.Stat(filepath.Join(out, f))
		if !st.ModTime().Equal(stats[f].ModTime()) {
			t.Errorf("second render rewrote %s", f)
		}
		if !strings.Contains(stdout.String(), "unchanged "+filepath.Join(out, f)) {
			t.Errorf("second render did not report %s unchanged:\n%s", f, stdout.String())
		}
	}
}

func listFiles(t *testing.T, root string) []string {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func check(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("missing expected file %s (run make golden, then read the diff)", path)
		return
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the output:\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

// checkOptional pins output that is usually empty: an empty output needs no file.
func checkOptional(t *testing.T, path string, got []byte) {
	t.Helper()
	if len(got) == 0 {
		if *update {
			_ = os.Remove(path)
			return
		}
		if _, err := os.Stat(path); err == nil {
			t.Errorf("%s expects output, got none", path)
		}
		return
	}
	check(t, path, got)
}
