package settings

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

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
