package targets

import (
	"fmt"
	"path/filepath"
	"reflect"

	"sigs.k8s.io/yaml"

	"github.com/omsso/omsso/internal/flux"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/templates"
)

// Flux outputs of the helm target (settings targets.helm.flux).
const (
	// HelmFluxConfigMap is the ConfigMap holding the values, opted out of substitution.
	HelmFluxConfigMap = "helm/values-okta.configmap.yaml"
	// FluxValuesName and FluxValuesKey name that ConfigMap and its key, for valuesFrom.
	FluxValuesName = "openmetadata-okta-values"
	FluxValuesKey  = "values.yaml"
)

// helmFiles turns the rendered values into the helm target's files: the values for the Flux
// mode (as they are, escaped for the substitution, or with a ConfigMap that carries them past
// it), and the object producing the chart's Secret when the settings ask for one.
func helmFiles(r *settings.Resolved, values []byte) ([]File, error) {
	out, err := fluxValuesFiles(r, values)
	if err != nil {
		return nil, err
	}
	so, err := secretObjectFile(r)
	if err != nil || so == nil {
		return out, err
	}
	return append(out, *so), nil
}

func fluxValuesFiles(r *settings.Resolved, values []byte) ([]File, error) {
	switch r.Targets.Helm.Flux {
	case settings.FluxSubstitute:
		return []File{{Path: HelmValues, Data: []byte(flux.Escape(string(values)))}}, nil
	case settings.FluxConfigMap:
		cm, err := templates.Render("helm/values-configmap.yaml.tmpl", struct {
			Provenance, Name, Key, Values string
		}{Provenance(r), FluxValuesName, FluxValuesKey, string(values)})
		if err != nil {
			return nil, err
		}
		return []File{{Path: HelmValues, Data: values}, {Path: HelmFluxConfigMap, Data: cm}}, nil
	}
	return []File{{Path: HelmValues, Data: values}}, nil
}

// fluxProofVars are the variables the proof gives the Kustomization: one named like the env
// var the chart gives the client secret, so a reference left unescaped shows, and strict mode,
// so any other reference fails.
var fluxProofVars = flux.Vars{"OIDC_CLIENT_SECRET": "substituted-by-flux"}

// fluxValues is what Helm gets from the helm target's files under the Flux mode, after a
// Kustomization that substitutes has applied them (nil findings when nothing changed).
func fluxValues(r *settings.Resolved, files []File, values []byte) ([]byte, []Finding) {
	opts := flux.Options{Strict: true}
	switch r.Targets.Helm.Flux {
	case settings.FluxConfigMap:
		cm, err := fileData(files, HelmFluxConfigMap)
		if err != nil {
			// verify reads the values file only (Paths): the ConfigMap is proved as render
			// writes it, and the values in it are the values file's.
			return values, nil
		}
		got, err := fromConfigMap(cm, opts)
		if err != nil {
			return nil, fluxFinding(err.Error())
		}
		if got != string(values) {
			return nil, fluxFinding(HelmFluxConfigMap + " gives Helm other values than " + HelmValues)
		}
		return values, nil
	case settings.FluxSubstitute:
		return substitutedValues(values, opts)
	}
	return values, nil
}

// fromConfigMap reads the values out of the ConfigMap as Flux applies it.
func fromConfigMap(data []byte, opts flux.Options) (string, error) {
	var obj map[string]any
	if err := yaml.UnmarshalStrict(data, &obj); err != nil {
		return "", fmt.Errorf("%s: %w", HelmFluxConfigMap, err)
	}
	obj, err := flux.Substitute(obj, fluxProofVars, opts)
	if err != nil {
		return "", err
	}
	v, ok := obj["data"].(map[string]any)[FluxValuesKey].(string)
	if !ok {
		return "", fmt.Errorf("%s has no data.%s", HelmFluxConfigMap, FluxValuesKey)
	}
	return v, nil
}

// substitutedValues applies the substitution to escaped values both ways a Kustomization
// carries them: as the text of a ConfigMap it generates from the file, and inline in a
// HelmRelease (parsed, then written again). Both must give the same values.
func substitutedValues(values []byte, opts flux.Options) ([]byte, []Finding) {
	cm := map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": FluxValuesName},
		"data": map[string]any{FluxValuesKey: string(values)}}
	out, err := flux.Substitute(cm, fluxProofVars, opts)
	if err != nil {
		return nil, fluxFinding(err.Error())
	}
	text, _ := out["data"].(map[string]any)[FluxValuesKey].(string)
	var inline map[string]any
	if err := yaml.Unmarshal(values, &inline); err != nil {
		return nil, fluxFinding(err.Error())
	}
	hr := map[string]any{"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "metadata": map[string]any{"name": "openmetadata"},
		"spec": map[string]any{"values": inline}}
	if hr, err = flux.Substitute(hr, fluxProofVars, opts); err != nil {
		return nil, fluxFinding("inline in a HelmRelease: " + err.Error())
	}
	var fromText map[string]any
	if err := yaml.Unmarshal([]byte(text), &fromText); err != nil {
		return nil, fluxFinding(err.Error())
	}
	if !reflect.DeepEqual(fromText, hr["spec"].(map[string]any)["values"]) {
		return nil, fluxFinding("the values inline in a HelmRelease differ from the values in a ConfigMap")
	}
	return []byte(text), nil
}

func fluxFinding(got string) []Finding {
	return []Finding{{Target: "helm", Key: "(flux)", Want: "the values as omsso rendered them", Got: got, Layer: "Flux post-build substitution (fluxcd/pkg/envsubst)"}}
}

// fluxProved names the Flux layer in the proof's description.
func fluxProved(r *settings.Resolved, files []File) string {
	switch r.Targets.Helm.Flux {
	case settings.FluxConfigMap:
		if _, err := fileData(files, HelmFluxConfigMap); err != nil {
			return " (the values file only: " + HelmFluxConfigMap + " was not read)"
		}
		return ", after Flux's post-build substitution (skipped: the ConfigMap opts out)"
	case settings.FluxSubstitute:
		return ", after Flux's post-build substitution (fluxcd/pkg/envsubst, strict, in a ConfigMap and inline in a HelmRelease)"
	}
	return ""
}

// fluxNextSteps replace helm upgrade under Flux.
func fluxNextSteps(r *settings.Resolved, dir string) []string {
	switch r.Targets.Helm.Flux {
	case settings.FluxConfigMap:
		return []string{fmt.Sprintf("commit %s beside your HelmRelease, list it in the kustomization.yaml, and add valuesFrom: [{kind: ConfigMap, name: %s, valuesKey: %s}] to the HelmRelease",
			filepath.Join(dir, filepath.FromSlash(HelmFluxConfigMap)), FluxValuesName, FluxValuesKey)}
	case settings.FluxSubstitute:
		return []string{fmt.Sprintf("put the values of %s in a HelmRelease (or a ConfigMap) that a Kustomization with postBuild variables substitutes; nowhere else (they are escaped for that substitution)",
			filepath.Join(dir, filepath.FromSlash(HelmValues)))}
	}
	return nil
}
