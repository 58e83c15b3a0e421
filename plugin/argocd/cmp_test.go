// Package argocd_test runs omsso's Argo CD Config Management Plugin the way Argo CD's
// cmp-server does.
package argocd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"

	"github.com/omsso/omsso/internal/cli"
	"github.com/omsso/omsso/internal/upstream"
)

var update = flag.Bool("update", false, "rewrite golden/template-argocd/objects.yaml")

// asCLI makes the test binary the omsso binary the plugin calls by name.
const asCLI = "OMSSO_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(asCLI) == "1" {
		os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// cmpTimeout is cmp-server's default timeout for a generate command.
const cmpTimeout = 90 * time.Second

// plugin is the part of a ConfigManagementPlugin that cmp-server reads.
type plugin struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		Discover struct {
			FileName string `json:"fileName"`
		} `json:"discover"`
		Generate struct {
			Command []string `json:"command"`
			Args    []string `json:"args"`
		} `json:"generate"`
	} `json:"spec"`
}

func readPlugin(t *testing.T) plugin {
	t.Helper()
	data, err := os.ReadFile("cmp-plugin.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var p plugin
	if err := yaml.UnmarshalStrict(data, &p); err != nil {
		t.Fatalf("cmp-plugin.yaml: %v", err)
	}
	if p.APIVersion != "argoproj.io/v1alpha1" || p.Kind != "ConfigManagementPlugin" || p.Metadata.Name != "omsso" {
		t.Fatalf("cmp-plugin.yaml is not the omsso ConfigManagementPlugin: %+v", p)
	}
	return p
}

// appFolder is an Application's source folder: the golden case's settings, and the chart.
func appFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "..", "golden", "template-argocd")
	for _, f := range []string{"omsso.yaml", filepath.Join("envs", "prod.yaml")} {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		_ = os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(upstream.Chart(t), filepath.Join(dir, "openmetadata")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// generate runs the plugin's generate command as cmp-server does: in the app folder, with
// the ARGOCD_* variables and the Application's env as ARGOCD_ENV_*, no stdin, no terminal,
// under its timeout; omsso is found on PATH.
func generate(t *testing.T, p plugin, dir string, appEnv map[string]string) (stdout, stderr string, err error) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	wrapper := "#!/bin/sh\n" + asCLI + "=1 exec '" + self + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "omsso"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), cmpTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.Spec.Generate.Command[0], append(p.Spec.Generate.Command[1:], p.Spec.Generate.Args...)...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + bin + ":/usr/local/bin:/usr/bin:/bin", "HOME=" + t.TempDir(),
		"ARGOCD_APP_NAME=om-prod", "ARGOCD_APP_NAMESPACE=data", "ARGOCD_APP_REVISION=0123456789abcdef",
		"ARGOCD_APP_SOURCE_PATH=apps/openmetadata", "ARGOCD_APP_SOURCE_REPO_URL=https://git.example.com/platform.git",
		"KUBE_VERSION=1.33.0", "OKTA_CLIENT_SECRET=s3cr3t-canary-value"}
	for k, v := range appEnv {
		cmd.Env = append(cmd.Env, "ARGOCD_ENV_"+k+"="+v)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("generate ran past cmp-server's %s timeout", cmpTimeout)
	}
	if strings.Contains(out.String()+errOut.String(), "s3cr3t-canary") {
		t.Fatal("the client secret in the environment reached the output")
	}
	return out.String(), errOut.String(), err
}

func TestGenerateAsCMPServer(t *testing.T) {
	p := readPlugin(t)
	dir := appFolder(t)
	if m, _ := filepath.Glob(filepath.Join(dir, p.Spec.Discover.FileName)); len(m) != 1 {
		t.Fatalf("discover %q does not find the app's omsso.yaml", p.Spec.Discover.FileName)
	}
	stdout, stderr, err := generate(t, p, dir, map[string]string{"ENVIRONMENT": "envs/prod.yaml"})
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, stderr)
	}
	kinds, secretText := decodeStrictly(t, stdout)
	for _, k := range []string{"Deployment", "Secret", "ExternalSecret"} {
		if kinds[k] == 0 {
			t.Errorf("no %s among the objects: %v", k, kinds)
		}
	}
	if !strings.Contains(secretText, "https://openmetadata.prod.example.com/callback") || !strings.Contains(stdout, "app.kubernetes.io/instance: om-prod") {
		t.Error("the environment file or the release name did not reach the objects")
	}
	golden := filepath.Join("..", "..", "golden", "template-argocd", "objects.yaml")
	if *update {
		if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil || string(want) != stdout {
		t.Errorf("the objects differ from %s (go test ./plugin/argocd -update, then read the diff): %v", golden, err)
	}
}

// decodeStrictly decodes every printed document with the Kubernetes scheme, refusing unknown
// or duplicate fields; kinds the scheme does not know (the ExternalSecret) must still be
// objects with apiVersion, kind and a name. It returns the kinds and the Secrets' data.
func decodeStrictly(t *testing.T, stream string) (map[string]int, string) {
	t.Helper()
	dec := serializer.NewCodecFactory(scheme.Scheme, serializer.EnableStrict).UniversalDeserializer()
	kinds := map[string]int{}
	var secrets strings.Builder
	for _, doc := range strings.Split(stream, "\n---\n") {
		doc = strings.TrimPrefix(doc, "---\n")
		if strings.TrimSpace(doc) == "" {
			t.Fatal("an empty document")
		}
		var meta struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name string `json:"name"`
			} `json:"metadata"`
		}
		if err := yaml.Unmarshal([]byte(doc), &meta); err != nil || meta.Kind == "" || meta.APIVersion == "" || meta.Metadata.Name == "" {
			t.Fatalf("not a Kubernetes object (%v):\n%s", err, doc)
		}
		kinds[meta.Kind]++
		if meta.Kind == "ExternalSecret" {
			continue
		}
		obj, _, err := dec.Decode([]byte(doc), nil, nil)
		if err != nil {
			t.Errorf("%s %s: %v", meta.Kind, meta.Metadata.Name, err)
		}
		if s, ok := obj.(*corev1.Secret); ok {
			for k, v := range s.Data {
				secrets.WriteString(k + "=" + string(v) + "\n")
			}
		}
	}
	return kinds, secrets.String()
}

// A failing proof or bad settings: non-zero, nothing on stdout, the reason on stderr.
func TestGenerateFailsBeforePrinting(t *testing.T) {
	p := readPlugin(t)
	dir := appFolder(t)
	bad := "authorizer:\n  adminPrincipals: []\n"
	if err := os.WriteFile(filepath.Join(dir, "envs", "bad.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	strictChart(t, filepath.Join(dir, "strict-chart"))
	for _, env := range []map[string]string{
		{"CHART": "strict-chart"}, // the proof fails: the chart refuses omsso's values
		{"ENVIRONMENT": "envs/bad.yaml"},
		{"CHART": "envs"},
		{"SETTINGS": "missing.yaml"},
	} {
		stdout, stderr, err := generate(t, p, dir, env)
		if err == nil || stdout != "" || stderr == "" {
			t.Errorf("%v: err %v, stdout %d bytes, stderr %q", env, err, len(stdout), stderr)
		}
		t.Logf("%v: %s", env, lastLine(stderr))
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// strictChart copies the upstream chart into dir with a values.schema.json that refuses the
// podAnnotations omsso sets: a chart whose proof fails.
func strictChart(t *testing.T, dir string) {
	t.Helper()
	src := upstream.Chart(t)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "values.schema.json" {
			var schema map[string]any
			if err := json.Unmarshal(data, &schema); err != nil {
				return err
			}
			props, _ := schema["properties"].(map[string]any)
			props["podAnnotations"] = map[string]any{"type": "object", "additionalProperties": false}
			if data, err = json.Marshal(schema); err != nil {
				return err
			}
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
