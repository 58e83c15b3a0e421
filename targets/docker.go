package targets

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/omsso/omsso/omconf"
	"github.com/omsso/omsso/quote"
	"github.com/omsso/omsso/settings"
	"github.com/omsso/omsso/templates"
)

// Docker renders an env file for docker compose --env-file and an override for the upstream
// compose file.
type Docker struct{}

// Name implements Target.
func (Docker) Name() string { return "docker" }

// Docker output paths, relative to the output folder.
const (
	DockerEnvFile  = "docker/openmetadata_okta.env"
	DockerOverride = "docker/docker-compose.okta.yml"
)

// ComposeServices are the upstream services that read the auth env (OKTA-FACTS §2).
func ComposeServices() []string { return []string{"execute-migrate-all", "openmetadata-server"} }

type passed struct{ Name, From, Hint string }

// Passed lists the env vars the override passes through, and where each comes from.
func Passed(r *settings.Resolved) []passed {
	hint := "is not set - pass --env-file openmetadata_okta.env to docker compose"
	var out []passed
	for _, k := range omconf.Keys() {
		if !k.Compose && !k.Default && k.Reads(r) {
			out = append(out, passed{k.Env, k.Env, hint})
		}
	}
	if r.Confidential() {
		out = append(out, passed{"OIDC_CLIENT_SECRET", r.SecretEnv, "is not set - export it with the Okta client secret before docker compose"})
	}
	return out
}

// Render implements Target.
func (d Docker) Render(r *settings.Resolved) ([]File, error) {
	env, err := templates.Render("docker/openmetadata_okta.env.tmpl", newView(r, d.Name()))
	if err != nil {
		return nil, err
	}
	type overrideView struct {
		view
		Services []string
		Passed   []passed
	}
	ov, err := templates.Render("docker/docker-compose.okta.yml.tmpl", overrideView{newView(r, d.Name()), ComposeServices(), Passed(r)})
	if err != nil {
		return nil, err
	}
	return []File{{Path: DockerEnvFile, Data: env}, {Path: DockerOverride, Data: ov}}, nil
}

// Effective implements Target: compose-go loads a model of the upstream compose file (the auth
// env block, from omconf's key table) with the env file and the override, then each service's
// environment is substituted into the model of the server config.
func (d Docker) Effective(r *settings.Resolved, files []File) (map[string]omconf.Effective, error) {
	base := []byte(ComposeModel(r.AtLeast))
	return DockerEffective(r, base, files, nil)
}

// Inputs implements Target.
func (d Docker) Inputs(r *settings.Resolved, files []File) (map[string]ServerInput, error) {
	return DockerInputs(r, []byte(ComposeModel(r.AtLeast)), files, nil)
}

// ComposeModel is the auth env block of the upstream compose file, for both services.
func ComposeModel(since func(string) bool) string {
	var b strings.Builder
	b.WriteString("services:\n")
	for _, svc := range ComposeServices() {
		fmt.Fprintf(&b, "  %s:\n    image: openmetadata/server\n    environment:\n", svc)
		for _, k := range omconf.Keys() {
			if !k.Compose || !since(k.Since) {
				continue
			}
			def := k.ConfDefault
			if k.Type == omconf.Map {
				def = "{}" // compose's default differs from conf's (OKTA-FACTS §2)
			}
			fmt.Fprintf(&b, "      %s: %s\n", k.Env, quote.YAML("${"+k.Env+":-"+def+"}"))
		}
	}
	return b.String()
}

// DockerEffective loads base + override with the env file as docker compose --env-file does,
// and returns each auth service's effective config. shell is the environment of the shell
// running docker compose (nil: only the secret's env var, set to the sentinel).
func DockerEffective(r *settings.Resolved, base []byte, files []File, shell map[string]string) (map[string]omconf.Effective, error) {
	in, err := DockerInputs(r, base, files, shell)
	if err != nil {
		return nil, err
	}
	return bindInputs(in)
}

// DockerInputs is what each auth service's server reads: the conf model and its container env.
func DockerInputs(r *settings.Resolved, base []byte, files []File, shell map[string]string) (map[string]ServerInput, error) {
	envs, err := DockerServiceEnv(r, base, files, shell)
	if err != nil {
		return nil, err
	}
	out := map[string]ServerInput{}
	model := omconf.Model(r.AtLeast)
	for svc, env := range envs {
		out[svc] = ServerInput{Text: model, Env: env}
	}
	return out, nil
}

// DockerServiceEnv returns the container environment of each auth service.
func DockerServiceEnv(r *settings.Resolved, base []byte, files []File, shell map[string]string) (map[string]map[string]string, error) {
	return ComposeEnv(r, []types.ConfigFile{{Filename: "docker-compose.yml", Content: base}}, files, shell)
}

// ComposeEnv loads the compose files, then the override, with the env file, as
// `docker compose --env-file F -f base... -f override` does, and returns the environment of
// each auth service.
func ComposeEnv(r *settings.Resolved, bases []types.ConfigFile, files []File, shell map[string]string) (map[string]map[string]string, error) {
	var envFile, override []byte
	for _, f := range files {
		switch f.Path {
		case DockerEnvFile:
			envFile = f.Data
		case DockerOverride:
			override = f.Data
		}
	}
	if envFile == nil || override == nil {
		return nil, fmt.Errorf("missing %s or %s", DockerEnvFile, DockerOverride)
	}
	if shell == nil {
		shell = map[string]string{}
		if r.Confidential() {
			shell[r.SecretEnv] = SecretSentinel
		}
	}
	// docker compose: the shell's environment wins over --env-file for interpolation.
	fromFile, err := dotenv.ParseWithLookup(bytes.NewReader(envFile), func(k string) (string, bool) { v, ok := shell[k]; return v, ok })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", DockerEnvFile, err)
	}
	environment := types.Mapping{}
	for k, v := range fromFile {
		environment[k] = v
	}
	for k, v := range shell {
		environment[k] = v
	}
	details := types.ConfigDetails{
		WorkingDir:  ".",
		ConfigFiles: append(append([]types.ConfigFile(nil), bases...), types.ConfigFile{Filename: "docker-compose.okta.yml", Content: override}),
		Environment: environment,
	}
	project, err := loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName("openmetadata", true)
		o.SkipConsistencyCheck = true
		o.ResolvePaths = false
	})
	if err != nil {
		return nil, fmt.Errorf("compose: %w", err)
	}
	out := map[string]map[string]string{}
	for _, name := range ComposeServices() {
		svc, ok := project.Services[name]
		if !ok {
			return nil, fmt.Errorf("compose file has no service %s", name)
		}
		env := map[string]string{}
		for k, v := range svc.Environment {
			if v != nil {
				env[k] = *v
			} else if sv, ok := environment[k]; ok {
				env[k] = sv // "- VAR" without a value passes the shell's
			}
		}
		out[name] = env
	}
	return out, nil
}
