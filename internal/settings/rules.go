package settings

// Severity of a problem.
type Severity string

// Severities: errors stop rendering, warnings and notes do not.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Rule IDs are stable: CI configs and SARIF consumers key on them.
const (
	RuleRequired        = "OMSSO001"
	RuleInvalid         = "OMSSO002"
	RuleType            = "OMSSO003"
	RuleUnknownKey      = "OMSSO004"
	RuleFile            = "OMSSO005"
	RuleIssuer          = "OKTA001"
	RuleJWKS            = "OKTA002"
	RuleTrailingSlash   = "OKTA003"
	RuleDoubleScheme    = "OKTA004"
	RuleDomain          = "OKTA005"
	RuleHTTP            = "OKTA006"
	RulePlainHTTPURL    = "OKTA007"
	RuleCookie          = "OKTA008"
	RuleOpenID          = "OKTA009"
	RuleOfflineAccess   = "OKTA010"
	RulePublicScopes    = "OKTA011"
	RuleNoSecret        = "OKTA012"
	RulePublicSecret    = "OKTA013"
	RuleLiteralSecret   = "OKTA014"
	RuleAdminEmails     = "OKTA015"
	RulePrincipalDomain = "OKTA016"
	RuleAllowedDomains  = "OKTA017"
	RuleClaimsMapping   = "OKTA018"
	RuleVersionKey      = "OKTA019"
	RuleDBConfig        = "OKTA020"
	RuleStickySessions  = "OKTA021"
	RuleDuplicates      = "OKTA022"
	RuleServerKeyword   = "OKTA023"
	RuleServerID        = "OKTA024"
	RuleAdminHost       = "OKTA025"
	RuleDomainCase      = "OKTA026"
	RuleSecretEnvName   = "OKTA027"
	RuleSessionTrap     = "OKTA028"
	RuleProviderChange  = "OKTA029"
	RuleEmailFirst      = "OKTA030"
	RulePrincipalClaim  = "OKTA031"
)

// Rule describes one check.
type Rule struct {
	ID       string
	Severity Severity
	Title    string
}

// Rules lists every check omsso runs on settings, in ID order.
func Rules() []Rule {
	return []Rule{
		{RuleRequired, Error, "a required setting is missing"},
		{RuleInvalid, Error, "a setting has an invalid value"},
		{RuleType, Error, "a setting has the wrong type"},
		{RuleUnknownKey, Error, "an unknown key (with a did-you-mean)"},
		{RuleFile, Error, "the settings file cannot be read or parsed"},
		{RuleIssuer, Error, "the issuer does not match the authorization server kind (org, default, custom) or the domain"},
		{RuleJWKS, Error, "the JWKS URL belongs to another authorization server (the docs' {ISSUER}/v1/keys is wrong for the org server)"},
		{RuleTrailingSlash, Error, "the issuer ends with a slash"},
		{RuleDoubleScheme, Error, "a URL has its scheme twice (http://https://)"},
		{RuleDomain, Error, "okta.domain has a scheme or a path"},
		{RuleHTTP, Error, "an http:// issuer or JWKS URL that is not loopback"},
		{RulePlainHTTPURL, Warning, "openmetadata.url is plain http on a host other than localhost"},
		{RuleCookie, Warning, "forceSecureSessionCookie does not fit the URL scheme"},
		{RuleOpenID, Error, "openid is missing from the scopes"},
		{RuleOfflineAccess, Warning, "offline_access is in the scopes (it locked users out upstream)"},
		{RulePublicScopes, Warning, "scopes set for a public client, where OpenMetadata's UI hard-codes its own"},
		{RuleNoSecret, Error, "a confidential client without exactly one secret reference"},
		{RulePublicSecret, Error, "a public client with a secret"},
		{RuleLiteralSecret, Error, "a literal secret in the settings"},
		{RuleAdminEmails, Warning, "admin principals written as emails where this OpenMetadata line expects names"},
		{RulePrincipalDomain, Error, "the principal domain is not a single domain"},
		{RuleAllowedDomains, Warning, "enforcePrincipalDomain with allowedDomains that omit the principal domain"},
		{RuleClaimsMapping, Error, "jwtPrincipalClaimsMapping entries the server rejects (not key:claim, a key twice, only one of username and email, other keys since 1.11.5)"},
		{RuleVersionKey, Warning, "a key the chosen OpenMetadata line does not read (left out of the output; an error for the 2.x session, identity and config-source settings, naming the line that reads them)"},
		{RuleDBConfig, Info, "from 1.10 on, a security config stored in the database overrides what is deployed"},
		{RuleStickySessions, Info, "confidential clients on several replicas need sticky sessions"},
		{RuleDuplicates, Error, "a list repeats an item"},
		{RuleServerKeyword, Error, "okta.authorizationServer is a misspelt keyword (Default, ORG): it would be taken as a custom server id"},
		{RuleServerID, Warning, "a custom authorization server id that does not look like Okta's (aus + 17 characters)"},
		{RuleAdminHost, Error, "okta.domain is the Okta Admin Console host (…-admin.okta.com), which is never an issuer"},
		{RuleDomainCase, Warning, "a principal or allowed domain with upper-case letters (the server compares domains case-sensitively)"},
		{RuleSecretEnvName, Error, "the client secret's env var is one OpenMetadata reads for another setting"},
		{RuleSessionTrap, Warning, "2.0 session settings on a database written by 1.x: the server ignores the env values (apply --target openmetadata sets them)"},
		{RuleProviderChange, Warning, "2.1 ENV config source: the first start refuses to replace a provider configured in the UI without confirmProviderChange"},
		{RuleEmailFirst, Info, "2.1 email-first identity: how to move from adminPrincipals, principalDomain and jwtPrincipalClaims (deprecated in 2.1)"},
		{RulePrincipalClaim, Warning, "the first principal claim is one Okta's ID tokens do not carry, or sub (a user id that never matches an admin name)"},
	}
}
