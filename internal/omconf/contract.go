// Package omconf is the OpenMetadata key table and the server's side of every proof: for each
// key of authorizerConfiguration and authenticationConfiguration it holds where the value comes
// from in the settings, its type, the lines that read it, its env var, its Helm value, its
// upstream default and its traps (OKTA-FACTS §1, §2, §3, §8); and it models how the server reads
// its config (the ${VAR:-default} substitution, YAML and Jackson's binding). Everything that
// needs a key's facts derives them from Keys(): adding a key is one entry here.
package omconf

import (
	"strings"

	"github.com/omsso/omsso/internal/settings"
)

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
	Until   string // last line that reads it ("" = every line from Since on)
	Added   string // the release that added it, when later than the line's first (messages)
	// Later are the conf defaults of newer lines where upstream changed ConfDefault, oldest first.
	Later []LineDefault
	// Refuse: a settings value for a line that does not read the key is an error, not a warning.
	Refuse bool
	// Deprecated is the line from which upstream marks the key deprecated, Instead what replaces
	// it (lint shows the move).
	Deprecated, Instead string
	// FileOnly keys live in the deployment's conf only: they are not part of the security
	// config the server stores and serves through its API (configSource).
	FileOnly bool
	// Confidential keys are read only for clientType confidential.
	Confidential bool
	// Unique lists bind to a Set (uniqueItems in the schema): duplicates collapse.
	Unique bool
	// Default: what Okta needs is the upstream default, so the env-based targets (docker, helm)
	// leave the key unset; bare metal writes every key.
	Default bool
	// Secret: the client secret, which only ever travels as a reference.
	Secret bool
	// Filled: the security API fills the conf default in when a stored config lacks the key
	// (schema and POJO defaults), so absent equals that default when plans compare.
	Filled bool
	// Public: the server serves it unauthenticated at /api/v1/system/config/auth (1.10-1.12
	// copy only these; OM-SECURITY-API §6), so a live check can compare it.
	Public bool

	// Setting is the settings field the value comes from ("" when omsso fixes it or derives it
	// from several fields); Source says how, for explain.
	Setting, Source string
	// Want is the value the server must bind for the settings on a target.
	Want func(r *settings.Resolved, target string) any
}

// LineDefault is a key's conf default from a line on.
type LineDefault struct{ Since, ConfDefault string }

const (
	cfgsrc = "configSource."
	authz  = "authorizerConfiguration."
	authn  = "authenticationConfiguration."
	oidc   = "authenticationConfiguration.oidcConfiguration."
)

func fixed(v any) func(*settings.Resolved, string) any {
	return func(*settings.Resolved, string) any { return v }
}

func list(f func(r *settings.Resolved) []string) func(*settings.Resolved, string) any {
	return func(r *settings.Resolved, _ string) any {
		if l := f(r); l != nil {
			return l
		}
		return []string{}
	}
}

func str(f func(r *settings.Resolved) string) func(*settings.Resolved, string) any {
	return func(r *settings.Resolved, _ string) any { return f(r) }
}

func boolean(f func(r *settings.Resolved) bool) func(*settings.Resolved, string) any {
	return func(r *settings.Resolved, _ string) any { return f(r) }
}

func integer(f func(r *settings.Resolved) int) func(*settings.Resolved, string) any {
	return func(r *settings.Resolved, _ string) any { return int64(f(r)) }
}

// byLine is a fixed value that changed on newer lines: first, then each later value from its
// line on (the Default keys whose conf default changed, so Want follows Later).
func byLine(first any, later map[string]any) func(*settings.Resolved, string) any {
	return func(r *settings.Resolved, _ string) any {
		v, from := first, ""
		for line, lv := range later {
			if r.AtLeast(line) && (from == "" || settings.LineAtLeast(line, from)) {
				v, from = lv, line
			}
		}
		return v
	}
}

// SecretSentinel stands for the client secret when outputs are read back: it is what the
// deploy-time env var or Kubernetes Secret holds in the models, never a real secret.
const SecretSentinel = "omsso-sentinel-client-secret"

// defaultAuthorizer and jwtFilter are the classes every Okta setup keeps.
const (
	defaultAuthorizer = "org.openmetadata.service.security.DefaultAuthorizer"
	jwtFilter         = "org.openmetadata.service.security.JwtFilter"
)

var keys = []Key{
	{Path: cfgsrc + "security", Refuse: true, FileOnly: true, Env: "SECURITY_CONFIG_SOURCE", ConfDefault: "AUTO", Since: "2.1",
		Setting: "configSource.security", Source: "configSource.security (default AUTO)", Want: str(func(r *settings.Resolved) string { return r.SecuritySource })},
	{Path: cfgsrc + "email", Default: true, FileOnly: true, Env: "EMAIL_CONFIG_SOURCE", ConfDefault: "AUTO", Since: "2.1", Want: fixed("AUTO")},
	{Path: cfgsrc + "serverUrl", Default: true, FileOnly: true, Env: "SERVER_URL_CONFIG_SOURCE", ConfDefault: "AUTO", Since: "2.1", Want: fixed("AUTO")},
	{Path: cfgsrc + "scim", Default: true, FileOnly: true, Env: "SCIM_CONFIG_SOURCE", ConfDefault: "AUTO", Since: "2.1", Want: fixed("AUTO")},
	{Path: cfgsrc + "mcp", Default: true, FileOnly: true, Env: "MCP_CONFIG_SOURCE", ConfDefault: "AUTO", Since: "2.1", Want: fixed("AUTO")},
	{Path: cfgsrc + "app", Default: true, FileOnly: true, Env: "APP_CONFIG_SOURCE", ConfDefault: "DB", Since: "2.1", Want: fixed("DB")},
	{Path: cfgsrc + "confirmProviderChange", Refuse: true, FileOnly: true, Env: "SECURITY_CONFIG_SOURCE_CONFIRM_PROVIDER_CHANGE", ConfDefault: "false", Type: Bool, Since: "2.1",
		Setting: "configSource.confirmProviderChange", Want: boolean(func(r *settings.Resolved) bool { return r.ConfigSource.ConfirmProviderChange })},
	{Path: cfgsrc + "watchIntervalSeconds", Default: true, FileOnly: true, Env: "CONFIG_SOURCE_WATCH_INTERVAL_SECONDS", ConfDefault: "10", Type: Int, Since: "2.1", Want: fixed(int64(10))},

	{Path: authz + "className", Default: true, Env: "AUTHORIZER_CLASS_NAME", ConfDefault: defaultAuthorizer, Helm: "authorizer.className", HelmKind: HelmQuote, Compose: true, Since: "1.5",
		Source: "(fixed) DefaultAuthorizer", Want: fixed(defaultAuthorizer)},
	{Path: authz + "containerRequestFilter", Default: true, Env: "AUTHORIZER_REQUEST_FILTER", ConfDefault: jwtFilter, Helm: "authorizer.containerRequestFilter", HelmKind: HelmQuote, Compose: true, Since: "1.5",
		Source: "(fixed) JwtFilter", Want: fixed(jwtFilter)},
	{Path: authz + "adminEmails", Unique: true, Refuse: true, Env: "AUTHORIZER_ADMIN_EMAILS", ConfDefault: "[]", Type: List, Since: "2.1",
		Setting: "authorizer.adminEmails", Want: list(func(r *settings.Resolved) []string { return r.Authorizer.AdminEmails })},
	{Path: authz + "allowedEmailDomains", Unique: true, Refuse: true, Env: "AUTHORIZER_ALLOWED_EMAIL_DOMAINS", ConfDefault: "[]", Type: List, Since: "2.1",
		Setting: "authorizer.allowedEmailDomains", Want: list(func(r *settings.Resolved) []string { return r.Authorizer.AllowedEmailDomains })},
	{Path: authz + "botDomain", Refuse: true, Env: "AUTHORIZER_BOT_DOMAIN", ConfDefault: `""`, Since: "2.1",
		Setting: "authorizer.botDomain", Want: str(func(r *settings.Resolved) string { return r.Authorizer.BotDomain })},
	{Path: authz + "adminPrincipals", Unique: true, Deprecated: "2.1", Instead: "authorizer.adminEmails", Env: "AUTHORIZER_ADMIN_PRINCIPALS", ConfDefault: "[admin]", Type: List, Helm: "authorizer.initialAdmins", HelmKind: HelmList, Compose: true, Since: "1.5",
		Setting: "authorizer.adminPrincipals", Want: list(func(r *settings.Resolved) []string { return r.Authorizer.AdminPrincipals })},
	{Path: authz + "allowedEmailRegistrationDomains", Unique: true, Env: "AUTHORIZER_ALLOWED_REGISTRATION_DOMAIN", ConfDefault: `["all"]`, Type: List, Helm: "authorizer.allowedEmailRegistrationDomains", HelmKind: HelmList, Compose: true, Since: "1.5",
		Setting: "authorizer.allowedEmailRegistrationDomains", Want: list(func(r *settings.Resolved) []string { return r.Authorizer.AllowedEmailRegistrationDomains })},
	{Path: authz + "principalDomain", Deprecated: "2.1", Instead: "authorizer.botDomain (bots) and authorizer.allowedEmailDomains (users)", Env: "AUTHORIZER_PRINCIPAL_DOMAIN", ConfDefault: `"open-metadata.org"`, Helm: "authorizer.principalDomain", HelmKind: HelmQuote, Compose: true, Since: "1.5",
		Setting: "authorizer.principalDomain", Want: str(func(r *settings.Resolved) string { return r.Authorizer.PrincipalDomain })},
	{Path: authz + "allowedDomains", Unique: true, Env: "AUTHORIZER_ALLOWED_DOMAINS", ConfDefault: "[]", Type: List, Helm: "authorizer.allowedDomains", HelmKind: HelmList, Compose: true, Since: "1.6",
		Setting: "authorizer.allowedDomains", Want: list(func(r *settings.Resolved) []string { return r.Authorizer.AllowedDomains })},
	{Path: authz + "enforcePrincipalDomain", Env: "AUTHORIZER_ENFORCE_PRINCIPAL_DOMAIN", ConfDefault: "false", Type: Bool, Helm: "authorizer.enforcePrincipalDomain", HelmKind: HelmQuote, Compose: true, Since: "1.5",
		Setting: "authorizer.enforcePrincipalDomain", Want: boolean(func(r *settings.Resolved) bool { return r.Authorizer.EnforcePrincipalDomain })},
	{Path: authz + "enableSecureSocketConnection", Default: true, Env: "AUTHORIZER_ENABLE_SECURE_SOCKET", ConfDefault: "false", Type: Bool, Helm: "authorizer.enableSecureSocketConnection", HelmKind: HelmQuote, Compose: true, Since: "1.5",
		Want: fixed(false)},
	{Path: authz + "useRolesFromProvider", Default: true, Env: "AUTHORIZER_USE_ROLES_FROM_PROVIDER", ConfDefault: "false", Type: Bool, Helm: "authorizer.useRolesFromProvider", HelmKind: HelmQuote, Since: "1.5",
		Want: fixed(false)},

	{Path: authn + "clientType", Filled: true, Public: true, Env: "AUTHENTICATION_CLIENT_TYPE", ConfDefault: "public", Helm: "authentication.clientType", HelmKind: HelmQuote, Compose: true, Since: "1.5",
		Setting: "okta.clientType", Want: str(func(r *settings.Resolved) string { return r.Okta.ClientType })},
	{Path: authn + "provider", Public: true, Env: "AUTHENTICATION_PROVIDER", ConfDefault: "basic", Helm: "authentication.provider", HelmKind: HelmQuote, Compose: true, Since: "1.5",
		Source: "(fixed) okta", Want: fixed("okta")},
	{Path: authn + "responseType", Filled: true, Env: "AUTHENTICATION_RESPONSE_TYPE", ConfDefault: "id_token", Helm: "authentication.responseType", HelmKind: HelmQuote, Compose: true, Since: "1.5",
		Source: "(fixed) id_token", Want: fixed("id_token")},
	{Path: authn + "providerName", Public: true, Env: "CUSTOM_OIDC_AUTHENTICATION_PROVIDER_NAME", ConfDefault: `""`, Compose: true, Since: "1.5",
		Setting: "authentication.providerName", Want: str(func(r *settings.Resolved) string { return r.Authentication.ProviderName })},
	{Path: authn + "publicKeyUrls", Env: "AUTHENTICATION_PUBLIC_KEYS", ConfDefault: "[http://localhost:8585/api/v1/system/config/jwks]", Type: List, Helm: "authentication.publicKeys", HelmKind: HelmList, Compose: true, Since: "1.5",
		Source: "Okta JWKS from okta.domain + okta.authorizationServer, then targets.<target>.omJwksUrl",
		Want:   func(r *settings.Resolved, target string) any { return PublicKeys(r, target) }},
	{Path: authn + "tokenValidationAlgorithm", Filled: true, Env: "AUTHENTICATION_TOKEN_VALIDATION_ALGORITHM", ConfDefault: `"RS256"`, Since: "1.5",
		Setting: "authentication.tokenValidationAlgorithm", Want: str(func(r *settings.Resolved) string { return r.Authentication.TokenValidationAlgorithm })},
	{Path: authn + "authority", Public: true, Env: "AUTHENTICATION_AUTHORITY", ConfDefault: "https://accounts.google.com", Helm: "authentication.authority", HelmKind: HelmQuote, Compose: true, Since: "1.5",
		Source: "issuer from okta.domain + okta.authorizationServer (or okta.issuer)", Want: str(func(r *settings.Resolved) string { return r.Issuer })},
	{Path: authn + "clientId", Public: true, Env: "AUTHENTICATION_CLIENT_ID", ConfDefault: `""`, Helm: "authentication.clientId", HelmKind: HelmQuote, Compose: true, Since: "1.5",
		Setting: "okta.clientId", Want: str(func(r *settings.Resolved) string { return r.Okta.ClientID })},
	{Path: authn + "callbackUrl", Public: true, Env: "AUTHENTICATION_CALLBACK_URL", ConfDefault: `""`, Helm: "authentication.callbackUrl", HelmKind: HelmQuote, Compose: true, Since: "1.5",
		Source: "openmetadata.url + /callback", Want: str(func(r *settings.Resolved) string { return r.CallbackURL })},
	{Path: authn + "additionalTrustedRedirectUris", Default: true, Env: "AUTHENTICATION_ADDITIONAL_TRUSTED_REDIRECT_URIS", ConfDefault: "[]", Type: List, Since: "2.0",
		Source: "(fixed) []", Want: fixed([]string{})},
	{Path: authn + "emailClaim", Refuse: true, Env: "AUTHENTICATION_EMAIL_CLAIM", ConfDefault: `""`, Since: "2.1",
		Setting: "authentication.emailClaim", Want: str(func(r *settings.Resolved) string { return r.Authentication.EmailClaim })},
	{Path: authn + "displayNameClaim", Refuse: true, Env: "AUTHENTICATION_DISPLAY_NAME_CLAIM", ConfDefault: `""`, Since: "2.1",
		Setting: "authentication.displayNameClaim", Want: str(func(r *settings.Resolved) string { return r.Authentication.DisplayNameClaim })},
	{Path: authn + "jwtPrincipalClaims", Deprecated: "2.1", Instead: "authentication.emailClaim", Public: true, Env: "AUTHENTICATION_JWT_PRINCIPAL_CLAIMS", ConfDefault: "[email,preferred_username,sub]", Type: List, Helm: "authentication.jwtPrincipalClaims", HelmKind: HelmList, Compose: true, Since: "1.5",
		Setting: "authentication.jwtPrincipalClaims", Want: list(func(r *settings.Resolved) []string { return r.Authentication.JWTPrincipalClaims })},
	{Path: authn + "jwtPrincipalClaimsMapping", Deprecated: "2.1", Instead: "authentication.emailClaim and authentication.displayNameClaim", Public: true, Env: "AUTHENTICATION_JWT_PRINCIPAL_CLAIMS_MAPPING", ConfDefault: "[]", Type: List, Helm: "authentication.jwtPrincipalClaimsMapping", HelmKind: HelmList, Compose: true, Since: "1.5",
		Setting: "authentication.jwtPrincipalClaimsMapping", Want: list(func(r *settings.Resolved) []string { return r.Authentication.JWTPrincipalClaimsMapping })},
	{Path: authn + "enableSelfSignup", Public: true, Env: "AUTHENTICATION_ENABLE_SELF_SIGNUP", ConfDefault: "true", Type: Bool, Helm: "authentication.enableSelfSignup", HelmKind: HelmQuote, Compose: true, Since: "1.5",
		Setting: "authentication.enableSelfSignup", Want: boolean(func(r *settings.Resolved) bool { return r.Authentication.EnableSelfSignup })},
	{Path: authn + "enableAutoRedirect", Env: "AUTHENTICATION_ENABLE_AUTO_REDIRECT", ConfDefault: "false", Type: Bool, Since: "1.11", Added: "1.11.5",
		Setting: "authentication.enableAutoRedirect", Want: boolean(func(r *settings.Resolved) bool { return r.Authentication.EnableAutoRedirect })},
	{Path: authn + "forceSecureSessionCookie", Env: "FORCE_SECURE_SESSION_COOKIE", ConfDefault: "false", Type: Bool, Since: "1.12",
		Setting: "authentication.forceSecureSessionCookie", Source: "authentication.forceSecureSessionCookie (default: https in openmetadata.url)",
		Want: boolean(func(r *settings.Resolved) bool { return r.SecureCookie })},
	{Path: authn + "sessionExpiry", Refuse: true, Env: "AUTHENTICATION_SESSION_EXPIRY", ConfDefault: `"604800"`, Type: Int, Since: "2.0",
		Setting: "authentication.sessionExpiry", Source: "authentication.sessionExpiry (default 604800, 7 days)", Want: integer(func(r *settings.Resolved) int { return r.SessionExpiry })},
	{Path: authn + "maxActiveSessionsPerUser", Filled: true, Refuse: true, Env: "AUTHENTICATION_MAX_ACTIVE_SESSIONS_PER_USER", ConfDefault: "5", Type: Int, Since: "2.0",
		Setting: "authentication.maxActiveSessionsPerUser", Source: "authentication.maxActiveSessionsPerUser (default 5)", Want: integer(func(r *settings.Resolved) int { return r.MaxSessions })},

	{Path: oidc + "id", Env: "OIDC_CLIENT_ID", ConfDefault: `""`, Helm: "authentication.oidcConfiguration.clientId", HelmKind: HelmSecretRef, Compose: true, Since: "1.5", Confidential: true,
		Setting: "okta.clientId", Want: str(func(r *settings.Resolved) string { return r.Okta.ClientID })},
	{Path: oidc + "type", Env: "OIDC_TYPE", ConfDefault: `""`, Helm: "authentication.oidcConfiguration.oidcType", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true,
		Source: "(fixed) okta", Want: fixed("okta")},
	{Path: oidc + "secret", Secret: true, Env: "OIDC_CLIENT_SECRET", ConfDefault: `""`, Helm: "authentication.oidcConfiguration.clientSecret", HelmKind: HelmSecretRef, Compose: true, Since: "1.5", Confidential: true,
		Setting: "okta.clientSecret", Source: "okta.clientSecret (a reference)", Want: fixed(SecretSentinel)},
	{Path: oidc + "scope", Filled: true, Env: "OIDC_SCOPE", ConfDefault: `"openid email profile"`, Helm: "authentication.oidcConfiguration.scope", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true,
		Setting: "okta.scopes", Source: "okta.scopes, space-separated", Want: str(func(r *settings.Resolved) string { return strings.Join(r.Okta.Scopes, " ") })},
	{Path: oidc + "discoveryUri", Env: "OIDC_DISCOVERY_URI", ConfDefault: `""`, Helm: "authentication.oidcConfiguration.discoveryUri", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true,
		Source: "issuer + /.well-known/openid-configuration", Want: str(func(r *settings.Resolved) string { return r.DiscoveryURI })},
	{Path: oidc + "useNonce", Filled: true, Default: true, Env: "OIDC_USE_NONCE", ConfDefault: "true", Helm: "authentication.oidcConfiguration.useNonce", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true,
		Want: fixed("true")},
	{Path: oidc + "preferredJwsAlgorithm", Filled: true, Default: true, Env: "OIDC_PREFERRED_JWS", ConfDefault: `"RS256"`, Helm: "authentication.oidcConfiguration.preferredJwsAlgorithm", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true,
		Want: fixed("RS256")},
	{Path: oidc + "responseType", Filled: true, Default: true, Env: "OIDC_RESPONSE_TYPE", ConfDefault: `"code"`, Helm: "authentication.oidcConfiguration.responseType", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true,
		Want: fixed("code")},
	{Path: oidc + "disablePkce", Filled: true, Default: true, Env: "OIDC_DISABLE_PKCE", ConfDefault: "true", Type: Bool, Helm: "authentication.oidcConfiguration.disablePkce", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true,
		Want: fixed(true)},
	{Path: oidc + "callbackUrl", Env: "OIDC_CALLBACK", ConfDefault: `"http://localhost:8585/callback"`, Helm: "authentication.oidcConfiguration.callbackUrl", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true,
		Source: "openmetadata.url + /callback", Want: str(func(r *settings.Resolved) string { return r.CallbackURL })},
	{Path: oidc + "serverUrl", Env: "OIDC_SERVER_URL", ConfDefault: `"http://localhost:8585"`, Helm: "authentication.oidcConfiguration.serverUrl", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true,
		Setting: "openmetadata.url", Want: str(func(r *settings.Resolved) string { return r.ServerURL })},
	{Path: oidc + "clientAuthenticationMethod", Default: true, Env: "OIDC_CLIENT_AUTH_METHOD", ConfDefault: `"client_secret_post"`, Helm: "authentication.oidcConfiguration.clientAuthenticationMethod", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true,
		Want: fixed("client_secret_post")},
	{Path: oidc + "tenant", Default: true, Env: "OIDC_TENANT", ConfDefault: `""`, Helm: "authentication.oidcConfiguration.tenant", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true,
		Want: fixed("")},
	{Path: oidc + "maxClockSkew", Default: true, Env: "OIDC_MAX_CLOCK_SKEW", ConfDefault: `""`, Helm: "authentication.oidcConfiguration.maxClockSkew", HelmKind: HelmQuote, Compose: true, Since: "1.5", Confidential: true,
		Want: fixed("")},
	{Path: oidc + "tokenValidity", Filled: true, Default: true, Env: "OIDC_OM_REFRESH_TOKEN_VALIDITY", ConfDefault: `"3600"`, Type: Int, Helm: "authentication.oidcConfiguration.tokenValidity", HelmKind: HelmQuote, Since: "1.5", Confidential: true,
		Want: fixed(int64(3600))},
	{Path: oidc + "customParams", Env: "OIDC_CUSTOM_PARAMS", ConfDefault: "", Type: Map, Helm: "authentication.oidcConfiguration.customParams", HelmKind: HelmRaw, Compose: true, Since: "1.5", Confidential: true,
		Source: "(fixed) {}", Want: fixed(map[string]string{})},
	{Path: oidc + "maxAge", Default: true, Env: "OIDC_MAX_AGE", ConfDefault: `"0"`, Later: []LineDefault{{"2.1", `""`}}, Helm: "authentication.oidcConfiguration.maxAge", HelmKind: HelmQuote, Compose: true, Since: "1.6", Confidential: true,
		Want: byLine("0", map[string]any{"2.1": ""})},
	{Path: oidc + "prompt", Default: true, Env: "OIDC_PROMPT_TYPE", ConfDefault: `"consent"`, Later: []LineDefault{{"2.1", `""`}}, Helm: "authentication.oidcConfiguration.promptType", HelmKind: HelmQuote, Compose: true, Since: "1.6", Confidential: true,
		Want: byLine("consent", map[string]any{"2.1": ""})},
	{Path: oidc + "sessionExpiry", Filled: true, Default: true, Env: "OIDC_SESSION_EXPIRY", ConfDefault: `"604800"`, Type: Int, Helm: "authentication.oidcConfiguration.sessionExpiry", HelmKind: HelmQuote, Compose: true, Since: "1.8", Confidential: true,
		Deprecated: "2.0", Instead: "authentication.sessionExpiry", Want: fixed(int64(604800))},
	{Path: oidc + "endSessionWithProvider", Default: true, Env: "OIDC_END_SESSION_WITH_PROVIDER", ConfDefault: "false", Type: Bool, Since: "2.1", Confidential: true,
		Want: fixed(false)},
}

// Keys returns the modelled keys in upstream conf order.
func Keys() []Key { return keys }

// KeyByPath finds a key by its server path.
func KeyByPath(path string) (Key, bool) {
	for _, k := range keys {
		if k.Path == path {
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

// Kind names the key's type for templates: string, bool, int, list or map.
func (k Key) Kind() string {
	return [...]string{String: "string", Bool: "bool", Int: "int", List: "list", Map: "map"}[k.Type]
}

// SecretRef reports whether the chart reads the key from a user-created Kubernetes Secret.
func (k Key) SecretRef() bool { return k.HelmKind == HelmSecretRef }

// HelmName is the last element of the Helm value path.
func (k Key) HelmName() string { return k.Helm[strings.LastIndex(k.Helm, ".")+1:] }

// Section is the path of the YAML mapping that holds the key.
func (k Key) Section() string { return k.Path[:strings.LastIndex(k.Path, ".")] }

// Reads reports whether the settings' OpenMetadata line and client type read the key.
func (k Key) Reads(r *settings.Resolved) bool {
	return k.ReadOn(r.OpenMetadata.Version) && (!k.Confidential || r.Confidential())
}

// ReadOn reports whether an OpenMetadata line reads the key.
func (k Key) ReadOn(line string) bool {
	return settings.LineAtLeast(line, k.Since) && (k.Until == "" || settings.LineAtLeast(k.Until, line))
}

// ConfDefaultOn is the key's conf default on a line.
func (k Key) ConfDefaultOn(line string) string {
	d := k.ConfDefault
	for _, l := range k.Later {
		if settings.LineAtLeast(line, l.Since) {
			d = l.ConfDefault
		}
	}
	return d
}

// MovedOn reports whether a Default key's conf default on a line differs from the one the
// charts (and their values) still carry: a target whose consumer passes the old default must
// then set the key (2.1's maxAge and prompt, which the chart still sets to "0" and "consent").
func (k Key) MovedOn(line string) bool {
	return k.Default && k.ConfDefaultOn(line) != k.ConfDefault
}

// Explained is the settings field or derivation behind the key, for people.
func (k Key) Explained() string {
	switch {
	case k.Source != "":
		return k.Source
	case k.Setting != "":
		return k.Setting
	}
	return "(OpenMetadata default)"
}

// Expected is the effective config the settings ask for on a target: every key the line and
// client type read.
func Expected(r *settings.Resolved, target string) Effective {
	eff := Effective{}
	for _, k := range keys {
		if k.Reads(r) {
			eff[k.Path] = k.Want(r, target)
		}
	}
	return eff
}

// PublicKeys is publicKeyUrls: Okta's JWKS for user tokens, OpenMetadata's own for bot tokens.
func PublicKeys(r *settings.Resolved, target string) []string {
	return []string{r.OktaJwksURL, r.OmJwks(target)}
}

// SettingsTable is what the settings checks need of the key table.
func SettingsTable() settings.Table {
	env := map[string]string{}
	for _, k := range keys {
		if !k.Secret {
			env[k.Env] = k.Path
		}
	}
	return settings.Table{Gates: gates(), ServerEnv: env, Deprecations: deprecations()}
}

// gates are the settings fields only some OpenMetadata lines read, for settings warnings.
func gates() []settings.Gate {
	var out []settings.Gate
	seen := map[string]bool{}
	for _, k := range keys {
		if k.Setting == "" || (k.Since == settings.Versions()[0] && k.Until == "") || seen[k.Setting] {
			continue
		}
		seen[k.Setting] = true
		added := k.Added
		if added == "" {
			added = k.Since
		}
		out = append(out, settings.Gate{Field: k.Setting, Since: k.Since, Until: k.Until, Added: added, Refuse: k.Refuse})
	}
	return out
}

// deprecations are the settings fields behind keys a newer line deprecates.
func deprecations() []settings.Deprecation {
	var out []settings.Deprecation
	for _, k := range keys {
		if k.Deprecated != "" && k.Setting != "" {
			out = append(out, settings.Deprecation{Field: k.Setting, Since: k.Deprecated, Instead: k.Instead})
		}
	}
	return out
}
