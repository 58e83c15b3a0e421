package cli

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Every `omsso <command> --flag` the README and docs/ show must exist in the real command tree:
// a doc that teaches a flag omsso does not have is a bug a user meets first.
func TestDocsShowOnlyRealCommandsAndFlags(t *testing.T) {
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "../../README.md", "../../CONTRIBUTING.md", "../../SECURITY.md")
	root := docsRoot()
	checked := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fenced := false
		for i, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "```") {
				fenced = !fenced
				continue
			}
			for _, use := range omssoUses(line, fenced) {
				checked++
				if msg := checkUse(root, use, fenced); msg != "" {
					t.Errorf("%s:%d: %s\n  in: %s", filepath.Base(f), i+1, msg, strings.TrimSpace(line))
				}
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d command lines found in the docs: the scanner is broken", checked)
	}
}

// A doc that shows a flag omsso does not have fails the test above (its scanner is not blind).
func TestDocsCheckerCatchesAWrongFlag(t *testing.T) {
	root := docsRoot()
	for _, line := range []string{"`omsso render --no-such-flag`", "`omsso plan|apply --target okta --bogus`", "`omsso renderx -f a`"} {
		bad := false
		for _, u := range omssoUses(line, false) {
			bad = bad || checkUse(root, u, false) != ""
		}
		if !bad {
			t.Errorf("%q passed", line)
		}
	}
	if bad := checkUse(root, omssoUses("$ omsso verify --output-dir out --nope", true)[0], true); bad == "" {
		t.Error("a wrong flag in a fenced block passed")
	}
}

// docsRoot is the command tree with the help and completion commands cobra adds on Execute.
func docsRoot() *cobra.Command {
	root := New(io.Discard, io.Discard)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	return root
}

var omssoCall = regexp.MustCompile(`(?:^|[\s\x60$(])omsso ([a-z][a-z-]*(?:\|[a-z][a-z-]*)*)(.*)`)

// omssoUses finds the omsso command lines in a Markdown line: in code spans of prose and
// tables, or the whole line inside a fenced block. Each use is the command words (alternatives split on |) and
// the tokens after them, up to the end of the span or a shell separator.
func omssoUses(line string, fenced bool) [][]string {
	spans := []string{line}
	if !fenced {
		spans = nil
		parts := strings.Split(line, "`")
		for i := 1; i < len(parts); i += 2 {
			spans = append(spans, parts[i])
		}
	}
	var uses [][]string
	for _, s := range spans {
		s = strings.ReplaceAll(s, `\|`, "¦") // a table's escaped pipe: alternatives, not a pipe
		for rest := s; ; {
			m := omssoCall.FindStringSubmatchIndex(rest)
			if m == nil {
				break
			}
			words := rest[m[2]:m[3]]
			tail := rest[m[4]:m[5]]
			for _, sep := range []string{" | ", "&&", ";", " # ", ")", "\t#"} {
				if k := strings.Index(tail, sep); k >= 0 {
					tail = tail[:k]
				}
			}
			for _, w := range strings.Split(words, "|") {
				uses = append(uses, append([]string{w}, strings.Fields(tail)...))
			}
			rest = rest[m[4]:]
		}
	}
	return uses
}

// checkUse walks the command words, then looks every flag token up on the command found. In a
// fenced block a word that is no command is output prose ("the token omsso uses"), not a use.
func checkUse(root *cobra.Command, use []string, fenced bool) string {
	cmd := findSub(root, use[0])
	if cmd == nil {
		if fenced {
			return ""
		}
		return "no command " + use[0]
	}
	args := use[1:]
	for len(args) > 0 {
		sub := findSub(cmd, args[0])
		if sub == nil {
			break
		}
		cmd, args = sub, args[1:]
	}
	for _, a := range args {
		a = strings.Trim(a, "[]{}'\",.…")
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" || strings.HasPrefix(a, "-$") {
			continue
		}
		name, _, _ := strings.Cut(a, "=")
		name, _, _ = strings.Cut(name, "¦")
		if lookupFlag(cmd, name) == nil {
			return "omsso " + cmd.CommandPath()[len("omsso "):] + " has no flag " + name
		}
	}
	return ""
}

func findSub(cmd *cobra.Command, name string) *cobra.Command {
	for _, c := range cmd.Commands() {
		if c.Name() == name || c.HasAlias(name) {
			return c
		}
	}
	return nil
}

func lookupFlag(cmd *cobra.Command, tok string) *pflag.Flag {
	fs := []*pflag.FlagSet{cmd.Flags(), cmd.InheritedFlags(), cmd.PersistentFlags(), cmd.Root().PersistentFlags()}
	for _, f := range fs {
		if strings.HasPrefix(tok, "--") {
			if fl := f.Lookup(tok[2:]); fl != nil {
				return fl
			}
		} else if len(tok) == 2 {
			if fl := f.ShorthandLookup(tok[1:]); fl != nil {
				return fl
			}
		}
	}
	if tok == "--help" || tok == "-h" || (cmd == cmd.Root() && (tok == "--version" || tok == "-v")) {
		return &pflag.Flag{}
	}
	return nil
}

// docs/live-okta.md shows a real plan: the live golden okta-plan-fixes.txt with the fake org's
// address and ids written as a user would see them. A plan that changes fails here, so the doc
// cannot go on showing what omsso no longer does (it showed Everyone assigned and a shared
// server's issuer mode changed long after both stopped).
func TestLiveOktaDocShowsTheRealPlan(t *testing.T) {
	golden, err := os.ReadFile("testdata/live/okta-plan-fixes.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../../docs/live-okta.md")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer("http://FAKE", "http://127.0.0.1:PORT", "aus_ID1", "ausUNXqjd4G6Vefm1sek", "0oa_ID2", "0oaMUPaQy8MRru1R54TP").Replace(string(golden))
	if !strings.Contains(string(doc), "```\n"+want+"```\n") {
		t.Errorf("docs/live-okta.md does not show testdata/live/okta-plan-fixes.txt (addresses and ids replaced); paste it:\n%s", want)
	}
}

// The settings sample of docs/settings.md is a file users copy: as a confidential client (it
// shows the secret reference) it lints without an error. It had `forceSecureSessionCookie:`
// with no value (null, a type error) and listed lines only up to 1.12.
func TestSettingsDocSampleLints(t *testing.T) {
	doc, err := os.ReadFile("../../docs/settings.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/settings.md has no yaml block")
	}
	sample := strings.Replace(string(m[1]), "clientType: public ", "clientType: confidential ", 1)
	for _, line := range []string{`"2.0"`, `"2.1"`, "assignGroups:"} {
		if !strings.Contains(sample, line) {
			t.Errorf("the sample does not show %s", line)
		}
	}
	path := filepath.Join(t.TempDir(), "omsso.yaml")
	if err := os.WriteFile(path, []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if code := Run([]string{"lint", "-f", path}, &stdout, &stderr); code != 0 {
		t.Errorf("lint of the sample: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
}

// docs/commands.md is the overview of every command: each one omsso has gets a row (template
// had none, and the supported lines stopped at 1.12).
func TestCommandsDocListsEveryCommand(t *testing.T) {
	doc, err := os.ReadFile("../../docs/commands.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range docsRoot().Commands() {
		if c.Hidden {
			continue
		}
		if !strings.Contains(string(doc), "`omsso "+c.Name()) {
			t.Errorf("docs/commands.md has no row for omsso %s", c.Name())
		}
	}
}
