package omconf

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/omsso/omsso/schema"
)

// Document nests an effective config as the server's JSON object; absent (nil) keys are left out.
func (e Effective) Document() map[string]any {
	doc := map[string]any{}
	for path, v := range e {
		if v == nil {
			continue
		}
		parts := strings.Split(path, ".")
		m := doc
		for _, p := range parts[:len(parts)-1] {
			next, ok := m[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[p] = next
			}
			m = next
		}
		m[parts[len(parts)-1]] = jsonValue(v)
	}
	return doc
}

func jsonValue(v any) any {
	switch t := v.(type) {
	case int64:
		return json.Number(strconv.FormatInt(t, 10))
	case []string:
		out := make([]any, len(t))
		for i, s := range t {
			out[i] = s
		}
		return out
	case map[string]string:
		out := map[string]any{}
		for k, s := range t {
			out[k] = s
		}
		return out
	}
	return v
}

// authSchema is compiled once: the schema is embedded, and a compiled schema is read-only.
var authSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.OpenMetadataAuth()))
	if err != nil {
		return nil, err
	}
	if err := withTableKeys(doc); err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	const url = "openmetadata-auth.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
})

// withTableKeys gives every key of the table at least its type in the contract: the schema file
// adds the constraints upstream's schemas set (enums, patterns, required lists), but a key new
// to the table needs no entry there to be emitted and validated.
func withTableKeys(doc any) error {
	for _, k := range keys {
		props := doc
		parts := strings.Split(k.Path, ".")
		for _, p := range parts[:len(parts)-1] {
			props = childProps(props, p)
		}
		m, ok := props.(map[string]any)
		if !ok {
			return fmt.Errorf("the auth contract has no section for %s", k.Path)
		}
		if _, ok := m[k.Name()]; !ok {
			m[k.Name()] = typeSchema(k)
		}
	}
	return nil
}

// childProps is the "properties" object of a section's schema.
func childProps(props any, name string) any {
	m, _ := props.(map[string]any)
	if p, ok := m["properties"]; ok {
		m, _ = p.(map[string]any)
	}
	sec, _ := m[name].(map[string]any)
	if sec == nil {
		return nil
	}
	return sec["properties"]
}

// typeSchema is the JSON Schema of a key's type.
func typeSchema(k Key) map[string]any {
	switch k.Type {
	case Bool:
		return map[string]any{"type": "boolean"}
	case Int:
		return map[string]any{"type": "integer"}
	case List:
		return map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "uniqueItems": k.Unique}
	case Map:
		return map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}}
	}
	return map[string]any{"type": "string"}
}

// Validate checks an effective config against omsso's description of OpenMetadata's auth
// contract (schema/openmetadata-auth.schema.json) and returns one line per violation.
func Validate(e Effective) ([]string, error) {
	sch, err := authSchema()
	if err != nil {
		return nil, err
	}
	err = sch.Validate(e.Document())
	var ve *jsonschema.ValidationError
	if err == nil {
		return nil, nil
	}
	if !errors.As(err, &ve) {
		return nil, err
	}
	p := message.NewPrinter(language.English)
	var out []string
	var walk func(*jsonschema.ValidationError)
	walk = func(v *jsonschema.ValidationError) {
		if len(v.Causes) == 0 {
			out = append(out, fmt.Sprintf("%s: %s", strings.Join(v.InstanceLocation, "."), v.ErrorKind.LocalizedString(p)))
		}
		for _, c := range v.Causes {
			walk(c)
		}
	}
	walk(ve)
	sort.Strings(out)
	return out, nil
}
