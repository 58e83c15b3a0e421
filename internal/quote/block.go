package quote

import "strings"

// LiteralBlock writes text as the value of a YAML mapping key whose lines are indented by
// indent spaces: a literal block scalar ("|" and the lines as they are) when YAML reads that
// back as exactly text (one final line break, no leading space or line break, no carriage
// return), else a double-quoted scalar. A literal block keeps a file readable in a manifest.
func LiteralBlock(text string, indent int) string {
	if text == "" || !strings.HasSuffix(text, "\n") || strings.HasSuffix(text, "\n\n") ||
		strings.ContainsAny(text[:1], " \t\n") || strings.ContainsAny(text, "\r\uFEFF") {
		return YAML(text)
	}
	pad := strings.Repeat(" ", indent)
	var b strings.Builder
	b.WriteString("|")
	for _, l := range strings.SplitAfter(strings.TrimSuffix(text, "\n"), "\n") {
		b.WriteString("\n")
		if l != "\n" {
			b.WriteString(pad)
		}
		b.WriteString(strings.TrimSuffix(l, "\n"))
	}
	return b.String()
}
