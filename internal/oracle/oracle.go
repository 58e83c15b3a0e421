// Package oracle runs the real libraries OpenMetadata reads its config with (commons-text's
// StringSubstitutor as Dropwizard configures it, Jackson's YAML parser and data binding) in one
// JVM, so tests can compare omsso's Go models with them case by case.
//
// The Java side is Oracle.java, embedded here and compiled with javac against Debian's jars on
// first use; the class file is cached by a hash of the source and of the jars (path, size, time).
package oracle

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed Oracle.java
var javaSource []byte

// AptInstall is what provides the jars on Debian and Ubuntu.
const AptInstall = "apt-get install -y libcommons-text-java libcommons-lang3-java libjackson2-databind-java libjackson2-dataformat-yaml libyaml-snake-java"

// jarDir is where Debian's java packages put their jars; OMSSO_ORACLE_JARS overrides it.
const jarDir = "/usr/share/java"

// jars are the unversioned names Debian links to the packaged versions.
var jars = []string{
	"commons-text.jar",
	"commons-lang3.jar",
	"jackson-core.jar",
	"jackson-databind.jar",
	"jackson-annotations.jar",
	"jackson-dataformat-yaml.jar",
	"snakeyaml.jar",
}

// ErrMissing is wrapped by Start's error when java, javac or a jar is not installed.
var ErrMissing = errors.New("missing prerequisite")

// Oracle is a running JVM that answers substitution and binding requests.
type Oracle struct {
	mu     sync.Mutex
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr *bytes.Buffer
	dead   error
}

// Start finds java, javac and Debian's jars, compiles Oracle.java (once per source and jar
// set) and starts the JVM.
func Start() (*Oracle, error) {
	dir := os.Getenv("OMSSO_ORACLE_JARS")
	if dir == "" {
		dir = jarDir
	}
	var cp []string
	var missing []string
	for _, j := range jars {
		p := filepath.Join(dir, j)
		if _, err := os.Stat(p); err != nil {
			missing = append(missing, p)
			continue
		}
		cp = append(cp, p)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: %s (%s)", ErrMissing, strings.Join(missing, ", "), AptInstall)
	}
	return startWith(cp)
}

// startWith compiles Oracle.java against the jars cp and starts the JVM on them.
func startWith(cp []string) (*Oracle, error) {
	java, err := exec.LookPath("java")
	if err != nil {
		return nil, fmt.Errorf("%w: java (a JDK 17, e.g. apt-get install -y openjdk-17-jdk-headless): %w", ErrMissing, err)
	}
	javac, err := exec.LookPath("javac")
	if err != nil {
		return nil, fmt.Errorf("%w: javac (a JDK 17, e.g. apt-get install -y openjdk-17-jdk-headless): %w", ErrMissing, err)
	}
	h := sha256.New()
	h.Write(javaSource)
	for _, p := range cp {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMissing, err)
		}
		// Debian keeps the unversioned name across upgrades, so size and time stand for the version.
		fmt.Fprintf(h, "\x00%s %d %d", p, fi.Size(), fi.ModTime().UnixNano())
	}
	classpath := strings.Join(cp, string(os.PathListSeparator))
	classes, err := compile(javac, classpath, hex.EncodeToString(h.Sum(nil))[:16])
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(java, "-Xss4m", "-XX:+UseSerialGC", "-cp", classpath+string(os.PathListSeparator)+classes, "Oracle")
	o := &Oracle{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = &lockedWriter{w: o.stderr}
	if o.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, fmt.Errorf("oracle stdin: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("oracle stdout: %w", err)
	}
	o.stdout = bufio.NewReaderSize(out, 1<<20)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the oracle JVM: %w", err)
	}
	return o, nil
}

// compile builds Oracle.class into a cache directory named by key, unless it is there already.
// It compiles into a fresh directory and renames it, so parallel test binaries never see a
// half-written class.
func compile(javac, classpath, key string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil || base == "" {
		base = os.TempDir()
	}
	root := filepath.Join(base, "omsso-oracle")
	dst := filepath.Join(root, key)
	if _, err := os.Stat(filepath.Join(dst, "Oracle.class")); err == nil {
		return dst, nil
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("oracle cache: %w", err)
	}
	tmp, err := os.MkdirTemp(root, "build-")
	if err != nil {
		return "", fmt.Errorf("oracle cache: %w", err)
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "Oracle.java")
	if err := os.WriteFile(src, javaSource, 0o644); err != nil {
		return "", fmt.Errorf("oracle source: %w", err)
	}
	classes := filepath.Join(tmp, "classes")
	out, err := exec.Command(javac, "-nowarn", "-encoding", "UTF-8", "-cp", classpath, "-d", classes, src).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("compiling Oracle.java: %w\n%s", err, out)
	}
	if err := os.Rename(classes, dst); err != nil {
		// Another process won the race; its copy is as good as ours.
		if _, serr := os.Stat(filepath.Join(dst, "Oracle.class")); serr == nil {
			return dst, nil
		}
		return "", fmt.Errorf("oracle cache: %w", err)
	}
	return dst, nil
}

// Close ends the JVM by closing its stdin and waits for it.
func (o *Oracle) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dead == nil {
		o.dead = errors.New("oracle closed")
	}
	o.stdin.Close()
	// The JVM exits at the end of its input; read what it still writes so it never blocks.
	_, _ = io.Copy(io.Discard, o.stdout)
	if err := o.cmd.Wait(); err != nil {
		return fmt.Errorf("oracle JVM: %w", err)
	}
	return nil
}

// roundTrip sends one JSON line per request and decodes one answer line per request. Writing
// runs beside reading: a large batch would otherwise fill both pipes and deadlock.
func (o *Oracle) roundTrip(reqs []any, decode func(i int, line []byte) error) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dead != nil {
		return o.dead
	}
	werr := make(chan error, 1)
	go func() {
		w := bufio.NewWriterSize(o.stdin, 1<<20)
		enc := json.NewEncoder(w) // Encode ends each request with the newline the JVM reads by
		enc.SetEscapeHTML(false)
		for _, r := range reqs {
			if err := enc.Encode(r); err != nil {
				werr <- err
				return
			}
		}
		werr <- w.Flush()
	}()
	var rerr, firstReqErr error
	for i := range reqs {
		line, err := o.stdout.ReadBytes('\n')
		if err != nil {
			rerr = fmt.Errorf("oracle JVM stopped: %w; stderr: %s", err, o.stderrText())
			break
		}
		if err := decode(i, line); err != nil {
			var re requestError
			if errors.As(err, &re) {
				// The JVM answered that line with an error: the stream is still in step.
				if firstReqErr == nil {
					firstReqErr = err
				}
				continue
			}
			rerr = err
			break
		}
	}
	if rerr != nil {
		// The stream is out of step now: no later call may trust it, and the JVM may be blocked
		// writing answers nobody reads, so end it.
		o.dead = rerr
		_ = o.cmd.Process.Kill()
		o.stdin.Close()
		<-werr
		return rerr
	}
	if err := <-werr; err != nil {
		o.dead = fmt.Errorf("writing to the oracle: %w", err)
		return o.dead
	}
	return firstReqErr
}

// requestError is the JVM's answer to a request it could not serve (a malformed request).
type requestError struct{ msg string }

func (e requestError) Error() string { return e.msg }

func (o *Oracle) stderrText() string {
	lw := o.cmd.Stderr.(*lockedWriter)
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return o.stderr.String()
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// SubstCase is one text substituted with one environment.
type SubstCase struct {
	Text string
	Env  map[string]string
}

// SubstResult is commons-text's answer: the text, or the exception message (e.g. a cycle).
type SubstResult struct {
	Out string
	Err string
}

type substReq struct {
	Op   string            `json:"op"`
	Text string            `json:"text"`
	Env  map[string]string `json:"env"`
}

type answer struct {
	Out        *string                    `json:"out"`
	Error      *string                    `json:"error"`
	ParseError *string                    `json:"parseError"`
	Values     map[string]json.RawMessage `json:"values"`
	Errors     map[string]string          `json:"errors"`
}

// Substitute runs each case through Dropwizard's EnvironmentVariableSubstitutor(false) with the
// case's env in place of the process environment.
func (o *Oracle) Substitute(cases []SubstCase) ([]SubstResult, error) {
	reqs := make([]any, len(cases))
	for i, c := range cases {
		if err := checkUTF8(c.Text, c.Env); err != nil {
			return nil, fmt.Errorf("substitution case %d: %w", i, err)
		}
		env := c.Env
		if env == nil {
			env = map[string]string{}
		}
		reqs[i] = substReq{Op: "subst", Text: c.Text, Env: env}
	}
	res := make([]SubstResult, len(cases))
	err := o.roundTrip(reqs, func(i int, line []byte) error {
		var a answer
		if err := json.Unmarshal(line, &a); err != nil {
			return fmt.Errorf("oracle answer %d: %w", i, err)
		}
		switch {
		case a.Out != nil:
			res[i].Out = *a.Out
		case a.Error != nil && strings.HasPrefix(*a.Error, "oracle: "):
			return requestError{fmt.Sprintf("oracle request %d: %s", i, *a.Error)}
		case a.Error != nil:
			res[i].Err = *a.Error
			if res[i].Err == "" {
				res[i].Err = "error without a message"
			}
		default:
			return fmt.Errorf("oracle answer %d: no out and no error: %s", i, line)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Versions reports the versions of the libraries that answer (e.g. "jackson-dataformat-yaml":
// "2.8.11"); "unknown" where a jar does not say.
func (o *Oracle) Versions() (map[string]string, error) {
	var v map[string]string
	err := o.roundTrip([]any{map[string]string{"op": "versions"}}, func(i int, line []byte) error {
		if err := json.Unmarshal(line, &v); err != nil {
			return fmt.Errorf("oracle versions: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// checkUTF8 refuses text JSON would silently repair (invalid UTF-8 becomes U+FFFD), which would
// make the oracle answer about another text than the model saw.
func checkUTF8(text string, env map[string]string) error {
	if !utf8.ValidString(text) {
		return errors.New("text is not valid UTF-8")
	}
	for k, v := range env {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			return fmt.Errorf("env %q is not valid UTF-8", k)
		}
	}
	return nil
}

// Type is the Java type a key binds to.
type Type string

// Types the OpenMetadata POJOs give the auth keys.
const (
	String Type = "string" // String
	Bool   Type = "bool"   // Boolean
	Int    Type = "int"    // Integer
	List   Type = "list"   // List<String>
	Set    Type = "set"    // Set<String> as LinkedHashSet (uniqueItems arrays)
	Map    Type = "map"    // Map<String,String>
)

// BindKey is a dotted path from the document root and the type it binds to.
type BindKey struct {
	Path string
	Type Type
}

// BindCase is one YAML document and the keys to bind from it.
type BindCase struct {
	YAML string
	Keys []BindKey
}

// BindResult is Jackson's answer for one document.
type BindResult struct {
	ParseErr string
	Values   map[string]any    // path -> string | bool | int64 | []string | map[string]string | nil
	Errs     map[string]string // path -> binding error
	// Nulls marks lists and maps that hold a null item (a `~` entry); Values shows it as "".
	Nulls map[string]bool
}

type bindKeyReq struct {
	Path string `json:"path"`
	Type Type   `json:"type"`
}

type bindReq struct {
	Op   string       `json:"op"`
	Text string       `json:"text"`
	Keys []bindKeyReq `json:"keys"`
}

// Bind parses each document like Dropwizard's YamlConfigurationFactory (a tree read through
// YAMLFactory) and binds each key's node with Jackson to its Java type. A key that is absent is
// nil; a key Jackson refuses is in Errs and nil in Values.
func (o *Oracle) Bind(cases []BindCase) ([]BindResult, error) {
	reqs := make([]any, len(cases))
	for i, c := range cases {
		if err := checkUTF8(c.YAML, nil); err != nil {
			return nil, fmt.Errorf("binding case %d: %w", i, err)
		}
		keys := make([]bindKeyReq, len(c.Keys))
		for j, k := range c.Keys {
			keys[j] = bindKeyReq(k)
		}
		reqs[i] = bindReq{Op: "bind", Text: c.YAML, Keys: keys}
	}
	res := make([]BindResult, len(cases))
	err := o.roundTrip(reqs, func(i int, line []byte) error {
		var a answer
		if err := json.Unmarshal(line, &a); err != nil {
			return fmt.Errorf("oracle answer %d: %w", i, err)
		}
		if a.Error != nil {
			return requestError{fmt.Sprintf("oracle request %d: %s", i, *a.Error)}
		}
		if a.ParseError != nil {
			res[i].ParseErr = *a.ParseError
			if res[i].ParseErr == "" {
				res[i].ParseErr = "parse error without a message"
			}
			return nil
		}
		r := BindResult{Values: map[string]any{}, Errs: a.Errors, Nulls: map[string]bool{}}
		if r.Errs == nil {
			r.Errs = map[string]string{}
		}
		for path, raw := range a.Values {
			v, hasNull, err := decodeValue(raw)
			if err != nil {
				return fmt.Errorf("oracle answer %d, %s: %w", i, path, err)
			}
			r.Values[path] = v
			if hasNull {
				r.Nulls[path] = true
			}
		}
		res[i] = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// decodeValue turns a bound JSON value into the Go shapes omconf.Effective uses.
func decodeValue(raw json.RawMessage) (any, bool, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, false, err
	}
	switch x := v.(type) {
	case nil, string, bool:
		return x, false, nil
	case json.Number:
		n, err := x.Int64()
		if err != nil {
			return nil, false, fmt.Errorf("not an integer: %s", x)
		}
		return n, false, nil
	case []any:
		out := make([]string, len(x))
		hasNull := false
		for i, e := range x {
			switch s := e.(type) {
			case string:
				out[i] = s
			case nil:
				hasNull = true
			default:
				return nil, false, fmt.Errorf("list item %d is %T", i, e)
			}
		}
		return out, hasNull, nil
	case map[string]any:
		out := make(map[string]string, len(x))
		hasNull := false
		for k, e := range x {
			switch s := e.(type) {
			case string:
				out[k] = s
			case nil:
				out[k] = ""
				hasNull = true
			default:
				return nil, false, fmt.Errorf("map value %q is %T", k, e)
			}
		}
		return out, hasNull, nil
	}
	return nil, false, fmt.Errorf("unexpected %T", v)
}
