package targets

import (
	"path/filepath"

	"github.com/omsso/omsso/internal/okta/desired"
	"github.com/omsso/omsso/internal/okta/oktatf"
	"github.com/omsso/omsso/internal/quote"
	"github.com/omsso/omsso/internal/settings"
)

// Terraform renders the Okta side as Terraform code for the okta/okta provider: the objects of
// the desired state that okta/SETUP.md describes and `plan --target okta` checks, for teams who
// manage their org with Terraform. Like the guide it configures no server (nothing to prove with
// the deploy targets' read-back); its own read-back is oktatf.Check, against the provider's
// schema. It is rendered only when named (--target terraform), not by --target all.
type Terraform struct {
	// Adopt, when set, reads the live org for the settings (read only): the code then imports
	// every existing object and keeps the values omsso does not own.
	Adopt func(r *settings.Resolved, d desired.State, groups []string) (*oktatf.Live, error)
}

// Name implements Target.
func (Terraform) Name() string { return "terraform" }

// TerraformDir is the folder of the Terraform files.
const TerraformDir = "terraform"

// Render implements Target.
func (t Terraform) Render(r *settings.Resolved) ([]File, error) {
	d := desired.For(r)
	in := oktatf.Input{R: r, D: d, Groups: AssignGroups(r)}
	if t.Adopt != nil {
		live, err := t.Adopt(r, d, in.Groups)
		if err != nil {
			return nil, err
		}
		in.Live = live
	}
	out, err := oktatf.Render(oktatf.Build(in), Provenance(r))
	if err != nil {
		return nil, err
	}
	var files []File
	for _, f := range out {
		files = append(files, File{Path: TerraformDir + "/" + f.Name, Data: f.Data})
	}
	return files, nil
}

// AssignGroups are the groups the settings name for assignment to the app (okta.assignGroups).
func AssignGroups(r *settings.Resolved) []string { return r.Okta.AssignGroups }

// NextSteps implements Target.
func (Terraform) NextSteps(_ *settings.Resolved, dir string, _ func(string) string) []string {
	tf := filepath.Join(dir, TerraformDir)
	return []string{"cd " + quote.Shell(tf) + " && terraform init && terraform plan",
		"the first plan imports the existing objects and changes only what omsso needs (see " + filepath.Join(tf, "main.tf") + ")"}
}
