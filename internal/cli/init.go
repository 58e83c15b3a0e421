package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/app"
	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/quote"
	"github.com/omsso/omsso/internal/settings"
)

type initOptions struct {
	out            string
	output         *outputFlag
	nonInteractive bool
	force          bool
	url, domain    string
	clientID       string
	server         string
	clientType     string
	secretEnv      string
	admins         []string
	pdomain        string
	version        string
}

// question is one prompt: the field path its answer is checked against, and its default.
type question struct {
	path, prompt, def string
	value             *string
	given             bool // its flag was given, so it is not asked
}

func newInitCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	o := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a commented omsso.yaml, asking for the few things it needs",
		Long: `Init writes a commented omsso.yaml (and omsso.schema.json next to it, which its first line
points editors at). On a terminal it asks for what the flags do not give: the OpenMetadata URL,
the Okta domain, the client ID, the authorization server, public or confidential, the admins and
the principal domain, and checks each answer as it is typed, with the same rules as lint.
Without a terminal (CI, docker run without -t), or with --non-interactive, it never asks: it
takes the flags and names every one that is missing.

--output-file NAME.json writes JSON settings instead (without comments); - prints to stdout.`,
		Example: `  omsso init
  omsso init --non-interactive --openmetadata-url https://om.example.com --okta-domain dev-123456.okta.com \
    --client-id 0oa1abcd2EFGH3ijk4l5 --admin alice --principal-domain example.com
  omsso init --output-file omsso.json ...`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := o.output.format(cmd, stderr); err != nil {
				return err
			}
			return o.run(cmd, stdin, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.out, "output-file", "omsso.yaml", "settings file to write (.yaml or .json; - for stdout)")
	o.output = addOutputFlag(cmd, []string{"text"}, "--output-file", func(v string) { o.out = v })
	f.BoolVar(&o.nonInteractive, "non-interactive", false, "never prompt; take the flags")
	f.BoolVar(&o.force, "force", false, "replace an existing settings file")
	f.StringVar(&o.url, "openmetadata-url", "", "OpenMetadata's public URL")
	f.StringVar(&o.version, "openmetadata-version", settings.DefaultVersion, "OpenMetadata line")
	f.StringVar(&o.domain, "okta-domain", "", "Okta domain, e.g. dev-123456.okta.com")
	f.StringVar(&o.clientID, "client-id", "", "Okta application client ID")
	f.StringVar(&o.server, "authorization-server", "default", "default, org or a custom server id")
	f.StringVar(&o.clientType, "client-type", "public", "public or confidential")
	f.StringVar(&o.secretEnv, "client-secret-env", "OKTA_CLIENT_SECRET", "env var holding the client secret (confidential)")
	f.StringArrayVar(&o.admins, "admin", nil, "admin principal, repeatable")
	f.StringVar(&o.pdomain, "principal-domain", "", "email domain of your users")
	mustRegister(cmd.RegisterFlagCompletionFunc("client-type", completeClientType))
	return cmd
}

func (o *initOptions) run(cmd *cobra.Command, stdin io.Reader, stdout, stderr io.Writer) error {
	asJSON, err := app.InitTarget(o.out, o.force)
	if err != nil {
		return err
	}
	a := app.InitAnswers{URL: o.url, Version: o.version, Domain: o.domain, ClientID: o.clientID, AuthServer: o.server,
		ClientType: o.clientType, SecretEnv: o.secretEnv, PrincipalDomain: o.pdomain}
	admins := strings.Join(o.admins, ",")
	qs := o.questions(cmd, &a, &admins)
	// Ask only on a terminal, and only when a flag is missing: with every flag given, a run
	// on a terminal is as scriptable as one without.
	interactive := !o.nonInteractive && !allGiven(qs) && isTerminal(stdin)
	if interactive {
		if err := o.prompt(cmd, stdin, stderr, qs, &a); err != nil {
			return err
		}
	}
	if err := checkAnswers(qs, interactive); err != nil {
		return err
	}
	for _, s := range strings.Split(admins, ",") {
		if s = strings.TrimSpace(s); s != "" {
			a.Admins = append(a.Admins, s)
		}
	}
	data, err := app.InitFile(a, asJSON)
	if err != nil {
		return err
	}
	if err := lintInit(data, o.out); err != nil {
		return err
	}
	if o.out == "-" {
		_, err := stdout.Write(data)
		return err
	}
	written, err := app.WriteInit(o.out, data)
	if err != nil {
		return err
	}
	for _, p := range written {
		fmt.Fprintf(stdout, "wrote     %s\n", p)
	}
	f := quote.Shell(o.out)
	fmt.Fprintf(stdout, "\nNext: omsso lint -f %s, then omsso render -f %s --output-dir out\n", f, f)
	return nil
}

// questions are init's prompts, each tied to its answer and to whether a flag gave it.
func (o *initOptions) questions(cmd *cobra.Command, a *app.InitAnswers, admins *string) []question {
	changed := cmd.Flags().Changed
	lines := settings.Versions()
	// The line first (what the other answers are judged against), the domain before the admins.
	return []question{
		{"openmetadata.version", "OpenMetadata line (" + lines[0] + " to " + lines[len(lines)-1] + ")", a.Version, &a.Version, changed("openmetadata-version")},
		{"openmetadata.url", "OpenMetadata URL (what browsers open)", a.URL, &a.URL, changed("openmetadata-url")},
		{"okta.domain", "Okta domain", a.Domain, &a.Domain, changed("okta-domain")},
		{"okta.clientId", "Okta client ID", a.ClientID, &a.ClientID, changed("client-id")},
		{"okta.authorizationServer", "Authorization server (default, org, or a custom id)", a.AuthServer, &a.AuthServer, changed("authorization-server")},
		{"okta.clientType", "Client type (public or confidential)", a.ClientType, &a.ClientType, changed("client-type")},
		{"authorizer.principalDomain", "Principal domain (your users' email domain)", a.PrincipalDomain, &a.PrincipalDomain, changed("principal-domain")},
		{"authorizer.adminPrincipals", "Admins, comma-separated names (alice for alice@example.com)", *admins, admins, changed("admin")},
	}
}

func allGiven(qs []question) bool {
	for _, q := range qs {
		if !q.given {
			return false
		}
	}
	return true
}

// prompt asks what the flags left out (and the secret's env var for a confidential client).
func (o *initOptions) prompt(cmd *cobra.Command, stdin io.Reader, stderr io.Writer, qs []question, a *app.InitAnswers) error {
	in := newLineReader(stdin, stderr)
	defer in.close()
	fmt.Fprintln(in, "omsso init: a few questions; press Enter to keep [the default], Up for an earlier answer.")
	given := func() map[string]string {
		return map[string]string{"openmetadata.version": a.Version, "authorizer.principalDomain": a.PrincipalDomain}
	}
	for _, q := range qs {
		if !q.given {
			if err := ask(in, q, given()); err != nil {
				return err
			}
		}
		if q.path == "okta.clientType" && a.ClientType == settings.Confidential && !cmd.Flags().Changed("client-secret-env") {
			sq := question{"okta.clientSecret.env", "Env var that will hold the client secret at deploy time", a.SecretEnv, &a.SecretEnv, false}
			if err := ask(in, sq, given()); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkAnswers names every missing or invalid answer at once, by its flag.
func checkAnswers(qs []question, interactive bool) error {
	var missing, bad []string
	for _, q := range qs {
		if *q.value == "" {
			missing = append(missing, "--"+flagFor(q.path))
			continue
		}
		for _, p := range settings.CheckField(q.path, *q.value) {
			if p.Severity != settings.Warning {
				bad = append(bad, "--"+flagFor(q.path)+": "+p.Msg)
			}
		}
	}
	if len(missing) == 0 && len(bad) == 0 {
		return nil
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "missing "+strings.Join(missing, ", "))
	}
	parts = append(parts, bad...)
	if interactive {
		return fmt.Errorf("init: %s", strings.Join(parts, "; "))
	}
	return fmt.Errorf("init without a terminal takes flags: %s", strings.Join(parts, "; "))
}

func flagFor(path string) string {
	return map[string]string{
		"openmetadata.version": "openmetadata-version", "openmetadata.url": "openmetadata-url", "okta.domain": "okta-domain", "okta.clientId": "client-id",
		"okta.authorizationServer": "authorization-server", "okta.clientType": "client-type",
		"authorizer.adminPrincipals": "admin", "authorizer.principalDomain": "principal-domain",
		"okta.clientSecret.env": "client-secret-env",
	}[path]
}

// ask prompts until the answer passes the field's rules; warnings are shown but accepted.
func ask(in lineReader, q question, given map[string]string) error {
	w := io.Writer(in)
	for {
		prompt := q.prompt + ": "
		if q.def != "" {
			prompt = fmt.Sprintf("%s [%s]: ", q.prompt, q.def)
		}
		line, err := in.readLine(prompt)
		if errors.Is(err, errInterrupted) {
			return errors.New("init: interrupted; nothing was written")
		}
		if err != nil {
			return fmt.Errorf("no answer for %s (input ended): %w", q.prompt, err)
		}
		ans := strings.TrimSpace(line)
		if ans == "" {
			ans = q.def
		}
		if ans == "" {
			fmt.Fprintln(w, "  an answer is needed")
			continue
		}
		probs := settings.CheckFieldFor(q.path, ans, given)
		blocking := false
		for _, p := range probs {
			fmt.Fprintf(w, "  %s: %s\n", p.Severity, p.Msg)
			if p.Fix != "" {
				fmt.Fprintf(w, "    fix: %s\n", p.Fix)
			}
			if p.Severity != settings.Warning {
				blocking = true
			}
		}
		if !blocking {
			*q.value = ans
			return nil
		}
	}
}

// lintInit checks the finished file with lint's rules, which see what checking each answer
// alone misses (a secret env var OpenMetadata reads for another key); nothing is written when
// it fails.
func lintInit(data []byte, name string) error {
	_, err := settings.Load(settings.Options{Files: []string{"-"}, Stdin: bytes.NewReader(data), Table: omconf.SettingsTable()})
	if err == nil {
		return nil
	}
	return fmt.Errorf("init: the file would fail omsso lint, so nothing was written: %s", strings.ReplaceAll(err.Error(), settings.StdinName, name))
}
