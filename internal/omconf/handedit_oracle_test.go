package omconf_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/oracle"
)

// handEdits are hand-edited values that the model once read differently from the server, one
// class per entry, each placed where a key of each type reads it. Both oracles must agree with
// the model on every one (2.8-specific ones only against the newer Jackson).
var handEdits = []struct {
	class, value string
	old28        bool // Debian's 2.8 reads it differently from 2.12+
}{
	{"no-break space before a boolean (Java's trim() stops at U+0020)", `"\u00a0true"`, false},
	{"em space before a number", `"\u2003 3600"`, false},
	{"control char before a boolean (trimmed by Java)", `"\x01true"`, false},
	{"vertical tab around a number", `"\x0b3600 "`, false},
	{"undefined alias", `*a`, false},
	{"undefined alias beside a quoted *a", `*a`, false},
	{"plain 1e999", `1e999`, false},
	{"plain -1e999", `-1e999`, false},
	{"plain 1e-999", `1e-999`, false},
	{"!!float 1e999", `!!float 1e999`, false},
	{"!!binary", `!!binary aGVsbG8=`, true},
	{"!!binary unpadded", `!!binary aGVsbG8`, true},
	{"!!binary with line breaks", `!!binary "aGVs\nbG8="`, true},
	{"!!binary two units after padding", `!!binary "aGk= aGk="`, true},
	{"!!binary bad char", `!!binary x!`, true},
	{"!!binary empty", `!!binary ""`, true},
	{"!!int +", `!!int "+"`, true},
	{"!!int -", `!!int "-"`, false},
	{"flow sequence item ending in :", `[a, b:]`, false},
	{"flow sequence item ending in ::", `[a, b::]`, false},
	{"tagged flow item ending in :", `[!!str b:]`, false},
	{"flow map value ending in :", `{x: y:}`, false},
	{"flow map key ending in :", `{b:, c: d}`, false},
	{"flow map key ending in ::", `{b::}`, false},
	{"? in a flow sequence", `[? x]`, false},
	{"?x in a flow sequence", `[a, ?x]`, false},
	{"? inside a flow item", `[a?b]`, false},
	{"bare ? in a flow sequence", `[?]`, false},
	{"bare ? then an item", `[?, b]`, false},
	{"~ as a map key", `{~: 1}`, false},
	{"null, 0123 and !!int 08 as map keys", `{null: a, 0123: b, !!int 08: c, true: d}`, false},
}

// handEditDoc puts value under every key of a type, and a quoted "*a" elsewhere so that an
// alias fix that rewrites text would show.
func handEditDoc(value string) string {
	return fmt.Sprintf(`authenticationConfiguration:
  providerName: %[1]s
  authority: "see *a and *a here"
  callbackUrl: |
    text *a
  enableSelfSignup: %[1]s
  jwtPrincipalClaims: %[1]s
  jwtPrincipalClaimsMapping: [%[1]s]
  oidcConfiguration:
    tokenValidity: %[1]s
    customParams: %[1]s
    scope: "*a"
authorizerConfiguration:
  adminPrincipals: [x, %[1]s]
  principalDomain: 'x *a'
`, value)
}

func TestHandEditsAgainstJackson(t *testing.T) {
	t.Run("debian", func(t *testing.T) { handEditsAgainst(t, oracle.ForTest(t), true) })
	t.Run("newer", func(t *testing.T) { handEditsAgainst(t, oracle.NewerForTest(t), false) })
}

func handEditsAgainst(t *testing.T, o *oracle.Oracle, old bool) {
	keys := oracleKeys(t)
	var docs []string
	var sets []map[string]genValue
	var cases []oracle.BindCase
	for _, h := range handEdits {
		if old && h.old28 {
			continue
		}
		doc := handEditDoc(h.value)
		docs = append(docs, doc)
		sets = append(sets, map[string]genValue{})
		cases = append(cases, oracle.BindCase{YAML: doc, Keys: keys})
	}
	real, err := o.Bind(cases)
	if err != nil {
		t.Fatal(err)
	}
	diffs, n := bindDiffs(keys, docs, sets, real, false)
	for _, d := range diffs {
		value := ""
		for _, h := range handEdits {
			if strings.Contains(d.doc, "providerName: "+h.value+"\n") {
				value = h.class + ": " + h.value
			}
		}
		if d.path == "(file)" {
			t.Errorf("%s: %s\n\tlibrary: %s\n\tmodel:   %s", value, d.class, d.real, d.model)
			continue
		}
		t.Errorf("%s: %s: %s\n\tlibrary: %s\n\tmodel:   %s", value, d.path, d.class, d.real, d.model)
	}
	t.Logf("%d hand edits, %d comparisons, %d differences", len(docs), n.compared, len(diffs))
	_ = omconf.NullItem
}
