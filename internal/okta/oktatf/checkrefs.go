package oktatf

import (
	"slices"

	"github.com/zclconf/go-cty/cty"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// functions omsso's expressions may call.
var functions = []string{"setunion"}

// refs checks that every reference names a block of the model and an attribute its type has,
// and that only known functions are called.
func (c *checker) refs(at string, e hclsyntax.Expression) {
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		if f, ok := n.(*hclsyntax.FunctionCallExpr); ok && !slices.Contains(functions, f.Name) {
			c.fail("%s: function %s is not one omsso uses", at, f.Name)
		}
		return nil
	})
	for _, tr := range e.Variables() {
		c.ref(at, tr)
	}
}

func (c *checker) ref(at string, tr hcl.Traversal) {
	parts := []string{tr.RootName()}
	for _, s := range tr[1:] {
		if a, ok := s.(hcl.TraverseAttr); ok {
			parts = append(parts, a.Name)
		}
	}
	kind, table := KindResource, Resources
	switch parts[0] {
	case "data":
		kind, table, parts = KindData, DataSources, parts[1:]
	case "var":
		if len(parts) != 2 || !c.has(KindVariable+" "+parts[1]) {
			c.fail("%s: %s names no variable", at, strings.Join(parts, "."))
		}
		return
	}
	if len(parts) < 2 {
		c.fail("%s: reference %s is incomplete", at, strings.Join(parts, "."))
		return
	}
	if !c.has(kind + " " + parts[0] + " " + parts[1]) {
		c.fail("%s: %s names no block of the files", at, strings.Join(parts, "."))
		return
	}
	if len(parts) == 2 {
		return // the import target
	}
	spec := table[parts[0]]
	if _, ok := spec.Attrs[parts[2]]; !ok {
		c.fail("%s: the provider's %s has no attribute %s", at, parts[0], parts[2])
	}
}

func (c *checker) has(k string) bool { _, ok := c.want[k]; return ok }

// importBlock checks that an import names a resource omsso writes, with an id of the format the
// provider documents for that type: as many non-empty segments, separated by "/".
func (c *checker) importBlock(k string, attrs map[string]hclsyntax.Expression) {
	to, id := attrs["to"], attrs["id"]
	if to == nil || id == nil {
		c.fail("%s: an import needs to and id", k)
		return
	}
	trs := to.Variables()
	if len(trs) != 1 {
		c.fail("%s: to is not one resource address", k)
		return
	}
	typ := trs[0].RootName()
	spec, ok := Resources[typ]
	if !ok {
		c.fail("%s: to names %s, not a resource type omsso writes", k, typ)
		return
	}
	v, diags := id.Value(nil)
	if diags.HasErrors() || len(id.Variables()) > 0 {
		c.fail("%s: id is not a constant string", k)
		return
	}
	g, err := goValue(v)
	s, isStr := g.(string)
	if err != nil || !isStr {
		c.fail("%s: id is not a string", k)
		return
	}
	segs := strings.Split(s, "/")
	if len(segs) != len(spec.ImportID) || slices.Contains(segs, "") {
		c.fail("%s: import id %q does not have the provider's format %s", k, s, strings.Join(spec.ImportID, "/"))
	}
}

// lifecycle checks the only nested block omsso writes: lifecycle { prevent_destroy = true,
// ignore_changes = [...] }, naming attributes the resource type has, exactly as the model says.
func (c *checker) lifecycle(k string, want Block, blk *hclsyntax.Block) {
	var ignore []string
	prevent := false
	for _, nb := range blk.Body.Blocks {
		if nb.Type != "lifecycle" || blk.Type != KindResource || len(nb.Body.Blocks) > 0 {
			c.fail("%s: unexpected nested block %s", k, nb.Type)
			continue
		}
		for n, a := range nb.Body.Attributes {
			switch n {
			case "prevent_destroy":
				v, diags := a.Expr.Value(nil)
				prevent = !diags.HasErrors() && v.Type() == cty.Bool && v.True()
			case "ignore_changes":
				ignore = append(ignore, c.ignored(k, blk.Labels[0], a.Expr)...)
			default:
				c.fail("%s: lifecycle has %s", k, n)
			}
		}
	}
	if !slices.Equal(ignore, want.Ignore) {
		c.fail("%s: ignore_changes is %v, want %v", k, ignore, want.Ignore)
	}
	if prevent != want.PreventDestroy {
		c.fail("%s: prevent_destroy is %v, want %v", k, prevent, want.PreventDestroy)
	}
}

// ignored returns the attribute names of an ignore_changes list.
func (c *checker) ignored(k, typ string, e hclsyntax.Expression) []string {
	tup, ok := e.(*hclsyntax.TupleConsExpr)
	if !ok {
		c.fail("%s: ignore_changes is not a list", k)
		return nil
	}
	var out []string
	for _, x := range tup.Exprs {
		trs := x.Variables()
		if len(trs) != 1 || len(trs[0]) != 1 {
			c.fail("%s: ignore_changes holds %s, not an attribute name", k, c.text(x))
			continue
		}
		n := trs[0].RootName()
		if as, ok := Resources[typ].Attrs[n]; !ok || as.ReadOnly {
			c.fail("%s: ignore_changes names %s, not an attribute of %s", k, n, typ)
		}
		out = append(out, n)
	}
	return out
}
