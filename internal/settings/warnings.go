package settings

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// lintWarnings adds the rules that do not stop rendering but that users need to hear.
func lintWarnings(r *Resolved, table Table, warn, info func(id, path, msg, fix string)) {
	s := r.Settings
	if u, err := url.Parse(s.OpenMetadata.URL); err == nil && u.Scheme == "http" && !isLoopback(u.Hostname()) {
		warn(RulePlainHTTPURL, "openmetadata.url", "is plain http on "+u.Hostname()+": tokens and session cookies cross the network in clear",
			"serve OpenMetadata over https (a TLS-terminating proxy is fine) and use https:// here")
	}
	if fs := s.Authentication.ForceSecureSessionCookie; fs != nil && table.reads(r, "authentication.forceSecureSessionCookie") && r.ServerURL != "" {
		https := strings.HasPrefix(r.ServerURL, "https://")
		switch {
		case https && !*fs:
			warn(RuleCookie, "authentication.forceSecureSessionCookie", "is false while openmetadata.url is https: behind a TLS-terminating proxy the server sees http and sends session cookies without Secure, and logins fail with \"No session found for callback\" (OpenMetadata #26145)",
				"remove it (it then follows the URL) or set it to true")
		case !https && *fs:
			warn(RuleCookie, "authentication.forceSecureSessionCookie", "is true while openmetadata.url is plain http: browsers drop Secure cookies over http, so the login never completes",
				"remove it (it then follows the URL), or serve OpenMetadata over https")
		}
	}
	for i, sc := range s.Okta.Scopes {
		if sc == "offline_access" {
			warn(RuleOfflineAccess, fmt.Sprintf("okta.scopes[%d]", i), "offline_access in the scopes locked users out upstream when the authorization server did not grant it (OpenMetadata #30304)",
				"remove it unless your Okta authorization server grants refresh tokens to this app")
		}
	}
	if r.ScopesSet && !r.Confidential() {
		warn(RulePublicScopes, "okta.scopes", "has no effect for a public client: OpenMetadata's UI requests its own hard-coded scopes (openid profile email offline_access)",
			"remove okta.scopes, and make sure the Okta authorization server allows those four scopes")
	}
	for i, a := range s.Authorizer.AdminPrincipals {
		if name, domain, ok := strings.Cut(a, "@"); ok {
			msg := fmt.Sprintf("%q is an email, but OpenMetadata %s matches admin principals by name (the part before @)", a, s.OpenMetadata.Version)
			if !strings.EqualFold(domain, s.Authorizer.PrincipalDomain) {
				msg += fmt.Sprintf(", and %s is not the principal domain", domain)
			}
			warn(RuleAdminEmails, fmt.Sprintf("authorizer.adminPrincipals[%d]", i), msg, "write "+name+" (OpenMetadata 2.1 reads emails from authorizer.adminEmails instead)")
		}
	}
	if s.Authorizer.EnforcePrincipalDomain && len(s.Authorizer.AllowedDomains) > 0 && !slices.ContainsFunc(s.Authorizer.AllowedDomains, func(d string) bool { return strings.EqualFold(d, s.Authorizer.PrincipalDomain) }) {
		warn(RuleAllowedDomains, "authorizer.allowedDomains", fmt.Sprintf("omits the principal domain %s while enforcePrincipalDomain is true, so users of %s may be refused", s.Authorizer.PrincipalDomain, s.Authorizer.PrincipalDomain),
			"add "+s.Authorizer.PrincipalDomain+" to allowedDomains")
	}
	if d := DBCopyFor(r); d != nil {
		info(RuleDBConfig, "openmetadata.version", strings.ReplaceAll(d.Note, "%s", s.OpenMetadata.Version), d.Fix)
	}
	if r.Confidential() && ruleApplies(RuleStickySessions, r) {
		info(RuleStickySessions, "okta.clientType", "confidential clients keep the login session in the server's memory: with several replicas, requests must return to the same pod",
			"enable sticky sessions (session affinity) on the load balancer or ingress, or run one replica")
	}
	lineLint(r, table, warn, info)
}

// adminHost returns the org domain when host is an Okta Admin Console host
// (dev-123-admin.okta.com), else "".
func adminHost(host string) string {
	h := strings.ToLower(host)
	for _, base := range []string{".okta.com", ".oktapreview.com", ".okta-emea.com"} {
		if sub, ok := strings.CutSuffix(h, base); ok && strings.HasSuffix(sub, "-admin") && !strings.Contains(sub, ".") {
			return strings.TrimSuffix(sub, "-admin") + base
		}
	}
	return ""
}

// warnDomainCase warns on a domain with upper-case letters: emails from Okta are matched
// against it byte for byte (OpenMetadata #30285).
func warnDomainCase(warn func(id, path, msg, fix string), path, d string) {
	if l := strings.ToLower(d); l != d {
		warn(RuleDomainCase, path, fmt.Sprintf("%q has upper-case letters; OpenMetadata compares email domains case-sensitively, so users of %s may be refused (OpenMetadata #30285)", d, l),
			"write it as your users' emails have it, usually "+l)
	}
}

// checkClaimsMapping applies the server's rules on jwtPrincipalClaimsMapping: key:claim
// entries, each key once, username and email both present (the server refuses to start
// otherwise: "Both username and email should be present"), and since 1.11.5 only those keys.
func checkClaimsMapping(r *Resolved, add func(id, path, msg, fix string)) {
	const fix = "write both, e.g. [username:preferred_username, email:email], or remove the mapping"
	mapping := r.Authentication.JWTPrincipalClaimsMapping
	seen := map[string]int{}
	for i, m := range mapping {
		p := fmt.Sprintf("authentication.jwtPrincipalClaimsMapping[%d]", i)
		k, claim, ok := strings.Cut(m, ":")
		if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(claim) == "" {
			add(RuleClaimsMapping, p, fmt.Sprintf("%q is not key:claim; the server refuses to start on it", m), "write it as key:claim, e.g. email:email")
			continue
		}
		if r.AtLeast("1.11") && !mappingRe.MatchString(m) {
			add(RuleClaimsMapping, p, fmt.Sprintf("%q is rejected by OpenMetadata 1.11.5+: only username:<claim> and email:<claim>", m), "write e.g. username:preferred_username and email:email")
		}
		if j, dup := seen[k]; dup {
			add(RuleClaimsMapping, p, fmt.Sprintf("maps %q again (first in item %d); the server refuses a key twice", k, j), "keep one of the two")
			continue
		}
		seen[k] = i
	}
	if len(mapping) == 0 {
		return
	}
	_, user := seen["username"]
	_, email := seen["email"]
	switch {
	case user && !email:
		add(RuleClaimsMapping, "authentication.jwtPrincipalClaimsMapping", "maps username but not email; the server refuses to start (\"Both username and email should be present\")", fix)
	case email && !user:
		add(RuleClaimsMapping, "authentication.jwtPrincipalClaimsMapping", "maps email but not username; the server refuses to start (\"Both username and email should be present\")", fix)
	case !user && !email && len(seen) > 0:
		add(RuleClaimsMapping, "authentication.jwtPrincipalClaimsMapping", "maps neither username nor email; the server refuses to start (\"Both username and email should be present\")", fix)
	}
}

// oktaIDTokenClaims are the claims an Okta ID token may carry without a custom claim
// (claims_supported of Okta's discovery, OKTA-API-FACTS §1.2).
var oktaIDTokenClaims = []string{"iss", "ver", "sub", "aud", "iat", "exp", "jti", "auth_time", "amr", "idp", "nonce", "name", "nickname",
	"preferred_username", "given_name", "middle_name", "family_name", "email", "email_verified", "profile", "zoneinfo", "locale",
	"address", "phone_number", "picture", "website", "gender", "birthdate", "updated_at", "at_hash", "c_hash"}

// warnPrincipalClaim: without a mapping, the server names the user after the first of
// jwtPrincipalClaims the token has (cut at "@"). Okta's sub is the user id (00u…), so a list
// led by sub names every user by id: no admin name ever matches, and with
// enforcePrincipalDomain every login is refused (there is no "@" to take a domain from). A
// claim Okta does not issue is skipped at best.
func warnPrincipalClaim(r *Resolved, warn func(id, path, msg, fix string)) {
	claims := r.Authentication.JWTPrincipalClaims
	if len(claims) == 0 || len(r.Authentication.JWTPrincipalClaimsMapping) > 0 {
		return
	}
	const fix = "put email first: [email, preferred_username, sub]"
	first := claims[0]
	switch {
	case first == "sub":
		warn(RulePrincipalClaim, "authentication.jwtPrincipalClaims[0]", "is sub, Okta's user id (00u…): OpenMetadata would name users by it, so authorizer.adminPrincipals never match (and enforcePrincipalDomain refuses every login)", fix)
	case !slices.Contains(oktaIDTokenClaims, first):
		warn(RulePrincipalClaim, "authentication.jwtPrincipalClaims[0]", fmt.Sprintf("%q is not a claim Okta puts in ID tokens unless you add it as a custom claim; the server takes the next one the token has", first), fix)
	}
}
