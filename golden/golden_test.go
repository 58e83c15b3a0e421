// Package golden holds omsso's golden cases: one folder per case with its settings file
// (omsso.yaml, .json or .toml), optional "args" (extra CLI arguments, one per line; {case}
// stands for the case's folder, for -f overlays and --each globs) and "env" (KEY=VALUE lines),
// and every expected output. Regenerate with `make golden` (go test
// ./golden -update), then read the diff before committing it.
package golden

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/cli"
	"github.com/omsso/omsso/internal/upstream"
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
		if !c.IsDir() || strings.HasPrefix(c.Name(), ".") || c.Name() == "testdata" || c.Name() == "errors" || c.Name() == "idtoken" ||
			strings.HasPrefix(c.Name(), "template-") { // omsso template's cases: plugin/argocd's test
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
	if exists(filepath.Join(dir, "conf.yaml")) || exists(filepath.Join(dir, "conf.upstream")) {
		runPatchCase(t, dir)
		return
	}
	for _, kv := range readLines(t, filepath.Join(dir, "env")) {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	out := t.TempDir()
	args := []string{"render", "-f", settingsFile(t, dir), "--output-dir", out}
	for _, a := range readLines(t, filepath.Join(dir, "args")) {
		args = append(args, strings.ReplaceAll(a, "{case}", dir)) // a path of the case's own inputs
	}
	var stdout, stderr bytes.Buffer
	code := cli.Run(args, &stdout, &stderr)
	if code != 0 {
		checkFailure(t, dir, out, code, stderr.Bytes())
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
	// Expected files are everything in the case folder but its inputs.
	for _, f := range listFiles(t, dir) {
		if !isInput(f) && !want[f] {
			if *update {
				_ = os.Remove(filepath.Join(dir, f))
				continue
			}
			t.Errorf("expected file %s was not rendered", f)
		}
	}
	checkIdempotent(t, args, out, rendered)
}

// checkFailure pins a failing case: exit status 1, its stderr, and nothing written.
func checkFailure(t *testing.T, dir, out string, code int, stderr []byte) {
	t.Helper()
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	check(t, filepath.Join(dir, errorFile), stderr)
	if got := listFiles(t, out); len(got) > 0 {
		t.Errorf("a failing render wrote files: %v", got)
	}
	for _, f := range listFiles(t, dir) {
		if !isInput(f) && f != errorFile {
			t.Errorf("failing case has stale expected file %s", f)
		}
	}
}

// checkIdempotent renders again: no byte changes and no file is rewritten.
func checkIdempotent(t *testing.T, args []string, out string, rendered []string) {
	t.Helper()
	stats := map[string]os.FileInfo{}
	for _, f := range rendered {
		st, _ := os.Stat(filepath.Join(out, f))
		stats[f] = st
	}
	var stdout, stderr bytes.Buffer
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

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func inputFiles() map[string]bool {
	return map[string]bool{"omsso.yaml": true, "omsso.json": true, "omsso.toml": true, "args": true, "env": true, "cmd": true, "exit": true, "conf.yaml": true, "conf.upstream": true}
}

// isInput tells a case's inputs from its expected outputs: besides the files above, an overlay
// settings file (overlay.yaml, given with -f {case}/overlay.yaml in args) and the environment
// files of an --each case (envs/).
func isInput(f string) bool {
	return inputFiles()[f] || f == "overlay.yaml" || strings.HasPrefix(f, "envs/")
}

// Patch cases: conf.yaml (a fixture of our own) or conf.upstream (a path under the upstream
// folder, never copied here) is patched. Expected: patch.diff (the --diff output), and for our
// own fixtures patched.yaml (the file after --in-place); error.txt for refusals. Each case
// also patches its output again, which must change nothing.
func runPatchCase(t *testing.T, dir string) {
	var input []byte
	var err error
	if rel := readLines(t, filepath.Join(dir, "conf.upstream")); rel != nil {
		input = upstream.Read(t, strings.Split(rel[0], "/")...)
	} else if input, err = os.ReadFile(filepath.Join(dir, "conf.yaml")); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	conf := filepath.Join(tmp, "openmetadata.yaml")
	if err := os.WriteFile(conf, input, 0o640); err != nil {
		t.Fatal(err)
	}
	extra := readLines(t, filepath.Join(dir, "args"))
	run := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		all := append([]string{"patch", "-f", settingsFile(t, dir), "--config", conf}, append(args, extra...)...)
		code := cli.Run(all, &stdout, &stderr)
		clean := func(s string) string { return strings.ReplaceAll(s, tmp, "CONF") }
		return code, clean(stdout.String()), clean(stderr.String())
	}
	code, diff, stderr := run("--diff")
	if code != 0 {
		if code != 1 {
			t.Errorf("exit status %d, want 1", code)
		}
		check(t, filepath.Join(dir, errorFile), []byte(stderr))
		if after, _ := os.ReadFile(conf); !bytes.Equal(after, input) {
			t.Error("a refused patch changed the file")
		}
		return
	}
	check(t, filepath.Join(dir, "patch.diff"), []byte(diff))
	code, out, stderr := run("--in-place")
	if code != 0 {
		t.Fatalf("--in-place: exit %d: %s", code, stderr)
	}
	checkOptional(t, filepath.Join(dir, stderrFile), []byte(stderr))
	check(t, filepath.Join(dir, stdoutFile), []byte(out))
	patched, _ := os.ReadFile(conf)
	if exists(filepath.Join(dir, "conf.yaml")) {
		check(t, filepath.Join(dir, "patched.yaml"), patched)
	}
	if backup, err := os.ReadFile(conf + ".bak"); err != nil || !bytes.Equal(backup, input) {
		t.Errorf("no faithful backup: %v", err)
	}
	if st, _ := os.Stat(conf); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", st.Mode().Perm())
	}
	// Idempotence: patching the patched file changes nothing and says so.
	st1, _ := os.Stat(conf)
	code, out, _ = run("--in-place")
	if code != 0 || !strings.HasPrefix(out, "unchanged ") {
		t.Errorf("second patch: exit %d, %q", code, out)
	}
	if code, _, _ := run("--diff", "--detailed-exitcode"); code != 0 {
		t.Errorf("--diff --detailed-exitcode on a patched file: exit %d", code)
	}
	st2, _ := os.Stat(conf)
	if again, _ := os.ReadFile(conf); !bytes.Equal(again, patched) || !st1.ModTime().Equal(st2.ModTime()) {
		t.Error("second patch rewrote the file")
	}
}

// TestErrors runs the corpus of bad input in errors/: each case is a folder with its input and
// error.txt, the exact stderr. The command is render of the folder's omsso.yaml unless a "cmd"
// file gives the arguments ({dir} is the case folder, {tmp} an empty output folder). Every case
// must exit 1 (or the status in an "exit" file: warnings pin their stderr with exit 0), write
// nothing and never panic.
func TestErrors(t *testing.T) {
	cases, err := os.ReadDir("errors")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Errorf("the corpus has %d cases, want at least 40", len(cases))
	}
	for _, c := range cases {
		dir := filepath.Join("errors", c.Name())
		t.Run(c.Name(), func(t *testing.T) {
			for _, kv := range readLines(t, filepath.Join(dir, "env")) {
				k, v, _ := strings.Cut(kv, "=")
				t.Setenv(k, v)
			}
			tmp := t.TempDir()
			args := readLines(t, filepath.Join(dir, "cmd"))
			if args == nil {
				args = []string{"render", "-f", "{dir}/omsso.yaml", "--output-dir", "{tmp}"}
			}
			for i, a := range args {
				args[i] = strings.NewReplacer("{dir}", dir, "{tmp}", tmp).Replace(a)
			}
			var stdout, stderr bytes.Buffer
			code := cli.Run(args, &stdout, &stderr)
			want := 1
			if l := readLines(t, filepath.Join(dir, "exit")); l != nil {
				want, _ = strconv.Atoi(l[0])
			}
			if code != want {
				t.Errorf("exit status %d, want %d", code, want)
			}
			got := strings.ReplaceAll(stderr.String(), tmp, "OUT")
			if strings.Contains(got, "panic") || strings.Contains(got, "goroutine") {
				t.Fatalf("panic: %s", got)
			}
			check(t, filepath.Join(dir, errorFile), []byte(got))
			if files := listFiles(t, tmp); len(files) > 0 {
				t.Errorf("wrote %v", files)
			}
		})
	}
}
