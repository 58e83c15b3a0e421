package settings

import (
	"fmt"
	"strings"
)

// Deprecation is a settings field a line deprecates, and what replaces it (from the key table).
type Deprecation struct{ Field, Since, Instead string }

// lineLint adds the rules of the 2.x lines: the 2.0 upgrade trap, the 2.1 provider-change
// refusal in ENV mode, and the moves away from the fields 2.1 deprecates.
func lineLint(r *Resolved, table Table, warn, info func(id, path, msg, fix string)) {
	s, line := r.Settings, r.OpenMetadata.Version
	if ruleApplies(RuleSessionTrap, r) {
		for _, f := range []struct {
			path string
			set  bool
		}{
			{"authentication.sessionExpiry", s.Authentication.SessionExpiry != 0},
			{"authentication.maxActiveSessionsPerUser", s.Authentication.MaxActiveSessionsPerUser != 0},
		} {
			if f.set {
				warn(RuleSessionTrap, f.path, fmt.Sprintf("OpenMetadata %s ignores the deployed value (env, Helm values, openmetadata.yaml) on a database written by 1.x: an upgraded install keeps the defaults (7 days, 5 sessions); only a fresh install reads it", line),
					"after the upgrade, run omsso apply --target openmetadata: it sets the value through the API")
			}
		}
	}
	if table.reads(r, "configSource.security") && r.SecuritySource == SourceEnv && !s.ConfigSource.ConfirmProviderChange {
		warn(RuleProviderChange, "configSource.security", fmt.Sprintf("is ENV: the first start of OpenMetadata %s in ENV mode refuses to replace an identity provider configured in the UI with okta, and the server does not start (its message names the confirm-provider-change env var)", line),
			"if this server's provider was set in the UI, set configSource.confirmProviderChange: true for that first start, then remove it")
	}
	if ruleApplies(RuleEmailFirst, r) {
		for _, d := range table.Deprecations {
			if LineAtLeast(line, d.Since) && isSet(&r.Settings, d.Field) && !isSet(&r.Settings, strings.Fields(d.Instead)[0]) {
				info(RuleEmailFirst, d.Field, fmt.Sprintf("OpenMetadata %s deprecates %s in favour of %s (email-first identity); it still reads it", line, d.Field, d.Instead), emailFirstFix(r, d.Field))
			}
		}
	}
}

// emailFirstFix shows the move for one deprecated field, with the user's own values.
func emailFirstFix(r *Resolved, field string) string {
	a := r.Authorizer
	switch field {
	case "authorizer.adminPrincipals":
		emails := make([]string, len(a.AdminPrincipals))
		for i, p := range a.AdminPrincipals {
			emails[i] = p
			if !strings.Contains(p, "@") {
				emails[i] = p + "@" + a.PrincipalDomain
			}
		}
		return "add authorizer.adminEmails: [" + strings.Join(emails, ", ") + "] and authentication.emailClaim: email; keep adminPrincipals while any server still runs an older line"
	case "authorizer.principalDomain":
		fix := "add authorizer.botDomain: " + a.PrincipalDomain
		if a.EnforcePrincipalDomain {
			fix += " and authorizer.allowedEmailDomains: [" + strings.Join(append([]string{a.PrincipalDomain}, a.AllowedDomains...), ", ") + "]"
		}
		return fix
	case "authentication.jwtPrincipalClaims":
		return "add authentication.emailClaim: email (and displayNameClaim: name); jwtPrincipalClaims then stays only as the fallback"
	}
	return "see docs/openmetadata-lines.md"
}
