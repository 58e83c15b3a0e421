package settings

// Table holds the facts of the key table the settings checks use.
type Table struct {
	// Gates are the settings fields only some OpenMetadata lines read: a field set for an
	// older line gets a warning.
	Gates []Gate
	// ServerEnv maps the env vars the server reads (but the client secret's) to their keys:
	// the secret must not travel in one of them.
	ServerEnv map[string]string
}

// reads reports whether the settings' line reads a field (fields without a gate are read by
// every line).
func (t Table) reads(r *Resolved, field string) bool {
	for _, g := range t.Gates {
		if g.Field == field {
			return r.AtLeast(g.Since)
		}
	}
	return true
}

// Gate says from which OpenMetadata line a settings field is read.
type Gate struct {
	Field, Since string
	Added        string // the release that added it, for the message
}
