// Command kubelet is the test oracle for omsso's model of the kubelet's env expansion
// (internal/helmchart.ExpandEnv): it runs Kubernetes' own expansion package, as the kubelet
// calls it for a container's env[].value, on each case it reads.
//
// It is its own module, so that omsso never depends on k8s.io/kubernetes; internal/oracle
// builds it for tests (KubeletForTest). Input on stdin: one JSON array of cases; output on
// stdout: one JSON array of the expanded values, in order. Bytes travel as base64 ([]byte), so
// nothing is changed on the way.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/kubernetes/third_party/forked/golang/expansion"
)

// request is one env[].value and the variables defined before it in the container (envFrom,
// earlier env entries).
type request struct {
	Value   []byte            `json:"value"`
	Defined map[string]string `json:"defined"`
}

func main() {
	var reqs []request
	if err := json.NewDecoder(os.Stdin).Decode(&reqs); err != nil {
		fmt.Fprintln(os.Stderr, "kubelet oracle:", err)
		os.Exit(2)
	}
	out := make([][]byte, len(reqs))
	for i, r := range reqs {
		// As the kubelet's makeEnvironmentVariables does (without the service env vars).
		out[i] = []byte(expansion.Expand(string(r.Value), expansion.MappingFuncFor(r.Defined)))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "kubelet oracle:", err)
		os.Exit(2)
	}
}
