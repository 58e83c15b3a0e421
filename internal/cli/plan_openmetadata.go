package cli

// addOpenMetadataTarget registers --target openmetadata (issue: the running server).
func addOpenMetadataTarget(m map[string]liveTarget) {}
