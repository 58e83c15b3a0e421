package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/version"
)

// formatNames are the values -o/--output takes as an output format, on every command (as in
// kubectl and helm). A folder is --output-dir and a file --output-file.
var formatNames = []string{"text", "json", "sarif"}

// outputFlag is -o/--output. Until version.RemovalRelease, on the commands where -o used to
// name a folder or a file, a value that is an existing path or has a / keeps that old meaning
// with a deprecation warning on stderr.
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
	if slices.Contains(formatNames, v) || o.legacy == "" || !looksLikePath(v) {
		return "", o.unknown(cmd, v)
	}
	if cmd.Flags().Changed(strings.TrimPrefix(o.legacy, "--")) {
		return "", fmt.Errorf("%s: -o %s and %s both given; -o is the output format now (%s), keep %s", cmd.Name(), v, o.legacy, strings.Join(o.formats, " or "), o.legacy)
	}
	fmt.Fprintf(stderr, "warning: %s -o %s is deprecated and will stop working in omsso %s: -o is the output format (%s); write %s %s\n",
		cmd.Name(), v, version.RemovalRelease(), strings.Join(o.formats, " or "), o.legacy, v)
	o.set(v)
	return o.formats[0], nil
}

// looksLikePath tells the old -o DIR/FILE from a mistyped format: only a path that exists, or
// one with a folder separator, keeps the old meaning; "yaml" or "JSON" is an unknown format,
// not a folder to create. "-" (stdout) keeps it too.
func looksLikePath(v string) bool {
	if v == "-" || strings.ContainsAny(v, `/`+string(filepath.Separator)) {
		return true
	}
	_, err := os.Stat(v)
	return err == nil
}

// unknown is the error for an -o value that is no format of cmd, with the nearest format and,
// where -o used to take a path, the flag that takes one now.
func (o *outputFlag) unknown(cmd *cobra.Command, v string) error {
	msg := fmt.Sprintf("%s -o %s: unknown output format; use %s", cmd.Name(), v, strings.Join(o.formats, " or "))
	for _, f := range o.formats {
		if strings.EqualFold(f, v) {
			msg += fmt.Sprintf(" (did you mean -o %s? formats are lower-case)", f)
		}
	}
	if o.legacy != "" && !slices.Contains(formatNames, strings.ToLower(v)) {
		msg += fmt.Sprintf("; for a path, write %s %s", o.legacy, v)
	}
	return errors.New(msg)
}
