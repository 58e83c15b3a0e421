package targets

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/helmchart"
	"github.com/omsso/omsso/omconf"
	"github.com/omsso/omsso/quote"
	"github.com/omsso/omsso/settings"
	"github.com/omsso/omsso/templates"
)

// Helm renders values for the OpenMetadata chart.
type Helm struct{}

// Name implements Target.
func (Helm) Name() string { return "helm" }

// HelmValues is the output path of the values file.
const HelmValues = "helm/values-okta.yaml"

// KubeSecret is the Secret the chart reads the confidential client's ID and secret from.
func KubeSecret(r *settings.Resolved) settings.KubeSecret {
	if cs := r.Okta.ClientSecret; cs != nil && cs.KubernetesSecret != nil {
		return *cs.KubernetesSecret
	}
	return settings.KubeSecret{Name: settings.DefaultKubeSecretName, Key: settings.DefaultKubeSecretKey, ClientIDKey: settings.DefaultKubeClientIDKey}
}

// KubeSecretHelp tells how to create the Secret without writing the secret to a file.
func KubeSecretHelp(r *settings.Resolved) []string {
	ks := KubeSecret(r)
	cs := r.Okta.ClientSecret
	if cs == nil {
		return nil
	}
	idArg := fmt.Sprintf("--from-literal=%s=%s", ks.ClientIDKey, r.Okta.ClientID)
	head := fmt.Sprintf("The chart reads the client ID and secret from the Kubernetes Secret %q.", ks.Name)
	switch {
	case cs.Env != "":
		return []string{
			head + " Create it from $" + cs.Env + ", without writing the secret to a file:",
			fmt.Sprintf(`  printf %%s "$%s" | kubectl create secret generic %s %s --from-file=%s=/dev/stdin`, cs.Env, ks.Name, idArg, ks.Key),
		}
	case cs.File != "":
		return []string{
			head + " Create it from the file that holds the secret:",
			fmt.Sprintf("  kubectl create secret generic %s %s --from-file=%s=%s", ks.Name, idArg, ks.Key, quote.Shell(cs.File)),
		}
	}
	return []string{
		head + fmt.Sprintf(" It must hold the client secret under %q and the client ID (%s) under %q.", ks.Key, r.Okta.ClientID, ks.ClientIDKey),
	}
}

// Render implements Target.
func (h Helm) Render(r *settings.Resolved) ([]File, error) {
	type helmView struct {
		view
		KubeSecret     settings.KubeSecret
		KubeSecretHelp []string
	}
	data, err := templates.Render("helm/values-okta.yaml.tmpl", helmView{newView(r, h.Name()), KubeSecret(r), KubeSecretHelp(r)})
	if err != nil {
		return nil, err
	}
	return []File{{Path: HelmValues, Data: data}}, nil
}

// Effective implements Target with a model of the chart (OKTA-FACTS §3.1-3.2): each value
// becomes an env var the way secrets.yaml renders it, gated like the chart gates them;
// extraEnvs override; secretKeyRefs resolve to the Secret the instructions create. Values left
// out emit nothing, so the server's conf defaults apply. Tests prove this model against the
// real chart rendered with Helm's SDK.
func (h Helm) Effective(r *settings.Resolved, files []File) (map[string]omconf.Effective, error) {
	in, err := h.Inputs(r, files)
	if err != nil {
		return nil, err
	}
	return bindInputs(in)
}

// Inputs implements Target: the conf model and the container env the chart model gives it
// (after the kubelet's expansion of env values).
func (h Helm) Inputs(r *settings.Resolved, files []File) (map[string]ServerInput, error) {
	var data []byte
	for _, f := range files {
		if f.Path == HelmValues {
			data = f.Data
		}
	}
	if data == nil {
		return nil, fmt.Errorf("missing %s", HelmValues)
	}
	env, err := HelmModelEnv(data, SecretStore(r))
	if err != nil {
		return nil, err
	}
	return map[string]ServerInput{"openmetadata": {Text: omconf.Model(r.AtLeast), Env: env}}, nil
}

// SecretStore is the model's view of user-created Secrets: "name/key" -> value.
func SecretStore(r *settings.Resolved) map[string]string {
	ks := KubeSecret(r)
	return map[string]string{
		ks.Name + "/" + ks.Key:         SecretSentinel,
		ks.Name + "/" + ks.ClientIDKey: r.Okta.ClientID,
	}
}

// HelmModelEnv computes the container env the chart would give the server for a values file.
func HelmModelEnv(values []byte, secrets map[string]string) (map[string]string, error) {
	var v map[string]any
	if err := yaml.Unmarshal(values, &v); err != nil {
		return nil, fmt.Errorf("%s: %w", HelmValues, err)
	}
	cfg, _ := dig(v, "openmetadata", "config").(map[string]any)
	env := map[string]string{}
	confidential := dig(cfg, "authentication", "clientType") == "confidential" && dig(cfg, "authentication", "oidcConfiguration", "enabled") == true
	for _, k := range omconf.Keys() {
		if k.HelmKind == omconf.HelmNone {
			continue
		}
		section := strings.SplitN(k.Helm, ".", 2)[0]
		if en, ok := dig(cfg, section, "enabled").(bool); ok && !en {
			continue
		}
		if k.Confidential && !confidential {
			continue
		}
		val := dig(cfg, strings.Split(k.Helm, ".")...)
		if val == nil {
			continue
		}
		switch k.HelmKind {
		case omconf.HelmQuote:
			env[k.Env] = strconv.Quote(fmt.Sprint(val))
		case omconf.HelmRaw:
			env[k.Env] = fmt.Sprint(val)
		case omconf.HelmList:
			items, _ := val.([]any)
			if k.Env == "AUTHENTICATION_JWT_PRINCIPAL_CLAIMS_MAPPING" && len(items) == 0 {
				continue // the chart emits it only when non-empty
			}
			q := make([]string, len(items))
			for i, it := range items {
				q[i] = strconv.Quote(fmt.Sprint(it))
			}
			env[k.Env] = "[" + strings.Join(q, ",") + "]"
		case omconf.HelmSecretRef:
			ref, _ := val.(map[string]any)
			key := fmt.Sprint(ref["secretRef"]) + "/" + fmt.Sprint(ref["secretKey"])
			s, ok := secrets[key]
			if !ok {
				return nil, fmt.Errorf("%s reads Secret key %s, which the model does not know", k.Env, key)
			}
			env[k.Env] = s
		}
	}
	extra, _ := v["extraEnvs"].([]any)
	for _, e := range extra {
		m, _ := e.(map[string]any)
		name, _ := m["name"].(string)
		if val, ok := m["value"].(string); ok && name != "" {
			// extraEnvs become env[].value: the kubelet expands them (helmchart.ExpandEnv).
			env[name] = helmchart.ExpandEnv(val, env)
		}
	}
	return env, nil
}

func dig(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}
