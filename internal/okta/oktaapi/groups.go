package oktaapi

import (
	"context"
	"net/url"
)

// FindGroup returns the id of the group named exactly name, "" when there is none. The q
// search matches name prefixes, so the answer is filtered to the exact name.
func (c *Client) FindGroup(ctx context.Context, name string) (string, error) {
	gs, err := c.list(ctx, "/groups?limit=200&q="+url.QueryEscape(name))
	if err != nil {
		return "", err
	}
	for _, g := range gs {
		if g.Str("profile", "name") == name {
			return g.ID(), nil
		}
	}
	return "", nil
}
