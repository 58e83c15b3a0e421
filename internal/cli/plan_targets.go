package cli

// registerLiveTargets lists the live targets of plan and apply. Each target's constructor lives
// in its own file (plan_okta.go, plan_openmetadata.go) and adds itself here.
func registerLiveTargets(m map[string]liveTarget) {
	for _, add := range []func(map[string]liveTarget){addOktaTarget, addOpenMetadataTarget} {
		add(m)
	}
}
