package settings

import (
	"fmt"
	"slices"
	"strings"
)

// The settings of the 2.x lines: the database-backed sessions of 2.0, the email-first identity
// and the config source of 2.1. Which line reads which field is the key table's (Gates); these
// checks judge the values.

// lineSettings checks the 2.x fields and derives their effective values.
func (c *checker) lineSettings() {
	s, r := c.s, c.r
	r.SessionExpiry, r.MaxSessions = DefaultSessionExpiry, DefaultMaxActiveSessionsPerUser
	// An explicit 0 is judged like any other value (it is not "unset": a 0 meant as "no
	// limit" would silently be the server's 5).
	if v := s.Authentication.SessionExpiry; v != 0 || c.written("authentication.sessionExpiry") {
		r.SessionExpiry = v
		if v < MinSessionExpiry {
			c.add(RuleInvalid, "authentication.sessionExpiry", fmt.Sprintf("is %d seconds; OpenMetadata's schema wants at least %d (1 hour)", v, MinSessionExpiry), "write the session lifetime in seconds, e.g. 604800 (7 days, the default)")
		}
	}
	if v := s.Authentication.MaxActiveSessionsPerUser; v != 0 || c.written("authentication.maxActiveSessionsPerUser") {
		r.MaxSessions = v
		if v < 1 {
			c.add(RuleInvalid, "authentication.maxActiveSessionsPerUser", fmt.Sprintf("is %d; the server treats values below 1 as 5 (there is no unlimited)", v), "write how many browsers or devices one user may stay signed in on, e.g. 10")
		}
	}
	r.SecuritySource = SourceAuto
	if v := s.ConfigSource.Security; v != "" {
		r.SecuritySource = v
		if !slices.Contains([]string{SourceAuto, SourceEnv, SourceDB}, v) {
			c.add(RuleInvalid, "configSource.security", fmt.Sprintf("unknown config source %q", v), "use AUTO, ENV (recommended when you deploy from Git) or DB, in capitals")
		}
	}
	if s.ConfigSource.ConfirmProviderChange && r.SecuritySource != SourceEnv {
		c.warn(RuleProviderChange, "configSource.confirmProviderChange", "only matters with configSource.security: ENV (it lets the first ENV start replace a provider configured in the UI)", "remove it, or set configSource.security: ENV")
	}
	c.emailFirst()
}

// written reports whether a file, flag or env var set the field path, even to its zero value.
func (c *checker) written(path string) bool {
	file, origin := c.r.Source.Setter(path)
	return file != "" || origin != ""
}

// emailFirst checks the 2.1 email-first identity fields.
func (c *checker) emailFirst() {
	a := c.s.Authorizer
	if cl := c.s.Authentication.EmailClaim; cl != "" && !claimRe.MatchString(cl) {
		c.add(RuleInvalid, "authentication.emailClaim", fmt.Sprintf("%q is not a claim name", cl), "write the ID token claim that holds the email, usually email")
	}
	if cl := c.s.Authentication.DisplayNameClaim; cl != "" && !claimRe.MatchString(cl) {
		c.add(RuleInvalid, "authentication.displayNameClaim", fmt.Sprintf("%q is not a claim name", cl), "write the ID token claim that holds the name, usually name")
	}
	if len(a.AdminEmails) > 0 && c.s.Authentication.EmailClaim == "" {
		c.info(RuleEmailFirst, "authorizer.adminEmails", "is set but authentication.emailClaim is not: OpenMetadata 2.1 resolves users by email only when emailClaim is set (whether adminEmails applies without it is unconfirmed)", "add authentication.emailClaim: email")
	}
	for i, e := range a.AdminEmails {
		name, domain, ok := strings.Cut(e, "@")
		if !ok || name == "" || !hostRe.MatchString(domain) {
			c.add(RuleInvalid, fmt.Sprintf("authorizer.adminEmails[%d]", i), fmt.Sprintf("%q is not an email address", e), "write the admin's full email, e.g. alice@example.com")
		}
	}
	for i, d := range a.AllowedEmailDomains {
		if !hostRe.MatchString(d) {
			c.add(RuleInvalid, fmt.Sprintf("authorizer.allowedEmailDomains[%d]", i), fmt.Sprintf("%q is not a domain", d), "write one domain per item, like example.com")
		} else {
			warnDomainCase(c.warn, fmt.Sprintf("authorizer.allowedEmailDomains[%d]", i), d)
		}
	}
	if d := a.BotDomain; d != "" && !hostRe.MatchString(d) {
		c.add(RuleInvalid, "authorizer.botDomain", fmt.Sprintf("%q is not a single domain", d), "write the domain of bot accounts, e.g. example.com")
	}
}
