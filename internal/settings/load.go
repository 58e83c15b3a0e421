package settings

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/viper"
)

// Load reads, merges and validates the settings. On failure the error is a *Failure listing
// everything wrong (its Partial, when set, holds what could be resolved). Warnings are problems
// that do not stop rendering.
func Load(opts Options) (*Resolved, error) {
	r, err := load(opts)
	var f *Failure
	var ps Problems
	if err != nil && !errors.As(err, &f) && errors.As(err, &ps) {
		// One error shape for callers: every problem list comes as a *Failure.
		return nil, &Failure{Problems: ps}
	}
	return r, err
}

func load(opts Options) (*Resolved, error) {
	src, doc, probs, err := readFiles(opts)
	if err != nil {
		return nil, err
	}
	probs = append(probs, checkLiteralSecretEnv(opts)...)
	v := viper.New()
	if err := v.MergeConfigMap(doc); err != nil {
		return nil, Problems{{ID: RuleFile, File: src.File, Msg: "cannot merge the settings: " + err.Error()}}
	}
	bindInputs(v, src, opts)
	var s Settings
	if err := v.Unmarshal(&s); err != nil {
		return nil, Problems{{ID: RuleType, Msg: "cannot decode the merged settings (check OMSSO_* env vars and flags): " + err.Error()}}
	}
	scopesSet := v.IsSet("okta.scopes")
	applyDefaults(&s, v.IsSet)
	r, ps := resolve(&s, src, scopesSet, opts.Table)
	if all := append(probs, src.notDropped(ps)...); len(all) > 0 {
		return nil, &Failure{Problems: all.sorted(), Partial: r}
	}
	return r, nil
}

// readFiles reads and checks every settings file on its own (so each problem names its file
// and line), then merges them left to right. The error is set when no merged view makes sense.
func readFiles(opts Options) (*Source, map[string]any, Problems, error) {
	src := &Source{lines: map[string]pos{}, origins: map[string]string{}}
	doc := map[string]any{}
	var probs Problems
	for _, file := range opts.files() {
		one := &Source{File: file}
		if file == "-" {
			one.File = StdinName
		}
		data, format, err := readInput(file, opts.Stdin)
		if err != nil {
			return nil, nil, nil, Problems{{ID: RuleFile, File: one.File, Msg: err.Error(), Fix: fixForRead(err)}}
		}
		instance, ps := parseDoc(one, data, format)
		if instance == nil {
			return nil, nil, nil, append(probs, ps...).sorted()
		}
		probs = append(probs, ps...)
		typeProbs := checkSchema(one, instance)
		probs = append(probs, typeProbs...)
		m, _ := instance.(map[string]any)
		for _, p := range typeProbs {
			// Every finding in one run: a value of the wrong type is left out, the rest is
			// still judged, and what only follows from leaving it out is not reported.
			if dropPath(m, p.Path) {
				src.dropped = append(src.dropped, p.Path)
			}
		}
		mergeValues(doc, m, "", src.lines)
		for p, at := range one.lines {
			src.lines[p] = at
		}
		src.File = one.File
		src.Files = append(src.Files, one.File)
	}
	return src, doc, probs, nil
}

func readInput(file string, stdin io.Reader) ([]byte, string, error) {
	if file == "-" {
		return readStdin(stdin)
	}
	return readFile(file)
}

// mergeValues merges over into base as Helm merges values files: maps merge key by key, lists
// and scalars replace, and a null removes the key. The lines of what was replaced are
// forgotten, so a problem points at the file that set the value that won.
func mergeValues(base, over map[string]any, path string, lines map[string]pos) {
	for k, ov := range over {
		p := joinPath(path, k)
		bm, baseIsMap := base[k].(map[string]any)
		om, overIsMap := ov.(map[string]any)
		if baseIsMap && overIsMap {
			mergeValues(bm, om, p, lines)
			continue
		}
		for lp := range lines {
			if lp == p || strings.HasPrefix(lp, p+".") || strings.HasPrefix(lp, p+"[") {
				delete(lines, lp)
			}
		}
		if ov == nil {
			delete(base, k)
			continue
		}
		base[k] = ov
	}
}

func readFile(path string) ([]byte, string, error) {
	format := ""
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		format = "yaml"
	case ".json":
		format = "json"
	case ".toml":
		format = "toml"
	default:
		return nil, "", fmt.Errorf("%w %q", errUnknownType, filepath.Ext(path))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("cannot read the settings file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, "", fmt.Errorf("cannot read the settings file: %w", err)
	}
	if st.IsDir() {
		return nil, "", errors.New("is a directory, not a settings file")
	}
	buf, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, "", fmt.Errorf("cannot read the settings file: %w", err)
	}
	n := len(buf)
	if n > MaxFileSize {
		return nil, "", fmt.Errorf("is larger than %d bytes; a settings file is a few hundred bytes", MaxFileSize)
	}
	data := bytes.TrimPrefix(buf[:n], []byte("\xef\xbb\xbf")) // editors on Windows add a BOM
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, "", errEmpty
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, "", errors.New("is binary (contains NUL bytes), not a settings file")
	}
	return data, format, nil
}

// readStdin reads settings piped in: JSON when the text starts with '{', else YAML (TOML
// needs a file name to be told apart).
func readStdin(r io.Reader) ([]byte, string, error) {
	if r == nil {
		return nil, "", errors.New("no input on stdin")
	}
	buf, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, "", fmt.Errorf("cannot read the settings from stdin: %w", err)
	}
	if len(buf) > MaxFileSize {
		return nil, "", fmt.Errorf("is larger than %d bytes; a settings file is a few hundred bytes", MaxFileSize)
	}
	data := bytes.TrimPrefix(buf, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, "", errEmpty
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, "", errors.New("is binary (contains NUL bytes), not a settings file")
	}
	format := "yaml"
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		format = "json"
	}
	return data, format, nil
}

// Errors of reading a settings file that get a fix.
var (
	errUnknownType = errors.New("unknown file type")
	errEmpty       = errors.New("is empty")
)

func fixForRead(err error) string {
	switch {
	case errors.Is(err, errUnknownType):
		return "name the file .yaml, .yml, .json or .toml"
	case errors.Is(err, fs.ErrNotExist):
		return "check the path, or write one with omsso init"
	case errors.Is(err, fs.ErrPermission):
		return "make the file readable by this user"
	case errors.Is(err, errEmpty):
		return "write one with omsso init (it asks a few questions), or start from the example in the README"
	}
	return ""
}

// dropPath deletes the value at a dotted field path (a list item's path drops its list), and
// reports whether it was there. The root (path "") is not dropped.
func dropPath(m map[string]any, path string) bool {
	if i := strings.IndexByte(path, '['); i >= 0 {
		path = path[:i]
	}
	if path == "" || m == nil {
		return false
	}
	keys := strings.Split(path, ".")
	for _, k := range keys[:len(keys)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			return false
		}
		m = next
	}
	if _, ok := m[keys[len(keys)-1]]; !ok {
		return false
	}
	delete(m, keys[len(keys)-1])
	return true
}

// notDropped leaves out the problems of fields whose values were dropped for their type: the
// type error already names them.
func (s *Source) notDropped(ps Problems) Problems {
	if len(s.dropped) == 0 {
		return ps
	}
	var out Problems
	for _, p := range ps {
		if !slices.ContainsFunc(s.dropped, func(d string) bool {
			return p.Path == d || strings.HasPrefix(p.Path, d+".") || strings.HasPrefix(p.Path, d+"[")
		}) {
			out = append(out, p)
		}
	}
	return out
}
