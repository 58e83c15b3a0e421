package settings

import (
	"fmt"
	"strings"
)

// checkLiteralSecretEnv refuses OMSSO_OKTA_CLIENTSECRET, which could only carry the secret itself.
func checkLiteralSecretEnv(opts Options) Problems {
	if _, ok := opts.lookupEnv(EnvName("okta.clientsecret")); ok {
		return Problems{{ID: RuleLiteralSecret, Severity: Error, Path: "okta.clientSecret", Msg: "env var " + EnvName("okta.clientsecret") + " would carry the secret itself, which omsso refuses",
			Fix: "unset it and reference the secret: " + EnvName("okta.clientsecret.env") + "=OKTA_CLIENT_SECRET"}}
	}
	return nil
}

func (s *Settings) okSecret() *KubeSecret {
	if s.Okta.ClientSecret == nil {
		return nil
	}
	return s.Okta.ClientSecret.KubernetesSecret
}

func resolveSecret(r *Resolved, add func(id, path, msg, fix string), serverEnv map[string]string) {
	cs := r.Okta.ClientSecret
	fix := "add clientSecret: {env: OKTA_CLIENT_SECRET} (or file: /run/secrets/okta, or kubernetesSecret: {name: oidc-secrets, key: openmetadata-oidc-client-secret})"
	if cs == nil {
		add(RuleNoSecret, "okta.clientSecret", "is required for a confidential client", fix)
		return
	}
	n := 0
	if cs.Env != "" {
		n++
		if !envNameRe.MatchString(cs.Env) {
			add(RuleInvalid, "okta.clientSecret.env", fmt.Sprintf("%q is not an env var name", cs.Env), "use letters, digits and _, e.g. OKTA_CLIENT_SECRET")
		} else if key, taken := serverEnv[cs.Env]; taken {
			add(RuleSecretEnvName, "okta.clientSecret.env", fmt.Sprintf("%s is the env var OpenMetadata reads for %s, so the secret would land there", cs.Env, key),
				"name another env var, e.g. OKTA_CLIENT_SECRET")
		}
		r.SecretEnv = cs.Env
	}
	if cs.File != "" {
		n++
		r.SecretEnv = "OIDC_CLIENT_SECRET"
		if strings.Contains(cs.File, "${") {
			// The path is printed in the bare-metal file's header, which the server substitutes.
			add(RuleInvalid, "okta.clientSecret.file", fmt.Sprintf("%q contains \"${\", which OpenMetadata's config substitution reads as a variable", cs.File), "rename the file or its folder without \"${\"")
		}
	}
	if ks := cs.KubernetesSecret; ks != nil {
		n++
		if !dns1123Re.MatchString(ks.Name) || len(ks.Name) > 253 {
			add(RuleInvalid, "okta.clientSecret.kubernetesSecret.name", fmt.Sprintf("%q is not a Kubernetes Secret name", ks.Name), "use lower-case letters, digits, '-' and '.'")
		}
		for _, k := range []struct{ p, v string }{{"key", ks.Key}, {"clientIdKey", ks.ClientIDKey}} {
			if !secretKeyRe.MatchString(k.v) {
				add(RuleInvalid, "okta.clientSecret.kubernetesSecret."+k.p, fmt.Sprintf("%q is not a Secret key", k.v), "use letters, digits, '-', '_' and '.'")
			}
		}
		if r.SecretEnv == "" {
			r.SecretEnv = "OIDC_CLIENT_SECRET"
		}
	}
	if n != 1 {
		add(RuleNoSecret, "okta.clientSecret", fmt.Sprintf("sets %d references; exactly one of env, file, kubernetesSecret is allowed", n), fix)
	}
}
