package omconf

import (
	"reflect"
	"testing"
)

// Explicit !!int tags as jackson-dataformat-yaml 2.12+ decodes them (YAMLParser
// _decodeNumberScalar): Debian's 2.8, which the oracle runs, differs, so these are pinned here
// from the newer parser's code.
func TestTaggedIntNewerYAML(t *testing.T) {
	cases := []struct {
		yaml string
		want any // for principalDomain (a string field); an error string when the file fails
	}{
		{"!!int 1.5", "1.5"},
		{"!!int .5", ".5"},
		{"!!int 1_000", "1000"},
		{"!!int 0x1F", "31"},
		{"!!int 0b101", "5"},
		{"!!int 017", "15"},
		{"!!int +7", "7"},
		{"!!int 08", "error"},
		{"!!int 0xZZ", "error"},
	}
	for _, c := range cases {
		eff, keyErrs, err := ParseKeys("authorizerConfiguration:\n  principalDomain: " + c.yaml + "\n")
		if c.want == "error" {
			if err == nil {
				t.Errorf("%s: the file reads (%v), want the server to fail at start", c.yaml, eff["authorizerConfiguration.principalDomain"])
			}
			continue
		}
		if err != nil || len(keyErrs) > 0 {
			t.Errorf("%s: %v %v", c.yaml, err, keyErrs)
			continue
		}
		if got := eff["authorizerConfiguration.principalDomain"]; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %#v, want %#v", c.yaml, got, c.want)
		}
	}
}

// Hand edits the model once read differently from the server, pinned as the real libraries
// read them (TestHandEditsAgainstJackson compares them with Jackson 2.8 and 2.22 too): the value
// sits under a String, a Boolean, a list and a map key at once.
func TestHandEditsPinned(t *testing.T) {
	const (
		str   = "authenticationConfiguration.providerName"
		flag  = "authenticationConfiguration.enableSelfSignup"
		list  = "authenticationConfiguration.jwtPrincipalClaims"
		dict  = "authenticationConfiguration.oidcConfiguration.customParams"
		other = "authenticationConfiguration.authority"
	)
	refused := "refused"
	cases := []struct {
		value string
		want  map[string]any // key -> value, or refused; nil: the whole file fails
	}{
		{`"\u00a0true"`, map[string]any{str: "\u00a0true", flag: refused}},
		{`"\x01true"`, map[string]any{flag: true}},
		{`"\u2003 3600"`, map[string]any{flag: refused}},
		{`*a`, map[string]any{str: "a", other: "see *a here", list: refused}},
		{`1e999`, map[string]any{str: "Infinity", flag: refused}},
		{`-1e999`, map[string]any{str: "-Infinity"}},
		{`1e-999`, map[string]any{str: "0.0"}},
		{`!!binary "aGVs\nbG8="`, map[string]any{str: "aGVsbG8=", flag: refused}},
		{`!!binary "aGk= aGk="`, map[string]any{str: "aGloaQ=="}},
		{`!!binary ""`, map[string]any{str: ""}},
		{`!!binary aGVsbG8`, nil},
		{`!!binary x!`, nil},
		{`!!int "+"`, nil},
		{`[a, b:]`, map[string]any{list: refused}},
		{`[a, b:c]`, map[string]any{list: []string{"a", "b:c"}}},
		{`{x: y:}`, nil},
		{`{b:, c: d}`, map[string]any{dict: map[string]string{"b": NullItem, "c": "d"}}},
		{`{b::}`, map[string]any{dict: map[string]string{"b:": NullItem}}},
		{`[?]`, map[string]any{list: refused}},
		{`[a, ?, b]`, map[string]any{list: refused}},
		{`[a?b]`, nil},
		{`{~: 1, null: 2, 0123: 3, !!int 08: 4}`, map[string]any{dict: map[string]string{"~": "1", "null": "2", "0123": "3", "08": "4"}}},
	}
	for _, c := range cases {
		doc := "authenticationConfiguration:\n  providerName: " + c.value + "\n  authority: \"see *a here\"\n  enableSelfSignup: " + c.value +
			"\n  jwtPrincipalClaims: " + c.value + "\n  oidcConfiguration:\n    customParams: " + c.value + "\n"
		eff, keyErrs, err := ParseKeys(doc)
		if c.want == nil {
			if err == nil {
				t.Errorf("%s: the file reads, want the server to fail at start", c.value)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.value, err)
			continue
		}
		for k, w := range c.want {
			if w == refused {
				if keyErrs[k] == "" {
					t.Errorf("%s: %s binds %#v, want it refused", c.value, k, eff[k])
				}
				continue
			}
			if keyErrs[k] != "" || !reflect.DeepEqual(eff[k], w) {
				t.Errorf("%s: %s = %#v (%s), want %#v", c.value, k, eff[k], keyErrs[k], w)
			}
		}
	}
}

// An undefined alias and a bare '?' in one file: both fixes apply, to the text as written.
func TestAliasAndBareQuestion(t *testing.T) {
	doc := "# c\nauthorizerConfiguration:\n  adminPrincipals: [*b]\n  principalDomain: 'off'\nauthenticationConfiguration:\n  publicKeyUrls: [null, ?, x]\n"
	eff, keyErrs, err := ParseKeys(doc)
	if err != nil || eff["authorizerConfiguration.principalDomain"] != "off" || keyErrs["authenticationConfiguration.publicKeyUrls"] == "" ||
		!reflect.DeepEqual(eff["authorizerConfiguration.adminPrincipals"], []string{"b"}) {
		t.Errorf("got %v %v %v", eff, keyErrs, err)
	}
}
