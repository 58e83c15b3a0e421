package settings

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

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
		return nil, Problems{{ID: RuleFile, File: src.File, Msg: "is empty", Fix: "write one with omsso init (it asks a few questions), or start from the example in the README"}}
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
