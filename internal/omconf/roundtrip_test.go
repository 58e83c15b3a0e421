package omconf_test

import (
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/quote"
)

// hostile values: every context in which a "${" may or may not be closed.
var hostile = []string{
	"${X}", "$${X}", "$", "$$", "${", "a${b}c${d:-e}", "$$${", "}${${", "Acme ${SSO", "a$${b", "x}${y",
	"Okta ${OIDC_CLIENT_SECRET}", "$(HOSTNAME)", "${a${b}}", "$${a${b}}", "}", "${}", "$$$", "${X:-}",
}

var env = omconf.MapLookup(map[string]string{"X": "no", "b": "no", "d": "no", "OIDC_CLIENT_SECRET": "s3cr3t", "a": "no", "y": "no", "SSO": "no"})

// A value written by ServerYAML reads back as itself in any conf text around it, and as an env
// value spliced into ${VAR:-default} (re-scanned on its own).
func TestServerYAMLInAnyContext(t *testing.T) {
	for _, s := range hostile {
		frag := quote.ServerYAML(s)
		if strings.Contains(frag, "$") {
			t.Errorf("ServerYAML(%q) = %s still holds a '$'", s, frag)
		}
		for _, ctx := range []struct{ before, after string }{
			{"a: ", "\n"}, {"a: ", "\nb: ${X:-}\n"}, {"a: ${X:-1}\nb: ", "\nc: }\n"},
		} {
			text := ctx.before + frag + ctx.after
			before, _ := omconf.Substitute(ctx.before, env)
			after, _ := omconf.Substitute(ctx.after, env)
			got, err := omconf.Substitute(text, env)
			if want := before + frag + after; err != nil || got != want {
				t.Errorf("Substitute(%q) = %q, %v; want %q", text, got, err, want)
			}
		}
		if got, err := omconf.Substitute("a: ${V:-\"\"}\n", omconf.MapLookup(map[string]string{"V": quote.Fragment(s)})); err != nil || got != "a: "+quote.Fragment(s)+"\n" {
			t.Errorf("fragment %q as an env value: got %q, %v", quote.Fragment(s), got, err)
		}
	}
}

// SubstEscape gives a value back when the server scans it on its own, as it does with an env
// value; SubstEscapeList likewise for the items of one scan joined with quotes and commas.
func TestSubstEscapeAlone(t *testing.T) {
	for _, s := range hostile {
		v := `"` + quote.SubstEscape(s) + `"`
		got, err := omconf.Substitute("a: ${V}", omconf.MapLookup(map[string]string{"V": v, "X": "no", "b": "no", "d": "no", "a": "no", "y": "no"}))
		if err != nil || got != `a: "`+s+`"` {
			t.Errorf("SubstEscape(%q): the server reads %q, %v", s, got, err)
		}
	}
	for i := range hostile {
		items := []string{hostile[i], hostile[(i+3)%len(hostile)], hostile[(i+7)%len(hostile)]}
		esc := quote.SubstEscapeList(items)
		v := `["` + strings.Join(esc, `","`) + `"]`
		want := `a: ["` + strings.Join(items, `","`) + `"]`
		if got, err := omconf.Substitute("a: ${V}", omconf.MapLookup(map[string]string{"V": v, "X": "no", "b": "no", "d": "no", "a": "no", "y": "no"})); err != nil || got != want {
			t.Errorf("SubstEscapeList(%q): the server reads %q, %v; want %q", items, got, err, want)
		}
	}
}
