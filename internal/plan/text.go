package plan

import (
	"encoding/json"
	"fmt"
	"github.com/omsso/omsso/internal/plural"
	"io"
	"slices"

	"github.com/omsso/omsso/internal/redact"
)

// The text plan reads like terraform's: one block per resource, "+" for what is created or
// added, "~" for what changes in place, "-" for what goes; a list shows only the items added
// or removed, with a count of the others; a closing line counts the changes. Everything a
// server sent (names, labels, values) is printed with its control characters escaped.

// Summary counts a plan's changes the way the closing line does.
type Summary struct {
	Add     int `json:"add"`
	Change  int `json:"change"`
	Destroy int `json:"destroy"`
}

// Count sums p's changes by action: create adds, delete destroys, the rest change in place.
func Count(p *Plan) Summary {
	var s Summary
	if p == nil {
		return s
	}
	for _, c := range p.Changes {
		switch c.Action {
		case "create":
			s.Add++
		case "delete":
			s.Destroy++
		default:
			s.Change++
		}
	}
	return s
}

// writeText prints a plan for people.
func writeText(w io.Writer, p *Plan) {
	for _, n := range p.Notes {
		fmt.Fprintln(w, "note: "+clean(n))
	}
	if p.Empty() {
		fmt.Fprintf(w, "%s: no changes. The live configuration matches the settings.\n", p.Target)
		return
	}
	fmt.Fprintf(w, "%s: %s. Symbols: + create or add, ~ update in place, - remove\n", p.Target, plural.Of(len(p.Changes), "change", "changes"))
	resource := ""
	for _, c := range p.Changes {
		if c.Resource != resource {
			resource = c.Resource
			fmt.Fprintf(w, "\n  %s %s\n", symbol(resourceAction(p, resource)), clean(resource))
		}
		writeChange(w, c)
	}
	s := Count(p)
	fmt.Fprintf(w, "\nPlan: %d to add, %d to change, %d to destroy.\n", s.Add, s.Change, s.Destroy)
}

// resourceAction is create when the resource's changes create it (and add to it), update
// otherwise.
func resourceAction(p *Plan, resource string) string {
	created := false
	for _, c := range p.Changes {
		if c.Resource != resource {
			continue
		}
		switch c.Action {
		case "create":
			created = true
		case "add":
		default:
			return "update"
		}
	}
	if created {
		return "create"
	}
	return "update"
}

func writeChange(w io.Writer, c Change) {
	level := ""
	if c.Level != "" {
		level = " [" + string(c.Level) + "]"
	}
	head := fmt.Sprintf("    %s %s%s", symbol(c.Action), clean(c.Field), level)
	if added, removed, kept, ok := listDiff(c.Current, c.Desired); ok {
		fmt.Fprintln(w, head+":")
		for _, v := range added {
			fmt.Fprintf(w, "        + %s\n", show(v))
		}
		for _, v := range removed {
			fmt.Fprintf(w, "        - %s\n", show(v))
		}
		if kept > 0 {
			fmt.Fprintf(w, "          (%s hidden)\n", plural.Of(kept, "unchanged element", "unchanged elements"))
		}
	} else {
		switch c.Action {
		case "create":
			fmt.Fprintf(w, "%s: %s\n", head, show(c.Desired))
		case "delete":
			fmt.Fprintf(w, "%s: %s -> (removed)\n", head, show(c.Current))
		default:
			fmt.Fprintf(w, "%s: %s -> %s\n", head, show(c.Current), show(c.Desired))
		}
	}
	if c.Note != "" {
		fmt.Fprintf(w, "        # %s\n", clean(c.Note))
	}
	if c.Manual != "" {
		fmt.Fprintf(w, "        # manual: %s\n", clean(c.Manual))
	}
}

// listDiff compares two lists of scalars: the items only in want, those only in have, and how
// many both hold. ok is false unless both are lists of scalars (or have is absent).
func listDiff(have, want any) (added, removed []any, kept int, ok bool) {
	h, hok := scalars(have)
	wl, wok := scalars(want)
	if !wok || (!hok && have != nil) || want == nil {
		return nil, nil, 0, false
	}
	for _, v := range wl {
		if !slices.Contains(h, v) {
			added = append(added, v)
		} else {
			kept++
		}
	}
	for _, v := range h {
		if !slices.Contains(wl, v) {
			removed = append(removed, v)
		}
	}
	if len(added)+len(removed) == 0 {
		return nil, nil, 0, false // same items, another order: show both lists
	}
	return added, removed, kept, true
}

// scalars turns a list of strings, numbers or booleans into comparable values.
func scalars(v any) ([]any, bool) {
	switch l := v.(type) {
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out, true
	case []any:
		for _, x := range l {
			switch x.(type) {
			case string, float64, int, bool:
			default:
				return nil, false
			}
		}
		return l, true
	}
	return nil, false
}

func symbol(action string) string {
	switch action {
	case "create", "add":
		return "+"
	case "delete":
		return "-"
	}
	return "~"
}

// show renders a value: JSON (which escapes control characters), with (absent) for nil.
func show(v any) string {
	if v == nil {
		return "(absent)"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return clean(fmt.Sprint(v))
	}
	return clean(string(b))
}

// clean is what every printed string goes through: no URL user-info, no control characters.
func clean(s string) string { return redact.Escape(redact.URLs(s)) }
