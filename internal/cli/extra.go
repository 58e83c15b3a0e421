package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/internal/app"
	"github.com/omsso/omsso/internal/quote"
	"github.com/omsso/omsso/internal/version"
	"github.com/omsso/omsso/targets"
)

// newValuesCmd prints the Helm values, for `helm omsso values | helm upgrade ... -f -`.
func newValuesCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &settingsFlags{}
	cmd := &cobra.Command{
		Use:   "values",
		Short: "Print the Helm values for the OpenMetadata chart (render --target helm --output-dir -)",
		Example: `  omsso values -f omsso.yaml > values-okta.yaml
  set -o pipefail   # else a failing omsso hands helm an empty values file
  helm omsso values -f omsso.yaml | helm upgrade --install openmetadata open-metadata/openmetadata -f -
  omsso values -f omsso.yaml -o json | jq .openmetadata.config.authentication`,
		Args: cobra.NoArgs,
	}
	output := addOutputFlag(cmd, []string{"yaml", "json"}, "", nil)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		format, err := output.format(cmd, stderr)
		if err != nil {
			return err
		}
		r, err := o.load(cmd, stderr)
		if err != nil {
			return err
		}
		files, err := targets.Render(targets.Helm{}, r)
		if err != nil {
			return err
		}
		if format == "json" {
			return valuesJSON(stdout, files[0].Data)
		}
		_, err = stdout.Write(files[0].Data)
		return err
	}
	o.add(cmd)
	return cmd
}

// valuesJSON prints the Helm values as JSON (for jq, or helm's --set-json), read back from the
// YAML render wrote: the same values, not a second rendering.
func valuesJSON(w io.Writer, data []byte) error {
	var v map[string]any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("values: reading back the rendered values: %w", err)
	}
	return writeJSON(w, v)
}

type diffOptions struct {
	settingsFlags
	target   string
	dir      string
	output   *outputFlag
	exitCode bool
	each     string
}

// newDiffCmd shows what render would change on disk.
func newDiffCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff",
		Short: "Show what render would change on disk, as a unified diff",
		Long: `Diff renders in memory (with the same proof as render) and prints a unified diff against
the files in the output folder; it writes nothing. The diff is a patch that git apply and
patch -p1 accept (a/ and b/ names relative to the current folder, /dev/null for a new file).
With --detailed-exitcode it exits 2 when render would change something (0 when not, 1 on errors), for
CI.`,
		Example: `  omsso diff -f omsso.yaml --output-dir out
  omsso diff -f omsso.yaml --output-dir out --detailed-exitcode
  omsso diff -f omsso.yaml --output-dir out > okta.patch && git apply okta.patch`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd, stdout, stderr) },
	}
	o.settingsFlags.add(cmd)
	cmd.Flags().StringVarP(&o.target, "target", "t", "all", "all, "+strings.Join(targets.Names(), ", "))
	cmd.Flags().StringVar(&o.dir, "output-dir", "out", "the output folder render writes")
	o.output = addOutputFlag(cmd, []string{"text", "json"}, "--output-dir", func(v string) { o.dir = v })
	cmd.Flags().BoolVar(&o.exitCode, "detailed-exitcode", false, "exit 2 when render would change something, 0 when not (as plan's)")
	renamedFlag(cmd, "exit-code", "detailed-exitcode")
	addEachFlag(cmd, &o.each, "diff against --output-dir/<name>/")
	registerTargetCompletion(cmd, targets.Names())
	return cmd
}

func (o *diffOptions) run(cmd *cobra.Command, stdout, stderr io.Writer) error {
	format, err := o.output.format(cmd, stderr)
	if err != nil {
		return err
	}
	ts, err := selectTargets(o.target, false)
	if err != nil {
		return err
	}
	envs, err := o.environments(o.each)
	if err != nil {
		return err
	}
	perEnv := make([][]app.FileDiff, len(envs))
	logs := make([]bytes.Buffer, len(envs))
	err = app.Each(envs, workers(envs), func(i int, e app.Environment) error {
		r, err := o.loadFiles(cmd, envStderr(envs, stderr, &logs[i]), e.Files)
		if err != nil {
			return err
		}
		var out []targets.File
		for _, t := range ts {
			fs, err := targets.Render(t, r)
			if err != nil {
				return err
			}
			out = append(out, fs...)
		}
		perEnv[i], err = app.Diff(filepath.Join(o.dir, e.Name), out)
		return err
	})
	flushLogs(stderr, logs, envs)
	if err != nil {
		return err
	}
	diffs := append([]app.FileDiff{}, slices.Concat(perEnv...)...)
	if err := o.print(stdout, stderr, format, diffs); err != nil {
		return err
	}
	if len(diffs) > 0 && o.exitCode {
		return exitError{ExitPending}
	}
	return nil
}

// print writes the diffs on w; with no change, w gets nothing (a script can test for an empty
// diff) and stderr says so.
func (o *diffOptions) print(w, stderr io.Writer, format string, diffs []app.FileDiff) error {
	if format == "json" {
		return writeJSON(w, struct {
			Files []app.FileDiff `json:"files"`
		}{diffs})
	}
	for _, d := range diffs {
		fmt.Fprint(w, d.Diff)
	}
	if len(diffs) == 0 {
		fmt.Fprintf(stderr, "no changes: %s is up to date\n", o.dir)
	}
	return nil
}

// newComposeUpArgsCmd prints the exact docker compose command for the rendered files.
func newComposeUpArgsCmd(stdout, stderr io.Writer) *cobra.Command {
	var dir string
	var composeFiles []string
	var output *outputFlag
	cmd := &cobra.Command{
		Use:   "compose-up-args",
		Short: "Print the docker compose command that uses the rendered env file and override",
		Example: `  omsso compose-up-args --output-dir out
  eval "$(docker omsso compose-up-args --output-dir out --compose-file docker-compose.yml)"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := output.format(cmd, stderr)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("file") {
				fmt.Fprintf(stderr, "warning: compose-up-args -f/--file is deprecated and will stop working in omsso %s; write --compose-file (-f names settings files on every other command)\n", version.RemovalRelease())
			}
			if len(composeFiles) == 0 {
				composeFiles = []string{"docker-compose.yml"}
			}
			if err := composeFilesExist(dir, composeFiles); err != nil {
				return err
			}
			args := []string{"docker", "compose", "--env-file", filepath.Join(dir, filepath.FromSlash(targets.DockerEnvFile))}
			for _, f := range composeFiles {
				args = append(args, "-f", f)
			}
			args = append(args, "-f", filepath.Join(dir, filepath.FromSlash(targets.DockerOverride)), "up", "-d")
			if format == "json" {
				return writeJSON(stdout, args)
			}
			q := make([]string, len(args))
			for i, a := range args {
				q[i] = quote.Shell(a)
			}
			_, err = fmt.Fprintln(stdout, strings.Join(q, " "))
			return err
		},
	}
	cmd.Flags().StringVar(&dir, "output-dir", "out", "the folder render wrote (render --output-dir)")
	renamedFlag(cmd, "dir", "output-dir")
	// --compose-file, as on render and verify: -f names settings files everywhere else. The old
	// -f and --file stay, hidden and deprecated, until version.RemovalRelease.
	cmd.Flags().StringArrayVar(&composeFiles, "compose-file", nil, "your compose file(s), repeatable (default docker-compose.yml)")
	cmd.Flags().StringArrayVarP(&composeFiles, "file", "f", nil, "deprecated: use --compose-file")
	mustRegister(cmd.Flags().MarkHidden("file"))
	output = addOutputFlag(cmd, []string{"text", "json"}, "", nil)
	return cmd
}

// composeFilesExist checks, before printing a command that would fail, that the rendered env
// file and override and each compose file are there, naming every missing one at once.
func composeFilesExist(dir string, composeFiles []string) error {
	var missing []string
	for _, f := range append([]string{filepath.Join(dir, filepath.FromSlash(targets.DockerEnvFile)), filepath.Join(dir, filepath.FromSlash(targets.DockerOverride))}, composeFiles...) {
		if !fileExists(f) {
			missing = append(missing, f)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("compose-up-args: %s not found\n    fix: run omsso render --target docker --output-dir %s first, and name your compose file with --compose-file (default docker-compose.yml)", strings.Join(missing, ", "), dir)
}

// printDockerMetadata answers the Docker CLI's plugin handshake.
func printDockerMetadata(w io.Writer) int {
	meta := map[string]string{
		"SchemaVersion":    "0.1.0",
		"Vendor":           "omsso",
		"Version":          version.Get().Version,
		"ShortDescription": "Okta SSO configuration for OpenMetadata",
		"URL":              "https://github.com/omsso/omsso",
	}
	enc := json.NewEncoder(w)
	if err := enc.Encode(meta); err != nil {
		return 1
	}
	return 0
}
