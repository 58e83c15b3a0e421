package oracle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/omsso/omsso/internal/testneeds"
)

// Kubelet runs Kubernetes' own env expansion (k8s.io/kubernetes/third_party/forked/golang/
// expansion, as the kubelet calls it for a container's env[].value). The program lives in
// kubelet/, a module of its own, so omsso never depends on k8s.io/kubernetes; it is built with
// the go command on first use (which fetches that module through the Go module proxy).
type Kubelet struct{ bin string }

// KubeletCase is one env[].value and the variables defined before it in the container.
type KubeletCase struct {
	Value   string
	Defined map[string]string
}

// Expand returns what the kubelet makes of each case's value.
func (k *Kubelet) Expand(cases []KubeletCase) ([]string, error) {
	type request struct {
		Value   []byte            `json:"value"`
		Defined map[string]string `json:"defined"`
	}
	reqs := make([]request, len(cases))
	for i, c := range cases {
		reqs[i] = request{[]byte(c.Value), c.Defined}
	}
	in, err := json.Marshal(reqs)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(k.bin)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("kubelet oracle: %w: %s", err, stderr.String())
	}
	var got [][]byte
	if err := json.Unmarshal(out, &got); err != nil {
		return nil, fmt.Errorf("kubelet oracle output: %w", err)
	}
	if len(got) != len(cases) {
		return nil, fmt.Errorf("kubelet oracle answered %d of %d cases", len(got), len(cases))
	}
	res := make([]string, len(got))
	for i, b := range got {
		res[i] = string(b)
	}
	return res, nil
}

var sharedKubelet struct {
	once sync.Once
	k    *Kubelet
	err  error
}

// KubeletForTest returns the built kubelet oracle. When the go command or the module cannot be
// had (no Go module proxy), the test skips with one line on stderr and in the skip log; under
// CI=true it fails instead.
func KubeletForTest(t testing.TB) *Kubelet {
	t.Helper()
	testneeds.Short(t, testneeds.Kubelet)
	sharedKubelet.once.Do(func() { sharedKubelet.k, sharedKubelet.err = buildKubelet() })
	if sharedKubelet.err == nil {
		return sharedKubelet.k
	}
	if errors.Is(sharedKubelet.err, ErrMissing) {
		testneeds.Missing(t, testneeds.Kubelet, "kubelet oracle: "+sharedKubelet.err.Error())
	}
	t.Fatalf("kubelet oracle: %v", sharedKubelet.err)
	return nil
}

// buildKubelet builds kubelet/ into the cache, once per version of its sources.
func buildKubelet() (*Kubelet, error) {
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		return nil, fmt.Errorf("%w: the kubelet oracle's source folder", ErrMissing)
	}
	src := filepath.Join(filepath.Dir(self), "kubelet")
	gobin, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("%w: the go command, to build %s: %w", ErrMissing, src, err)
	}
	h := sha256.New()
	for _, f := range []string{"main.go", "go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			return nil, fmt.Errorf("%w: the kubelet oracle's source: %w", ErrMissing, err)
		}
		fmt.Fprintf(h, "\x00%s\x00%s", f, data)
	}
	base, err := os.UserCacheDir()
	if err != nil || base == "" {
		base = os.TempDir()
	}
	bin := filepath.Join(base, "omsso-oracle", "kubelet-"+hex.EncodeToString(h.Sum(nil))[:16])
	if _, err := os.Stat(bin); err == nil {
		return &Kubelet{bin: bin}, nil
	}
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return nil, fmt.Errorf("oracle cache: %w", err)
	}
	// Built beside its final name and renamed, so a parallel test binary never runs a
	// half-written file.
	tmp := fmt.Sprintf("%s.%d.tmp", bin, os.Getpid())
	defer os.Remove(tmp)
	cmd := exec.Command(gobin, "build", "-o", tmp, ".")
	cmd.Dir = src
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%w: building %s (it needs k8s.io/kubernetes from the Go module proxy): %w\n%s", ErrMissing, src, err, out)
	}
	if err := os.Rename(tmp, bin); err != nil {
		return nil, fmt.Errorf("oracle cache: %w", err)
	}
	return &Kubelet{bin: bin}, nil
}
