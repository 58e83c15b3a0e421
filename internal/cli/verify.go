package cli

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"

	"github.com/omsso/omsso/internal/app"
	"github.com/omsso/omsso/internal/plural"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/verify"
	"github.com/omsso/omsso/targets"
)

// Env vars that point render and verify at the user's real compose files and chart.
const (
	EnvChart       = "OMSSO_CHART"
	EnvComposeFile = "OMSSO_COMPOSE_FILE" // several separated by the OS path-list separator
)

// proofFlags are the flags naming real consumers to prove outputs against.
type proofFlags struct {
	composeFiles []string
	chart        string
	chartFromEnv bool
	config       string
	loaded       func() (*chart.Chart, error) // the chart, loaded once per run (loadChart)
	gcPercent    int                          // the GC percent before loadChart
	memLimit     int64                        // the memory limit before loadChart
}

func (p *proofFlags) add(cmd *cobra.Command, withConfig bool) {
	cmd.Flags().StringArrayVar(&p.composeFiles, "compose-file", nil, "your docker compose file(s), repeatable (default: $"+EnvComposeFile+", else omsso's model of the upstream quickstart file)")
	cmd.Flags().StringVar(&p.chart, "chart", "", "OpenMetadata chart folder or .tgz to render with Helm's SDK (default: $"+EnvChart+", else omsso's model of the chart)")
	if withConfig {
		cmd.Flags().StringVar(&p.config, "config", "", "a conf/openmetadata.yaml to prove for bare metal (default: DIR/baremetal/openmetadata-okta.yaml)")
	}
}

func (p *proofFlags) fromEnv() {
	if len(p.composeFiles) == 0 {
		if v := os.Getenv(EnvComposeFile); v != "" {
			p.composeFiles = filepath.SplitList(v)
		}
	}
	if p.chart == "" {
		p.chart = os.Getenv(EnvChart)
		p.chartFromEnv = p.chart != ""
	}
}

// loadChart starts loading the chart the user named, once per run, while the settings load;
// checkChart waits for it.
func (p *proofFlags) loadChart() {
	if p.chart == "" {
		return
	}
	p.loaded = startLoad(p.chart)
	// Rendering the chart (and compiling its values.schema.json) makes tens of MB of short-
	// lived garbage in a process that lives well under a second: collect only if the heap
	// nears a soft limit far above what a run needs. done restores both.
	p.gcPercent = debug.SetGCPercent(-1)
	p.memLimit = debug.SetMemoryLimit(256 << 20)
}

// startLoad loads a chart in the background; the function it returns waits for it, and may
// be called from several goroutines.
func startLoad(path string) func() (*chart.Chart, error) {
	loaded := make(chan struct{})
	var ch *chart.Chart
	var err error
	go func() {
		defer close(loaded)
		ch, err = loader.Load(path)
	}()
	return func() (*chart.Chart, error) {
		<-loaded
		return ch, err
	}
}

// done undoes what loadChart changed in the runtime (RunIO may run again in one process).
func (p *proofFlags) done() {
	if p.loaded != nil {
		debug.SetGCPercent(p.gcPercent)
		debug.SetMemoryLimit(p.memLimit)
	}
}

func (p *proofFlags) chartFrom() string {
	if p.chartFromEnv {
		return "$" + EnvChart + " (" + p.chart + ")"
	}
	return "--chart " + p.chart
}

// checkChart waits for the chart and checks it before anything is proved: a path that is not
// the OpenMetadata chart is a mistake in the input, not a mismatch of the settings. A chart of
// another OpenMetadata line than the settings' proves little about the deployment: a warning.
func (p *proofFlags) checkChart(r *settings.Resolved, stderr, notes io.Writer) error {
	if p.loaded == nil {
		return nil
	}
	ch, err := p.loaded()
	if err != nil {
		return fmt.Errorf("%s is not a chart: %w\n    fix: give the OpenMetadata chart's folder or .tgz (helm pull open-metadata/openmetadata --version X.Y.Z)", p.chartFrom(), err)
	}
	if ch.Metadata == nil || ch.Metadata.Name != "openmetadata" {
		return fmt.Errorf("%s is not the OpenMetadata chart\n    fix: give the OpenMetadata chart's folder or .tgz (helm pull open-metadata/openmetadata --version X.Y.Z)", p.chartFrom())
	}
	v := ch.Metadata.AppVersion
	if v == "" {
		v = ch.Metadata.Version
	}
	if _, own := targets.ChartFor(r.OpenMetadata.Version); !own {
		fmt.Fprintf(notes, "note: no chart of OpenMetadata %s is published; the proof holds for %s (chart of %s), which gets the keys it has no value for through extraEnvs\n",
			r.OpenMetadata.Version, p.chartFrom(), v)
	} else if line := lineOf(v); line != r.OpenMetadata.Version {
		fmt.Fprintf(stderr, "warning: %s is the chart of OpenMetadata %s, but the settings are for the %s line; the proof holds for that chart only (pull the chart of your line, or set openmetadata.version: %q)\n",
			p.chartFrom(), v, r.OpenMetadata.Version, line)
	}
	return nil
}

// lineOf is the major.minor of a version: "1.12.12" -> "1.12".
func lineOf(v string) string {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

type verifyOptions struct {
	settingsFlags
	proofFlags
	target string
	dir    string
	output *outputFlag
	each   string
}

func newVerifyCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Prove files on disk against the settings, through the real consumers",
		Long: `Verify reads files rendered earlier into --output-dir (perhaps edited by hand since; default out,
when it holds files omsso wrote), or else what render would write now, computes what
OpenMetadata will bind for each target, and prints every key that differs from the settings:
the target, the server key, expected and got, the layer where it went wrong, and the upstream
trap behind it when there is one.

  docker     compose-go loads your compose file(s) (--compose-file; default: omsso's model of
             the upstream quickstart file), the env file and the override, as
             docker compose --env-file F -f base -f override does.
  helm       Helm's SDK renders the chart (--chart, a folder or .tgz) with its values.schema.json;
             Secrets are decoded and the env of the server and migration containers resolved.
             Without --chart, omsso's model of the chart is used.
  baremetal  the sections file, or a whole conf/openmetadata.yaml (--config).

Then OpenMetadata's own ${VAR:-default} substitution and YAML binding are applied. The client
secret's env var is set to a stand-in value; the secret is never read or printed.
Exit status 0 when everything matches, 1 otherwise.`,
		Example: `  omsso verify -f omsso.yaml --output-dir out
  omsso verify -f omsso.yaml --target helm --chart ./openmetadata-1.12.12.tgz
  helm omsso verify --chart ./openmetadata   # inside Helm, $HELM_BIN renders the chart too
  omsso verify -f omsso.yaml --output-dir out --target docker --compose-file docker-compose.yml -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd, stdout, stderr) },
	}
	o.settingsFlags.add(cmd)
	o.proofFlags.add(cmd, true)
	cmd.Flags().StringVarP(&o.target, "target", "t", "all", "all, "+strings.Join(targets.DeployNames(), ", "))
	cmd.Flags().StringVar(&o.dir, "output-dir", "", "the folder render wrote (render --output-dir; default: out when it holds files omsso wrote, else what render would write now)")
	renamedFlag(cmd, "dir", "output-dir")
	o.output = addOutputFlag(cmd, []string{"text", "json"}, "", nil)
	addEachFlag(cmd, &o.each, "verify --output-dir/<name>/ (or what render would write)")
	registerTargetCompletion(cmd, targets.DeployNames())
	return cmd
}

// registerTargetCompletion completes --target, a comma-separated list (completeList).
func registerTargetCompletion(cmd *cobra.Command, names []string) {
	mustRegister(cmd.RegisterFlagCompletionFunc("target", func(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		return completeList(append([]string{"all"}, names...), typed)
	}))
}

// completeList completes a comma-separated list of names, the first of which ("all") stands
// alone: after "docker," it offers "docker,helm" and the others not yet in the list. While a
// comma can follow, no space is added.
func completeList(names []string, typed string) ([]string, cobra.ShellCompDirective) {
	done, last := "", typed
	if i := strings.LastIndex(typed, ","); i >= 0 {
		done, last = typed[:i+1], typed[i+1:]
	}
	have := map[string]bool{}
	for _, n := range strings.Split(strings.TrimSuffix(done, ","), ",") {
		if n = strings.TrimSpace(n); n != "" {
			have[n] = true
		}
	}
	if have[names[0]] {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for i, n := range names {
		if (i > 0 || done == "") && !have[n] && strings.HasPrefix(n, last) {
			out = append(out, done+n)
		}
	}
	if len(out) == 1 && (out[0] == names[0] || len(have)+2 == len(names)) {
		return out, cobra.ShellCompDirectiveNoFileComp // the list ends here
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

func targetNames(name string) ([]string, error) {
	ts, err := selectTargets(name, true)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range ts {
		out = append(out, t.Name())
	}
	return out, nil
}

func (o *verifyOptions) run(cmd *cobra.Command, stdout, stderr io.Writer) error {
	format, err := o.output.format(cmd, stderr)
	if err != nil {
		return err
	}
	names, err := targetNames(o.target)
	if err != nil {
		return err
	}
	o.fromEnv()
	if o.dir == "" && !flagChanged(cmd, "output-dir") && holdsOmssoFiles(defaultOutputDir) {
		// As render and diff default to out, so does verify once render has written there:
		// proving an in-memory render would say OK after a hand edit of out/.
		o.dir = defaultOutputDir
	}
	o.loadChart()
	defer o.done()
	envs, err := o.environments(o.each)
	if err != nil {
		return err
	}
	bad := make([]bool, len(envs))
	outs, logs := make([]bytes.Buffer, len(envs)), make([]bytes.Buffer, len(envs))
	err = app.Each(envs, workers(envs), func(i int, e app.Environment) error {
		rep, err := o.verifyEnv(cmd, envStderr(envs, stderr, &logs[i]), e, names)
		if err != nil {
			return err
		}
		bad[i] = !rep.OK()
		return o.print(&outs[i], format, e, rep, names)
	})
	for i := range outs {
		_, _ = outs[i].WriteTo(stdout)
	}
	flushLogs(stderr, logs, envs)
	if err != nil {
		return err
	}
	if n := countTrue(bad); n > 0 {
		if o.each != "" {
			fmt.Fprintf(stderr, "omsso: %d of %d environments have mismatches\n", n, len(envs))
		}
		return exitError{1}
	}
	return nil
}

// verifyEnv proves one environment's files: under --output-dir (DIR/<name> with --each), or what
// render would write now.
func (o *verifyOptions) verifyEnv(cmd *cobra.Command, stderr io.Writer, e app.Environment, names []string) (*verify.Report, error) {
	r, err := o.loadFiles(cmd, stderr, e.Files)
	if err != nil {
		return nil, err
	}
	if err := o.checkChart(r, stderr, notesTo(cmd, stderr)); err != nil {
		return nil, err
	}
	vo := verify.Options{Dir: o.dir, Targets: names, Proof: o.proofOptions(o.config)}
	if o.dir != "" {
		vo.Dir = filepath.Join(o.dir, e.Name)
	} else {
		// Nothing on disk named: prove what render would write now.
		// verify proves them: render them without render's own proof.
		for _, n := range names {
			t, _ := targets.ByName(n)
			fs, err := t.Render(r)
			if err != nil {
				return nil, err
			}
			vo.Files = append(vo.Files, fs...)
		}
		if o.config == "" {
			vo.Dir = "(rendered in memory)"
		}
	}
	if o.chart != "" {
		progress(cmd, stderr)("rendering " + o.chart + " with Helm's SDK")
	}
	debugf(stderr, "verify: targets %v, chart %q, compose files %v, helm binary %q", names, o.chart, o.composeFiles, vo.Proof.HelmBin)
	rep, err := verify.Run(r, vo)
	if err != nil {
		return nil, err
	}
	rep.Source = "what render would write now, rendered in memory (no file read; --output-dir DIR proves files on disk)"
	if o.dir != "" {
		rep.Source = "the files in " + vo.Dir
	}
	return rep, nil
}

// print prints one environment's report; with --each each text report is headed by its name
// and each JSON report is one line-separated document carrying it.
func (o *verifyOptions) print(w io.Writer, format string, e app.Environment, rep *verify.Report, names []string) error {
	if format == "json" {
		if rep.Findings == nil {
			rep.Findings = []verify.Finding{} // "findings": [] when clean, not null
		}
		if e.Name == "" {
			return writeJSON(w, rep)
		}
		return writeJSON(w, struct {
			Environment string `json:"environment"`
			*verify.Report
		}{e.Name, rep})
	}
	if e.Name != "" {
		fmt.Fprintf(w, "== %s ==\n", e.Name)
	}
	printReport(w, rep, names)
	return nil
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func printReport(w io.Writer, rep *verify.Report, names []string) {
	for _, n := range names {
		bad := 0
		for _, f := range rep.Findings {
			if f.Target == n {
				bad++
			}
		}
		status := "OK"
		if bad > 0 {
			status = plural.Of(bad, "mismatch", "mismatches")
		}
		fmt.Fprintf(w, "%-10s %s: %s\n", n, status, strings.Join(rep.Checked[n], ", "))
		fmt.Fprintf(w, "           proved with %s\n", rep.Proved[n])
		fmt.Fprintf(w, "           checked %s\n", sourceOf(rep, n))
	}
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "\nFAIL %s", f.Target)
		if f.Consumer != "" {
			fmt.Fprintf(w, " %s", f.Consumer)
		}
		fmt.Fprintf(w, " %s\n", f.Key)
		fmt.Fprintf(w, "  want   %s\n  got    %s\n  where  %s\n", f.Want, f.Got, f.Layer)
		if f.Trap != "" {
			fmt.Fprintf(w, "  trap   %s\n", f.Trap)
		}
	}
	if len(rep.Findings) > 0 {
		fmt.Fprintf(w, "\nverify: %s in %s\n", plural.Of(len(rep.Findings), "mismatch", "mismatches"), rep.Source)
	}
}

// sourceOf names what was checked for one target: its folder under the one verified, or the
// in-memory render.
func sourceOf(rep *verify.Report, target string) string {
	if dir, ok := strings.CutPrefix(rep.Source, "the files in "); ok {
		return "the files in " + filepath.Join(dir, target)
	}
	return rep.Source
}

type explainOptions struct {
	settingsFlags
	target string
	output *outputFlag
}

func newExplainCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &explainOptions{}
	cmd := &cobra.Command{
		Use:   "explain",
		Short: "Show, for every server key, settings field → target key or env var → value",
		Long: `Explain prints, for every key OpenMetadata binds in authorizerConfiguration and
authenticationConfiguration, the settings field it comes from, the key or env var that carries
it in each target, and the value the server ends up with (outputs are rendered in memory and
read back; nothing is written). It doubles as the naming reference between the targets:
publicKeyUrls is AUTHENTICATION_PUBLIC_KEYS in docker and authentication.publicKeys in Helm.`,
		Example: `  omsso explain -f omsso.yaml
  omsso explain -f omsso.yaml --target helm -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd, stdout, stderr) },
	}
	o.settingsFlags.add(cmd)
	cmd.Flags().StringVarP(&o.target, "target", "t", "all", "all, "+strings.Join(targets.DeployNames(), ", "))
	o.output = addOutputFlag(cmd, []string{"text", "json"}, "", nil)
	registerTargetCompletion(cmd, targets.DeployNames())
	return cmd
}

func (o *explainOptions) run(cmd *cobra.Command, stdout, stderr io.Writer) error {
	format, err := o.output.format(cmd, stderr)
	if err != nil {
		return err
	}
	names, err := targetNames(o.target)
	if err != nil {
		return err
	}
	r, err := o.load(cmd, stderr)
	if err != nil {
		return err
	}
	chains, err := verify.Explain(r, names)
	if err != nil {
		return err
	}
	if format == "json" {
		return writeJSON(stdout, chains)
	}
	for i, c := range chains {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "%s\n  %-10s %s\n", c.Key, "settings", c.Settings)
		for _, n := range names {
			h := c.Targets[n]
			fmt.Fprintf(stdout, "  %-10s %s = %s\n", n, h.Via, h.Value)
		}
	}
	return nil
}

// proveRendered proves files rendered in memory with the one proof engine: through the real
// consumers the user named (compose files, chart), and omsso's models for the rest.
func proveRendered(w io.Writer, r *settings.Resolved, ts []targets.Target, files []targets.File, p proofFlags) error {
	for _, t := range ts {
		d, ok := t.(targets.Deploy)
		if !ok {
			continue
		}
		proof, err := targets.Prove(r, d, files, p.proofOptions(""))
		if err != nil {
			return err
		}
		if len(proof.Findings) > 0 {
			rep := &verify.Report{Findings: proof.Findings, Proved: map[string]string{d.Name(): proof.Proved}}
			printReport(w, rep, []string{d.Name()})
			if !proof.Real {
				return fmt.Errorf("self-check of %s output failed; this is a bug in omsso, please report it with your settings; nothing was written", d.Name())
			}
			return fmt.Errorf("the rendered files do not give the server the settings; nothing was written")
		}
		if proof.Real {
			fmt.Fprintf(w, "proved    %s with %s\n", d.Name(), proof.Proved)
		}
	}
	return nil
}

// proofOptions are the real consumers named by flags or env.
func (p *proofFlags) proofOptions(config string) targets.ProofOptions {
	opts := targets.ProofOptions{ComposeFiles: p.composeFiles, Chart: p.chart, HelmBin: os.Getenv("HELM_BIN"), Config: config}
	if p.loaded != nil {
		opts.LoadedChart, _ = p.loaded() // checkChart reported a failure; nil loads it again
	}
	return opts
}

// debugf prints when HELM_DEBUG or OMSSO_DEBUG is set (Helm sets HELM_DEBUG for --debug).
func debugf(w io.Writer, format string, args ...any) {
	for _, v := range []string{"HELM_DEBUG", "OMSSO_DEBUG"} {
		if b := os.Getenv(v); b == "1" || b == "true" {
			fmt.Fprintf(w, "debug: "+format+"\n", args...)
			return
		}
	}
}

// defaultOutputDir is where render and diff write without --output-dir.
const defaultOutputDir = "out"

// holdsOmssoFiles reports whether dir holds, up to three levels down (DIR/<env>/<target>/file),
// a file with omsso's provenance header.
func holdsOmssoFiles(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipAll
		}
		if d.IsDir() {
			if strings.Count(filepath.ToSlash(strings.TrimPrefix(p, dir)), "/") > 2 {
				return filepath.SkipDir
			}
			return nil
		}
		if data, err := readHead(p); err == nil && targets.WrittenByOmsso(data) {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// readHead reads the first 512 bytes of a file, where the provenance header is.
func readHead(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return buf[:n], err
}
