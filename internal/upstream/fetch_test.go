package upstream_test

import (
	"archive/tar"
	"compress/gzip"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/upstream"
)

// make upstream's script, run against a stand-in for GitHub built from the upstream folder: a
// curl on the PATH that serves each URL from a folder laid out like the URLs. This machine
// cannot download; the test proves the script's paths, unpacking, sum check and move (#14
// item 23).
func TestUpstreamScriptWithStandInServer(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a POSIX shell script")
	}
	for _, tool := range []string{"sh", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip(tool + " is not on the PATH")
		}
	}
	src := upstream.Dir(t)
	web := t.TempDir()
	// The chart repository archives, one per pinned release commit.
	charts := map[string]string{
		"a8f1ea419a16e838e7269612359f6cdc2069e228": "helm-charts/charts/openmetadata",
		"ada02f3e8bc6c12760ea32624a2727cb35c23d16": "helm-charts/versions/openmetadata-1.5.13",
		"6feafa3c13fe136553823f2bf14750b847aa7b66": "helm-charts/versions/openmetadata-1.8.12",
		"b621634051d57c96b32c0db677f3f2dee5a2ce8a": "helm-charts/versions/openmetadata-1.10.14",
		"eaf787376c351aa53063b07b6c4370d58a136a8b": "helm-charts/versions/openmetadata-1.11.13",
		"039a208f0b9f2c40f6ce68d87e1e39b1d0819a57": "helm-charts/versions/openmetadata-1.13.1",
	}
	for commit, local := range charts {
		files := map[string]string{"charts/openmetadata": filepath.Join(src, local)}
		if local == "helm-charts/charts/openmetadata" {
			files["LICENSE"] = filepath.Join(src, "helm-charts", "LICENSE")
			files["NOTICE"] = filepath.Join(src, "helm-charts", "NOTICE")
		}
		writeArchive(t, filepath.Join(web, "codeload.github.com/open-metadata/openmetadata-helm-charts/tar.gz", commit), "openmetadata-helm-charts-"+commit, files)
	}
	spec := "openmetadata-spec/src/main/resources/json/schema/"
	raw := map[string]string{ // commit/upstream path -> local path
		"8fac72f763db93711d1abfb195b7ccdc86f43561/conf/openmetadata.yaml":                                     "openmetadata/conf/openmetadata.yaml",
		"14247a562c589c6f3f472de06bf75fd85aae57b6/docker/docker-compose-quickstart/docker-compose.yml":        "openmetadata/docker/docker-compose-quickstart/docker-compose.yml",
		"5c831f44b6d33e86a6dcc08a70dcf776e591313d/docker/development/docker-compose.yml":                      "openmetadata/docker/development/docker-compose.yml",
		"06a123110d1a39ac3ca171c38ad83d40f82e67a4/docker/development/.env.sso-test":                           "openmetadata/docker/development/env-examples/.env.sso-test",
		"2ed68dff3f4f7db29f9e987ce0c7050bbd62bd27/docker/development/.env.sso-test-public":                    "openmetadata/docker/development/env-examples/.env.sso-test-public",
		"1aa230fdb9666e5fbaa511f2cff3bb84feffce22/" + spec + "configuration/authenticationConfiguration.json": "openmetadata/" + spec + "configuration/authenticationConfiguration.json",
		"033237e566a372f7d53f20dc12c9660eb9407c22/" + spec + "configuration/authenticationConfiguration.json": "openmetadata/" + spec + "configuration/authenticationConfiguration.legacy-033237e5.json",
		"997b568b90235d9b5ce85413eb7cba4dd4688e46/" + spec + "configuration/authorizerConfiguration.json":     "openmetadata/" + spec + "configuration/authorizerConfiguration.json",
		"1aa230fdb9666e5fbaa511f2cff3bb84feffce22/" + spec + "configuration/authorizerConfiguration.json":     "openmetadata/" + spec + "configuration/authorizerConfiguration.main-2.0-1aa230fd.json",
		"3734135d90e7f572493ce70f967d24bd0fbb616f/" + spec + "configuration/securityConfiguration.json":       "openmetadata/" + spec + "configuration/securityConfiguration.json",
		"517fcb0a98d2b857ec7ecb69922f0847d68e2e82/" + spec + "security/client/oidcClientConfig.json":          "openmetadata/" + spec + "security/client/oidcClientConfig.json",
		"1c84932b1d6b2c35139cb6bc986f3621b06a15d8/conf/openmetadata.yaml":                                     "openmetadata-2x/conf/openmetadata.2.0-1c84932b.yaml",
		"a1526da34fbb4976eea2493dcbcfbe5a44c5833c/conf/openmetadata.yaml":                                     "openmetadata-2x/conf/openmetadata.2.1-a1526da3.yaml",
		"8c54ce3198356604328331f9423130098b534ba8/conf/openmetadata.yaml":                                     "openmetadata-2x/conf/openmetadata.yaml",
		"9e6f4551c73f10862b9de0dcf96db1030e9275d7/" + spec + "configuration/authenticationConfiguration.json": "openmetadata-2x/" + spec + "configuration/authenticationConfiguration.json",
		"0d30e8555d2d8288eecbd1f64fef2617caa3e7e0/" + spec + "configuration/authorizerConfiguration.json":     "openmetadata-2x/" + spec + "configuration/authorizerConfiguration.2.0-0d30e855.json",
		"a1526da34fbb4976eea2493dcbcfbe5a44c5833c/" + spec + "configuration/configSourceConfiguration.json":   "openmetadata-2x/" + spec + "configuration/configSourceConfiguration.json",
		"3734135d90e7f572493ce70f967d24bd0fbb616f/" + spec + "configuration/securityConfiguration.json":       "openmetadata-2x/" + spec + "configuration/securityConfiguration.json",
		"27d3684768301d4de3b3fed7301323923788284b/" + spec + "security/client/oidcClientConfig.json":          "openmetadata-2x/" + spec + "security/client/oidcClientConfig.json",
	}
	for url, local := range raw {
		// One file is only on the mirror: the script must fall back to it.
		repo := "open-metadata/OpenMetadata"
		if strings.HasSuffix(url, "securityConfiguration.json") {
			repo = "Jason-Clark-FG/OpenMetadata-Mirror"
		}
		copyTo(t, filepath.Join(src, local), filepath.Join(web, "raw.githubusercontent.com", repo, url))
	}
	bin := t.TempDir()
	curl := "#!/bin/sh\n# stand-in curl: the last two arguments are -o FILE and the URL\nfor a; do out=$url; url=$a; done\nf=\"$OMSSO_FAKE_WEB/${url#https://}\"\n[ -f \"$f\" ] || exit 22\nfor a; do case $prev in -o) cp \"$f\" \"$a\";; esac; prev=$a; done\n"
	if err := os.WriteFile(filepath.Join(bin, "curl"), []byte(curl), 0o755); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "cache", "upstream")
	cmd := exec.Command("sh", "../../scripts/upstream.sh", dest)
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "OMSSO_FAKE_WEB="+web)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/upstream.sh: %v\n%s", err, out)
	}
	if err := upstream.Check(dest); err != nil {
		t.Fatal(err)
	}
	// A changed file on the server: the sums refuse it and the cache is left as it was.
	copyTo(t, filepath.Join(src, "helm-charts", "LICENSE"), filepath.Join(web, "raw.githubusercontent.com/open-metadata/OpenMetadata/8fac72f763db93711d1abfb195b7ccdc86f43561/conf/openmetadata.yaml"))
	cmd = exec.Command("sh", "../../scripts/upstream.sh", dest)
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "OMSSO_FAKE_WEB="+web)
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "openmetadata/conf/openmetadata.yaml: sha256 differs") {
		t.Fatalf("a changed download was accepted: %v\n%s", err, out)
	}
	if err := upstream.Check(dest); err != nil {
		t.Errorf("a failed run damaged the cache: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".upstream.*")); len(left) > 0 {
		t.Errorf("temporary folders left: %v", left)
	}
}

func copyTo(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeArchive writes a .tar.gz with top folder top, holding each source (file or folder) at
// its name.
func writeArchive(t *testing.T, path, top string, sources map[string]string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for name, src := range sources {
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if err := tw.WriteHeader(&tar.Header{Name: filepath.ToSlash(filepath.Join(top, name, rel)), Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}); err != nil {
				return err
			}
			_, err = tw.Write(data)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
}
