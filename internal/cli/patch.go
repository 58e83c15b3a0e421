package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/pmezard/go-difflib/difflib"
	"github.com/spf13/cobra"

	"github.com/omsso/omsso/files"
	"github.com/omsso/omsso/patch"
)

type patchOptions struct {
	settingsFlags
	config      string
	inPlace     bool
	output      string
	diff        bool
	exitCode    bool
	mode        string
	addSections bool
}

// ExitPending is patch --diff --exit-code's status when the file would change (1 is an error).
const ExitPending = 2

func newPatchCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &patchOptions{}
	cmd := &cobra.Command{
		Use:   "patch",
		Short: "Apply the settings to an existing conf/openmetadata.yaml, changing nothing else",
		Long: `Patch applies the settings to a bare-metal conf/openmetadata.yaml. Only the values the settings
change are touched: comments, blank lines, key order, quoting, indentation, "key :" spellings,
line endings and the trailing newline stay byte for byte. Keys the file lacks are added in their
section, in upstream order.

Modes:
  defaults  (default) rewrite only the default inside each ${VAR:-default}, so env vars can
            still override at deploy time; added keys get the placeholder form
  literal   write plain values

The client secret is always a reference: secret: ${OKTA_CLIENT_SECRET:-} (the env var the
settings name), in both modes.

Output, one of:
  --diff      print a unified diff and write nothing (the default); with --exit-code, exit 2
              when the file would change (0 when it would not, 1 on errors)
  --in-place  replace the file: first a backup next to it, FILE.bak (when FILE.bak exists
              with other content, FILE.bak.<UTC time> instead, so no backup is overwritten),
              then a temp file in the same folder renamed over it, keeping the mode; a symlink
              is followed and its target replaced
  -o OUT      write the patched file to OUT

A file that is not valid YAML, has duplicate keys, lacks both auth sections (unless
--add-sections), or changes on disk while omsso works, is refused and nothing is written.
Patching a patched file changes nothing and says "unchanged".`,
		Example: `  omsso patch -f omsso.yaml --config conf/openmetadata.yaml --diff
  omsso patch -f omsso.yaml --config conf/openmetadata.yaml --in-place
  omsso patch -f omsso.yaml --config conf/openmetadata.yaml --mode literal -o openmetadata-okta.yaml
  omsso patch -f omsso.yaml --config conf/openmetadata.yaml --diff --exit-code   # CI: is it applied?`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd, stdout, stderr) },
	}
	o.settingsFlags.add(cmd)
	f := cmd.Flags()
	f.StringVar(&o.config, "config", "", "the conf/openmetadata.yaml to patch (required)")
	f.BoolVar(&o.inPlace, "in-place", false, "replace the file, after a backup next to it (FILE.bak)")
	f.StringVarP(&o.output, "output", "o", "", "write the patched file here instead")
	f.BoolVar(&o.diff, "diff", false, "print a unified diff, write nothing (the default)")
	f.BoolVar(&o.diff, "dry-run", false, "same as --diff")
	f.BoolVar(&o.exitCode, "exit-code", false, "with --diff: exit 2 when the file would change")
	f.StringVar(&o.mode, "mode", string(patch.Defaults), "defaults or literal")
	f.BoolVar(&o.addSections, "add-sections", false, "append both auth sections when the file has neither")
	_ = cmd.MarkFlagRequired("config")
	_ = cmd.RegisterFlagCompletionFunc("mode", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"defaults", "literal"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func (o *patchOptions) run(cmd *cobra.Command, stdout, stderr io.Writer) error {
	n := 0
	for _, b := range []bool{o.inPlace, o.output != "", o.diff} {
		if b {
			n++
		}
	}
	if n > 1 {
		return fmt.Errorf("choose one of --in-place, -o and --diff")
	}
	if o.exitCode && (o.inPlace || o.output != "") {
		return fmt.Errorf("--exit-code goes with --diff")
	}
	dryRun := n == 0 || o.diff
	r, err := o.load(cmd, stderr)
	if err != nil {
		return err
	}
	target, err := filepath.EvalSymlinks(o.config)
	if err != nil {
		return fmt.Errorf("%s: %w", o.config, err)
	}
	in, err := os.ReadFile(target)
	if err != nil {
		return fmt.Errorf("%s: %w", o.config, err)
	}
	res, err := patch.Apply(r, in, patch.Options{Mode: patch.Mode(o.mode), AddSections: o.addSections})
	if err != nil {
		return fmt.Errorf("%s: %w", o.config, err)
	}
	for _, n := range res.Notes {
		fmt.Fprintln(stderr, "note: "+n)
	}
	if dryRun {
		if !res.Changed() {
			fmt.Fprintf(stdout, "unchanged %s\n", o.config)
			return nil
		}
		d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A: difflib.SplitLines(string(in)), B: difflib.SplitLines(string(res.Output)),
			FromFile: o.config, ToFile: o.config + " (patched)", Context: 3,
		})
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, d)
		if n == 0 {
			fmt.Fprintln(stderr, "nothing written: this was a dry run; use --in-place or -o OUT to write")
		}
		if o.exitCode {
			return exitError{ExitPending}
		}
		return nil
	}
	summary := fmt.Sprintf("%d line(s) changed, %d added", count(res, false), count(res, true))
	if o.output != "" {
		st, err := os.Stat(target)
		if err != nil {
			return err
		}
		if _, err := files.WriteAtomic(o.output, res.Output, st.Mode().Perm()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote     %s (%s)\n", o.output, summary)
		return nil
	}
	if !res.Changed() {
		fmt.Fprintf(stdout, "unchanged %s\n", o.config)
		return nil
	}
	backup, err := writeBackup(target, in)
	if err != nil {
		return err
	}
	if err := files.Replace(target, res.Output, in); err != nil {
		return fmt.Errorf("%s: %w", o.config, err)
	}
	fmt.Fprintf(stdout, "patched   %s (%s; backup %s)\n", o.config, summary, backup)
	return nil
}

func count(res *patch.Result, added bool) int {
	n := 0
	for _, c := range res.Changes {
		if c.Added == added {
			n++
		}
	}
	return n
}

// writeBackup keeps the original next to the file: FILE.bak, or FILE.bak.<UTC time> when
// FILE.bak already holds something else.
func writeBackup(path string, data []byte) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	b := path + ".bak"
	if old, err := os.ReadFile(b); err == nil && !bytes.Equal(old, data) {
		b = path + ".bak." + time.Now().UTC().Format("20060102T150405Z")
	}
	if _, err := files.WriteAtomic(b, data, st.Mode().Perm()); err != nil {
		return "", fmt.Errorf("cannot write the backup: %w", err)
	}
	return b, nil
}
