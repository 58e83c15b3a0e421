package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/lint"
	"github.com/omsso/omsso/omconf"
	"github.com/omsso/omsso/settings"
)

type lintOptions struct {
	settingsFlags
	format string
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
  omsso lint -f omsso.yaml --format sarif > omsso.sarif   # for CI annotations
  omsso lint -f omsso.yaml --strict`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			file := o.file
			if file == "" && fileExists("omsso.yaml") {
				file = "omsso.yaml"
			}
			res := lint.Run(settings.Options{File: file, Flags: cmd.Flags(), Gates: omconf.Gates()})
			var err error
			switch o.format {
			case "text":
				err = res.Text(stdout)
			case "json":
				err = res.JSON(stdout)
			case "sarif":
				err = res.SARIF(stdout)
			default:
				return fmt.Errorf("unknown format %q; use text, json or sarif", o.format)
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
	cmd.Flags().StringVar(&o.format, "format", "text", "text, json or sarif")
	cmd.Flags().BoolVar(&o.strict, "strict", false, "exit 1 on warnings too")
	_ = cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"text", "json", "sarif"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}
