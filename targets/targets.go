// Package targets renders the resolved settings into each deployment's files, and proves each
// output by reading it back the way its consumer does and comparing what the server would bind
// with what the settings ask for.
package targets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/quote"
	"github.com/omsso/omsso/internal/settings"
)

// File is one output file, relative to the output folder.
type File struct {
	Path string
	Data []byte
	// Secret files may hold a secret and are written 0600.
	Secret bool
}

// Target is one way to deploy OpenMetadata.
type Target interface {
	Name() string
	// Render produces the target's files.
	Render(r *settings.Resolved) ([]File, error)
	// NextSteps tell the user what to do with the files written into dir (commands are
	// quoted for a POSIX shell); env reads the caller's environment (e.g. HELM_NAMESPACE).
	NextSteps(r *settings.Resolved, dir string, env func(string) string) []string
}

// All returns every target, in the order they are rendered: the three deployments, then the
// Okta setup guide.
func All() []Target { return []Target{Docker{}, Helm{}, Baremetal{}, Okta{}} }

// Extras are the targets rendered only when named: terraform writes the Okta side as code,
// instead of the guide, for teams who manage their org with Terraform.
func Extras() []Target { return []Target{Terraform{}} }

// Names lists the target names, the extras last.
func Names() []string { return names(append(All(), Extras()...)) }

// DeployNames lists the names of the targets that configure a server.
func DeployNames() []string {
	var out []string
	for _, d := range Deploys() {
		out = append(out, d.Name())
	}
	return out
}

func names(ts []Target) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Name())
	}
	return out
}

// DeployByName finds a target that configures servers.
func DeployByName(name string) (Deploy, bool) {
	t, ok := ByName(name)
	d, isDeploy := t.(Deploy)
	return d, ok && isDeploy
}

// ByName finds a target.
func ByName(name string) (Target, bool) {
	for _, t := range append(All(), Extras()...) {
		if t.Name() == name {
			return t, true
		}
	}
	return nil, false
}

// SecretSentinel stands for the client secret when outputs are read back.
const SecretSentinel = omconf.SecretSentinel

// DeployEnv is the environment the models give the deploy-time shell or server process: only
// the client secret's env var, set to the stand-in, so everything else comes from the files.
func DeployEnv(r *settings.Resolved) map[string]string {
	env := map[string]string{}
	if r.Confidential() {
		env[r.SecretEnv] = SecretSentinel
	}
	return env
}

// Render renders a target and proves it: a mismatch between what the server would bind and the
// settings is a bug in omsso, reported as an error rather than written.
func Render(t Target, r *settings.Resolved) ([]File, error) {
	files, err := t.Render(r)
	if err != nil {
		return nil, err
	}
	if err := Check(t, r, files); err != nil {
		return nil, err
	}
	return files, nil
}

// PublicKeys is publicKeyUrls: Okta's JWKS for user tokens, OpenMetadata's for bot tokens.
func PublicKeys(r *settings.Resolved, target string) []string { return omconf.PublicKeys(r, target) }

// Expected is the effective config the settings ask for on a target (the key table's Want).
func Expected(r *settings.Resolved, target string) omconf.Effective {
	return omconf.Expected(r, target)
}

// view is what templates see.
type view struct {
	*settings.Resolved
	Provenance   string
	SettingsHash string
	PublicKeys   []string
	Target       string
	// Notes are header comment lines: what users otherwise learn only when a login fails.
	Notes []string
}

// Since reports whether the chosen OpenMetadata line reads keys added in v.
func (v view) Since(ver string) bool { return v.AtLeast(ver) }

// Entry is one server key with the value the settings give it on the view's target.
type Entry struct {
	omconf.Key
	Value any
}

// Entries are the keys of a config section (e.g. authorizerConfiguration) that the line and
// client type read, in upstream order, with their values: templates range over them, so a key
// added to the table reaches every target.
func (v view) Entries(section string) []Entry {
	var out []Entry
	for _, k := range omconf.Keys() {
		if k.Section() == section && k.Reads(v.Resolved) {
			out = append(out, Entry{Key: k, Value: k.Want(v.Resolved, v.Target)})
		}
	}
	return out
}

// EnvEntries are the keys an env-based target sets (not the secret, not Default unless the line
// moved the default away from the one the compose files pass), in three
// groups: "passed" (the upstream compose file passes them), "dropped" (it does not: the
// override must) and "oidc" (the confidential client's oidcConfiguration). Maps are pinned by
// the override instead.
func (v view) EnvEntries(group string) []Entry {
	var out []Entry
	for _, k := range omconf.Keys() {
		if k.DefaultOn(v.OpenMetadata.Version) || k.Secret || k.Type == omconf.Map || !k.Reads(v.Resolved) {
			continue
		}
		g := "passed"
		switch {
		case k.Confidential:
			g = "oidc"
		case !k.Compose:
			g = "dropped"
		}
		if g == group {
			out = append(out, Entry{Key: k, Value: k.Want(v.Resolved, v.Target)})
		}
	}
	return out
}

// HelmEntries are the keys the Helm values set (not Default, unless the line moved the
// default away from the chart's): those under a section of openmetadata.config (authorizer,
// authentication, authentication.oidcConfiguration) and, for "extraEnvs", the keys the chart
// has no value for.
func (v view) HelmEntries(section string) []Entry {
	var out []Entry
	for _, k := range omconf.Keys() {
		if k.DefaultOn(v.OpenMetadata.Version) || !k.Reads(v.Resolved) {
			continue
		}
		s := "extraEnvs"
		if k.HelmKind != omconf.HelmNone {
			s = k.Helm[:strings.LastIndex(k.Helm, ".")]
		}
		if s == section {
			out = append(out, Entry{Key: k, Value: k.Want(v.Resolved, v.Target)})
		}
	}
	return out
}

// Reads reports whether the line and client type read a key (for template text about it).
func (v view) Reads(path string) bool {
	k, ok := omconf.KeyByPath(path)
	return ok && k.Reads(v.Resolved)
}

func newView(r *settings.Resolved, target string) view {
	return view{Resolved: r, Provenance: Provenance(r), SettingsHash: SettingsHash(r), PublicKeys: PublicKeys(r, target), Target: target, Notes: headerNotes(r, target)}
}

// removeSecurityConfig drops the security config OpenMetadata 1.10+ keeps in its database,
// so that the deployed one applies at the next start; each target says where to run it.
const removeSecurityConfig = "./bootstrap/openmetadata-ops.sh remove-security-config --force"

// HeaderNotes are the comment lines a deployment file's header carries besides its usage: a
// file secret's path (docker, bare metal), who can sign in without self-signup, and from 1.10
// on, that the database copy of the security config wins over the file.
func HeaderNotes(r *settings.Resolved, t Deploy) []string {
	var out []string
	if cs := r.Okta.ClientSecret; r.Confidential() && cs != nil && cs.File != "" && t.SecretFromEnv() {
		out = append(out, "The client secret is read from the file "+cs.File+"; before starting, run:",
			fmt.Sprintf(`  export %s="$(cat %s)"`, r.SecretEnv, quote.Shell(cs.File)))
	}
	if !r.Authentication.EnableSelfSignup {
		out = append(out, "enableSelfSignup is false: only the admins ("+strings.Join(r.Authorizer.AdminPrincipals, ", ")+") can sign in until",
			"you create the other users in OpenMetadata (Settings > Users), or set enableSelfSignup: true.")
	}
	out = append(out, LineNotes(r)...)
	if d := settings.DBCopyFor(r); d != nil {
		out = append(out, d.HeaderLines(r.OpenMetadata.Version)...)
		if d.Reset {
			for _, c := range t.ResetCommands(func(string) string { return "" }) {
				out = append(out, "  "+c)
			}
		}
	}
	return out
}

// Provenance is the header line of every generated file: the settings hash, no tool version,
// time or path, so the header changes only with the settings, and two builds of omsso (a
// release, the Helm plugin's own build) write the same bytes for the same settings.
func Provenance(r *settings.Resolved) string {
	return fmt.Sprintf("Generated by omsso from settings %s. Edit the settings and re-render; do not edit this file.", SettingsHash(r))
}

// WrittenByOmsso reports whether a file carries omsso's provenance header near its top.
func WrittenByOmsso(data []byte) bool {
	head := data[:min(len(data), 512)]
	return bytes.Contains(head, []byte("Generated by omsso "))
}

// SettingsHash identifies the resolved settings.
func SettingsHash(r *settings.Resolved) string {
	b, _ := json.Marshal(r.Settings)
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])[:16]
}

// Valid checks an effective config against OpenMetadata's auth contract.
func Valid(eff omconf.Effective) error {
	probs, err := omconf.Validate(eff)
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		return fmt.Errorf("not valid for OpenMetadata:\n  %s", strings.Join(probs, "\n  "))
	}
	return nil
}

// headerNotes are the header notes of the named target's files (none for a guide).
func headerNotes(r *settings.Resolved, target string) []string {
	if d, ok := DeployByName(target); ok {
		return HeaderNotes(r, d)
	}
	return nil
}

// Expected implements Deploy: the effective config the settings ask for on docker.
func (d Docker) Expected(r *settings.Resolved) omconf.Effective { return omconf.Expected(r, d.Name()) }

// Expected implements Deploy: the effective config the settings ask for on Kubernetes.
func (h Helm) Expected(r *settings.Resolved) omconf.Effective { return omconf.Expected(r, h.Name()) }

// Expected implements Deploy: the effective config the settings ask for on bare metal, which is
// also the server's own view (OpenMetadata's security API, the served /config/auth).
func (b Baremetal) Expected(r *settings.Resolved) omconf.Effective {
	return omconf.Expected(r, b.Name())
}
