package quote

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestLiteralBlockReadsBack(t *testing.T) {
	for _, s := range []string{
		"a: 1\n", "# c\n\nb: \"x\"\n  indented: $${y}\n", "trailing space \n", "", "no newline", "two\n\n", " leading\n", "\ttab\n",
		"a\r\n", "x: |\n  y\n",
	} {
		doc := "data:\n  values.yaml: " + LiteralBlock(s, 4) + "\n"
		var v struct {
			Data map[string]string `yaml:"data"`
		}
		if err := yaml.Unmarshal([]byte(doc), &v); err != nil || v.Data["values.yaml"] != s {
			t.Errorf("LiteralBlock(%q) reads back as %q (%v):\n%s", s, v.Data["values.yaml"], err, doc)
		}
	}
}
