package oktaapi

import (
	"context"
	"net/http"
	"net/url"
	"slices"
)

// Object is one Okta object as JSON. Read-modify-write edits it in place and sends it back
// whole, so members omsso does not know survive a PUT.
type Object map[string]any

// Get walks a dotted path of maps ("settings.oauthClient.grant_types").
func (o Object) Get(path ...string) any {
	var cur any = map[string]any(o)
	for _, p := range path {
		m, ok := asMap(cur)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

// Str returns a string member, "" when absent.
func (o Object) Str(path ...string) string {
	s, _ := o.Get(path...).(string)
	return s
}

// Bool returns a bool member and whether it is present.
func (o Object) Bool(path ...string) (bool, bool) {
	b, ok := o.Get(path...).(bool)
	return b, ok
}

// Strings returns a string-array member (nil when absent).
func (o Object) Strings(path ...string) []string {
	return Strings(o.Get(path...))
}

// Strings converts a decoded JSON array to strings, skipping non-strings.
func Strings(v any) []string {
	arr, ok := v.([]any)
	if !ok {
		if s, ok := v.([]string); ok {
			return slices.Clone(s)
		}
		return nil
	}
	out := make([]string, 0, len(arr))
	for _, x := range arr {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Set stores v at a dotted path, creating maps on the way.
func (o Object) Set(v any, path ...string) {
	cur := map[string]any(o)
	for _, p := range path[:len(path)-1] {
		next, ok := asMap(cur[p])
		if !ok {
			next = map[string]any{}
			cur[p] = next
		}
		cur = next
	}
	cur[path[len(path)-1]] = v
}

// Delete removes the member at a path, when present.
func (o Object) Delete(path ...string) {
	cur := map[string]any(o)
	for _, p := range path[:len(path)-1] {
		next, ok := asMap(cur[p])
		if !ok {
			return
		}
		cur = next
	}
	delete(cur, path[len(path)-1])
}

func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case Object:
		return m, true
	}
	return nil, false
}

// ID is the object's id.
func (o Object) ID() string { return o.Str("id") }

// OrgInfo is /.well-known/okta-organization: the pipeline tells Classic (v1) from Identity
// Engine (idx).
type OrgInfo struct {
	ID       string `json:"id"`
	Pipeline string `json:"pipeline"`
	Links    struct {
		Organization struct {
			Href string `json:"href"`
		} `json:"organization"`
		Alternate struct {
			Href string `json:"href"`
		} `json:"alternate"`
	} `json:"_links"`
}

// Classic reports whether the org runs the Classic engine.
func (o OrgInfo) Classic() bool { return o.Pipeline == "v1" }

// Organization reads /.well-known/okta-organization (no token needed).
func (c *Client) Organization(ctx context.Context) (OrgInfo, error) {
	var oi OrgInfo
	_, err := c.request(ctx, http.MethodGet, "/.well-known/okta-organization", nil, &oi)
	return oi, err
}

// --- apps

// GetApp reads an app by its id.
func (c *Client) GetApp(ctx context.Context, id string) (Object, error) {
	return c.get(ctx, "/apps/"+esc(id))
}

// FindOIDCApp finds the OIDC app whose client_id is clientID. The client ID is the app id
// unless it was set at creation (OKTA-API-FACTS §2.5), so try the id first, then list the
// OIDC apps (the API has no client_id filter). Returns nil, nil when there is none.
func (c *Client) FindOIDCApp(ctx context.Context, clientID string) (Object, error) {
	app, err := c.GetApp(ctx, clientID)
	switch {
	case err == nil && app.Str("credentials", "oauthClient", "client_id") == clientID:
		return app, nil
	case err != nil && !Is404(err):
		return nil, err
	}
	apps, err := c.list(ctx, "/apps?limit=200&filter="+url.QueryEscape(`name eq "oidc_client"`))
	if err != nil {
		return nil, err
	}
	for _, a := range apps {
		if a.Str("credentials", "oauthClient", "client_id") == clientID {
			return a, nil
		}
	}
	return nil, nil
}

// FindAppByLabel finds an active OIDC app with exactly this label (labels are unique among
// active OIDC apps), or nil.
func (c *Client) FindAppByLabel(ctx context.Context, label string) (Object, error) {
	apps, err := c.list(ctx, "/apps?limit=200&q="+url.QueryEscape(label))
	if err != nil {
		return nil, err
	}
	for _, a := range apps {
		if a.Str("label") == label && a.Str("name") == "oidc_client" {
			return a, nil
		}
	}
	return nil, nil
}

// CreateApp creates and activates an app; the answer holds the client secret, if any.
func (c *Client) CreateApp(ctx context.Context, app Object) (Object, error) {
	return c.send(ctx, http.MethodPost, "/apps?activate=true", app)
}

// ReplaceApp PUTs the whole app. Callers send what they read, edited: the PUT replaces.
func (c *Client) ReplaceApp(ctx context.Context, id string, app Object) (Object, error) {
	return c.send(ctx, http.MethodPut, "/apps/"+esc(id), app)
}

// AppGroups lists an app's group assignments.
func (c *Client) AppGroups(ctx context.Context, appID string) ([]Object, error) {
	return c.list(ctx, "/apps/"+esc(appID)+"/groups?limit=200")
}

// AssignGroup assigns a group to an app (PUT, an upsert).
func (c *Client) AssignGroup(ctx context.Context, appID, groupID string) (Object, error) {
	return c.send(ctx, http.MethodPut, "/apps/"+esc(appID)+"/groups/"+esc(groupID), Object{})
}

// AnyAppUser reports whether any user is assigned to the app directly (or through a group:
// Okta lists group members here too). One page of one is enough to know.
func (c *Client) AnyAppUser(ctx context.Context, appID string) (bool, error) {
	var items []Object
	_, err := c.request(ctx, http.MethodGet, "/apps/"+esc(appID)+"/users?limit=1", nil, &items)
	return len(items) > 0, err
}

// FindGroup finds a group by its exact name (the built-in Everyone group included), or nil.
func (c *Client) FindGroup(ctx context.Context, name string) (Object, error) {
	gs, err := c.list(ctx, "/groups?limit=200&q="+url.QueryEscape(name))
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		if g.Str("profile", "name") == name {
			return g, nil
		}
	}
	return nil, nil
}

// --- authorization servers

// GetAuthServer reads a custom authorization server ("default" is an accepted alias).
func (c *Client) GetAuthServer(ctx context.Context, id string) (Object, error) {
	return c.get(ctx, "/authorizationServers/"+esc(id))
}

// CreateAuthServer creates one (201).
func (c *Client) CreateAuthServer(ctx context.Context, as Object) (Object, error) {
	return c.send(ctx, http.MethodPost, "/authorizationServers", as)
}

// ReplaceAuthServer PUTs the whole server.
func (c *Client) ReplaceAuthServer(ctx context.Context, id string, as Object) (Object, error) {
	return c.send(ctx, http.MethodPut, "/authorizationServers/"+esc(id), as)
}

// Scopes lists a server's scopes.
func (c *Client) Scopes(ctx context.Context, asID string) ([]Object, error) {
	return c.list(ctx, "/authorizationServers/"+esc(asID)+"/scopes?limit=200")
}

// CreateScope adds a scope.
func (c *Client) CreateScope(ctx context.Context, asID string, s Object) (Object, error) {
	return c.send(ctx, http.MethodPost, "/authorizationServers/"+esc(asID)+"/scopes", s)
}

// Policies lists a server's access policies (no paging parameters, but Link is followed).
func (c *Client) Policies(ctx context.Context, asID string) ([]Object, error) {
	return c.list(ctx, "/authorizationServers/"+esc(asID)+"/policies")
}

// CreatePolicy adds an access policy.
func (c *Client) CreatePolicy(ctx context.Context, asID string, p Object) (Object, error) {
	return c.send(ctx, http.MethodPost, "/authorizationServers/"+esc(asID)+"/policies", p)
}

// ReplacePolicy PUTs a whole policy.
func (c *Client) ReplacePolicy(ctx context.Context, asID, id string, p Object) (Object, error) {
	return c.send(ctx, http.MethodPut, "/authorizationServers/"+esc(asID)+"/policies/"+esc(id), p)
}

// GetPolicy reads one policy.
func (c *Client) GetPolicy(ctx context.Context, asID, id string) (Object, error) {
	return c.get(ctx, "/authorizationServers/"+esc(asID)+"/policies/"+esc(id))
}

// Rules lists a policy's rules.
func (c *Client) Rules(ctx context.Context, asID, policyID string) ([]Object, error) {
	return c.list(ctx, "/authorizationServers/"+esc(asID)+"/policies/"+esc(policyID)+"/rules")
}

// CreateRule adds a rule.
func (c *Client) CreateRule(ctx context.Context, asID, policyID string, r Object) (Object, error) {
	return c.send(ctx, http.MethodPost, "/authorizationServers/"+esc(asID)+"/policies/"+esc(policyID)+"/rules", r)
}

// GetRule reads one rule.
func (c *Client) GetRule(ctx context.Context, asID, policyID, id string) (Object, error) {
	return c.get(ctx, "/authorizationServers/"+esc(asID)+"/policies/"+esc(policyID)+"/rules/"+esc(id))
}

// ReplaceRule PUTs a whole rule.
func (c *Client) ReplaceRule(ctx context.Context, asID, policyID, id string, r Object) (Object, error) {
	return c.send(ctx, http.MethodPut, "/authorizationServers/"+esc(asID)+"/policies/"+esc(policyID)+"/rules/"+esc(id), r)
}

// --- trusted origins

// TrustedOrigins lists every trusted origin.
func (c *Client) TrustedOrigins(ctx context.Context) ([]Object, error) {
	return c.list(ctx, "/trustedOrigins?limit=200")
}

// CreateTrustedOrigin adds one (200).
func (c *Client) CreateTrustedOrigin(ctx context.Context, t Object) (Object, error) {
	return c.send(ctx, http.MethodPost, "/trustedOrigins", t)
}

// GetTrustedOrigin reads one.
func (c *Client) GetTrustedOrigin(ctx context.Context, id string) (Object, error) {
	return c.get(ctx, "/trustedOrigins/"+esc(id))
}

// ReplaceTrustedOrigin PUTs a whole trusted origin.
func (c *Client) ReplaceTrustedOrigin(ctx context.Context, id string, t Object) (Object, error) {
	return c.send(ctx, http.MethodPut, "/trustedOrigins/"+esc(id), t)
}

// ListAuthServers lists the custom authorization servers.
func (c *Client) ListAuthServers(ctx context.Context) ([]Object, error) {
	return c.list(ctx, "/authorizationServers?limit=200")
}

// OriginScopes lists a trusted origin's scope types (CORS, REDIRECT, …).
func OriginScopes(o Object) []string {
	var out []string
	sc, _ := o.Get("scopes").([]any)
	for _, s := range sc {
		if m, ok := s.(map[string]any); ok {
			if t, ok := m["type"].(string); ok {
				out = append(out, t)
			}
		}
	}
	return out
}
