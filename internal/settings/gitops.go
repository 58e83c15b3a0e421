package settings

import (
	"fmt"
	"slices"
)

// gitops checks the helm target's GitOps options: the Flux mode and the object that produces
// the chart's Secret.
func (c *checker) gitops() {
	h := c.s.Targets.Helm
	if f := h.Flux; f != "" && f != FluxConfigMap && f != FluxSubstitute {
		c.add(RuleInvalid, "targets.helm.flux", fmt.Sprintf("%q is not a Flux mode", f),
			"use configmap (the values in a ConfigMap that Flux does not substitute) or substitute (the values escaped for a Kustomization that substitutes them)")
	}
	so := h.SecretObject
	if so == nil {
		return
	}
	const p = "targets.helm.secretObject"
	kinds := []string{ExternalSecretKind, SealedSecretKind, PlainSecretKind}
	if !slices.Contains(kinds, so.Kind) {
		c.add(RuleInvalid, p+".kind", fmt.Sprintf("%q is not a secret object kind", so.Kind), "use externalSecret, sealedSecret or secret")
		return
	}
	if c.s.Okta.ClientType != Confidential {
		c.add(RuleInvalid, p, "is set for a public client, which has no client secret", "remove it, or set okta.clientType: confidential")
	}
	if so.Kind != ExternalSecretKind {
		for _, f := range []struct{ name, v string }{{"store", so.Store}, {"storeKind", so.StoreKind}, {"remoteKey", so.RemoteKey}, {"remoteProperty", so.RemoteProperty}} {
			if f.v != "" {
				c.add(RuleInvalid, p+"."+f.name, "is read only for kind externalSecret", "remove it")
			}
		}
		return
	}
	if so.Store == "" {
		c.add(RuleRequired, p+".store", "is required for an ExternalSecret", "name the SecretStore (or ClusterSecretStore) that reaches your secret manager")
	} else if !dns1123Re.MatchString(so.Store) || len(so.Store) > 253 {
		c.add(RuleInvalid, p+".store", fmt.Sprintf("%q is not a SecretStore name", so.Store), "use lower-case letters, digits, '-' and '.'")
	}
	if so.StoreKind != "" && so.StoreKind != "SecretStore" && so.StoreKind != "ClusterSecretStore" {
		c.add(RuleInvalid, p+".storeKind", fmt.Sprintf("%q is not a store kind", so.StoreKind), "use SecretStore (the default) or ClusterSecretStore")
	}
	if so.RemoteKey == "" {
		c.add(RuleRequired, p+".remoteKey", "is required for an ExternalSecret", "name the client secret's key (path) in your secret manager")
	}
}

// gitopsFields lists the GitOps options' strings for the bounds checks.
func gitopsFields(s *Settings) []field {
	fs := []field{{"targets.helm.flux", s.Targets.Helm.Flux}}
	if so := s.Targets.Helm.SecretObject; so != nil {
		fs = append(fs, field{"targets.helm.secretObject.kind", so.Kind}, field{"targets.helm.secretObject.store", so.Store},
			field{"targets.helm.secretObject.storeKind", so.StoreKind}, field{"targets.helm.secretObject.remoteKey", so.RemoteKey},
			field{"targets.helm.secretObject.remoteProperty", so.RemoteProperty})
	}
	return fs
}
