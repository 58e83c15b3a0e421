package settings

import (
	"errors"
	"fmt"

	"net"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds on values: far above any real Okta setting, low enough that hostile input stays cheap.
const (
	MaxValueLen = 2048
	MaxListLen  = 256
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
	// ScopesSet reports whether the user chose the scopes (not the default).
	ScopesSet bool
}

// OmJwks is OpenMetadata's own JWKS URL as the server of a target (by its settings key under
// targets:) reaches it.
func (r *Resolved) OmJwks(target string) string {
	return map[string]string{
		"docker": r.Targets.Docker.OmJwksURL, "helm": r.Targets.Helm.OmJwksURL, "baremetal": r.Targets.Baremetal.OmJwksURL,
	}[target]
}

// Confidential reports whether the client is confidential.
func (r *Resolved) Confidential() bool { return r.Okta.ClientType == Confidential }

// AtLeast reports whether the chosen OpenMetadata line is v or newer.
func (r *Resolved) AtLeast(v string) bool {
	return versionIndex(r.OpenMetadata.Version) >= versionIndex(v)
}

func versionIndex(v string) int { return slices.Index(Versions(), v) }

var (
	hostRe      = lazyRE(`^(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$`)
	clientIDRe  = lazyRE(`^[A-Za-z0-9_.~$+!*'(),-]{1,128}$`) // what Okta accepts in client IDs
	serverIDRe  = lazyRE(`^[A-Za-z0-9_-]{1,64}$`)
	envNameRe   = lazyRE(`^[A-Za-z_][A-Za-z0-9_]*$`)
	dns1123Re   = lazyRE(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	secretKeyRe = lazyRE(`^[-._a-zA-Z0-9]{1,253}$`)
	scopeRe     = lazyRE(`^[\x21\x23-\x5B\x5D-\x7E]+$`)
	mappingRe   = lazyRE(`^(username|email):[a-zA-Z0-9_-]+$`)
	// customServerRe is the shape of the ids Okta gives custom authorization servers.
	customServerRe = lazyRE(`^aus[A-Za-z0-9]{17}$`)
)

// resolve runs the semantic checks and derives the Okta URLs.
func resolve(s *Settings, src *Source, scopesSet bool, table Table) (*Resolved, Problems) {
	r := &Resolved{Settings: *s, Source: src, ScopesSet: scopesSet}
	c := &checker{r: r, s: s}
	c.add = func(id, path, msg, fix string) { c.probs = append(c.probs, src.problem(id, Error, path, msg, fix)) }
	c.warn = func(id, path, msg, fix string) {
		r.Warnings = append(r.Warnings, src.problem(id, Warning, path, msg, fix))
	}
	c.bounds()
	c.openMetadata()
	resolveOkta(r, c.add, c.warn)
	c.client(table)
	c.authorizer()
	c.authentication()
	c.versionGates(table)
	c.uniqueLists()
	c.jwksURL()
	c.targetURLs()
	lintWarnings(r, table, c.warn, func(id, path, msg, fix string) {
		r.Warnings = append(r.Warnings, src.problem(id, Info, path, msg, fix))
	})
	r.Warnings = r.Warnings.sorted()
	if len(c.probs) > 0 {
		return r, c.probs.sorted()
	}
	return r, nil
}

// checker collects the problems of one settings document, section by section.
type checker struct {
	r         *Resolved
	s         *Settings
	probs     Problems
	add, warn func(id, path, msg, fix string)
}

// bounds: every string must survive every target's syntax, control characters never make
// sense, and lengths are bounded so hostile input stays cheap to check and render.
func (c *checker) bounds() {
	s := c.s
	for _, f := range stringFields(s) {
		if msg := badText(f.value); msg != "" {
			c.add(RuleInvalid, f.path, msg, "remove it")
		} else if len(f.value) > MaxValueLen {
			c.add(RuleInvalid, f.path, fmt.Sprintf("is %d bytes long; the limit is %d", len(f.value), MaxValueLen), "shorten it")
		}
	}
	for _, l := range []struct {
		path string
		n    int
	}{
		{"okta.scopes", len(s.Okta.Scopes)}, {"authorizer.adminPrincipals", len(s.Authorizer.AdminPrincipals)},
		{"authorizer.allowedDomains", len(s.Authorizer.AllowedDomains)}, {"authorizer.allowedEmailRegistrationDomains", len(s.Authorizer.AllowedEmailRegistrationDomains)},
		{"authentication.jwtPrincipalClaims", len(s.Authentication.JWTPrincipalClaims)}, {"authentication.jwtPrincipalClaimsMapping", len(s.Authentication.JWTPrincipalClaimsMapping)},
	} {
		if l.n > MaxListLen {
			c.add(RuleInvalid, l.path, fmt.Sprintf("has %d items; the limit is %d", l.n, MaxListLen), "shorten the list")
		}
	}
}

func (c *checker) openMetadata() {
	s, r := c.s, c.r
	if s.OpenMetadata.URL == "" {
		c.add(RuleRequired, "openmetadata.url", "is required", "set the public URL browsers use, e.g. https://openmetadata.example.com ("+EnvName("openmetadata.url")+" or --openmetadata-url)")
	} else if u, msg := checkURL(s.OpenMetadata.URL, false); msg != "" {
		c.add(urlRule(msg), "openmetadata.url", msg, "write it like https://openmetadata.example.com")
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
		c.add(RuleInvalid, "openmetadata.version", fmt.Sprintf("unsupported version %q", s.OpenMetadata.Version), "use one of "+strings.Join(Versions(), ", ")+" (quoted in YAML)")
	}
}

// client checks the client ID, the scopes and the client type with its secret.
func (c *checker) client(table Table) {
	s := c.s
	if s.Okta.ClientID == "" {
		c.add(RuleRequired, "okta.clientId", "is required", "copy the Client ID from the Okta application's General tab ("+EnvName("okta.clientId")+" or --client-id)")
	} else if !clientIDRe.MatchString(s.Okta.ClientID) {
		c.add(RuleInvalid, "okta.clientId", "is not an Okta client ID (letters, digits and - _ . ~ $ + ! * ' ( ) , only)", "copy the Client ID from the Okta application's General tab")
	}
	if len(s.Okta.Scopes) == 0 {
		c.add(RuleOpenID, "okta.scopes", "is empty", "use the default: [openid, email, profile]")
	}
	for i, sc := range s.Okta.Scopes {
		if !scopeRe.MatchString(sc) {
			c.add(RuleInvalid, fmt.Sprintf("okta.scopes[%d]", i), fmt.Sprintf("%q is not a valid OAuth scope (no spaces, quotes or backslashes)", sc), "write one scope per list item")
		}
	}
	if len(s.Okta.Scopes) > 0 && !slices.Contains(s.Okta.Scopes, "openid") {
		c.add(RuleOpenID, "okta.scopes", "does not contain openid, so Okta returns no ID token", "add openid to the scopes")
	}
	switch s.Okta.ClientType {
	case Public:
		if s.Okta.ClientSecret != nil {
			c.add(RulePublicSecret, "okta.clientSecret", "is set for a public client, which has no secret", "remove clientSecret, or set clientType: confidential (Okta Web application)")
		}
	case Confidential:
		resolveSecret(c.r, c.add, table.ServerEnv)
	default:
		c.add(RuleInvalid, "okta.clientType", fmt.Sprintf("unknown client type %q", s.Okta.ClientType), "use public (Okta Single-Page Application) or confidential (Okta Web application)")
	}
}

func (c *checker) authorizer() {
	s := c.s
	if len(s.Authorizer.AdminPrincipals) == 0 {
		c.add(RuleRequired, "authorizer.adminPrincipals", "is required and must not be empty", "list the initial admins by the name part of their email, e.g. [alice] for alice@example.com (or --admin alice)")
	}
	for i, a := range s.Authorizer.AdminPrincipals {
		if strings.TrimSpace(a) == "" {
			c.add(RuleInvalid, fmt.Sprintf("authorizer.adminPrincipals[%d]", i), "is empty", "remove it or write a name")
		}
	}
	if s.Authorizer.PrincipalDomain == "" {
		c.add(RuleRequired, "authorizer.principalDomain", "is required", "set the email domain of your users, e.g. example.com (or --principal-domain)")
	} else if !hostRe.MatchString(s.Authorizer.PrincipalDomain) {
		c.add(RulePrincipalDomain, "authorizer.principalDomain", fmt.Sprintf("%q is not a single domain", s.Authorizer.PrincipalDomain), "write one domain like example.com; put more in authorizer.allowedDomains")
	} else {
		warnDomainCase(c.warn, "authorizer.principalDomain", s.Authorizer.PrincipalDomain)
	}
	for i, d := range s.Authorizer.AllowedDomains {
		if !hostRe.MatchString(d) {
			c.add(RuleInvalid, fmt.Sprintf("authorizer.allowedDomains[%d]", i), fmt.Sprintf("%q is not a domain", d), "write one domain per item, like example.org")
		} else {
			warnDomainCase(c.warn, fmt.Sprintf("authorizer.allowedDomains[%d]", i), d)
		}
	}
	for i, d := range s.Authorizer.AllowedEmailRegistrationDomains {
		if d != "all" && !hostRe.MatchString(d) {
			c.add(RuleInvalid, fmt.Sprintf("authorizer.allowedEmailRegistrationDomains[%d]", i), fmt.Sprintf("%q is not a domain or \"all\"", d), "write one domain per item, or [all]")
		}
	}
}

func (c *checker) authentication() {
	s := c.s
	if len(s.Authentication.JWTPrincipalClaims) == 0 {
		c.add(RuleInvalid, "authentication.jwtPrincipalClaims", "must not be empty", "use the default: [email, preferred_username, sub]")
	}
	for i, cl := range s.Authentication.JWTPrincipalClaims {
		if strings.TrimSpace(cl) == "" {
			c.add(RuleInvalid, fmt.Sprintf("authentication.jwtPrincipalClaims[%d]", i), "is empty", "remove it")
		}
	}
	checkClaimsMapping(c.r, c.add)
	if !slices.Contains([]string{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"}, s.Authentication.TokenValidationAlgorithm) {
		c.add(RuleInvalid, "authentication.tokenValidationAlgorithm", fmt.Sprintf("unknown algorithm %q", s.Authentication.TokenValidationAlgorithm), "use RS256 (Okta's default)")
	}
}

// versionGates warns about settings the chosen line does not read (from the key table).
func (c *checker) versionGates(table Table) {
	for _, g := range table.Gates {
		if !c.r.AtLeast(g.Since) && isSet(c.s, g.Field) {
			c.warn(RuleVersionKey, g.Field, fmt.Sprintf("OpenMetadata %s does not read %s (added in %s); it is left out of the output", c.s.OpenMetadata.Version, g.Field[strings.LastIndex(g.Field, ".")+1:], g.Added), "upgrade OpenMetadata, or remove the key")
		}
	}
}

// uniqueLists: OpenMetadata's schema wants these lists without repeats.
func (c *checker) uniqueLists() {
	s := c.s
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
				c.add(RuleDuplicates, fmt.Sprintf("%s[%d]", l.path, i), fmt.Sprintf("repeats %q (item %d); OpenMetadata wants unique items", it, j), "remove the repeat")
			}
			seen[it] = i
		}
	}
}

// jwksURL: an optional JWKS URL must be the issuer's own (OKTA-FACTS §5.6).
func (c *checker) jwksURL() {
	r, j := c.r, c.s.Okta.JWKSURL
	if j == "" || r.OktaJwksURL == "" {
		return
	}
	u, msg := checkURL(j, true)
	switch {
	case msg != "":
		c.add(urlRule(msg), "okta.jwksUrl", msg, "remove it: omsso derives it")
	case u.Scheme != "https" && !isLoopback(u.Hostname()):
		c.add(RuleHTTP, "okta.jwksUrl", "uses http; Okta serves its keys over https only", "remove it: omsso derives it")
	case j != r.OktaJwksURL:
		why := ""
		if r.AuthServer == "org" {
			why = " (the org authorization server publishes its keys at /oauth2/v1/keys, not {issuer}/v1/keys as the docs say)"
		}
		c.add(RuleJWKS, "okta.jwksUrl", fmt.Sprintf("%s is not the JWKS of issuer %s, which is %s%s; tokens would fail with \"No key found ... with kid\" (OpenMetadata #2773)", j, r.Issuer, r.OktaJwksURL, why),
			"remove it (omsso derives it), or set "+r.OktaJwksURL)
	}
}

func (c *checker) targetURLs() {
	s := c.s
	for _, t := range []struct{ path, v string }{
		{"targets.docker.omJwksUrl", s.Targets.Docker.OmJwksURL},
		{"targets.helm.omJwksUrl", s.Targets.Helm.OmJwksURL},
		{"targets.baremetal.omJwksUrl", s.Targets.Baremetal.OmJwksURL},
	} {
		if _, msg := checkURL(t.v, true); msg != "" {
			c.add(urlRule(msg), t.path, msg, "write the URL at which the server reaches its own /api/v1/system/config/jwks")
		}
	}
}

// resolveOkta derives issuer, JWKS and discovery from domain + authorization server, or the
// reverse from an issuer, and checks that both agree when both are given.
func resolveOkta(r *Resolved, add, warn func(id, path, msg, fix string)) {
	o := r.Okta
	as := o.AuthorizationServer
	if kw := keywordNearMiss(as); kw != "" {
		add(RuleServerKeyword, "okta.authorizationServer", fmt.Sprintf("%q is not a keyword, so it would be taken as the id of a custom authorization server (issuer .../oauth2/%s) (did you mean %q?)", as, as, kw),
			"write "+kw+" (the keywords default and org are lower-case), or the id of a custom server (aus...)")
		return
	}
	if as != "" && as != "org" && !serverIDRe.MatchString(as) {
		add(RuleInvalid, "okta.authorizationServer", fmt.Sprintf("%q is not default, org or an authorization server id", as), "copy the id (aus...) from Security > API > Authorization Servers, or use default")
		return
	}
	warnServerID(warn, "okta.authorizationServer", as)
	domainOK := checkDomain(o.Domain, add)
	if o.Issuer == "" {
		if o.Domain == "" {
			add(RuleRequired, "okta.domain", "is required (or give okta.issuer)", "set your Okta domain, e.g. dev-123456.okta.com ("+EnvName("okta.domain")+" or --okta-domain)")
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
	} else if !fromIssuer(r, as, domainOK, add, warn) {
		return
	}
	deriveURLs(r)
}

// checkDomain checks okta.domain (when given) and reports whether it is a usable host.
func checkDomain(d string, add func(id, path, msg, fix string)) bool {
	switch {
	case d == "":
		return false
	case strings.Contains(d, "://"):
		add(RuleDomain, "okta.domain", "must be a host name, not a URL", "write it without the scheme, e.g. "+hostOf(d))
	case strings.ContainsAny(d, "/?#@"):
		add(RuleDomain, "okta.domain", "must be a host name only, without a path", "write just the host, e.g. dev-123456.okta.com")
	case !hostRe.MatchString(d):
		add(RuleInvalid, "okta.domain", fmt.Sprintf("%q is not a host name", d), "write the Okta domain, e.g. dev-123456.okta.com")
	case adminHost(d) != "":
		add(RuleAdminHost, "okta.domain", fmt.Sprintf("%q is the Okta Admin Console, which never issues tokens", d), "write the org domain without -admin: "+adminHost(d))
	default:
		return true
	}
	return false
}

// fromIssuer takes domain and authorization server from okta.issuer, checking that they agree
// with okta.domain and okta.authorizationServer when those are given too.
func fromIssuer(r *Resolved, as string, domainOK bool, add, warn func(id, path, msg, fix string)) bool {
	o := r.Okta
	u, kind, id := parseIssuer(o.Issuer, add)
	if u == nil {
		return false
	}
	derivedAS := id
	if kind == "org" {
		derivedAS = "org"
	} else if as == "" {
		warnServerID(warn, "okta.issuer", id)
	}
	if as != "" && as != derivedAS {
		add(RuleIssuer, "okta.issuer", fmt.Sprintf("names authorization server %q but okta.authorizationServer is %q", derivedAS, as), "remove one of the two, or make them agree")
		return false
	}
	if o.Domain != "" && domainOK && !strings.EqualFold(u.Host, o.Domain) {
		add(RuleIssuer, "okta.issuer", fmt.Sprintf("host %q disagrees with okta.domain %q", u.Host, o.Domain), "remove okta.issuer (it is derived), or make them agree")
		return false
	}
	r.Domain = strings.ToLower(u.Host)
	r.AuthServer = derivedAS
	return true
}

// parseIssuer checks an issuer URL's form: https (or a loopback http), no trailing slash, an
// Okta issuer path (org server, or /oauth2/{id}), not the Admin Console. kind is "org" or
// "custom"; a nil URL means a problem was added.
func parseIssuer(issuer string, add func(id, path, msg, fix string)) (u *url.URL, kind, id string) {
	u, msg := checkURL(issuer, true)
	switch {
	case msg != "":
		add(urlRule(msg), "okta.issuer", msg, "write it like https://dev-123456.okta.com/oauth2/default")
		return nil, "", ""
	case strings.HasSuffix(issuer, "/"):
		add(RuleTrailingSlash, "okta.issuer", "ends with a slash; Okta's issuer has none, and tokens are matched byte for byte", "remove the trailing slash")
		return nil, "", ""
	case u.Scheme != "https" && !isLoopback(u.Hostname()):
		add(RuleHTTP, "okta.issuer", "uses http; Okta serves its issuer over https only", "write https://")
		return nil, "", ""
	}
	switch parts := strings.Split(strings.Trim(u.Path, "/"), "/"); {
	case u.Path == "":
		kind = "org"
	case len(parts) == 2 && parts[0] == "oauth2" && serverIDRe.MatchString(parts[1]):
		kind, id = "custom", parts[1]
	default:
		add(RuleIssuer, "okta.issuer", fmt.Sprintf("path %q is not an Okta issuer path", u.Path), "use https://{domain} (org server) or https://{domain}/oauth2/{serverId}")
		return nil, "", ""
	}
	if kw := keywordNearMiss(id); kw != "" {
		add(RuleServerKeyword, "okta.issuer", fmt.Sprintf("names authorization server %q, which is not a keyword (did you mean %q?)", id, kw), "write https://"+u.Host+"/oauth2/"+kw)
		return nil, "", ""
	}
	if a := adminHost(u.Hostname()); a != "" {
		add(RuleAdminHost, "okta.issuer", fmt.Sprintf("host %q is the Okta Admin Console, which never issues tokens", u.Host), "use the org domain without -admin: "+a)
		return nil, "", ""
	}
	return u, kind, id
}

// deriveURLs sets issuer, JWKS and discovery from domain and authorization server.
func deriveURLs(r *Resolved) {
	scheme := "https"
	if r.Okta.Issuer != "" {
		scheme = strings.SplitN(r.Okta.Issuer, ":", 2)[0]
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

func resolveSecret(r *Resolved, add func(id, path, msg, fix string), serverEnv map[string]string) {
	cs := r.Okta.ClientSecret
	fix := "add clientSecret: {env: OKTA_CLIENT_SECRET} (or file: /run/secrets/okta, or kubernetesSecret: {name: oidc-secrets, key: openmetadata-oidc-client-secret})"
	if cs == nil {
		add(RuleNoSecret, "okta.clientSecret", "is required for a confidential client", fix)
		return
	}
	n := 0
	if cs.Env != "" {
		n++
		if !envNameRe.MatchString(cs.Env) {
			add(RuleInvalid, "okta.clientSecret.env", fmt.Sprintf("%q is not an env var name", cs.Env), "use letters, digits and _, e.g. OKTA_CLIENT_SECRET")
		} else if key, taken := serverEnv[cs.Env]; taken {
			add(RuleSecretEnvName, "okta.clientSecret.env", fmt.Sprintf("%s is the env var OpenMetadata reads for %s, so the secret would land there", cs.Env, key),
				"name another env var, e.g. OKTA_CLIENT_SECRET")
		}
		r.SecretEnv = cs.Env
	}
	if cs.File != "" {
		n++
		r.SecretEnv = "OIDC_CLIENT_SECRET"
		if strings.Contains(cs.File, "${") {
			// The path is printed in the bare-metal file's header, which the server substitutes.
			add(RuleInvalid, "okta.clientSecret.file", fmt.Sprintf("%q contains \"${\", which OpenMetadata's config substitution reads as a variable", cs.File), "rename the file or its folder without \"${\"")
		}
	}
	if ks := cs.KubernetesSecret; ks != nil {
		n++
		if !dns1123Re.MatchString(ks.Name) || len(ks.Name) > 253 {
			add(RuleInvalid, "okta.clientSecret.kubernetesSecret.name", fmt.Sprintf("%q is not a Kubernetes Secret name", ks.Name), "use lower-case letters, digits, '-' and '.'")
		}
		for _, k := range []struct{ p, v string }{{"key", ks.Key}, {"clientIdKey", ks.ClientIDKey}} {
			if !secretKeyRe.MatchString(k.v) {
				add(RuleInvalid, "okta.clientSecret.kubernetesSecret."+k.p, fmt.Sprintf("%q is not a Secret key", k.v), "use letters, digits, '-', '_' and '.'")
			}
		}
		if r.SecretEnv == "" {
			r.SecretEnv = "OIDC_CLIENT_SECRET"
		}
	}
	if n != 1 {
		add(RuleNoSecret, "okta.clientSecret", fmt.Sprintf("sets %d references; exactly one of env, file, kubernetesSecret is allowed", n), fix)
	}
}

// checkURL parses an absolute http(s) URL without credentials, query or fragment.
func checkURL(s string, allowPath bool) (*url.URL, string) {
	if strings.Count(s, "://") > 1 {
		return nil, fmt.Sprintf("%q %s", s, schemeTwice)
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

// schemeTwice ends checkURL's message for a URL written with two schemes.
const schemeTwice = "has the scheme twice"

// urlRule names the rule a URL problem breaks.
func urlRule(msg string) string {
	if strings.HasSuffix(msg, schemeTwice) {
		return RuleDoubleScheme
	}
	return RuleInvalid
}

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
			warn(RuleAdminEmails, fmt.Sprintf("authorizer.adminPrincipals[%d]", i), msg, "write "+name+" (OpenMetadata 2.0 reads emails from adminEmails instead)")
		}
	}
	if s.Authorizer.EnforcePrincipalDomain && len(s.Authorizer.AllowedDomains) > 0 && !slices.ContainsFunc(s.Authorizer.AllowedDomains, func(d string) bool { return strings.EqualFold(d, s.Authorizer.PrincipalDomain) }) {
		warn(RuleAllowedDomains, "authorizer.allowedDomains", fmt.Sprintf("omits the principal domain %s while enforcePrincipalDomain is true, so users of %s may be refused", s.Authorizer.PrincipalDomain, s.Authorizer.PrincipalDomain),
			"add "+s.Authorizer.PrincipalDomain+" to allowedDomains")
	}
	if r.AtLeast("1.10") {
		info(RuleDBConfig, "openmetadata.version", "OpenMetadata "+s.OpenMetadata.Version+" stores the security config in its database at first start, and that copy wins over env, Helm values and openmetadata.yaml afterwards",
			"to apply new settings to a running install: omsso apply --target openmetadata; or ./bootstrap/openmetadata-ops.sh remove-security-config --force (through docker compose exec openmetadata-server or kubectl exec deploy/openmetadata --), then restart")
	}
	if r.Confidential() {
		info(RuleStickySessions, "okta.clientType", "confidential clients keep the login session in the server's memory: with several replicas, requests must return to the same pod",
			"enable sticky sessions (session affinity) on the load balancer or ingress, or run one replica")
	}
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
		{"okta.jwksUrl", s.Okta.JWKSURL},
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

// CheckField validates one answer the way Load would, for prompts that check as the user types.
// It builds settings that are valid but for the field, so only that field's rules speak.
func CheckField(path, value string) Problems {
	s := Settings{}
	s.OpenMetadata.URL = "https://openmetadata.example.com"
	s.Okta.Domain = "dev-123456.okta.com"
	s.Okta.ClientID = "0oa1abcd2EFGH3ijk4l5"
	s.Authorizer.AdminPrincipals = []string{"admin"}
	s.Authorizer.PrincipalDomain = "example.com"
	switch path {
	case "openmetadata.url":
		s.OpenMetadata.URL = value
	case "okta.domain":
		s.Okta.Domain = value
	case "okta.clientId":
		s.Okta.ClientID = value
	case "okta.authorizationServer":
		s.Okta.AuthorizationServer = value
	case "okta.clientType":
		s.Okta.ClientType = value
		if value == Confidential {
			s.Okta.ClientSecret = &SecretRef{Env: "OKTA_CLIENT_SECRET"}
		}
	case "okta.clientSecret.env":
		s.Okta.ClientType = Confidential
		s.Okta.ClientSecret = &SecretRef{Env: value}
	case "authorizer.adminPrincipals":
		s.Authorizer.AdminPrincipals = nil
		for _, a := range strings.Split(value, ",") {
			if a = strings.TrimSpace(a); a != "" {
				s.Authorizer.AdminPrincipals = append(s.Authorizer.AdminPrincipals, a)
			}
		}
	case "authorizer.principalDomain":
		s.Authorizer.PrincipalDomain = value
	}
	r, err := Resolve(s)
	var out Problems
	var f *Failure
	if err != nil && errors.As(err, &f) {
		out = append(out, f.Problems...)
	}
	if r != nil {
		for _, w := range r.Warnings {
			if w.Severity == Warning {
				out = append(out, w)
			}
		}
	}
	var mine Problems
	for _, p := range out {
		if p.Path == path || strings.HasPrefix(p.Path, path+".") || strings.HasPrefix(p.Path, path+"[") {
			mine = append(mine, p)
		}
	}
	return mine
}

// keywordNearMiss returns the keyword (default or org) that as is a misspelling of, or "".
// Okta takes any other word as a custom server id, so "Default" silently yields
// .../oauth2/Default, which does not exist.
func keywordNearMiss(as string) string {
	if as == "" || as == "default" || as == "org" {
		return ""
	}
	l := strings.ToLower(as)
	switch {
	case l == "default" || editDistance(l, "default") <= 2:
		return "default"
	case l == "org" || (len(l) <= 4 && editDistance(l, "org") <= 1):
		return "org"
	}
	return ""
}

// warnServerID warns on a custom authorization server id that is not shaped like Okta's.
func warnServerID(warn func(id, path, msg, fix string), path, id string) {
	if id == "" || id == "default" || id == "org" || customServerRe.MatchString(id) {
		return
	}
	warn(RuleServerID, path, fmt.Sprintf("%q does not look like the id of a custom authorization server (aus followed by 17 letters and digits)", id),
		"copy the id from Security > API > Authorization Servers, or use default or org")
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
