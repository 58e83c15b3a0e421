package idtoken

import (
	"slices"
	"strings"
)

// Config paths the model reads from an effective server config (omconf.Effective: key path ->
// bound value). A line that does not read a key has no entry, so its rule is off: the lines'
// differences live in the key table, not here. emailClaim and adminEmails are the 2.1-era
// email-first keys; they take effect as soon as the key table lists them for a line.
const (
	pathKeys          = "authenticationConfiguration.publicKeyUrls"
	pathAlg           = "authenticationConfiguration.tokenValidationAlgorithm"
	pathAuthority     = "authenticationConfiguration.authority"
	pathClientID      = "authenticationConfiguration.clientId"
	pathClaims        = "authenticationConfiguration.jwtPrincipalClaims"
	pathMapping       = "authenticationConfiguration.jwtPrincipalClaimsMapping"
	pathEmailClaim    = "authenticationConfiguration.emailClaim"
	pathSelfSignup    = "authenticationConfiguration.enableSelfSignup"
	pathAdmins        = "authorizerConfiguration.adminPrincipals"
	pathAdminEmails   = "authorizerConfiguration.adminEmails"
	pathDomain        = "authorizerConfiguration.principalDomain"
	pathEnforce       = "authorizerConfiguration.enforcePrincipalDomain"
	pathAllowed       = "authorizerConfiguration.allowedDomains"
	pathRegistrations = "authorizerConfiguration.allowedEmailRegistrationDomains"
)

// Rules are the values of the server config the token check reads.
type Rules struct {
	PublicKeyURLs   []string
	Algorithm       string
	Authority       string
	ClientID        string
	PrincipalClaims []string
	// Mapping is jwtPrincipalClaimsMapping as the server builds it: key (username, email) ->
	// claim.
	Mapping                map[string]string
	EmailClaim             string // "" on lines without email-first identity, or when unset
	EmailFirstLine         bool   // the line reads emailClaim (and checks email_verified)
	AdminPrincipals        []string
	AdminEmails            []string
	PrincipalDomain        string
	EnforcePrincipalDomain bool
	AllowedDomains         []string
	RegistrationDomains    []string
	SelfSignup             bool
}

// RulesFrom reads the rules from an effective server config.
func RulesFrom(eff map[string]any) Rules {
	r := Rules{
		PublicKeyURLs: strList(eff[pathKeys]), Algorithm: str(eff[pathAlg]),
		Authority: str(eff[pathAuthority]), ClientID: str(eff[pathClientID]),
		PrincipalClaims: strList(eff[pathClaims]), Mapping: mapping(strList(eff[pathMapping])),
		EmailClaim: str(eff[pathEmailClaim]), AdminPrincipals: strList(eff[pathAdmins]),
		AdminEmails: strList(eff[pathAdminEmails]), PrincipalDomain: str(eff[pathDomain]),
		EnforcePrincipalDomain: eff[pathEnforce] == true, AllowedDomains: strList(eff[pathAllowed]),
		RegistrationDomains: strList(eff[pathRegistrations]), SelfSignup: eff[pathSelfSignup] == true,
	}
	_, r.EmailFirstLine = eff[pathEmailClaim]
	if r.Algorithm == "" {
		r.Algorithm = "RS256" // the schema's default
	}
	return r
}

func str(v any) string { s, _ := v.(string); return s }

func strList(v any) []string {
	switch l := v.(type) {
	case []string:
		return l
	case []any:
		var out []string
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// mapping is SecurityUtil.buildPrincipalClaimsMapping: "key:claim" items.
func mapping(items []string) map[string]string {
	m := map[string]string{}
	for _, it := range items {
		if k, v, ok := strings.Cut(it, ":"); ok {
			m[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// identity is who the claims name, and how.
type identity struct {
	User, Email string
	UserFrom    string // the claim the user name came from
	EmailFrom   string // the claim (or derivation) the email came from
	DomainOf    string // the text the domain rule reads (email or first principal claim)
	Via         string // the rule used: jwtPrincipalClaims, jwtPrincipalClaimsMapping, emailClaim
	Problem     string // why no identity
	Fix         string
}

// resolve names the user as the server does for a non-bot token.
func (r Rules) resolve(t *token) identity {
	if r.EmailClaim != "" && len(r.Mapping) == 0 {
		if id, ok := r.emailFirst(t); ok || len(r.PrincipalClaims) == 0 {
			return id
		}
		// A missing email claim falls back to the legacy claims (JwtIdentityResolver).
	}
	if len(r.Mapping) > 0 {
		return r.byMapping(t)
	}
	return r.byClaims(t)
}

// emailFirst is JwtIdentityResolver's email-first flow (2.1-era): the email from emailClaim;
// a new user's name is the email's local part (an existing user keeps its name; omsso cannot
// see the server's users).
func (r Rules) emailFirst(t *token) (identity, bool) {
	id := identity{Via: "emailClaim", EmailFrom: r.EmailClaim, UserFrom: r.EmailClaim}
	v := t.claimString(r.EmailClaim)
	if !strings.Contains(v, "@") {
		id.Problem = "claim " + r.EmailClaim + " (authentication.emailClaim) is missing or not an email address"
		id.Fix = "add the email scope, or set authentication.emailClaim to a claim holding the email (usually email)"
		return id, false
	}
	id.Email = strings.ToLower(v)
	id.User, _, _ = strings.Cut(id.Email, "@")
	id.DomainOf = v
	return id, true
}

// byMapping is findUserNameFromClaims/findEmailFromClaims with jwtPrincipalClaimsMapping.
func (r Rules) byMapping(t *token) identity {
	uc, ec := r.Mapping["username"], r.Mapping["email"]
	id := identity{Via: "jwtPrincipalClaimsMapping", UserFrom: uc, EmailFrom: ec}
	u, e := t.claimString(uc), t.claimString(ec)
	switch {
	case u == "":
		id.Problem = "claim " + uc + " (username in authentication.jwtPrincipalClaimsMapping) is not in the token"
		id.Fix = "map username to a claim the token has (e.g. username:email), or add claim " + uc + " to the ID token in Okta"
		return id
	case !strings.Contains(e, "@"):
		id.Problem = "claim " + ec + " (email in authentication.jwtPrincipalClaimsMapping) is missing or not an email address"
		id.Fix = "map email to the email claim (email:email) and keep the email scope"
		return id
	}
	// The 1.x SecurityUtil read here cuts a mapped user name at "@"; some versions keep it.
	u, _, _ = strings.Cut(u, "@")
	id.User, id.Email, id.DomainOf = strings.ToLower(u), strings.ToLower(e), e
	return id
}

// byClaims is the legacy path: the first of jwtPrincipalClaims the token has (present, even if
// empty), cut at "@" for the name; the email is that value, or value@principalDomain.
func (r Rules) byClaims(t *token) identity {
	id := identity{Via: "jwtPrincipalClaims"}
	for _, c := range r.PrincipalClaims {
		if _, ok := t.claim(c); !ok {
			continue
		}
		v := t.claimString(c)
		id.UserFrom, id.EmailFrom, id.DomainOf = c, c, v
		if v == "" {
			id.Problem = "claim " + c + " (the first of authentication.jwtPrincipalClaims in the token) is empty or not a string"
			id.Fix = "remove " + c + " from authentication.jwtPrincipalClaims, or put email first"
			return id
		}
		name, _, _ := strings.Cut(v, "@")
		id.User = strings.ToLower(name)
		if strings.Contains(v, "@") {
			id.Email = strings.ToLower(v)
		} else {
			id.Email = strings.ToLower(v + "@" + r.PrincipalDomain)
			id.EmailFrom = c + " + \"@\" + authorizer.principalDomain"
		}
		return id
	}
	id.Problem = "none of authentication.jwtPrincipalClaims [" + strings.Join(r.PrincipalClaims, " ") + "] is in the token"
	id.Fix = "put a claim the token has first in authentication.jwtPrincipalClaims (usually email), or request the email scope"
	if have := principalLike(t); len(have) > 0 {
		id.Fix = "set authentication.jwtPrincipalClaims to [" + strings.Join(have, ", ") + "]: the claims of these the token has"
	}
	return id
}

// domainOK is validateDomainEnforcement: the text after "@" of the principal, compared case
// for case with principalDomain, or with allowedDomains when that list is not empty.
func (r Rules) domainOK(id identity) (domain string, ok bool, against string) {
	if _, after, found := strings.Cut(id.DomainOf, "@"); found {
		domain, _, _ = strings.Cut(after, "@")
	}
	if len(r.AllowedDomains) == 0 {
		return domain, domain == r.PrincipalDomain, "authorizer.principalDomain " + quoted(r.PrincipalDomain)
	}
	return domain, slices.Contains(r.AllowedDomains, domain), "authorizer.allowedDomains [" + strings.Join(r.AllowedDomains, " ") + "]"
}

// admin is getOrCreateOidcUser's rule: the user name in adminPrincipals (exact), or, on lines
// with email-first identity, the email in adminEmails.
func (r Rules) admin(id identity) (bool, string) {
	if slices.Contains(r.AdminPrincipals, id.User) {
		return true, quoted(id.User) + " is in authorizer.adminPrincipals"
	}
	for _, e := range r.AdminEmails {
		if strings.EqualFold(e, id.Email) {
			return true, quoted(id.Email) + " is in authorizer.adminEmails"
		}
	}
	return false, quoted(id.User) + " is not in authorizer.adminPrincipals [" + strings.Join(r.AdminPrincipals, " ") + "]"
}

// principalLike are the usual principal claims the token has, in OpenMetadata's default order.
func principalLike(t *token) []string {
	var out []string
	for _, c := range []string{"email", "preferred_username", "sub"} {
		if t.claimString(c) != "" {
			out = append(out, c)
		}
	}
	return out
}
