package oktatf

import (
	"context"
	"fmt"
	"strings"

	"github.com/omsso/omsso/internal/okta/desired"
	"github.com/omsso/omsso/internal/okta/oktaapi"
)

// Object is one Okta object as the Management API returns it.
type Object = oktaapi.Object

// Live is what adoption reads of the org: the objects of the desired state that exist.
type Live struct {
	App      Object              // the app with the client ID, nil when none
	Server   Object              // the default or dedicated server (nil for the org server)
	Scopes   []Object            // the server's scopes
	Policies []Object            // the server's access policies
	Rules    map[string][]Object // policy id -> its rules
	Origin   Object              // the trusted origin of OpenMetadata's origin, nil when none
	Groups   map[string]string   // group name -> id, for the groups the settings name
	Assigned []string            // ids of the groups assigned to the app
	Users    bool                // a user is assigned to the app (directly or through a group)
}

// Read reads, and only reads, what adoption needs. The app and the server must exist when the
// settings name them (as `plan --target okta` requires); the rest may not.
func Read(ctx context.Context, c *oktaapi.Client, d desired.State, groups []string) (*Live, error) {
	l := &Live{Rules: map[string][]Object{}, Groups: map[string]string{}}
	var err error
	if l.App, err = c.FindOIDCApp(ctx, d.ClientID); err != nil {
		return nil, err
	}
	if l.App == nil {
		// As plan --target okta: the settings name an app the org does not have.
		return nil, fmt.Errorf("the org has no OIDC app with client ID %s (E0000007): check okta.clientId", d.ClientID)
	}
	gs, err := c.AppGroups(ctx, l.App.ID())
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		l.Assigned = append(l.Assigned, g.ID())
	}
	if l.Users, err = c.AnyAppUser(ctx, l.App.ID()); err != nil {
		return nil, err
	}
	if d.Origin != nil {
		if l.Origin, err = findOrigin(ctx, c, d.Origin.Origin); err != nil {
			return nil, err
		}
	}
	for _, g := range groups {
		grp, err := c.FindGroup(ctx, g)
		if err != nil {
			return nil, err
		}
		if grp != nil {
			l.Groups[g] = grp.ID()
		}
	}
	if d.Server.Kind == desired.ServerOrg {
		return l, nil
	}
	return l, l.readServer(ctx, c, d.Server.ID)
}

func (l *Live) readServer(ctx context.Context, c *oktaapi.Client, id string) error {
	as, err := c.GetAuthServer(ctx, id)
	if oktaapi.Is404(err) {
		return fmt.Errorf("the org has no authorization server %q: check okta.authorizationServer: %w", id, err)
	}
	if err != nil {
		return err
	}
	l.Server = as
	if l.Scopes, err = c.Scopes(ctx, as.ID()); err != nil {
		return err
	}
	if l.Policies, err = c.Policies(ctx, as.ID()); err != nil {
		return err
	}
	for _, p := range l.Policies {
		rs, err := c.Rules(ctx, as.ID(), p.ID())
		if err != nil {
			return err
		}
		l.Rules[p.ID()] = rs
	}
	return nil
}

func findOrigin(ctx context.Context, c *oktaapi.Client, origin string) (Object, error) {
	all, err := c.TrustedOrigins(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range all {
		if strings.TrimRight(t.Str("origin"), "/") == origin {
			return t, nil
		}
	}
	return nil, nil
}
