// Package schema embeds the JSON Schema of omsso.yaml, so the binary can print it and
// validate against it.
package schema

import _ "embed"

//go:embed omsso.schema.json
var settingsSchema []byte

// Settings returns the JSON Schema of omsso.yaml.
func Settings() []byte { return append([]byte(nil), settingsSchema...) }

//go:embed openmetadata-auth.schema.json
var authSchema []byte

// OpenMetadataAuth returns omsso's JSON Schema of OpenMetadata's auth configuration contract.
func OpenMetadataAuth() []byte { return append([]byte(nil), authSchema...) }
