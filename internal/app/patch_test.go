package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/app"
	"github.com/omsso/omsso/internal/settings"
)

// The patch use case without cobra: a dry run writes nothing, an in-place edit keeps a backup
// and is idempotent, a copy keeps the original's mode.
func TestPatchUseCase(t *testing.T) {
	r, err := settings.Load(settings.Options{File: "../../golden/patch-1.11-public-defaults/omsso.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile("../../golden/patch-1.11-public-defaults/conf.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "openmetadata.yaml")
	if err := os.WriteFile(conf, orig, 0o640); err != nil {
		t.Fatal(err)
	}
	dry, err := app.Patch(r, app.PatchRequest{Config: conf, Write: app.PatchDryRun})
	if err != nil || dry.Diff == "" || dry.Wrote != "" {
		t.Fatalf("dry run: %+v, %v", dry, err)
	}
	if now, _ := os.ReadFile(conf); string(now) != string(orig) {
		t.Fatal("the dry run wrote the file")
	}
	copyTo := filepath.Join(dir, "copy.yaml")
	if out, err := app.Patch(r, app.PatchRequest{Config: conf, Write: app.PatchToFile, OutFile: copyTo}); err != nil || out.Wrote != copyTo {
		t.Fatalf("copy: %+v, %v", out, err)
	}
	if st, err := os.Stat(copyTo); err != nil || st.Mode().Perm() != 0o640 {
		t.Fatalf("copy mode: %v, %v", st.Mode(), err)
	}
	in, err := app.Patch(r, app.PatchRequest{Config: conf, Write: app.PatchInPlace})
	if err != nil || in.Wrote != conf || !strings.HasSuffix(in.Backup, ".bak") {
		t.Fatalf("in place: %+v, %v", in, err)
	}
	if bak, _ := os.ReadFile(in.Backup); string(bak) != string(orig) {
		t.Fatal("the backup is not the original")
	}
	again, err := app.Patch(r, app.PatchRequest{Config: conf, Write: app.PatchInPlace})
	if err != nil || again.Result.Changed() || again.Wrote != "" {
		t.Fatalf("second in-place patch changed something: %+v, %v", again, err)
	}
	if _, err := app.Patch(r, app.PatchRequest{Config: filepath.Join(dir, "missing.yaml")}); err == nil || !strings.Contains(err.Error(), "fix:") {
		t.Fatalf("missing conf: %v", err)
	}
}

// The init use case without cobra: the file must load, JSON when asked, and an existing file is
// not replaced without force.
func TestInitUseCase(t *testing.T) {
	dir := t.TempDir()
	a := app.InitAnswers{URL: "https://om.example.com", Version: "1.12", Domain: "dev-123456.okta.com", ClientID: "0oa1abcd2EFGH3ijk4l5",
		AuthServer: "default", ClientType: "public", PrincipalDomain: "example.com", Admins: []string{"alice"}}
	for _, name := range []string{"omsso.yaml", "omsso.json"} {
		path := filepath.Join(dir, name)
		asJSON, err := app.InitTarget(path, false)
		if err != nil {
			t.Fatal(err)
		}
		data, err := app.InitFile(a, asJSON)
		if err != nil {
			t.Fatal(err)
		}
		if asJSON != strings.HasPrefix(string(data), "{") {
			t.Errorf("%s: JSON %v, got %.20q", name, asJSON, data)
		}
		if _, err := app.WriteInit(path, data); err != nil {
			t.Fatal(err)
		}
		if _, err := app.InitTarget(path, false); err == nil {
			t.Errorf("%s: an existing file is replaced without --force", name)
		}
	}
	if _, err := app.InitTarget(filepath.Join(dir, "omsso.txt"), false); err == nil {
		t.Error("a .txt settings file is accepted")
	}
	bad := a
	bad.URL = "not a url"
	if _, err := app.InitFile(bad, false); err == nil {
		t.Error("answers that do not load are written")
	}
}
