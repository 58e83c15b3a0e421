package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/lint"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/version"
)

type lintOptions struct {
	settingsFlags
	output   *outputFlag
	format   string // deprecated spelling of -o
	strict   bool
	severity string
}

func newLintCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &lintOptions{}
	cmd := &cobra.Command{
		Use:   "lint",
		Short: "Check the settings offline for the Okta mistakes that break logins",
		Long: `Lint checks the settings offline, the way render does before writing, and reports every
finding with a stable rule ID, a severity, the file:line and field path, and a fix.
Exit status 1 on errors, 0 on warnings and notes only (1 with --strict).

Rules:
` + lintRules(),
		Example: `  omsso lint -f omsso.yaml
  omsso lint -f omsso.yaml -o sarif > omsso.sarif   # for CI annotations
  omsso lint -f omsso.yaml --strict
  omsso lint -f omsso.yaml --severity warning         # notes not shown`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd, stdout, stderr) },
	}
	o.settingsFlags.add(cmd)
	o.output = addOutputFlag(cmd, []string{"text", "json", "sarif"}, "", nil)
	cmd.Flags().StringVar(&o.format, "format", "text", "deprecated: use -o")
	mustRegister(cmd.Flags().MarkHidden("format"))
	cmd.Flags().BoolVar(&o.strict, "strict", false, "exit 1 on warnings too")
	cmd.Flags().StringVar(&o.severity, "severity", "info", "show findings of this severity and above: error, warning or info (the summary counts the rest; the exit status sees them all)")
	mustRegister(cmd.RegisterFlagCompletionFunc("severity", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"error", "warning", "info"}, cobra.ShellCompDirectiveNoFileComp
	}))
	return cmd
}

// lintRules is the rule table of the help text, one rule a line.
func lintRules() string {
	var rules strings.Builder
	for _, r := range settings.Rules() {
		fmt.Fprintf(&rules, "  %-9s %-8s %s\n", r.ID, r.Severity, r.Title)
	}
	return rules.String()
}

func (o *lintOptions) run(cmd *cobra.Command, stdout, stderr io.Writer) error {
	format, err := o.formatOf(cmd, stderr)
	if err != nil {
		return err
	}
	from, err := lint.ParseSeverity(o.severity)
	if err != nil {
		return err
	}
	opts, err := o.options(cmd)
	if err != nil {
		return err
	}
	res := lint.Run(opts).From(from)
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
}

// formatOf is -o, or the deprecated --format with a warning.
func (o *lintOptions) formatOf(cmd *cobra.Command, stderr io.Writer) (string, error) {
	format, err := o.output.format(cmd, stderr)
	if err != nil {
		return "", err
	}
	if !cmd.Flags().Changed("format") {
		return format, nil
	}
	if cmd.Flags().Changed("output") {
		return "", errors.New("lint: --format and -o both given; keep -o")
	}
	fmt.Fprintf(stderr, "warning: lint --format is deprecated and will stop working in omsso %s; write -o %s\n", version.RemovalRelease(), o.format)
	return o.format, nil
}
