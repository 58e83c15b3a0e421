package oktaapi

import "strings"

// oktaSuffixes are the domains Okta serves orgs on (OKTA-API-FACTS §3.2). Only hosts under
// them receive the API token without the user naming the host.
var oktaSuffixes = []string{".okta.com", ".oktapreview.com", ".okta-emea.com"}

// OktaDomain reports whether host is an org on one of Okta's own domains: an exact suffix
// match on a label boundary, so okta.com.evil.example and evilokta.com do not pass.
func OktaDomain(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	for _, s := range oktaSuffixes {
		if name, ok := strings.CutSuffix(h, s); ok && name != "" && !strings.ContainsAny(name, ":/@") {
			return true
		}
	}
	return false
}

// OktaDomains lists the suffixes for messages ("*.okta.com, ...").
func OktaDomains() string {
	var out []string
	for _, s := range oktaSuffixes {
		out = append(out, "*"+s)
	}
	return strings.Join(out, ", ")
}

// Loopback reports whether host is this machine (a local test server).
func Loopback(host string) bool { return loopback(host) }
