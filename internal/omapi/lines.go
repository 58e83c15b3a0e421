package omapi

import "github.com/omsso/omsso/internal/settings"

// API is how one OpenMetadata line's security API behaves, as data (OM-2X-FACTS §3–§5,
// OM-SECURITY-API §5): code asks APIOf(line) instead of comparing versions.
type API struct {
	Since string // the first line with this behaviour; it holds until the next entry
	// StoredWins: the stored rows were seeded from the files once and the server reads only
	// them, so an env value of a key the row lacks (written by an older line) is ignored and
	// only the API sets it (the 2.0 upgrade trap for the session keys).
	StoredWins bool
	// UnmigratedSince: keys the table says this line or a later one added are missing from a
	// row an older line wrote, and no migration adds them (confirmed for 2.0's session keys;
	// not claimed for earlier additions).
	UnmigratedSince string
	// TestLogin: POST /api/v1/system/security/test-login/validate-token exists (2.0+; its
	// absence from 1.13 is inferred, so 1.13 is treated as lacking it).
	TestLogin bool
	// Source: GET /api/v1/system/settings/source exists, with the AUTO, ENV and DB modes, 409
	// for file-owned fields in ENV mode and 412 on a lost compare-and-set (2.1).
	Source bool
	// RestoresMask: PUT puts the stored secret back in place of the mask. Before 2.1 PUT stores
	// the mask itself, so omsso always sends the real secret (it does on 2.1 too).
	RestoresMask bool
	// AllServersReload: a save reaches every server within watchIntervalSeconds; before 2.1
	// only the server that answered the PUT reloads.
	AllServersReload bool
}

// apis lists the behaviours in line order; each holds until the next.
var apis = []API{
	{Since: "1.10", StoredWins: true},
	{Since: "2.0", StoredWins: true, UnmigratedSince: "2.0", TestLogin: true},
	{Since: "2.1", TestLogin: true, Source: true, RestoresMask: true, AllServersReload: true},
}

// APIOf is the behaviour of a line's security API (lines before 1.10 have none: the zero API).
func APIOf(line string) API {
	out := API{}
	for _, a := range apis {
		if atLeast(line, a.Since) {
			out = a
		}
	}
	return out
}

// atLeast compares two known lines by their order in settings.Versions().
func atLeast(line, since string) bool {
	idx := func(v string) int {
		for i, x := range settings.Versions() {
			if x == v {
				return i
			}
		}
		return -1
	}
	i, j := idx(line), idx(since)
	return i >= 0 && j >= 0 && i >= j
}
