package targets

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"text/template"

	"sigs.k8s.io/yaml"

	"github.com/omsso/omsso/internal/flux"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/templates"
)

// The files of the object that produces the chart's Secret, per secretObject kind.
var secretObjectFiles = map[string]struct{ path, tmpl string }{
	settings.ExternalSecretKind: {"helm/client-secret.externalsecret.yaml", "helm/secret-externalsecret.yaml.tmpl"},
	settings.SealedSecretKind:   {"helm/client-secret.seal.sh", "helm/secret-seal.sh.tmpl"},
	settings.PlainSecretKind:    {"helm/client-secret.secret.yaml", "helm/secret-plain.yaml.tmpl"},
}

// SecretObjectPath is the file of the settings' secret object, or "" without one.
func SecretObjectPath(r *settings.Resolved) string {
	if so := r.Targets.Helm.SecretObject; so != nil {
		return secretObjectFiles[so.Kind].path
	}
	return ""
}

type secretObjectView struct {
	Provenance     string
	Secret         settings.KubeSecret
	Object         settings.SecretObject
	StoreKind      string
	Flux           bool
	ClientID       string // as the Secret must hold it (no "{{": an External Secrets template renders it as it is)
	ClientIDArg    string // the kubectl flag that sets it
	SecretVar      string // the env var the recipe's usage line reads the secret from
	Script, Sealed string
}

// secretObjectFile renders the object that produces the Secret the chart reads; nil without
// a secretObject in the settings. Never the secret: only where it comes from.
func secretObjectFile(r *settings.Resolved) (*File, error) {
	so := r.Targets.Helm.SecretObject
	if so == nil {
		return nil, nil
	}
	ks, id := KubeSecret(r), SecretClientID(r)
	if strings.Contains(id, "{{") {
		return nil, fmt.Errorf("the client ID %q cannot be written in an External Secrets template", id)
	}
	v := secretObjectView{Provenance: Provenance(r), Secret: ks, Object: *so, StoreKind: so.StoreKind, Flux: r.Targets.Helm.Flux != "",
		ClientID: id, ClientIDArg: "--from-literal=" + ks.ClientIDKey + "=" + id, SecretVar: secretVar(r),
		Script: "client-secret.seal.sh", Sealed: "client-secret.sealedsecret.yaml"}
	if v.StoreKind == "" {
		v.StoreKind = "SecretStore"
	}
	f := secretObjectFiles[so.Kind]
	data, err := templates.Render(f.tmpl, v)
	if err != nil {
		return nil, err
	}
	// The plain Secret holds the client secret once the user fills it in.
	return &File{Path: f.path, Data: data, Secret: so.Kind == settings.PlainSecretKind}, nil
}

// secretObjectNextSteps replace the kubectl create of the Secret when a secret object
// produces it.
func secretObjectNextSteps(r *settings.Resolved, dir string) []string {
	path := SecretObjectPath(r)
	if path == "" {
		return nil
	}
	p := filepath.Join(dir, filepath.FromSlash(path))
	switch r.Targets.Helm.SecretObject.Kind {
	case settings.ExternalSecretKind:
		return []string{"apply " + p + " in the release's namespace (with your GitOps tool): External Secrets creates the Secret " + KubeSecret(r).Name + " the chart reads"}
	case settings.SealedSecretKind:
		sealed := filepath.Join(filepath.Dir(p), "client-secret.sealedsecret.yaml")
		return []string{"seal the Secret " + KubeSecret(r).Name + " for Sealed Secrets, then commit the SealedSecret:",
			fmt.Sprintf(`  printf %%s "$%s" | sh %s > %s`, secretVar(r), p, sealed)}
	}
	return []string{"fill in the client secret in " + p + ", encrypt it (e.g. with sops), then apply it in the release's namespace"}
}

// secretObjectProblems reads the secret object back, after Flux's substitution when a Flux
// mode is set: the Secret it produces must be the one the values file reads, with the client
// ID as the chart needs it and the client secret from the store (for the plain Secret, a key
// left empty). The Sealed Secrets recipe is a script, proved by its own test.
func secretObjectProblems(r *settings.Resolved, files []File) []Finding {
	path := SecretObjectPath(r)
	if path == "" || strings.HasSuffix(path, ".sh") {
		return nil
	}
	data, err := fileData(files, path)
	if err != nil {
		return nil // verify reads the values file only (Paths): the object is proved as render writes it
	}
	var obj map[string]any
	if err := yaml.UnmarshalStrict(data, &obj); err != nil {
		return secretFinding(path, err.Error())
	}
	if r.Targets.Helm.Flux != "" {
		if obj, err = flux.Substitute(obj, fluxProofVars, flux.Options{Strict: true}); err != nil {
			return secretFinding(path, err.Error())
		}
	}
	name, secret, err := producedSecret(obj)
	if err != nil {
		return secretFinding(path, err.Error())
	}
	ks := KubeSecret(r)
	wantSecret := "{{ .clientSecret }} rendered: " + SecretSentinel
	if obj["kind"] == "Secret" {
		wantSecret = ""
	}
	want := map[string]string{ks.ClientIDKey: SecretClientID(r), ks.Key: wantSecret}
	if name != ks.Name || fmt.Sprint(secret) != fmt.Sprint(want) {
		return secretFinding(path, fmt.Sprintf("produces Secret %s with %v, the values read Secret %s with %v", name, secret, ks.Name, want))
	}
	return nil
}

// producedSecret is the name and data of the Secret an object produces; an ExternalSecret's
// template is executed as External Secrets does (Go templates), with the sentinel as the
// fetched secret.
func producedSecret(obj map[string]any) (string, map[string]string, error) {
	out := map[string]string{}
	switch obj["kind"] {
	case "Secret":
		name, _ := obj["metadata"].(map[string]any)["name"].(string)
		sd, _ := obj["stringData"].(map[string]any)
		for k, v := range sd {
			out[k], _ = v.(string)
		}
		return name, out, nil
	case "ExternalSecret":
		spec, _ := obj["spec"].(map[string]any)
		target, _ := spec["target"].(map[string]any)
		name, _ := target["name"].(string)
		tmpl, _ := target["template"].(map[string]any)
		data, _ := tmpl["data"].(map[string]any)
		for k, v := range data {
			t, err := template.New(k).Parse(fmt.Sprint(v))
			if err != nil {
				return "", nil, err
			}
			var b bytes.Buffer
			if err := t.Execute(&b, map[string]string{"clientSecret": SecretSentinel}); err != nil {
				return "", nil, err
			}
			out[k] = b.String()
			if strings.Contains(fmt.Sprint(v), "{{") {
				out[k] = "{{ .clientSecret }} rendered: " + b.String()
			}
		}
		return name, out, nil
	}
	return "", nil, fmt.Errorf("unexpected kind %v", obj["kind"])
}

// secretVar is the env var the recipes read the client secret from: the settings' own, or
// OKTA_CLIENT_SECRET.
func secretVar(r *settings.Resolved) string {
	if cs := r.Okta.ClientSecret; cs != nil && cs.Env != "" {
		return cs.Env
	}
	return "OKTA_CLIENT_SECRET"
}

func secretFinding(path, got string) []Finding {
	return []Finding{{Target: "helm", Key: "(secret object)", Want: "the Secret the values read", Got: path + ": " + got, Layer: "secret object"}}
}
