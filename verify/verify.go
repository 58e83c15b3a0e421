// Package verify proves files on disk (rendered by omsso, perhaps edited since) against the
// settings: it computes what OpenMetadata will bind for each target through the consumers' own
// code paths, and reports each difference with the layer where it went wrong and the upstream
// trap behind it, if any.
package verify

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/helmchart"
	"github.com/omsso/omsso/omconf"
	"github.com/omsso/omsso/settings"
	"github.com/omsso/omsso/targets"
)

// Options says what to prove.
type Options struct {
	Dir          string   // folder rendered earlier (render --output-dir DIR)
	Targets      []string // target names
	ComposeFiles []string // the user's compose files; none: omsso's model of the upstream quickstart
	Chart        string   // chart folder or .tgz; "": omsso's model of the 1.12 chart
	HelmBin      string   // a helm binary to render the chart through too (Helm plugins get $HELM_BIN)
	Config       string   // a conf/openmetadata.yaml (e.g. patched); "": DIR/baremetal/openmetadata-okta.yaml
	// Files, when set, are the outputs in memory (render proves before writing); Dir is then
	// only used in messages.
	Files []targets.File
}

// Finding is one server key a target gets wrong.
type Finding struct {
	Target   string `json:"target"`
	Consumer string `json:"consumer"` // compose service, container, or "server"
	Key      string `json:"key"`
	Want     string `json:"want"`
	Got      string `json:"got"`
	Layer    string `json:"layer"`          // where it went wrong
	Trap     string `json:"trap,omitempty"` // the upstream trap, named
}

// Report is the result of a proof.
type Report struct {
	Findings []Finding           `json:"findings"`
	Proved   map[string]string   `json:"proved"` // target -> what was proved with what
	Notes    []string            `json:"notes,omitempty"`
	Checked  map[string][]string `json:"checked"` // target -> consumers
}

// OK reports whether nothing differs.
func (r *Report) OK() bool { return len(r.Findings) == 0 }

// Run proves the targets in opts.
func Run(r *settings.Resolved, opts Options) (*Report, error) {
	rep := &Report{Proved: map[string]string{}, Checked: map[string][]string{}}
	for _, name := range opts.Targets {
		var err error
		switch name {
		case "docker":
			err = proveDocker(r, opts, rep)
		case "helm":
			err = proveHelm(r, opts, rep)
		case "baremetal":
			err = proveBaremetal(r, opts, rep)
		default:
			err = fmt.Errorf("unknown target %q", name)
		}
		if err != nil {
			return nil, err
		}
	}
	return rep, nil
}

func (o Options) read(rel string) ([]byte, error) {
	if o.Files != nil {
		for _, f := range o.Files {
			if f.Path == rel {
				return f.Data, nil
			}
		}
		return nil, fmt.Errorf("no %s among the rendered files", rel)
	}
	return readOut(o.Dir, rel)
}

func readOut(dir, rel string) ([]byte, error) {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s (render it first: omsso render --output-dir %s): %w", p, dir, err)
	}
	return data, nil
}

// compare adds a finding per mismatch and per binding error, with the layer from where().
func compare(rep *Report, r *settings.Resolved, target, consumer string, eff omconf.Effective, keyErrs map[string]string, where func(k omconf.Key, got any) (layer, trap string)) {
	want := targets.Expected(r, target)
	for _, k := range omconf.Keys() {
		w, ok := want[k.Path]
		if !ok {
			continue
		}
		if e, bad := keyErrs[k.Path]; bad {
			f := Finding{Target: target, Consumer: consumer, Key: k.Path, Want: show(r, k, w), Got: "error: " + e}
			f.Layer, f.Trap = where(k, nil)
			if k.Type == omconf.Map {
				f.Trap = "customParams given as a string: the server cannot bind it into a map and fails at start (helm-charts #229/#245)"
			}
			rep.Findings = append(rep.Findings, f)
			continue
		}
		g := eff[k.Path]
		if omconf.Equal(k, w, g) {
			continue
		}
		f := Finding{Target: target, Consumer: consumer, Key: k.Path, Want: show(r, k, w), Got: show(r, k, g)}
		f.Layer, f.Trap = where(k, g)
		if t := jwksTrap(r, target, k, g); t != "" {
			f.Trap = t
		}
		rep.Findings = append(rep.Findings, f)
	}
	if len(keyErrs) == 0 {
		if probs, err := omconf.Validate(eff); err == nil {
			for _, p := range probs {
				rep.Findings = append(rep.Findings, Finding{Target: target, Consumer: consumer, Key: "(contract)", Want: "valid for OpenMetadata", Got: p, Layer: "OpenMetadata's auth schema"})
			}
		}
	}
}

// show renders a value; the client secret is never shown, only where it comes from.
func show(r *settings.Resolved, k omconf.Key, v any) string {
	if k.Env == "OIDC_CLIENT_SECRET" {
		s, _ := v.(string)
		switch s {
		case targets.SecretSentinel:
			return "the client secret (" + secretSource(r) + ")"
		case "":
			return `""`
		}
		return "another value (hidden)"
	}
	return omconf.Show(v)
}

func secretSource(r *settings.Resolved) string {
	cs := r.Okta.ClientSecret
	switch {
	case cs == nil:
		return "none"
	case cs.Env != "":
		return "$" + cs.Env
	case cs.File != "":
		return "file " + cs.File
	}
	ks := targets.KubeSecret(r)
	return "Secret " + ks.Name + "/" + ks.Key
}

// jwksTrap names the JWKS mistakes: an Okta key URL of another authorization server, or
// OpenMetadata's own JWKS missing.
func jwksTrap(r *settings.Resolved, target string, k omconf.Key, got any) string {
	if !strings.HasSuffix(k.Path, ".publicKeyUrls") {
		return ""
	}
	urls, _ := got.([]string)
	for _, u := range urls {
		if u != r.OktaJwksURL && strings.Contains(u, "//"+r.Domain+"/") && strings.HasSuffix(u, "/v1/keys") {
			return fmt.Sprintf("Okta JWKS of the wrong authorization server: %s, but issuer %s publishes its keys at %s; logins fail with \"No key found ... with kid\" (OpenMetadata #2773)", u, r.Issuer, r.OktaJwksURL)
		}
	}
	if !slices.Contains(urls, r.OktaJwksURL) {
		return "the Okta JWKS URL is missing from publicKeyUrls: user tokens fail with \"JWT Token keyID doesn't match\" (helm-charts #316)"
	}
	if !slices.Contains(urls, targets.OmJwks(r, target)) {
		return "OpenMetadata's own JWKS URL is missing from publicKeyUrls: bot and ingestion tokens fail (OpenMetadata #9525, #15489)"
	}
	return ""
}

func substituteAndBind(text string, env map[string]string) (omconf.Effective, map[string]string, error) {
	out, err := omconf.Substitute(text, omconf.MapLookup(env))
	if err != nil {
		return nil, nil, err
	}
	return omconf.ParseKeys(out)
}

func proveDocker(r *settings.Resolved, opts Options, rep *Report) error {
	envData, err := opts.read(targets.DockerEnvFile)
	if err != nil {
		return err
	}
	override, err := opts.read(targets.DockerOverride)
	if err != nil {
		return err
	}
	files := []targets.File{{Path: targets.DockerEnvFile, Data: envData}, {Path: targets.DockerOverride, Data: override}}
	var bases []types.ConfigFile
	for _, f := range opts.ComposeFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("compose file: %w", err)
		}
		bases = append(bases, types.ConfigFile{Filename: f, Content: data})
	}
	how := "compose-go with " + strings.Join(opts.ComposeFiles, ", ")
	if len(bases) == 0 {
		bases = []types.ConfigFile{{Filename: "docker-compose.yml", Content: []byte(targets.ComposeModel(r.AtLeast))}}
		how = "compose-go with omsso's model of the upstream quickstart compose file (pass --compose-file for yours)"
	}
	rep.Proved["docker"] = how
	envs, err := targets.ComposeEnv(r, bases, files, nil)
	if err != nil {
		rep.Findings = append(rep.Findings, Finding{Target: "docker", Key: "(compose)", Want: "a project compose loads", Got: err.Error(), Layer: "docker compose"})
		return nil
	}
	fromFile, err := dotenv.UnmarshalBytesWithLookup(envData, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", targets.DockerEnvFile, err)
	}
	overrideEnv := overrideVars(override)
	model := omconf.Model(r.AtLeast)
	for _, svc := range targets.ComposeServices() {
		env := envs[svc]
		rep.Checked["docker"] = append(rep.Checked["docker"], svc)
		eff, keyErrs, err := substituteAndBind(model, env)
		if err != nil {
			rep.Findings = append(rep.Findings, Finding{Target: "docker", Consumer: svc, Key: "(config)", Want: "a config the server parses", Got: err.Error(), Layer: "server substitution and YAML"})
			continue
		}
		compare(rep, r, "docker", svc, eff, keyErrs, func(k omconf.Key, _ any) (string, string) {
			fv, inFile := fromFile[k.Env]
			cv, inContainer := env[k.Env]
			switch {
			case inFile && !overrideEnv[k.Env] && (!inContainer || cv != fv):
				return fmt.Sprintf("compose: %s is set in the env file but the compose file does not pass it to %s", k.Env, svc),
					"env var silently dropped: the upstream compose file does not list it under environment:, so the env file alone never reaches the server; pass it in docker-compose.okta.yml"
			case !inContainer:
				return fmt.Sprintf("env file: %s is not set, so the server's default applies", k.Env), ""
			case overrideEnv[k.Env]:
				return fmt.Sprintf("override: %s in docker-compose.okta.yml", k.Env), ""
			}
			return fmt.Sprintf("env file: %s", k.Env), ""
		})
	}
	return nil
}

// overrideVars lists the env vars the override sets for any service.
func overrideVars(data []byte) map[string]bool {
	var doc struct {
		Services map[string]struct {
			Environment map[string]any `yaml:"environment"`
		} `yaml:"services"`
	}
	out := map[string]bool{}
	if yaml.Unmarshal(data, &doc) != nil {
		return out
	}
	for _, s := range doc.Services {
		for k := range s.Environment {
			out[k] = true
		}
	}
	return out
}

func proveHelm(r *settings.Resolved, opts Options, rep *Report) error {
	values, err := opts.read(targets.HelmValues)
	if err != nil {
		return err
	}
	envs := map[string]map[string]string{}
	if opts.Chart != "" {
		res, err := helmchart.Render(opts.Chart, values, targets.SecretStore(r))
		if err != nil {
			f := Finding{Target: "helm", Key: "(chart)", Want: "values the chart accepts", Got: err.Error(), Layer: "chart: values.schema.json and templates"}
			if strings.Contains(err.Error(), "schema") || strings.Contains(err.Error(), "Additional property") {
				f.Trap = "a key the chart's values.schema.json rejects (additionalProperties: false)"
			}
			rep.Findings = append(rep.Findings, f)
			return nil
		}
		envs = res.Env
		rep.Proved["helm"] = "Helm SDK render of " + opts.Chart + " (values.schema.json, templates, Secrets decoded)"
		if opts.HelmBin != "" {
			cliRes, err := helmchart.RenderCLI(opts.HelmBin, opts.Chart, values, targets.SecretStore(r))
			if err != nil {
				rep.Findings = append(rep.Findings, Finding{Target: "helm", Key: "(chart)", Want: "values the chart accepts", Got: err.Error(), Layer: opts.HelmBin + " template"})
				return nil
			}
			for c, env := range cliRes.Env {
				for k, v := range env {
					if res.Env[c][k] != v {
						rep.Findings = append(rep.Findings, Finding{Target: "helm", Consumer: c, Key: k, Want: "the SDK's value", Got: "another value from " + opts.HelmBin, Layer: opts.HelmBin + " template"})
					}
				}
			}
			rep.Proved["helm"] += ", and " + opts.HelmBin + " template agrees"
		}
	} else {
		env, err := chartLineEnv(r, values)
		if err != nil {
			return err
		}
		envs[helmchart.ServerContainer] = env
		rep.Proved["helm"] = "omsso's model of the " + chartLine(r) + " chart (pass --chart to render the real one)"
	}
	var v map[string]any
	_ = yaml.Unmarshal(values, &v)
	cfg := digMap(v, "openmetadata", "config")
	confidential := digMap(cfg, "authentication")["clientType"] == "confidential"
	enabled := digMap(cfg, "authentication", "oidcConfiguration")["enabled"] == true
	extra := map[string]bool{}
	if list, ok := v["extraEnvs"].([]any); ok {
		for _, e := range list {
			if m, ok := e.(map[string]any); ok {
				extra[fmt.Sprint(m["name"])] = true
			}
		}
	}
	model := omconf.Model(r.AtLeast)
	for _, c := range []string{helmchart.ServerContainer, helmchart.MigrateContainer} {
		env, ok := envs[c]
		if !ok {
			continue
		}
		rep.Checked["helm"] = append(rep.Checked["helm"], c)
		eff, keyErrs, err := substituteAndBind(model, env)
		if err != nil {
			rep.Findings = append(rep.Findings, Finding{Target: "helm", Consumer: c, Key: "(config)", Want: "a config the server parses", Got: err.Error(), Layer: "server substitution and YAML"})
			continue
		}
		compare(rep, r, "helm", c, eff, keyErrs, func(k omconf.Key, _ any) (string, string) {
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
		})
	}
	return nil
}

func digMap(v any, path ...string) map[string]any {
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	m, _ := v.(map[string]any)
	return m
}

func proveBaremetal(r *settings.Resolved, opts Options, rep *Report) error {
	path := opts.Config
	var data []byte
	var err error
	if path == "" {
		data, err = opts.read(targets.BaremetalSections)
		path = filepath.Join(opts.Dir, filepath.FromSlash(targets.BaremetalSections))
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return err
	}
	rep.Proved["baremetal"] = "OpenMetadata's substitution and binding of " + path
	rep.Checked["baremetal"] = []string{"server"}
	env := map[string]string{}
	if r.Confidential() {
		env[r.SecretEnv] = targets.SecretSentinel
	}
	eff, keyErrs, err := substituteAndBind(string(data), env)
	if err != nil {
		rep.Findings = append(rep.Findings, Finding{Target: "baremetal", Consumer: "server", Key: "(config)", Want: "a config the server parses", Got: err.Error(), Layer: path})
		return nil
	}
	compare(rep, r, "baremetal", "server", eff, keyErrs, func(k omconf.Key, _ any) (string, string) {
		return "conf: " + k.Path + " in " + path, ""
	})
	return nil
}

// chartLine names the chart releases whose auth env the model follows for the settings' line
// (OKTA-FACTS §3.5: identical from 1.8 on).
func chartLine(r *settings.Resolved) string {
	if r.AtLeast("1.8") {
		return "1.8+"
	}
	return r.OpenMetadata.Version
}

// chartLineEnv is the model of the chart of the settings' line. The model in targets follows
// the 1.8+ charts; older ones differ (OKTA-FACTS §3.5): the 1.5 chart has no allowedDomains,
// maxAge or promptType, charts before 1.8 no sessionExpiry, and they quote customParams into a
// string the server cannot bind (helm-charts #229/#245). extraEnvs still win.
func chartLineEnv(r *settings.Resolved, values []byte) (map[string]string, error) {
	env, err := targets.HelmModelEnv(values, targets.SecretStore(r))
	if err != nil || r.AtLeast("1.8") {
		return env, err
	}
	var v map[string]any
	_ = yaml.Unmarshal(values, &v)
	extra := map[string]bool{}
	if list, ok := v["extraEnvs"].([]any); ok {
		for _, e := range list {
			if m, ok := e.(map[string]any); ok {
				extra[fmt.Sprint(m["name"])] = true
			}
		}
	}
	missing := []string{"OIDC_SESSION_EXPIRY"}
	if !r.AtLeast("1.6") {
		missing = append(missing, "AUTHORIZER_ALLOWED_DOMAINS", "OIDC_MAX_AGE", "OIDC_PROMPT_TYPE")
	}
	for _, k := range missing {
		if !extra[k] {
			delete(env, k)
		}
	}
	if cp, ok := env["OIDC_CUSTOM_PARAMS"]; ok && !extra["OIDC_CUSTOM_PARAMS"] {
		env["OIDC_CUSTOM_PARAMS"] = strconv.Quote(cp)
	}
	return env, nil
}
