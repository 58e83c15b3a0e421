// Package cli builds omsso's cobra commands. Commands are thin: they parse flags, call the
// settings, targets and files packages, and print.
package cli

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/omsso/omsso/internal/redact"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/app"
	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/version"
)

// exitError carries an exit status without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Run executes omsso with args and no input, and returns the exit status. It never calls
// os.Exit.
func Run(args []string, stdout, stderr io.Writer) int {
	return RunIO(args, strings.NewReader(""), stdout, stderr)
}

// Main is the binary's entry point: it also answers as a Docker CLI plugin when installed as
// docker-omsso (the Docker CLI calls it with the metadata subcommand, then with the plugin
// name before the user's arguments).
func Main(argv0 string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "docker-cli-plugin-metadata" {
		return printDockerMetadata(stdout)
	}
	display := ""
	if strings.HasPrefix(filepath.Base(argv0), "docker-omsso") && len(args) > 0 && args[0] == "omsso" {
		args = args[1:]
		display = "docker omsso"
	} else if os.Getenv("HELM_PLUGIN_NAME") == "omsso" {
		display = "helm omsso" // Helm passes --help through to the plugin
	}
	return runIO(args, stdin, stdout, stderr, display)
}

// RunIO is Run with an input, for the prompts of init.
func RunIO(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runIO(args, stdin, stdout, stderr, "")
}

// runIO runs omsso; display, when set, is how the usage lines name it ("helm omsso").
func runIO(args []string, stdin io.Reader, stdout, stderr io.Writer, display string) int {
	cmd := New(stdout, stderr)
	if display != "" {
		cmd.Annotations = map[string]string{cobra.CommandDisplayNameAnnotation: display}
	}
	var prof profiler
	prof.add(cmd)
	defer prof.stop()
	cmd.SetIn(stdin)
	cmd.SetArgs(args)
	for _, w := range settings.UnknownEnv(os.Environ(), toolEnv) {
		fmt.Fprintln(stderr, "warning: "+w)
	}
	warnRenamedEnv(os.Environ(), stderr)
	err := cmd.Execute()
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	// The user-info of any URL an error repeats (a flag value, a server's Location) never prints.
	fmt.Fprintln(stderr, "omsso: "+redact.URLs(err.Error())+positionalHint(err))
	return 1
}

// toolEnv are the OMSSO_* variables omsso reads that are not settings fields (those are
// OMSSO_<PATH>); any other OMSSO_* variable gets a warning. A new variable goes here.
var toolEnv = []string{
	EnvChart, EnvComposeFile, "OMSSO_DEBUG", "OMSSO_OKTA_API_URL", omAPIURLEnv, "OMSSO_OPENMETADATA",
	"OMSSO_OKTA_CLIENTSECRET", // read only to refuse it: a secret in clear (lint OKTA014)
	// read by the tests, the plugin hook and the scripts
	"OMSSO_UPSTREAM", "OMSSO_SKIPLOG", "OMSSO_ORACLE_JARS", "OMSSO_ORACLE_XFAIL", "OMSSO_UPDATE_README",
	"OMSSO_REBUILD", "OMSSO_PLUGIN_BIN", "OMSSO_FAKE_WEB",
}

// positionalHint turns cobra's "unknown command "omsso.yaml" for "omsso render"" into a
// pointer at -f when the word looks like a settings file.
func positionalHint(err error) string {
	word, ok := strings.CutPrefix(err.Error(), `unknown command "`)
	if !ok {
		return ""
	}
	word, _, _ = strings.Cut(word, `"`)
	switch strings.ToLower(filepath.Ext(word)) {
	case ".yaml", ".yml", ".json", ".toml":
	default:
		if !fileExists(word) {
			return ""
		}
	}
	return fmt.Sprintf("\n    fix: settings files are named with -f: did you mean -f %s?", word)
}

// New builds the root command.
func New(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "omsso",
		Short: "Turn one Okta SSO settings file into working OpenMetadata configuration",
		Long: `omsso turns one Okta SSO settings file (omsso.yaml) into OpenMetadata configuration for
every way it is deployed: an env file and override for docker compose, Helm values for the
OpenMetadata chart, and the auth sections of a bare-metal conf/openmetadata.yaml.

Every output is read back the way its consumer reads it (compose-go, the chart's rules,
OpenMetadata's own ${VAR} substitution) and compared with the settings before it is written.

Start with: omsso init
  omsso init                                  # asks a few questions, writes omsso.yaml
  omsso lint                                  # checks it
  omsso render --output-dir out               # writes the files`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	// --version prints what the version command prints.
	root.Version = version.Get().String()
	root.SetVersionTemplate(versionText())
	root.PersistentFlags().BoolP("quiet", "q", false, "no progress lines or notes on stderr (warnings and errors still print)")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		return checkRenamed(cmd, stderr)
	}
	root.AddCommand(newRenderCmd(stdout, stderr), newValuesCmd(stdout, stderr), newDiffCmd(stdout, stderr),
		newVerifyCmd(stdout, stderr), newExplainCmd(stdout, stderr), newPatchCmd(stdout, stderr),
		newLintCmd(stdout, stderr), newCheckCmd(stdout, stderr), newInitCmd(stdinOf(root), stdout, stderr),
		newComposeUpArgsCmd(stdout, stderr), newSchemaCmd(stdout), newTemplateCmd(stdout, stderr), newVersionCmd(stdout, stderr),
		newPlanCmd(stdout, stderr), newApplyCmd(stdout, stderr))
	return root
}

// settingsFlags are the flags every command that reads settings shares.
type settingsFlags struct {
	files []string
}

func (f *settingsFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringArrayVarP(&f.files, "file", "f", nil, "settings file (.yaml, .json or .toml, - for stdin), repeatable: merged left to right as Helm merges values files; default omsso.yaml when it exists")
	settings.AddFlags(cmd.Flags())
	mustRegister(cmd.RegisterFlagCompletionFunc("client-type", completeClientType))
}

func completeClientType(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{settings.Public, settings.Confidential}, cobra.ShellCompDirectiveNoFileComp
}

// errNoSettings is a command that reads settings run with none: no -f, no ./omsso.yaml, and no
// settings flag or OMSSO_* env var. One line with the way out beats a list of "is required".
type errNoSettings struct{}

func (errNoSettings) Error() string {
	return "no settings file found (looked for ./omsso.yaml); run omsso init to write one, or name it with -f"
}

// readsStdin reports whether one of the settings files is stdin.
func (f *settingsFlags) readsStdin() bool { return slices.Contains(f.files, "-") }

// options says where the settings come from: -f, else ./omsso.yaml, else flags and env alone.
func (f *settingsFlags) options(cmd *cobra.Command) (settings.Options, error) {
	return f.optionsFor(cmd, f.files)
}

func (f *settingsFlags) optionsFor(cmd *cobra.Command, files []string) (settings.Options, error) {
	if len(files) == 0 {
		if fileExists("omsso.yaml") {
			files = []string{"omsso.yaml"}
		} else if !settings.HasInput(cmd.Flags(), os.LookupEnv) {
			return settings.Options{}, errNoSettings{}
		}
	}
	return settings.Options{Files: files, Flags: cmd.Flags(), Stdin: cmd.InOrStdin(), Env: os.LookupEnv, Table: omconf.SettingsTable()}, nil
}

func (f *settingsFlags) load(cmd *cobra.Command, stderr io.Writer) (*settings.Resolved, error) {
	return f.loadFiles(cmd, stderr, f.files)
}

// environments are the runs of a command: one, of the -f files, without --each; with it, one
// per file the pattern matches, each the -f files and then its own.
func (f *settingsFlags) environments(each string) ([]app.Environment, error) {
	if each == "" {
		return []app.Environment{{Files: f.files}}, nil
	}
	return app.Environments(each, f.files)
}

// workers is how many environments run at once: one without --each (its output goes straight
// to the terminal), else one per core.
func workers(envs []app.Environment) int {
	if len(envs) == 1 {
		return 1
	}
	return runtime.GOMAXPROCS(0)
}

// envStderr is where one environment's warnings and proof lines go: stderr itself for a single
// environment, else a buffer flushed in environment order, so concurrent runs never interleave.
func envStderr(envs []app.Environment, stderr io.Writer, buf *bytes.Buffer) io.Writer {
	if len(envs) == 1 {
		return stderr
	}
	return buf
}

// flushLogs writes each environment's buffered stderr in order, every line led by the
// environment's name so that a warning says which environment it is about.
func flushLogs(w io.Writer, logs []bytes.Buffer, envs []app.Environment) {
	for i := range logs {
		for line := range strings.Lines(logs[i].String()) {
			if envs[i].Name != "" {
				line = envs[i].Name + ": " + line
			}
			_, _ = io.WriteString(w, line)
		}
	}
}

func addEachFlag(cmd *cobra.Command, each *string, what string) {
	cmd.Flags().StringVar(each, "each", "", "a glob of environment files: "+what+" for each of them, merged over the -f files (out/<name>/ for envs/<name>.yaml)")
}

func (f *settingsFlags) loadFiles(cmd *cobra.Command, stderr io.Writer, files []string) (*settings.Resolved, error) {
	opts, err := f.optionsFor(cmd, files)
	if err != nil {
		return nil, err
	}
	r, err := settings.Load(opts)
	if err != nil {
		return nil, err
	}
	for _, w := range r.Warnings {
		if w.Severity == settings.Warning {
			fmt.Fprintln(stderr, "warning: "+w.String())
		}
	}
	return r, nil
}

// stdinOf defers to the root command's input, set by RunIO after construction.
func stdinOf(root *cobra.Command) io.Reader { return lazyReader{root} }

type lazyReader struct{ c *cobra.Command }

func (l lazyReader) Read(p []byte) (int, error) { return l.c.InOrStdin().Read(p) }

// File exposes the underlying file, so init can tell a terminal from a pipe.
func (l lazyReader) File() io.Reader { return l.c.InOrStdin() }

// notesTo is where a command's "note:" lines go: stderr, or nowhere with --quiet. Notes
// explain what was done; what needs the user's action is a warning, which always prints.
func notesTo(cmd *cobra.Command, stderr io.Writer) io.Writer {
	if q, _ := cmd.Flags().GetBool("quiet"); q {
		return io.Discard
	}
	return stderr
}

// progress reports a long operation on stderr when it is a terminal and --quiet is off.
func progress(cmd *cobra.Command, stderr io.Writer) func(string) {
	if q, _ := cmd.Flags().GetBool("quiet"); q || !isTerminal(stderr) {
		return func(string) {}
	}
	return func(s string) { fmt.Fprintln(stderr, s+"...") }
}
