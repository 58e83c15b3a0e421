package settings

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/schema"
)

// MaxFileSize bounds what Load reads: a settings file is a few hundred bytes, and a bound
// keeps hostile input (huge files, alias bombs) cheap to refuse.
const MaxFileSize = 1 << 20

// EnvPrefix is the prefix of every settings env var: OMSSO_OKTA_CLIENTID sets okta.clientId.
const EnvPrefix = "OMSSO"

// Options says where the settings come from. Precedence: flags > env > files > defaults.
type Options struct {
	File string // settings file; "" reads env and flags only; "-" reads Stdin
	// Files are several settings files merged left to right as Helm merges values files (maps
	// merge, lists and scalars are replaced); when set, File is ignored.
	Files []string
	Flags *pflag.FlagSet // may be nil; see AddFlags
	Stdin io.Reader      // read when a file is "-"
	// Env looks up an environment variable (os.LookupEnv in the CLI). Nil means no
	// environment: Load itself never reads the process's, so callers and tests decide.
	Env func(string) (string, bool)
	// Table is what the settings checks need to know of OpenMetadata's key table (package
	// omconf gives it; settings cannot import it, the table derives its values from settings).
	Table Table
}

// files lists the settings files in merge order.
func (o Options) files() []string {
	if len(o.Files) > 0 {
		return o.Files
	}
	if o.File != "" {
		return []string{o.File}
	}
	return nil
}

func (o Options) lookupEnv(name string) (string, bool) {
	if o.Env == nil {
		return "", false
	}
	return o.Env(name)
}

// Table holds the facts of the key table the settings checks use.
type Table struct {
	// Gates are the settings fields only some OpenMetadata lines read: a field set for an
	// older line gets a warning.
	Gates []Gate
	// ServerEnv maps the env vars the server reads (but the client secret's) to their keys:
	// the secret must not travel in one of them.
	ServerEnv map[string]string
}

// reads reports whether the settings' line reads a field (fields without a gate are read by
// every line).
func (t Table) reads(r *Resolved, field string) bool {
	for _, g := range t.Gates {
		if g.Field == field {
			return r.AtLeast(g.Since)
		}
	}
	return true
}

// Gate says from which OpenMetadata line a settings field is read.
type Gate struct {
	Field, Since string
	Added        string // the release that added it, for the message
}

// StdinName stands for the settings file in messages when it is read from stdin.
const StdinName = "<stdin>"

// Source remembers where values came from, to point problems at file:line, or at the flag or
// env var that set them.
type Source struct {
	File    string            // the last settings file (the most specific), "" when none
	Files   []string          // every settings file, in merge order
	lines   map[string]pos    // field path -> where the value that won was written
	origins map[string]string // lower-case field path -> "--flag" or "$ENV", which win over the files
}

// pos is a line of one settings file.
type pos struct {
	file string
	line int
}

// origin names the flag or env var that set path (or a parent of it), or "".
func (s *Source) origin(path string) string {
	if s == nil || s.origins == nil {
		return ""
	}
	for p := strings.ToLower(path); p != ""; p = parentPath(p) {
		if o, ok := s.origins[p]; ok {
			return o
		}
	}
	return ""
}

// Line returns the line of a field path in the settings file that set it, or 0.
func (s *Source) Line(path string) int { return s.at(path).line }

// at is where a field path (or its closest parent) was written; without a line, the last file.
func (s *Source) at(path string) pos {
	if s == nil {
		return pos{}
	}
	for p := path; p != "" && s.lines != nil; p = parentPath(p) {
		if l, ok := s.lines[p]; ok {
			return l
		}
	}
	return pos{file: s.File}
}

func parentPath(p string) string {
	if i := strings.LastIndexAny(p, ".["); i > 0 {
		return p[:i]
	}
	return ""
}

func (s *Source) problem(id string, sev Severity, path, msg, fix string) Problem {
	p := Problem{ID: id, Severity: sev, Path: path, Msg: Redact(msg), Fix: Redact(fix)}
	if o := s.origin(path); o != "" {
		p.Origin = o // the value came from a flag or an env var, not from a line of the file
	} else if s != nil {
		at := s.at(path)
		p.File, p.Line = at.file, at.line
	}
	return p
}

// flagKeys maps the main flags to settings paths.
var flagKeys = [][3]string{
	{"openmetadata-url", "openmetadata.url", "OpenMetadata's public URL (openmetadata.url)"},
	{"openmetadata-version", "openmetadata.version", "OpenMetadata line to emit keys for (openmetadata.version)"},
	{"okta-domain", "okta.domain", "Okta org or custom domain (okta.domain)"},
	{"client-id", "okta.clientId", "Okta application client ID (okta.clientId)"},
	{"authorization-server", "okta.authorizationServer", "default, org or a custom server id (okta.authorizationServer)"},
	{"issuer", "okta.issuer", "Okta issuer URL (okta.issuer)"},
	{"client-type", "okta.clientType", "public or confidential (okta.clientType)"},
	{"client-secret-env", "okta.clientSecret.env", "env var holding the client secret at deploy time (okta.clientSecret.env)"},
	{"principal-domain", "authorizer.principalDomain", "email domain of the principals (authorizer.principalDomain)"},
}

// AddFlags registers the settings flags on fs.
func AddFlags(fs *pflag.FlagSet) {
	for _, f := range flagKeys {
		fs.String(f[0], "", f[2])
	}
	fs.StringSlice("admin", nil, "admin principal, repeatable (authorizer.adminPrincipals)")
}

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
	if all := append(probs, ps...); len(all) > 0 {
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
		if typeProbs := checkSchema(one, instance); len(typeProbs) > 0 {
			// Wrong types make a merged view meaningless; report them with the key errors.
			return nil, nil, nil, append(probs, typeProbs...).sorted()
		}
		m, _ := instance.(map[string]any)
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

// bindFlag binds a flag to a settings key; viper fails only for a nil flag, which Lookup has
// ruled out, so a failure is a bug in omsso.
func bindFlag(v *viper.Viper, key string, fl *pflag.Flag) {
	if err := v.BindPFlag(key, fl); err != nil {
		panic(fmt.Sprintf("settings: bind --%s: %v", fl.Name, err))
	}
}

// bindInputs puts the env vars and flags over the files in v, remembering which set what. Env
// values are set by hand rather than bound, so that only opts.Env is ever read.
func bindInputs(v *viper.Viper, src *Source, opts Options) {
	changed := map[string]bool{}
	if opts.Flags != nil {
		for _, f := range flagKeys {
			if fl := opts.Flags.Lookup(f[0]); fl != nil && fl.Changed {
				bindFlag(v, f[1], fl)
				changed[strings.ToLower(f[1])] = true
				src.origins[strings.ToLower(f[1])] = "--" + f[0]
			}
		}
		if fl := opts.Flags.Lookup("admin"); fl != nil && fl.Changed {
			bindFlag(v, "authorizer.adminPrincipals", fl)
			changed["authorizer.adminprincipals"] = true
			src.origins["authorizer.adminprincipals"] = "--admin"
		}
	}
	for _, key := range leafKeys(reflect.TypeOf(Settings{}), "") {
		val, ok := opts.lookupEnv(EnvName(key))
		if !ok || changed[key] {
			continue
		}
		src.origins[key] = "$" + EnvName(key)
		if val != "" { // as viper's env binding: an empty variable sets nothing
			v.Set(key, val)
		}
	}
}

// EnvName is the env var for a settings path: okta.clientId -> OMSSO_OKTA_CLIENTID.
func EnvName(path string) string {
	return EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(path, ".", "_"))
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

// HasInput reports whether any setting comes from a flag or an OMSSO_* env var, so that a
// command without a settings file still has something to work with.
func HasInput(fs *pflag.FlagSet, env func(string) (string, bool)) bool {
	for _, key := range leafKeys(reflect.TypeOf(Settings{}), "") {
		if env == nil {
			break
		}
		if _, ok := env(EnvName(key)); ok {
			return true
		}
	}
	if fs == nil {
		return false
	}
	for _, f := range flagKeys {
		if fl := fs.Lookup(f[0]); fl != nil && fl.Changed {
			return true
		}
	}
	fl := fs.Lookup("admin")
	return fl != nil && fl.Changed
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
		return "check the path, or create one with the example in the README"
	case errors.Is(err, fs.ErrPermission):
		return "make the file readable by this user"
	case errors.Is(err, errEmpty):
		return "start from examples/omsso.yaml"
	}
	return ""
}

var yamlLineRe = lazyRE(`^yaml: line (\d+): (.*)$`)

// parseDoc parses YAML or JSON with positions (TOML without), refusing anchors, duplicate and
// unknown keys. It returns the document as a JSON-like value for schema validation.
func parseDoc(src *Source, data []byte, format string) (any, Problems) {
	if format == "toml" {
		var m map[string]any
		if err := toml.Unmarshal(data, &m); err != nil {
			p := Problem{ID: RuleFile, File: src.File, Msg: "invalid TOML: " + err.Error()}
			var de *toml.DecodeError
			if errors.As(err, &de) {
				row, _ := de.Position()
				p.Line = row
				p.Msg = "invalid TOML: " + de.Error()
			}
			return nil, Problems{p}
		}
		inst := jsonify(m)
		return inst, unknownKeys(src, inst, reflect.TypeOf(Settings{}), "")
	}
	if format == "json" {
		// YAML accepts what JSON does not (trailing commas, comments): judge JSON as JSON.
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			p := Problem{ID: RuleFile, File: src.File, Msg: "invalid JSON: " + err.Error(), Fix: "fix the syntax at that line"}
			var se *json.SyntaxError
			if errors.As(err, &se) {
				p.Line = 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
			}
			return nil, Problems{p}
		}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		p := Problem{ID: RuleFile, File: src.File, Msg: "invalid " + strings.ToUpper(format) + ": " + err.Error(), Fix: "fix the syntax at that line"}
		if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
			p.Line, _ = strconv.Atoi(m[1])
			p.Msg = "invalid " + strings.ToUpper(format) + ": " + m[2]
		}
		return nil, Problems{p}
	}
	if len(root.Content) == 0 {
		return nil, Problems{{ID: RuleFile, File: src.File, Msg: "is empty", Fix: "start from examples/omsso.yaml"}}
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, Problems{{ID: RuleFile, File: src.File, Line: doc.Line, Msg: "must be a mapping of settings (openmetadata:, okta:, authorizer:, ...)"}}
	}
	src.lines = map[string]pos{}
	var probs Problems
	inst := nodeToValue(src, doc, "", &probs)
	if len(probs) > 0 {
		return nil, probs
	}
	return inst, unknownKeys(src, inst, reflect.TypeOf(Settings{}), "")
}

// nodeToValue converts a YAML node to a JSON-like value, recording field lines. Anchors and
// aliases are refused outright: settings need none, and expanding them invites alias bombs.
func nodeToValue(src *Source, n *yaml.Node, path string, probs *Problems) any {
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		*probs = append(*probs, Problem{ID: RuleFile, File: src.File, Line: n.Line, Path: path, Msg: "YAML anchors and aliases are not supported in settings", Fix: "write the value out in full"})
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
				*probs = append(*probs, Problem{ID: RuleFile, File: src.File, Line: k.Line, Path: path, Msg: "keys must be plain names"})
				continue
			}
			p := joinPath(path, k.Value)
			if _, dup := m[k.Value]; dup {
				*probs = append(*probs, Problem{ID: RuleFile, File: src.File, Line: k.Line, Path: p, Msg: fmt.Sprintf("duplicate key (first at line %d)", src.lines[p].line), Fix: "keep one of the two"})
				continue
			}
			src.lines[p] = pos{src.File, k.Line}
			m[k.Value] = nodeToValue(src, val, p, probs)
		}
		return m
	case yaml.SequenceNode:
		arr := make([]any, 0, len(n.Content))
		for i, c := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			src.lines[p] = pos{src.File, c.Line}
			arr = append(arr, nodeToValue(src, c, p, probs))
		}
		return arr
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil
		case "!!bool":
			b, err := strconv.ParseBool(strings.ToLower(n.Value))
			if err != nil {
				return n.Value
			}
			return b
		case "!!int", "!!float":
			return json.Number(n.Value)
		case "!!str":
			return n.Value
		default:
			*probs = append(*probs, Problem{ID: RuleFile, File: src.File, Line: n.Line, Path: path, Msg: fmt.Sprintf("YAML tag %s is not supported", n.Tag), Fix: "remove the tag"})
			return nil
		}
	}
	return nil
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// jsonify turns decoded TOML into the value types the schema validator expects.
func jsonify(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range t {
			out[k] = jsonify(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = jsonify(e)
		}
		return out
	case int64:
		return json.Number(strconv.FormatInt(t, 10))
	case float64:
		return json.Number(strconv.FormatFloat(t, 'g', -1, 64))
	}
	return v
}

// unknownKeys reports keys the model lacks, with a suggestion.
func unknownKeys(src *Source, v any, t reflect.Type, path string) Problems {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	fields := map[string]reflect.Type{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		name := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
		fields[name] = t.Field(i).Type
		names = append(names, name)
	}
	if path == "" {
		fields["$schema"] = reflect.TypeOf("")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var probs Problems
	for _, k := range keys {
		ft, ok := fields[k]
		p := joinPath(path, k)
		if !ok {
			msg := fmt.Sprintf("unknown key %q", k)
			fix := "remove it; known keys here: " + strings.Join(names, ", ")
			if s := suggest(k, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
				fix = fmt.Sprintf("rename it to %s (keys are case-sensitive)", s)
			}
			probs = append(probs, src.problem(RuleUnknownKey, Error, p, msg, fix))
			continue
		}
		probs = append(probs, unknownKeys(src, m[k], ft, p)...)
	}
	return probs
}

// suggest finds the closest known name: same spelling in another case, or within two edits.
func suggest(k string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if strings.EqualFold(n, k) {
			return n
		}
		if d := editDistance(strings.ToLower(k), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkSchema validates the file document against the embedded JSON Schema. Required and
// unknown keys are left to the semantic checks (values may come from env or flags) and to
// unknownKeys (which suggests a spelling).
func checkSchema(src *Source, inst any) Problems {
	sch, err := compiledSchema()
	if err != nil {
		return Problems{{Msg: "internal error: settings schema: " + err.Error()}}
	}
	if m, ok := inst.(map[string]any); ok {
		if cs, ok := lookupMap(m, "okta", "clientSecret"); ok {
			if _, isMap := cs.(map[string]any); !isMap && cs != nil {
				// Never echo it: it is probably the secret itself.
				return Problems{src.problem(RuleLiteralSecret, Error, "okta.clientSecret", "a literal client secret is refused: omsso never writes the secret into generated files",
					"reference it instead, e.g. clientSecret: {env: OKTA_CLIENT_SECRET} (or file: /path, or kubernetesSecret: {name: oidc-secrets, key: openmetadata-oidc-client-secret})")}
			}
		}
	}
	err = sch.Validate(inst)
	var ve *jsonschema.ValidationError
	if err == nil || !errors.As(err, &ve) {
		return nil
	}
	var probs Problems
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		// Only types here: values are judged after merging env and flags, with better messages.
		t, ok := e.ErrorKind.(*kind.Type)
		if !ok {
			return
		}
		path := instancePath(e.InstanceLocation)
		msg := fmt.Sprintf("wrong type: got %s, want %s", t.Got, strings.Join(t.Want, " or "))
		fix := "write " + article(strings.Join(t.Want, " or "))
		switch {
		case strings.HasSuffix(path, ".version"):
			fix = `quote the version: "1.12"`
		case len(t.Want) == 1 && t.Want[0] == "array":
			fix = "write a list, e.g. [a, b]"
		case len(t.Want) == 1 && t.Want[0] == "boolean":
			fix = "write true or false, without quotes"
		}
		probs = append(probs, src.problem(RuleType, Error, path, msg, fix))
	}
	walk(ve)
	return probs
}

func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

func instancePath(loc []string) string {
	var b strings.Builder
	for _, tok := range loc {
		if _, err := strconv.Atoi(tok); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteString(".")
		}
		b.WriteString(tok)
	}
	return b.String()
}

func lookupMap(m map[string]any, keys ...string) (any, bool) {
	var cur any = m
	for _, k := range keys {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = mm[k]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

// compiledSchema is compiled once: the schema is embedded and a compiled schema is read-only.
var compiledSchema = sync.OnceValues(compileSchema)

func compileSchema() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.Settings()))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	const url = "omsso.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
}

// checkLiteralSecretEnv refuses OMSSO_OKTA_CLIENTSECRET, which could only carry the secret itself.
func checkLiteralSecretEnv(opts Options) Problems {
	if _, ok := opts.lookupEnv(EnvName("okta.clientsecret")); ok {
		return Problems{{ID: RuleLiteralSecret, Severity: Error, Path: "okta.clientSecret", Msg: "env var " + EnvName("okta.clientsecret") + " would carry the secret itself, which omsso refuses",
			Fix: "unset it and reference the secret: " + EnvName("okta.clientsecret.env") + "=OKTA_CLIENT_SECRET"}}
	}
	return nil
}

// leafKeys lists viper keys (lowercase dotted) for every leaf field, for env binding.
func leafKeys(t reflect.Type, prefix string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := f.Tag.Get("mapstructure")
		if prefix != "" {
			key = prefix + "." + key
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct {
			out = append(out, leafKeys(ft, key)...)
			continue
		}
		out = append(out, key)
	}
	return out
}

// applyDefaults fills what the user left out. Lists default only when absent, so an explicit
// empty list stays empty (and is then judged by the semantic checks).
func applyDefaults(s *Settings, isSet func(string) bool) {
	if s.OpenMetadata.Version == "" {
		s.OpenMetadata.Version = DefaultVersion
	}
	if s.Okta.AuthorizationServer == "" && s.Okta.Issuer == "" {
		s.Okta.AuthorizationServer = DefaultAuthorizationServer
	}
	if s.Okta.ClientType == "" {
		s.Okta.ClientType = Public
	}
	if !isSet("okta.scopes") {
		s.Okta.Scopes = []string{"openid", "email", "profile"}
	}
	if !isSet("authorizer.allowedemailregistrationdomains") {
		s.Authorizer.AllowedEmailRegistrationDomains = []string{"all"}
	}
	if s.Authorizer.AllowedDomains == nil {
		s.Authorizer.AllowedDomains = []string{}
	}
	if !isSet("authentication.jwtprincipalclaims") {
		s.Authentication.JWTPrincipalClaims = []string{"email", "preferred_username", "sub"}
	}
	if s.Authentication.JWTPrincipalClaimsMapping == nil {
		s.Authentication.JWTPrincipalClaimsMapping = []string{}
	}
	if s.Authentication.TokenValidationAlgorithm == "" {
		s.Authentication.TokenValidationAlgorithm = "RS256"
	}
	if s.Targets.Docker.OmJwksURL == "" {
		s.Targets.Docker.OmJwksURL = DefaultDockerJwks
	}
	if s.Targets.Helm.OmJwksURL == "" {
		s.Targets.Helm.OmJwksURL = DefaultHelmJwks
	}
	if s.Targets.Baremetal.OmJwksURL == "" {
		s.Targets.Baremetal.OmJwksURL = DefaultBaremetalJwks
	}
	if cs := s.Okta.ClientSecret; cs != nil && cs.Env == "" && cs.File == "" && cs.KubernetesSecret == nil {
		s.Okta.ClientSecret = nil // an empty mapping from a half-filled file or env
	}
	if ks := s.okSecret(); ks != nil && ks.ClientIDKey == "" {
		ks.ClientIDKey = DefaultKubeClientIDKey
	}
}

func (s *Settings) okSecret() *KubeSecret {
	if s.Okta.ClientSecret == nil {
		return nil
	}
	return s.Okta.ClientSecret.KubernetesSecret
}

// Resolve validates settings built in code (tests, fuzzing): defaults apply to empty fields and
// nil lists, then the same checks as Load.
func Resolve(s Settings) (*Resolved, error) {
	isSet := func(key string) bool {
		switch key {
		case "okta.scopes":
			return s.Okta.Scopes != nil
		case "authorizer.allowedemailregistrationdomains":
			return s.Authorizer.AllowedEmailRegistrationDomains != nil
		case "authentication.jwtprincipalclaims":
			return s.Authentication.JWTPrincipalClaims != nil
		}
		return false
	}
	scopesSet := s.Okta.Scopes != nil
	applyDefaults(&s, isSet)
	r, ps := resolve(&s, &Source{}, scopesSet, Table{})
	if len(ps) > 0 {
		return nil, &Failure{Problems: ps, Partial: r}
	}
	return r, nil
}
