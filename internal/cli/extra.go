package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
	"github.com/spf13/cobra"

	"github.com/omsso/omsso/quote"
	"github.com/omsso/omsso/targets"
	"github.com/omsso/omsso/version"
)

// newValuesCmd prints the Helm values, for `helm omsso values | helm upgrade ... -f -`.
func newValuesCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &settingsFlags{}
	cmd := &cobra.Command{
		Use:   "values",
		Short: "Print the Helm values for the OpenMetadata chart (render --target helm -o -)",
		Example: `  omsso values -f omsso.yaml > values-okta.yaml
  helm omsso values -f omsso.yaml | helm upgrade --install openmetadata open-metadata/openmetadata -f -`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := o.load(cmd, stderr)
			if err != nil {
				return err
			}
			files, err := targets.Render(targets.Helm{}, r)
			if err != nil {
				return err
			}
			_, err = stdout.Write(files[0].Data)
			return err
		},
	}
	o.add(cmd)
	return cmd
}

type diffOptions struct {
	settingsFlags
	target   string
	dir      string
	exitCode bool
}

// newDiffCmd shows what render would change on disk.
func newDiffCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff",
		Short: "Show what render would change on disk, as a unified diff",
		Long: `Diff renders in memory (with the same proof as render) and prints a unified diff against
the files in the output folder; it writes nothing. With --exit-code it exits 2 when render would
change something (0 when not, 1 on errors), for CI.`,
		Example: `  omsso diff -f omsso.yaml -o out
  omsso diff -f omsso.yaml -o out --exit-code`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ts, err := selectTargets(o.target, false)
			if err != nil {
				return err
			}
			r, err := o.load(cmd, stderr)
			if err != nil {
				return err
			}
			changed := 0
			for _, t := range ts {
				fs, err := targets.Render(t, r)
				if err != nil {
					return err
				}
				for _, f := range fs {
					path := filepath.Join(o.dir, filepath.FromSlash(f.Path))
					old, err := os.ReadFile(path)
					from := path
					if err != nil {
						old, from = nil, "/dev/null"
					}
					if bytes.Equal(old, f.Data) {
						continue
					}
					changed++
					d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
						A: difflib.SplitLines(string(old)), B: difflib.SplitLines(string(f.Data)),
						FromFile: from, ToFile: path + " (rendered)", Context: 3,
					})
					if err != nil {
						return err
					}
					fmt.Fprint(stdout, d)
				}
			}
			if changed == 0 {
				fmt.Fprintf(stdout, "unchanged %s\n", o.dir)
				return nil
			}
			if o.exitCode {
				return exitError{ExitPending}
			}
			return nil
		},
	}
	o.settingsFlags.add(cmd)
	cmd.Flags().StringVarP(&o.target, "target", "t", "all", "all, "+strings.Join(targets.Names(), ", "))
	cmd.Flags().StringVarP(&o.dir, "output", "o", "out", "the output folder render writes")
	cmd.Flags().BoolVar(&o.exitCode, "exit-code", false, "exit 2 when render would change something")
	registerTargetCompletion(cmd, targets.Names())
	return cmd
}

// newComposeUpArgsCmd prints the exact docker compose command for the rendered files.
func newComposeUpArgsCmd(stdout io.Writer) *cobra.Command {
	var dir string
	var composeFiles []string
	cmd := &cobra.Command{
		Use:   "compose-up-args",
		Short: "Print the docker compose command that uses the rendered env file and override",
		Example: `  omsso compose-up-args --dir out
  eval "$(docker omsso compose-up-args --dir out -f docker-compose.yml)"`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if len(composeFiles) == 0 {
				composeFiles = []string{"docker-compose.yml"}
			}
			args := []string{"docker", "compose", "--env-file", filepath.Join(dir, filepath.FromSlash(targets.DockerEnvFile))}
			for _, f := range composeFiles {
				args = append(args, "-f", f)
			}
			args = append(args, "-f", filepath.Join(dir, filepath.FromSlash(targets.DockerOverride)), "up", "-d")
			q := make([]string, len(args))
			for i, a := range args {
				q[i] = quote.Shell(a)
			}
			_, err := fmt.Fprintln(stdout, strings.Join(q, " "))
			return err
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "out", "folder render wrote")
	cmd.Flags().StringArrayVarP(&composeFiles, "file", "f", nil, "your compose file(s), repeatable (default docker-compose.yml)")
	return cmd
}

// printDockerMetadata answers the Docker CLI's plugin handshake.
func printDockerMetadata(w io.Writer) int {
	meta := map[string]string{
		"SchemaVersion":    "0.1.0",
		"Vendor":           "omsso",
		"Version":          version.Version,
		"ShortDescription": "Okta SSO configuration for OpenMetadata",
		"URL":              "https://github.com/omsso/omsso",
	}
	enc := json.NewEncoder(w)
	if err := enc.Encode(meta); err != nil {
		return 1
	}
	return 0
}
