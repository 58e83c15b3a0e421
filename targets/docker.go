package targets

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/quote"
	"github.com/omsso/omsso/internal/settings"
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

// passedVars lists the env vars the override passes through, and where each comes from.
func passedVars(r *settings.Resolved) []passed {
	hint := "is not set - pass --env-file openmetadata_okta.env to docker compose"
	var out []passed
	for _, k := range omconf.Keys() {
		if !k.Compose && !k.DefaultOn(r.OpenMetadata.Version) && k.Reads(r) {
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
	ov, err := templates.Render("docker/docker-compose.okta.yml.tmpl", overrideView{newView(r, d.Name()), ComposeServices(), passedVars(r)})
	if err != nil {
		return nil, err
	}
	return []File{{Path: DockerEnvFile, Data: env}, {Path: DockerOverride, Data: ov}}, nil
}

// NextSteps implements Target.
func (Docker) NextSteps(r *settings.Resolved, dir string, _ func(string) string) []string {
	var out []string
	if r.Confidential() {
		if cs := r.Okta.ClientSecret; cs != nil && cs.File != "" {
			out = append(out, fmt.Sprintf("export %s=\"$(cat %s)\"", r.SecretEnv, quote.Shell(cs.File)))
		} else {
			out = append(out, fmt.Sprintf("export %s=...   # the Okta client secret, from your secret store", r.SecretEnv))
		}
	}
	env := filepath.Join(dir, filepath.FromSlash(DockerEnvFile))
	ov := filepath.Join(dir, filepath.FromSlash(DockerOverride))
	return append(out, fmt.Sprintf("docker compose --env-file %s -f docker-compose.yml -f %s up -d", env, ov))
}

// ResetCommands implements Deploy.
func (Docker) ResetCommands(func(string) string) []string {
	return []string{"docker compose exec openmetadata-server " + removeSecurityConfig, "docker compose restart openmetadata-server"}
}

// SecretFromEnv implements Deploy.
func (Docker) SecretFromEnv() bool { return true }

// Paths implements Deploy.
func (Docker) Paths(ProofOptions) []string { return []string{DockerEnvFile, DockerOverride} }

// ReadBack implements Deploy: compose-go loads the compose files (the user's, or a model of the
// upstream one built from the key table) with the env file and the override, as
// `docker compose --env-file … -f … -f docker-compose.okta.yml` does; each auth service's
// environment then feeds the model of the server config.
func (d Docker) ReadBack(r *settings.Resolved, files []File, opts ProofOptions) (*ReadBack, error) {
	envData, err := fileData(files, DockerEnvFile)
	if err != nil {
		return nil, err
	}
	override, err := fileData(files, DockerOverride)
	if err != nil {
		return nil, err
	}
	var bases []types.ConfigFile
	for _, f := range opts.ComposeFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("compose file: %w", err)
		}
		bases = append(bases, types.ConfigFile{Filename: f, Content: data})
	}
	rb := &ReadBack{Proved: "compose-go with " + strings.Join(opts.ComposeFiles, ", "), Real: true}
	if len(bases) == 0 {
		bases = []types.ConfigFile{{Filename: "docker-compose.yml", Content: []byte(ComposeModel(r.OpenMetadata.Version))}}
		rb.Real = false
		rb.Proved = "compose-go with omsso's model of the upstream quickstart compose file (pass --compose-file for yours)"
	}
	envs, err := composeEnv(r, bases, files, nil, !rb.Real && d.ownOverride(r, override))
	if err != nil {
		rb.Problems = append(rb.Problems, Finding{Target: "docker", Key: "(compose)", Want: "a project compose loads", Got: err.Error(), Layer: "docker compose"})
		return rb, nil
	}
	fromFile, err := dotenv.UnmarshalBytesWithLookup(envData, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", DockerEnvFile, err)
	}
	over := overrideVars(override)
	model := omconf.Model(r.OpenMetadata.Version)
	for _, svc := range ComposeServices() {
		env := envs[svc]
		rb.Consumers = append(rb.Consumers, Consumer{
			Name: svc, Server: svc == "openmetadata-server", Input: ServerInput{Text: model, Env: env},
			Via:   dockerVia(r, fromFile, over),
			Blame: dockerBlame(svc, fromFile, over, env),
		})
	}
	return rb, nil
}

// ownOverride reports whether the override is exactly what omsso renders for the settings: only
// then may compose-go's schema check be skipped (a file edited since is checked in full, as
// docker compose would).
func (d Docker) ownOverride(r *settings.Resolved, override []byte) bool {
	fresh, err := d.Render(r)
	if err != nil {
		return false
	}
	want, err := fileData(fresh, DockerOverride)
	return err == nil && bytes.Equal(want, override)
}

func dockerVia(r *settings.Resolved, fromFile map[string]string, over map[string]bool) func(omconf.Key) string {
	return func(k omconf.Key) string {
		switch {
		case k.Secret && over[k.Env]:
			return k.Env + " ← $" + r.SecretEnv + " (docker-compose.okta.yml)"
		case over[k.Env] && fromFile[k.Env] == "":
			return k.Env + " (docker-compose.okta.yml)"
		case over[k.Env]:
			return k.Env + " (env file, passed by docker-compose.okta.yml)"
		case fromFile[k.Env] != "":
			return k.Env + " (env file)"
		case k.Compose:
			return k.Env + " unset: compose default"
		}
		return "(server default)"
	}
}

func dockerBlame(svc string, fromFile map[string]string, over map[string]bool, env map[string]string) func(omconf.Key) (string, string) {
	return func(k omconf.Key) (string, string) {
		fv, inFile := fromFile[k.Env]
		cv, inContainer := env[k.Env]
		switch {
		case inFile && !over[k.Env] && (!inContainer || cv != fv):
			return fmt.Sprintf("compose: %s is set in the env file but the compose file does not pass it to %s", k.Env, svc),
				"env var silently dropped: the upstream compose file does not list it under environment:, so the env file alone never reaches the server; pass it in docker-compose.okta.yml"
		case !inContainer:
			return fmt.Sprintf("env file: %s is not set, so the server's default applies", k.Env), ""
		case over[k.Env]:
			return fmt.Sprintf("override: %s in docker-compose.okta.yml", k.Env), ""
		}
		return fmt.Sprintf("env file: %s", k.Env), ""
	}
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

// ComposeModel is the auth env block of the upstream compose file, for both services.
func ComposeModel(line string) string {
	var b strings.Builder
	b.WriteString("services:\n")
	for _, svc := range ComposeServices() {
		fmt.Fprintf(&b, "  %s:\n    image: openmetadata/server\n    environment:\n", svc)
		for _, k := range omconf.Keys() {
			if !k.Compose || !k.ReadOn(line) {
				continue
			}
			def := k.ConfDefault // the compose file's own default: it predates the 2.1 changes
			if k.Type == omconf.Map {
				def = "{}" // compose's default differs from conf's (OKTA-FACTS §2)
			}
			fmt.Fprintf(&b, "      %s: %s\n", k.Env, quote.YAML("${"+k.Env+":-"+def+"}"))
		}
	}
	return b.String()
}

// DockerServiceEnv returns the container environment of each auth service.
func DockerServiceEnv(r *settings.Resolved, base []byte, files []File, shell map[string]string) (map[string]map[string]string, error) {
	return ComposeEnv(r, []types.ConfigFile{{Filename: "docker-compose.yml", Content: base}}, files, shell)
}

// ComposeEnv loads the compose files, then the override, with the env file, as
// `docker compose --env-file F -f base... -f override` does, and returns the environment of
// each auth service.
func ComposeEnv(r *settings.Resolved, bases []types.ConfigFile, files []File, shell map[string]string) (map[string]map[string]string, error) {
	return composeEnv(r, bases, files, shell, false)
}

// loadProject is compose-go's load, as docker compose runs it (own: see composeEnv).
func loadProject(details types.ConfigDetails, own bool) (*types.Project, error) {
	project, err := loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName("openmetadata", true)
		o.SkipConsistencyCheck = true
		if own {
			o.SkipValidation = true
			o.Interpolate.TypeCastMapping = nil
		}
		o.ResolvePaths = false
	})
	if err != nil {
		return nil, fmt.Errorf("compose: %w", err)
	}
	return project, nil
}

// composeEnv is ComposeEnv with two costs of compose-go left out when own is set, that is when
// every file is omsso's own (the model of the upstream file and the override). Their shape is
// fixed by omsso's templates: services.<name>.image and services.<name>.environment.<VAR>,
// only string values vary. So:
//   - the JSON Schema check, whose compile costs about 7 ms per process (most of a cold
//     proof), cannot fail on them (TestOverrideValidatesAgainstComposeSchema, every golden case);
//   - interpolation's type casts (ports, cpus, booleans…) match none of those paths, yet
//     looking them up for every node is a third of a load (TestOverrideValidatesAgainstComposeSchema too).
//
// A user's compose files are always loaded with both, as docker compose does.
func composeEnv(r *settings.Resolved, bases []types.ConfigFile, files []File, shell map[string]string, own bool) (map[string]map[string]string, error) {
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
		shell = DeployEnv(r)
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
	project, err := loadProject(details, own)
	if err != nil {
		return nil, err
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
