package plan

import (
	"bytes"
	"testing"
)

// The text plan, whole: list items added and removed only, an order-only change shown in full,
// a created resource, a manual step, server text escaped, the closing count.
func TestWriteText(t *testing.T) {
	p := &Plan{Target: "okta", Notes: []string{"from the server: \x1b[31mred"}, Changes: []Change{
		{Resource: "app 0oa1", Field: "redirect_uris", Action: "update", Level: Required, Current: []any{"a", "b"}, Desired: []string{"a", "b", "c"}, Note: "why"},
		{Resource: "app 0oa1", Field: "admins", Action: "update", Current: []string{"x", "y"}, Desired: []string{"x", "z"}},
		{Resource: "app 0oa1", Field: "order", Action: "update", Current: []string{"x", "y"}, Desired: []string{"y", "x"}},
		{Resource: "app 0oa1", Field: "status", Action: "update", Level: Required, Current: "INACTIVE", Desired: "ACTIVE", Manual: "activate it"},
		{Resource: "trustedOrigin https://u:p@o", Field: "origin", Action: "create", Desired: map[string]any{"origin": "https://o"}},
		{Resource: "cfg", Field: "ldap", Action: "delete", Current: "(stored)"},
	}}
	var b bytes.Buffer
	writeText(&b, p)
	want := `note: from the server: \x1b[31mred
okta: 6 changes. Symbols: + create or add, ~ update in place, - remove

  ~ app 0oa1
    ~ redirect_uris [required]:
        + "c"
          (2 unchanged elements hidden)
        # why
    ~ admins:
        + "z"
        - "y"
          (1 unchanged element hidden)
    ~ order: ["x","y"] -> ["y","x"]
    ~ status [required]: "INACTIVE" -> "ACTIVE"
        # manual: activate it

  + trustedOrigin https://[hidden]@o
    + origin: {"origin":"https://o"}

  ~ cfg
    - ldap: "(stored)" -> (removed)

Plan: 1 to add, 4 to change, 1 to destroy.
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestExitCodeRequiredOnly(t *testing.T) {
	rec := &Plan{Changes: []Change{{Level: Recommended}}}
	req := &Plan{Changes: []Change{{Level: Recommended}, {Level: Required}}}
	none := &Plan{Changes: []Change{{}}} // a target without levels: every change counts
	for _, c := range []struct {
		p              *Plan
		detailed, only bool
		want           int
	}{{rec, true, false, 2}, {rec, true, true, 0}, {req, true, true, 2}, {none, true, true, 2}, {req, false, true, 0}, {&Plan{}, true, false, 0}} {
		if got := ExitCode(c.p, c.detailed, c.only); got != c.want {
			t.Errorf("ExitCode(%+v, %v, %v) = %d, want %d", c.p.Changes, c.detailed, c.only, got, c.want)
		}
	}
}
