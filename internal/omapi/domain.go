package omapi

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

const (
	keyEnforceDomain   = "authorizerConfiguration.enforcePrincipalDomain"
	keyPrincipalDomain = "authorizerConfiguration.principalDomain"
	keyAllowedDomains  = "authorizerConfiguration.allowedDomains"
)

// Me is the token's own user.
type Me struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	IsBot bool   `json:"isBot"`
}

// LoggedInUser reads the token's own user (GET /api/v1/users/loggedInUser).
func (c *Client) LoggedInUser(ctx context.Context) (Me, error) {
	var me Me
	_, err := c.call(ctx, http.MethodGet, PathLoggedInUser, nil, &me)
	me.Name, me.Email = c.clean(me.Name), c.clean(me.Email)
	return me, err
}

// domainLockout explains why a body would lock out the token's user, or "" when it would not.
// It follows OpenMetadata's SecurityUtil.validateDomainEnforcement: with enforcePrincipalDomain
// on, a non-bot token's email domain must equal principalDomain, or be one of allowedDomains
// when that list is not empty (exact match).
func domainLockout(body map[string]any, me Me) string {
	if on, _ := Get(body, keyEnforceDomain); on != true || me.IsBot {
		return ""
	}
	pd, _ := Get(body, keyPrincipalDomain)
	principal := fmt.Sprint(pd)
	allowed, _ := List(body, keyAllowedDomains)
	_, domain, _ := strings.Cut(me.Email, "@")
	switch {
	case len(allowed) == 0 && domain == principal, len(allowed) > 0 && slices.Contains(allowed, domain):
		return ""
	}
	rule := "principalDomain " + principal
	if len(allowed) > 0 {
		rule = "allowedDomains [" + strings.Join(allowed, ", ") + "]"
	}
	who := me.Email
	if who == "" {
		who = me.Name + " (no email)"
	}
	return fmt.Sprintf("enforcePrincipalDomain with %s would lock out the token omsso uses: its user %s is outside it. After the reload every non-bot token of a user outside the domain stops working (OpenMetadata's validateDomainEnforcement), this one included, and new admins only exist after a restart, so nobody could undo it through the API; add %q to authorizer.allowedDomains (or fix authorizer.principalDomain), or apply with the token of an admin inside the domain",
		rule, who, domain)
}

// guardDomain refuses a body whose domain enforcement would lock out the token's user; it
// reads the user only when the body enforces a domain. When the user cannot be read, it stops.
func guardDomain(ctx context.Context, c *Client, body map[string]any) error {
	if on, _ := Get(body, keyEnforceDomain); on != true {
		return nil
	}
	me, err := c.LoggedInUser(ctx)
	if err != nil {
		return fmt.Errorf("refusing to save: enforcePrincipalDomain is on, and omsso could not read the token's own user to check it stays inside the domain (%w)", err)
	}
	if why := domainLockout(body, me); why != "" {
		return fmt.Errorf("refusing to save: %s", why)
	}
	return nil
}
