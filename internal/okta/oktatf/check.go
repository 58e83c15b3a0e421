package oktatf

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Check reads the files back with hcl/v2, the parser Terraform uses, and checks that they hold
// exactly the blocks of cfg, that every resource, data source and attribute exists in the
// provider's schema with the right type and an allowed value, that required attributes are
// set, that references name blocks and attributes that exist, and that import ids have the
// provider's documented format.
func Check(files []Rendered, cfg Config) error {
	c := &checker{want: map[string]Block{}, seen: map[string]bool{}}
	for _, b := range cfg.Blocks() {
		c.want[key(b.Kind, b.Labels(), b.Attrs)] = b
	}
	for _, f := range files {
		c.file(f)
	}
	for k := range c.want {
		if !c.seen[k] {
			c.fail("block %s is not in the files", k)
		}
	}
	if len(c.problems) > 0 {
		return errors.New("the Terraform files do not read back as written:\n  " + strings.Join(c.problems, "\n  "))
	}
	return nil
}

type checker struct {
	want     map[string]Block
	seen     map[string]bool
	src      []byte
	name     string
	problems []string
}

func (c *checker) fail(format string, a ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, a...))
}

// key identifies a block: kind and labels, and for an import block its target.
func key(kind string, labels []string, attrs []Attr) string {
	k := kind + " " + strings.Join(labels, " ")
	if kind == KindImport {
		for _, a := range attrs {
			if a.Name == "to" {
				k += fmt.Sprint(a.Value)
			}
		}
	}
	return k
}

func (c *checker) file(f Rendered) {
	c.src, c.name = f.Data, f.Name
	file, diags := hclsyntax.ParseConfig(f.Data, f.Name, hcl.InitialPos)
	if diags.HasErrors() {
		c.fail("%s: %s", f.Name, diags.Error())
		return
	}
	for _, blk := range file.Body.(*hclsyntax.Body).Blocks {
		if blk.Type == "terraform" {
			c.terraformBlock(blk)
			continue
		}
		c.block(blk)
	}
}

// block checks one top-level block against the model and the schema.
func (c *checker) block(blk *hclsyntax.Block) {
	attrs := map[string]hclsyntax.Expression{}
	for n, a := range blk.Body.Attributes {
		attrs[n] = a.Expr
	}
	var to string
	if e, ok := attrs["to"]; ok && blk.Type == KindImport {
		to = c.text(e)
	}
	k := blk.Type + " " + strings.Join(blk.Labels, " ") + to
	want, ok := c.want[k]
	if !ok {
		c.fail("%s: block %s is not in the model", c.name, k)
		return
	}
	if c.seen[k] {
		c.fail("%s: block %s appears twice", c.name, k)
	}
	c.seen[k] = true
	c.lifecycle(k, want, blk)
	c.compare(k, want, attrs)
	switch blk.Type {
	case KindResource, KindData:
		c.schema(k, blk.Type, blk.Labels[0], attrs)
	case KindImport:
		c.importBlock(k, attrs)
	}
	for n, e := range attrs {
		if blk.Type == KindVariable && n == "type" {
			continue // a type constraint, not a reference
		}
		c.refs(k+"."+n, e)
	}
}

// compare: the file holds exactly the model's attributes, with the model's values.
func (c *checker) compare(k string, want Block, attrs map[string]hclsyntax.Expression) {
	for _, a := range want.Attrs {
		e, ok := attrs[a.Name]
		if !ok {
			c.fail("%s: attribute %s is missing", k, a.Name)
			continue
		}
		if !c.same(e, a.Value) {
			c.fail("%s.%s: reads back as %s, want %#v", k, a.Name, c.text(e), a.Value)
		}
	}
	for n := range attrs {
		if want.Get(n) == nil {
			c.fail("%s: attribute %s is not in the model", k, n)
		}
	}
}

// same compares a parsed expression with a model value: an Expr by its text, a literal by
// the value HCL evaluates it to.
func (c *checker) same(e hclsyntax.Expression, v any) bool {
	switch t := v.(type) {
	case Expr:
		return c.text(e) == string(t)
	case []any:
		tup, ok := e.(*hclsyntax.TupleConsExpr)
		if !ok || len(tup.Exprs) != len(t) {
			return false
		}
		for i, x := range tup.Exprs {
			if !c.same(x, t[i]) {
				return false
			}
		}
		return true
	}
	if len(e.Variables()) > 0 {
		return false
	}
	val, diags := e.Value(nil)
	if diags.HasErrors() {
		return false
	}
	got, err := goValue(val)
	return err == nil && reflect.DeepEqual(got, norm(v))
}

// norm is a model value as goValue gives it back.
func norm(v any) any {
	if s, ok := v.([]string); ok && len(s) == 0 {
		return []string{}
	}
	return v
}

// goValue converts a literal HCL value to string, bool, int or []string.
func goValue(v cty.Value) (any, error) {
	if v.IsNull() || !v.IsKnown() {
		return nil, errors.New("null or unknown")
	}
	switch {
	case v.Type() == cty.String:
		return v.AsString(), nil
	case v.Type() == cty.Bool:
		return v.True(), nil
	case v.Type() == cty.Number:
		bf := v.AsBigFloat()
		i, acc := bf.Int64()
		if acc != big.Exact {
			return nil, errors.New("not an integer")
		}
		return int(i), nil
	case v.Type().IsTupleType() || v.Type().IsListType():
		out := []string{}
		for it := v.ElementIterator(); it.Next(); {
			_, el := it.Element()
			if el.Type() != cty.String || el.IsNull() {
				return nil, errors.New("a list element is not a string")
			}
			out = append(out, el.AsString())
		}
		return out, nil
	}
	return nil, fmt.Errorf("unexpected type %s", v.Type().FriendlyName())
}

func (c *checker) text(e hclsyntax.Expression) string {
	r := e.Range()
	return string(c.src[r.Start.Byte:r.End.Byte])
}

// terraformBlock checks versions.tf's provider requirement.
func (c *checker) terraformBlock(blk *hclsyntax.Block) {
	for _, rp := range blk.Body.Blocks {
		if rp.Type != "required_providers" {
			continue
		}
		a, ok := rp.Body.Attributes["okta"]
		if !ok {
			c.fail("%s: required_providers has no okta", c.name)
			return
		}
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || !v.Type().IsObjectType() {
			c.fail("%s: required_providers.okta is not an object", c.name)
			return
		}
		src, ver := v.GetAttr("source"), v.GetAttr("version")
		if src.AsString() != "okta/okta" || ver.AsString() != ProviderConstraint {
			c.fail("%s: provider okta is %s %s, want okta/okta %s", c.name, src.AsString(), ver.AsString(), ProviderConstraint)
		}
		return
	}
	c.fail("%s: no required_providers", c.name)
}

// schema checks a resource's or data source's attributes against the provider's schema.
func (c *checker) schema(k, kind, typ string, attrs map[string]hclsyntax.Expression) {
	table := Resources
	if kind == KindData {
		table = DataSources
	}
	spec, ok := table[typ]
	if !ok {
		c.fail("%s: the provider has no %s type %s", k, kind, typ)
		return
	}
	for n, as := range spec.Attrs {
		if _, set := attrs[n]; as.Required && !set {
			c.fail("%s: required attribute %s is not set", k, n)
		}
	}
	for n, e := range attrs {
		as, ok := spec.Attrs[n]
		switch {
		case !ok:
			c.fail("%s: the provider's %s has no attribute %s", k, typ, n)
		case as.ReadOnly:
			c.fail("%s: %s is read-only", k, n)
		case len(e.Variables()) == 0:
			c.literal(k+"."+n, as, e)
		}
	}
}

// literal checks a constant value's type and allowed values.
func (c *checker) literal(at string, as AttrSpec, e hclsyntax.Expression) {
	v, diags := e.Value(nil)
	if diags.HasErrors() {
		c.fail("%s: %s", at, diags.Error())
		return
	}
	g, err := goValue(v)
	if err != nil {
		c.fail("%s: %v", at, err)
		return
	}
	var items []string
	switch t := g.(type) {
	case string:
		items = []string{t}
		if as.Type != TString {
			c.fail("%s: a string, want %s", at, as.Type)
		}
	case bool:
		if as.Type != TBool {
			c.fail("%s: a bool, want %s", at, as.Type)
		}
	case int:
		if as.Type != TNumber {
			c.fail("%s: a number, want %s", at, as.Type)
		}
	case []string:
		items = t
		if as.Type != TList && as.Type != TSet {
			c.fail("%s: a list, want %s", at, as.Type)
		}
		if as.Type == TSet && len(slices.Compact(slices.Sorted(slices.Values(t)))) != len(t) {
			c.fail("%s: a set with repeated values", at)
		}
	}
	for _, s := range items {
		if as.Allowed != nil && !slices.Contains(as.Allowed, s) {
			c.fail("%s: %q is not one of %s", at, s, strings.Join(as.Allowed, ", "))
		}
	}
}
