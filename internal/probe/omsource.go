package probe

import (
	"context"
	"fmt"
	"github.com/omsso/omsso/internal/plural"
	"strings"

	"github.com/omsso/omsso/internal/omapi"
)

// omSource reports, on a line with config-source modes (2.1), which deployment values the
// running server ignores because the stored config overrides them. It needs an admin token
// (the status endpoint is admin-only); without one it says how to get the report.
func (c *checker) omSource(ctx context.Context, base string) {
	var v omapi.ServerVersion
	if err := c.getJSON(ctx, base+omapi.PathVersion, &v); err != nil {
		return // om_jwks and om_auth already say whether the server answers
	}
	line, _, ok := omapi.Line(v.Version)
	if !ok || !omapi.APIOf(line).Source {
		if ok && omapi.APIOf(line).StoredWins {
			c.add("om_source", Pass, "OpenMetadata %s keeps the security config in its database, which wins over the deployment files; plan --target openmetadata shows the differences", v.Version)
		}
		return
	}
	if c.opts.OpenMetadataToken == "" {
		c.add("om_source", Warn, "OpenMetadata %s can say which deployment values it ignores (%s, admin only): put an admin's personal access token in $OPENMETADATA_TOKEN or pass --token-file", v.Version, omapi.PathSource)
		return
	}
	cl, err := omapi.NewClient(omapi.ClientOptions{BaseURL: base, Token: c.opts.OpenMetadataToken, CAFile: c.opts.CAFile, Timeout: c.opts.Timeout})
	if err != nil {
		c.add("om_source", Fail, "%v", err)
		return
	}
	src, err := cl.Source(ctx)
	if err != nil {
		c.add("om_source", Fail, "%v", err)
		return
	}
	for _, ct := range []string{"authenticationConfiguration", "authorizerConfiguration"} {
		if e, ok := src[ct]; ok {
			c.sourceResult(ct, e)
		}
	}
}

// sourceResult is one setting's mode, the values the server ignores and its reload error.
func (c *checker) sourceResult(ct string, e omapi.SettingSource) {
	name := "om_source." + strings.TrimSuffix(ct, "Configuration")
	if e.LastReloadError != "" {
		c.add(name, Fail, "the server could not apply the stored %s: %s", ct, e.LastReloadError)
		return
	}
	if e.Source == "ENV" {
		c.add(name, Pass, "ENV mode: the deployment files own %s of %s; the stored config cannot override them", plural.Of(len(e.ManagedPaths), "field", "fields"), ct)
		return
	}
	if len(e.OverriddenFields) == 0 {
		c.add(name, Pass, "%s mode: the server ignores none of the deployment's %s values", e.Source, ct)
		return
	}
	var fields []string
	for _, o := range e.OverriddenFields {
		f := strings.ReplaceAll(strings.Trim(o.Path, "/"), "/", ".")
		if o.EnvVariable != "" {
			f += " (" + o.EnvVariable + ")"
		}
		fields = append(fields, f)
	}
	c.add(name, Warn, "%s mode: the server ignores these deployment values of %s because the stored config overrides them: %s. To take the files' values: ./bootstrap/openmetadata-ops.sh adopt-deployment-config --type %s (or \"Use deployment value\" in the UI); to store the settings' values: omsso apply --target openmetadata",
		e.Source, ct, strings.Join(fields, ", "), ct)
}

// storedWinsFix is the fix for a served auth config that differs from the settings, per line.
func storedWinsFix(line string) string {
	if omapi.APIOf(line).Source {
		return fmt.Sprintf("On %s the stored config wins over deliberate deployment values it conflicts with (see om_source): store the settings' values with omsso apply --target openmetadata, or take the files' with ./bootstrap/openmetadata-ops.sh adopt-deployment-config --type authenticationConfiguration", line)
	}
	return "On 1.10 to 2.0 a config stored in the database wins over what was deployed: store the settings' values with omsso apply --target openmetadata, or ./bootstrap/openmetadata-ops.sh remove-security-config --force, then restart"
}
