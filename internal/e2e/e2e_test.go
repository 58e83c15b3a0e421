// Package e2e runs the built omsso binary with the real clients: as a Helm plugin through a
// real helm binary, as a Docker CLI plugin through the docker CLI, and init through a
// pseudo-terminal.
package e2e

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"

	"github.com/omsso/omsso/internal/testneeds"
	"github.com/omsso/omsso/internal/upstream"
)

// binary builds omsso once per test run.
func binary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "omsso")
	cmd := exec.Command("go", "build", "-o", bin, "../../cmd/omsso")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// tool finds a client on PATH or in GOPATH/bin; missing, it fails under CI=true and skips
// elsewhere. Under go test -short the test is skipped: make test-all runs it.
func tool(t *testing.T, name string) string {
	t.Helper()
	thing := testneeds.Thing{Proof: "the end-to-end test through a real " + name, Get: "install " + name}
	switch name {
	case "helm":
		thing = testneeds.Helm
	case "docker":
		thing = testneeds.Docker
	}
	testneeds.Short(t, thing)
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if gp, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(gp)), "bin", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	testneeds.Missing(t, thing, name+" not found on PATH or in $(go env GOPATH)/bin")
	return ""
}

func run(t *testing.T, env []string, stdin io.Reader, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = env
	cmd.Stdin = stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\nstdout: %s\nstderr: %s", name, strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String() + errb.String()
}

func baseEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "HELM_") || strings.HasPrefix(k, "DOCKER_") || strings.HasPrefix(k, "OMSSO_") || k == "HOME" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home)
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, mode); err != nil {
		t.Fatal(err)
	}
}

// helm plugin install, then helm omsso ... through the real helm binary.
func TestHelmPlugin(t *testing.T) {
	helm := tool(t, "helm")
	bin := binary(t)
	chart := upstream.Chart(t)
	home := t.TempDir()
	// The plugin folder as the repo ships it: plugin.yaml, the install hook, and a built binary.
	src := filepath.Join(home, "src", "omsso")
	copyFile(t, "../../plugin.yaml", filepath.Join(src, "plugin.yaml"), 0o644)
	copyFile(t, "../../scripts/helm-plugin-install.sh", filepath.Join(src, "scripts", "helm-plugin-install.sh"), 0o755)
	copyFile(t, bin, filepath.Join(src, "bin", "omsso"), 0o755)
	env := append(baseEnv(home),
		"HELM_PLUGINS="+filepath.Join(home, "plugins"), "HELM_CONFIG_HOME="+filepath.Join(home, "config"),
		"HELM_CACHE_HOME="+filepath.Join(home, "cache"), "HELM_DATA_HOME="+filepath.Join(home, "data"))

	out := run(t, env, nil, helm, "plugin", "install", src)
	if !strings.Contains(out, "omsso: using") || !strings.Contains(out, "Installed plugin: omsso") {
		t.Errorf("install: %s", out)
	}
	if out := run(t, env, nil, helm, "plugin", "list"); !strings.Contains(out, "omsso") {
		t.Errorf("plugin list: %s", out)
	}
	if out := run(t, env, nil, helm, "omsso", "version"); !strings.Contains(out, "OpenMetadata lines: 1.5") {
		t.Errorf("version: %s", out)
	}
	example, _ := filepath.Abs("../../examples/omsso.yaml")
	// helm omsso values | helm ... -f - : the values go through a real helm reading stdin.
	values := run(t, env, nil, helm, "omsso", "values", "-f", example)
	manifest := run(t, env, strings.NewReader(values), helm, "template", "openmetadata", chart, "-f", "-")
	if !strings.Contains(manifest, "AUTHENTICATION_PROVIDER:") || !strings.Contains(manifest, "name: openmetadata-authentication-secret") {
		t.Errorf("helm template with piped values rendered no auth Secret:\n%.2000s", manifest)
	}
	// helm omsso verify --chart: inside Helm, $HELM_BIN renders the chart as well as the SDK.
	out = run(t, env, nil, helm, "omsso", "verify", "-f", example, "--target", "helm", "--chart", chart)
	if !strings.Contains(out, "helm       OK") || !strings.Contains(out, "template agrees") {
		t.Errorf("verify: %s", out)
	}
	// HELM_NAMESPACE reaches the printed commands.
	env2 := append(append([]string{}, env...), "HELM_NAMESPACE=data")
	conf, _ := filepath.Abs("../../golden/confidential-env/omsso.yaml")
	out = run(t, env2, nil, helm, "omsso", "render", "-f", conf, "--target", "helm", "--output-dir", filepath.Join(home, "out"))
	if !strings.Contains(out, "kubectl --namespace data create secret") || !strings.Contains(out, "openmetadata --namespace data -f") {
		t.Errorf("namespace: %s", out)
	}
}

// docker-omsso in $HOME/.docker/cli-plugins, run through the docker CLI (no daemon needed).
func TestDockerPlugin(t *testing.T) {
	docker := tool(t, "docker")
	bin := binary(t)
	home := t.TempDir()
	copyFile(t, bin, filepath.Join(home, ".docker", "cli-plugins", "docker-omsso"), 0o755)
	env := baseEnv(home)
	meta := run(t, env, nil, filepath.Join(home, ".docker", "cli-plugins", "docker-omsso"), "docker-cli-plugin-metadata")
	for _, s := range []string{`"SchemaVersion":"0.1.0"`, `"Vendor":"omsso"`, `"Version":`, `"ShortDescription":`} {
		if !strings.Contains(meta, s) {
			t.Errorf("metadata lacks %s: %s", s, meta)
		}
	}
	if out := run(t, env, nil, docker, "--help"); !strings.Contains(out, "omsso") {
		t.Errorf("docker --help does not list the plugin:\n%s", out)
	}
	if out := run(t, env, nil, docker, "omsso", "version"); !strings.Contains(out, "omsso ") {
		t.Errorf("docker omsso version: %s", out)
	}
	example, _ := filepath.Abs("../../examples/omsso.yaml")
	deploy := filepath.Join(t.TempDir(), "deploy")
	run(t, env, nil, docker, "omsso", "render", "-f", example, "-t", "docker", "--output-dir", deploy)
	out := run(t, env, nil, docker, "omsso", "compose-up-args", "--output-dir", deploy, "--compose-file", example)
	want := "docker compose --env-file " + deploy + "/docker/openmetadata_okta.env -f " + example + " -f " + deploy + "/docker/docker-compose.okta.yml up -d"
	if strings.TrimSpace(out) != want {
		t.Errorf("compose-up-args: %q, want %q", out, want)
	}
	if out := run(t, env, nil, docker, "omsso", "render", "-f", example, "-t", "docker", "--output-dir", "-"); !strings.Contains(out, "AUTHENTICATION_PROVIDER=okta") {
		t.Errorf("docker omsso render: %s", out)
	}
}

// initOnPty starts omsso init on a pseudo-terminal, writing dir/omsso.yaml; the terminal closes
// with the test.
func initOnPty(t *testing.T, bin, dir string, args ...string) (*exec.Cmd, *os.File) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"init", "--output-file", filepath.Join(dir, "omsso.yaml")}, args...)...)
	cmd.Env = baseEnv(dir)
	// Wider than x/term's default of 80 columns: the editor must use the terminal's own width.
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 132, Rows: 40})
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return cmd, f
}

// init on a terminal: answers are checked as typed; a wrong one is asked again; the line
// editor moves the cursor and recalls earlier answers (the arrow keys do not arrive as ^[[D).
func TestInitOnTerminal(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	cmd, f := initOnPty(t, bin, dir)
	var mu sync.Mutex
	var screen bytes.Buffer
	text := func() string { mu.Lock(); defer mu.Unlock(); return screen.String() }
	lines := make(chan struct{}, 1000)
	go func() {
		r := bufio.NewReader(f)
		for {
			b, err := r.ReadByte()
			if err != nil {
				close(lines)
				return
			}
			mu.Lock()
			screen.WriteByte(b)
			mu.Unlock()
			if b == ':' || b == '\n' {
				lines <- struct{}{}
			}
		}
	}()
	waitFor := func(s string) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			if strings.Contains(text(), s) {
				return
			}
			select {
			case _, ok := <-lines:
				if !ok {
					t.Fatalf("ended before %q:\n%s", s, text())
				}
			case <-deadline:
				t.Fatalf("no %q within 10s:\n%s", s, text())
			}
		}
	}
	say := func(prompt, answer string) {
		t.Helper()
		waitFor(prompt)
		if _, err := f.Write([]byte(answer + "\r")); err != nil {
			t.Fatal(err)
		}
	}
	say("OpenMetadata line", "") // asked first: the other answers are judged for that line
	say("OpenMetadata URL", "om.example.com")
	waitFor("must start with https://")
	// Line editing: Up recalls the refused answer, Ctrl-A goes to its start, and the fix is
	// typed in front of it.
	say("OpenMetadata URL", "\x1b[A\x01https://")
	say("Okta domain", "https://dev-123456.okta.com")
	waitFor("must be a host name, not a URL")
	// Left arrows move into the line: "dev-123456okta.com" gets its dot.
	say("Okta domain", "dev-123456okta.com\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D.")
	say("Okta client ID", "0oa1abcd2EFGH3ijk4l5")
	say("Authorization server", "")
	say("Client type", "confidential")
	say("Env var that will hold the client secret", "")
	say("Principal domain", "example.com") // before the admins, whose e-mails are judged against it
	// Prompt and answer pass column 80: on a 132-column terminal the echo is not broken.
	say("Admins", "alice@example.com,bob@example.com")
	waitFor("(alice for alice@example.com): alice@example.com,bob@example.com")
	waitFor("matches admin principals by name")
	waitFor("wrote")
	_ = cmd.Wait()
	data, err := os.ReadFile(filepath.Join(dir, "omsso.yaml"))
	if err != nil {
		t.Fatalf("%v\n%s", err, text())
	}
	s := string(data)
	if !strings.HasPrefix(s, "# yaml-language-server: $schema=omsso.schema.json\n") {
		t.Errorf("first line: %q", strings.SplitN(s, "\n", 2)[0])
	}
	for _, want := range []string{`url: "https://om.example.com"`, `domain: "dev-123456.okta.com"`, `clientType: "confidential"`, `env: "OKTA_CLIENT_SECRET"`, `adminPrincipals: ["alice@example.com", "bob@example.com"]`, `authorizationServer: "default"`} {
		if !strings.Contains(s, want) {
			t.Errorf("omsso.yaml lacks %s:\n%s", want, s)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "omsso.schema.json")); err != nil {
		t.Error("no omsso.schema.json next to it")
	}
	// The written file is valid settings.
	if out, err := exec.Command(bin, "lint", "-f", filepath.Join(dir, "omsso.yaml")).CombinedOutput(); err != nil {
		t.Errorf("lint of the written file: %v\n%s", err, out)
	}
}

// go install in a checkout, with no ldflags, reports the version Go stamps from the VCS (a
// pseudo-version, or the tag) and the commit, not "dev (commit none)" (#23 item 2).
func TestGoInstallStampsVersion(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on the PATH: go install cannot stamp the commit")
	}
	if err := exec.Command("git", "rev-parse", "HEAD").Run(); err != nil {
		t.Skip("not a git checkout: go install cannot stamp the commit")
	}
	gobin := t.TempDir()
	cmd := exec.Command("go", "install", "../../cmd/omsso")
	// GOFLAGS=-buildvcs=false (some machines set it) would leave the binary unstamped; the
	// last -buildvcs in GOFLAGS wins, and the user's other flags stay.
	cmd.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -buildvcs=true"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install: %v\n%s", err, out)
	}
	out, err := exec.Command(filepath.Join(gobin, "omsso"), "version").CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	commit, _ := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if !strings.HasPrefix(string(out), "omsso v") || !strings.Contains(string(out), "(commit "+strings.TrimSpace(string(commit))) {
		t.Errorf("go install's build reports %q; want the module version and commit %s", out, commit)
	}
}

// The plugin's install hook stamps the build as `make build` does, so `helm omsso version`
// does not say "dev (commit none)" (#14 item 20).
func TestPluginHookStampsVersion(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on the PATH: the hook falls back to dev")
	}
	if err := exec.Command("git", "rev-parse", "HEAD").Run(); err != nil {
		t.Skip("not a git checkout: the hook falls back to dev")
	}
	bin := filepath.Join(t.TempDir(), "omsso")
	cmd := exec.Command("sh", "../../scripts/helm-plugin-install.sh")
	cmd.Env = append(os.Environ(), "OMSSO_REBUILD=1", "OMSSO_PLUGIN_BIN="+bin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hook: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	commit, _ := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if strings.Contains(string(out), "dev (commit none)") || !strings.Contains(string(out), "(commit "+strings.TrimSpace(string(commit))) {
		t.Errorf("the hook's build is not stamped: %s", out)
	}
	// The same version make build stamps (scripts/version.sh).
	want, err := exec.Command("sh", "../../scripts/version.sh", "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "omsso "+strings.TrimSpace(string(want))+" ") {
		t.Errorf("the hook's build reports %q, scripts/version.sh says %q (%v)", out, want, err)
	}
}

// init on a terminal asks only for what the flags leave out, and nothing when they give all
// (#14 item 14).
func TestInitOnTerminalAsksOnlyWhatIsMissing(t *testing.T) {
	bin := binary(t)
	flags := []string{"--openmetadata-version", "1.12", "--openmetadata-url", "https://om.example.com", "--okta-domain", "dev-123456.okta.com", "--client-id", "0oa1abcd2EFGH3ijk4l5",
		"--authorization-server", "default", "--client-type", "public", "--admin", "alice"}
	runOnPty := func(t *testing.T, args []string, answers string) string {
		t.Helper()
		dir := t.TempDir()
		cmd, f := initOnPty(t, bin, dir, args...)
		if answers != "" {
			if _, err := f.Write([]byte(answers)); err != nil {
				t.Fatal(err)
			}
		}
		var screen bytes.Buffer
		done := make(chan struct{})
		go func() { _, _ = io.Copy(&screen, f); close(done) }()
		waitErr := make(chan error, 1)
		go func() { waitErr <- cmd.Wait() }()
		select {
		case err := <-waitErr:
			if err != nil {
				t.Fatalf("init: %v", err)
			}
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatal("init did not finish: it waits for an answer")
		}
		_ = f.Close()
		<-done
		if _, err := os.Stat(filepath.Join(dir, "omsso.yaml")); err != nil {
			t.Fatalf("nothing written:\n%s", screen.String())
		}
		return screen.String()
	}
	out := runOnPty(t, flags, "example.com\r")
	if !strings.Contains(out, "Principal domain") || strings.Contains(out, "OpenMetadata URL") || strings.Contains(out, "Okta client ID") {
		t.Errorf("asked for more than the missing principal domain:\n%s", out)
	}
	out = runOnPty(t, append(flags, "--principal-domain", "example.com"), "")
	if strings.Contains(out, "questions") || strings.Contains(out, "Principal domain") {
		t.Errorf("asked with every flag given:\n%s", out)
	}
}

// Ctrl-C on init's line editor (a key in raw mode, not a signal) stops it, and so does a
// SIGTERM; either way nothing is written and the terminal is given back as it was.
func TestInitInterrupted(t *testing.T) {
	bin := binary(t)
	for _, c := range []struct {
		name   string
		stop   func(*exec.Cmd, *os.File) error
		screen string // what the user sees last
	}{
		{"ctrl-c", func(_ *exec.Cmd, f *os.File) error { _, err := f.Write([]byte{3}); return err }, "^C\r\nomsso: init: interrupted; nothing was written"},
		{"sigterm", func(cmd *exec.Cmd, _ *os.File) error { return cmd.Process.Signal(syscall.SIGTERM) }, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			cmd, f := initOnPty(t, bin, dir)
			before, err := term.GetState(int(f.Fd()))
			if err != nil {
				t.Fatal(err)
			}
			// The first prompt is written once the terminal is raw; a Ctrl-C before it is SIGINT.
			var screen bytes.Buffer
			r := bufio.NewReader(f)
			for !strings.Contains(screen.String(), "OpenMetadata line") {
				b, err := r.ReadByte()
				if err != nil {
					t.Fatalf("no first prompt: %v\n%s", err, screen.String())
				}
				screen.WriteByte(b)
			}
			done := make(chan struct{})
			go func() { _, _ = io.Copy(&screen, r); close(done) }()
			if err := c.stop(cmd, f); err != nil {
				t.Fatal(err)
			}
			waitErr := make(chan error, 1)
			go func() { waitErr <- cmd.Wait() }()
			select {
			case err = <-waitErr:
			case <-time.After(20 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatal("init went on")
			}
			after, stateErr := term.GetState(int(f.Fd()))
			_ = f.Close()
			<-done
			if err == nil || !strings.Contains(screen.String(), c.screen) {
				t.Errorf("exit %v, screen:\n%s", err, screen.String())
			}
			if _, err := os.Stat(filepath.Join(dir, "omsso.yaml")); err == nil {
				t.Error("a file was written")
			}
			if stateErr != nil || !reflect.DeepEqual(before, after) {
				t.Errorf("the terminal was not restored (%v)", stateErr)
			}
		})
	}
}
