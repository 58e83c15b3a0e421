package cli

// addOktaTarget registers --target okta (issue: the Okta side, automated).
func addOktaTarget(m map[string]liveTarget) {}
