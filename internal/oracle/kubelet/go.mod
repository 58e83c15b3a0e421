module github.com/omsso/omsso/internal/oracle/kubelet

go 1.26.8

// A current Kubernetes release: the kubelet expands a container's env[].value with its
// third_party/forked/golang/expansion package, which imports only the standard library.
require k8s.io/kubernetes v1.37.2
