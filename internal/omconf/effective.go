package omconf

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/internal/settings"
)

// Effective is what the server binds: server key path -> typed value (string, bool, int64,
// []string, map[string]string, or nil for null/absent).
type Effective map[string]any

// Model returns the sections of conf/openmetadata.yaml the table covers as placeholders, one
// "key: ${ENV:-default}" per key in upstream order, for the keys the given line reads, with
// that line's defaults. It is the model the docker and helm self-checks substitute into; tests
// compare it with the real upstream file of each line they have.
func Model(line string) string {
	var b strings.Builder
	section := ""
	for _, k := range Keys() {
		if !k.ReadOn(line) {
			continue
		}
		sec, indent := sectionOf(k)
		if sec != section {
			top, _, nested := strings.Cut(sec, ".")
			if !strings.HasPrefix(section+".", top+".") {
				b.WriteString(top + ":\n")
			}
			if nested {
				b.WriteString("  " + sec[len(top)+1:] + ":\n")
			}
			section = sec
		}
		fmt.Fprintf(&b, "%s%s: ${%s:-%s}\n", indent, k.Name(), k.Env, k.ConfDefaultOn(line))
	}
	return b.String()
}

func sectionOf(k Key) (string, string) {
	i := strings.LastIndex(k.Path, ".")
	sec := k.Path[:i]
	if strings.Count(sec, ".") == 1 {
		return sec, "    "
	}
	return sec, "  "
}

// Defaults is what the server binds for each key when no env var is set: the conf defaults of
// the newest line (for keys whose default never changed, every line's). Callers must not
// modify the map.
func Defaults() (Effective, error) { return DefaultsOn(newest()) }

// DefaultsOn is Defaults for one line: the keys it reads, with its conf defaults. Computed once
// per line (plans ask for it key by key); callers must not modify the map.
func DefaultsOn(line string) (Effective, error) {
	d, ok := lineDefaults[line]
	if !ok {
		return nil, fmt.Errorf("unknown OpenMetadata line %q", line)
	}
	return d()
}

func newest() string { v := settings.Versions(); return v[len(v)-1] }

var lineDefaults = func() map[string]func() (Effective, error) {
	m := map[string]func() (Effective, error){}
	for _, line := range settings.Versions() {
		m[line] = sync.OnceValues(func() (Effective, error) {
			text, err := Substitute(Model(line), MapLookup(nil))
			if err != nil {
				return nil, err
			}
			return Parse(text)
		})
	}
	return m
}()

// Parse binds the auth keys of substituted config text the way Jackson does: scalars coerce
// into the key's type; a wrong shape is an error naming the key.
func Parse(text string) (Effective, error) {
	eff, keyErrs, err := ParseKeys(text)
	if err != nil {
		return nil, err
	}
	if len(keyErrs) > 0 {
		var errs []string
		for _, k := range Keys() {
			if e, ok := keyErrs[k.Path]; ok {
				errs = append(errs, k.Path+": "+e)
			}
		}
		return eff, errors.New(strings.Join(errs, "; "))
	}
	return eff, nil
}

// ParseKeys is Parse with the binding errors per key, for reports.
func ParseKeys(text string) (Effective, map[string]string, error) {
	root, err := parseLikeJackson(text)
	if err != nil {
		return nil, nil, fmt.Errorf("the substituted config is not valid YAML: %w", err)
	}
	if len(root.Content) == 0 {
		return nil, nil, errors.New("the substituted config is empty")
	}
	// Jackson reads the whole document into a tree first: a scalar it cannot decode anywhere
	// (e.g. !!float on, .inf) fails the server's start, not just one key.
	if err := decodeAll(root.Content[0]); err != nil {
		return nil, nil, fmt.Errorf("the server cannot read its config: %w", err)
	}
	eff := Effective{}
	keyErrs := map[string]string{}
	for _, k := range Keys() {
		n := find(root.Content[0], strings.Split(k.Path, "."))
		v, err := bindNode(n, k.Type, k.Unique)
		if err != nil {
			keyErrs[k.Path] = err.Error()
			continue
		}
		eff[k.Path] = v
	}
	return eff, keyErrs, nil
}

// find walks a mapping path like Jackson's tree: the last of duplicate keys wins.
func find(n *yaml.Node, path []string) *yaml.Node {
	if len(path) == 0 {
		return n
	}
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var found *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == path[0] {
			found = n.Content[i+1]
		}
	}
	if found == nil {
		return nil
	}
	return find(found, path[1:])
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "map"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "string"
	}
	return "node"
}

// Mismatch is one key where two effective configs differ.
type Mismatch struct {
	Key       string
	Want, Got any
}

func (m Mismatch) String() string {
	return fmt.Sprintf("%s: want %s, got %s", m.Key, Show(m.Want), Show(m.Got))
}

// Show renders a value for messages.
func Show(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(t)
	case []string:
		q := make([]string, len(t))
		for i, s := range t {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case map[string]string:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ": " + strconv.Quote(t[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// Equal compares two values of a key as the server uses them: a null map and an empty one both
// mean "no custom parameters".
func Equal(k Key, a, b any) bool {
	if k.Type == Map && isEmptyMap(a) && isEmptyMap(b) {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func isEmptyMap(v any) bool {
	if v == nil {
		return true
	}
	m, ok := v.(map[string]string)
	return ok && len(m) == 0
}

// Compare lists the keys of want that got does not match, in upstream order. Keys absent from
// want are not compared.
func Compare(want, got Effective) []Mismatch {
	var out []Mismatch
	for _, k := range Keys() {
		w, ok := want[k.Path]
		if !ok {
			continue
		}
		if !Equal(k, w, got[k.Path]) {
			out = append(out, Mismatch{Key: k.Path, Want: w, Got: got[k.Path]})
		}
	}
	return out
}

// decodeAll types every scalar of the document as Jackson's YAML parser does; mapping keys are
// field names, which it never types.
func decodeAll(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		_, err := scalarToken(n)
		return err
	}
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 && c.Kind == yaml.ScalarNode {
			continue
		}
		if err := decodeAll(c); err != nil {
			return err
		}
	}
	return nil
}
