package targets

import (
	"fmt"
	"strings"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
)

// lineNote is a header note for the lines from Since to Until: what omsso could not confirm
// about a line (OM-2X-FACTS §1, §2), or a setting whose default surprises people.
type lineNote struct {
	Since, Until string
	Lines        []string
}

var lineNotes = []lineNote{
	{Since: "1.13", Until: "1.13", Lines: []string{
		"OpenMetadata 1.13 publishes no conf/openmetadata.yaml to check against: omsso writes the keys",
		"1.12 reads (the 1.13.1 chart has the same values; its new keys arrived in 2.0)."}},
	{Since: "2.1", Lines: []string{
		"OpenMetadata 2.1: its docs are published but its release is unconfirmed; the keys follow the",
		"2.1-era upstream conf/openmetadata.yaml."}},
}

// LineNotes are the header notes of the settings' line: the unconfirmed lines, and from 2.0 the
// per-user session cap.
func LineNotes(r *settings.Resolved) []string {
	var out []string
	for _, n := range lineNotes {
		if (settings.Gate{Since: n.Since, Until: n.Until}).ReadOn(r.OpenMetadata.Version) {
			out = append(out, n.Lines...)
		}
	}
	if k, ok := omconf.KeyByPath("authenticationConfiguration.maxActiveSessionsPerUser"); ok && k.Reads(r) {
		out = append(out, fmt.Sprintf("Sessions: one sign-in lasts %s; a user may be signed in on %d browsers or devices at once,",
			duration(r.SessionExpiry), r.MaxSessions),
			"and signing in on one more signs the least recently used one out (authentication.sessionExpiry,",
			"authentication.maxActiveSessionsPerUser).")
	}
	return out
}

// duration writes seconds as people say them.
func duration(s int) string {
	switch {
	case s%86400 == 0:
		return plural(s/86400, "day")
	case s%3600 == 0:
		return plural(s/3600, "hour")
	}
	return plural(s, "second")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, strings.TrimSpace(unit))
}

// chartReleases are the chart releases omsso proves its values against, per line (the newest
// release of each line whose auth values differ); from 2.0 no chart is published, and the
// values are written for the newest chart omsso knows.
var chartReleases = []struct{ Since, Until, Chart string }{
	{"1.5", "1.5", "1.5.13"}, {"1.6", "1.9", "1.8.12"}, {"1.10", "1.10", "1.10.14"}, {"1.11", "1.11", "1.11.13"},
	{"1.12", "1.12", "1.12.12"}, {"1.13", "1.13", "1.13.1"},
}

// ChartFor is the chart release the Helm values are written for, and whether that chart is of
// the settings' own line (false from 2.0: no chart of the line is published).
func ChartFor(line string) (chart string, own bool) {
	for _, c := range chartReleases {
		if (settings.Gate{Since: c.Since, Until: c.Until}).ReadOn(line) {
			return c.Chart, true
		}
	}
	return chartReleases[len(chartReleases)-1].Chart, false
}

// chartNotes are the Helm values' header lines for a line without a chart of its own.
func chartNotes(r *settings.Resolved) []string {
	chart, own := ChartFor(r.OpenMetadata.Version)
	if own {
		return nil
	}
	return []string{
		fmt.Sprintf("No chart of OpenMetadata %s is published yet: these values are for the newest chart omsso", r.OpenMetadata.Version),
		fmt.Sprintf("knows (%s); the keys it has no value for go through extraEnvs. Set image.tag to your", chart),
		"server's release, and prove the chart you use: omsso verify --target helm --chart <chart>",
	}
}
