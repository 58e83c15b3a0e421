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
