package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/app"
	"github.com/omsso/omsso/internal/patch"
)

type patchOptions struct {
	settingsFlags
	config      string
	inPlace     bool
	outFile     string
	output      *outputFlag
	diff        bool
	exitCode    bool
	mode        string
	addSections bool
}

// ExitPending is patch --diff --detailed-exitcode's status when the file would change (1 is an error).
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
  --diff      print a unified diff and write nothing (the default); with --detailed-exitcode, exit 2
              when the file would change (0 when it would not, 1 on errors)
  --in-place  replace the file: first a backup next to it, FILE.bak (when FILE.bak exists
              with other content, FILE.bak.<UTC time> instead, so no backup is overwritten),
              then a temp file in the same folder renamed over it, keeping the mode; a symlink
              is followed and its target replaced
  --output-file OUT  write the patched file to OUT (- for stdout)

--config - reads the file from stdin (then --in-place is not possible).

A file that is not valid YAML, has duplicate keys, lacks both auth sections (unless
--add-sections), or changes on disk while omsso works, is refused and nothing is written.
Patching a patched file changes nothing and says "unchanged".`,
		Example: `  omsso patch -f omsso.yaml --config conf/openmetadata.yaml --diff
  omsso patch -f omsso.yaml --config conf/openmetadata.yaml --in-place
  omsso patch -f omsso.yaml --config conf/openmetadata.yaml --mode literal --output-file openmetadata-okta.yaml
  omsso patch -f omsso.yaml --config - --output-file - < conf/openmetadata.yaml > patched.yaml
  omsso patch -f omsso.yaml --config conf/openmetadata.yaml --diff --detailed-exitcode   # CI: is it applied?`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd, stdout, stderr) },
	}
	o.settingsFlags.add(cmd)
	f := cmd.Flags()
	f.StringVar(&o.config, "config", "", "the conf/openmetadata.yaml to patch (required; - reads stdin)")
	f.BoolVar(&o.inPlace, "in-place", false, "replace the file, after a backup next to it (FILE.bak)")
	f.StringVar(&o.outFile, "output-file", "", "write the patched file here instead (- for stdout)")
	o.output = addOutputFlag(cmd, []string{"text"}, "--output-file", func(v string) { o.outFile = v })
	f.BoolVar(&o.diff, "diff", false, "print a unified diff, write nothing (the default)")
	f.BoolVar(&o.diff, "dry-run", false, "same as --diff")
	f.BoolVar(&o.exitCode, "detailed-exitcode", false, "with --diff: exit 2 when the file would change, 0 when not (as plan's)")
	renamedFlag(cmd, "exit-code", "detailed-exitcode")
	f.StringVar(&o.mode, "mode", string(patch.Defaults), "defaults or literal")
	f.BoolVar(&o.addSections, "add-sections", false, "append both auth sections when the file has neither")
	mustRegister(cmd.MarkFlagRequired("config"))
	mustRegister(cmd.RegisterFlagCompletionFunc("mode", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"defaults", "literal"}, cobra.ShellCompDirectiveNoFileComp
	}))
	return cmd
}

func (o *patchOptions) run(cmd *cobra.Command, stdout, stderr io.Writer) error {
	if _, err := o.output.format(cmd, stderr); err != nil {
		return err
	}
	n := 0
	for _, b := range []bool{o.inPlace, o.outFile != "", o.diff} {
		if b {
			n++
		}
	}
	if n > 1 {
		return fmt.Errorf("choose one of --in-place, --output-file and --diff")
	}
	if o.exitCode && (o.inPlace || o.outFile != "") {
		return fmt.Errorf("--detailed-exitcode goes with --diff")
	}
	fromStdin := o.config == "-"
	if fromStdin && o.inPlace {
		return fmt.Errorf("--config - reads stdin, which cannot be patched in place; use --output-file")
	}
	if fromStdin && o.readsStdin() {
		return fmt.Errorf("-f - and --config - cannot both read stdin")
	}
	r, err := o.load(cmd, stderr)
	if err != nil {
		return err
	}
	req := app.PatchRequest{Config: o.config, Stdin: cmd.InOrStdin(), OutFile: o.outFile,
		Options: patch.Options{Mode: patch.Mode(o.mode), AddSections: o.addSections}}
	switch {
	case o.inPlace:
		req.Write = app.PatchInPlace
	case o.outFile != "":
		req.Write = app.PatchToFile
	}
	res, err := app.Patch(r, req)
	if err != nil {
		return err
	}
	for _, w := range res.Result.Warnings {
		fmt.Fprintln(stderr, "warning: "+w)
	}
	notes := notesTo(cmd, stderr)
	for _, n := range res.Result.Notes {
		fmt.Fprintln(notes, "note: "+n)
	}
	return o.report(res, n == 0, stdout, stderr)
}

// report prints what patch did.
func (o *patchOptions) report(res *app.PatchOutcome, implicitDryRun bool, stdout, stderr io.Writer) error {
	switch {
	case o.outFile == "-":
		_, err := stdout.Write(res.Result.Output)
		return err
	case !res.Result.Changed() && o.outFile == "":
		fmt.Fprintf(stdout, "unchanged %s\n", o.config)
	case o.inPlace:
		fmt.Fprintf(stdout, "patched   %s (%s; backup %s)\n", o.config, res.Summary, res.Backup)
	case o.outFile != "":
		fmt.Fprintf(stdout, "wrote     %s (%s)\n", o.outFile, res.Summary)
	default:
		fmt.Fprint(stdout, res.Diff)
		if implicitDryRun {
			fmt.Fprintln(stderr, "nothing written: this was a dry run; use --in-place or --output-file OUT to write")
		}
		if o.exitCode {
			return exitError{ExitPending}
		}
	}
	return nil
}
