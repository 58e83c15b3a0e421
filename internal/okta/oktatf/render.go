package oktatf

import (
	"github.com/omsso/omsso/templates"
)

// Rendered is one written file.
type Rendered struct {
	Name string
	Data []byte
}

// view is what the terraform templates see.
type view struct {
	Provenance         string
	Notes              []string
	Adopted            bool
	File               File
	ProviderVersion    string
	ProviderConstraint string
}

// Render writes the files of cfg (and versions.tf) through the terraform templates, then
// reads them back (Check): a file the provider would refuse, or that says something else than
// the model, is a bug in omsso, returned as an error rather than written.
func Render(cfg Config, provenance string) ([]Rendered, error) {
	v := view{Provenance: provenance, Adopted: cfg.Adopted, ProviderVersion: ProviderVersion, ProviderConstraint: ProviderConstraint}
	var out []Rendered
	for _, f := range cfg.Files {
		fv := v
		fv.File = f
		if f.Name == "main.tf" {
			fv.Notes = cfg.Notes
		}
		data, err := templates.Render(f.Template, fv)
		if err != nil {
			return nil, err
		}
		out = append(out, Rendered{Name: f.Name, Data: data})
	}
	data, err := templates.Render("terraform/versions.tf.tmpl", v)
	if err != nil {
		return nil, err
	}
	out = append(out, Rendered{Name: "versions.tf", Data: data})
	if err := Check(out, cfg); err != nil {
		return nil, err
	}
	return out, nil
}
