// Package patch applies the settings to an existing conf/openmetadata.yaml in place, changing
// only the values the settings change: comments, blank lines, key order, quoting, indentation,
// `key :` spellings and line endings stay byte for byte.
package patch

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/quote"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

// Mode says how values are written.
type Mode string

// Modes.
const (
	// Defaults rewrites only the default inside ${VAR:-default}, so env vars still override.
	Defaults Mode = "defaults"
	// Literal writes plain values.
	Literal Mode = "literal"
)

// Options tunes a patch.
type Options struct {
	Mode        Mode
	AddSections bool // append the auth sections when the file has neither
}

// Change is one edited or added line.
type Change struct {
	Key   string // server key path
	Line  int    // 1-based line in the output
	Added bool
}

// Result is a patched file.
type Result struct {
	Output  []byte
	Changes []Change
	Notes   []string // what was done differently, and why
	// Warnings ask for an action outside the file (the server's environment).
	Warnings []string
}

// Changed reports whether the output differs from the input.
func (r *Result) Changed() bool { return len(r.Changes) > 0 }

// doc is the file as lines, each with its own ending ("" for a last line without one).
type doc struct {
	lines   []string
	endings []string
	eol     string // the file's usual ending, for added lines
}

func split(in string) doc {
	d := doc{eol: "\n"}
	if strings.Count(in, "\r\n") > strings.Count(in, "\n")/2 {
		d.eol = "\r\n"
	}
	for _, l := range strings.SplitAfter(in, "\n") {
		if l == "" {
			continue
		}
		switch {
		case strings.HasSuffix(l, "\r\n"):
			d.lines, d.endings = append(d.lines, l[:len(l)-2]), append(d.endings, "\r\n")
		case strings.HasSuffix(l, "\n"):
			d.lines, d.endings = append(d.lines, l[:len(l)-1]), append(d.endings, "\n")
		default:
			d.lines, d.endings = append(d.lines, l), append(d.endings, "")
		}
	}
	return d
}

func (d doc) String() string {
	var b strings.Builder
	for i, l := range d.lines {
		b.WriteString(l)
		b.WriteString(d.endings[i])
	}
	return b.String()
}

// op replaces lines [start, end) of the input (end == start: an insertion before start).
type op struct {
	start, end int
	lines      []string
	key        string
	seq        int // creation order: insertions at one place keep it
}

// apply runs ops bottom-up so earlier line indexes stay valid, and returns the changed lines
// (1-based, in the output).
func (d *doc) apply(ops []op) []Change {
	for i := range ops {
		ops[i].seq = i
	}
	slices.SortStableFunc(ops, func(a, b op) int {
		if a.start != b.start {
			return b.start - a.start
		}
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return lb - la // a replacement before an insertion at the same place
		}
		return b.seq - a.seq // insertions at one place: the last first, so they end up in order
	})
	for _, o := range ops {
		eols := make([]string, len(o.lines))
		for i := range eols {
			eols[i] = d.eol
		}
		if o.end > o.start {
			eols[len(eols)-1] = d.endings[o.end-1] // a replaced block keeps its last line's ending
		} else if o.start == len(d.lines) && o.start > 0 && d.endings[o.start-1] == "" {
			d.endings[o.start-1] = d.eol // appending after a last line without an ending
			eols[len(eols)-1] = ""
		}
		d.lines = slices.Replace(d.lines, o.start, o.end, o.lines...)
		d.endings = slices.Replace(d.endings, o.start, o.end, eols...)
	}
	slices.SortStableFunc(ops, func(a, b op) int { return a.start - b.start })
	var changes []Change
	offset := 0
	for _, o := range ops {
		for i := range o.lines {
			changes = append(changes, Change{Key: o.key, Line: o.start + offset + i + 1, Added: o.end == o.start})
		}
		offset += len(o.lines) - (o.end - o.start)
	}
	return changes
}

// Apply patches input with the settings.
func Apply(r *settings.Resolved, input []byte, opts Options) (*Result, error) {
	if opts.Mode == "" {
		opts.Mode = Defaults
	}
	if opts.Mode != Defaults && opts.Mode != Literal {
		return nil, fmt.Errorf("unknown mode %q; use defaults or literal", opts.Mode)
	}
	in := string(input)
	authz, authn, err := sections(input)
	if err != nil {
		return nil, err
	}
	if authz == nil && authn == nil {
		if !opts.AddSections {
			return nil, errors.New("the file has no authorizerConfiguration or authenticationConfiguration section; pass --add-sections to append them")
		}
		return appendSections(r, in, opts)
	}
	d := split(in)
	res := &Result{}
	ops, err := plan(r, d, in, authz, authn, opts, res)
	if err != nil {
		return nil, err
	}
	res.Changes = d.apply(ops)
	out := d.String()
	if err := prove(r, out); err != nil {
		return nil, err
	}
	res.Output = []byte(out)
	if out == in {
		res.Changes = nil
	}
	return res, nil
}

// sections parses the file and finds its two auth sections (both nil when neither is there).
func sections(input []byte) (authz, authn *keyValue, err error) {
	if !utf8.Valid(input) {
		return nil, nil, errors.New("the file is not valid UTF-8")
	}
	var root yaml.Node
	if err := yaml.Unmarshal(input, &root); err != nil {
		return nil, nil, fmt.Errorf("not valid YAML: %w", err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, nil, errors.New("not an OpenMetadata config: the top level is not a mapping")
	}
	if err := checkDuplicates(root.Content[0]); err != nil {
		return nil, nil, err
	}
	top := root.Content[0]
	authz, authn = child(top, "authorizerConfiguration"), child(top, "authenticationConfiguration")
	if authz == nil && authn == nil {
		return nil, nil, nil
	}
	if authz == nil || authn == nil {
		return nil, nil, errors.New("the file has only one of authorizerConfiguration and authenticationConfiguration; add the other by hand or start from the upstream file")
	}
	for _, s := range []*yaml.Node{authz.value, authn.value} {
		if s.Kind != yaml.MappingNode {
			return nil, nil, fmt.Errorf("line %d: the section is not a mapping", s.Line)
		}
	}
	return authz, authn, nil
}

// plan lists the edits: each key whose bound value differs from the settings is replaced in
// place or added; a missing oidcConfiguration gets the whole block.
func plan(r *settings.Resolved, d doc, in string, authz, authn *keyValue, opts Options, res *Result) ([]op, error) {
	want := targets.Baremetal{}.Expected(r)
	cur, curErrs, err := effective(r, in)
	if err != nil {
		return nil, err
	}
	defaults, err := omconf.DefaultsOn(r.OpenMetadata.Version)
	if err != nil {
		return nil, err
	}
	cfgsrc := topSection(in, "configSource")
	var ops []op
	oidcMissing, cfgsrcMissing := false, false
	for _, k := range omconf.Keys() {
		w, ok := want[k.Path]
		if !ok {
			continue
		}
		if _, bad := curErrs[k.Path]; !bad && omconf.Equal(k, w, cur[k.Path]) {
			continue
		}
		parent := authz.value
		switch k.Section() {
		case "configSource":
			if cfgsrc == nil || cfgsrc.value.Kind != yaml.MappingNode {
				cfgsrcMissing = true
				continue
			}
			parent = cfgsrc.value
		case "authorizerConfiguration":
		default:
			parent = authn.value
		}
		if k.Section() == "authenticationConfiguration.oidcConfiguration" {
			o := child(parent, "oidcConfiguration")
			if o == nil || o.value.Kind != yaml.MappingNode {
				oidcMissing = true
				continue
			}
			parent = o.value
		}
		found := child(parent, k.Name())
		if found == nil && omconf.Equal(k, w, defaults[k.Path]) {
			// Absent means the server's default, which is what we want. Adding the key could
			// even break a line that does not know it (unknown keys fail at start).
			continue
		}
		if found == nil {
			at, indent := insertPoint(parent, k)
			ops = append(ops, op{start: at, end: at, lines: []string{indent + k.Name() + ": " + render(r, k, w, opts.Mode, "", res)}, key: k.Path})
			continue
		}
		o, err := replaceValue(r, d, found, k, w, opts.Mode, res)
		if err != nil {
			return nil, err
		}
		ops = append(ops, o)
	}
	if oidcMissing {
		ops = append(ops, oidcBlock(r, authn, want, opts, res))
	}
	if cfgsrcMissing {
		ops = append(ops, configSourceBlock(r, d, authz, want, opts, res))
	}
	return ops, nil
}

// configSourceBlock is a new configSource section (2.1) with every key of the table, before
// authorizerConfiguration as upstream has it: a 2.0 conf kept on an upgrade to 2.1 lacks it.
func configSourceBlock(r *settings.Resolved, d doc, authz *keyValue, want omconf.Effective, opts Options, res *Result) op {
	at := authz.key.Line - 1
	for at > 0 && strings.HasPrefix(d.lines[at-1], "#") {
		at-- // above the comments that head authorizerConfiguration
	}
	block := []string{"configSource:"}
	for _, k := range omconf.Keys() {
		if w, ok := want[k.Path]; ok && k.Section() == "configSource" {
			block = append(block, "  "+k.Name()+": "+render(r, k, w, opts.Mode, "", res))
		}
	}
	return op{start: at, end: at, lines: append(block, ""), key: "configSource"}
}

// topSection finds a top-level section of the file (the file parsed before, so errors are nil).
func topSection(in, name string) *keyValue {
	var root yaml.Node
	if yaml.Unmarshal([]byte(in), &root) != nil || len(root.Content) == 0 {
		return nil
	}
	return child(root.Content[0], name)
}

// oidcBlock is a new oidcConfiguration with every key the line reads, as render writes it.
func oidcBlock(r *settings.Resolved, authn *keyValue, want omconf.Effective, opts Options, res *Result) op {
	at, indent := insertPoint(authn.value, omconf.Key{Path: "authenticationConfiguration.oidcConfiguration"})
	block := []string{indent + "oidcConfiguration:"}
	for _, k := range omconf.Keys() {
		if w, ok := want[k.Path]; ok && k.Confidential {
			block = append(block, indent+"  "+k.Name()+": "+render(r, k, w, opts.Mode, "", res))
		}
	}
	return op{start: at, end: at, lines: block, key: "authenticationConfiguration.oidcConfiguration"}
}

// effective computes what the server binds from text, with only the client secret's env var
// set (to the stand-in), so defaults decide.
func effective(r *settings.Resolved, text string) (omconf.Effective, map[string]string, error) {
	sub, err := omconf.Substitute(text, omconf.MapLookup(targets.DeployEnv(r)))
	if err != nil {
		return nil, nil, fmt.Errorf("OpenMetadata's substitution fails on the file: %w", err)
	}
	eff, errs, err := omconf.ParseKeys(sub)
	if err != nil {
		return nil, nil, fmt.Errorf("after OpenMetadata's substitution the file is not valid YAML: %w", err)
	}
	return eff, errs, nil
}

// prove checks the patched text gives the server the settings: a failure is a bug.
func prove(r *settings.Resolved, out string) error {
	eff, errs, err := effective(r, out)
	if err != nil {
		return fmt.Errorf("patch self-check: %w (a bug in omsso; please report it)", err)
	}
	defaults, err := omconf.DefaultsOn(r.OpenMetadata.Version)
	if err != nil {
		return err
	}
	var bad []string
	want := targets.Baremetal{}.Expected(r)
	for k, e := range errs {
		if _, ok := want[k]; ok {
			bad = append(bad, k+": "+e)
		}
	}
	for _, m := range omconf.Compare(want, eff) {
		k, _ := omconf.KeyByPath(m.Key)
		if m.Got == nil && omconf.Equal(k, m.Want, defaults[m.Key]) {
			continue // left absent on purpose: the value is the server's default
		}
		bad = append(bad, m.String())
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		return fmt.Errorf("patch self-check failed (a bug in omsso; please report it):\n  %s", strings.Join(bad, "\n  "))
	}
	return nil
}

type keyValue struct{ key, value *yaml.Node }

func child(m *yaml.Node, name string) *keyValue {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			return &keyValue{m.Content[i], m.Content[i+1]}
		}
	}
	return nil
}

func checkDuplicates(n *yaml.Node) error {
	switch n.Kind {
	case yaml.MappingNode:
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if first, dup := seen[k.Value]; dup {
				return fmt.Errorf("line %d: duplicate key %q (first at line %d); OpenMetadata would read only one of them", k.Line, k.Value, first)
			}
			seen[k.Value] = k.Line
			if err := checkDuplicates(n.Content[i+1]); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if err := checkDuplicates(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// lastLine is the last line a node's text reaches.
func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		if cl := lastLine(c); cl > l {
			l = cl
		}
	}
	return l
}

// insertPoint finds where a missing key goes in upstream order: after the nearest preceding
// key the section has (after its whole value), else first in the section. It returns the
// 0-based line index to insert before, and the section's indentation.
func insertPoint(section *yaml.Node, k omconf.Key) (int, string) {
	indent := strings.Repeat(" ", max(section.Column-1, 0))
	if len(section.Content) > 0 {
		indent = strings.Repeat(" ", section.Content[0].Column-1)
	}
	order := siblingOrder(k.Path)
	idx := slices.Index(order, k.Name())
	for i := idx - 1; i >= 0; i-- {
		if kv := child(section, order[i]); kv != nil {
			return lastLine(kv.value), indent
		}
	}
	if len(section.Content) > 0 {
		return section.Content[0].Line - 1, indent
	}
	return section.Line - 1, indent
}

// siblingOrder lists the upstream order of the keys in a key's section.
func siblingOrder(path string) []string {
	parent := path[:strings.LastIndex(path, ".")]
	var out []string
	for _, k := range omconf.Keys() {
		if k.Path[:strings.LastIndex(k.Path, ".")] == parent {
			out = append(out, k.Name())
		}
	}
	if parent == "authenticationConfiguration" {
		out = append(out, "oidcConfiguration") // after every other key, as upstream has it
	}
	return out
}

var placeholderRe = regexp.MustCompile(`^\$\{([A-Za-z_][A-Za-z0-9_]*):-([^}]*)\}$`)

// render writes a value for a key: the placeholder form in defaults mode (keeping the env var
// name the file uses), else the literal. The client secret is always a reference.
func render(r *settings.Resolved, k omconf.Key, v any, mode Mode, envName string, res *Result) string {
	if k.Env == "OIDC_CLIENT_SECRET" {
		return "${" + r.SecretEnv + ":-}"
	}
	lit := literal(k, v)
	if mode == Literal {
		return lit
	}
	if envName == "" {
		envName = k.Env
	}
	if k.Type == omconf.Map {
		// "{}" cannot sit in a default (it ends at the first "}"); empty means null, which the
		// server treats as no custom parameters.
		return "${" + envName + ":-}"
	}
	frag := fragment(k, v)
	if strings.Contains(frag, "}") {
		res.Notes = append(res.Notes, fmt.Sprintf("%s: the value contains '}', which cannot sit inside ${%s:-...}; written as a literal value", k.Path, envName))
		return lit
	}
	ph := "${" + envName + ":-" + frag + "}"
	if !plainScalar(ph) {
		// The file must stay valid YAML before substitution too (for YAML tools, and for
		// patching it again); a default with ": " or " #" would not be.
		res.Notes = append(res.Notes, fmt.Sprintf("%s: the value cannot sit inside ${%s:-...} and keep the file valid YAML; written as a literal value", k.Path, envName))
		return lit
	}
	return ph
}

// plainScalar reports whether s reads back as itself as a plain YAML value.
func plainScalar(s string) bool {
	var m map[string]any
	if err := yaml.Unmarshal([]byte("k: "+s+"\n"), &m); err != nil {
		return false
	}
	got, ok := m["k"].(string)
	return ok && got == s
}

// literal is the YAML text of a value in a file the server substitutes.
func literal(k omconf.Key, v any) string {
	switch t := v.(type) {
	case bool:
		return strconv.FormatBool(t)
	case int64:
		return strconv.FormatInt(t, 10)
	case []string:
		q := make([]string, len(t))
		for i, s := range t {
			q[i] = quote.ServerYAML(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case map[string]string:
		return "{}"
	case string:
		return quote.ServerYAML(t)
	}
	return `""`
}

// fragment is the text of a value as a ${VAR:-default} default (substituted, then YAML).
func fragment(k omconf.Key, v any) string {
	switch t := v.(type) {
	case []string:
		return quote.FragmentList(t)
	case string:
		return quote.Fragment(t)
	}
	return literal(k, v)
}

// replaceValue returns the op that rewrites the value of kv on its line(s).
func replaceValue(r *settings.Resolved, d doc, kv *keyValue, k omconf.Key, w any, mode Mode, res *Result) (op, error) {
	v := kv.value
	li := v.Line - 1
	if li < 0 || li >= len(d.lines) {
		return op{}, fmt.Errorf("%s: cannot locate the value", k.Path)
	}
	// Block sequences or mappings: the whole block becomes one flow value on the key's line.
	if (v.Kind == yaml.SequenceNode || v.Kind == yaml.MappingNode) && v.Style&yaml.FlowStyle == 0 {
		kl := kv.key.Line - 1
		colon := colonAfterKey(d.lines[kl], kv.key)
		if colon < 0 {
			return op{}, fmt.Errorf("line %d: cannot find the ':' after %s", kv.key.Line, k.Name())
		}
		line := d.lines[kl][:colon+1] + " " + render(r, k, w, mode, "", res)
		return op{start: kl, end: lastLine(v), lines: []string{line}, key: k.Path}, nil
	}
	line := d.lines[li]
	start := byteCol(line, v.Column)
	var end int
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null" && v.Value == "" && v.Line == kv.key.Line && start >= len(strings.TrimRight(line, " \t")):
		// "key:" with nothing after it.
		colon := colonAfterKey(line, kv.key)
		if colon < 0 {
			return op{}, fmt.Errorf("line %d: cannot find the ':' after %s", kv.key.Line, k.Name())
		}
		return op{start: li, end: li + 1, lines: []string{line[:colon+1] + " " + render(r, k, w, mode, "", res) + line[colon+1:]}, key: k.Path}, nil
	case v.Kind == yaml.ScalarNode && v.Style == yaml.DoubleQuotedStyle:
		end = scanQuoted(line, start, '"')
	case v.Kind == yaml.ScalarNode && v.Style == yaml.SingleQuotedStyle:
		end = scanQuoted(line, start, '\'')
	case v.Kind == yaml.ScalarNode && v.Style == 0:
		end = start + len(v.Value)
		if end > len(line) || line[start:end] != v.Value {
			return op{}, fmt.Errorf("line %d: the value of %s spans several lines or has an unusual form; write it on one line", v.Line, k.Name())
		}
	case v.Style&yaml.FlowStyle != 0:
		end = scanFlow(line, start)
	default:
		return op{}, fmt.Errorf("line %d: the value of %s has a form omsso cannot patch (e.g. a block scalar); write it on one line", v.Line, k.Name())
	}
	if end < 0 {
		return op{}, fmt.Errorf("line %d: the value of %s does not end on its line; write it on one line", v.Line, k.Name())
	}
	raw := line[start:end]
	var newRaw string
	if m := placeholderRe.FindStringSubmatch(raw); m != nil && mode == Defaults && k.Env != "OIDC_CLIENT_SECRET" {
		newRaw = render(r, k, w, mode, m[1], res)
	} else {
		newRaw = render(r, k, w, Literal, "", res)
		if mode == Defaults && k.Env != "OIDC_CLIENT_SECRET" {
			res.Notes = append(res.Notes, fmt.Sprintf("%s: line %d has no ${VAR:-default} placeholder; its literal value was replaced", k.Path, v.Line))
		}
	}
	if m := placeholderRe.FindStringSubmatch(raw); m != nil && k.Env == "OIDC_CLIENT_SECRET" && m[1] != r.SecretEnv {
		// The server now reads the secret from another variable: whoever starts it must set it.
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s: line %d read the client secret from $%s; it now reads $%s, the variable the settings name: set $%s where the server starts", k.Path, v.Line, m[1], r.SecretEnv, r.SecretEnv))
	}
	return op{start: li, end: li + 1, lines: []string{line[:start] + newRaw + line[end:]}, key: k.Path}, nil
}

// byteCol converts yaml.v3's 1-based rune column to a byte offset.
func byteCol(line string, col int) int {
	n := 0
	for i := range line {
		if n == col-1 {
			return i
		}
		n++
	}
	return len(line)
}

func colonAfterKey(line string, key *yaml.Node) int {
	start := byteCol(line, key.Column) + len(key.Value)
	if key.Style == yaml.DoubleQuotedStyle || key.Style == yaml.SingleQuotedStyle {
		start += 2
	}
	i := strings.IndexByte(line[min(start, len(line)):], ':')
	if i < 0 {
		return -1
	}
	return start + i
}

// scanQuoted returns the offset after the closing quote of a quoted scalar starting at start.
func scanQuoted(line string, start int, q byte) int {
	for i := start + 1; i < len(line); i++ {
		switch {
		case q == '"' && line[i] == '\\':
			i++
		case line[i] == q && q == '\'' && i+1 < len(line) && line[i+1] == '\'':
			i++
		case line[i] == q:
			return i + 1
		}
	}
	return -1
}

// scanFlow returns the offset after a one-line flow collection starting at start.
func scanFlow(line string, start int) int {
	depth := 0
	for i := start; i < len(line); i++ {
		switch line[i] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '"':
			if j := scanQuoted(line, i, '"'); j > 0 {
				i = j - 1
			} else {
				return -1
			}
		case '\'':
			if j := scanQuoted(line, i, '\''); j > 0 {
				i = j - 1
			} else {
				return -1
			}
		}
	}
	return -1
}

// appendSections adds both auth sections at the end of a file that has neither.
func appendSections(r *settings.Resolved, in string, opts Options) (*Result, error) {
	d := split(in)
	res := &Result{}
	block := []string{"", "# Okta SSO, added by omsso"}
	want := targets.Baremetal{}.Expected(r)
	section := ""
	for _, k := range omconf.Keys() {
		w, ok := want[k.Path]
		if !ok {
			continue
		}
		parts := strings.Split(k.Path, ".")
		if sec := strings.Join(parts[:len(parts)-1], "."); sec != section {
			if len(parts) == 2 {
				block = append(block, parts[0]+":")
			} else {
				block = append(block, "  oidcConfiguration:")
			}
			section = sec
		}
		block = append(block, strings.Repeat("  ", len(parts)-1)+k.Name()+": "+render(r, k, w, opts.Mode, "", res))
	}
	res.Changes = d.apply([]op{{start: len(d.lines), end: len(d.lines), lines: block, key: "(sections)"}})
	out := d.String()
	if err := prove(r, out); err != nil {
		return nil, err
	}
	res.Output = []byte(out)
	return res, nil
}
