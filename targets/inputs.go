package targets

import (
	"fmt"
	"sort"

	"github.com/omsso/omsso/omconf"
)

// ServerInput is what one OpenMetadata process reads at start: the config text before the
// server's ${...} substitution, and the environment that substitution sees. Every deploy target
// reduces its files to these, through the models of its consumers' layers; the server's own
// layers (substitution, YAML, binding) are then the same for all.
type ServerInput struct {
	Text string
	Env  map[string]string
}

// bindInputs runs the server's layers over each input.
func bindInputs(in map[string]ServerInput) (map[string]omconf.Effective, error) {
	out := map[string]omconf.Effective{}
	names := make([]string, 0, len(in))
	for n := range in {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		text, err := omconf.Substitute(in[n].Text, omconf.MapLookup(in[n].Env))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		eff, err := omconf.Parse(text)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		out[n] = eff
	}
	return out, nil
}
