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
	in, err := b.Inputs(r, files)
	if err != nil {
		return nil, err
	}
	return bindInputs(in)
}

// Inputs implements Target: the file on its own, with only the secret's env var set.
func (b Baremetal) Inputs(r *settings.Resolved, files []File) (map[string]ServerInput, error) {
	for _, f := range files {
		if f.Path != BaremetalSections {
			continue
		}
		env := map[string]string{}
		if r.Confidential() {
			env[r.SecretEnv] = SecretSentinel
		}
		return map[string]ServerInput{"server": {Text: string(f.Data), Env: env}}, nil
	}
	return nil, fmt.Errorf("missing %s", BaremetalSections)
}
