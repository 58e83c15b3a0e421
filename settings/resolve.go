package settings

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Resolved is validated settings plus everything derived from them (OKTA-FACTS §5.6, §9).
type Resolved struct {
	Settings
	Source   *Source
	Warnings Problems

	Issuer       string // authority
	Domain       string
	AuthServer   string // "org" or the server id ("default" or a custom id)
	OktaJwksURL  string
	DiscoveryURI string
	ServerURL    string // openmetadata.url without a trailing slash
	CallbackURL  string
	SecureCookie bool // forceSecureSessionCookie, explicit or from the URL scheme
	// SecretEnv is the env var that carries the client secret at deploy time for docker and
	// bare metal ("" for public clients).
	SecretEnv string
}

// Confidential reports whether the client is confidential.
func (r *Resolved) Confidential() bool { return r.Okta.ClientType == Confidential }

// AtLeast reports whether the chosen OpenMetadata line is v or newer.
func (r *Resolved) AtLeast(v string) bool {
	return versionIndex(r.OpenMetadata.Version) >= versionIndex(v)
}

func versionIndex(v string) int { return slices.Index(Versions(), v) }

var (
	hostRe      = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$`)
	clientIDRe  = regexp.MustCompile(`^[A-Za-z0-9_.~-]{1,128}$`)
	serverIDRe  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	envNameRe   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	dns1123Re   = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	secretKeyRe = regexp.MustCompile(`^[-._a-zA-Z0-9]{1,253}$`)
	scopeRe     = regexp.MustCompile(`^[\x21\x23-\x5B\x5D-\x7E]+$`)
	mappingRe   = regexp.MustCompile(`^(username|email):[a-zA-Z0-9_-]+$`)
)

// resolve runs the semantic checks and derives the Okta URLs.
func resolve(s *Settings, src *Source) (*Resolved, error) {
	r := &Resolved{Settings: *s, Source: src}
	var ps Problems
	add := func(path, msg, fix string) { ps = append(ps, src.problem(path, msg, fix)) }
	warn := func(path, msg, fix string) { r.Warnings = append(r.Warnings, src.problem(path, msg, fix)) }

	// Every string must survive every target's syntax; control characters never make sense.
	for _, f := range stringFields(s) {
		if msg := badText(f.value); msg != "" {
			add(f.path, msg, "remove it")
		}
	}

	// openmetadata
	if s.OpenMetadata.URL == "" {
		add("openmetadata.url", "is required", "set the public URL browsers use, e.g. https://openmetadata.example.com ("+EnvName("openmetadata.url")+" or --openmetadata-url)")
	} else if u, msg := checkURL(s.OpenMetadata.URL, false); msg != "" {
		add("openmetadata.url", msg, "write it like https://openmetadata.example.com")
	} else {
		r.ServerURL = strings.TrimRight(u.String(), "/")
		r.CallbackURL = r.ServerURL + "/callback"
		if s.Authentication.ForceSecureSessionCookie != nil {
			r.SecureCookie = *s.Authentication.ForceSecureSessionCookie
		} else {
			r.SecureCookie = u.Scheme == "https"
		}
	}
	if versionIndex(s.OpenMetadata.Version) < 0 {
		add("openmetadata.version", fmt.Sprintf("unsupported version %q", s.OpenMetadata.Version), "use one of "+strings.Join(Versions(), ", ")+" (quoted in YAML)")
	}

	// okta
	resolveOkta(r, add)
	if s.Okta.ClientID == "" {
		add("okta.clientId", "is required", "copy the Client ID from the Okta application's General tab ("+EnvName("okta.clientId")+" or --client-id)")
	} else if !clientIDRe.MatchString(s.Okta.ClientID) {
		add("okta.clientId", "is not an Okta client ID (letters, digits, '-', '_', '.', '~' only)", "copy the Client ID from the Okta application's General tab")
	}
	if len(s.Okta.Scopes) == 0 {
		add("okta.scopes", "is empty", "use the default: [openid, email, profile]")
	}
	for i, sc := range s.Okta.Scopes {
		if !scopeRe.MatchString(sc) {
			add(fmt.Sprintf("okta.scopes[%d]", i), fmt.Sprintf("%q is not a valid OAuth scope (no spaces, quotes or backslashes)", sc), "write one scope per list item")
		}
	}
	if len(s.Okta.Scopes) > 0 && !slices.Contains(s.Okta.Scopes, "openid") {
		add("okta.scopes", "does not contain openid, so Okta returns no ID token", "add openid to the scopes")
	}
	switch s.Okta.ClientType {
	case Public:
		if s.Okta.ClientSecret != nil {
			add("okta.clientSecret", "is set for a public client, which has no secret", "remove clientSecret, or set clientType: confidential (Okta Web application)")
		}
	case Confidential:
		resolveSecret(r, add)
	default:
		add("okta.clientType", fmt.Sprintf("unknown client type %q", s.Okta.ClientType), "use public (Okta Single-Page Application) or confidential (Okta Web application)")
	}

	// authorizer
	if len(s.Authorizer.AdminPrincipals) == 0 {
		add("authorizer.adminPrincipals", "is required and must not be empty", "list the initial admins by the name part of their email, e.g. [alice] for alice@example.com (or --admin alice)")
	}
	for i, a := range s.Authorizer.AdminPrincipals {
		if strings.TrimSpace(a) == "" {
			add(fmt.Sprintf("authorizer.adminPrincipals[%d]", i), "is empty", "remove it or write a name")
		}
	}
	if s.Authorizer.PrincipalDomain == "" {
		add("authorizer.principalDomain", "is required", "set the email domain of your users, e.g. example.com (or --principal-domain)")
	} else if !hostRe.MatchString(s.Authorizer.PrincipalDomain) {
		add("authorizer.principalDomain", fmt.Sprintf("%q is not a single domain", s.Authorizer.PrincipalDomain), "write one domain like example.com; put more in authorizer.allowedDomains")
	}
	for i, d := range s.Authorizer.AllowedDomains {
		if !hostRe.MatchString(d) {
			add(fmt.Sprintf("authorizer.allowedDomains[%d]", i), fmt.Sprintf("%q is not a domain", d), "write one domain per item, like example.org")
		}
	}
	for i, d := range s.Authorizer.AllowedEmailRegistrationDomains {
		if d != "all" && !hostRe.MatchString(d) {
			add(fmt.Sprintf("authorizer.allowedEmailRegistrationDomains[%d]", i), fmt.Sprintf("%q is not a domain or \"all\"", d), "write one domain per item, or [all]")
		}
	}
	if len(s.Authorizer.AllowedDomains) > 0 && !r.AtLeast("1.6") {
		warn("authorizer.allowedDomains", "OpenMetadata "+s.OpenMetadata.Version+" does not read allowedDomains (added in 1.6); it is left out of the output", "upgrade OpenMetadata, or remove the key")
	}

	// authentication
	if len(s.Authentication.JWTPrincipalClaims) == 0 {
		add("authentication.jwtPrincipalClaims", "must not be empty", "use the default: [email, preferred_username, sub]")
	}
	for i, c := range s.Authentication.JWTPrincipalClaims {
		if strings.TrimSpace(c) == "" {
			add(fmt.Sprintf("authentication.jwtPrincipalClaims[%d]", i), "is empty", "remove it")
		}
	}
	for i, m := range s.Authentication.JWTPrincipalClaimsMapping {
		if r.AtLeast("1.11") && !mappingRe.MatchString(m) {
			add(fmt.Sprintf("authentication.jwtPrincipalClaimsMapping[%d]", i), fmt.Sprintf("%q is rejected by OpenMetadata 1.11.5+: only username:<claim> and email:<claim>", m), "write e.g. username:preferred_username and email:email")
		}
	}
	if !slices.Contains([]string{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"}, s.Authentication.TokenValidationAlgorithm) {
		add("authentication.tokenValidationAlgorithm", fmt.Sprintf("unknown algorithm %q", s.Authentication.TokenValidationAlgorithm), "use RS256 (Okta's default)")
	}
	if s.Authentication.EnableAutoRedirect && !r.AtLeast("1.11") {
		warn("authentication.enableAutoRedirect", "OpenMetadata "+s.OpenMetadata.Version+" does not read enableAutoRedirect (added in 1.11.5); it is left out of the output", "upgrade OpenMetadata, or remove the key")
	}
	if s.Authentication.ForceSecureSessionCookie != nil && !r.AtLeast("1.12") {
		warn("authentication.forceSecureSessionCookie", "OpenMetadata "+s.OpenMetadata.Version+" does not read forceSecureSessionCookie (added in 1.12); it is left out of the output", "upgrade OpenMetadata, or remove the key")
	}

	// OpenMetadata's schema wants these lists without repeats.
	for _, l := range []struct {
		path  string
		items []string
	}{
		{"authorizer.adminPrincipals", s.Authorizer.AdminPrincipals},
		{"authorizer.allowedDomains", s.Authorizer.AllowedDomains},
		{"authorizer.allowedEmailRegistrationDomains", s.Authorizer.AllowedEmailRegistrationDomains},
	} {
		seen := map[string]int{}
		for i, it := range l.items {
			if j, dup := seen[it]; dup {
				add(fmt.Sprintf("%s[%d]", l.path, i), fmt.Sprintf("repeats %q (item %d); OpenMetadata wants unique items", it, j), "remove the repeat")
			}
			seen[it] = i
		}
	}

	// targets
	for _, t := range []struct{ path, v string }{
		{"targets.docker.omJwksUrl", s.Targets.Docker.OmJwksURL},
		{"targets.helm.omJwksUrl", s.Targets.Helm.OmJwksURL},
		{"targets.baremetal.omJwksUrl", s.Targets.Baremetal.OmJwksURL},
	} {
		if _, msg := checkURL(t.v, true); msg != "" {
			add(t.path, msg, "write the URL at which the server reaches its own /api/v1/system/config/jwks")
		}
	}
	if len(ps) > 0 {
		return nil, ps.sorted()
	}
	r.Warnings = r.Warnings.sorted()
	return r, nil
}

// resolveOkta derives issuer, JWKS and discovery from domain + authorization server, or the
// reverse from an issuer, and checks that both agree when both are given.
func resolveOkta(r *Resolved, add func(path, msg, fix string)) {
	o := r.Okta
	as := o.AuthorizationServer
	if as != "" && as != "org" && !serverIDRe.MatchString(as) {
		add("okta.authorizationServer", fmt.Sprintf("%q is not default, org or an authorization server id", as), "copy the id (aus...) from Security > API > Authorization Servers, or use default")
		return
	}
	domainOK := false
	if o.Domain != "" {
		d := o.Domain
		switch {
		case strings.Contains(d, "://"):
			add("okta.domain", "must be a host name, not a URL", "write it without the scheme, e.g. "+hostOf(d))
		case strings.ContainsAny(d, "/?#@"):
			add("okta.domain", "must be a host name only, without a path", "write just the host, e.g. dev-123456.okta.com")
		case !hostRe.MatchString(d):
			add("okta.domain", fmt.Sprintf("%q is not a host name", d), "write the Okta domain, e.g. dev-123456.okta.com")
		default:
			domainOK = true
		}
	}
	if o.Issuer == "" {
		if o.Domain == "" {
			add("okta.domain", "is required (or give okta.issuer)", "set your Okta domain, e.g. dev-123456.okta.com ("+EnvName("okta.domain")+" or --okta-domain)")
			return
		}
		if !domainOK {
			return
		}
		r.Domain = strings.ToLower(o.Domain)
		if as == "" {
			as = DefaultAuthorizationServer
		}
		r.AuthServer = as
	} else {
		u, msg := checkURL(o.Issuer, true)
		if msg != "" {
			add("okta.issuer", msg, "write it like https://dev-123456.okta.com/oauth2/default")
			return
		}
		if strings.HasSuffix(o.Issuer, "/") {
			add("okta.issuer", "ends with a slash; Okta's issuer has none, and tokens are matched byte for byte", "remove the trailing slash")
			return
		}
		if u.Scheme != "https" && !isLoopback(u.Hostname()) {
			add("okta.issuer", "uses http; Okta serves its issuer over https only", "write https://")
			return
		}
		kind, id := "", ""
		switch parts := strings.Split(strings.Trim(u.Path, "/"), "/"); {
		case u.Path == "":
			kind = "org"
		case len(parts) == 2 && parts[0] == "oauth2" && serverIDRe.MatchString(parts[1]):
			kind, id = "custom", parts[1]
		default:
			add("okta.issuer", fmt.Sprintf("path %q is not an Okta issuer path", u.Path), "use https://{domain} (org server) or https://{domain}/oauth2/{serverId}")
			return
		}
		derivedAS := id
		if kind == "org" {
			derivedAS = "org"
		}
		if as != "" && as != derivedAS {
			add("okta.issuer", fmt.Sprintf("names authorization server %q but okta.authorizationServer is %q", derivedAS, as), "remove one of the two, or make them agree")
			return
		}
		if o.Domain != "" && domainOK && !strings.EqualFold(u.Host, o.Domain) {
			add("okta.issuer", fmt.Sprintf("host %q disagrees with okta.domain %q", u.Host, o.Domain), "remove okta.issuer (it is derived), or make them agree")
			return
		}
		r.Domain = strings.ToLower(u.Host)
		r.AuthServer = derivedAS
	}
	scheme := "https"
	if o.Issuer != "" {
		scheme = strings.SplitN(o.Issuer, ":", 2)[0]
	}
	base := scheme + "://" + r.Domain
	if r.AuthServer == "org" {
		r.Issuer = base
		r.OktaJwksURL = base + "/oauth2/v1/keys" // not {issuer}/v1/keys: OKTA-FACTS §5.6
	} else {
		r.Issuer = base + "/oauth2/" + r.AuthServer
		r.OktaJwksURL = r.Issuer + "/v1/keys"
	}
	r.DiscoveryURI = r.Issuer + "/.well-known/openid-configuration"
	r.Okta.AuthorizationServer = r.AuthServer
	r.Okta.Issuer = r.Issuer
}

func resolveSecret(r *Resolved, add func(path, msg, fix string)) {
	cs := r.Okta.ClientSecret
	fix := "add clientSecret: {env: OKTA_CLIENT_SECRET} (or file: /run/secrets/okta, or kubernetesSecret: {name: oidc-secrets, key: openmetadata-oidc-client-secret})"
	if cs == nil {
		add("okta.clientSecret", "is required for a confidential client", fix)
		return
	}
	n := 0
	if cs.Env != "" {
		n++
		if !envNameRe.MatchString(cs.Env) {
			add("okta.clientSecret.env", fmt.Sprintf("%q is not an env var name", cs.Env), "use letters, digits and _, e.g. OKTA_CLIENT_SECRET")
		}
		r.SecretEnv = cs.Env
	}
	if cs.File != "" {
		n++
		r.SecretEnv = "OIDC_CLIENT_SECRET"
	}
	if ks := cs.KubernetesSecret; ks != nil {
		n++
		if !dns1123Re.MatchString(ks.Name) || len(ks.Name) > 253 {
			add("okta.clientSecret.kubernetesSecret.name", fmt.Sprintf("%q is not a Kubernetes Secret name", ks.Name), "use lower-case letters, digits, '-' and '.'")
		}
		for _, k := range []struct{ p, v string }{{"key", ks.Key}, {"clientIdKey", ks.ClientIDKey}} {
			if !secretKeyRe.MatchString(k.v) {
				add("okta.clientSecret.kubernetesSecret."+k.p, fmt.Sprintf("%q is not a Secret key", k.v), "use letters, digits, '-', '_' and '.'")
			}
		}
		if r.SecretEnv == "" {
			r.SecretEnv = "OIDC_CLIENT_SECRET"
		}
	}
	if n != 1 {
		add("okta.clientSecret", fmt.Sprintf("sets %d references; exactly one of env, file, kubernetesSecret is allowed", n), fix)
	}
}

// checkURL parses an absolute http(s) URL without credentials, query or fragment.
func checkURL(s string, allowPath bool) (*url.URL, string) {
	if strings.Count(s, "://") > 1 {
		return nil, fmt.Sprintf("%q has the scheme twice", s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Sprintf("%q is not a URL", s)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Sprintf("%q must start with https:// (or http://)", s)
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Sprintf("%q has no host", s)
	case u.User != nil:
		return nil, "must not contain credentials (user:password@)"
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#"):
		return nil, fmt.Sprintf("%q must not have a query or fragment", s)
	case u.Opaque != "":
		return nil, fmt.Sprintf("%q is not a URL", s)
	}
	if !allowPath && strings.Trim(u.Path, "/") != "" && strings.ContainsAny(u.Path, " ") {
		return nil, fmt.Sprintf("%q has spaces in its path", s)
	}
	if strings.ContainsAny(s, " \"'<>\\^`{|}") {
		return nil, fmt.Sprintf("%q contains characters that are not allowed in a URL", s)
	}
	return u, ""
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func hostOf(s string) string {
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		return u.Host
	}
	return "dev-123456.okta.com"
}

// badText explains why a string can't be carried safely, or returns "".
func badText(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == '\n':
			return "contains a line break"
		case r == '\r':
			return "contains a carriage return"
		case r == '\u2028' || r == '\u2029' || r == '\u0085':
			return fmt.Sprintf("contains a Unicode line separator (U+%04X)", r)
		case unicode.IsControl(r):
			return fmt.Sprintf("contains a control character (U+%04X)", r)
		case r == '\uFEFF':
			return "contains a byte-order mark (U+FEFF)"
		}
	}
	return ""
}

type field struct{ path, value string }

// stringFields lists every user-supplied string with its path.
func stringFields(s *Settings) []field {
	fs := []field{
		{"openmetadata.url", s.OpenMetadata.URL},
		{"openmetadata.version", s.OpenMetadata.Version},
		{"okta.domain", s.Okta.Domain},
		{"okta.clientId", s.Okta.ClientID},
		{"okta.authorizationServer", s.Okta.AuthorizationServer},
		{"okta.issuer", s.Okta.Issuer},
		{"okta.clientType", s.Okta.ClientType},
		{"authorizer.principalDomain", s.Authorizer.PrincipalDomain},
		{"authentication.providerName", s.Authentication.ProviderName},
		{"authentication.tokenValidationAlgorithm", s.Authentication.TokenValidationAlgorithm},
		{"targets.docker.omJwksUrl", s.Targets.Docker.OmJwksURL},
		{"targets.helm.omJwksUrl", s.Targets.Helm.OmJwksURL},
		{"targets.baremetal.omJwksUrl", s.Targets.Baremetal.OmJwksURL},
	}
	list := func(p string, l []string) {
		for i, v := range l {
			fs = append(fs, field{fmt.Sprintf("%s[%d]", p, i), v})
		}
	}
	list("okta.scopes", s.Okta.Scopes)
	list("authorizer.adminPrincipals", s.Authorizer.AdminPrincipals)
	list("authorizer.allowedDomains", s.Authorizer.AllowedDomains)
	list("authorizer.allowedEmailRegistrationDomains", s.Authorizer.AllowedEmailRegistrationDomains)
	list("authentication.jwtPrincipalClaims", s.Authentication.JWTPrincipalClaims)
	list("authentication.jwtPrincipalClaimsMapping", s.Authentication.JWTPrincipalClaimsMapping)
	if cs := s.Okta.ClientSecret; cs != nil {
		fs = append(fs, field{"okta.clientSecret.env", cs.Env}, field{"okta.clientSecret.file", cs.File})
		if ks := cs.KubernetesSecret; ks != nil {
			fs = append(fs, field{"okta.clientSecret.kubernetesSecret.name", ks.Name}, field{"okta.clientSecret.kubernetesSecret.key", ks.Key})
		}
	}
	return fs
}
