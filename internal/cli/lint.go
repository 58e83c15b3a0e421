package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/lint"
	"github.com/omsso/omsso/internal/settings"
)

type lintOptions struct {
	settingsFlags
	output *outputFlag
	format string // deprecated spelling of -o
	strict bool
}

func newLintCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &lintOptions{}
	var rules strings.Builder
	for _, r := range settings.Rules() {
		fmt.Fprintf(&rules, "  %-9s %-8s %s\n", r.ID, r.Severity, r.Title)
	}
	cmd := &cobra.Command{
		Use:   "lint",
		Short: "Check the settings offline for the Okta mistakes that break logins",
		Long: `Lint checks the settings offline, the way render does before writing, and reports every
finding with a stable rule ID, a severity, the file:line and field path, and a fix.
Exit status 1 on errors, 0 on warnings and notes only (1 with --strict).

Rules:
` + rules.String(),
		Example: `  omsso lint -f omsso.yaml
  omsso lint -f omsso.yaml -o sarif > omsso.sarif   # for CI annotations
  omsso lint -f omsso.yaml --strict`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := o.output.format(cmd, stderr)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("format") {
				if cmd.Flags().Changed("output") {
					return fmt.Errorf("lint: --format and -o both given; keep -o")
				}
				fmt.Fprintf(stderr, "warning: lint --format is deprecated and will stop working in the next minor release; write -o %s\n", o.format)
				format = o.format
			}
			opts, err := o.options(cmd)
			if err != nil {
				return err
			}
			res := lint.Run(opts)
			switch format {
			case "text":
				err = res.Text(stdout)
			case "json":
				err = res.JSON(stdout)
			case "sarif":
				err = res.SARIF(stdout)
			default:
				return fmt.Errorf("unknown format %q; use text, json or sarif", format)
			}
			if err != nil {
				return err
			}
			if res.Failed(o.strict) {
				return exitError{1}
			}
			return nil
		},
	}
	o.settingsFlags.add(cmd)
	o.output = addOutputFlag(cmd, []string{"text", "json", "sarif"}, "", nil)
	cmd.Flags().StringVar(&o.format, "format", "text", "deprecated: use -o")
	_ = cmd.Flags().MarkHidden("format")
	cmd.Flags().BoolVar(&o.strict, "strict", false, "exit 1 on warnings too")
	return cmd
}
