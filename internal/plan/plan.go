// Package plan is the frame shared by `omsso plan` and `omsso apply` for live systems (the Okta
// org, a running OpenMetadata): a target computes the changes its settings need, the frame
// prints them (text or JSON), asks for consent, applies them and plans again to show that the
// system converged. Targets own their API calls; the frame owns the flow and the exit codes.
package plan

import (
	"context"
	"errors"
	"fmt"
	"github.com/omsso/omsso/internal/plural"
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
	// Manual, when set, says what a person must do: the API cannot (or omsso will not) make it.
	Manual string `json:"manual,omitempty"`
	// Type, Address and ID identify the object for machines: a stable type (okta_app), an
	// address from the settings that stays the same across runs (okta.app), and the live id.
	Type    string `json:"type,omitempty"`
	Address string `json:"address,omitempty"`
	ID      string `json:"id,omitempty"`
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
	Target      string    // the target's name, for the JSON error document before any plan
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
// opts.Out: text, or one JSON document (also when something fails).
func Run(ctx context.Context, p Provider, opts Options) (*Result, error) {
	before, err := p.Plan(ctx)
	if err != nil {
		return nil, fail(opts, p, nil, false, err)
	}
	res := &Result{Before: before}
	if !opts.Apply {
		return res, write(opts, p, before, nil, false)
	}
	if !opts.JSON {
		writeText(opts.Out, before)
	}
	if before.Empty() {
		if opts.JSON {
			return res, write(opts, p, before, before, false)
		}
		return res, nil
	}
	if !opts.AutoApprove {
		if !opts.Terminal {
			return res, fail(opts, p, before, false, ErrNeedsApproval)
		}
		if err := confirm(opts.In, opts.Err); err != nil {
			return res, fail(opts, p, before, false, err)
		}
	}
	progress := opts.Out
	if opts.JSON {
		progress = opts.Err
	}
	if err := p.Apply(ctx, before, progress); err != nil {
		wrote := applied(p, err)
		if errors.As(err, new(unchanged)) {
			return res, fail(opts, p, before, wrote, err)
		}
		return res, fail(opts, p, before, wrote, fmt.Errorf("apply stopped: %w (%s)", err, nextStep(err)))
	}
	after, err := p.Plan(ctx)
	if err != nil {
		return res, fail(opts, p, before, true, fmt.Errorf("applied, but the re-plan failed: %w", err))
	}
	res.After = after
	if opts.JSON {
		return res, write(opts, p, before, after, applied(p, nil))
	}
	fmt.Fprintln(opts.Out)
	fmt.Fprintln(opts.Out, "Re-plan after apply:")
	writeText(opts.Out, after)
	if !after.Empty() {
		return res, fmt.Errorf("apply did not converge: %s still pending", plural.Of(len(after.Changes), "change", "changes"))
	}
	return res, nil
}

// Writer is implemented by providers that know whether their last Apply wrote anything.
type Writer interface{ Wrote() bool }

// BackupReporter is implemented by providers that saved the live state before writing.
type BackupReporter interface{ BackupPath() string }

// applied says whether Apply wrote something: the provider knows; without it, a successful
// Apply wrote and a refusal before any write (Unchanged) did not.
func applied(p Provider, err error) bool {
	if w, ok := p.(Writer); ok {
		return w.Wrote()
	}
	return err == nil || !errors.As(err, new(unchanged))
}

// ExitCode maps a plan to --detailed-exitcode's convention: 0 nothing to change, 2 changes
// pending; with requiredOnly, only changes login needs count (a declined recommendation does
// not keep a pipeline at 2). Without detailed, always 0 (errors are 1, decided by the caller).
func ExitCode(p *Plan, detailed, requiredOnly bool) int {
	if !detailed || p.Empty() {
		return 0
	}
	if !requiredOnly {
		return 2
	}
	for _, c := range p.Changes {
		if c.Level != Recommended {
			return 2
		}
	}
	return 0
}

// confirm asks for "yes" on out and reads the answer from in.
func confirm(in io.Reader, out io.Writer) error {
	fmt.Fprint(out, "\nApply these changes? Only \"yes\" is accepted: ")
	if ReadAnswer(in) != "yes" {
		return ErrNotApproved
	}
	return nil
}

// ReadAnswer reads one answer line, byte by byte so nothing after it is consumed, trimmed.
func ReadAnswer(in io.Reader) string {
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
	return strings.TrimSpace(string(line))
}
