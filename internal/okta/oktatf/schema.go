package oktatf

// The okta/okta provider's schema for the resources and data sources omsso writes, read from
// github.com/okta/terraform-provider-okta at v6.12.0 (commit
// e59c130b0b6e4b9f76aacbba437515cd5e95cc71): first its documentation (docs/resources/*.md,
// docs/data-sources/*.md), then checked row by row against the Go source that defines it
// (okta/services/idaas/resource_okta_*.go, data_source_okta_*.go, app.go's base app schema,
// policy.go's statusSchema, okta/utils/utils.go's nested importer). Where the two disagree the
// source wins: it is what the provider does. Nested blocks (okta_app_oauth's jwks, groups_claim,
// network) are left out: omsso writes none. Check reads every emitted file against this table.
//
// Allowed values: the provider's source validates only okta_app_oauth.response_types (code,
// token, id_token); every other string passes through the provider unchecked and the Okta API
// decides at apply time. Those lists are the values the documentation names, or where it names
// none (type, grant_types, grant_type_whitelist) the Okta API's for the field, so Check stops at
// render a value the API would refuse at apply.

// ProviderVersion is the provider release the table was read from; versions.tf pins its major.
const ProviderVersion = "6.12.0"

// ProviderConstraint is the version constraint versions.tf writes: this major, this release or
// later (attributes omsso writes may be missing from earlier 6.x releases).
const ProviderConstraint = "~> 6.12"

// Attribute types.
const (
	TString = "string"
	TBool   = "bool"
	TNumber = "number"
	TList   = "list(string)"
	TSet    = "set(string)"
)

// AttrSpec is one attribute of a resource or data source.
type AttrSpec struct {
	Type     string
	Required bool
	ReadOnly bool     // computed only: readable by reference, never written
	Allowed  []string // for strings, or the elements of lists and sets; nil = any
}

// TypeSpec is one resource or data source type.
type TypeSpec struct {
	Attrs map[string]AttrSpec
	// ImportID is the id the resource's importer takes, as segments ("<app_id>", or
	// "<auth_server_id>/<policy_id>"); empty for data sources.
	ImportID []string
}

var (
	statusValues   = []string{"ACTIVE", "INACTIVE"}
	issuerModes    = []string{"ORG_URL", "CUSTOM_URL", "DYNAMIC"}
	rotationModes  = []string{"AUTO", "MANUAL"}
	appGrantTypes  = []string{"authorization_code", "implicit", "password", "refresh_token", "client_credentials", "interaction_code", "urn:ietf:params:oauth:grant-type:saml2-bearer", "urn:ietf:params:oauth:grant-type:token-exchange", "urn:ietf:params:oauth:grant-type:device_code", "urn:openid:params:grant-type:ciba"}
	ruleGrantTypes = []string{"authorization_code", "implicit", "password", "client_credentials", "urn:ietf:params:oauth:grant-type:saml2-bearer", "urn:ietf:params:oauth:grant-type:token-exchange", "urn:ietf:params:oauth:grant-type:device_code", "interaction_code"}
)

func str() AttrSpec                     { return AttrSpec{Type: TString} }
func req(t string) AttrSpec             { return AttrSpec{Type: t, Required: true} }
func ro(t string) AttrSpec              { return AttrSpec{Type: t, ReadOnly: true} }
func of(t string, v ...string) AttrSpec { return AttrSpec{Type: t, Allowed: v} }
func opt(t string) AttrSpec             { return AttrSpec{Type: t} }

// Resources are the resource types omsso writes.
var Resources = map[string]TypeSpec{
	"okta_app_oauth": {ImportID: []string{"<app_id>"}, Attrs: map[string]AttrSpec{
		"label": req(TString), "type": {Type: TString, Required: true, Allowed: []string{"web", "native", "browser", "service"}},
		"accessibility_error_redirect_url": str(), "accessibility_login_redirect_url": str(), "accessibility_self_service": opt(TBool),
		"admin_note": str(), "app_links_json": str(), "app_settings_json": str(), "authentication_policy": str(),
		"auto_key_rotation": opt(TBool), "auto_submit_toolbar": opt(TBool), "client_basic_secret": str(), "client_basic_secret_wo": str(),
		"client_basic_secret_wo_version": opt(TNumber), "client_id": str(), "client_uri": str(),
		"consent_method": of(TString, "REQUIRED", "TRUSTED"), "enduser_note": str(),
		"grant_types": of(TSet, appGrantTypes...), "hide_ios": opt(TBool), "hide_web": opt(TBool), "implicit_assignment": opt(TBool),
		"issuer_mode": of(TString, issuerModes...), "jwks_uri": str(), "login_mode": of(TString, "DISABLED", "SPEC", "OKTA"),
		"login_scopes": opt(TSet), "login_uri": str(), "logo": str(), "logo_uri": str(), "omit_secret": opt(TBool),
		"pkce_required": opt(TBool), "policy_uri": str(), "post_logout_redirect_uris": opt(TSet), "preconfigured_app": str(), "profile": str(),
		"redirect_uris": opt(TList), "refresh_token_leeway": opt(TNumber), "refresh_token_rotation": of(TString, "STATIC", "ROTATE"),
		"response_types": of(TSet, "code", "token", "id_token"), "status": of(TString, statusValues...),
		"token_endpoint_auth_method": of(TString, "none", "client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt"),
		"tos_uri":                    str(), "user_name_template": str(), "user_name_template_push_status": of(TString, "PUSH", "DONT_PUSH"),
		"user_name_template_suffix": str(), "user_name_template_type": str(), "wildcard_redirect": of(TString, "DISABLED", "SUBDOMAIN"),
		"participate_slo": opt(TBool), "frontchannel_logout_uri": str(), "frontchannel_logout_session_required": opt(TBool),
		// In resource_okta_app_oauth.go's schema (optional string; optional bool, default false)
		// though docs/resources/app_oauth.md at the same commit does not list them.
		"backchannel_custom_authenticator_id": str(), "skip_authentication_policy": opt(TBool),
		"client_secret": ro(TString), "id": ro(TString), "logo_url": ro(TString), "name": ro(TString), "sign_on_mode": ro(TString),
	}},
	"okta_auth_server": {ImportID: []string{"<auth_server_id>"}, Attrs: map[string]AttrSpec{
		"audiences": req(TSet), "name": req(TString), "credentials_rotation_mode": of(TString, rotationModes...), "description": str(),
		"issuer_mode": of(TString, issuerModes...), "status": of(TString, statusValues...),
		"credentials_last_rotated": ro(TString), "credentials_next_rotation": ro(TString), "id": ro(TString), "issuer": ro(TString), "kid": ro(TString),
	}},
	// The documentation's import id is "<default>"; the source's importer passes any one-segment
	// id through and reads the server by it (resource_okta_auth_server_default.go), so it is an
	// authorization server's id, of which "default" is the Okta API's alias for the default one.
	"okta_auth_server_default": {ImportID: []string{"<auth_server_id>"}, Attrs: map[string]AttrSpec{
		"audiences": opt(TSet), "credentials_rotation_mode": of(TString, rotationModes...), "description": str(),
		"issuer_mode": of(TString, issuerModes...), "name": str(), "status": of(TString, statusValues...),
		"credentials_last_rotated": ro(TString), "credentials_next_rotation": ro(TString), "id": ro(TString), "issuer": ro(TString), "kid": ro(TString),
	}},
	"okta_auth_server_scope": {ImportID: []string{"<auth_server_id>", "<scope_id>"}, Attrs: map[string]AttrSpec{
		"auth_server_id": req(TString), "name": req(TString), "consent": of(TString, "REQUIRED", "IMPLICIT"), "default": opt(TBool),
		"description": str(), "display_name": str(), "metadata_publish": of(TString, "ALL_CLIENTS", "NO_CLIENTS"), "optional": opt(TBool),
		"id": ro(TString), "system": ro(TBool),
	}},
	"okta_auth_server_policy": {ImportID: []string{"<auth_server_id>", "<policy_id>"}, Attrs: map[string]AttrSpec{
		"auth_server_id": req(TString), "client_whitelist": req(TSet), "description": req(TString), "name": req(TString), "priority": req(TNumber),
		"status": of(TString, statusValues...), "id": ro(TString),
	}},
	"okta_auth_server_policy_rule": {ImportID: []string{"<auth_server_id>", "<policy_id>", "<policy_rule_id>"}, Attrs: map[string]AttrSpec{
		"auth_server_id": req(TString), "grant_type_whitelist": {Type: TSet, Required: true, Allowed: ruleGrantTypes}, "name": req(TString),
		"policy_id": req(TString), "priority": req(TNumber), "access_token_lifetime_minutes": opt(TNumber), "group_blacklist": opt(TSet),
		"group_whitelist": opt(TSet), "inline_hook_id": str(), "refresh_token_lifetime_minutes": opt(TNumber), "refresh_token_window_minutes": opt(TNumber),
		"scope_whitelist": opt(TSet), "status": of(TString, statusValues...), "type": of(TString, "RESOURCE_ACCESS"), "user_blacklist": opt(TSet),
		"user_whitelist": opt(TSet), "id": ro(TString), "system": ro(TBool),
	}},
	"okta_trusted_origin": {ImportID: []string{"<trusted_origin_id>"}, Attrs: map[string]AttrSpec{
		"name": req(TString), "origin": req(TString), "scopes": {Type: TList, Required: true, Allowed: []string{"CORS", "REDIRECT"}},
		"active": opt(TBool), "id": ro(TString),
	}},
	"okta_app_group_assignment": {ImportID: []string{"<app_id>", "<group_id>"}, Attrs: map[string]AttrSpec{
		"app_id": req(TString), "group_id": req(TString), "priority": opt(TNumber), "profile": str(), "retain_assignment": opt(TBool), "id": ro(TString),
	}},
}

// DataSources are the data source types omsso reads.
var DataSources = map[string]TypeSpec{
	"okta_auth_server": {Attrs: map[string]AttrSpec{
		"name": req(TString), "audiences": ro(TSet), "credentials_last_rotated": ro(TString), "credentials_next_rotation": ro(TString),
		"credentials_rotation_mode": ro(TString), "description": ro(TString), "id": ro(TString), "issuer": ro(TString),
		"issuer_mode": ro(TString), "kid": ro(TString), "status": ro(TString),
	}},
	"okta_auth_server_policy": {Attrs: map[string]AttrSpec{
		"auth_server_id": req(TString), "name": req(TString), "assigned_clients": ro(TSet), "description": ro(TString), "id": ro(TString), "priority": ro(TNumber),
	}},
	"okta_group": {Attrs: map[string]AttrSpec{
		"delay_read_seconds": str(), "id": str(), "include_users": opt(TBool), "name": str(), "type": str(),
		"description": ro(TString), "users": ro(TSet),
	}},
}
