package targets_test

import (
	"encoding/json"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/omsso/omsso/internal/upstream"
	"github.com/omsso/omsso/targets"
)

// schemaLoader serves upstream schema files by name; a reference to a schema not in the
// reference data (the provider enum's connection schema, LDAP, SAML) accepts anything.
type schemaLoader map[string]string

func (l schemaLoader) Load(u string) (any, error) {
	f, ok := l[path.Base(u)]
	if !ok {
		return jsonschema.UnmarshalJSON(strings.NewReader(`{"definitions": {"authProvider": {"type": "string"}}}`))
	}
	r, err := os.Open(f)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return jsonschema.UnmarshalJSON(r)
}

// The sections omsso writes for 2.0 and 2.1 validate against the newer upstream schemas: the
// 2.x authenticationConfiguration and oidcClientConfig, the 2.0 authorizer schema (2.1: the
// email-first one) and configSourceConfiguration. The newest readable OIDC schema predates
// endSessionWithProvider (OM-2X-FACTS §7), so that one key is left out of its check.
func TestSections2xValidateAgainstUpstreamSchemas(t *testing.T) {
	spec := func(root string, parts ...string) string {
		return upstream.Path(t, append([]string{root, "openmetadata-spec", "src", "main", "resources", "json", "schema"}, parts...)...)
	}
	authz := map[string]string{
		"2.0": spec("openmetadata-2x", "configuration", "authorizerConfiguration.2.0-0d30e855.json"),
		"2.1": spec("openmetadata", "configuration", "authorizerConfiguration.main-2.0-1aa230fd.json"),
	}
	n := 0
	for name, r := range goldenCases(t) {
		line := r.OpenMetadata.Version
		if authz[line] == "" {
			continue
		}
		n++
		doc := targets.Expected(r, "baremetal")
		delete(doc, "authenticationConfiguration.oidcConfiguration.endSessionWithProvider")
		nested := doc.Document()
		l := schemaLoader{
			"authenticationConfiguration.json": spec("openmetadata-2x", "configuration", "authenticationConfiguration.json"),
			"oidcClientConfig.json":            spec("openmetadata-2x", "security", "client", "oidcClientConfig.json"),
			"authorizerConfiguration.json":     authz[line],
			"configSourceConfiguration.json":   spec("openmetadata-2x", "configuration", "configSourceConfiguration.json"),
		}
		for section, file := range map[string]string{"authenticationConfiguration": "authenticationConfiguration.json", "authorizerConfiguration": "authorizerConfiguration.json", "configSource": "configSourceConfiguration.json"} {
			v, ok := nested[section]
			if !ok {
				if section != "configSource" || line == "2.1" {
					t.Errorf("%s: no %s", name, section)
				}
				continue
			}
			c := jsonschema.NewCompiler()
			c.UseLoader(l)
			sch, err := c.Compile("https://open-metadata.org/schema/configuration/" + file)
			if err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(strings.NewReader(jsonText(t, v)))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("%s (%s): %s does not validate: %v", name, line, section, err)
			}
		}
	}
	if n < 4 {
		t.Fatalf("only %d 2.x golden cases", n)
	}
}

func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
