package oktaplan

import (
	"regexp"

	"github.com/omsso/omsso/internal/plan"
)

// Machine-readable identity of a change (-o json): a stable type, an address built from the
// settings (the same on every run, before and after the object exists) and the live id.

var (
	resApp    = regexp.MustCompile(`^app (\S+) \(`)
	resServer = regexp.MustCompile(`^authorizationServer (\S+) \(`)
	resOrigin = regexp.MustCompile(`^trustedOrigin (\S+)$`)
	fldRule   = regexp.MustCompile(`^policy ("[^"]*") rule ("[^"]*")`)
	fldPolicy = regexp.MustCompile(`^policy ("[^"]*")`)
	fldScope  = regexp.MustCompile(`^scope (\S+)$`)
)

// address sets c's Type, Address and ID from its resource and field.
func address(c *plan.Change) {
	switch {
	case c.Resource == "settings":
		c.Type, c.Address = "omsso_settings", "settings."+c.Setting
	case resOrigin.MatchString(c.Resource):
		c.Type, c.Address = "okta_trusted_origin", `okta.trusted_origin["`+resOrigin.FindStringSubmatch(c.Resource)[1]+`"]`
	case c.Field == "assignments":
		c.Type, c.Address = "okta_app_assignments", "okta.app.assignments"
		c.ID = match(resApp, c.Resource)
	case len(c.Resource) > 4 && c.Resource[:4] == "app ":
		c.Type, c.Address = "okta_app", "okta.app"
		c.ID = match(resApp, c.Resource)
	default:
		serverAddress(c)
	}
}

func serverAddress(c *plan.Change) {
	c.ID = match(resServer, c.Resource)
	switch {
	case fldRule.MatchString(c.Field):
		m := fldRule.FindStringSubmatch(c.Field)
		c.Type, c.Address = "okta_auth_server_policy_rule", "okta.authorization_server.policy["+m[1]+"].rule["+m[2]+"]"
	case fldPolicy.MatchString(c.Field):
		c.Type, c.Address = "okta_auth_server_policy", "okta.authorization_server.policy["+fldPolicy.FindStringSubmatch(c.Field)[1]+"]"
	case fldScope.MatchString(c.Field):
		c.Type, c.Address = "okta_auth_server_scope", `okta.authorization_server.scope["`+fldScope.FindStringSubmatch(c.Field)[1]+`"]`
	default:
		c.Type, c.Address = "okta_authorization_server", "okta.authorization_server"
	}
}

func match(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}
