package omconf

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The model parses with yaml.v3 (libyaml's grammar) and then reads the result the way
// SnakeYAML, the parser under Jackson's YAML module, reads the same text where the two differ
// on files people write by hand: undefined aliases, a ':' that ends a plain scalar in a flow
// collection, a bare '?' in a flow sequence. The differential tests (bind_oracle_test.go,
// handedit_oracle_test.go) hold it to the real libraries.

// unknownAnchor reads yaml.v3's error for an undefined alias: yaml.v3 has no typed error for
// it, so its message is all there is to match.
var unknownAnchor = regexp.MustCompile(`unknown anchor '([^']*)' referenced`)

// flowListError is yaml.v3's error for a flow sequence it cannot read, with the line.
var flowListError = regexp.MustCompile(`^yaml: line (\d+): did not find expected ',' or '\]'$`)

// parseLikeJackson parses YAML as SnakeYAML reads it (see above).
func parseLikeJackson(text string) (yaml.Node, error) {
	var root yaml.Node
	first := yaml.Unmarshal([]byte(text), &root)
	err, src, missing := first, text, []string(nil)
	for tries := 0; err != nil && tries < 16; tries++ {
		if m := unknownAnchor.FindStringSubmatch(err.Error()); m != nil && !slices.Contains(missing, m[1]) {
			missing = append(missing, m[1])
		} else if next, ok := bareQuestion(text, err, strings.Count(src, "\n")-strings.Count(text, "\n")); ok {
			text = next
		} else {
			break
		}
		root, src, err = parseAfterAnchors(text, missing)
	}
	if err != nil {
		return yaml.Node{}, first
	}
	// Positions are in src, which may start with the anchors' document: errors count lines
	// of the text as given.
	shift := strings.Count(src, "\n") - strings.Count(text, "\n")
	if err := flowColons(&root, strings.Split(src, "\n"), shift); err != nil {
		return yaml.Node{}, err
	}
	return root, nil
}

// parseAfterAnchors reads text after a document that defines the anchors names, so that an
// alias of an anchor defined nowhere before it is an alias node named by it, as in Jackson,
// which reads an alias as its name whatever the anchor holds. The text itself is never
// rewritten for it. It returns the text parsed (with that first document), for positions.
func parseAfterAnchors(text string, names []string) (yaml.Node, string, error) {
	var root yaml.Node
	if len(names) == 0 {
		return root, text, yaml.Unmarshal([]byte(text), &root)
	}
	var pre strings.Builder
	pre.WriteString("[")
	for i, n := range names {
		if i > 0 {
			pre.WriteString(", ")
		}
		pre.WriteString("&" + n + " x")
	}
	pre.WriteString("]\n...\n")
	if !strings.HasPrefix(text, "%") && !strings.HasPrefix(text, "---") {
		pre.WriteString("---\n") // a document after "..." starts explicitly
	}
	src := pre.String() + text
	dec := yaml.NewDecoder(strings.NewReader(src))
	var anchors yaml.Node
	if err := dec.Decode(&anchors); err != nil {
		return root, src, err
	}
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		return root, src, err
	}
	return root, src, nil
}

// bareQuestion handles a '?' with no key after it in a flow sequence ("[?]", "[a, ?, b]"):
// SnakeYAML reads a single-pair mapping of nulls there (a key indicator), yaml.v3 refuses the
// file. Near the line yaml.v3 names (its count is off by one at times), the first such '?'
// outside quotes and comments becomes "? ~", which yaml.v3 reads as that same mapping;
// nothing else of the text changes.
// shift is how many lines the parsed text had before text (the anchors' document).
func bareQuestion(text string, err error, shift int) (string, bool) {
	m := flowListError.FindStringSubmatch(err.Error())
	if m == nil {
		return "", false
	}
	lines := strings.Split(text, "\n")
	n, _ := strconv.Atoi(m[1])
	n -= shift
	for l := max(n-1, 1); l <= min(n+1, len(lines)); l++ {
		if i := bareQuestionAt(lines[l-1]); i >= 0 {
			lines[l-1] = lines[l-1][:i] + "? ~" + lines[l-1][i+1:]
			return strings.Join(lines, "\n"), true
		}
	}
	return "", false
}

// bareQuestionAt finds a '?' in a flow sequence opened on the line, right after '[' or ',' and
// before ',' or ']' (blanks aside), outside quotes and comments; -1 if there is none.
func bareQuestionAt(line string) int {
	var quote byte
	var open []byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return -1
		case c == '[' || c == '{':
			open = append(open, c)
		case c == ']' || c == '}':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case c == '?' && len(open) > 0 && open[len(open)-1] == '[':
			before := strings.TrimRight(line[:i], " \t")
			after := strings.TrimLeft(line[i+1:], " \t")
			if (strings.HasSuffix(before, "[") || strings.HasSuffix(before, ",")) &&
				(strings.HasPrefix(after, ",") || strings.HasPrefix(after, "]")) {
				return i
			}
		}
	}
	return -1
}

// flowColons reads a ':' that ends a plain scalar in a flow collection right before ',', ']'
// or '}' as SnakeYAML does, as a value indicator (yaml.v3 keeps it in the scalar): a sequence
// item "b:" is the single-pair mapping {b: null}, a mapping key "b:" is the key "b", and a
// mapping value "y:" makes the file unreadable.
func flowColons(n *yaml.Node, src []string, shift int) error {
	flow := n.Style&yaml.FlowStyle != 0
	for i, c := range n.Content {
		if flow && c.Kind == yaml.ScalarNode && endsAtFlowColon(c, src) {
			trimmed := *c
			trimmed.Value = c.Value[:len(c.Value)-1]
			switch {
			case n.Kind == yaml.SequenceNode:
				null := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: c.Line, Column: c.Column}
				n.Content[i] = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Line: c.Line, Column: c.Column, Content: []*yaml.Node{&trimmed, null}}
			case n.Kind == yaml.MappingNode && i%2 == 0:
				n.Content[i] = &trimmed
			default:
				return fmt.Errorf("line %d: expected ',' or '}' after the flow mapping value %q, got ':'", c.Line-shift, trimmed.Value)
			}
			continue
		}
		if err := flowColons(c, src, shift); err != nil {
			return err
		}
	}
	return nil
}

// endsAtFlowColon reports whether a plain scalar (tagged or not) ends in ':' right before
// ',', ']' or '}' in the source.
func endsAtFlowColon(c *yaml.Node, src []string) bool {
	quoted := yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle
	if c.Style&quoted != 0 || !strings.HasSuffix(c.Value, ":") || strings.Contains(c.Value, "\n") || c.Line < 1 || c.Line > len(src) {
		return false
	}
	line := []rune(src[c.Line-1])
	if c.Column < 1 || c.Column > len(line) {
		return false
	}
	// The node starts at its tag or anchor, if any; the scalar's text follows.
	rest := string(line[c.Column-1:])
	at := strings.Index(rest, c.Value)
	if at < 0 || at+len(c.Value) >= len(rest) {
		return false
	}
	return strings.ContainsRune(",]}", rune(rest[at+len(c.Value)]))
}
