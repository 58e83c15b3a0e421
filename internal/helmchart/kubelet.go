package helmchart

import (
	"strings"
	"unicode/utf8"
)

// ExpandEnv applies the kubelet's expansion of a container's env[].value (not valueFrom, not
// envFrom), as Kubernetes documents it for dependent environment variables:
//   - "$$" becomes "$" (the escape);
//   - "$(NAME)" becomes the value of NAME when it is defined for the container (from envFrom,
//     or an env entry earlier in the list), and stays as written when it is not;
//   - "$(" without a closing ")" stays, and so does any other '$' (a trailing one too).
//
// Kubelets before the fix of kubernetes#136323 (in 1.34.4; 1.34.3 still has the old code) kept
// only the first byte of a multi-byte character after such a '$' (and from 1.34 on the invalid
// UTF-8 made the pod fail to start); omsso never writes a '$' into a value the kubelet expands. The model is checked against Kubernetes' own expansion
// package (internal/oracle/kubelet).
//
// defined holds the variables defined so far. An empty value is not expanded (nothing to do).
func ExpandEnv(value string, defined map[string]string) string {
	if !strings.Contains(value, "$") {
		return value
	}
	var b strings.Builder
	for i := 0; i < len(value); i++ {
		if value[i] != '$' || i+1 >= len(value) {
			b.WriteByte(value[i])
			continue
		}
		switch value[i+1] {
		case '$':
			b.WriteByte('$')
			i++
		case '(':
			end := strings.IndexByte(value[i+2:], ')')
			if end < 0 {
				// Unclosed: "$(" is kept and the scan goes on after it.
				b.WriteString("$(")
				i++
				continue
			}
			name := value[i+2 : i+2+end]
			if v, ok := defined[name]; ok {
				b.WriteString(v)
			} else {
				b.WriteString("$(" + name + ")")
			}
			i += 2 + end
		default:
			// A '$' that starts no reference is kept with the character after it (an invalid
			// UTF-8 byte becomes U+FFFD).
			r, size := utf8.DecodeRuneInString(value[i+1:])
			b.WriteByte('$')
			b.WriteRune(r)
			i += size
		}
	}
	return b.String()
}
