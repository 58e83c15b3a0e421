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
// and recursive substitution inside substituted values (OKTA-FACTS, "How the server reads its
// config"). The algorithm follows commons-text step by step, because its corners are where
// values go wrong:
//   - "$${" drops its escaping '$' only once the closing '}' of that reference is found; with no
//     '}' after it, "$${" stays. After dropping it, the scan goes on inside the reference.
//   - A "${" with no '}' after it ends the scan of the text (or of the value being re-scanned).
//   - A substituted value is re-scanned on its own: its references end inside it.
//
// Unset variables without a default stay as they are. A cycle is an error, as in commons-text.
// The model is checked against the real library by the oracle tests (internal/oracle).
func Substitute(text string, env Lookup) (string, error) {
	s := &substitutor{buf: []byte(text), env: env}
	if _, err := s.substitute(0, len(s.buf), []string{text}); err != nil {
		return "", err
	}
	return string(s.buf), nil
}

type substitutor struct {
	buf []byte
	env Lookup
}

func (s *substitutor) isPrefix(pos, end int) bool {
	return pos+1 < end && s.buf[pos] == '$' && s.buf[pos+1] == '{'
}

// substitute processes buf[offset:offset+length] in place and returns the change in length.
// prior is the chain of variables being resolved (commons-text's priorVariables, whose first
// entry is the original text).
func (s *substitutor) substitute(offset, length int, prior []string) (int, error) {
	lengthChange := 0
	bufEnd := offset + length
	pos := offset
	escPos := -1
outer:
	for pos < bufEnd {
		if !s.isPrefix(pos, bufEnd) {
			pos++
			continue
		}
		if pos > offset && s.buf[pos-1] == '$' {
			// An escape, deleted only if this reference turns out to be complete.
			escPos = pos - 1
		}
		startPos := pos
		pos += 2
		for pos < bufEnd {
			if s.buf[pos] != '}' {
				pos++
				continue
			}
			if escPos >= 0 {
				s.buf = append(s.buf[:escPos], s.buf[escPos+1:]...)
				escPos = -1
				lengthChange--
				bufEnd--
				// Go on scanning inside the escaped reference, just after its "${".
				pos = startPos + 1
				continue outer
			}
			expr := string(s.buf[startPos+2 : pos])
			pos++
			endPos := pos
			name, def, hasDef := splitDefault(expr)
			if err := checkCycle(name, prior); err != nil {
				return 0, err
			}
			val, ok := s.env(name)
			if !ok && hasDef {
				val, ok = def, true
			}
			if ok {
				tail := append([]byte(nil), s.buf[endPos:]...)
				s.buf = append(append(s.buf[:startPos], val...), tail...)
				change, err := s.substitute(startPos, len(val), append(prior[:len(prior):len(prior)], name))
				if err != nil {
					return 0, err
				}
				change += len(val) - (endPos - startPos)
				pos += change
				bufEnd += change
				lengthChange += change
			}
			continue outer
		}
		// No '}' before the end: commons-text leaves the rest as it is.
	}
	return lengthChange, nil
}

// splitDefault splits "NAME:-default". With substitution in names off, a "${" inside the
// expression stops the search for the delimiter.
func splitDefault(expr string) (name, def string, ok bool) {
	for i := 0; i < len(expr); i++ {
		if strings.HasPrefix(expr[i:], "${") {
			break
		}
		if strings.HasPrefix(expr[i:], ":-") {
			return expr[:i], expr[i+2:], true
		}
	}
	return expr, "", false
}

func checkCycle(name string, prior []string) error {
	for _, p := range prior {
		if p == name {
			return fmt.Errorf("infinite loop in property interpolation of %s: %s", prior[0], strings.Join(prior[1:], "->"))
		}
	}
	return nil
}
