package quote

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// HCL's output is read back by hcl/v2, Terraform's parser, and evaluates to the input: no
// value becomes an interpolation or a directive.
func TestHCLReadsBack(t *testing.T) {
	for _, s := range []string{"", "plain", `a"b\c`, "${var.x}", "%{ if true }x%{ endif }", "$${", "%%{", "$$${x}", "$", "%", "{}", "a$", "$\n{",
		"tab\there", "line\nbreak\r", "bell\a\x00\x7f", "é ü 日本 🙂", "}${", "${${}}", `\u0041`, "trailing\\"} {
		src := "a = " + HCL(s) + "\n"
		f, diags := hclsyntax.ParseConfig([]byte(src), "t.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Errorf("%q: %s does not parse: %s", s, src, diags.Error())
			continue
		}
		v, diags := f.Body.(*hclsyntax.Body).Attributes["a"].Expr.Value(nil)
		if diags.HasErrors() {
			t.Errorf("%q: %s", s, diags.Error())
			continue
		}
		if got := v.AsString(); got != s {
			t.Errorf("%q reads back as %q (written %s)", s, got, HCL(s))
		}
	}
}
