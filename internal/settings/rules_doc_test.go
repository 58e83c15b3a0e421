package settings

import (
	"os"
	"regexp"
	"testing"
)

// Every rule ID has a row in docs/lint-rules.md: users look a finding's ID up there (OKTA028 –
// OKTA031 had none).
func TestEveryRuleIsDocumented(t *testing.T) {
	src, err := os.ReadFile("rules.go")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../../docs/lint-rules.md")
	if err != nil {
		t.Fatal(err)
	}
	ids := regexp.MustCompile(`= "((?:OMSSO|OKTA)\d{3})"`).FindAllStringSubmatch(string(src), -1)
	if len(ids) < 30 {
		t.Fatalf("found only %d rule IDs in rules.go: the scanner is broken", len(ids))
	}
	for _, m := range ids {
		if !regexp.MustCompile("(?m)^\\| `" + m[1] + "` \\|").Match(doc) {
			t.Errorf("docs/lint-rules.md has no row for %s", m[1])
		}
	}
}
