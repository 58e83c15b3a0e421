package verify

import (
	"fmt"
	"strings"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

// Hop is one target's link in a key's chain: the target key or env var, and the value the
// server ends up with, as text and as the typed value the server binds (JSON gets a list as
// a list, a boolean as a boolean; the client secret stays a description).
type Hop struct {
	Via   string `json:"via"`
	Value string `json:"-"`
	Typed any    `json:"value"`
}

// Chain explains one server key: settings field → per-target key or env var → value.
type Chain struct {
	Key      string         `json:"key"`
	Settings string         `json:"settings"`
	Targets  map[string]Hop `json:"targets"`
}

// Explain renders the chosen targets in memory, reads them back once with the targets'
// models, and returns every server key's chain as the serving process sees it.
func Explain(r *settings.Resolved, names []string) ([]Chain, error) {
	type side struct {
		eff omconf.Effective
		via func(omconf.Key) string
	}
	sides := map[string]side{}
	for _, name := range names {
		t, ok := targets.DeployByName(name)
		if !ok {
			return nil, fmt.Errorf("unknown target %q; use %s", name, strings.Join(targets.DeployNames(), ", "))
		}
		files, err := t.Render(r)
		if err != nil {
			return nil, err
		}
		p, err := targets.Prove(r, t, files, targets.ProofOptions{})
		if err != nil {
			return nil, err
		}
		if len(p.Findings) > 0 {
			return nil, fmt.Errorf("self-check of %s output failed; this is a bug in omsso: %s: %s", name, p.Findings[0].Key, p.Findings[0].Got)
		}
		for _, c := range p.ReadBack.Consumers {
			if c.Server {
				sides[name] = side{p.Effective[c.Name], c.Via}
			}
		}
	}
	var out []Chain
	for _, k := range omconf.Keys() {
		if !k.Reads(r) {
			continue
		}
		c := Chain{Key: k.Path, Settings: k.Explained(), Targets: map[string]Hop{}}
		for _, name := range names {
			s := sides[name]
			v := s.eff[k.Path]
			typed := v
			if k.Secret {
				typed = targets.ShowValue(r, k, v)
			}
			c.Targets[name] = Hop{Via: s.via(k), Value: targets.ShowValue(r, k, v), Typed: typed}
		}
		out = append(out, c)
	}
	return out, nil
}
