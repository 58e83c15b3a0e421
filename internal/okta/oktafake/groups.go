package oktafake

// AddGroup seeds an Okta group (type OKTA_GROUP) and returns its id.
func (o *Org) AddGroup(name string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	id := newID("00g")
	o.groups = append(o.groups, Object{"id": id, "type": "OKTA_GROUP", "profile": Object{"name": name}})
	return id
}

// AssignGroupID seeds the assignment of a group, by id, to an app.
func (o *Org) AssignGroupID(appID, groupID string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.assign[appID] = append(o.assign[appID], Object{"id": groupID, "priority": 0, "profile": Object{}})
}
