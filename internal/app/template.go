package app

import (
	"bytes"
	"fmt"
	"maps"
	"strings"

	"go.yaml.in/yaml/v3"
	"helm.sh/helm/v3/pkg/chart"

	"github.com/omsso/omsso/internal/helmchart"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

// TemplateInput is what `omsso template` renders: the settings, the OpenMetadata chart
// (loaded), and the release it is for.
type TemplateInput struct {
	Resolved           *settings.Resolved
	Chart              *chart.Chart
	Release, Namespace string
	// Prove proves the helm target's files against the chart (the caller reports findings).
	Prove func(r *settings.Resolved, files []targets.File) error
}

// Template renders the chart with omsso's values for a release, as Argo CD's generate step
// needs it: every proof first, then the Kubernetes objects only (and the ExternalSecret that
// produces the chart's Secret, when the settings ask for one). Nothing is returned when a
// proof fails. The values go to Helm directly here, so a Flux mode of the settings is left
// out, and so is any secret object but the ExternalSecret (a plain Secret would apply an
// empty client secret; a SealedSecret is sealed by the user).
func Template(in TemplateInput) ([]byte, error) {
	r := *in.Resolved
	r.Targets.Helm.Flux = ""
	files, err := targets.Render(targets.Helm{}, &r)
	if err != nil {
		return nil, err
	}
	if err := in.Prove(&r, files); err != nil {
		return nil, err
	}
	values, extra := splitFiles(&r, files)
	store := targets.SecretStore(&r)
	ms, res, err := helmchart.Manifests(in.Chart, values, in.Release, in.Namespace, store)
	if err != nil {
		return nil, err
	}
	// The proof rendered the chart for its own release name: the release's render must give
	// the server the same environment, or what is printed is not what was proved.
	proved, err := helmchart.RenderChart(in.Chart, values, store)
	if err != nil {
		return nil, err
	}
	for c, env := range proved.Env {
		if !maps.Equal(env, res.Env[c]) {
			return nil, fmt.Errorf("the chart gives container %s of release %s another environment than the proved render; nothing printed", c, in.Release)
		}
	}
	var out bytes.Buffer
	for _, m := range ms {
		if err := writeObjects(&out, m.Source, m.Content); err != nil {
			return nil, err
		}
	}
	if extra != nil {
		if err := writeObjects(&out, extra.Path, string(extra.Data)); err != nil {
			return nil, err
		}
	}
	return out.Bytes(), nil
}

// splitFiles finds the values and the ExternalSecret among the helm target's files.
func splitFiles(r *settings.Resolved, files []targets.File) ([]byte, *targets.File) {
	var values []byte
	var extra *targets.File
	for i, f := range files {
		switch {
		case f.Path == targets.HelmValues:
			values = f.Data
		case f.Path == targets.SecretObjectPath(r) && r.Targets.Helm.SecretObject.Kind == settings.ExternalSecretKind:
			extra = &files[i]
		}
	}
	return values, extra
}

// writeObjects writes the objects of one rendered file as YAML documents, each led by its
// source as `helm template` does; documents without an object (comments only) are left out.
func writeObjects(w *bytes.Buffer, source, content string) error {
	for _, doc := range strings.Split("\n"+content, "\n---") {
		var obj map[string]any
		if err := yaml.Unmarshal([]byte(doc), &obj); err != nil {
			return fmt.Errorf("%s: %w", source, err)
		}
		if len(obj) == 0 {
			continue
		}
		if obj["kind"] == nil || obj["apiVersion"] == nil {
			return fmt.Errorf("%s: a document without kind or apiVersion", source)
		}
		fmt.Fprintf(w, "---\n# Source: %s\n%s\n", source, strings.Trim(doc, "\n"))
	}
	return nil
}
