// Package quote holds the one quoting function per output syntax. Every value a template
// writes goes through one of these; none is spliced raw.
package quote

import (
	"regexp"
	"strconv"
	"strings"
)

// YAML returns s as a YAML double-quoted scalar. Go's quoting escapes are a subset of YAML's
// (\" \\ \n \t \uXXXX ...), and settings validation has refused control characters and invalid
// UTF-8 already.
func YAML(s string) string { return strconv.Quote(s) }

// ServerYAML is a YAML double-quoted scalar for text the server substitutes before parsing
// (conf/openmetadata.yaml, an env value spliced into it). Every '$' is written as the YAML
// escape \x24, so the text holds no "${" at all: the substitutor, which runs on raw text before
// YAML decodes the escape, leaves it alone whatever comes before or after it in the file. "$${"
// would not do: commons-text drops that escape only when a '}' follows in the same scan.
func ServerYAML(s string) string { return strings.ReplaceAll(YAML(s), "$", `\x24`) }

// SubstEscape writes s so that the server's substitution, scanning it on its own (an env
// value re-scanned after it was substituted), gives s back: a '$' goes before every "${" that a
// '}' follows, and only there (commons-text keeps the escape of a "${" with no '}' after it).
// For values the Helm chart quotes into env values, where a YAML escape cannot be used.
func SubstEscape(s string) string { return SubstEscapeList([]string{s})[0] }

// SubstEscapeList is SubstEscape for the items of one scan, such as the items of a list the
// chart joins into one env value: a '}' in a later item closes a "${" in an earlier one. The
// text between items must hold no '$', '{' or '}' (quotes and commas).
func SubstEscapeList(items []string) []string {
	out := make([]string, len(items))
	closedAfter := false // a '}' follows the current item in the scan
	for i := len(items) - 1; i >= 0; i-- {
		out[i] = escapeTerminated(items[i], closedAfter)
		closedAfter = closedAfter || strings.Contains(items[i], "}")
	}
	return out
}

func escapeTerminated(s string, closedAfter bool) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '$' && i+1 < len(s) && s[i+1] == '{' && (closedAfter || strings.Contains(s[i+2:], "}")) {
			b.WriteByte('$')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ServerComment writes text into a comment of a file the server substitutes (comments
// included): a "${" there must not start a reference, and "$${" is harmless whether or not a
// '}' follows.
func ServerComment(s string) string { return strings.ReplaceAll(s, "${", "$${") }

// Kubelet escapes an env[].value of a Kubernetes container: the kubelet expands $(NAME) and
// turns "$$" into "$" in those values (not in valueFrom or envFrom), so every '$' is doubled.
func Kubelet(s string) string { return strings.ReplaceAll(s, "$", "$$") }

// plainRe: a YAML plain scalar that both YAML 1.1 (the server's SnakeYAML) and 1.2 read as the
// same string, in block and flow context: starts with a letter, no spaces, quotes, '#', ',',
// brackets or braces.
var plainRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._/@:+=-]*$`)

var yamlWords = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true,
	"y": true, "n": true, "null": true,
}

// idRe/numberRe: an ID such as an Okta client ID (0oa1abcd...) may start with a digit and still
// be plain unless YAML 1.1 or 1.2 would read it as a number (decimal, 0x/0o/0b forms, 1e5).
var (
	idRe     = regexp.MustCompile(`^[0-9][A-Za-z0-9]*$`)
	numberRe = regexp.MustCompile(`^([0-9]+|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+[eE][0-9]+)$`)
)

// plain reports whether s can be written as a plain scalar.
func plain(s string) bool {
	if idRe.MatchString(s) {
		return !numberRe.MatchString(s)
	}
	return plainRe.MatchString(s) && !yamlWords[strings.ToLower(s)] &&
		!strings.HasSuffix(s, ":") && !strings.Contains(s, "::")
}

// Fragment returns the YAML text of a string in an env value that the server splices into its
// config and re-scans on its own: plain when that reads back unchanged (plain scalars never
// hold '$'), else double-quoted with "'" as \x27 (so the fragment also fits in a single-quoted
// dotenv value) and '$' as \x24 (so the substitutor never sees a "${").
func Fragment(s string) string {
	if plain(s) {
		return s
	}
	return strings.ReplaceAll(ServerYAML(s), "'", `\x27`)
}

// FragmentList returns a flow sequence of fragments: [a,"b c"].
func FragmentList(items []string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = Fragment(s)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// dotenvPlainRe: values compose-go's dotenv parser reads back unchanged without quotes (no
// '$' expansion, no " #" comment, no leading quote, no trailing space).
var dotenvPlainRe = regexp.MustCompile(`^[A-Za-z0-9._/@:+=,\[\]-]+$`)

// Dotenv returns v for a KEY=v line of an env file. Anything beyond the safe set is
// single-quoted, which compose-go's dotenv reads literally; v must not contain "'" (Fragment
// output never does) nor end in a backslash.
func Dotenv(v string) string {
	if dotenvPlainRe.MatchString(v) {
		return v
	}
	return "'" + v + "'"
}

// Compose escapes a literal for a compose file, where "$" starts interpolation.
func Compose(s string) string { return strings.ReplaceAll(s, "$", "$$") }

// MarkdownCode writes s as a Markdown code span that renders as exactly s: the fence is longer
// than any run of backticks inside, and line breaks (refused by settings anyway) become spaces.
func MarkdownCode(s string) string {
	s = strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || longest > 0 {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// Shell quotes s as one POSIX shell word for the commands omsso prints: bare when it holds only
// safe characters, else single-quoted.
func Shell(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-=:@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
