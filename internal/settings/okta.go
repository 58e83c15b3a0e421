package settings

import (
	"fmt"
	"net/url"
	"strings"
)

var (
	hostRe      = lazyRE(`^(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$`)
	clientIDRe  = lazyRE(`^[A-Za-z0-9_.~$+!*'(),-]{1,128}$`) // what Okta accepts in client IDs
	serverIDRe  = lazyRE(`^[A-Za-z0-9_-]{1,64}$`)
	envNameRe   = lazyRE(`^[A-Za-z_][A-Za-z0-9_]*$`)
	dns1123Re   = lazyRE(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	secretKeyRe = lazyRE(`^[-._a-zA-Z0-9]{1,253}$`)
	scopeRe     = lazyRE(`^[\x21\x23-\x5B\x5D-\x7E]+$`)
	mappingRe   = lazyRE(`^(username|email):[a-zA-Z0-9_-]+$`)
	claimRe     = lazyRE(`^[a-zA-Z0-9_.:/-]+$`)
	// customServerRe is the shape of the ids Okta gives custom authorization servers.
	customServerRe = lazyRE(`^aus[A-Za-z0-9]{17}$`)
)

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
