package targets

import (
	"fmt"

	"github.com/omsso/omsso/omconf"
	"github.com/omsso/omsso/settings"
	"github.com/omsso/omsso/templates"
)

// Baremetal renders the two auth sections of conf/openmetadata.yaml.
type Baremetal struct{}

// Name implements Target.
func (Baremetal) Name() string { return "baremetal" }

// BaremetalSections is the output path.
const BaremetalSections = "baremetal/openmetadata-okta.yaml"

// Render implements Target.
func (b Baremetal) Render(r *settings.Resolved) ([]File, error) {
	data, err := templates.Render("baremetal/openmetadata-okta.yaml.tmpl", newView(r, b.Name()))
	if err != nil {
		return nil, err
	}
	return []File{{Path: BaremetalSections, Data: data}}, nil
}

// Effective implements Target: the server substitutes the text (the secret's env var set to
// the sentinel, nothing else), then parses and binds it.
func (b Baremetal) Effective(r *settings.Resolved, files []File) (map[string]omconf.Effective, error) {
	for _, f := range files {
		if f.Path != BaremetalSections {
			continue
		}
		env := map[string]string{}
		if r.Confidential() {
			env[r.SecretEnv] = SecretSentinel
		}
		text, err := omconf.Substitute(string(f.Data), omconf.MapLookup(env))
		if err != nil {
			return nil, err
		}
		eff, err := omconf.Parse(text)
		if err != nil {
			return nil, err
		}
		return map[string]omconf.Effective{"server": eff}, nil
	}
	return nil, fmt.Errorf("missing %s", BaremetalSections)
}
