package targets

import (
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/internal/helmchart"
	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
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

// NextSteps implements Target.
func (Baremetal) NextSteps(r *settings.Resolved, dir string, _ func(string) string) []string {
	sections := "the two auth sections"
	if k, ok := omconf.KeyByPath("configSource.security"); ok && k.Reads(r) {
		sections = "the configSource and the two auth sections"
	}
	out := []string{"replace " + sections + " of conf/openmetadata.yaml with " + filepath.Join(dir, filepath.FromSlash(BaremetalSections)) + ", then restart"}
	if r.Confidential() {
		out = append(out, "export "+r.SecretEnv+" before starting the server (the client secret)")
	}
	return out
}

// ResetCommands implements Deploy.
func (Baremetal) ResetCommands(func(string) string) []string {
	return []string{removeSecurityConfig + "   # in the OpenMetadata folder, then restart the server"}
}

// SecretFromEnv implements Deploy.
func (Baremetal) SecretFromEnv() bool { return true }

// Paths implements Deploy: a whole conf file (opts.Config) replaces the rendered sections.
func (Baremetal) Paths(opts ProofOptions) []string {
	if opts.Config != "" {
		return nil
	}
	return []string{BaremetalSections}
}

// ReadBack implements Deploy: the server reads the file on its own (or opts.Config, a whole
// conf/openmetadata.yaml), with only the secret's env var set.
func (b Baremetal) ReadBack(r *settings.Resolved, files []File, opts ProofOptions) (*ReadBack, error) {
	path := filepath.Join(opts.Dir, filepath.FromSlash(BaremetalSections))
	var data []byte
	var err error
	if opts.Config != "" {
		path = opts.Config
		data, err = os.ReadFile(path)
	} else {
		data, err = fileData(files, BaremetalSections)
	}
	if err != nil {
		return nil, err
	}
	env := DeployEnv(r)
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		doc = nil // the server's own parse reports it
	}
	return &ReadBack{
		Proved: "OpenMetadata's substitution and binding of " + path,
		Consumers: []Consumer{{
			Name: "server", Server: true, Input: ServerInput{Text: string(data), Env: env},
			Via: func(k omconf.Key) string {
				parts := strings.Split(k.Path, ".")
				parent, _ := helmchart.Dig(doc, parts[:len(parts)-1]...).(map[string]any)
				if _, set := parent[parts[len(parts)-1]]; !set {
					return "(server default)"
				}
				if k.Secret {
					return k.Path + ": ${" + r.SecretEnv + "}"
				}
				return k.Path
			},
			Blame: func(k omconf.Key) (string, string) { return "conf: " + k.Path + " in " + path, "" },
		}},
	}, nil
}
