package helmchart

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
)

// Manifest is one rendered template of a chart, as `helm template` prints it.
type Manifest struct {
	Source  string // the template's path, e.g. openmetadata/templates/deployment.yaml
	Content string
}

// Manifests renders a chart for a release and namespace as `helm template` does (the
// values checked against values.schema.json; NOTES.txt and templates that render empty left
// out), in template path order, with the container env of the result resolved as Render does.
func Manifests(ch *chart.Chart, values []byte, release, namespace string, external map[string]string) ([]Manifest, *Result, error) {
	vals, err := chartutil.ReadValues(values)
	if err != nil {
		return nil, nil, fmt.Errorf("values: %w", err)
	}
	opts := chartutil.ReleaseOptions{Name: release, Namespace: namespace, Revision: 1, IsInstall: true}
	rv, err := chartutil.ToRenderValuesWithSchemaValidation(ch, vals, opts, chartutil.DefaultCapabilities, false)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrValues, err)
	}
	if err := checkValues(ch, vals); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrValues, err)
	}
	out, err := engine.Render(ch, rv)
	if err != nil {
		return nil, nil, fmt.Errorf("render chart: %w", err)
	}
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	var ms []Manifest
	var docs []string
	for _, n := range names {
		if path.Base(n) == "NOTES.txt" || strings.TrimSpace(out[n]) == "" {
			continue
		}
		ms = append(ms, Manifest{Source: n, Content: out[n]})
		docs = append(docs, out[n])
	}
	res, err := resolveManifests(docs, external)
	if err != nil {
		return nil, nil, err
	}
	return ms, res, nil
}
