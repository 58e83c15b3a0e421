package verify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/omconf"
	"github.com/omsso/omsso/settings"
	"github.com/omsso/omsso/targets"
)

// Hop is one target's link in a key's chain: the target key or env var, and the value the
// server ends up with, as text and as the typed value the server binds (JSON gets a list as
// a list, a boolean as a boolean; the client secret stays a description).
type Hop struct {
	Via   string `json:"via"`
	Value string `json:"-"`
	Typed any    `json:"value"`
}

// Chain explains one server key: settings field → per-target key or env var → value.
type Chain struct {
	Key      string         `json:"key"`
	Settings string         `json:"settings"`
	Targets  map[string]Hop `json:"targets"`
}

// sources says which settings field feeds each server key.
func sources() map[string]string {
	a, n, o := "authorizerConfiguration.", "authenticationConfiguration.", "authenticationConfiguration.oidcConfiguration."
	return map[string]string{
		a + "className":                       "(fixed) DefaultAuthorizer",
		a + "containerRequestFilter":          "(fixed) JwtFilter",
		a + "adminPrincipals":                 "authorizer.adminPrincipals",
		a + "allowedEmailRegistrationDomains": "authorizer.allowedEmailRegistrationDomains",
		a + "principalDomain":                 "authorizer.principalDomain",
		a + "allowedDomains":                  "authorizer.allowedDomains",
		a + "enforcePrincipalDomain":          "authorizer.enforcePrincipalDomain",
		a + "enableSecureSocketConnection":    "(OpenMetadata default)",
		a + "useRolesFromProvider":            "(OpenMetadata default)",
		n + "clientType":                      "okta.clientType",
		n + "provider":                        "(fixed) okta",
		n + "responseType":                    "(fixed) id_token",
		n + "providerName":                    "authentication.providerName",
		n + "publicKeyUrls":                   "Okta JWKS from okta.domain + okta.authorizationServer, then targets.<target>.omJwksUrl",
		n + "tokenValidationAlgorithm":        "authentication.tokenValidationAlgorithm",
		n + "authority":                       "issuer from okta.domain + okta.authorizationServer (or okta.issuer)",
		n + "clientId":                        "okta.clientId",
		n + "callbackUrl":                     "openmetadata.url + /callback",
		n + "jwtPrincipalClaims":              "authentication.jwtPrincipalClaims",
		n + "jwtPrincipalClaimsMapping":       "authentication.jwtPrincipalClaimsMapping",
		n + "enableSelfSignup":                "authentication.enableSelfSignup",
		n + "enableAutoRedirect":              "authentication.enableAutoRedirect",
		n + "forceSecureSessionCookie":        "authentication.forceSecureSessionCookie (default: https in openmetadata.url)",
		o + "id":                              "okta.clientId",
		o + "type":                            "(fixed) okta",
		o + "secret":                          "okta.clientSecret (a reference)",
		o + "scope":                           "okta.scopes, space-separated",
		o + "discoveryUri":                    "issuer + /.well-known/openid-configuration",
		o + "callbackUrl":                     "openmetadata.url + /callback",
		o + "serverUrl":                       "openmetadata.url",
		o + "customParams":                    "(fixed) {}",
	}
}

// Explain renders the chosen targets in memory, reads them back, and returns every server key's
// chain.
func Explain(r *settings.Resolved, names []string) ([]Chain, error) {
	src := sources()
	effs := map[string]omconf.Effective{}
	via := map[string]func(k omconf.Key) string{}
	for _, name := range names {
		t, ok := targets.ByName(name)
		if !ok || !slices.Contains(targets.DeployNames(), name) {
			return nil, fmt.Errorf("unknown target %q; use %s", name, strings.Join(targets.DeployNames(), ", "))
		}
		files, err := targets.Render(t, r)
		if err != nil {
			return nil, err
		}
		all, err := t.Effective(r, files)
		if err != nil {
			return nil, err
		}
		for _, c := range []string{"openmetadata-server", "openmetadata", "server"} {
			if e, ok := all[c]; ok {
				effs[name] = e
			}
		}
		via[name], err = viaFunc(r, name, files)
		if err != nil {
			return nil, err
		}
	}
	want := targets.Expected(r, "docker")
	var out []Chain
	for _, k := range omconf.Keys() {
		if _, ok := want[k.Path]; !ok {
			continue
		}
		s := src[k.Path]
		if s == "" {
			s = "(OpenMetadata default)"
		}
		c := Chain{Key: k.Path, Settings: s, Targets: map[string]Hop{}}
		for _, name := range names {
			v := effs[name][k.Path]
			typed := v
			if k.Env == "OIDC_CLIENT_SECRET" {
				typed = show(r, k, v)
			}
			c.Targets[name] = Hop{Via: via[name](k), Value: show(r, k, v), Typed: typed}
		}
		out = append(out, c)
	}
	return out, nil
}

func viaFunc(r *settings.Resolved, target string, files []targets.File) (func(omconf.Key) string, error) {
	switch target {
	case "docker":
		fromFile, err := dotenv.UnmarshalBytesWithLookup(files[0].Data, nil)
		if err != nil {
			return nil, err
		}
		over := overrideVars(files[1].Data)
		return func(k omconf.Key) string {
			switch {
			case k.Env == "OIDC_CLIENT_SECRET" && over[k.Env]:
				return k.Env + " ← $" + r.SecretEnv + " (docker-compose.okta.yml)"
			case over[k.Env] && fromFile[k.Env] == "":
				return k.Env + " (docker-compose.okta.yml)"
			case over[k.Env]:
				return k.Env + " (env file, passed by docker-compose.okta.yml)"
			case fromFile[k.Env] != "":
				return k.Env + " (env file)"
			case k.Compose:
				return k.Env + " unset: compose default"
			}
			return "(server default)"
		}, nil
	case "helm":
		var v map[string]any
		if err := yaml.Unmarshal(files[0].Data, &v); err != nil {
			return nil, err
		}
		extra := map[string]bool{}
		if list, ok := v["extraEnvs"].([]any); ok {
			for _, e := range list {
				if m, ok := e.(map[string]any); ok {
					extra[fmt.Sprint(m["name"])] = true
				}
			}
		}
		cfg := digMap(v, "openmetadata", "config")
		return func(k omconf.Key) string {
			if extra[k.Env] {
				return "extraEnvs " + k.Env
			}
			if k.Helm == "" {
				return "(server default)"
			}
			parts := strings.Split(k.Helm, ".")
			if _, set := digMap(cfg, parts[:len(parts)-1]...)[parts[len(parts)-1]]; !set {
				return "(chart default) → " + k.Env
			}
			if k.HelmKind == omconf.HelmSecretRef {
				ks := targets.KubeSecret(r)
				key := ks.Key
				if k.Env == "OIDC_CLIENT_ID" {
					key = ks.ClientIDKey
				}
				return "openmetadata.config." + k.Helm + " → Secret " + ks.Name + "/" + key + " → " + k.Env
			}
			return "openmetadata.config." + k.Helm + " → " + k.Env
		}, nil
	}
	var doc map[string]any
	if err := yaml.Unmarshal(files[0].Data, &doc); err != nil {
		return nil, err
	}
	return func(k omconf.Key) string {
		parts := strings.Split(k.Path, ".")
		if _, set := digMap(doc, parts[:len(parts)-1]...)[parts[len(parts)-1]]; !set {
			return "(server default)"
		}
		if k.Env == "OIDC_CLIENT_SECRET" {
			return k.Path + ": ${" + r.SecretEnv + "}"
		}
		return k.Path
	}, nil
}
