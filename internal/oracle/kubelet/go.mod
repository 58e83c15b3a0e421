module github.com/omsso/omsso/internal/oracle/kubelet

go 1.26.8

// The newest Kubernetes release; the kubelet has called this package for env[].value since 1.0.
require k8s.io/kubernetes v1.37.2
