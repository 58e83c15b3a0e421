package settings

import (
	"reflect"
	"slices"
	"strings"
)

// UnknownEnv returns one warning for each OMSSO_* variable in environ ("NAME=value") that is
// neither a settings field nor one of others (the variables omsso reads for other purposes):
// a misspelt OMSSO_OKTA_DOMIAN would otherwise be ignored without a word. Values are never
// echoed.
func UnknownEnv(environ []string, others []string) []string {
	known := slices.Clone(others)
	for _, key := range leafKeys(reflect.TypeOf(Settings{}), "") {
		known = append(known, EnvName(key))
	}
	var out []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, EnvPrefix+"_") || slices.Contains(known, name) || !inSettingsSpace(name, known) {
			continue
		}
		msg := "$" + name + " is not a variable omsso reads, so it has no effect"
		if s := suggest(name, known); s != "" {
			msg += " (did you mean $" + s + "?)"
		}
		out = append(out, msg)
	}
	slices.Sort(out)
	return out
}

// inSettingsSpace reports whether name starts like a settings field's variable
// (OMSSO_OKTA_…, OMSSO_AUTHORIZER_…) or is one edit from a known name. Other OMSSO_* names may be
// the user's own, e.g. the variable a clientSecret.env reference names, which this check runs
// too early to know.
func inSettingsSpace(name string, known []string) bool {
	for _, k := range known {
		i := strings.Index(k[len(EnvPrefix)+1:], "_")
		if i > 0 && strings.HasPrefix(name, k[:len(EnvPrefix)+1+i+1]) {
			return true
		}
	}
	return suggest(name, known) != ""
}
