package oktafake

import "slices"

// Edits that stand for an admin changing the org by hand in the Admin Console; tests use them
// to break one thing at a time.

// EditApp changes an app in place.
func (o *Org) EditApp(id string, f func(app Object)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if a := o.findApp(id); a != nil {
		f(a)
	}
}

// EditRules changes every rule of every policy of a server ("default" or an id).
func (o *Org) EditRules(asID string, f func(rule Object)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	s := o.findServer(asID)
	if s == nil {
		return
	}
	for _, p := range o.policies[s["id"].(string)] {
		for _, r := range o.rules[p["id"].(string)] {
			f(r)
		}
	}
}

// RemoveOrigins deletes every trusted origin.
func (o *Org) RemoveOrigins() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.origins = nil
}

// Unassign drops an app's assignments.
func (o *Org) Unassign(appID string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.assign, appID)
}

// Without returns the list without the values.
func Without(list any, drop ...string) []any {
	var out []any
	for _, s := range strs(list) {
		if !slices.Contains(drop, s) {
			out = append(out, s)
		}
	}
	return out
}
