package omconf

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// This file models how OpenMetadata binds its parsed config: Dropwizard reads the YAML into a
// Jackson tree with jackson-dataformat-yaml (SnakeYAML underneath, YAML 1.1 implicit typing of
// plain scalars), then binds the tree to the generated POJOs (String, Boolean, Integer,
// List<String>, Set<String> for uniqueItems arrays, Map<String,String>). It matters for files
// people edit by hand (verify, patch); omsso's own output quotes every value that could be
// typed. The model is checked against the real libraries by the oracle tests.

// NullItem stands for a null item of a list or a null value of a map (`[a, ~]`), which Jackson
// keeps as a Java null.
const NullItem = "\x00null"

// token is a scalar as Jackson's YAML parser reports it.
type token struct {
	kind  tokenKind
	text  string   // string value, or the original text
	b     bool     // boolean value
	i     *big.Int // integer value
	f     float64  // float value
	alias bool
}

type tokenKind int

const (
	tNull tokenKind = iota
	tBool
	tInt
	tFloat
	tString
	tBinary // a !!binary scalar, decoded; text holds it re-encoded as Jackson writes it
)

// SnakeYAML 1.x implicit resolvers (YAML 1.1), in the order they are tried.
var (
	yaml11Bool  = regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`)
	yaml11Int   = regexp.MustCompile(`^(?:[-+]?0b_*[01]+[01_]*|[-+]?0_*[0-7]+[0-7_]*|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x_*[0-9a-fA-F]+[0-9a-fA-F_]*|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)
	yaml11Float = regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	yaml11Null  = regexp.MustCompile(`^(?:~|null|Null|NULL)?$`)
)

// scalarToken types a scalar node like jackson-dataformat-yaml 2.14+ over SnakeYAML.
func scalarToken(n *yaml.Node) (token, error) {
	v := n.Value
	plain := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
	tag := ""
	if n.Style&yaml.TaggedStyle != 0 {
		tag = strings.TrimPrefix(n.ShortTag(), "!!")
	}
	switch {
	case tag == "bool":
		if b, ok := yamlBool(v); ok {
			return token{kind: tBool, b: b, text: v}, nil
		}
		return token{kind: tString, text: v}, nil
	case tag == "int" && v != "":
		return numberToken(v)
	case tag == "float" && v != "":
		return floatToken(v)
	case tag == "binary":
		return binaryToken(v)
	case tag == "null" && v != "":
		return token{kind: tNull}, nil
	case tag != "":
		return token{kind: tString, text: v}, nil
	case !plain:
		return token{kind: tString, text: v}, nil
	case yaml11Bool.MatchString(v):
		b, _ := yamlBool(v)
		return token{kind: tBool, b: b, text: v}, nil
	case yaml11Int.MatchString(v):
		return numberToken(v)
	case yaml11Float.MatchString(v):
		return floatToken(v)
	case yaml11Null.MatchString(v):
		return token{kind: tNull}, nil
	}
	return token{kind: tString, text: v}, nil
}

// javaTrim is Java's String.trim(), which Jackson applies before coercing a string to a
// Boolean or an Integer: it removes chars up to U+0020 only (not U+00A0 or other spaces).
func javaTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}

func yamlBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "y", "yes", "on", "true":
		return true, true
	case "n", "no", "off", "false":
		return false, true
	}
	return false, false
}

// numberToken decodes an int-typed scalar as jackson-dataformat-yaml 2.12+ does: a sign, then
// 0b binary, 0x hex, 0-prefixed octal (a bad digit fails the whole document), or decimal digits
// and underscores; anything else (1.5, .5, 1:30) stays a string.
func numberToken(v string) (token, error) {
	s, neg := v, false
	if s[0] == '-' || s[0] == '+' {
		neg, s = s[0] == '-', s[1:]
	}
	if s == "" {
		// "!!int +" (the plain resolver never gives a bare sign): 2.12+ fails the document.
		return token{}, fmt.Errorf("invalid number (%q)", v)
	}
	base, digits := 10, s
	switch {
	case s == "0":
	case s[0] == '0' && (s[1] == 'b' || s[1] == 'B'):
		base, digits = 2, s[2:]
	case s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		base, digits = 16, s[2:]
	case s[0] == '0' && (s[1] == '_' || (s[1] >= '0' && s[1] <= '9')):
		base, digits = 8, s[1:]
	case s[0] == '0':
		return token{kind: tString, text: v}, nil
	case strings.Trim(s, "0123456789_") != "":
		return token{kind: tString, text: v}, nil
	}
	digits = strings.ReplaceAll(digits, "_", "")
	i, ok := new(big.Int).SetString(digits, base)
	if !ok {
		return token{}, fmt.Errorf("invalid base-%d number (%q)", base, v)
	}
	if neg {
		i.Neg(i)
	}
	return token{kind: tInt, i: i, text: v}, nil
}

func floatToken(v string) (token, error) {
	s := strings.ReplaceAll(strings.TrimPrefix(v, "+"), "_", "")
	f, err := strconv.ParseFloat(s, 64)
	if errors.Is(err, strconv.ErrRange) {
		// Out of range is no error for Java's Double.parseDouble: 1e999 is Infinity, 1e-999 0.0.
		err = nil
	}
	if err != nil || strings.ContainsAny(strings.ToLower(s), "in") || strings.Contains(s, ":") {
		// Java's Double.parseDouble rejects ".inf"/".nan" and sexagesimal forms: the whole
		// document fails to read.
		return token{}, fmt.Errorf("malformed numeric value %q", v)
	}
	return token{kind: tFloat, f: f, text: v}, nil
}

// text is what Jackson gives a String field for a scalar token (the node's asText).
func (t token) asText() string {
	switch t.kind {
	case tBool:
		return strconv.FormatBool(t.b)
	case tInt:
		return t.i.String()
	case tFloat:
		return javaDouble(t.f)
	}
	return t.text
}

// binaryToken decodes a !!binary scalar as jackson-dataformat-yaml 2.12+ does, with Jackson's
// MIME base64 variant: white space (any char up to U+0020) only between 4-char units and at
// the ends, padding required, units may follow a padded one; anything else fails the whole
// document. Bound to a String, the bytes come back in standard base64 (Jackson's default
// variant, no line feeds). (2.8 keeps the text as written: the differential tests leave
// !!binary out against it.)
func binaryToken(v string) (token, error) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	s := strings.TrimRightFunc(v, func(r rune) bool { return r <= ' ' })
	var out []byte
	for i := 0; i < len(s); {
		for s[i] <= ' ' {
			i++
		}
		if len(s)-i < 4 {
			return token{}, fmt.Errorf("!!binary %q: base64 expects padding at the end", v)
		}
		var bits uint32
		pad := 0
		for j := range 4 {
			c := s[i+j]
			switch d := strings.IndexByte(alphabet, c); {
			case d >= 0 && pad == 0:
				bits = bits<<6 | uint32(d)
			case c == '=' && j >= 2 && (j == 3 || s[i+3] == '='):
				pad++
				bits <<= 6
			default:
				return token{}, fmt.Errorf("!!binary %q: illegal base64 character %q", v, c)
			}
		}
		out = append(out, byte(bits>>16), byte(bits>>8), byte(bits))
		out = out[:len(out)-pad]
		i += 4
	}
	return token{kind: tBinary, text: base64.StdEncoding.EncodeToString(out)}, nil
}

// javaDouble formats like Java's Double.toString: plain decimal with at least one fraction digit
// for 1e-3 <= |f| < 1e7, else d.dddE[-]n.
func javaDouble(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case math.IsNaN(f):
		return "NaN"
	}
	a := math.Abs(f)
	if a == 0 || (a >= 1e-3 && a < 1e7) {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'E', -1, 64)
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// bindNode binds one YAML node to type t as Jackson's tree sees the parsed config: the last of
// duplicate keys wins, and an alias is the anchor's name as a string (Jackson does not resolve
// aliases). unique drops repeated list items.
func bindNode(n *yaml.Node, t Type, unique bool) (any, error) {
	if n == nil {
		return nil, nil
	}
	switch n.Kind {
	case yaml.AliasNode:
		return bindScalar(token{kind: tString, text: n.Value, alias: true}, t)
	case yaml.ScalarNode:
		tok, err := scalarToken(n)
		if err != nil {
			return nil, err
		}
		return bindScalar(tok, t)
	case yaml.SequenceNode:
		if t != List {
			return nil, fmt.Errorf("expected %s, got a list", typeName(t))
		}
		return bindList(n, unique)
	case yaml.MappingNode:
		if t != Map {
			return nil, fmt.Errorf("expected %s, got a map", typeName(t))
		}
		return bindMap(n)
	}
	return nil, errors.New("unsupported YAML node")
}

// bindList binds a sequence of strings, without repeats when unique.
func bindList(n *yaml.Node, unique bool) ([]string, error) {
	out := []string{}
	seen := map[string]bool{}
	for _, c := range n.Content {
		s, err := itemText(c)
		if err != nil {
			return nil, err
		}
		if unique {
			if seen[s] {
				continue
			}
			seen[s] = true
		}
		out = append(out, s)
	}
	return out, nil
}

// bindMap binds a mapping of strings to strings.
func bindMap(n *yaml.Node) (map[string]string, error) {
	// Jackson's tree keeps the last of duplicate keys before anything is bound.
	last := map[string]*yaml.Node{}
	var order []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		if key.Kind != yaml.ScalarNode && key.Kind != yaml.AliasNode {
			return nil, errors.New("map key: expected a string, got a nested " + kindName(key))
		}
		// Jackson names a field by the key's text as written: ~, null, 0123 or !!int 08 are
		// the keys "~", "null", "0123" and "08", never typed.
		k := key.Value
		if _, seen := last[k]; !seen {
			order = append(order, k)
		}
		last[k] = n.Content[i+1]
	}
	out := map[string]string{}
	for _, k := range order {
		v, err := itemText(last[k])
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

// itemText is a list item or map value bound to String.
func itemText(n *yaml.Node) (string, error) {
	if n.Kind == yaml.AliasNode {
		return n.Value, nil
	}
	if n.Kind != yaml.ScalarNode {
		return "", errors.New("expected string items, got a nested " + kindName(n))
	}
	tok, err := scalarToken(n)
	if err != nil {
		return "", err
	}
	if tok.kind == tNull {
		return NullItem, nil
	}
	return tok.asText(), nil
}

func typeName(t Type) string {
	switch t {
	case Bool:
		return "a boolean"
	case Int:
		return "an integer"
	case List:
		return "a list"
	case Map:
		return "a map (e.g. {})"
	}
	return "a string"
}

// bindScalar coerces a scalar token into a field of type t, as Jackson's databind does by
// default (scalar coercion allowed, empty string as null for wrappers).
func bindScalar(tok token, t Type) (any, error) {
	if tok.kind == tNull {
		return nil, nil
	}
	switch t {
	case String:
		return tok.asText(), nil
	case Bool:
		switch tok.kind {
		case tBool:
			return tok.b, nil
		case tInt:
			return tok.i.Sign() != 0, nil
		case tString:
			s := javaTrim(tok.text)
			switch s {
			case "true", "True", "TRUE":
				return true, nil
			case "false", "False", "FALSE":
				return false, nil
			case "", "null":
				return nil, nil
			}
			return nil, fmt.Errorf("expected a boolean, got %q (only \"true\" or \"false\" recognized)", tok.text)
		}
		return nil, fmt.Errorf("expected a boolean, got %q", tok.text)
	case Int:
		switch tok.kind {
		case tInt:
			if !tok.i.IsInt64() || tok.i.Int64() > math.MaxInt32 || tok.i.Int64() < math.MinInt32 {
				return nil, fmt.Errorf("expected an integer, %s is out of range", tok.text)
			}
			return tok.i.Int64(), nil
		case tFloat:
			if tok.f > math.MaxInt32 || tok.f < math.MinInt32 {
				return nil, fmt.Errorf("expected an integer, %s is out of range", tok.text)
			}
			return int64(tok.f), nil
		case tString:
			s := javaTrim(tok.text)
			if s == "" || s == "null" {
				return nil, nil
			}
			i, err := strconv.ParseInt(s, 10, 32)
			if err != nil {
				return nil, fmt.Errorf("expected an integer, got %q", tok.text)
			}
			return i, nil
		}
		return nil, fmt.Errorf("expected an integer, got %q", tok.text)
	case List:
		return nil, fmt.Errorf("expected a list, got the scalar %q", tok.text)
	case Map:
		return nil, fmt.Errorf("expected a map (e.g. {}), got the scalar %q: the server cannot bind a string into Map<String,String> (helm-charts #229/#245)", tok.text)
	}
	return nil, errors.New("unknown type")
}
