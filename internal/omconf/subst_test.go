package omconf

import "testing"

func TestSubstitute(t *testing.T) {
	env := MapLookup(map[string]string{
		"SET": "v", "EMPTY": "", "NESTED": "${SET}-x", "ESC": "$${SET}", "LOOP": "${LOOP2}", "LOOP2": "${LOOP}",
		"SECRET": "s3cr3t", "ESCOPEN": "$${SSO", "NAME": `Acme "SSO" #1 $${OIDC_CLIENT_SECRET}`, "LEAK": "${SECRET}",
	})
	cases := []struct{ in, want string }{
		{"a: ${SET}", "a: v"},
		{"a: ${SET:-d}", "a: v"},
		{"a: ${EMPTY:-d}", "a: "}, // set to "" wins over the default (unlike compose)
		{"a: ${UNSET:-d}", "a: d"},
		{"a: ${UNSET}", "a: ${UNSET}"}, // non-strict
		{"a: ${UNSET:-}", "a: "},
		{"a: ${UNSET:-{}}", "a: {}"}, // default ends at the first }
		{"a: ${SET:-{}}", "a: v}"},   // the compose-era crash shape
		{"a: $${SET}", "a: ${SET}"},  // escape
		{"a: $$${SET}", "a: $${SET}"},
		{`a: "Acme $${SSO"`, `a: "Acme $${SSO"`},   // no '}' after it: the escape stays
		{"a: $${SSO\nb: ${SET}", "a: ${SSO\nb: v"}, // a '}' further down completes it
		{"a: $${x${SET}}", "a: ${xv}"},             // the scan goes on inside an escaped reference
		{"a: ${ESCOPEN}", "a: $${SSO"},             // a value is re-scanned on its own
		{"a: ${ESCOPEN}}", "a: $${SSO}"},           // ...its references end inside it
		{"a: ${UNSET:-$${SET}}", "a: $${SET}"},     // default "$${SET" re-scanned alone: unterminated
		{"a: }${SET", "a: }${SET"},
		{"a: $SET $", "a: $SET $"},
		{"a: ${NESTED}", "a: v-x"},  // recursive in values
		{"a: ${ESC}", "a: ${SET}"},  // escape inside a value
		{"a: ${LEAK}", "a: s3cr3t"}, // why values must escape ${
		{"a: ${NAME}", `a: Acme "SSO" #1 ${OIDC_CLIENT_SECRET}`},
		{"a: ${UNSET:-${SET}}", "a: ${SET}"}, // first } ends it; the default "${SET" is rescanned alone, unterminated
		{"a: ${UNSET:-x", "a: ${UNSET:-x"},   // unterminated
		{"${SET}${SET}", "vv"},
		{"x ${A:-1} ${B:-2} ${SET}", "x 1 2 v"},
	}
	for _, c := range cases {
		got, err := Substitute(c.in, env)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("Substitute(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if _, err := Substitute("${LOOP}", env); err == nil {
		t.Error("cycle not detected")
	}
}
