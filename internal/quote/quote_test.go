package quote_test

import (
	"testing"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/quote"
)

// Every fragment must read back as the same string after the server's substitution and YAML.
func TestFragmentRoundTrip(t *testing.T) {
	cases := []string{
		"", "okta", "0oa1abcd2EFGH3ijk4l5", "0oa1b2c3d4e5f6a7b8c9", "0x1F", "0X1f", "0o17", "0b101", "1e3", "123", "0123", "1E5", "2001-12-14", "true", "yes", "No", "null", "~",
		"a: b", "a #b", "#x", `"q"`, "'s'", `back\slash`, "$", "$$", "${VAR}", "${VAR:-x}", "$${X}", "&a", "*a", "!tag", "-", "- x", "?", "?x",
		"[a]", "{a}", "a,b", "https://x.example.com/oauth2/default", "username:sub", "x:", "é ü ✓", "\u00ad", "  lead", "trail  ",
		`Acme "SSO" #1 ${OIDC_CLIENT_SECRET}`,
	}
	env := omconf.MapLookup(map[string]string{"VAR": "LEAK", "OIDC_CLIENT_SECRET": "LEAK", "X": "LEAK"})
	for _, s := range cases {
		for _, frag := range []string{quote.Fragment(s), quote.ServerYAML(s)} {
			text, err := omconf.Substitute("k: "+frag, env)
			if err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			var v map[string]any
			if err := yaml.Unmarshal([]byte(text), &v); err != nil {
				t.Errorf("%q -> %q: %v", s, frag, err)
				continue
			}
			got, ok := v["k"].(string)
			if s == "" && v["k"] == nil {
				t.Errorf("%q -> %q reads back as null", s, frag)
				continue
			}
			if !ok || got != s {
				t.Errorf("%q -> %q reads back as %#v", s, frag, v["k"])
			}
		}
		list := quote.FragmentList([]string{s, "b"})
		text, _ := omconf.Substitute("k: "+list, env)
		var v map[string][]string
		if err := yaml.Unmarshal([]byte(text), &v); err != nil || len(v["k"]) != 2 || v["k"][0] != s {
			t.Errorf("list %q -> %q reads back as %#v (%v)", s, list, v["k"], err)
		}
	}
}

// Every env-file value must read back through compose-go's dotenv parser unchanged.
func TestDotenvRoundTrip(t *testing.T) {
	for _, s := range []string{"", "okta", "a #b", "$X", "${X}", "'", `"`, `\`, "[a,b]", "a b", " x", "x ", "é", `Acme "SSO" #1 ${OIDC_CLIENT_SECRET}`} {
		want := quote.Fragment(s)
		got, err := dotenv.UnmarshalBytesWithLookup([]byte("K="+quote.Dotenv(want)+"\nNEXT=1\n"), func(string) (string, bool) { return "LEAK", true })
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if got["K"] != want || got["NEXT"] != "1" || len(got) != 2 {
			t.Errorf("%q: env file value %q reads back as %#v", s, quote.Dotenv(want), got)
		}
	}
}
