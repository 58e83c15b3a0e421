package flux

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// What the issue found in the library, pinned: these are the facts the escape relies on.
func TestTextFacts(t *testing.T) {
	vars := Vars{"X": "x-value", "OIDC_CLIENT_SECRET": "s3cr3t"}
	cases := []struct{ in, want, err string }{
		{in: "$$", want: "$"},
		{in: "$${X}", want: "${X}"},
		{in: "${X}", want: "x-value"},
		{in: "$X $(X)", want: "$X $(X)"},
		{in: "${UNDEFINED}", want: ""},
		{in: "${X", err: "closing"},
		{in: "x}${y", err: "closing"},
		{in: "a$${b", want: "a${b"},
		{in: "admin ${OIDC_CLIENT_SECRET}", want: "admin s3cr3t"},
	}
	for _, c := range cases {
		got, err := Text(c.in, vars, Options{})
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Text(%q) = %q, %v; want an error about %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Text(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := Text("${UNDEFINED}", vars, Options{Strict: true}); err == nil {
		t.Error("strict mode accepted an undefined variable")
	}
}

var pieces = []string{"$", "$", "$$", "{", "}", "${", "$${", "$(", ")", ":-", "X", "OIDC_CLIENT_SECRET", `\`, "/", "#", "%", "a", " ", "é", "\"", "'"}

// Escape round-trips through the real library for any text, any variables, both modes.
func TestEscapeRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 22))
	vars := Vars{"X": "x-value", "OIDC_CLIENT_SECRET": "s3cr3t"}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.IntN(12); n > 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		for _, strict := range []bool{false, true} {
			got, err := Text(Escape(s), vars, Options{Strict: strict})
			if err != nil || got != s {
				t.Fatalf("Text(Escape(%q)) = %q, %v (strict %v)", s, got, err, strict)
			}
		}
	}
}

func configMap(meta map[string]any, values string) map[string]any {
	md := map[string]any{"name": "v"}
	for k, v := range meta {
		md[k] = v
	}
	return map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": md, "data": map[string]any{"values.yaml": values}}
}

// The controller's rules around the library: the opt-out label or annotation, and no
// substitution without variables.
func TestSubstituteObject(t *testing.T) {
	hostile := "initialAdmins: [\"${OIDC_CLIENT_SECRET}\", \"a$${b\"]\n"
	vars := Vars{"OIDC_CLIENT_SECRET": "s3cr3t"}
	optOut := map[string]any{OptOutKey: Disabled}
	for _, meta := range []map[string]any{{"labels": optOut}, {"annotations": optOut}} {
		got, err := Substitute(configMap(meta, hostile), vars, Options{Strict: true})
		if err != nil || got["data"].(map[string]any)["values.yaml"] != hostile {
			t.Errorf("opted out %v: %v, %v", meta, got, err)
		}
	}
	got, err := Substitute(configMap(nil, hostile), nil, Options{Strict: true})
	if err != nil || !reflect.DeepEqual(got, configMap(nil, hostile)) {
		t.Errorf("no variables: %v, %v", got, err)
	}
	// The hole: without either, the escape of the server's substitutor is undone and the
	// reference binds the secret.
	got, err = Substitute(configMap(nil, hostile), vars, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v := got["data"].(map[string]any)["values.yaml"]; v != "initialAdmins: [\"s3cr3t\", \"a${b\"]\n" {
		t.Errorf("substituted: %q", v)
	}
	if _, err := Substitute(configMap(nil, "x}${y"), vars, Options{}); err == nil {
		t.Error("an unclosed reference did not fail the object")
	}
	got, err = Substitute(configMap(nil, Escape(hostile)), vars, Options{Strict: true})
	if err != nil || got["data"].(map[string]any)["values.yaml"] != hostile {
		t.Errorf("escaped: %v, %v", got, err)
	}
}
