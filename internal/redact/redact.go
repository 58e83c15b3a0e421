// Package redact makes text safe to print when part of it came from elsewhere: a server's
// answer, a URL the user typed, a transport error. It removes credentials (any run of 8 or more
// characters of a token or secret, and the user-info of URLs) and escapes control characters,
// so a server cannot hide a secret by cutting it short, nor rewrite the terminal (erase a line,
// print a fake "validation passed") with escape sequences. The Okta and OpenMetadata clients
// both use it for every string a server supplies.
package redact

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinRun is the shortest run of a secret's characters that is hidden wherever it appears.
// Shorter runs are common in ordinary text; 8 random characters are not.
const MinRun = 8

// Hidden replaces a hidden run.
const Hidden = "[hidden]"

// Secrets hides the values it holds. The zero value hides nothing but still cleans URLs and
// control characters.
type Secrets struct {
	values []string
}

// New returns a Secrets holding the non-empty values.
func New(values ...string) *Secrets {
	s := &Secrets{}
	for _, v := range values {
		s.Add(v)
	}
	return s
}

// Add holds one more value (a client secret learned later); "" is ignored.
func (s *Secrets) Add(v string) {
	if v = strings.TrimSpace(v); v != "" {
		s.values = append(s.values, v)
	}
}

// Text is s with every secret run hidden, URL user-info hidden and control characters escaped.
// Hiding comes first, so an escape cannot split a secret into runs too short to match.
func (s *Secrets) Text(t string) string {
	return Escape(URLs(s.hide(t)))
}

// Clip is Text cut to at most n bytes on a rune boundary, with "..." when cut. Hiding happens
// before the cut: a secret that crossed the cut could otherwise show in part.
func (s *Secrets) Clip(t string, n int) string {
	return clip(s.Text(t), n)
}

// hide replaces every run of MinRun or more characters that also occurs in a secret (and
// whole occurrences of shorter secrets). Every such run contains a MinRun-long window of the
// secret, and the union of the windows found covers the run, so marking windows is enough.
func (s *Secrets) hide(t string) string {
	if s == nil || len(s.values) == 0 || t == "" {
		return t
	}
	mark := make([]bool, len(t))
	for _, v := range s.values {
		if len(v) < MinRun {
			markAll(t, v, mark)
			continue
		}
		windows := make(map[string]bool, len(v))
		for i := 0; i+MinRun <= len(v); i++ {
			windows[v[i:i+MinRun]] = true
		}
		for i := 0; i+MinRun <= len(t); i++ {
			if windows[t[i:i+MinRun]] {
				for j := i; j < i+MinRun; j++ {
					mark[j] = true
				}
			}
		}
	}
	var b strings.Builder
	for i := 0; i < len(t); {
		if !mark[i] {
			b.WriteByte(t[i])
			i++
			continue
		}
		b.WriteString(Hidden)
		for i < len(t) && mark[i] {
			i++
		}
	}
	return b.String()
}

func markAll(t, v string, mark []bool) {
	for off := 0; ; {
		i := strings.Index(t[off:], v)
		if i < 0 {
			return
		}
		for j := off + i; j < off+i+len(v); j++ {
			mark[j] = true
		}
		off += i + len(v)
	}
}

// userinfo matches scheme://user[:password]@ in free text.
var userinfo = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#\s@"\\<>]*@`)

// URLs hides the user-info (user name and password) of every URL in t.
func URLs(t string) string {
	return userinfo.ReplaceAllString(t, "${1}"+Hidden+"@")
}

// Escape writes control characters (C0, DEL, C1), Unicode format characters (bidi overrides,
// zero-width) and invalid UTF-8 as visible escapes: text from a server is shown, never obeyed
// by the terminal.
func Escape(t string) string {
	clean := true
	for _, r := range t {
		if r == utf8.RuneError || unsafe(r) {
			clean = false
			break
		}
	}
	if clean {
		return t
	}
	var b strings.Builder
	for i := 0; i < len(t); {
		r, n := utf8.DecodeRuneInString(t[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteString(`\x` + hex2(t[i]))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100 && unsafe(r):
			b.WriteString(`\x` + hex2(byte(r)))
		case unsafe(r):
			fmt.Fprintf(&b, `\u{%x}`, r)
		default:
			b.WriteString(t[i : i+n])
		}
		i += n
	}
	return b.String()
}

func unsafe(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}

func clip(t string, n int) string {
	if len(t) <= n {
		return t
	}
	for n > 0 && !utf8.RuneStart(t[n]) {
		n--
	}
	return t[:n] + "..."
}
