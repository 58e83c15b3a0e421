package helmchart

import "testing"

// The cases of Kubernetes' documented expansion of dependent environment variables.
func TestExpandEnv(t *testing.T) {
	defined := map[string]string{"A": "a-value", "EMPTY": "", "SECRET": "s3cr3t"}
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"$$", "$"},
		{"$$(A)", "$(A)"},
		{"$$$(A)", "$a-value"},
		{"$(A)", "a-value"},
		{"x$(A)y", "xa-valuey"},
		{"$(A", "$(A"},
		{"$(A$(A)", "$(A$(A)"}, // the name runs to the first ')': "A$(A" is undefined
		{"$(UNDEFINED)", "$(UNDEFINED)"},
		{"$(EMPTY)", ""},
		{"$()", "$()"},
		{"$x", "$x"},
		{"$", "$"},
		{"a$", "a$"},
		{"$${x}", "${x}"},
		{"${x}", "${x}"},
		{"Okta $(SECRET)", "Okta s3cr3t"},
		{"$$$$", "$$"},
		{"$é", "$é"},
		{"$\xff", "$\ufffd"},
	}
	for _, c := range cases {
		if got := ExpandEnv(c.in, defined); got != c.want {
			t.Errorf("ExpandEnv(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
