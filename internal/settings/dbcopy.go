package settings

import "strings"

// DBCopy is what an OpenMetadata line does with the deployed security settings once it has
// stored them in its database (OM-2X-FACTS §4): the OKTA020 note and the lines every deployment
// file's header carries. One entry per line range and, from 2.1, per configSource.security.
type DBCopy struct {
	Since, Until string // lines ("" Until: every newer line)
	Source       string // configSource.security the entry is for ("" = any)
	// Note is the OKTA020 message and Header the files' header lines ("%s" is the line);
	// Reset: the header goes on with the commands that drop the stored copy.
	Note, Fix string
	Header    []string
	Reset     bool
}

var dbCopies = []DBCopy{
	{Since: "1.10", Until: "2.0", Reset: true,
		Note: "OpenMetadata %s stores the security config in its database at first start, and that copy wins over env, Helm values and openmetadata.yaml afterwards",
		Fix:  "to apply new settings to a running install: omsso apply --target openmetadata; or ./bootstrap/openmetadata-ops.sh remove-security-config --force (through docker compose exec openmetadata-server or kubectl exec deploy/openmetadata --), then restart",
		Header: []string{"OpenMetadata %s keeps the security config in its database after the first start, and",
			"that copy wins over this file. `omsso apply --target openmetadata` applies the settings to a",
			"running server; or reset the stored copy, and the server reads this file at the next start:"}},
	{Since: "2.1", Source: SourceAuto,
		Note: "OpenMetadata %s (configSource.security AUTO, the default) merges the deployment and its database copy field by field: a value you change in the deployment files is applied at the next start, unless the stored value was changed too (in the UI or the API), which then wins",
		Fix:  "teams that deploy from Git: set configSource.security: ENV, so the files own the fields they set; to push a value past a stored change now: omsso apply --target openmetadata",
		Header: []string{"OpenMetadata %s (configSource.security AUTO): a value changed in this file is applied at the",
			"next start, unless it was also changed in the UI or the API since (then the stored one wins).",
			"Deploying from Git? configSource.security: ENV makes this file own its fields."}},
	{Since: "2.1", Source: SourceEnv,
		Note: "OpenMetadata %s (configSource.security ENV): the deployment files own every field they set; the server rewrites them at each start and the UI and the API refuse to change them (HTTP 409)",
		Fix:  "change these settings here and re-render; fields the files do not set stay editable in the UI",
		Header: []string{"OpenMetadata %s (configSource.security ENV): this file owns every field it sets; the server",
			"applies them at each start and the UI and the API refuse to change them (HTTP 409)."}},
	{Since: "2.1", Source: SourceDB,
		Note: "OpenMetadata %s (configSource.security DB): the database copy wins; the deployment files only fill fields the database lacks",
		Fix:  "to change the stored settings: omsso apply --target openmetadata (or set configSource.security: ENV or AUTO)",
		Header: []string{"OpenMetadata %s (configSource.security DB): the database copy wins; this file only fills",
			"fields it lacks. `omsso apply --target openmetadata` changes the stored settings."}},
}

// DBCopyFor is the entry for the settings' line and config source, or nil (before 1.10).
func DBCopyFor(r *Resolved) *DBCopy {
	for i, d := range dbCopies {
		g := Gate{Since: d.Since, Until: d.Until}
		if g.ReadOn(r.OpenMetadata.Version) && (d.Source == "" || d.Source == r.SecuritySource) {
			return &dbCopies[i]
		}
	}
	return nil
}

// HeaderLines are the entry's header lines for a line.
func (d *DBCopy) HeaderLines(line string) []string {
	out := make([]string, len(d.Header))
	for i, h := range d.Header {
		out[i] = strings.ReplaceAll(h, "%s", line)
	}
	return out
}

// ruleLines are the lines on which a lint rule applies, where not every line.
var ruleLines = map[string]Gate{
	// Sessions live in the database from 2.0, shared by every pod (OM-2X-FACTS §3).
	RuleStickySessions: {Since: "1.5", Until: "1.13"},
	// 2.0's new session keys are ignored on a database written by 1.x; 2.1's AUTO merge fills
	// them from deliberate deployment values (OM-2X-FACTS §4).
	RuleSessionTrap: {Since: "2.0", Until: "2.0"},
	RuleEmailFirst:  {Since: "2.1"},
}

// ruleApplies reports whether a rule applies on the settings' line.
func ruleApplies(id string, r *Resolved) bool {
	g, ok := ruleLines[id]
	return !ok || g.ReadOn(r.OpenMetadata.Version)
}
