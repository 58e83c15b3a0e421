package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/app"
	"github.com/omsso/omsso/internal/files"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

type renderOptions struct {
	settingsFlags
	proofFlags
	target string
	dir    string
	output *outputFlag
	force  bool
	dryRun bool
	each   string
	adopt  adoptFlags
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
  terraform  DIR/terraform/*.tf                    the same Okta side as Terraform code (okta/okta provider);
                                                   only when named (--target terraform); --adopt reads
                                                   the org and imports what exists

Each output is read back as its consumer reads it and compared with the settings before
anything is written; nothing is written if any target fails, and a write that fails part-way
puts back what it replaced. Unchanged files are not rewritten. Files omsso did not write (they
lack its provenance header) are never replaced without --force. With --compose-file or --chart
(or $OMSSO_COMPOSE_FILE, $OMSSO_CHART) they are also proved against those, as omsso verify
does. The client secret is never written: outputs reference it (an env var, a file, a
Kubernetes Secret).

Settings come from the files (-f is repeatable: merged left to right as Helm merges values
files), OMSSO_* env vars (OMSSO_OKTA_CLIENTID) and the flags below; flags win over env, env
over the files. With --each GLOB every matching file is one environment (the -f files, then
it), rendered into --output-dir/<name>/; nothing of any is written unless all pass.`,
		Example: `  omsso render -f omsso.yaml --output-dir out
  omsso render -f omsso.yaml --target docker,helm --dry-run
  omsso render -f omsso.yaml --target helm --output-dir - > values-okta.yaml
  OMSSO_OKTA_CLIENTID=0oa1abcd2EFGH3ijk4l5 omsso render -f omsso.yaml --target docker --output-dir deploy
  omsso render -f base.yaml -f envs/prod.yaml --output-dir out/prod   # files merged as Helm merges values
  omsso render --each 'envs/*.yaml' -f base.yaml --output-dir out       # out/<name>/ per environment
  omsso render -f omsso.yaml --target terraform --adopt --output-dir out  # Okta as Terraform code, importing what exists`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd, stdout, stderr) },
	}
	o.settingsFlags.add(cmd)
	o.proofFlags.add(cmd, false)
	cmd.Flags().StringVarP(&o.target, "target", "t", "all", "all, or a comma-separated list of "+strings.Join(targets.Names(), ", "))
	cmd.Flags().StringVar(&o.dir, "output-dir", "out", "output folder, or - to print one target to stdout")
	o.output = addOutputFlag(cmd, []string{"text", "json"}, "--output-dir", func(v string) { o.dir = v })
	cmd.Flags().BoolVar(&o.force, "force", false, "replace files in the output folder that omsso did not write")
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "print what would be written, write nothing")
	addEachFlag(cmd, &o.each, "render into --output-dir/<name>/")
	o.adopt.add(cmd)
	registerTargetCompletion(cmd, targets.Names())
	return cmd
}

// selectTargets resolves --target, one name or a comma-separated list, in the order targets
// render; deployOnly leaves out the Okta guide (nothing to prove).
func selectTargets(list string, deployOnly bool) ([]targets.Target, error) {
	all, names := targets.All(), targets.Names()
	if deployOnly {
		all, names = nil, targets.DeployNames()
		for _, d := range targets.Deploys() {
			all = append(all, d)
		}
	}
	want := map[string]bool{}
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		if n == "all" {
			return all, nil
		}
		if !slices.Contains(names, n) {
			return nil, fmt.Errorf("unknown target %q; use all, %s (or several, comma-separated)", n, strings.Join(names, ", "))
		}
		want[n] = true
	}
	var out []targets.Target
	all = withHelmNamespace(all)
	if !deployOnly {
		all = append(all, targets.Extras()...) // named only, never in all
	}
	for _, t := range all {
		if want[t.Name()] {
			out = append(out, t)
		}
	}
	return out, nil
}

// withHelmNamespace gives the Helm target the namespace Helm runs in ($HELM_NAMESPACE), so
// the written file's header names it as the next steps on stdout do.
func withHelmNamespace(ts []targets.Target) []targets.Target {
	ns := os.Getenv("HELM_NAMESPACE")
	for i, t := range ts {
		if _, ok := t.(targets.Helm); ok {
			ts[i] = targets.Helm{Namespace: ns}
		}
	}
	return ts
}

func (o *renderOptions) run(cmd *cobra.Command, stdout, stderr io.Writer) error {
	format, ts, err := o.prepare(cmd, stderr)
	defer o.done()
	if err != nil {
		return err
	}
	envs, err := o.environments(o.each)
	if err != nil {
		return err
	}
	// Render and prove every environment before writing anything of any.
	perEnv := make([][]files.Entry, len(envs))
	resolved := make([]*settings.Resolved, len(envs))
	logs := make([]bytes.Buffer, len(envs))
	err = app.Each(envs, workers(envs), func(i int, e app.Environment) error {
		r, out, err := o.renderEnv(cmd, envStderr(envs, stderr, &logs[i]), e, ts)
		if err != nil {
			return err
		}
		resolved[i] = r
		if o.dir == "-" {
			return printFiles(stdout, out)
		}
		perEnv[i], err = app.Entries(filepath.Join(o.dir, e.Name), out, o.force)
		return err
	})
	flushLogs(stderr, logs, envs)
	if err != nil || o.dir == "-" {
		return err
	}
	entries := slices.Concat(perEnv...)
	last := resolved[len(resolved)-1]
	statuses := app.DryRun(entries)
	if !o.dryRun {
		if statuses, err = app.Write(entries); err != nil {
			return err
		}
	}
	return o.report(stdout, format, statuses, last, ts, len(envs))
}

// prepare checks the flags that need no settings.
func (o *renderOptions) prepare(cmd *cobra.Command, stderr io.Writer) (string, []targets.Target, error) {
	format, err := o.output.format(cmd, stderr)
	if err != nil {
		return "", nil, err
	}
	ts, err := selectTargets(o.target, false)
	if err != nil {
		return "", nil, err
	}
	if ts, err = o.adopt.configure(cmd, ts); err != nil {
		return "", nil, err
	}
	if o.dir == "-" && len(ts) != 1 {
		return "", nil, fmt.Errorf("--output-dir - prints one target; add --target %s", strings.Join(targets.Names(), "|"))
	}
	if o.dir == "-" && (format != "text" || o.dryRun || o.each != "") {
		return "", nil, fmt.Errorf("--output-dir - prints the files themselves; it goes without -o %s, --dry-run and --each", format)
	}
	o.fromEnv()
	o.loadChart()
	return format, ts, nil
}

// renderEnv loads one environment's settings, renders the targets and proves them, with a
// real compose file or chart when given (stderr: stdout may be a pipe).
func (o *renderOptions) renderEnv(cmd *cobra.Command, stderr io.Writer, e app.Environment, ts []targets.Target) (*settings.Resolved, []targets.File, error) {
	r, err := o.loadFiles(cmd, stderr, e.Files)
	if err != nil {
		return nil, nil, err
	}
	var out []targets.File
	for _, t := range ts {
		fs, err := t.Render(r)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, fs...)
	}
	if err := o.checkChart(r, stderr, notesTo(cmd, stderr)); err != nil {
		return nil, nil, err
	}
	if o.chart != "" {
		progress(cmd, stderr)("rendering " + o.chart + " with Helm's SDK")
	}
	if err := proveRendered(stderr, r, ts, out, o.proofFlags); err != nil {
		return nil, nil, err
	}
	return r, out, nil
}

// printFiles prints rendered files for --output-dir -, with a header between several.
func printFiles(w io.Writer, out []targets.File) error {
	for i, f := range out {
		if len(out) > 1 {
			if i > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "# ==> %s <==\n", f.Path)
		}
		if _, err := w.Write(f.Data); err != nil {
			return err
		}
	}
	return nil
}

// report prints what render did; the next steps only for one environment, whose folder they name.
func (o *renderOptions) report(w io.Writer, format string, statuses []app.FileStatus, r *settings.Resolved, ts []targets.Target, envs int) error {
	if format == "json" {
		return writeJSON(w, struct {
			DryRun bool             `json:"dryRun"`
			Files  []app.FileStatus `json:"files"`
		}{o.dryRun, statuses})
	}
	for _, st := range statuses {
		fmt.Fprintf(w, "%-9s %s\n", st.Status, st.Path)
	}
	if o.dryRun {
		fmt.Fprintln(w, "\nnothing written: this was a dry run (omsso diff shows the changes)")
		return nil
	}
	if o.each != "" {
		fmt.Fprintf(w, "\nrendered %d environments into %s\n", envs, filepath.Join(o.dir, "<name>"))
		return nil
	}
	printNextSteps(w, r, ts, o.dir)
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func printNextSteps(w io.Writer, r *settings.Resolved, ts []targets.Target, dir string) {
	fmt.Fprintln(w, "\nNext steps:")
	for _, t := range ts {
		fmt.Fprintf(w, "  %s:\n", t.Name())
		for _, l := range t.NextSteps(r, dir, os.Getenv) {
			fmt.Fprintln(w, "    "+l)
		}
	}
	deploys := slices.ContainsFunc(ts, func(t targets.Target) bool { _, ok := t.(targets.Deploy); return ok })
	d := settings.DBCopyFor(r)
	if deploys && d != nil && !d.Reset {
		fmt.Fprintln(w)
		for _, l := range d.HeaderLines(r.OpenMetadata.Version) {
			fmt.Fprintln(w, l)
		}
	}
	if deploys && d != nil && d.Reset {
		fmt.Fprintln(w, "\nOpenMetadata 1.10+ keeps the security config in its database after the first start, and")
		fmt.Fprintln(w, "that copy wins over these files. `omsso apply --target openmetadata` applies the settings to a")
		fmt.Fprintln(w, "running server; or reset the stored copy and restart (each file's header says how):")
		for _, t := range ts {
			d, ok := t.(targets.Deploy)
			if !ok {
				continue
			}
			for i, c := range d.ResetCommands(os.Getenv) {
				label := ""
				if i == 0 {
					label = t.Name() + ":"
				}
				fmt.Fprintf(w, "  %-11s%s\n", label, c)
			}
		}
	}
}
