package oktafake

// Seeding for issue 19's findings: user assignments, more groups, and the INACTIVE lifecycle
// of trusted origins, authorization servers and apps.

// AssignUser seeds a direct user assignment (GET /apps/{id}/users lists it).
func (o *Org) AssignUser(appID, login string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.users[appID] = append(o.users[appID], Object{"id": newID("00u"), "scope": "USER", "status": "ACTIVE", "syncState": "DISABLED",
		"credentials": Object{"userName": login}, "profile": Object{}, "created": now()})
}

// AddGroup seeds an OKTA_GROUP and returns its id.
func (o *Org) AddGroup(name string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	id := newID("00g")
	o.groups = append(o.groups, Object{"id": id, "type": "OKTA_GROUP", "profile": Object{"name": name, "description": ""}})
	return id
}

// GroupName returns a group's name by id ("" when unknown).
func (o *Org) GroupName(id string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, g := range o.groups {
		if g["id"] == id {
			name, _ := sub(g, "profile")["name"].(string)
			return name
		}
	}
	return ""
}

// SetStatus sets the status of an app, authorization server or trusted origin by id (what
// the Admin Console's Deactivate does).
func (o *Org) SetStatus(id, status string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, list := range [][]Object{o.apps, o.servers, o.origins} {
		for _, x := range list {
			if x["id"] == id {
				x["status"] = status
			}
		}
	}
}

// OriginID returns the id of the trusted origin for origin ("" when none).
func (o *Org) OriginID(origin string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, t := range o.origins {
		if t["origin"] == origin {
			id, _ := t["id"].(string)
			return id
		}
	}
	return ""
}
