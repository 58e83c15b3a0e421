package omapi

import (
	"context"
	"errors"
	"fmt"
	"github.com/omsso/omsso/internal/plural"
	"net/http"
	"slices"
	"strings"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/plan"
)

// PathSource is 2.1's report of where each dual-source setting takes its values from.
const PathSource = "/api/v1/system/settings/source"

// The two settings of the security config, as configType and as the body's top-level keys.
var securityTypes = []string{"authenticationConfiguration", "authorizerConfiguration"}

// Overridden is a deliberate deployment value the stored one overrides (AUTO, DB).
type Overridden struct {
	Path        string `json:"path"` // JSON pointer inside the setting, e.g. /clientId
	EnvVariable string `json:"envVariable"`
}

// SettingSource is one entry of GET /api/v1/system/settings/source (settingsSourceResponse.json).
type SettingSource struct {
	ConfigType       string       `json:"configType"`
	Source           string       `json:"source"` // AUTO | ENV | DB
	SourceVariable   string       `json:"sourceVariable"`
	Editable         bool         `json:"editable"`
	ManagedPaths     []string     `json:"managedPaths"`
	OverriddenFields []Overridden `json:"overriddenFields"`
	LastReloadError  string       `json:"lastReloadError"`
}

// Sources are the security settings' entries, by configType.
type Sources map[string]SettingSource

// Source reads GET /api/v1/system/settings/source and keeps the two security settings.
func (c *Client) Source(ctx context.Context) (Sources, error) {
	var resp struct {
		Settings []SettingSource `json:"settings"`
	}
	if _, err := c.call(ctx, http.MethodGet, PathSource, nil, &resp); err != nil {
		return nil, err
	}
	out := Sources{}
	for _, s := range resp.Settings {
		if slices.Contains(securityTypes, s.ConfigType) {
			// Everything here is server text that reaches the terminal: escape it all.
			s.Source = strings.ToUpper(c.clean(s.Source))
			s.SourceVariable, s.LastReloadError = c.clean(s.SourceVariable), c.clean(s.LastReloadError)
			for i := range s.ManagedPaths {
				s.ManagedPaths[i] = c.clean(s.ManagedPaths[i])
			}
			for i, o := range s.OverriddenFields {
				s.OverriddenFields[i] = Overridden{Path: c.clean(o.Path), EnvVariable: c.clean(o.EnvVariable)}
			}
			out[s.ConfigType] = s
		}
	}
	return out, nil
}

// pointer splits a body path (authenticationConfiguration.oidcConfiguration.id) into its
// setting and the JSON pointer inside it (/oidcConfiguration/id).
func pointer(path string) (configType, ptr string) {
	head, rest, _ := strings.Cut(path, ".")
	return head, "/" + strings.ReplaceAll(rest, ".", "/")
}

// dotPath is the body path of a pointer inside a setting.
func dotPath(configType, ptr string) string {
	p := strings.Trim(ptr, "/")
	if p == "" {
		return configType
	}
	return configType + "." + strings.ReplaceAll(p, "/", ".")
}

// Managed reports whether the deployment owns a body path (ENV mode): a managed path equal to
// it, above it ("/" is the whole setting) or below it (a block the change replaces).
func (s Sources) Managed(path string) bool {
	ct, ptr := pointer(path)
	e, ok := s[ct]
	if !ok || e.Source != "ENV" {
		return false
	}
	for _, m := range e.ManagedPaths {
		m = "/" + strings.Trim(m, "/")
		if m == "/" || m == ptr || strings.HasPrefix(ptr, m+"/") || strings.HasPrefix(m, ptr+"/") {
			return true
		}
	}
	return false
}

// modeVar names the env var that selects a setting's mode.
func (s Sources) modeVar(configType string) string {
	if v := s[configType].SourceVariable; v != "" {
		return v
	}
	return "SECURITY_CONFIG_SOURCE"
}

// envOf names the deployment's env var for a body path, from the key table.
func envOf(path string) string {
	if k, ok := omconf.KeyByPath(path); ok && k.Env != "" {
		return k.Env
	}
	return ""
}

// annotate marks the changes the deployment owns (ENV) and adds the plan's notes about the
// config source: the mode, the deployment values the stored config overrides, reload errors.
func (s Sources) annotate(p *plan.Plan, render string) {
	owned := 0
	for i, c := range p.Changes {
		if !s.Managed(c.Field) {
			continue
		}
		owned++
		ct, _ := pointer(c.Field)
		note := fmt.Sprintf("owned by the deployment files (%s=ENV): the API refuses it (409)", s.modeVar(ct))
		if env := envOf(c.Field); env != "" {
			note += "; it comes from " + env
		}
		p.Changes[i].Note = joinNote(c.Note, note)
	}
	for _, ct := range securityTypes {
		e, ok := s[ct]
		if !ok {
			continue
		}
		p.Notes = append(p.Notes, s.modeNote(ct, e))
		for _, o := range e.OverriddenFields {
			line := fmt.Sprintf("the stored %s overrides a value the deployment files set", dotPath(ct, o.Path))
			if o.EnvVariable != "" {
				line += " (" + o.EnvVariable + ")"
			}
			p.Notes = append(p.Notes, line+": the server ignores the file's value while the stored one differs")
		}
		if e.LastReloadError != "" {
			p.Notes = append(p.Notes, fmt.Sprintf("the server could not apply the stored %s: %s", ct, clipText(e.LastReloadError, 300)))
		}
	}
	if owned > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("%s the deployment files own; apply refuses them: change the deployment instead (%s, deploy the files, restart)", plural.Of(owned, "change touches fields", "changes touch fields"), render))
	}
}

// modeNote explains one setting's mode.
func (s Sources) modeNote(ct string, e SettingSource) string {
	switch e.Source {
	case "ENV":
		return fmt.Sprintf("%s is in ENV mode (%s=ENV): the deployment files own the fields they define, rewritten at every start; the API changes only the others", ct, s.modeVar(ct))
	case "DB":
		return fmt.Sprintf("%s is in DB mode (%s=DB): what apply saves stays; the deployment files only fill fields the stored config lacks", ct, s.modeVar(ct))
	}
	return fmt.Sprintf("%s is in %s mode (%s): what apply saves wins over the deployment files until a file value changes while the stored one does not; keep the files in step (omsso render)", ct, orNone(e.Source), s.modeVar(ct))
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// refuseOwned stops apply before any write when a change touches a field the deployment owns.
func (s Sources) refuseOwned(changes []plan.Change, render string) error {
	var lines []string
	mode := ""
	for _, c := range changes {
		if !s.Managed(c.Field) {
			continue
		}
		ct, _ := pointer(c.Field)
		mode = s.modeVar(ct)
		line := c.Field
		if env := envOf(c.Field); env != "" {
			line += ": set by " + env
		}
		if c.Setting != "" {
			line += " (settings: " + c.Setting + ")"
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return nil
	}
	return fmt.Errorf("refusing to save: OpenMetadata runs its security settings in ENV mode (%s=ENV), so the deployment files own these fields and the API would refuse them (HTTP 409):\n  %s\nnothing was saved. Change them in the deployment instead: %s, deploy the files and restart (or set %s=AUTO to manage them through the API)",
		mode, strings.Join(lines, "\n  "), render, mode)
}

// sourceUnavailable turns a missing source endpoint into a plan note: a 2.1 build without it
// behaves like 2.0 as far as omsso can tell.
func sourceUnavailable(err error) (string, bool) {
	var ae *Error
	if errors.As(err, &ae) && (ae.Status == http.StatusNotFound || ae.Status == http.StatusMethodNotAllowed) {
		return fmt.Sprintf("the server has no %s (HTTP %d): planning without its config-source modes; if it runs SECURITY_CONFIG_SOURCE=ENV the save may be refused (409)", PathSource, ae.Status), true
	}
	return "", false
}
