package settings

import (
	"fmt"
	"slices"
	"strings"
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
	// SessionExpiry and MaxSessions are the 2.0 session settings, the server's defaults when
	// unset; SecuritySource is configSource.security, AUTO when unset (2.1).
	SessionExpiry, MaxSessions int
	SecuritySource             string
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
func (r *Resolved) AtLeast(v string) bool { return LineAtLeast(r.OpenMetadata.Version, v) }

func versionIndex(v string) int { return slices.Index(Versions(), v) }

// resolve runs the semantic checks and derives the Okta URLs.
func resolve(s *Settings, src *Source, scopesSet bool, table Table) (*Resolved, Problems) {
	r := &Resolved{Settings: *s, Source: src, ScopesSet: scopesSet}
	c := &checker{r: r, s: s}
	c.add = func(id, path, msg, fix string) { c.probs = append(c.probs, src.problem(id, Error, path, msg, fix)) }
	c.warn = func(id, path, msg, fix string) {
		r.Warnings = append(r.Warnings, src.problem(id, Warning, path, msg, fix))
	}
	c.info = func(id, path, msg, fix string) {
		r.Warnings = append(r.Warnings, src.problem(id, Info, path, msg, fix))
	}
	c.bounds()
	c.openMetadata()
	resolveOkta(r, c.add, c.warn)
	c.client(table)
	c.authorizer()
	c.authentication()
	c.lineSettings()
	c.versionGates(table)
	c.uniqueLists()
	c.jwksURL()
	c.targetURLs()
	c.gitops()
	lintWarnings(r, table, c.warn, c.info)
	r.Warnings = r.Warnings.sorted()
	if len(c.probs) > 0 {
		return r, c.probs.sorted()
	}
	return r, nil
}

// checker collects the problems of one settings document, section by section.
type checker struct {
	r               *Resolved
	s               *Settings
	probs           Problems
	add, warn, info func(id, path, msg, fix string)
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
		{"authorizer.adminEmails", len(s.Authorizer.AdminEmails)}, {"authorizer.allowedEmailDomains", len(s.Authorizer.AllowedEmailDomains)},
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
	warnPrincipalClaim(c.r, c.warn)
	if !slices.Contains([]string{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"}, s.Authentication.TokenValidationAlgorithm) {
		c.add(RuleInvalid, "authentication.tokenValidationAlgorithm", fmt.Sprintf("unknown algorithm %q", s.Authentication.TokenValidationAlgorithm), "use RS256 (Okta's default)")
	}
}

// versionGates warns about settings the chosen line does not read (from the key table).
func (c *checker) versionGates(table Table) {
	line := c.s.OpenMetadata.Version
	if versionIndex(line) < 0 {
		return // openmetadata.version is reported
	}
	for _, g := range table.Gates {
		if g.ReadOn(line) || !isSet(c.s, g.Field) {
			continue
		}
		name := g.Field[strings.LastIndex(g.Field, ".")+1:]
		if !g.Refuse {
			c.warn(RuleVersionKey, g.Field, fmt.Sprintf("OpenMetadata %s does not read %s (added in %s); it is left out of the output", line, name, g.Added), "upgrade OpenMetadata, or remove the key")
			continue
		}
		unconfirmed := ""
		if !Released(g.Since) {
			unconfirmed = " (its release is unconfirmed)"
		}
		c.add(RuleVersionKey, g.Field, fmt.Sprintf("OpenMetadata %s does not read %s: OpenMetadata %s%s reads it; left out, it would silently not apply", line, name, g.Since, unconfirmed),
			fmt.Sprintf("set openmetadata.version: %q if your servers run it, or remove the key", g.Since))
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
		{"authorizer.adminEmails", s.Authorizer.AdminEmails},
		{"authorizer.allowedEmailDomains", s.Authorizer.AllowedEmailDomains},
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
