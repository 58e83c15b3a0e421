package helmchart

import "strings"

// ExpandEnv applies the kubelet's expansion of a container's env[].value (not valueFrom, not
// envFrom), as Kubernetes documents it for dependent environment variables:
//   - "$$" becomes "$" (the escape);
//   - "$(NAME)" becomes the value of NAME when it is defined for the container (from envFrom,
//     or an env entry earlier in the list), and stays as written when it is not;
//   - "$(" without a closing ")" stays, and so does any other '$' (a trailing one too).
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
		switch next := value[i+1]; next {
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
			// A '$' that starts no reference is kept with the byte after it, which the kubelet
			// writes back as the rune of that byte value: a '$' before a multi-byte character
			// garbles it, as in Kubernetes' own expansion code.
			b.WriteByte('$')
			b.WriteRune(rune(next))
			i++
		}
	}
	return b.String()
}
