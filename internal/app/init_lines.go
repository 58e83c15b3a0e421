package app

import "github.com/omsso/omsso/internal/omconf"

// Reads reports whether the answers' OpenMetadata line reads a settings field (the key table's
// gates), so the settings file explains only the fields of that line.
func (a InitAnswers) Reads(field string) bool {
	for _, g := range omconf.SettingsTable().Gates {
		if g.Field == field {
			return g.ReadOn(a.Version)
		}
	}
	return true
}
