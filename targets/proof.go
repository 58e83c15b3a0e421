package targets

import (
	"fmt"
	"slices"
	"strings"

	"helm.sh/helm/v3/pkg/chart"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
)

// Deploy is a target that configures OpenMetadata servers. It owns the knowledge of its
// consumers: which files it reads back, how (compose-go, the chart, the server's own reading),
// which layer carried each key, and what the user does next. The proof engine (Prove) is the
// same for every one of them.
type Deploy interface {
	Target
	// Expected is the effective config the settings ask for on this target.
	Expected(r *settings.Resolved) omconf.Effective
	// Paths are the files ReadBack reads with these options, relative to the output folder.
	Paths(opts ProofOptions) []string
	// ReadBack reads files the way the target's consumers do.
	ReadBack(r *settings.Resolved, files []File, opts ProofOptions) (*ReadBack, error)
	// ResetCommands drop the security config OpenMetadata 1.10+ keeps in its database, where
	// this target runs the server; env reads the caller's environment (e.g. HELM_NAMESPACE).
	ResetCommands(env func(string) string) []string
	// SecretFromEnv reports whether the server reads the client secret from an env var the
	// user exports (not from a Kubernetes Secret).
	SecretFromEnv() bool
}

// Deploys returns the targets that configure servers, in render order.
func Deploys() []Deploy { return []Deploy{Docker{}, Helm{}, Baremetal{}} }

// ProofOptions name the real consumers to read files with; without them each target uses its
// models (of the upstream compose file, of the chart).
type ProofOptions struct {
	ComposeFiles []string // docker: the user's compose files
	Chart        string   // helm: a chart folder or .tgz, rendered with Helm's SDK
	// LoadedChart is Chart already loaded (once per run, however many environments); nil
	// loads Chart on each proof.
	LoadedChart *chart.Chart
	HelmBin     string // helm: a helm binary to render the chart through too
	Config      string // baremetal: a whole conf/openmetadata.yaml to read instead
	Dir         string // where the files are, for messages
}

// Consumer is one server process that a target's files configure.
type Consumer struct {
	Name   string
	Server bool // the process that serves users (explain shows its values)
	Input  ServerInput
	// Via names the layer that carries a key to this process, for explain.
	Via func(k omconf.Key) string
	// Blame names the layer where a wrong value came from, and the upstream trap behind it.
	Blame func(k omconf.Key) (layer, trap string)
}

// ReadBack is what a target's consumers make of its files.
type ReadBack struct {
	Proved    string // what read the files, for people
	Real      bool   // the user's real consumers (not only omsso's models) read them
	Consumers []Consumer
	// Problems found before the server's own layers (e.g. a chart that refuses the values).
	Problems []Finding
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

// Proof is the result of reading one target's files back and comparing with the settings.
type Proof struct {
	Target    string
	Proved    string
	Real      bool
	Consumers []string
	Effective map[string]omconf.Effective // per consumer
	Server    string                      // the consumer that serves users
	Findings  []Finding
	ReadBack  *ReadBack // what the consumers made of the files (explain's "via")
}

// Prove reads a target's files back through its consumers and the server's own layers
// (substitution, YAML, binding), and compares every key with the settings.
func Prove(r *settings.Resolved, t Deploy, files []File, opts ProofOptions) (*Proof, error) {
	rb, err := t.ReadBack(r, files, opts)
	if err != nil {
		return nil, err
	}
	p := &Proof{Target: t.Name(), Proved: rb.Proved, Real: rb.Real, Effective: map[string]omconf.Effective{}, Findings: rb.Problems, ReadBack: rb}
	want := t.Expected(r)
	for _, c := range rb.Consumers {
		p.Consumers = append(p.Consumers, c.Name)
		if c.Server {
			p.Server = c.Name
		}
		text, err := omconf.Substitute(c.Input.Text, omconf.MapLookup(c.Input.Env))
		var eff omconf.Effective
		var keyErrs map[string]string
		if err == nil {
			eff, keyErrs, err = omconf.ParseKeys(text)
		}
		if err != nil {
			p.Findings = append(p.Findings, Finding{Target: t.Name(), Consumer: c.Name, Key: "(config)", Want: "a config the server parses", Got: err.Error(), Layer: "server substitution and YAML"})
			continue
		}
		p.Effective[c.Name] = eff
		p.Findings = append(p.Findings, compare(r, t.Name(), c, want, eff, keyErrs)...)
	}
	return p, nil
}

// compare lists each key the consumer gets wrong, and the contract's complaints.
func compare(r *settings.Resolved, target string, c Consumer, want, eff omconf.Effective, keyErrs map[string]string) []Finding {
	var out []Finding
	for _, k := range omconf.Keys() {
		w, ok := want[k.Path]
		if !ok {
			continue
		}
		f := Finding{Target: target, Consumer: c.Name, Key: k.Path, Want: ShowValue(r, k, w)}
		if e, bad := keyErrs[k.Path]; bad {
			f.Got = "error: " + e
			f.Layer, f.Trap = c.Blame(k)
			if k.Type == omconf.Map {
				f.Trap = "customParams given as a string: the server cannot bind it into a map and fails at start (helm-charts #229/#245)"
			}
			out = append(out, f)
			continue
		}
		g := eff[k.Path]
		if omconf.Equal(k, w, g) {
			continue
		}
		f.Got = ShowValue(r, k, g)
		f.Layer, f.Trap = c.Blame(k)
		if t := jwksTrap(r, target, k, g); t != "" {
			f.Trap = t
		}
		out = append(out, f)
	}
	if len(keyErrs) == 0 {
		if probs, err := omconf.Validate(eff); err == nil {
			for _, p := range probs {
				out = append(out, Finding{Target: target, Consumer: c.Name, Key: "(contract)", Want: "valid for OpenMetadata", Got: p, Layer: "OpenMetadata's auth schema"})
			}
		} else {
			out = append(out, Finding{Target: target, Consumer: c.Name, Key: "(contract)", Want: "valid for OpenMetadata", Got: err.Error(), Layer: "OpenMetadata's auth schema"})
		}
	}
	return out
}

// ShowValue renders a value for reports; the client secret is never shown, only where it
// comes from.
func ShowValue(r *settings.Resolved, k omconf.Key, v any) string {
	if k.Secret {
		s, _ := v.(string)
		switch s {
		case SecretSentinel:
			return "the client secret (" + SecretSource(r) + ")"
		case "":
			return `""`
		}
		return "another value (hidden)"
	}
	return omconf.Show(v)
}

// SecretSource says where the client secret comes from.
func SecretSource(r *settings.Resolved) string {
	cs := r.Okta.ClientSecret
	switch {
	case cs == nil:
		return "none"
	case cs.Env != "":
		return "$" + cs.Env
	case cs.File != "":
		return "file " + cs.File
	}
	ks := KubeSecret(r)
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
	if !slices.Contains(urls, r.OmJwks(target)) {
		return "OpenMetadata's own JWKS URL is missing from publicKeyUrls: bot and ingestion tokens fail (OpenMetadata #9525, #15489)"
	}
	return ""
}

// Check proves freshly rendered files with the targets' models: a difference is a bug in omsso,
// reported as an error rather than written.
func Check(t Target, r *settings.Resolved, files []File) error {
	d, ok := t.(Deploy)
	if !ok {
		return nil // a document, not a server config
	}
	p, err := Prove(r, d, files, ProofOptions{})
	if err != nil {
		return fmt.Errorf("self-check of %s output: %w", t.Name(), err)
	}
	if len(p.Findings) == 0 {
		return nil
	}
	lines := make([]string, len(p.Findings))
	for i, f := range p.Findings {
		lines[i] = fmt.Sprintf("  %s: %s: want %s, got %s", f.Consumer, f.Key, f.Want, f.Got)
	}
	return fmt.Errorf("self-check of %s output failed; this is a bug in omsso, please report it with your settings:\n%s", t.Name(), strings.Join(lines, "\n"))
}

// fileData finds a file among files.
func fileData(files []File, path string) ([]byte, error) {
	for _, f := range files {
		if f.Path == path {
			return f.Data, nil
		}
	}
	return nil, fmt.Errorf("missing %s", path)
}
