// Package helmchart renders the real OpenMetadata chart with Helm's SDK (loader, chartutil with
// the chart's values.schema.json, engine; never pkg/action) and resolves the environment the
// server containers get: envFrom Secrets, env, secretKeyRef, extraEnvs.
package helmchart

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
)

// ErrValues marks values the chart refuses (its values.schema.json, or coalescing).
var ErrValues = errors.New("chart values")

// Containers whose env carries the auth config (OKTA-FACTS §3.1).
const (
	ServerContainer  = "openmetadata"
	MigrateContainer = "run-db-migrations"
)

// Result is a rendered chart's view of the server's environment.
type Result struct {
	// Env per container name; a secretKeyRef into a Secret the chart does not create resolves
	// through the caller's store, or stays as "secretKeyRef:name/key".
	Env map[string]map[string]string
	// Refs per container: env var -> "name/key" of a user-created Secret it reads.
	Refs map[string]map[string]string
}

// Render renders chartPath (a folder or .tgz) with the values and resolves container env.
// external holds user-created Secrets as "name/key" -> value; nil leaves references as they are.
func Render(chartPath string, values []byte, external map[string]string) (*Result, error) {
	ch, err := loader.Load(chartPath)
	if err != nil {
		return nil, fmt.Errorf("load chart %s: %w", chartPath, err)
	}
	return RenderChart(ch, values, external)
}

// RenderChart is Render of a chart loaded once, for runs that render it with the values of
// several environments. Helm's SDK reads the chart without changing it (coalescing copies
// the chart's values first), so one loaded chart serves every render, even concurrent ones.
func RenderChart(ch *chart.Chart, values []byte, external map[string]string) (*Result, error) {
	vals, err := chartutil.ReadValues(values)
	if err != nil {
		return nil, fmt.Errorf("values: %w", err)
	}
	opts := chartutil.ReleaseOptions{Name: "openmetadata", Namespace: "default", Revision: 1, IsInstall: true}
	// What ToRenderValues does (coalesce with the chart's defaults, then check them against
	// values.schema.json), with the check running beside the render instead of before it:
	// compiling the chart's schema is a third of a render. The check coalesces its own copy,
	// so a template that sets .Values cannot race with it; its error wins, as it would have.
	checked := make(chan error, 1)
	go func() { checked <- checkValues(ch, vals) }()
	rv, err := chartutil.ToRenderValuesWithSchemaValidation(ch, vals, opts, chartutil.DefaultCapabilities, true)
	if err != nil {
		<-checked
		return nil, fmt.Errorf("%w: %w", ErrValues, err)
	}
	out, err := engine.Render(ch, rv)
	if cerr := <-checked; cerr != nil {
		return nil, fmt.Errorf("%w: %w", ErrValues, cerr)
	}
	if err != nil {
		return nil, fmt.Errorf("render chart: %w", err)
	}
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	var docs []string
	for _, n := range names {
		docs = append(docs, out[n])
	}
	return resolveManifests(docs, external)
}

// checkValues is ToRenderValues' schema check of the values, coalesced with the chart's.
func checkValues(ch *chart.Chart, vals chartutil.Values) error {
	coalesced, err := chartutil.CoalesceValues(ch, vals)
	if err != nil {
		return err
	}
	if err := chartutil.ValidateAgainstSchema(ch, coalesced); err != nil {
		return fmt.Errorf("values don't meet the specifications of the schema(s) in the following chart(s):\n%s", err.Error())
	}
	return nil
}

// RenderCLI renders the chart through a helm binary (`helm template`), as Helm's own CLI does,
// and resolves container env the same way as Render.
func RenderCLI(helmBin, chartPath string, values []byte, external map[string]string) (*Result, error) {
	f, err := os.CreateTemp("", "omsso-values-*.yaml")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	_, err = f.Write(values)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("write the values for %s: %w", helmBin, err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(helmBin, "template", "openmetadata", chartPath, "-f", f.Name(), "--namespace", "default")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s template: %w: %s", helmBin, err, strings.TrimSpace(stderr.String()))
	}
	return resolveManifests([]string{stdout.String()}, external)
}

// decodeSecret returns a rendered Secret's name and data, base64-decoded, with stringData.
func decodeSecret(obj map[string]any) (string, map[string]string, error) {
	name, _ := Dig(obj, "metadata", "name").(string)
	data := map[string]string{}
	if d, ok := obj["data"].(map[string]any); ok {
		for k, v := range d {
			b, err := base64.StdEncoding.DecodeString(fmt.Sprint(v))
			if err != nil {
				return "", nil, fmt.Errorf("secret %s key %s: %w", name, k, err)
			}
			data[k] = string(b)
		}
	}
	if d, ok := obj["stringData"].(map[string]any); ok {
		for k, v := range d {
			data[k] = fmt.Sprint(v)
		}
	}
	return name, data, nil
}

// resolveManifests decodes the Secrets of rendered manifests and resolves the env of the auth
// containers.
func resolveManifests(manifests []string, external map[string]string) (*Result, error) {
	secrets := map[string]map[string]string{}
	var deployments []map[string]any
	for _, m := range manifests {
		for _, doc := range strings.Split(m, "\n---") {
			// Only Secrets and Deployments matter, and their kind is written out in the
			// text: the other manifests (ConfigMaps, Services…) need not be parsed.
			if !strings.Contains(doc, "Secret") && !strings.Contains(doc, "Deployment") {
				continue
			}
			var obj map[string]any
			if err := yaml.Unmarshal([]byte(doc), &obj); err != nil || obj == nil {
				continue
			}
			switch obj["kind"] {
			case "Secret":
				name, data, err := decodeSecret(obj)
				if err != nil {
					return nil, err
				}
				secrets[name] = data
			case "Deployment":
				deployments = append(deployments, obj)
			}
		}
	}
	res := &Result{Env: map[string]map[string]string{}, Refs: map[string]map[string]string{}}
	for _, d := range deployments {
		spec, _ := Dig(d, "spec", "template", "spec").(map[string]any)
		for _, field := range []string{"initContainers", "containers"} {
			list, _ := spec[field].([]any)
			for _, c := range list {
				cm, _ := c.(map[string]any)
				name, _ := cm["name"].(string)
				if name != ServerContainer && name != MigrateContainer {
					continue
				}
				env, refs, err := resolveEnv(cm, secrets, external)
				if err != nil {
					return nil, fmt.Errorf("container %s: %w", name, err)
				}
				res.Env[name], res.Refs[name] = env, refs
			}
		}
	}
	if res.Env[ServerContainer] == nil {
		return nil, fmt.Errorf("the chart rendered no %s container", ServerContainer)
	}
	return res, nil
}

// resolveEnv applies Kubernetes' rules: envFrom first, then env in order (later wins, and env
// wins over envFrom).
func resolveEnv(c map[string]any, secrets map[string]map[string]string, external map[string]string) (map[string]string, map[string]string, error) {
	env, refs := map[string]string{}, map[string]string{}
	from, _ := c["envFrom"].([]any)
	for _, f := range from {
		fm, _ := f.(map[string]any)
		name, _ := Dig(fm, "secretRef", "name").(string)
		if name == "" {
			continue
		}
		data, ok := secrets[name]
		if !ok {
			// A Secret the chart does not create (optional or not) is the user's, e.g. the DB
			// password: not auth config.
			continue
		}
		for k, v := range data {
			env[k] = v
		}
	}
	list, _ := c["env"].([]any)
	for _, e := range list {
		em, _ := e.(map[string]any)
		name, _ := em["name"].(string)
		if v, ok := em["value"]; ok {
			// The kubelet expands $(NAME) and $$ in env values, against what is defined so far.
			env[name] = ExpandEnv(fmt.Sprint(v), env)
			delete(refs, name)
			continue
		}
		sn, _ := Dig(em, "valueFrom", "secretKeyRef", "name").(string)
		sk, _ := Dig(em, "valueFrom", "secretKeyRef", "key").(string)
		if sn == "" {
			continue
		}
		ref := sn + "/" + sk
		if data, ok := secrets[sn]; ok {
			env[name] = data[sk]
			continue
		}
		refs[name] = ref
		if v, ok := external[ref]; ok {
			env[name] = v
		} else {
			env[name] = "secretKeyRef:" + ref
		}
	}
	return env, refs, nil
}

// Dig walks nested maps (as decoded YAML gives them) and returns the value at path, or nil.
func Dig(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}
