// Package lint runs omsso's settings rules offline and reports them as text, JSON or SARIF.
package lint

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/omsso/omsso/internal/plural"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/version"
)

// Diagnostic is one finding.
type Diagnostic struct {
	ID       string            `json:"id"`
	Severity settings.Severity `json:"severity"`
	File     string            `json:"file,omitempty"`
	Origin   string            `json:"origin,omitempty"` // the flag or env var that set the value
	Line     int               `json:"line,omitempty"`
	Path     string            `json:"path,omitempty"`
	Message  string            `json:"message"`
	Fix      string            `json:"fix,omitempty"`
}

// Result is every diagnostic for a settings source.
type Result struct {
	Diagnostics []Diagnostic `json:"diagnostics"`
	// NotShown counts, per severity, the diagnostics From left out.
	NotShown  map[settings.Severity]int `json:"notShown,omitempty"`
	shownFrom settings.Severity
}

// severities, most severe first.
var severities = []settings.Severity{settings.Error, settings.Warning, settings.Info}

// ParseSeverity reads a --severity value.
func ParseSeverity(s string) (settings.Severity, error) {
	for _, v := range severities {
		if string(v) == s {
			return v, nil
		}
	}
	return "", fmt.Errorf("--severity %q: use error, warning or info", s)
}

func rank(s settings.Severity) int { return len(severities) - slices.Index(severities, s) }

// From keeps the diagnostics of severity from and above, and counts the others in NotShown.
func (r Result) From(from settings.Severity) Result {
	out := Result{Diagnostics: []Diagnostic{}, shownFrom: from}
	for _, d := range r.Diagnostics {
		if rank(d.Severity) >= rank(from) {
			out.Diagnostics = append(out.Diagnostics, d)
			continue
		}
		if out.NotShown == nil {
			out.NotShown = map[settings.Severity]int{}
		}
		out.NotShown[d.Severity]++
	}
	return out
}

// Run loads the settings and collects every diagnostic: errors, warnings and notes.
func Run(opts settings.Options) Result {
	r, err := settings.Load(opts)
	var probs settings.Problems
	if err != nil {
		var f *settings.Failure
		if errors.As(err, &f) {
			probs = append(probs, f.Problems...)
			if f.Partial != nil {
				probs = append(probs, f.Partial.Warnings...)
			}
		} else {
			probs = settings.Problems{{ID: settings.RuleFile, File: opts.File, Msg: err.Error()}}
		}
	} else {
		probs = r.Warnings
	}
	res := Result{Diagnostics: []Diagnostic{}}
	for _, p := range probs {
		sev := p.Severity
		if sev == "" {
			sev = settings.Error
		}
		res.Diagnostics = append(res.Diagnostics, Diagnostic{ID: p.ID, Severity: sev, File: p.File, Origin: p.Origin, Line: p.Line, Path: p.Path, Message: p.Msg, Fix: p.Fix})
	}
	return res
}

// Count returns how many diagnostics have the severity, shown or not.
func (r Result) Count(s settings.Severity) int {
	n := r.NotShown[s]
	for _, d := range r.Diagnostics {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Failed reports whether the result should fail a build: errors, or warnings when strict.
func (r Result) Failed(strict bool) bool {
	return r.Count(settings.Error) > 0 || (strict && r.Count(settings.Warning) > 0)
}

// Text writes one block per diagnostic and a summary.
func (r Result) Text(w io.Writer) error {
	for _, d := range r.Diagnostics {
		loc := d.File
		if d.Line > 0 {
			loc = fmt.Sprintf("%s:%d", d.File, d.Line)
		}
		if d.Origin != "" {
			loc = d.Origin
		}
		if loc != "" {
			loc += ": "
		}
		path := ""
		if d.Path != "" {
			path = d.Path + ": "
		}
		fmt.Fprintf(w, "%s%s %s: %s%s\n", loc, d.Severity, d.ID, path, d.Message)
		if d.Fix != "" {
			fmt.Fprintf(w, "    fix: %s\n", d.Fix)
		}
	}
	_, err := fmt.Fprintln(w, r.summary())
	return err
}

// noun names a severity in the summary.
var noun = map[settings.Severity]string{settings.Error: "error", settings.Warning: "warning", settings.Info: "note"}

// summary is "0 errors, 1 warning, 2 notes", or, after From, the shown levels and what was not
// shown: "0 errors, 0 warnings (1 note not shown: --severity warning)".
func (r Result) summary() string {
	var shown, hidden []string
	for _, s := range severities {
		if n := r.NotShown[s]; n > 0 {
			hidden = append(hidden, plural.Of(n, noun[s], noun[s]+"s"))
		} else if r.shownFrom == "" || rank(s) >= rank(r.shownFrom) {
			shown = append(shown, plural.Of(r.Count(s), noun[s], noun[s]+"s"))
		}
	}
	line := strings.Join(shown, ", ")
	if len(hidden) > 0 {
		line += fmt.Sprintf(" (%s not shown: --severity %s)", strings.Join(hidden, ", "), r.shownFrom)
	}
	return line
}

// JSON writes the result as JSON.
func (r Result) JSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// SARIF writes a SARIF 2.1.0 log, which CI systems turn into annotations.
func (r Result) SARIF(w io.Writer) error {
	type msg struct {
		Text string `json:"text"`
	}
	type rule struct {
		ID                   string         `json:"id"`
		ShortDescription     msg            `json:"shortDescription"`
		DefaultConfiguration map[string]any `json:"defaultConfiguration"`
	}
	var rules []rule
	for _, ru := range settings.Rules() {
		rules = append(rules, rule{ID: ru.ID, ShortDescription: msg{ru.Title}, DefaultConfiguration: map[string]any{"level": level(ru.Severity)}})
	}
	results := []map[string]any{}
	for _, d := range r.Diagnostics {
		text := d.Message
		if d.Path != "" {
			text = d.Path + ": " + text
		}
		if d.Origin != "" {
			text = d.Origin + ": " + text // a flag or env var: no place in a file to annotate
		}
		if d.Fix != "" {
			text += " Fix: " + d.Fix
		}
		res := map[string]any{"ruleId": d.ID, "level": level(d.Severity), "message": msg{text}}
		if d.File != "" && d.Origin == "" && d.File != settings.StdinName {
			region := map[string]any{}
			if d.Line > 0 {
				region["startLine"] = d.Line
			}
			loc := map[string]any{"artifactLocation": map[string]any{"uri": strings.ReplaceAll(d.File, "\\", "/")}}
			if len(region) > 0 {
				loc["region"] = region
			}
			res["locations"] = []any{map[string]any{"physicalLocation": loc}}
		}
		results = append(results, res)
	}
	log := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool":    map[string]any{"driver": map[string]any{"name": "omsso", "version": version.Get().Version, "informationUri": "https://github.com/omsso/omsso", "rules": rules}},
			"results": results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func level(s settings.Severity) string {
	switch s {
	case settings.Warning:
		return "warning"
	case settings.Info:
		return "note"
	}
	return "error"
}
