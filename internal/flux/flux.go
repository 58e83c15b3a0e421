// Package flux is Flux's kustomize-controller post-build substitution as one layer: what it
// does to an object it applies, with the real substitution library it uses
// (github.com/fluxcd/pkg/envsubst). The controller's own rules around the library (when it
// runs, on which text) follow its source (fluxcd/pkg/kustomize, SubstituteVariables).
package flux

import (
	"fmt"
	"strings"

	"github.com/fluxcd/pkg/envsubst"
	"sigs.k8s.io/yaml"
)

// OptOutKey is the label and annotation with which an object opts out of the substitution:
// with the value Disabled on either, the controller applies it as built.
const (
	OptOutKey = "kustomize.toolkit.fluxcd.io/substitute"
	Disabled  = "disabled"
)

// Vars are a Kustomization's postBuild variables (substitute and substituteFrom merged).
type Vars map[string]string

// Options of the controller: Strict fails on a reference to an undefined variable (instead of
// writing ""); Always substitutes even when the Kustomization has no variable.
type Options struct {
	Strict, Always bool
}

// Substitute applies the substitution to one object as the controller does: nothing when the
// object opts out or when there is no variable (and not Always); else the object is written as
// YAML (kustomize's AsYAML: JSON marshalled, then converted), substituted as one text, and
// read back. An error fails the whole Kustomization in Flux.
func Substitute(obj map[string]any, vars Vars, opts Options) (map[string]any, error) {
	if optedOut(obj) || (len(vars) == 0 && !opts.Always) {
		return obj, nil
	}
	text, err := yaml.Marshal(obj)
	if err != nil {
		return nil, err
	}
	out, err := Text(string(text), vars, opts)
	if err != nil {
		return nil, err
	}
	var res map[string]any
	if err := yaml.Unmarshal([]byte(out), &res); err != nil {
		return nil, fmt.Errorf("the substituted object is no longer YAML: %w", err)
	}
	return res, nil
}

// Text is the substitution of one text with the real library: "$$" becomes "$", "${NAME}"
// (and the shell forms ${NAME:-x} ...) are replaced, "$NAME" and "$(NAME)" stay.
func Text(s string, vars Vars, opts Options) (string, error) {
	out, err := envsubst.Eval(s, func(name string) (string, bool) {
		v, ok := vars[name]
		if opts.Strict {
			return v, ok
		}
		return v, true
	})
	if err != nil {
		return "", fmt.Errorf("flux post-build substitution: %w", err)
	}
	return out, nil
}

// Escape writes s so that the substitution gives s back: every '$' doubled. It holds for any
// text, any variables and both modes, since the library reads "$$" as "$" wherever it is and
// a text of "$$" pairs has no reference left.
func Escape(s string) string { return strings.ReplaceAll(s, "$", "$$") }

func optedOut(obj map[string]any) bool {
	meta, _ := obj["metadata"].(map[string]any)
	for _, field := range []string{"labels", "annotations"} {
		m, _ := meta[field].(map[string]any)
		if v, _ := m[OptOutKey].(string); v == Disabled {
			return true
		}
	}
	return false
}
