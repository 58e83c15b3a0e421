package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/omsso/omsso/internal/redact"
)

// FormatVersion is the JSON plan's format. It changes only when a parser must change (a member
// removed or its meaning changed); new members keep it.
const FormatVersion = "1.0"

// document is the JSON of -o json: the plan, what apply did, and the error when it failed.
type document struct {
	FormatVersion string   `json:"format_version"`
	Target        string   `json:"target"`
	Changes       []Change `json:"changes"`
	Notes         []string `json:"notes,omitempty"`
	Summary       Summary  `json:"summary"`
	// Applied is true only when apply wrote something to the live system.
	Applied   bool     `json:"applied"`
	Converged *bool    `json:"converged,omitempty"`
	Remaining []Change `json:"remaining,omitempty"` // what the re-plan still lists
	Backup    string   `json:"backup,omitempty"`    // where apply saved the state it replaced
	Error     string   `json:"error,omitempty"`
}

func write(opts Options, p Provider, before, after *Plan, wrote bool) error {
	if !opts.JSON {
		writeText(opts.Out, before)
		return nil
	}
	doc := newDocument(opts, p, before, wrote)
	if after != nil && wrote {
		c := after.Empty()
		doc.Converged = &c
		doc.Remaining = addressed(after.Target, after.Changes)
	}
	return encode(opts.Out, doc)
}

// fail returns err; with -o json it first writes the error document, so a pipeline reading
// stdout always gets one JSON document.
func fail(opts Options, p Provider, before *Plan, wrote bool, err error) error {
	if !opts.JSON {
		return err
	}
	doc := newDocument(opts, p, before, wrote)
	doc.Error = redact.URLs(err.Error())
	if e := encode(opts.Out, doc); e != nil {
		return fmt.Errorf("%w (and writing the JSON error document failed: %v)", err, e)
	}
	return err
}

func newDocument(opts Options, p Provider, pl *Plan, wrote bool) document {
	doc := document{FormatVersion: FormatVersion, Target: opts.Target, Changes: []Change{}, Applied: wrote}
	if pl != nil {
		doc.Target, doc.Notes, doc.Summary = pl.Target, pl.Notes, Count(pl)
		if pl.Changes != nil {
			doc.Changes = addressed(pl.Target, pl.Changes)
		}
	}
	if b, ok := p.(BackupReporter); ok && wrote {
		doc.Backup = b.BackupPath()
	}
	return doc
}

// encode writes doc with the user-info of every URL hidden (JSON escapes control characters).
func encode(w io.Writer, doc document) error {
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, redact.URLs(string(b))+"\n")
	return err
}

// addressed is a copy of cs where a change its target did not address gets a generic type and
// address from the target and resource names, which are stable across runs. A copy: providers
// compare the plan they were given with a fresh one.
func addressed(target string, cs []Change) []Change {
	out := make([]Change, len(cs))
	for i, c := range cs {
		if c.Type == "" {
			c.Type = target + "_" + snake(strings.Fields(c.Resource + " object")[0])
		}
		if c.Address == "" {
			c.Address = target + "." + c.Resource
		}
		out[i] = c
	}
	return out
}

// snake turns securityConfig into security_config.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
