package targets_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

func secretObjectSettings(t *testing.T, so settings.SecretObject, fluxMode string) (*settings.Resolved, []targets.File) {
	t.Helper()
	s := fuzzSettings("https://om.example.com", "dev-123456.okta.com", "0oa1abcd2EFGH3ijk4l5", "default", "", "Okta", "bob",
		"example.com", "example.org", "sub", "email:email", "profile", "OKTA_CLIENT_SECRET", "", true, false)
	s.Targets.Helm.SecretObject = &so
	s.Targets.Helm.Flux = fluxMode
	r, err := settings.Resolve(s)
	if err != nil {
		t.Fatal(err)
	}
	files, err := targets.Helm{}.Render(r)
	if err != nil {
		t.Fatal(err)
	}
	return r, files
}

// The secret objects are read back (after Flux, with a Flux mode) and must produce the
// Secret the values read; an object that drifts is a finding.
func TestSecretObjectsProduceTheValuesSecret(t *testing.T) {
	for _, so := range []settings.SecretObject{
		{Kind: settings.ExternalSecretKind, Store: "vault", RemoteKey: "okta/${ENV}/secret"},
		{Kind: settings.PlainSecretKind},
	} {
		for _, mode := range []string{"", settings.FluxConfigMap, settings.FluxSubstitute} {
			r, files := secretObjectSettings(t, so, mode)
			p, err := targets.Prove(r, targets.Helm{}, files, targets.ProofOptions{})
			if err != nil || len(p.Findings) > 0 {
				t.Fatalf("%s, flux %q: %v %+v", so.Kind, mode, err, p.Findings)
			}
			for i := range files {
				if files[i].Path == targets.SecretObjectPath(r) {
					files[i].Data = []byte(strings.ReplaceAll(string(files[i].Data), `name: "oidc-secrets"`, `name: "other"`))
				}
			}
			if p, _ := targets.Prove(r, targets.Helm{}, files, targets.ProofOptions{}); len(p.Findings) != 1 || p.Findings[0].Key != "(secret object)" {
				t.Errorf("%s, flux %q: a renamed Secret was not found: %+v", so.Kind, mode, p.Findings)
			}
		}
	}
}

// The Sealed Secrets recipe, run by sh with stand-ins for kubectl and kubeseal: the secret
// goes from stdin to kubectl's stdin only, never into an argument, and kubectl builds the
// Secret the values read.
func TestSealRecipe(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	r, files := secretObjectSettings(t, settings.SecretObject{Kind: settings.SealedSecretKind}, "")
	dir := t.TempDir()
	var script string
	for _, f := range files {
		if f.Path == targets.SecretObjectPath(r) {
			script = filepath.Join(dir, "seal.sh")
			if err := os.WriteFile(script, f.Data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	bin := filepath.Join(dir, "bin")
	_ = os.Mkdir(bin, 0o755)
	fake := map[string]string{
		"kubectl":  "#!/bin/sh\nfor a in \"$@\"; do echo \"arg:$a\"; done\necho \"stdin:$(cat)\"\n",
		"kubeseal": "#!/bin/sh\ncat\nfor a in \"$@\"; do echo \"kubeseal:$a\"; done\n",
	}
	for name, body := range fake {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(sh, script, "--controller-namespace", "kube-system")
	cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin", "NAMESPACE=openmetadata"}
	cmd.Stdin = strings.NewReader("s3cr3t-canary")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := []string{"arg:create", "arg:secret", "arg:generic", "arg:oidc-secrets", "arg:--namespace=openmetadata",
		"arg:--from-literal=openmetadata-oidc-client-id=" + targets.SecretClientID(r), "arg:--from-file=openmetadata-oidc-client-secret=/dev/stdin",
		"arg:--dry-run=client", "stdin:s3cr3t-canary", "kubeseal:--controller-namespace"}
	for _, w := range want {
		if !strings.Contains(string(out), w+"\n") {
			t.Errorf("missing %q in:\n%s", w, out)
		}
	}
	if strings.Count(string(out), "s3cr3t-canary") != 1 {
		t.Errorf("the secret appears outside kubectl's stdin:\n%s", out)
	}
}
