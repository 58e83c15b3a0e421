package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/omsso/omsso/internal/files"
	"github.com/omsso/omsso/internal/quote"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/schema"
	"github.com/omsso/omsso/templates"
)

type initAnswers struct {
	URL, Version, Domain, ClientID, AuthServer, ClientType, SecretEnv, PrincipalDomain string
	Admins                                                                             []string
}

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
	_ = cmd.RegisterFlagCompletionFunc("client-type", completeClientType)
	return cmd
}

func (o *initOptions) run(cmd *cobra.Command, stdin io.Reader, stdout, stderr io.Writer) error {
	toStdout := o.out == "-"
	asJSON := strings.EqualFold(filepath.Ext(o.out), ".json")
	if ext := strings.ToLower(filepath.Ext(o.out)); !toStdout && !asJSON && ext != ".yaml" && ext != ".yml" {
		return fmt.Errorf("init writes YAML or JSON settings; name the file .yaml or .json, not %q", o.out)
	}
	if !o.force && !toStdout {
		if _, err := os.Stat(o.out); err == nil {
			return fmt.Errorf("%s exists; pass --force to replace it, or --output-file to write elsewhere", o.out)
		}
	}
	changed := cmd.Flags().Changed
	a := initAnswers{URL: o.url, Version: o.version, Domain: o.domain, ClientID: o.clientID, AuthServer: o.server,
		ClientType: o.clientType, SecretEnv: o.secretEnv, PrincipalDomain: o.pdomain, Admins: o.admins}
	admins := strings.Join(o.admins, ",")
	qs := []question{
		{"openmetadata.url", "OpenMetadata URL (what browsers open)", a.URL, &a.URL, changed("openmetadata-url")},
		{"okta.domain", "Okta domain", a.Domain, &a.Domain, changed("okta-domain")},
		{"okta.clientId", "Okta client ID", a.ClientID, &a.ClientID, changed("client-id")},
		{"okta.authorizationServer", "Authorization server (default, org, or a custom id)", a.AuthServer, &a.AuthServer, changed("authorization-server")},
		{"okta.clientType", "Client type (public or confidential)", a.ClientType, &a.ClientType, changed("client-type")},
		{"authorizer.adminPrincipals", "Admins, comma-separated names (alice for alice@example.com)", admins, &admins, changed("admin")},
		{"authorizer.principalDomain", "Principal domain (your users' email domain)", a.PrincipalDomain, &a.PrincipalDomain, changed("principal-domain")},
	}
	// Ask only on a terminal, and only when a flag is missing: with every flag given, a run
	// on a terminal is as scriptable as one without.
	allGiven := true
	for _, q := range qs {
		allGiven = allGiven && q.given
	}
	interactive := !o.nonInteractive && !allGiven && isTerminalReader(stdin)
	if interactive {
		in := bufio.NewReader(stdin)
		fmt.Fprintln(stderr, "omsso init: a few questions; press Enter to keep [the default].")
		for _, q := range qs {
			if !q.given {
				if err := ask(in, stderr, q); err != nil {
					return err
				}
			}
			if q.path == "okta.clientType" && a.ClientType == settings.Confidential && !changed("client-secret-env") {
				sq := question{"okta.clientSecret.env", "Env var that will hold the client secret at deploy time", a.SecretEnv, &a.SecretEnv, false}
				if err := ask(in, stderr, sq); err != nil {
					return err
				}
			}
		}
	}
	{
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
		if len(missing) > 0 || len(bad) > 0 {
			msg := ""
			if len(missing) > 0 {
				msg = "missing " + strings.Join(missing, ", ")
			}
			if len(bad) > 0 {
				if msg != "" {
					msg += "; "
				}
				msg += strings.Join(bad, "; ")
			}
			if interactive {
				return fmt.Errorf("init: %s", msg)
			}
			return fmt.Errorf("init without a terminal takes flags: %s", msg)
		}
	}
	a.Admins = nil
	for _, s := range strings.Split(admins, ",") {
		if s = strings.TrimSpace(s); s != "" {
			a.Admins = append(a.Admins, s)
		}
	}
	data, err := templates.Render("init/omsso.yaml.tmpl", a)
	if err != nil {
		return err
	}
	ext := ".yaml"
	if asJSON {
		ext = ".json"
		if data, err = initJSON(a); err != nil {
			return err
		}
	}
	// The file must load: the same proof as everything else omsso writes.
	tmp, err := os.CreateTemp("", "omsso-init-*"+ext)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	_ = tmp.Close()
	if _, err := settings.Load(settings.Options{File: tmp.Name()}); err != nil {
		return fmt.Errorf("the answers do not make valid settings: %w", err)
	}
	if toStdout {
		_, err := stdout.Write(data)
		return err
	}
	entries := []files.Entry{{Path: o.out, Data: data, Perm: 0o644}}
	schemaPath := filepath.Join(filepath.Dir(o.out), "omsso.schema.json")
	if _, err := os.Stat(schemaPath); errors.Is(err, os.ErrNotExist) {
		entries = append(entries, files.Entry{Path: schemaPath, Data: schema.Settings(), Perm: 0o644})
	}
	if _, err := files.WriteSet(entries); err != nil {
		return err
	}
	for _, e := range entries {
		fmt.Fprintf(stdout, "wrote     %s\n", e.Path)
	}
	f := quote.Shell(o.out)
	fmt.Fprintf(stdout, "\nNext: omsso lint -f %s, then omsso render -f %s --output-dir out\n", f, f)
	return nil
}

// initJSON is the settings init writes, as JSON (which has no comments): the same fields as
// the YAML template, and $schema for editors.
func initJSON(a initAnswers) ([]byte, error) {
	okta := map[string]any{"domain": a.Domain, "clientId": a.ClientID, "authorizationServer": a.AuthServer, "clientType": a.ClientType}
	if a.ClientType == settings.Confidential {
		okta["clientSecret"] = map[string]any{"env": a.SecretEnv}
	}
	doc := map[string]any{
		"$schema":        "omsso.schema.json",
		"openmetadata":   map[string]any{"url": a.URL, "version": a.Version},
		"okta":           okta,
		"authorizer":     map[string]any{"adminPrincipals": a.Admins, "principalDomain": a.PrincipalDomain},
		"authentication": map[string]any{"providerName": "Okta"},
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

func flagFor(path string) string {
	return map[string]string{
		"openmetadata.url": "openmetadata-url", "okta.domain": "okta-domain", "okta.clientId": "client-id",
		"okta.authorizationServer": "authorization-server", "okta.clientType": "client-type",
		"authorizer.adminPrincipals": "admin", "authorizer.principalDomain": "principal-domain",
		"okta.clientSecret.env": "client-secret-env",
	}[path]
}

// ask prompts until the answer passes the field's rules; warnings are shown but accepted.
func ask(in *bufio.Reader, w io.Writer, q question) error {
	for {
		if q.def != "" {
			fmt.Fprintf(w, "%s [%s]: ", q.prompt, q.def)
		} else {
			fmt.Fprintf(w, "%s: ", q.prompt)
		}
		line, err := in.ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("no answer for %s (input ended)", q.prompt)
		}
		ans := strings.TrimSpace(line)
		if ans == "" {
			ans = q.def
		}
		if ans == "" {
			fmt.Fprintln(w, "  an answer is needed")
			continue
		}
		probs := settings.CheckField(q.path, ans)
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

// isTerminalReader reports whether r is a terminal. A character device is not enough:
// /dev/null is one, and init must not prompt there (CI, docker run without -t).
func isTerminalReader(r io.Reader) bool {
	if l, ok := r.(lazyReader); ok {
		r = l.File()
	}
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
