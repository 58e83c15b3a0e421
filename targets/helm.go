package targets

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/internal/helmchart"
	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/quote"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/templates"
)

// Helm renders values for the OpenMetadata chart. Namespace is the one Helm runs in
// ($HELM_NAMESPACE under `helm omsso`): the commands the file's header and the next steps show
// carry it, so both say the same.
type Helm struct{ Namespace string }

// nsFlag is " --namespace NS" for a namespace other than Helm's default, else "".
func nsFlag(ns string) string {
	if ns == "" || ns == "default" {
		return ""
	}
	return " --namespace " + quote.Shell(ns)
}

// inNamespace puts the namespace flag into the kubectl commands of KubeSecretHelp.
func inNamespace(lines []string, ns string) []string {
	if ns == "" {
		return lines
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.Replace(l, "kubectl create", "kubectl"+ns+" create", 1)
	}
	return out
}

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

// SecretClientID is the client ID as the Kubernetes Secret must hold it: the chart passes the
// Secret's value unquoted into the server's YAML (and the server substitutes it), so an ID with
// characters Okta allows but YAML reads otherwise ($ + ! * ' ( ) , or a leading -) is written
// as a YAML fragment; a plain ID stays as it is.
func SecretClientID(r *settings.Resolved) string { return quote.Fragment(r.Okta.ClientID) }

// KubeSecretHelp tells how to create the Secret without writing the secret to a file.
func KubeSecretHelp(r *settings.Resolved) []string {
	ks := KubeSecret(r)
	cs := r.Okta.ClientSecret
	if cs == nil {
		return nil
	}
	idArg := quote.Shell(fmt.Sprintf("--from-literal=%s=%s", ks.ClientIDKey, SecretClientID(r)))
	head := fmt.Sprintf("The chart reads the client ID and secret from the Kubernetes Secret %q.", ks.Name)
	switch {
	case cs.Env != "":
		return []string{
			head + " Create it from $" + cs.Env + ", without writing the secret to a file:",
			fmt.Sprintf(`  printf %%s "$%s" | kubectl create secret generic %s %s --from-file=%s=/dev/stdin`, cs.Env, ks.Name, idArg, ks.Key),
		}
	case cs.File != "":
		// Through $(cat …), as docker and bare metal read it: a trailing newline in the file
		// must not become part of the secret.
		return []string{
			head + " Create it from the file that holds the secret:",
			fmt.Sprintf(`  printf %%s "$(cat %s)" | kubectl create secret generic %s %s --from-file=%s=/dev/stdin`, quote.Shell(cs.File), ks.Name, idArg, ks.Key),
		}
	}
	return []string{
		head + fmt.Sprintf(" It must hold the client secret under %q and the client ID under %q, written %s (the chart passes it unquoted into the server's YAML).", ks.Key, ks.ClientIDKey, SecretClientID(r)),
	}
}

// Render implements Target.
func (h Helm) Render(r *settings.Resolved) ([]File, error) {
	type helmView struct {
		view
		KubeSecret     settings.KubeSecret
		KubeSecretHelp []string
		Flux           string
		NS             string
	}
	v := newView(r, h.Name())
	v.Notes = append(chartNotes(r), v.Notes...)
	data, err := templates.Render("helm/values-okta.yaml.tmpl", helmView{v, KubeSecret(r), inNamespace(KubeSecretHelp(r), nsFlag(h.Namespace)), r.Targets.Helm.Flux, nsFlag(h.Namespace)})
	if err != nil {
		return nil, err
	}
	return helmFiles(r, data)
}

// NextSteps implements Target: create the Secret (confidential), then helm upgrade; in the
// namespace Helm runs in ($HELM_NAMESPACE).
func (Helm) NextSteps(r *settings.Resolved, dir string, env func(string) string) []string {
	ns := nsFlag(env("HELM_NAMESPACE"))
	out := secretObjectNextSteps(r, dir)
	if out == nil {
		out = inNamespace(KubeSecretHelp(r), ns)
	}
	if steps := fluxNextSteps(r, dir); steps != nil {
		return append(out, steps...)
	}
	return append(out, fmt.Sprintf("helm upgrade --install openmetadata open-metadata/openmetadata%s -f %s", ns, filepath.Join(dir, filepath.FromSlash(HelmValues))))
}

// ResetCommands implements Deploy, in the namespace Helm runs in ($HELM_NAMESPACE).
func (Helm) ResetCommands(env func(string) string) []string {
	kubectl := "kubectl "
	if v := env("HELM_NAMESPACE"); v != "" && v != "default" {
		kubectl += "--namespace " + quote.Shell(v) + " "
	}
	return []string{kubectl + "exec deploy/openmetadata -- " + removeSecurityConfig, kubectl + "rollout restart deploy/openmetadata"}
}

// SecretFromEnv implements Deploy: the chart reads it from a Kubernetes Secret.
func (Helm) SecretFromEnv() bool { return false }

// Paths implements Deploy.
func (Helm) Paths(ProofOptions) []string { return []string{HelmValues} }

// ReadBack implements Deploy: the real chart rendered with Helm's SDK (opts.Chart, and through
// opts.HelmBin too when given), or the model of the chart (OKTA-FACTS §3.1-3.2: each value
// becomes an env var the way secrets.yaml renders it, gated like the chart gates them;
// extraEnvs override, after the kubelet's expansion; secretKeyRefs resolve to the Secret the
// instructions create). Tests prove the model against the real charts.
func (h Helm) ReadBack(r *settings.Resolved, files []File, opts ProofOptions) (*ReadBack, error) {
	values, err := fileData(files, HelmValues)
	if err != nil {
		return nil, err
	}
	values, problems := fluxValues(r, files, values)
	if problems == nil {
		problems = secretObjectProblems(r, files)
	}
	if problems != nil {
		return &ReadBack{Problems: problems}, nil
	}
	rb := &ReadBack{}
	envs := map[string]map[string]string{}
	if opts.Chart != "" {
		res, problems := renderChart(r, values, opts)
		if problems != nil {
			rb.Real, rb.Problems = true, problems
			return rb, nil
		}
		envs = res.Env
		rb.Real = true
		rb.Proved = "Helm SDK render of " + opts.Chart + " (values.schema.json, templates, Secrets decoded)"
		if opts.HelmBin != "" {
			rb.Proved += ", and " + opts.HelmBin + " template agrees"
		}
		rb.Proved += fluxProved(r, files)
	} else {
		env, err := chartModelEnv(values, SecretStore(r), r.OpenMetadata.Version)
		if err != nil {
			return nil, err
		}
		// The chart gives the migrations job the same config env as the server.
		envs[helmchart.ServerContainer], envs[helmchart.MigrateContainer] = env, env
		rb.Proved = "omsso's model of the " + chartLine(r) + " chart (pass --chart to render the real one)" + fluxProved(r, files)
	}
	var v map[string]any
	if err := yaml.Unmarshal(values, &v); err != nil {
		return nil, fmt.Errorf("%s: %w", HelmValues, err)
	}
	cfg, _ := helmchart.Dig(v, "openmetadata", "config").(map[string]any)
	extra := map[string]bool{}
	for _, e := range extraEnvs(v) {
		extra[e.name] = true
	}
	for _, c := range []string{helmchart.ServerContainer, helmchart.MigrateContainer} {
		env, ok := envs[c]
		if !ok {
			continue
		}
		rb.Consumers = append(rb.Consumers, Consumer{
			Name: c, Server: c == helmchart.ServerContainer, Input: ServerInput{Text: omconf.Model(r.OpenMetadata.Version), Env: env},
			Via: helmVia(r, cfg, extra), Blame: helmBlame(cfg, extra),
		})
	}
	return rb, nil
}

// renderChart renders the real chart (and through a helm binary, when given); a chart that
// refuses the values, or a binary that disagrees with the SDK, is a finding.
func renderChart(r *settings.Resolved, values []byte, opts ProofOptions) (*helmchart.Result, []Finding) {
	var res *helmchart.Result
	var err error
	if opts.LoadedChart != nil {
		res, err = helmchart.RenderChart(opts.LoadedChart, values, SecretStore(r))
	} else {
		res, err = helmchart.Render(opts.Chart, values, SecretStore(r))
	}
	if err != nil {
		f := Finding{Target: "helm", Key: "(chart)", Want: "values the chart accepts", Got: err.Error(), Layer: "chart: values.schema.json and templates"}
		if errors.Is(err, helmchart.ErrValues) {
			f.Trap = "a key the chart's values.schema.json rejects (additionalProperties: false)"
		}
		return nil, []Finding{f}
	}
	if opts.HelmBin == "" {
		return res, nil
	}
	cliRes, err := helmchart.RenderCLI(opts.HelmBin, opts.Chart, values, SecretStore(r))
	if err != nil {
		return nil, []Finding{{Target: "helm", Key: "(chart)", Want: "values the chart accepts", Got: err.Error(), Layer: opts.HelmBin + " template"}}
	}
	var out []Finding
	for c, env := range cliRes.Env {
		for k, v := range env {
			if res.Env[c][k] != v {
				out = append(out, Finding{Target: "helm", Consumer: c, Key: k, Want: "the SDK's value", Got: "another value from " + opts.HelmBin, Layer: opts.HelmBin + " template"})
			}
		}
	}
	if out != nil {
		return nil, out
	}
	return res, nil
}

func helmVia(r *settings.Resolved, cfg map[string]any, extra map[string]bool) func(omconf.Key) string {
	return func(k omconf.Key) string {
		if extra[k.Env] {
			return "extraEnvs " + k.Env
		}
		if k.Helm == "" {
			return "(server default)"
		}
		parts := strings.Split(k.Helm, ".")
		parent, _ := helmchart.Dig(cfg, parts[:len(parts)-1]...).(map[string]any)
		if _, set := parent[parts[len(parts)-1]]; !set {
			return "(chart default) → " + k.Env
		}
		if k.SecretRef() {
			ks := KubeSecret(r)
			key := ks.ClientIDKey
			if k.Secret {
				key = ks.Key
			}
			return "openmetadata.config." + k.Helm + " → Secret " + ks.Name + "/" + key + " → " + k.Env
		}
		return "openmetadata.config." + k.Helm + " → " + k.Env
	}
}

func helmBlame(cfg map[string]any, extra map[string]bool) func(omconf.Key) (string, string) {
	confidential := helmchart.Dig(cfg, "authentication", "clientType") == "confidential"
	enabled := helmchart.Dig(cfg, "authentication", "oidcConfiguration", "enabled") == true
	return func(k omconf.Key) (string, string) {
		switch {
		case k.Confidential && confidential && !enabled:
			return "chart: oidcConfiguration.enabled is not true, so the chart emits no OIDC_* env at all",
				"Helm's hidden oidcConfiguration.enabled gate (helm-charts #462): set openmetadata.config.authentication.oidcConfiguration.enabled: true"
		case extra[k.Env]:
			return "values: extraEnvs " + k.Env, ""
		case k.HelmKind == omconf.HelmNone:
			return "values: no extraEnvs entry for " + k.Env + " (the chart has no value for it)", ""
		}
		return "values: openmetadata.config." + k.Helm + " (env " + k.Env + ")", ""
	}
}

type envEntry struct{ name, value string }

// extraEnvs lists the name/value entries of the values' extraEnvs, in order.
func extraEnvs(v map[string]any) []envEntry {
	var out []envEntry
	list, _ := v["extraEnvs"].([]any)
	for _, e := range list {
		m, _ := e.(map[string]any)
		name, _ := m["name"].(string)
		if val, ok := m["value"].(string); ok && name != "" {
			out = append(out, envEntry{name, val})
		}
	}
	return out
}

// SecretStore is the model's view of user-created Secrets: "name/key" -> value.
func SecretStore(r *settings.Resolved) map[string]string {
	ks := KubeSecret(r)
	return map[string]string{
		ks.Name + "/" + ks.Key:         SecretSentinel,
		ks.Name + "/" + ks.ClientIDKey: SecretClientID(r),
	}
}

// HelmModelEnv computes the container env the 1.8+ charts give the server for a values file.
func HelmModelEnv(values []byte, secrets map[string]string) (map[string]string, error) {
	vs := settings.Versions()
	return chartModelEnv(values, secrets, vs[len(vs)-1])
}

// chartModelEnv is the model of the chart of an OpenMetadata line (OKTA-FACTS §3.5): a chart
// has no value for a key its line does not read (the 1.5 chart has no allowedDomains, maxAge or
// promptType; charts before 1.8 no sessionExpiry), and charts before 1.8 quote customParams
// into a string the server cannot bind (helm-charts #229/#245). extraEnvs still win.
func chartModelEnv(values []byte, secrets map[string]string, line string) (map[string]string, error) {
	var v map[string]any
	if err := yaml.Unmarshal(values, &v); err != nil {
		return nil, fmt.Errorf("%s: %w", HelmValues, err)
	}
	cfg, _ := helmchart.Dig(v, "openmetadata", "config").(map[string]any)
	env := map[string]string{}
	confidential := helmchart.Dig(cfg, "authentication", "clientType") == "confidential" && helmchart.Dig(cfg, "authentication", "oidcConfiguration", "enabled") == true
	for _, k := range omconf.Keys() {
		if k.HelmKind == omconf.HelmNone {
			continue
		}
		section := strings.SplitN(k.Helm, ".", 2)[0]
		if en, ok := helmchart.Dig(cfg, section, "enabled").(bool); ok && !en {
			continue
		}
		if (k.Confidential && !confidential) || !k.ReadOn(line) {
			continue
		}
		val := helmchart.Dig(cfg, strings.Split(k.Helm, ".")...)
		if val == nil {
			if k.HelmDefault != "" {
				env[k.Env] = k.HelmDefault // the chart's own default
			}
			continue
		}
		switch k.HelmKind {
		case omconf.HelmQuote:
			env[k.Env] = strconv.Quote(fmt.Sprint(val))
		case omconf.HelmRaw:
			env[k.Env] = fmt.Sprint(val)
			if !settings.LineAtLeast(line, "1.8") {
				env[k.Env] = strconv.Quote(env[k.Env])
			}
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
	for _, e := range extraEnvs(v) {
		// extraEnvs become env[].value: the kubelet expands them (helmchart.ExpandEnv).
		env[e.name] = helmchart.ExpandEnv(e.value, env)
	}
	return env, nil
}

// chartLine names the chart releases whose auth env the model follows for the settings' line
// (identical from 1.8 on).
func chartLine(r *settings.Resolved) string {
	if r.AtLeast("1.8") {
		return "1.8+"
	}
	return r.OpenMetadata.Version
}
