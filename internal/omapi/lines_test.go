package omapi_test

import (
	"testing"

	"github.com/omsso/omsso/internal/omapi"
)

// The per-line table: each line gets the behaviour OM-2X-FACTS §3–§5 gives it.
func TestAPIOf(t *testing.T) {
	for _, c := range []struct {
		line string
		want omapi.API
	}{
		{"1.9", omapi.API{}},
		{"1.10", omapi.API{Since: "1.10", StoredWins: true}},
		{"1.13", omapi.API{Since: "1.10", StoredWins: true}}, // test login's absence from 1.13 is inferred: the safe side
		{"2.0", omapi.API{Since: "2.0", StoredWins: true, UnmigratedSince: "2.0", TestLogin: true}},
		{"2.1", omapi.API{Since: "2.1", TestLogin: true, Source: true, RestoresMask: true, AllServersReload: true}},
	} {
		if got := omapi.APIOf(c.line); got != c.want {
			t.Errorf("APIOf(%s) = %+v, want %+v", c.line, got, c.want)
		}
	}
}
