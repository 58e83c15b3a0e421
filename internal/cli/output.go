package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// formatNames are the values -o/--output takes as an output format, on every command (as in
// kubectl and helm). A folder is --output-dir and a file --output-file.
var formatNames = []string{"text", "json", "sarif"}

// outputFlag is -o/--output. Until the next minor release, on the commands where -o used to
// name a folder or a file, a value that is not a format name keeps that old meaning with a
// deprecation warning on stderr.
type outputFlag struct {
	value   string
	formats []string // the formats this command writes
	// legacy is the flag that now carries the old meaning of -o VALUE ("" when -o was always a
	// format here), and set gives it the value.
	legacy string
	set    func(string)
}

// addOutputFlag registers -o/--output with the command's formats, and its completion.
func addOutputFlag(cmd *cobra.Command, formats []string, legacy string, set func(string)) *outputFlag {
	o := &outputFlag{formats: formats, legacy: legacy, set: set}
	usage := "output format: " + strings.Join(formats, " or ")
	cmd.Flags().StringVarP(&o.value, "output", "o", formats[0], usage)
	mustRegister(cmd.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return formats, cobra.ShellCompDirectiveNoFileComp
	}))
	return o
}

// mustRegister stops at a flag registration that failed: it fails only for a flag that does
// not exist or is registered twice, a mistake in omsso, not in the user's input.
func mustRegister(err error) {
	if err != nil {
		panic(err)
	}
}

// format returns the chosen format. A value that is no format name is, where -o had another
// meaning, passed to the legacy flag with a warning; elsewhere it is an error.
func (o *outputFlag) format(cmd *cobra.Command, stderr io.Writer) (string, error) {
	v := o.value
	if slices.Contains(o.formats, v) {
		return v, nil
	}
	if slices.Contains(formatNames, v) || o.legacy == "" {
		return "", fmt.Errorf("%s -o %s: unknown output format; use %s", cmd.Name(), v, strings.Join(o.formats, " or "))
	}
	if cmd.Flags().Changed(strings.TrimPrefix(o.legacy, "--")) {
		return "", fmt.Errorf("%s: -o %s and %s both given; -o is the output format now (%s), keep %s", cmd.Name(), v, o.legacy, strings.Join(o.formats, " or "), o.legacy)
	}
	fmt.Fprintf(stderr, "warning: %s -o %s is deprecated and will stop working in the next minor release: -o is the output format (%s); write %s %s\n",
		cmd.Name(), v, strings.Join(o.formats, " or "), o.legacy, v)
	o.set(v)
	return o.formats[0], nil
}
