package settings

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles on first use: a command that never checks settings (version, schema,
// completion) should not pay for compiling them at start (hostRe's counted repetitions alone
// cost about half a millisecond).
type lazyRegexp struct{ re func() *regexp.Regexp }

func lazyRE(expr string) lazyRegexp {
	return lazyRegexp{sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
}

func (l lazyRegexp) MatchString(s string) bool { return l.re().MatchString(s) }

func (l lazyRegexp) FindStringSubmatch(s string) []string { return l.re().FindStringSubmatch(s) }

func (l lazyRegexp) ReplaceAllString(s, repl string) string { return l.re().ReplaceAllString(s, repl) }

func (l lazyRegexp) ReplaceAllStringFunc(s string, f func(string) string) string {
	return l.re().ReplaceAllStringFunc(s, f)
}
