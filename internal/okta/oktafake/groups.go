package oktafake

// AssignGroupID seeds the assignment of a group, by id, to an app.
func (o *Org) AssignGroupID(appID, groupID string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.assign[appID] = append(o.assign[appID], Object{"id": groupID, "priority": 0, "profile": Object{}})
}
