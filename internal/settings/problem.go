package settings

import (
	"fmt"
	"sort"
	"strings"
)

var (
	userinfoRe = lazyRE(`(://)[^/@\s"]*@`)
	// tokenRe: a run this long of token characters looks like a secret or API key (Okta client
	// secrets are 40+); IDs omsso echoes (client IDs, server IDs) are 20.
	tokenRe = lazyRE(`[A-Za-z0-9_\-+=]{32,}`)
)

// Redact masks what looks like a secret in text that echoes input: URL credentials and long
// token-like runs.
func Redact(s string) string {
	s = userinfoRe.ReplaceAllString(s, "${1}***@")
	return tokenRe.ReplaceAllStringFunc(s, func(t string) string {
		return fmt.Sprintf("%s…[%d characters hidden]", t[:4], len(t)-4)
	})
}

// Problem is one thing wrong with the settings: where, what and how to fix it.
type Problem struct {
	ID       string   // rule ID, see Rules
	Severity Severity // "" means error
	File     string   // settings file, "" when the value came from env or flags
	Origin   string   // the flag or env var that set the value ("--issuer", "$OMSSO_OKTA_DOMAIN"), else ""
	Line     int      // 0 when unknown
	Path     string   // field path, e.g. okta.clientId
	Msg      string
	Fix      string
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Origin != "" {
		b.WriteString(p.Origin + ": ")
	} else if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	if p.ID != "" {
		b.WriteString(" [" + p.ID + "]")
	}
	if p.Fix != "" {
		b.WriteString("\n    fix: ")
		b.WriteString(p.Fix)
	}
	return b.String()
}

// Problems collects every problem so the user sees them all at once.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	if len(ps) == 1 {
		b.WriteString("1 problem in the settings:\n")
	} else {
		fmt.Fprintf(&b, "%d problems in the settings:\n", len(ps))
	}
	for _, p := range ps {
		b.WriteString("  ")
		b.WriteString(p.String())
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// sorted orders problems by line, then path, so output is stable.
func (ps Problems) sorted() Problems {
	out := append(Problems(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		li, lj := out[i].Line, out[j].Line
		if li == 0 {
			li = 1 << 30
		}
		if lj == 0 {
			lj = 1 << 30
		}
		if li != lj {
			return li < lj
		}
		return out[i].Path < out[j].Path
	})
	return out
}

// Failure is what Load returns when the settings have errors: every problem, and the partly
// resolved settings so lint can still report its warnings.
type Failure struct {
	Problems Problems
	Partial  *Resolved // may be nil (unreadable file, wrong types)
}

func (f *Failure) Error() string { return f.Problems.Error() }

// Unwrap lets errors.As find the Problems.
func (f *Failure) Unwrap() error { return f.Problems }
