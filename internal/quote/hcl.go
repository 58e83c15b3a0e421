package quote

import (
	"fmt"
	"strings"
)

// HCL returns s as an HCL quoted template string that evaluates to exactly s: the escapes of
// the HCL native syntax (\\ \" \n \r \t, \uNNNN for other control characters), and the
// template sequences "${" and "%{" doubled to "$${" and "%%{", so no value of the settings can
// become an interpolation or a directive in a Terraform file.
func HCL(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == 0xfffd && !validAt(s, i):
			fmt.Fprintf(&b, `\u%04x`, r)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// validAt reports whether the U+FFFD at byte i of s is really written there (not a decoding of
// invalid UTF-8, which settings validation refuses anyway).
func validAt(s string, i int) bool { return strings.HasPrefix(s[i:], "\uFFFD") }
