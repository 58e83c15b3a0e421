package omconf_test

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/upstream"
	"github.com/omsso/omsso/schema"
)

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

func strs(v any) []string {
	var out []string
	l, _ := v.([]any) // absent: none
	for _, s := range l {
		out = append(out, s.(string))
	}
	sort.Strings(out)
	return out
}

// omsso's description of OpenMetadata's auth contract agrees with the upstream JSON schemas on
// every field omsso emits: type, enum, uniqueItems, and the required lists.
func TestAuthSchemaAgreesWithUpstream(t *testing.T) {
	dir := []string{"openmetadata", "openmetadata-spec", "src", "main", "resources", "json", "schema"}
	load := func(parts ...string) map[string]any {
		var m map[string]any
		if err := json.Unmarshal(upstream.Read(t, append(append([]string{}, dir...), parts...)...), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	load2x := func(parts ...string) map[string]any {
		var m map[string]any
		if err := json.Unmarshal(upstream.Read(t, append(append([]string{"openmetadata-2x"}, dir[1:]...), parts...)...), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	var ours map[string]any
	if err := json.Unmarshal(schema.OpenMetadataAuth(), &ours); err != nil {
		t.Fatal(err)
	}
	authz := obj(obj(ours["properties"])["authorizerConfiguration"])
	authn := obj(obj(ours["properties"])["authenticationConfiguration"])
	oidc := obj(obj(authn["properties"])["oidcConfiguration"])
	pairs := []struct {
		name     string
		ours, up map[string]any
	}{
		{"authorizerConfiguration", authz, load("configuration", "authorizerConfiguration.json")},
		{"authenticationConfiguration", authn, load("configuration", "authenticationConfiguration.json")},
		{"oidcConfiguration", oidc, load("security", "client", "oidcClientConfig.json")},
		{"configSource", obj(obj(ours["properties"])["configSource"]), load2x("configuration", "configSourceConfiguration.json")},
	}
	for _, p := range pairs {
		if got, want := strs(p.ours["required"]), strs(p.up["required"]); !slices.Equal(got, want) {
			t.Errorf("%s: required %v, upstream %v", p.name, got, want)
		}
		upProps, defs := obj(p.up["properties"]), obj(p.up["definitions"])
		for name, v := range obj(p.ours["properties"]) {
			mine, theirs := obj(v), obj(upProps[name])
			if theirs == nil {
				t.Errorf("%s.%s: omsso emits a field upstream does not have", p.name, name)
				continue
			}
			if ref, ok := theirs["$ref"].(string); ok {
				if ref == "#/definitions/responseType" {
					theirs = obj(defs["responseType"])
				} else {
					// provider: upstream refers to openMetadataConnection.json (not in the
					// reference data); our enum comes from OKTA-FACTS §4.1.
					continue
				}
			}
			if mine["type"] != theirs["type"] {
				t.Errorf("%s.%s: type %v, upstream %v", p.name, name, mine["type"], theirs["type"])
			}
			if e, ok := theirs["enum"]; ok {
				if !slices.Equal(strs(mine["enum"]), strs(e)) {
					t.Errorf("%s.%s: enum %v, upstream %v", p.name, name, mine["enum"], e)
				}
			}
			if theirs["uniqueItems"] == true && mine["uniqueItems"] != true {
				t.Errorf("%s.%s: upstream requires unique items", p.name, name)
			}
			if it := obj(theirs["items"]); it != nil && obj(mine["items"])["type"] != it["type"] {
				t.Errorf("%s.%s: item type differs", p.name, name)
			}
		}
	}
	// The Okta conditionals: same required lists as upstream's allOf for OIDC providers.
	var upThen [][]string
	for _, c := range load("configuration", "authenticationConfiguration.json")["allOf"].([]any) {
		ifs := obj(obj(c)["if"])
		conds, _ := ifs["allOf"].([]any)
		for _, a := range conds {
			if ct := obj(obj(obj(a)["properties"])["clientType"]); ct != nil {
				upThen = append(upThen, append([]string{ct["const"].(string)}, strs(obj(obj(c)["then"])["required"])...))
			}
		}
	}
	var ourThen [][]string
	for _, c := range authn["allOf"].([]any) {
		ct := obj(obj(obj(obj(c)["if"])["properties"])["clientType"])["const"].(string)
		ourThen = append(ourThen, append([]string{ct}, strs(obj(obj(c)["then"])["required"])...))
	}
	if len(upThen) != 2 || len(ourThen) != 2 {
		t.Fatalf("conditionals: upstream %v, ours %v", upThen, ourThen)
	}
	for i := range ourThen {
		if !slices.Equal(ourThen[i], upThen[i]) {
			t.Errorf("conditional %d: ours %v, upstream %v", i, ourThen[i], upThen[i])
		}
	}
}

// The contract file names no key the table lacks (a key the table drops must not linger
// there); keys the table has and the file does not get their type from the table.
func TestAuthSchemaNamesOnlyTableKeys(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(schema.OpenMetadataAuth(), &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(prefix string, node map[string]any)
	walk = func(prefix string, node map[string]any) {
		props, _ := node["properties"].(map[string]any)
		for name, sub := range props {
			path := strings.TrimPrefix(prefix+"."+name, ".")
			subm, _ := sub.(map[string]any)
			if _, isSection := subm["properties"]; isSection {
				walk(path, subm)
				continue
			}
			if _, ok := omconf.KeyByPath(path); !ok {
				t.Errorf("the contract names %s, which the key table does not have", path)
			}
		}
	}
	walk("", doc)
}
