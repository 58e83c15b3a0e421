package settings

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/omsso/omsso/schema"
)

// The JSON Schema and the Go model name the same keys, so editors complete exactly what
// omsso reads.
func TestSchemaMatchesModel(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(schema.Settings(), &doc); err != nil {
		t.Fatal(err)
	}
	defs, _ := doc["$defs"].(map[string]any)
	var walk func(node map[string]any, typ reflect.Type, path string)
	walk = func(node map[string]any, typ reflect.Type, path string) {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if ref, ok := node["$ref"].(string); ok {
			node = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		}
		props, _ := node["properties"].(map[string]any)
		if node["additionalProperties"] != false {
			t.Errorf("%s: schema allows unknown keys", path)
		}
		var fields []string
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			name := strings.Split(f.Tag.Get("json"), ",")[0]
			fields = append(fields, name)
			p, ok := props[name].(map[string]any)
			if !ok {
				t.Errorf("%s.%s: in the model, not in the schema", path, name)
				continue
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				walk(p, ft, path+"."+name)
			}
		}
		for name := range props {
			if name != "$schema" && !slices.Contains(fields, name) {
				t.Errorf("%s.%s: in the schema, not in the model", path, name)
			}
		}
	}
	walk(doc, reflect.TypeOf(Settings{}), "")
	if _, err := compiledSchema(); err != nil {
		t.Fatal(err)
	}
}

func TestSuggest(t *testing.T) {
	for k, want := range map[string]string{"clientID": "clientId", "scope": "scopes", "domian": "domain", "zzzzzz": ""} {
		if got := suggest(k, []string{"domain", "clientId", "scopes", "issuer"}); got != want {
			t.Errorf("suggest(%q) = %q, want %q", k, got, want)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		`"https://admin:hunter2@om.example.com" has the scheme twice`:     `"https://***@om.example.com" has the scheme twice`,
		"value Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbA is bad":     "value Zm9v…[42 characters hidden] is bad",
		"https://dev-123456.okta.com/oauth2/aus5836ihy7o8ivuJ5d7/v1/keys": "https://dev-123456.okta.com/oauth2/aus5836ihy7o8ivuJ5d7/v1/keys",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
