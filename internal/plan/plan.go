// Package plan is the frame shared by `omsso plan` and `omsso apply` for live systems (the Okta
// org, a running OpenMetadata): a target computes the changes its settings need, the frame
// prints them (text or JSON), asks for consent, applies them and plans again to show that the
// system converged. Targets own their API calls; the frame owns the flow and the exit codes.
package plan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Level says how much a change matters for login.
type Level string

// Levels of a change.
const (
	Required    Level = "required"    // login fails without it
	Recommended Level = "recommended" // what the upstream guide asks beyond that
)

// Change is one difference between the live system and what the settings need.
type Change struct {
	Resource string `json:"resource"`          // e.g. "app 0oa…", "authorizationServer default", "securityConfig"
	Field    string `json:"field"`             // e.g. "redirect_uris", "authenticationConfiguration.clientId"
	Action   string `json:"action"`            // create | update | add
	Current  any    `json:"current"`           // nil when absent; never a secret
	Desired  any    `json:"desired"`           // never a secret
	Level    Level  `json:"level,omitempty"`   // empty for targets without levels
	Note     string `json:"note,omitempty"`    // why, in one line
	Setting  string `json:"setting,omitempty"` // the settings field it comes from, when one does
}

// Plan is the list of changes for one target, with notes (warnings) to show alongside.
type Plan struct {
	Target  string   `json:"target"`
	Changes []Change `json:"changes"`
	Notes   []string `json:"notes,omitempty"`
}

// Empty reports whether nothing needs to change.
func (p *Plan) Empty() bool { return p == nil || len(p.Changes) == 0 }

// Provider is one live target.
type Provider interface {
	// Plan reads the live system and never writes.
	Plan(ctx context.Context) (*Plan, error)
	// Apply makes the changes of p (and only those), reporting each step on out. A failure
	// part-way returns an error after reporting what was done; re-running Apply finishes.
	Apply(ctx context.Context, p *Plan, out io.Writer) error
}

// ErrNotApproved is returned when the user did not answer "yes".
var ErrNotApproved = errors.New("apply cancelled: the answer was not \"yes\"")

// ErrNeedsApproval is returned without a terminal and without --auto-approve.
var ErrNeedsApproval = errors.New("apply needs consent: run it on a terminal to answer the prompt, or pass --auto-approve")

// Unchanged marks an Apply error raised before anything was written (a refused guard, a failed
// validation), so Run reports it as it is instead of asking to run apply again.
func Unchanged(err error) error { return unchanged{err} }

type unchanged struct{ error }

func (u unchanged) Unwrap() error { return u.error }

// nextStep is what to do after a failed apply: what the error itself says (fix a permission,
// check with plan after a timeout), else run apply again.
func nextStep(err error) string {
	var ns interface{ NextStep() string }
	if errors.As(err, &ns) {
		if s := ns.NextStep(); s != "" {
			return s
		}
	}
	return "run apply again to finish: every step is idempotent"
}

// Options steer Run.
type Options struct {
	Apply       bool      // plan only when false
	AutoApprove bool      // skip the prompt
	Terminal    bool      // stdin is a terminal (the prompt is possible)
	JSON        bool      // -o json
	In          io.Reader // answers to the prompt
	Out, Err    io.Writer
}

// Result is what Run found, for the exit code.
type Result struct {
	Before, After *Plan
}

// Run plans (and, with opts.Apply, applies after consent and plans again). Output goes to
// opts.Out: text or one JSON document.
func Run(ctx context.Context, p Provider, opts Options) (*Result, error) {
	before, err := p.Plan(ctx)
	if err != nil {
		return nil, err
	}
	res := &Result{Before: before}
	if !opts.Apply {
		return res, write(opts, before, nil)
	}
	if !opts.JSON {
		writeText(opts.Out, before)
	}
	if before.Empty() {
		if opts.JSON {
			return res, write(opts, before, before)
		}
		return res, nil
	}
	if !opts.AutoApprove {
		if !opts.Terminal {
			return res, ErrNeedsApproval
		}
		if err := confirm(opts.In, opts.Err); err != nil {
			return res, err
		}
	}
	progress := opts.Out
	if opts.JSON {
		progress = opts.Err
	}
	if err := p.Apply(ctx, before, progress); err != nil {
		if errors.As(err, new(unchanged)) {
			return res, err
		}
		return res, fmt.Errorf("apply stopped: %w (%s)", err, nextStep(err))
	}
	after, err := p.Plan(ctx)
	if err != nil {
		return res, fmt.Errorf("applied, but the re-plan failed: %w", err)
	}
	res.After = after
	if opts.JSON {
		return res, write(opts, before, after)
	}
	fmt.Fprintln(opts.Out)
	fmt.Fprintln(opts.Out, "Re-plan after apply:")
	writeText(opts.Out, after)
	if !after.Empty() {
		return res, fmt.Errorf("apply did not converge: %d change(s) still pending", len(after.Changes))
	}
	return res, nil
}

func write(opts Options, before, after *Plan) error {
	if !opts.JSON {
		writeText(opts.Out, before)
		return nil
	}
	doc := struct {
		*Plan
		Applied   bool  `json:"applied,omitempty"`
		Converged *bool `json:"converged,omitempty"`
	}{Plan: before}
	if after != nil {
		c := after.Empty()
		doc.Applied, doc.Converged = true, &c
	}
	if doc.Changes == nil {
		doc.Changes = []Change{}
	}
	enc := json.NewEncoder(opts.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// ExitCode maps a plan to --detailed-exitcode's convention: 0 nothing to change, 2 changes
// pending. Without detailed, always 0 (errors are 1, decided by the caller).
func ExitCode(p *Plan, detailed bool) int {
	if detailed && !p.Empty() {
		return 2
	}
	return 0
}

// confirm asks for "yes" on out and reads the answer from in.
func confirm(in io.Reader, out io.Writer) error {
	fmt.Fprint(out, "\nApply these changes? Only \"yes\" is accepted: ")
	var line []byte
	buf := make([]byte, 1)
	for len(line) < 64 {
		n, err := in.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				break
			}
			line = append(line, buf[0])
		}
		if err != nil {
			break
		}
	}
	if strings.TrimSpace(string(line)) != "yes" {
		return ErrNotApproved
	}
	return nil
}

// writeText prints a plan for people: one line per change, grouped by resource.
func writeText(w io.Writer, p *Plan) {
	for _, n := range p.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
	if p.Empty() {
		fmt.Fprintf(w, "%s: no changes. The live configuration matches the settings.\n", p.Target)
		return
	}
	fmt.Fprintf(w, "%s: %d change(s)\n", p.Target, len(p.Changes))
	resource := ""
	for _, c := range p.Changes {
		if c.Resource != resource {
			resource = c.Resource
			fmt.Fprintf(w, "\n  %s\n", resource)
		}
		level := ""
		if c.Level != "" {
			level = " [" + string(c.Level) + "]"
		}
		fmt.Fprintf(w, "    %s %s%s: %s -> %s\n", symbol(c.Action), c.Field, level, show(c.Current), show(c.Desired))
		if c.Note != "" {
			fmt.Fprintf(w, "        %s\n", c.Note)
		}
	}
}

func symbol(action string) string {
	switch action {
	case "create":
		return "+"
	case "add":
		return "+"
	case "delete":
		return "-"
	}
	return "~"
}

// show renders a value for the text plan: JSON, with (absent) for nil.
func show(v any) string {
	if v == nil {
		return "(absent)"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
