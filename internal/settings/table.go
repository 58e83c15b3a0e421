package settings

// Table holds the facts of the key table the settings checks use.
type Table struct {
	// Gates are the settings fields only some OpenMetadata lines read: a field set for an
	// older line gets a warning.
	Gates []Gate
	// ServerEnv maps the env vars the server reads (but the client secret's) to their keys:
	// the secret must not travel in one of them.
	ServerEnv map[string]string
	// Deprecations are the settings fields newer lines deprecate (lint shows the move).
	Deprecations []Deprecation
}

// reads reports whether the settings' line reads a field (fields without a gate are read by
// every line).
func (t Table) reads(r *Resolved, field string) bool {
	for _, g := range t.Gates {
		if g.Field == field {
			return g.ReadOn(r.OpenMetadata.Version)
		}
	}
	return true
}

// Gate says which OpenMetadata lines read a settings field.
type Gate struct {
	Field, Since string
	Until        string // the last line that reads it ("" = every line from Since on)
	Added        string // the release that added it, for the message
	// Refuse: a value set for a line that does not read it is an error, not a warning (the
	// identity and session settings: leaving them out changes who signs in, or for how long).
	Refuse bool
}

// ReadOn reports whether the line reads the field.
func (g Gate) ReadOn(line string) bool {
	return LineAtLeast(line, g.Since) && (g.Until == "" || LineAtLeast(g.Until, line))
}
