// Package desired says what an Okta org must hold for the settings: the app, its
// authorization server, scopes, access policy and rule, and the trusted origin, each value
// marked required (login fails without it) or recommended (what OpenMetadata's guide asks
// beyond that). It is the one source for both `omsso plan --target okta` and the generated
// okta/SETUP.md, so the guide and the plan cannot disagree.
package desired

import (
	"net"
	"net/url"
	"strings"

	"github.com/omsso/omsso/internal/plan"
	"github.com/omsso/omsso/internal/settings"
)

// Issuer modes (settings.oauthClient.issuer_mode on apps, issuerMode on servers).
const (
	OrgURL    = "ORG_URL"
	CustomURL = "CUSTOM_URL"
)

// Authorization-server kinds.
const (
	ServerOrg     = "org"     // the org authorization server: no server object, no policies
	ServerDefault = "default" // the pre-created custom server, shared with other apps
	ServerCustom  = "custom"  // a dedicated custom server, by id
)

// EveryoneGroup is the literal Okta accepts in a rule's people condition (OKTA-API-WRITES §7.2).
const EveryoneGroup = "EVERYONE"

// DefaultScopeName is the scope omsso creates as the server's default scope (guide step 4).
const DefaultScopeName = "openmetadata"

// PolicyName and RuleName are the names omsso gives the objects it creates, and how it
// recognises its own on a later run.
const (
	PolicyName = "OpenMetadata"
	RuleName   = "OpenMetadata"
)

// App is the OIDC app.
type App struct {
	Label           string   // for --create-app: "OpenMetadata (<host>)"
	ApplicationType string   // browser (SPA, public) or web (confidential)
	AppTypeLabel    string   // as the Admin Console names it
	GrantTypes      []string // settings.oauthClient.grant_types the flow needs
	GrantLabels     []string // as the Admin Console names them
	// GuideGrants and GuideResponseTypes are what OpenMetadata's guide asks beyond the flow:
	// "Implicit (hybrid)" for the SPA. Recommended, not required: the UI signs in with the
	// authorization code and PKCE (response_type=code) and never uses it; the browser sign-in
	// test (internal/e2e/signin, TestSignInWithoutImplicit) signs in with it off.
	GuideGrants        []string
	GuideGrantLabels   []string
	GuideResponseTypes []string
	ResponseTypes      []string
	RedirectURIs       []string // {url}/callback and {url}/silent-callback
	PostLogoutURIs     []string // {url}
	// TokenAuthMethod is credentials.oauthClient.token_endpoint_auth_method: none for a SPA,
	// client_secret_post for confidential (OpenMetadata's clientAuthenticationMethod default).
	TokenAuthMethod string
	PKCERequired    bool   // required for the public flow; left alone for confidential
	PKCEMatters     bool   // whether PKCE is part of this flow
	IssuerMode      string // ORG_URL or CUSTOM_URL
	// IssuerModeLevel: required on the org server (the app's issuer_mode makes the ID token's
	// iss there), recommended on custom servers (guide step 6; their issuerMode decides).
	IssuerModeLevel plan.Level
	ConsentMethod   string // TRUSTED: no consent screen (guide step 6)
	RefreshRotation string // ROTATE for the SPA ("rotate token after every use"); "" = leave
}

// Server is the authorization server.
type Server struct {
	Kind       string // org | default | custom
	ID         string // "default" or the aus… id; "" for org
	Issuer     string
	IssuerMode string
	// Audience is the app's client ID (guide step 2), recommended; left alone on the shared
	// default server, whose audience other apps rely on.
	Audience     string
	SetAudience  bool
	Scopes       []string // must exist on the server and be allowed by the rule
	DefaultScope bool     // create a default scope (recommended; dedicated servers only)
	// Rule grant types: authorization_code. refresh_token is not a rule grant type: refresh
	// tokens come from authorization_code + offline_access. GuideRuleGrants (implicit for the
	// SPA) is what the guide adds; a rule omsso creates has it, a rule without it is adequate.
	RuleGrantTypes  []string
	GuideRuleGrants []string
}

// TrustedOrigin is the SPA's base URI, with CORS and redirect.
type TrustedOrigin struct {
	Origin string
	Scopes []string
}

// State is everything the org must hold.
type State struct {
	ClientID     string
	Confidential bool
	App          App
	Server       Server
	Origin       *TrustedOrigin // nil for confidential clients
	// GroupAssignment: an app nobody is assigned to (no group, no user) lets nobody sign in.
	GroupAssignment bool
	// AssignGroups are the group names okta.assignGroups lists: assigned only when nobody is.
	// Empty: omsso assigns nobody (never Everyone on its own).
	AssignGroups []string
}

// PublicScopes are what OpenMetadata's UI requests for a public client (hard-coded there).
func PublicScopes() []string { return []string{"openid", "profile", "email", "offline_access"} }

// For turns resolved settings into the desired org state.
func For(r *settings.Resolved) State {
	s := State{ClientID: r.Okta.ClientID, Confidential: r.Confidential(), GroupAssignment: true, AssignGroups: r.Okta.AssignGroups}
	host := hostOf(r.ServerURL)
	mode := IssuerModeFor(r.Issuer)
	s.App = App{
		Label:          "OpenMetadata (" + host + ")",
		RedirectURIs:   []string{r.ServerURL + "/callback", r.ServerURL + "/silent-callback"},
		PostLogoutURIs: []string{r.ServerURL},
		IssuerMode:     mode,
		ConsentMethod:  "TRUSTED",
	}
	scopes := PublicScopes()
	if s.Confidential {
		scopes = append([]string(nil), r.Okta.Scopes...)
		s.App.ApplicationType, s.App.AppTypeLabel = "web", "Web Application"
		s.App.GrantTypes = []string{"authorization_code", "refresh_token"}
		s.App.GrantLabels = []string{"Authorization Code", "Refresh Token"}
		s.App.ResponseTypes = []string{"code"}
		s.App.TokenAuthMethod = "client_secret_post"
	} else {
		s.App.ApplicationType, s.App.AppTypeLabel = "browser", "Single-Page Application"
		s.App.GrantTypes = []string{"authorization_code", "refresh_token"}
		s.App.GrantLabels = []string{"Authorization Code", "Refresh Token"}
		s.App.ResponseTypes = []string{"code"}
		s.App.GuideGrants, s.App.GuideGrantLabels = []string{"implicit"}, []string{"Implicit (hybrid)"}
		s.App.GuideResponseTypes = []string{"id_token", "token"}
		s.App.TokenAuthMethod = "none"
		s.App.PKCERequired, s.App.PKCEMatters = true, true
		s.App.RefreshRotation = "ROTATE"
		s.Origin = &TrustedOrigin{Origin: originOf(r.ServerURL), Scopes: []string{"CORS", "REDIRECT"}}
	}
	s.Server = Server{ID: r.AuthServer, Issuer: r.Issuer, IssuerMode: mode, Scopes: scopes, Audience: r.Okta.ClientID}
	s.Server.RuleGrantTypes = []string{"authorization_code"}
	if !s.Confidential {
		s.Server.GuideRuleGrants = []string{"implicit"}
	}
	switch r.AuthServer {
	case "org":
		s.Server.Kind, s.Server.ID = ServerOrg, ""
		s.App.IssuerModeLevel = plan.Required
	case "default":
		s.Server.Kind = ServerDefault
		s.App.IssuerModeLevel = plan.Recommended
	default:
		s.Server.Kind = ServerCustom
		s.Server.SetAudience, s.Server.DefaultScope = true, true
		s.App.IssuerModeLevel = plan.Recommended
	}
	return s
}

// IssuerModeFor is ORG_URL for an issuer on an Okta domain (*.okta.com, *.oktapreview.com,
// *.okta-emea.com) or a loopback test server standing in for one, CUSTOM_URL for anything
// else (a custom domain): the mode makes Okta put that host in the tokens' iss.
func IssuerModeFor(issuer string) string {
	u, err := url.Parse(issuer)
	if err != nil {
		return OrgURL
	}
	h := strings.ToLower(u.Hostname())
	for _, d := range []string{".okta.com", ".oktapreview.com", ".okta-emea.com"} {
		if strings.HasSuffix(h, d) {
			return OrgURL
		}
	}
	if h == "localhost" {
		return OrgURL
	}
	if ip := net.ParseIP(h); ip != nil && ip.IsLoopback() {
		return OrgURL
	}
	return CustomURL
}

// IssuerModeLabel is how the Admin Console names an issuer mode.
func IssuerModeLabel(mode string) string {
	if mode == CustomURL {
		return "Custom URL"
	}
	return "Okta URL"
}

func hostOf(s string) string {
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		return u.Host
	}
	return s
}

// originOf is scheme://host[:port] of a URL: the trusted origin a browser sends.
func originOf(s string) string {
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		return u.Scheme + "://" + u.Host
	}
	return s
}

// ImplicitNote says why the implicit grant is only recommended.
const ImplicitNote = "OpenMetadata's guide asks for Implicit (hybrid); its UI signs in with Authorization Code and PKCE and does not use it, so leaving it off is least privilege"
