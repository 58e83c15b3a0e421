package settings_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/omsso/omsso/internal/settings"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const base = `openmetadata:
  url: https://om.example.com
  version: "1.12"
okta:
  domain: dev-1.okta.com
  clientId: 0oa1abcd2EFGH3ijk4l5
authorizer:
  adminPrincipals: [alice, bob]
  principalDomain: example.com
authentication:
  providerName: Okta
`

// Files merge as Helm merges values files: maps merge, lists and scalars are replaced, null
// removes where the schema allows it; each problem names the file and line that set the value.
func TestLoadMergesFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"base.yaml":    base,
		"prod.yaml":    "openmetadata:\n  url: https://prod.example.com\nauthorizer:\n  adminPrincipals: [carol]\n",
		"bad.yaml":     "okta:\n  domain: https://dev-1.okta.com\n",
		"unknown.yaml": "okta:\n  clientID: x\n",
	})
	at := func(n string) string { return filepath.Join(dir, n) }
	r, err := settings.Load(settings.Options{Files: []string{at("base.yaml"), at("prod.yaml")}})
	if err != nil {
		t.Fatal(err)
	}
	if r.OpenMetadata.URL != "https://prod.example.com" || r.Okta.Domain != "dev-1.okta.com" ||
		!slices.Equal(r.Authorizer.AdminPrincipals, []string{"carol"}) || r.Authorizer.PrincipalDomain != "example.com" {
		t.Errorf("merged settings: %+v %+v %+v", r.OpenMetadata, r.Okta, r.Authorizer)
	}
	for _, tc := range []struct {
		name  string
		files []string
		file  string
		line  int
		path  string
	}{
		{"value from the overlay", []string{"base.yaml", "bad.yaml"}, "bad.yaml", 2, "okta.domain"},
		{"unknown key in the overlay", []string{"base.yaml", "unknown.yaml"}, "unknown.yaml", 2, "okta.clientID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var files []string
			for _, f := range tc.files {
				files = append(files, at(f))
			}
			_, err := settings.Load(settings.Options{Files: files})
			var f *settings.Failure
			if !errors.As(err, &f) {
				t.Fatalf("want a Failure, got %v", err)
			}
			for _, p := range f.Problems {
				if p.Path == tc.path && p.File == at(tc.file) && p.Line == tc.line {
					return
				}
			}
			t.Errorf("no problem at %s:%d %s in %v", tc.file, tc.line, tc.path, f.Problems)
		})
	}
}

// Load reads the environment it is given, never the process's.
func TestLoadEnvIsAnArgument(t *testing.T) {
	dir := writeFiles(t, map[string]string{"base.yaml": base})
	t.Setenv("OMSSO_OKTA_DOMAIN", "process.okta.com")
	env := map[string]string{"OMSSO_OPENMETADATA_URL": "https://env.example.com"}
	r, err := settings.Load(settings.Options{File: filepath.Join(dir, "base.yaml"), Env: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	if err != nil {
		t.Fatal(err)
	}
	if r.OpenMetadata.URL != "https://env.example.com" || r.Okta.Domain != "dev-1.okta.com" {
		t.Errorf("url %q domain %q", r.OpenMetadata.URL, r.Okta.Domain)
	}
}
