package targets_test

import (
	"math/rand/v2"
	"strings"
)

// The keys the chart quotes itself ({{ .v | quote }}) take their values from settings fields
// that validation narrows: the client ID, the scopes, the principal domain and the URLs. These
// make values of each field from what is special to the layers and still valid, so the render
// generator reaches every chart-quoted key with hostile values (a chart model that quotes one
// of them wrongly then binds another value).

// Okta client-ID characters: letters, digits and - _ . ~ $ + ! * ' ( ) , (no '{', quotes or
// backslashes), and all-digit IDs that YAML would read as numbers.
var clientIDPieces = []string{"$", "$$", "$(", "(", ")", "'", ",", "!", "*", "+", "-", "~", ".", "_", "0", "0oa", "1e5", "X", "HOSTNAME", "0x1F"}

// Scope characters: printable ASCII but space, '"' and '\'.
var scopePieces = []string{"$", "${", "}", "{", "#", ":", ": ", "'", ",", "[", "]", "!", "&", "*", "?", "|", "%", "@", "`", "-", "a", "openid", "0123", "X"}

// URL path characters the settings accept.
var urlPieces = []string{"$", "$$", "$(", ")", "(", "!", "*", ",", ";", "=", ":", "@", "&", "~", "+", "%41", "a", "x", "0123", "é"}

// Domains that are valid hosts but look like numbers or keywords to YAML.
var hosts = []string{"example.com", "123.456", "1.10", "0x1F.com", "true.null", "1e5.com", "y.n", "0123.0"}

func pick(rng *rand.Rand, pieces []string, max int) string {
	var b strings.Builder
	for n := 1 + rng.IntN(max); n > 0; n-- {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// hostileQuoted returns settings values for the chart-quoted keys: the OpenMetadata URL, the
// client ID, the principal domain and a scope.
func hostileQuoted(rng *rand.Rand) (url, clientID, pdomain, scope string) {
	url = "https://om.example.com"
	if rng.IntN(2) == 0 {
		url += "/" + pick(rng, urlPieces, 6)
	}
	return url, pick(rng, clientIDPieces, 6), hosts[rng.IntN(len(hosts))], pick(rng, scopePieces, 6)
}
