package omconf

import (
	"fmt"
	"strings"
)

// Lookup returns an env var's value and whether it is set.
type Lookup func(name string) (string, bool)

// MapLookup turns a map into a Lookup.
func MapLookup(m map[string]string) Lookup {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// Substitute rewrites config text the way OpenMetadata does before parsing YAML: Dropwizard's
// EnvironmentVariableSubstitutor(strict=false), i.e. commons-text StringSubstitutor with prefix
// "${", suffix "}", escape '$', default delimiter ":-", no substitution inside variable names,
// and recursive substitution inside substituted values. Unset variables without a default stay
// as they are. A cycle is an error, as in commons-text.
func Substitute(text string, env Lookup) (string, error) {
	b := []rune(text)
	_, err := substitute(&b, 0, len(b), env, nil)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

const maxDepth = 64 // commons-text has no limit but a cycle check; this bounds hostile input too

// substitute processes buf[offset:offset+length] in place and returns the change in length.
func substitute(buf *[]rune, offset, length int, env Lookup, prior []string) (int, error) {
	if len(prior) > maxDepth {
		return 0, fmt.Errorf("variable substitution nested deeper than %d levels", maxDepth)
	}
	lengthChange := 0
	bufEnd := offset + length
	pos := offset
	for pos < bufEnd {
		if !isPrefix(*buf, pos, bufEnd) {
			pos++
			continue
		}
		if pos > offset && (*buf)[pos-1] == '$' {
			// Escaped: drop the escape character; the "${" stays literal.
			*buf = append((*buf)[:pos-1], (*buf)[pos:]...)
			bufEnd--
			lengthChange--
			continue
		}
		startPos := pos
		pos += 2
		found := false
		for pos < bufEnd {
			if (*buf)[pos] != '}' {
				pos++
				continue
			}
			found = true
			expr := string((*buf)[startPos+2 : pos])
			pos++
			endPos := pos
			name, def, hasDef := expr, "", false
			// With nested substitution off, a "${" inside the expression stops the search for
			// the default delimiter.
			for i := 0; i < len(expr); i++ {
				if strings.HasPrefix(expr[i:], "${") {
					break
				}
				if strings.HasPrefix(expr[i:], ":-") {
					name, def, hasDef = expr[:i], expr[i+2:], true
					break
				}
			}
			for _, p := range prior {
				if p == name {
					return 0, fmt.Errorf("infinite loop in property interpolation of %s", strings.Join(append(prior[1:], name), "->"))
				}
			}
			val, ok := env(name)
			if !ok && hasDef {
				val, ok = def, true
			}
			if ok {
				vr := []rune(val)
				tail := append([]rune(nil), (*buf)[endPos:]...)
				*buf = append(append((*buf)[:startPos], vr...), tail...)
				next := append(append([]string(nil), prior...), name)
				if len(prior) == 0 {
					next = append([]string{"<root>"}, next...)
				}
				change, err := substitute(buf, startPos, len(vr), env, next)
				if err != nil {
					return 0, err
				}
				change += len(vr) - (endPos - startPos)
				pos += change
				bufEnd += change
				lengthChange += change
			}
			break
		}
		if !found {
			// Unterminated "${": commons-text stops scanning here.
			break
		}
	}
	return lengthChange, nil
}

func isPrefix(b []rune, pos, end int) bool {
	return pos+1 < end && b[pos] == '$' && b[pos+1] == '{'
}

// EscapeSubst writes s so that Substitute gives it back unchanged: every "${" becomes "$${".
func EscapeSubst(s string) string { return strings.ReplaceAll(s, "${", "$${") }
