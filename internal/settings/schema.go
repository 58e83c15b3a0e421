package settings

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/omsso/omsso/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// unknownKeys reports keys the model lacks, with a suggestion.
func unknownKeys(src *Source, v any, t reflect.Type, path string) Problems {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	fields := map[string]reflect.Type{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		name := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
		fields[name] = t.Field(i).Type
		names = append(names, name)
	}
	if path == "" {
		fields["$schema"] = reflect.TypeOf("")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var probs Problems
	for _, k := range keys {
		ft, ok := fields[k]
		p := joinPath(path, k)
		if !ok {
			msg := fmt.Sprintf("unknown key %q", k)
			fix := "remove it; known keys here: " + strings.Join(names, ", ")
			if s := suggest(k, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
				fix = fmt.Sprintf("rename it to %s (keys are case-sensitive)", s)
			}
			probs = append(probs, src.problem(RuleUnknownKey, Error, p, msg, fix))
			continue
		}
		probs = append(probs, unknownKeys(src, m[k], ft, p)...)
	}
	return probs
}

// suggest finds the closest known name: same spelling in another case, or within two edits.
func suggest(k string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if strings.EqualFold(n, k) {
			return n
		}
		if d := editDistance(strings.ToLower(k), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkSchema validates the file document against the embedded JSON Schema. Required and
// unknown keys are left to the semantic checks (values may come from env or flags) and to
// unknownKeys (which suggests a spelling).
func checkSchema(src *Source, inst any) Problems {
	sch, err := compiledSchema()
	if err != nil {
		return Problems{{Msg: "internal error: settings schema: " + err.Error()}}
	}
	if m, ok := inst.(map[string]any); ok {
		if cs, ok := lookupMap(m, "okta", "clientSecret"); ok {
			if _, isMap := cs.(map[string]any); !isMap && cs != nil {
				// Never echo it: it is probably the secret itself.
				return Problems{src.problem(RuleLiteralSecret, Error, "okta.clientSecret", "a literal client secret is refused: omsso never writes the secret into generated files",
					"reference it instead, e.g. clientSecret: {env: OKTA_CLIENT_SECRET} (or file: /path, or kubernetesSecret: {name: oidc-secrets, key: openmetadata-oidc-client-secret})")}
			}
		}
	}
	err = sch.Validate(inst)
	var ve *jsonschema.ValidationError
	if err == nil || !errors.As(err, &ve) {
		return nil
	}
	var probs Problems
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		// Only types here: values are judged after merging env and flags, with better messages.
		t, ok := e.ErrorKind.(*kind.Type)
		if !ok {
			return
		}
		path := instancePath(e.InstanceLocation)
		msg := fmt.Sprintf("wrong type: got %s, want %s", t.Got, strings.Join(t.Want, " or "))
		fix := "write " + article(strings.Join(t.Want, " or "))
		switch {
		case strings.HasSuffix(path, ".version"):
			fix = `quote the version, e.g. "2.0" or "1.10" (YAML reads 2.0 and 1.10 as numbers)`
		case len(t.Want) == 1 && t.Want[0] == "array":
			fix = "write a list, e.g. [a, b]"
		case len(t.Want) == 1 && t.Want[0] == "boolean":
			fix = "write true or false, without quotes"
		}
		probs = append(probs, src.problem(RuleType, Error, path, msg, fix))
	}
	walk(ve)
	return probs
}

func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

func instancePath(loc []string) string {
	var b strings.Builder
	for _, tok := range loc {
		if _, err := strconv.Atoi(tok); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteString(".")
		}
		b.WriteString(tok)
	}
	return b.String()
}

func lookupMap(m map[string]any, keys ...string) (any, bool) {
	var cur any = m
	for _, k := range keys {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = mm[k]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

// compiledSchema is compiled once: the schema is embedded and a compiled schema is read-only.
var compiledSchema = sync.OnceValues(compileSchema)

func compileSchema() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.Settings()))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	const url = "omsso.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
}

// leafKeys lists viper keys (lowercase dotted) for every leaf field, for env binding.
func leafKeys(t reflect.Type, prefix string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := f.Tag.Get("mapstructure")
		if prefix != "" {
			key = prefix + "." + key
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct {
			out = append(out, leafKeys(ft, key)...)
			continue
		}
		out = append(out, key)
	}
	return out
}
