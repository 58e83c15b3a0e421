// Package oktatf turns the Okta desired state (package desired, the one shared by `omsso plan
// --target okta` and okta/SETUP.md) into Terraform code for the okta/okta provider: a model of
// HCL blocks that the terraform templates write, and that Check reads back with hcl/v2 and
// checks against the provider's schema (schema.go). With a snapshot of the live org (Live) the
// same model adopts what exists: import blocks with the provider's id formats, current values
// kept where omsso owns nothing, and shared objects read with data sources instead of managed.
package oktatf

import "strings"

// Expr is an HCL expression omsso composes from resource addresses and fixed text only (a
// reference, a function call); values of the settings are never part of one.
type Expr string

// HCLExpr implements the templates' expression interface.
func (e Expr) HCLExpr() string { return string(e) }

// Ref is the expression for an attribute of a resource or data source address.
func Ref(addr, attr string) Expr { return Expr(addr + "." + attr) }

// Attr is one attribute: a string, bool, int, []string, Expr, or []any of strings and Exprs.
type Attr struct {
	Name  string
	Value any
}

// Block kinds.
const (
	KindResource = "resource"
	KindData     = "data"
	KindOutput   = "output"
	KindImport   = "import"
	KindVariable = "variable"
)

// Block is one top-level block of a file.
type Block struct {
	Kind    string
	Type    string // resource or data source type ("" for output and import)
	Name    string // the block's name label ("" for import)
	Comment []string
	Attrs   []Attr
	// Ignore are attributes Terraform must never change once the object exists (a lifecycle
	// ignore_changes): values omsso does not own, which the provider would reset to its defaults.
	Ignore []string
	// PreventDestroy refuses any plan that would delete the object (lifecycle prevent_destroy):
	// set on every object that existed before Terraform, and on the app, whose replacement
	// would change the client ID.
	PreventDestroy bool
}

// Address is how other blocks refer to a resource or data source.
func (b Block) Address() string {
	switch b.Kind {
	case KindResource:
		return b.Type + "." + b.Name
	case KindData:
		return "data." + b.Type + "." + b.Name
	}
	return ""
}

// Labels are the block's labels, in order.
func (b Block) Labels() []string {
	switch b.Kind {
	case KindResource, KindData:
		return []string{b.Type, b.Name}
	case KindOutput, KindVariable:
		return []string{b.Name}
	}
	return nil
}

// Width is the longest attribute name: terraform fmt aligns the equals signs of a block.
func (b Block) Width() int {
	w := 0
	for _, a := range b.Attrs {
		w = max(w, len(a.Name))
	}
	return w
}

// Pad is the name padded to the block's width.
func (b Block) Pad(name string) string { return name + strings.Repeat(" ", b.Width()-len(name)) }

// Get returns an attribute's value, or nil.
func (b Block) Get(name string) any {
	for _, a := range b.Attrs {
		if a.Name == name {
			return a.Value
		}
	}
	return nil
}

// File is one Terraform file of the output.
type File struct {
	Name     string // main.tf, imports.tf, outputs.tf (versions.tf has no blocks of the model)
	Template string
	Blocks   []Block
}

// Config is the whole output: the files, and the notes the README and the render report show.
type Config struct {
	Files []File
	// Notes say what the user must know before the first terraform plan.
	Notes []string
	// Adopted reports whether a live org was read (import ids are then exact).
	Adopted bool
}

// Blocks are the blocks of every file.
func (c Config) Blocks() []Block {
	var out []Block
	for _, f := range c.Files {
		out = append(out, f.Blocks...)
	}
	return out
}
