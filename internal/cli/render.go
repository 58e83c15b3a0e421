package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/files"
	"github.com/omsso/omsso/settings"
	"github.com/omsso/omsso/targets"
)

type renderOptions struct {
	settingsFlags
	proofFlags
	target string
	output string
}

func newRenderCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &renderOptions{}
	cmd := &cobra.Command{
		Use:   "render",
		Short: "Write the Docker, Helm and bare-metal files for the settings",
		Long: `Render writes, for each target:

  docker     DIR/docker/openmetadata_okta.env      for docker compose --env-file
             DIR/docker/docker-compose.okta.yml    override passing what the upstream compose file drops
  helm       DIR/helm/values-okta.yaml             for helm upgrade -f
  baremetal  DIR/baremetal/openmetadata-okta.yaml  auth sections for conf/openmetadata.yaml
  okta       DIR/okta/SETUP.md                     the Okta-side setup, with your values

Each output is read back as its consumer reads it and compared with the settings before
anything is written; nothing is written if any target fails. With --compose-file or --chart
(or $OMSSO_COMPOSE_FILE, $OMSSO_CHART) they are also proved against those, as omsso verify
does. The client secret is never written: outputs reference it (an env var, a file, a
Kubernetes Secret).

Settings come from the file, OMSSO_* env vars (OMSSO_OKTA_CLIENTID) and the flags below;
flags win over env, env over the file.`,
		Example: `  omsso render -f omsso.yaml -o out
  omsso render -f omsso.yaml --target helm -o - | helm upgrade --install openmetadata open-metadata/openmetadata -f -
  OMSSO_OKTA_CLIENTID=0oa1abcd2EFGH3ijk4l5 omsso render -f omsso.yaml --target docker -o deploy`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd, stdout, stderr) },
	}
	o.settingsFlags.add(cmd)
	o.proofFlags.add(cmd, false)
	cmd.Flags().StringVarP(&o.target, "target", "t", "all", "all, "+strings.Join(targets.Names(), ", "))
	cmd.Flags().StringVarP(&o.output, "output", "o", "out", "output folder, or - to print one target to stdout")
	registerTargetCompletion(cmd, targets.Names())
	return cmd
}

// selectTargets resolves --target; deployOnly leaves out the Okta guide (nothing to prove).
func selectTargets(name string, deployOnly bool) ([]targets.Target, error) {
	all, names := targets.All(), targets.Names()
	if deployOnly {
		all, names = targets.Deploy(), targets.DeployNames()
	}
	if name == "all" {
		return all, nil
	}
	for _, t := range all {
		if t.Name() == name {
			return []targets.Target{t}, nil
		}
	}
	return nil, fmt.Errorf("unknown target %q; use all, %s", name, strings.Join(names, ", "))
}

func (o *renderOptions) run(cmd *cobra.Command, stdout, stderr io.Writer) error {
	ts, err := selectTargets(o.target, false)
	if err != nil {
		return err
	}
	if o.output == "-" && len(ts) != 1 {
		return fmt.Errorf("-o - prints one target; add --target %s", strings.Join(targets.Names(), "|"))
	}
	r, err := o.load(cmd, stderr)
	if err != nil {
		return err
	}
	// Render and prove everything before writing anything.
	var out []targets.File
	for _, t := range ts {
		fs, err := targets.Render(t, r)
		if err != nil {
			return err
		}
		out = append(out, fs...)
	}
	// With a real compose file or chart, prove against it too (stderr: stdout may be a pipe).
	o.fromEnv()
	var names []string
	for _, t := range ts {
		names = append(names, t.Name())
	}
	if err := proveRendered(stderr, r, names, out, o.proofFlags); err != nil {
		return err
	}
	if o.output == "-" {
		for i, f := range out {
			if len(out) > 1 {
				if i > 0 {
					fmt.Fprintln(stdout)
				}
				fmt.Fprintf(stdout, "# ==> %s <==\n", f.Path)
			}
			if _, err := stdout.Write(f.Data); err != nil {
				return err
			}
		}
		return nil
	}
	for _, f := range out {
		path := filepath.Join(o.output, filepath.FromSlash(f.Path))
		perm := os.FileMode(0o644)
		if f.Secret {
			perm = 0o600
		}
		res, err := files.WriteAtomic(path, f.Data, perm)
		if err != nil {
			return err
		}
		word := "wrote"
		if res == files.Unchanged {
			word = "unchanged"
		}
		fmt.Fprintf(stdout, "%-9s %s\n", word, path)
	}
	printNextSteps(stdout, r, ts, o.output)
	return nil
}

func printNextSteps(w io.Writer, r *settings.Resolved, ts []targets.Target, dir string) {
	fmt.Fprintln(w, "\nNext steps:")
	for _, t := range ts {
		switch t.Name() {
		case "docker":
			env := filepath.Join(dir, filepath.FromSlash(targets.DockerEnvFile))
			ov := filepath.Join(dir, filepath.FromSlash(targets.DockerOverride))
			fmt.Fprintln(w, "  docker:")
			if r.Confidential() {
				if cs := r.Okta.ClientSecret; cs != nil && cs.File != "" {
					fmt.Fprintf(w, "    export %s=\"$(cat %s)\"\n", r.SecretEnv, cs.File)
				} else {
					fmt.Fprintf(w, "    export %s=...   # the Okta client secret, from your secret store\n", r.SecretEnv)
				}
			}
			fmt.Fprintf(w, "    docker compose --env-file %s -f docker-compose.yml -f %s up -d\n", env, ov)
		case "helm":
			fmt.Fprintln(w, "  helm:")
			for _, l := range targets.KubeSecretHelp(r) {
				fmt.Fprintln(w, "    "+l)
			}
			fmt.Fprintf(w, "    helm upgrade --install openmetadata open-metadata/openmetadata -f %s\n", filepath.Join(dir, filepath.FromSlash(targets.HelmValues)))
		case "okta":
			fmt.Fprintln(w, "  okta:")
			fmt.Fprintf(w, "    follow %s in the Okta Admin Console\n", filepath.Join(dir, filepath.FromSlash(targets.OktaSetup)))
		case "baremetal":
			fmt.Fprintln(w, "  baremetal:")
			fmt.Fprintf(w, "    replace the two auth sections of conf/openmetadata.yaml with %s, then restart\n", filepath.Join(dir, filepath.FromSlash(targets.BaremetalSections)))
			if r.Confidential() {
				fmt.Fprintf(w, "    export %s before starting the server (the client secret)\n", r.SecretEnv)
			}
		}
	}
	if r.AtLeast("1.10") {
		fmt.Fprintln(w, "\nOpenMetadata 1.10+ keeps the security config in its database after the first start, and")
		fmt.Fprintln(w, "that copy wins over these files. To apply them to a running install, reset it:")
		fmt.Fprintln(w, "  ./bootstrap/openmetadata-ops.sh remove-security-config --force   # then restart")
	}
}
