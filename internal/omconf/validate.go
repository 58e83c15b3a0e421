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
	c := jsonschema.NewCompiler()
	const url = "openmetadata-auth.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
})

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
