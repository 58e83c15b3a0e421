// Package verify proves files on disk (rendered by omsso, perhaps edited since) against the
// settings, with the same engine render uses (targets.Prove) and the real consumers the user
// names; and explains where each server key comes from on each target.
package verify

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

// Options says what to prove.
type Options struct {
	Dir     string   // folder rendered earlier (render -o DIR)
	Targets []string // target names
	// Proof names the real consumers (compose files, chart, helm binary, a whole conf file).
	Proof targets.ProofOptions
	// Files, when set, are the outputs in memory (render proves before writing); Dir is then
	// only used in messages.
	Files []targets.File
}

// Finding is one server key a target gets wrong.
type Finding = targets.Finding

// Report is the result of a proof.
type Report struct {
	Findings []Finding         `json:"findings"`
	Proved   map[string]string `json:"proved"` // target -> what was proved with what
	// Model says, per target, that omsso's model of a layer read the files (true: the text's
	// "omsso's model of …"), not the real library or the user's own files (false).
	Model   map[string]bool     `json:"model"`
	Notes   []string            `json:"notes,omitempty"`
	Checked map[string][]string `json:"checked"` // target -> consumers
	// Source says what was read: a folder on disk, or a render in memory (set by the caller).
	Source string `json:"source,omitempty"`
}

// OK reports whether nothing differs.
func (r *Report) OK() bool { return len(r.Findings) == 0 }

// Run proves the targets in opts.
func Run(r *settings.Resolved, opts Options) (*Report, error) {
	rep := &Report{Findings: []Finding{}, Proved: map[string]string{}, Model: map[string]bool{}, Checked: map[string][]string{}}
	for _, name := range opts.Targets {
		t, ok := targets.DeployByName(name)
		if !ok {
			return nil, fmt.Errorf("unknown target %q", name)
		}
		files, err := opts.files(t)
		if err != nil {
			return nil, err
		}
		po := opts.Proof
		po.Dir = opts.Dir
		p, err := targets.Prove(r, t, files, po)
		if err != nil {
			return nil, err
		}
		if p.Proved != "" {
			rep.Proved[name] = p.Proved
		}
		rep.Model[name] = !p.Real
		rep.Checked[name] = p.Consumers
		rep.Findings = append(rep.Findings, p.Findings...)
	}
	return rep, nil
}

// files are the outputs the target reads, from memory or the folder.
func (o Options) files(t targets.Deploy) ([]targets.File, error) {
	var out []targets.File
	for _, rel := range t.Paths(o.Proof) {
		data, err := o.read(rel)
		if err != nil {
			return nil, err
		}
		out = append(out, targets.File{Path: rel, Data: data})
	}
	return out, nil
}

func (o Options) read(rel string) ([]byte, error) {
	if o.Files != nil {
		for _, f := range o.Files {
			if f.Path == rel {
				return f.Data, nil
			}
		}
		return nil, fmt.Errorf("no %s among the rendered files", rel)
	}
	p := filepath.Join(o.Dir, filepath.FromSlash(rel))
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s (render it first: omsso render --output-dir %s): %w", p, o.Dir, err)
	}
	return data, nil
}
