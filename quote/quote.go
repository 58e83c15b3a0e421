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

// Subst escapes s for OpenMetadata's ${VAR} substitution: "${" becomes "$${".
func Subst(s string) string { return strings.ReplaceAll(s, "${", "$${") }

// ServerYAML is a YAML scalar in text the server substitutes before parsing (conf/openmetadata.yaml,
// or a Helm value the chart copies into an env var).
func ServerYAML(s string) string { return YAML(Subst(s)) }

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

// Plain reports whether s reads back as the same string when written bare, in YAML 1.1 (the
// server's parser) and 1.2, in block and flow context.
func Plain(s string) bool { return plain(s) }

// plain reports whether s can be written as a plain scalar.
func plain(s string) bool {
	if idRe.MatchString(s) {
		return !numberRe.MatchString(s)
	}
	return plainRe.MatchString(s) && !yamlWords[strings.ToLower(s)] &&
		!strings.HasSuffix(s, ":") && !strings.Contains(s, "::")
}

// Fragment returns the YAML text of a string in an env value that the server splices into its
// config: plain when that reads back unchanged, else double-quoted with "'" as \x27 (so the
// fragment also fits in a single-quoted dotenv value). "${" is escaped for the substitution.
func Fragment(s string) string {
	if plain(s) {
		return s
	}
	return Subst(strings.ReplaceAll(YAML(s), "'", `\x27`))
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
