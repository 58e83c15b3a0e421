package e2e

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"sigs.k8s.io/yaml"
)

// helm3Metadata is helm.sh/helm/v3/pkg/plugin.Metadata as of v3.22.0 (the package itself pulls
// Helm's whole CLI into the module graph, so the test mirrors it).
type helm3Metadata struct {
	Name            string `json:"name"`
	Version         string `json:"version"`
	Usage           string `json:"usage"`
	Description     string `json:"description"`
	PlatformCommand []struct {
		OperatingSystem string   `json:"os"`
		Architecture    string   `json:"arch"`
		Command         string   `json:"command"`
		Args            []string `json:"args"`
	} `json:"platformCommand"`
	Command       string `json:"command"`
	IgnoreFlags   bool   `json:"ignoreFlags"`
	PlatformHooks map[string][]struct {
		Command string `json:"command"`
	} `json:"platformHooks"`
	Hooks       map[string]string
	Downloaders []struct {
		Protocols []string `json:"protocols"`
		Command   string   `json:"command"`
	} `json:"downloaders"`
	UseTunnelDeprecated bool `json:"useTunnel,omitempty"`
}

// helm3FindPlugins does what Helm 3's plugin.FindPlugins (LoadAll, LoadDir) does for
// `helm plugin list`: every dir/*/plugin.yaml, decoded strictly; one bad manifest fails all.
func helm3FindPlugins(dir string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "*", pluginFile))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, m := range matches {
		data, err := os.ReadFile(m)
		if err != nil {
			return nil, err
		}
		var md helm3Metadata
		if err := yaml.UnmarshalStrict(data, &md); err != nil {
			return nil, fmt.Errorf("failed to load plugin at %q: %w", m, err)
		}
		names = append(names, md.Name)
	}
	return names, nil
}

const pluginFile = "plugin.yaml"

// Helm 3 and Helm 4 share $HELM_PLUGINS, and Helm 3 loads every $HELM_PLUGINS/*/plugin.yaml
// strictly: the repo must hold no plugin folder but its root, whose legacy manifest both read,
// and Helm 3's own loader must list the installed plugin (#14 item 19).
func TestPluginManifestsAndHelm3(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "golden" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.Name() == pluginFile && filepath.Dir(p) != root {
			t.Errorf("%s: a plugin.yaml outside the repo root is a plugin folder Helm 3 may load and break on", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A Helm 3 local install links $HELM_PLUGINS/<name> to the folder; helm plugin list loads
	// all of them with this code.
	plugins := t.TempDir()
	if err := os.Symlink(root, filepath.Join(plugins, "omsso")); err != nil {
		t.Fatal(err)
	}
	found, err := helm3FindPlugins(plugins)
	if err != nil || len(found) != 1 || found[0] != "omsso" {
		t.Fatalf("Helm 3 lists %v, %v; want the omsso plugin", found, err)
	}
	// Why the Helm 4 manifest stays out of plugin folders: installed as one, Helm 3 refuses it.
	data, err := os.ReadFile(filepath.Join(root, "plugin", "helm4.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	h4 := filepath.Join(plugins, "omsso-helm4")
	if err := os.MkdirAll(h4, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h4, pluginFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := helm3FindPlugins(plugins); err == nil {
		t.Error("Helm 3 loads a Helm 4 manifest: the hazard this layout avoids is gone; revisit plugin/helm4.yaml")
	}
}
