// Package settings is the input contract of omsso: the omsso.yaml model, how it is loaded
// (file, OMSSO_* env, flags), validated and turned into the derived Okta URLs every target uses.
package settings

import (
	"reflect"
	"strings"
)

// Settings is the whole omsso.yaml. Field names are the contract; mapstructure tags match
// viper's lowercased keys case-insensitively.
type Settings struct {
	OpenMetadata   OpenMetadata   `mapstructure:"openmetadata" json:"openmetadata"`
	Okta           Okta           `mapstructure:"okta" json:"okta"`
	Authorizer     Authorizer     `mapstructure:"authorizer" json:"authorizer"`
	Authentication Authentication `mapstructure:"authentication" json:"authentication"`
	// ConfigSource is OpenMetadata 2.1's choice of who owns the security settings (omitzero:
	// settings of older lines hash as before).
	ConfigSource ConfigSource `mapstructure:"configsource" json:"configSource,omitzero"`
	Targets      Targets      `mapstructure:"targets" json:"targets"`
}

// OpenMetadata is the server being configured.
type OpenMetadata struct {
	URL     string `mapstructure:"url" json:"url"`
	Version string `mapstructure:"version" json:"version"`
}

// Okta is the identity provider side.
type Okta struct {
	Domain              string     `mapstructure:"domain" json:"domain"`
	ClientID            string     `mapstructure:"clientid" json:"clientId"`
	AuthorizationServer string     `mapstructure:"authorizationserver" json:"authorizationServer"`
	Issuer              string     `mapstructure:"issuer" json:"issuer"`
	JWKSURL             string     `mapstructure:"jwksurl" json:"jwksUrl,omitempty"`
	Scopes              []string   `mapstructure:"scopes" json:"scopes"`
	ClientType          string     `mapstructure:"clienttype" json:"clientType"`
	ClientSecret        *SecretRef `mapstructure:"clientsecret" json:"clientSecret,omitempty"`
	// AssignGroups names the Okta groups `apply --target okta` assigns to the app when nobody
	// is assigned yet. Empty: omsso assigns nobody and the plan says login needs it. Everyone
	// (the whole org) only when listed here.
	AssignGroups []string `mapstructure:"assigngroups" json:"assignGroups,omitempty"`
}

// SecretRef says where the confidential client's secret lives at deploy time. Exactly one
// field is set; the secret itself never passes through omsso.
type SecretRef struct {
	Env              string      `mapstructure:"env" json:"env,omitempty"`
	File             string      `mapstructure:"file" json:"file,omitempty"`
	KubernetesSecret *KubeSecret `mapstructure:"kubernetessecret" json:"kubernetesSecret,omitempty"`
}

// KubeSecret names a Kubernetes Secret the user creates. ClientIDKey is the key holding the
// client ID, which the chart also reads from a Secret.
type KubeSecret struct {
	Name        string `mapstructure:"name" json:"name"`
	Key         string `mapstructure:"key" json:"key"`
	ClientIDKey string `mapstructure:"clientidkey" json:"clientIdKey,omitempty"`
}

// Authorizer feeds authorizerConfiguration.
type Authorizer struct {
	AdminPrincipals                 []string `mapstructure:"adminprincipals" json:"adminPrincipals"`
	PrincipalDomain                 string   `mapstructure:"principaldomain" json:"principalDomain"`
	EnforcePrincipalDomain          bool     `mapstructure:"enforceprincipaldomain" json:"enforcePrincipalDomain"`
	AllowedDomains                  []string `mapstructure:"alloweddomains" json:"allowedDomains"`
	AllowedEmailRegistrationDomains []string `mapstructure:"allowedemailregistrationdomains" json:"allowedEmailRegistrationDomains"`
	// The email-first identity of OpenMetadata 2.1 (omitempty: older settings hash as before).
	AdminEmails         []string `mapstructure:"adminemails" json:"adminEmails,omitempty"`
	AllowedEmailDomains []string `mapstructure:"allowedemaildomains" json:"allowedEmailDomains,omitempty"`
	BotDomain           string   `mapstructure:"botdomain" json:"botDomain,omitempty"`
}

// Authentication feeds authenticationConfiguration. ForceSecureSessionCookie is a pointer so
// that "not set" can default from the URL scheme.
type Authentication struct {
	ProviderName              string   `mapstructure:"providername" json:"providerName"`
	EnableSelfSignup          bool     `mapstructure:"enableselfsignup" json:"enableSelfSignup"`
	JWTPrincipalClaims        []string `mapstructure:"jwtprincipalclaims" json:"jwtPrincipalClaims"`
	JWTPrincipalClaimsMapping []string `mapstructure:"jwtprincipalclaimsmapping" json:"jwtPrincipalClaimsMapping"`
	EnableAutoRedirect        bool     `mapstructure:"enableautoredirect" json:"enableAutoRedirect"`
	ForceSecureSessionCookie  *bool    `mapstructure:"forcesecuresessioncookie" json:"forceSecureSessionCookie,omitempty"`
	TokenValidationAlgorithm  string   `mapstructure:"tokenvalidationalgorithm" json:"tokenValidationAlgorithm"`
	// OpenMetadata 2.0+: sessions live in the database. 0 = the server's default (omitempty:
	// older settings hash as before).
	SessionExpiry            int `mapstructure:"sessionexpiry" json:"sessionExpiry,omitempty"`
	MaxActiveSessionsPerUser int `mapstructure:"maxactivesessionsperuser" json:"maxActiveSessionsPerUser,omitempty"`
	// OpenMetadata 2.1: email-first identity ("" = the legacy jwtPrincipalClaims path).
	EmailClaim       string `mapstructure:"emailclaim" json:"emailClaim,omitempty"`
	DisplayNameClaim string `mapstructure:"displaynameclaim" json:"displayNameClaim,omitempty"`
}

// ConfigSource is configSource of OpenMetadata 2.1: AUTO (the server merges the file and the
// database per field), ENV (the deployment files own the fields they set) or DB (the database
// wins). ConfirmProviderChange lets the first ENV start replace a UI-configured provider.
type ConfigSource struct {
	Security              string `mapstructure:"security" json:"security,omitempty"`
	ConfirmProviderChange bool   `mapstructure:"confirmproviderchange" json:"confirmProviderChange,omitempty"`
}

// Targets holds per-target overrides.
type Targets struct {
	Docker    TargetOpts `mapstructure:"docker" json:"docker"`
	Helm      HelmOpts   `mapstructure:"helm" json:"helm"`
	Baremetal TargetOpts `mapstructure:"baremetal" json:"baremetal"`
}

// TargetOpts: OmJwksURL is OpenMetadata's own JWKS as the server itself reaches it.
type TargetOpts struct {
	OmJwksURL string `mapstructure:"omjwksurl" json:"omJwksUrl"`
}

// HelmOpts are the helm target's options: OmJwksURL as for the others, and the GitOps outputs
// (docs/kubernetes.md). The new fields are omitted when unset, so the settings hash of settings
// that do not use them stays as it was.
type HelmOpts struct {
	OmJwksURL string `mapstructure:"omjwksurl" json:"omJwksUrl"`
	// Flux: "" (plain Helm), FluxConfigMap or FluxSubstitute.
	Flux string `mapstructure:"flux" json:"flux,omitempty"`
	// SecretObject is the object that produces the Secret the chart reads (confidential).
	SecretObject *SecretObject `mapstructure:"secretobject" json:"secretObject,omitempty"`
}

// Flux modes: how the values survive a Flux Kustomization's post-build substitution.
const (
	// FluxConfigMap: the values in a ConfigMap opted out of substitution.
	FluxConfigMap = "configmap"
	// FluxSubstitute: the values escaped for the substitution (every '$' doubled).
	FluxSubstitute = "substitute"
)

// SecretObject names the object `render --target helm` writes beside the values to produce
// the Secret of okta.clientSecret.kubernetesSecret; never the secret itself.
type SecretObject struct {
	Kind string `mapstructure:"kind" json:"kind"`
	// External Secrets: the store and the remote key (and property) of the client secret.
	Store          string `mapstructure:"store" json:"store,omitempty"`
	StoreKind      string `mapstructure:"storekind" json:"storeKind,omitempty"`
	RemoteKey      string `mapstructure:"remotekey" json:"remoteKey,omitempty"`
	RemoteProperty string `mapstructure:"remoteproperty" json:"remoteProperty,omitempty"`
}

// Secret object kinds.
const (
	ExternalSecretKind = "externalSecret"
	SealedSecretKind   = "sealedSecret"
	PlainSecretKind    = "secret"
)

// Client types.
const (
	Public       = "public"
	Confidential = "confidential"
)

// Config sources of OpenMetadata 2.1.
const (
	SourceAuto = "AUTO"
	SourceEnv  = "ENV"
	SourceDB   = "DB"
)

// Server defaults of the 2.0 session settings (conf/openmetadata.yaml, 2.0 and 2.1).
const (
	DefaultSessionExpiry            = 604800 // 7 days
	DefaultMaxActiveSessionsPerUser = 5
	MinSessionExpiry                = 3600 // the schema's minimum
)

// Default values, documented in the README and the JSON schema. DefaultVersion is the newest
// released line: 2.1's docs are published but its release is unconfirmed (OM-2X-FACTS §1).
const (
	DefaultVersion             = "2.0"
	DefaultAuthorizationServer = "default"
	DefaultDockerJwks          = "http://localhost:8585/api/v1/system/config/jwks"
	DefaultHelmJwks            = "http://openmetadata:8585/api/v1/system/config/jwks"
	DefaultBaremetalJwks       = "http://localhost:8585/api/v1/system/config/jwks"
	DefaultKubeSecretName      = "oidc-secrets"
	DefaultKubeSecretKey       = "openmetadata-oidc-client-secret"
	DefaultKubeClientIDKey     = "openmetadata-oidc-client-id"
)

// Versions lists the OpenMetadata lines omsso emits keys for, oldest first.
func Versions() []string {
	return []string{"1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "2.0", "2.1"}
}

// LineAtLeast reports whether line is v or newer (both lines of Versions; an unknown line is
// older than every known one).
func LineAtLeast(line, v string) bool { return versionIndex(line) >= versionIndex(v) }

// Released reports whether a line has a confirmed release (2.1: docs only, OM-2X-FACTS §1).
func Released(line string) bool { return line != "2.1" }

// isSet reports whether the field at a settings path (JSON names, e.g.
// authentication.enableAutoRedirect) holds a value other than its zero value.
func isSet(s *Settings, path string) bool {
	v := reflect.ValueOf(*s)
	for _, name := range strings.Split(path, ".") {
		if v.Kind() != reflect.Struct {
			return false
		}
		found := false
		for i := 0; i < v.NumField(); i++ {
			tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
			if tag == name {
				v, found = v.Field(i), true
				break
			}
		}
		if !found {
			return false
		}
	}
	if v.Kind() == reflect.Slice {
		return v.Len() > 0
	}
	return !v.IsZero()
}
