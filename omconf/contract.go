// Package omconf models how OpenMetadata reads its auth configuration: the keys of
// authorizerConfiguration and authenticationConfiguration, the env var and Helm value that feed
// each (OKTA-FACTS §1, §2, §3, §8), the server's ${VAR:-default} substitution, and the way the
// parsed YAML binds to typed fields. Targets use it to prove their output; it holds facts, not
// upstream text.
package omconf

// Type is the schema type a key binds to (Jackson coerces scalars into it).
type Type int

// Types of server keys.
const (
	String Type = iota
	Bool
	Int
	List // array of string
	Map  // map of string to string
)

// HelmKind is how the chart turns a value into the env var.
type HelmKind int

// How the chart renders values into env.
const (
	HelmNone      HelmKind = iota // the chart has no value: use extraEnvs
	HelmQuote                     // {{ .v | quote }}
	HelmList                      // ["a","b"] of quoted items
	HelmRaw                       // unquoted (customParams)
	HelmSecretRef                 // valueFrom.secretKeyRef into a user-created Secret
)

// Key is one server key and how each target reaches it.
type Key struct {
	Path        string // e.g. authenticationConfiguration.oidcConfiguration.id
	Env         string
	ConfDefault string // the text after :- in conf/openmetadata.yaml ("" and Bare = no default text)
	Type        Type
	Helm        string // value path under openmetadata.config, "" when none
	HelmKind    HelmKind
	HelmDefault string // the chart's env text when the value is left at its default
	// Compose reports whether the upstream compose files pass the env var to the containers.
	Compose bool
	Since   string // first OpenMetadata line that reads it
	// Confidential keys are read only for clientType confidential.
	Confidential bool
	// Unique lists bind to a Set (uniqueItems in the schema): duplicates collapse.
	Unique bool
}

const (
	authz = "authorizerConfiguration."
	authn = "authenticationConfiguration."
	oidc  = "authenticationConfiguration.oidcConfiguration."
)

// Keys returns the modelled keys in upstream conf order.
func Keys() []Key {
	return []Key{
		{Path: authz + "className", Env: "AUTHORIZER_CLASS_NAME", ConfDefault: "org.openmetadata.service.security.DefaultAuthorizer", Helm: "authorizer.className", HelmKind: HelmQuote, Compose: true, Since: "1.5"},
		{Path: authz + "containerRequestFilter", Env: "AUTHORIZER_REQUEST_FILTER", ConfDefault: "org.openmetadata.service.security.JwtFilter", Helm: "authorizer.containerRequestFilter", HelmKind: HelmQuote, Compose: true, Since: "1.5"},
		{Path: authz + "adminPrincipals", Unique: true, Env: "AUTHORIZER_ADMIN_PRINCIPALS", ConfDefault: "[admin]", Type: List, Helm: "authorizer.initialAdmins", HelmKind: HelmList, Compose: true, Since: "1.5"},
		{Path: authz + "allowedEmailRegistrationDomains", Unique: true, Env: "AUTHORIZER_ALLOWED_REGISTRATION_DOMAIN", ConfDefault: `["all"]`, Type: List, Helm: "authorizer.allowedEmailRegistrationDomains", HelmKind: HelmList, Compose: true, Since: "1.5"},
		{Path: authz + "principalDomain", Env: "AUTHORIZER_PRINCIPAL_DOMAIN", ConfDefault: `"open-metadata.org"`, Helm: "authorizer.principalDomain", HelmKind: HelmQuote, Compose: true, Since: "1.5"},
		{Path: authz + "allowedDomains", Unique: true, Env: "AUTHORIZER_ALLOWED_DOMAINS", ConfDefault: "[]", Type: List, Helm: "authorizer.allowedDomains", HelmKind: HelmList, Compose: true, Since: "1.6"},
		{Path: authz + "enforcePrincipalDomain", Env: "AUTHORIZER_ENFORCE_PRINCIPAL_DOMAIN", ConfDefault: "false", Type: Bool, Helm: "authorizer.enforcePrincipalDomain", HelmKind: HelmQuote, Compose: true, Since: "1.5"},
		{Path: authz + "enableSecureSocketConnection", Env: "AUTHORIZER_ENABLE_SECURE_SOCKET", ConfDefault: "false", Type: Bool, Helm: "authorizer.enableSecureSocketConnection", HelmKind: HelmQuote, Compose: true, Since: "1.5"},
		{Path: authz + "useRolesFromProvider", Env: "AUTHORIZER_USE_ROLES_FROM_PROVIDER", ConfDefault: "false", Type: Bool, Helm: "authorizer.useRolesFromProvider", HelmKind: HelmQuote, Since: "1.5"},

		{Path: authn + "clientType", Env: "AUTHENTICATION_CLIENT_TYPE", ConfDefault: "public", Helm: "authentication.clientType", HelmKind: HelmQuote, Compose: true, Since: "1.5"},
		{Path: authn + "provider", Env: "AUTHENTICATION_PROVIDER", ConfDefault: "basic", Helm: "authentication.provider", HelmKind: HelmQuote, Compose: true, Since: "1.5"},
		{Path: authn + "responseType", Env: "AUTHENTICATION_RESPONSE_TYPE", ConfDefault: "id_token", Helm: "authentication.responseType", HelmKind: HelmQuote, Compose: true, Since: "1.5"},
		{Path: authn + "providerName", Env: "CUSTOM_OIDC_AUTHENTICATION_PROVIDER_NAME", ConfDefault: `""`, Compose: true, Since: "1.5"},
		{Path: authn + "publicKeyUrls", Env: "AUTHENTICATION_PUBLIC_KEYS", ConfDefault: "[http://localhost:8585/api/v1/system/config/jwks]", Type: List, Helm: "authentication.publicKeys", HelmKind: HelmList, Compose: true, Since: "1.5"},
		{Path: authn + "tokenValidationAlgorithm", Env: "AUTHENTICATION_TOKEN_VALIDATION_ALGORITHM", ConfDefault: `"RS256"`, Since: "1.5"},
		{Path: authn + "authority", Env: "AUTHENTICATION_AUTHORITY", ConfDefault: "https://accounts.google.com", Helm: "authentication.authority", HelmKind: HelmQuote, Compose: true, Since: "1.5"},
		{Path: authn + "clientId", Env: "AUTHENTICATION_CLIENT_ID", ConfDefault: `""`, Helm: "authentication.clientId", HelmKind: HelmQuote, Compose: true, Since: "1.5"},
		{Path: authn + "callbackUrl", Env: "AUTHENTICATION_CALLBACK_URL", ConfDefault: `""`, Helm: "authentication.callbackUrl", HelmKind: HelmQuote, Compose: true, Since: "1.5"},
		{Path: authn + "jwtPrincipalClaims", Env: "AUTHENTICATION_JWT_PRINCIPAL_CLAIMS", ConfDefault: "[email,preferred_username,sub]", Type: List, Helm: "authentication.jwtPrincipalClaims", HelmKind: HelmList, Compose: true, Since: "1.5"},
		{Path: authn + "jwtPrincipalClaimsMapping", Env: "AUTHENTICATION_JWT_PRINCIPAL_CLAIMS_MAPPING", ConfDefault: "[]", Type: List, Helm: "authentication.jwtPrincipalClaimsMapping", HelmKind: HelmList, Compose: true, Since: "1.5"},
		{Path: authn + "enableSelfSignup", Env: "AUTHENTICATION_ENABLE_SELF_SIGNUP", ConfDefault: "true", Type: Bool, Helm: "authentication.enableSelfSignup", HelmKind: HelmQuote, Compose: true, Since: "1.5"},
		{Path: authn + "enableAutoRedirect", Env: "AUTHENTICATION_ENABLE_AUTO_REDIRECT", ConfDefault: "false", Type: Bool, Since: "1.11"},
		{Path: authn + "forceSecureSessionCookie", Env: "FORCE_SECURE_SESSION_COOKIE", ConfDefault: "false", Type: Bool, Since: "1.12"},

		{Path: oidc + "id", Env: "OIDC_CLIENT_ID", ConfDefault: `""`, Helm: "authentication.oidcConfiguration.clientId", HelmKind: HelmSecretRef, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "type", Env: "OIDC_TYPE", ConfDefault: `""`, Helm: "authentication.oidcConfiguration.oidcType", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "secret", Env: "OIDC_CLIENT_SECRET", ConfDefault: `""`, Helm: "authentication.oidcConfiguration.clientSecret", HelmKind: HelmSecretRef, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "scope", Env: "OIDC_SCOPE", ConfDefault: `"openid email profile"`, Helm: "authentication.oidcConfiguration.scope", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "discoveryUri", Env: "OIDC_DISCOVERY_URI", ConfDefault: `""`, Helm: "authentication.oidcConfiguration.discoveryUri", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "useNonce", Env: "OIDC_USE_NONCE", ConfDefault: "true", Helm: "authentication.oidcConfiguration.useNonce", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "preferredJwsAlgorithm", Env: "OIDC_PREFERRED_JWS", ConfDefault: `"RS256"`, Helm: "authentication.oidcConfiguration.preferredJwsAlgorithm", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "responseType", Env: "OIDC_RESPONSE_TYPE", ConfDefault: `"code"`, Helm: "authentication.oidcConfiguration.responseType", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "disablePkce", Env: "OIDC_DISABLE_PKCE", ConfDefault: "true", Type: Bool, Helm: "authentication.oidcConfiguration.disablePkce", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "callbackUrl", Env: "OIDC_CALLBACK", ConfDefault: `"http://localhost:8585/callback"`, Helm: "authentication.oidcConfiguration.callbackUrl", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "serverUrl", Env: "OIDC_SERVER_URL", ConfDefault: `"http://localhost:8585"`, Helm: "authentication.oidcConfiguration.serverUrl", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "clientAuthenticationMethod", Env: "OIDC_CLIENT_AUTH_METHOD", ConfDefault: `"client_secret_post"`, Helm: "authentication.oidcConfiguration.clientAuthenticationMethod", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "tenant", Env: "OIDC_TENANT", ConfDefault: `""`, Helm: "authentication.oidcConfiguration.tenant", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "maxClockSkew", Env: "OIDC_MAX_CLOCK_SKEW", ConfDefault: `""`, Helm: "authentication.oidcConfiguration.maxClockSkew", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "tokenValidity", Env: "OIDC_OM_REFRESH_TOKEN_VALIDITY", ConfDefault: `"3600"`, Type: Int, Helm: "authentication.oidcConfiguration.tokenValidity", HelmKind: HelmQuote, Since: "1.5", Confidential: true},
		{Path: oidc + "customParams", Env: "OIDC_CUSTOM_PARAMS", ConfDefault: "", Type: Map, Helm: "authentication.oidcConfiguration.customParams", HelmKind: HelmRaw, Compose: true, Since: "1.5", Confidential: true},
		{Path: oidc + "maxAge", Env: "OIDC_MAX_AGE", ConfDefault: `"0"`, Helm: "authentication.oidcConfiguration.maxAge", HelmKind: HelmQuote, Compose: true, Since: "1.6", Confidential: true},
		{Path: oidc + "prompt", Env: "OIDC_PROMPT_TYPE", ConfDefault: `"consent"`, Helm: "authentication.oidcConfiguration.promptType", HelmKind: HelmQuote, Compose: true, Since: "1.6", Confidential: true},
		{Path: oidc + "sessionExpiry", Env: "OIDC_SESSION_EXPIRY", ConfDefault: `"604800"`, Type: Int, Helm: "authentication.oidcConfiguration.sessionExpiry", HelmKind: HelmQuote, Compose: true, Since: "1.8", Confidential: true},
	}
}

// KeyByPath finds a key by its server path.
func KeyByPath(path string) (Key, bool) {
	for _, k := range Keys() {
		if k.Path == path {
			return k, true
		}
	}
	return Key{}, false
}

// KeyByEnv finds a key by its env var.
func KeyByEnv(env string) (Key, bool) {
	for _, k := range Keys() {
		if k.Env == env {
			return k, true
		}
	}
	return Key{}, false
}

// Name is the last element of the path, the YAML key in its section.
func (k Key) Name() string {
	for i := len(k.Path) - 1; i >= 0; i-- {
		if k.Path[i] == '.' {
			return k.Path[i+1:]
		}
	}
	return k.Path
}
