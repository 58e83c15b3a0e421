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
	"slices"
	"strings"

	"github.com/omsso/omsso/omconf"
	"github.com/omsso/omsso/quote"
	"github.com/omsso/omsso/settings"
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
	// Effective reads the files back with the consumer's own parser and returns what the
	// server binds, per consumer (e.g. per compose service).
	Effective(r *settings.Resolved, files []File) (map[string]omconf.Effective, error)
}

// All returns every target, in the order they are rendered: the three deployments, then the
// Okta setup guide.
func All() []Target { return []Target{Docker{}, Helm{}, Baremetal{}, Okta{}} }

// Deploy returns the targets that configure a server (and so can be proved).
func Deploy() []Target { return []Target{Docker{}, Helm{}, Baremetal{}} }

// Names lists the target names.
func Names() []string { return names(All()) }

// DeployNames lists the names of the targets that configure a server.
func DeployNames() []string { return names(Deploy()) }

func names(ts []Target) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Name())
	}
	return out
}

// ByName finds a target.
func ByName(name string) (Target, bool) {
	for _, t := range All() {
		if t.Name() == name {
			return t, true
		}
	}
	return nil, false
}

// SecretSentinel stands for the client secret when outputs are read back: it is what the
// deploy-time env var or Kubernetes Secret holds in the model, never a real secret.
const SecretSentinel = "omsso-sentinel-client-secret"

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

// Check compares the effective config of files with the settings.
func Check(t Target, r *settings.Resolved, files []File) error {
	effs, err := t.Effective(r, files)
	if err != nil {
		return fmt.Errorf("self-check of %s output: %w", t.Name(), err)
	}
	if effs == nil {
		return nil // a document, not a server config
	}
	want := Expected(r, t.Name())
	var lines []string
	for _, consumer := range sortedKeys(effs) {
		for _, m := range omconf.Compare(want, effs[consumer]) {
			lines = append(lines, fmt.Sprintf("  %s: %s", consumer, m))
		}
		if err := Valid(effs[consumer]); err != nil {
			lines = append(lines, fmt.Sprintf("  %s: %v", consumer, err))
		}
	}
	if len(lines) > 0 {
		return fmt.Errorf("self-check of %s output failed; this is a bug in omsso, please report it with your settings:\n%s", t.Name(), strings.Join(lines, "\n"))
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// OmJwks is OpenMetadata's own JWKS URL as the target's server reaches it.
func OmJwks(r *settings.Resolved, target string) string {
	switch target {
	case "helm":
		return r.Targets.Helm.OmJwksURL
	case "baremetal":
		return r.Targets.Baremetal.OmJwksURL
	}
	return r.Targets.Docker.OmJwksURL
}

// PublicKeys is publicKeyUrls: Okta's JWKS for user tokens, OpenMetadata's for bot tokens.
func PublicKeys(r *settings.Resolved, target string) []string {
	return []string{r.OktaJwksURL, OmJwks(r, target)}
}

// Expected is the effective config the settings ask for on a target: every modelled key the
// version reads, oidcConfiguration only for confidential clients.
func Expected(r *settings.Resolved, target string) omconf.Effective {
	a, n, o := "authorizerConfiguration.", "authenticationConfiguration.", "authenticationConfiguration.oidcConfiguration."
	v := map[string]any{
		a + "className":                       "org.openmetadata.service.security.DefaultAuthorizer",
		a + "containerRequestFilter":          "org.openmetadata.service.security.JwtFilter",
		a + "adminPrincipals":                 nonNil(r.Authorizer.AdminPrincipals),
		a + "allowedEmailRegistrationDomains": nonNil(r.Authorizer.AllowedEmailRegistrationDomains),
		a + "principalDomain":                 r.Authorizer.PrincipalDomain,
		a + "allowedDomains":                  nonNil(r.Authorizer.AllowedDomains),
		a + "enforcePrincipalDomain":          r.Authorizer.EnforcePrincipalDomain,
		a + "enableSecureSocketConnection":    false,
		a + "useRolesFromProvider":            false,

		n + "clientType":                r.Okta.ClientType,
		n + "provider":                  "okta",
		n + "responseType":              "id_token",
		n + "providerName":              r.Authentication.ProviderName,
		n + "publicKeyUrls":             PublicKeys(r, target),
		n + "tokenValidationAlgorithm":  r.Authentication.TokenValidationAlgorithm,
		n + "authority":                 r.Issuer,
		n + "clientId":                  r.Okta.ClientID,
		n + "callbackUrl":               r.CallbackURL,
		n + "jwtPrincipalClaims":        nonNil(r.Authentication.JWTPrincipalClaims),
		n + "jwtPrincipalClaimsMapping": nonNil(r.Authentication.JWTPrincipalClaimsMapping),
		n + "enableSelfSignup":          r.Authentication.EnableSelfSignup,
		n + "enableAutoRedirect":        r.Authentication.EnableAutoRedirect,
		n + "forceSecureSessionCookie":  r.SecureCookie,

		o + "id":                         r.Okta.ClientID,
		o + "type":                       "okta",
		o + "secret":                     SecretSentinel,
		o + "scope":                      strings.Join(r.Okta.Scopes, " "),
		o + "discoveryUri":               r.DiscoveryURI,
		o + "useNonce":                   "true",
		o + "preferredJwsAlgorithm":      "RS256",
		o + "responseType":               "code",
		o + "disablePkce":                true,
		o + "callbackUrl":                r.CallbackURL,
		o + "serverUrl":                  r.ServerURL,
		o + "clientAuthenticationMethod": "client_secret_post",
		o + "tenant":                     "",
		o + "maxClockSkew":               "",
		o + "tokenValidity":              int64(3600),
		o + "customParams":               map[string]string{},
		o + "maxAge":                     "0",
		o + "prompt":                     "consent",
		o + "sessionExpiry":              int64(604800),
	}
	eff := omconf.Effective{}
	for _, k := range omconf.Keys() {
		if !r.AtLeast(k.Since) || (k.Confidential && !r.Confidential()) {
			continue
		}
		eff[k.Path] = v[k.Path]
	}
	return eff
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
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

func newView(r *settings.Resolved, target string) view {
	return view{Resolved: r, Provenance: Provenance(r), SettingsHash: SettingsHash(r), PublicKeys: PublicKeys(r, target), Target: target, Notes: HeaderNotes(r, target)}
}

// ResetCommand is how a target's operator drops the security config OpenMetadata 1.10+ keeps
// in its database, so that the deployed one applies at the next start.
func ResetCommand(target string) []string {
	const ops = "./bootstrap/openmetadata-ops.sh remove-security-config --force"
	switch target {
	case "docker":
		return []string{"docker compose exec openmetadata-server " + ops, "docker compose restart openmetadata-server"}
	case "helm":
		return []string{"kubectl exec deploy/openmetadata -- " + ops, "kubectl rollout restart deploy/openmetadata"}
	}
	return []string{ops + "   # in the OpenMetadata folder, then restart the server"}
}

// HeaderNotes are the comment lines a deployment file's header carries besides its usage: a
// file secret's path (docker, bare metal), who can sign in without self-signup, and from 1.10
// on, that the database copy of the security config wins over the file.
func HeaderNotes(r *settings.Resolved, target string) []string {
	var out []string
	if cs := r.Okta.ClientSecret; r.Confidential() && cs != nil && cs.File != "" && target != "helm" {
		out = append(out, "The client secret is read from the file "+cs.File+"; before starting, run:",
			fmt.Sprintf(`  export %s="$(cat %s)"`, r.SecretEnv, quote.Shell(cs.File)))
	}
	if !r.Authentication.EnableSelfSignup {
		out = append(out, "enableSelfSignup is false: only the admins ("+strings.Join(r.Authorizer.AdminPrincipals, ", ")+") can sign in until",
			"you create the other users in OpenMetadata (Settings > Users), or set enableSelfSignup: true.")
	}
	if r.AtLeast("1.10") {
		out = append(out, "OpenMetadata "+r.OpenMetadata.Version+" keeps the security config in its database after the first start, and",
			"that copy wins over this file. `omsso apply --target openmetadata` applies the settings to a",
			"running server; or reset the stored copy, and the server reads this file at the next start:")
		for _, c := range ResetCommand(target) {
			out = append(out, "  "+c)
		}
	}
	if target == "baremetal" {
		// The server substitutes ${...} in the whole text, comments included: a value echoed
		// here must not pull in a variable (whose value could end the comment line).
		for i, l := range out {
			out[i] = strings.ReplaceAll(l, "${", "$${")
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
