package cli

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/omapi"
	"github.com/omsso/omsso/internal/plan"
	"github.com/omsso/omsso/internal/quote"
	"github.com/omsso/omsso/internal/settings"
)

// addOpenMetadataTarget registers --target openmetadata: the security config a running
// OpenMetadata (1.10+) keeps in its database.
func addOpenMetadataTarget(m map[string]liveTarget) {
	m["openmetadata"] = liveTarget{build: newOpenMetadataTarget}
}

func newOpenMetadataTarget(r *settings.Resolved, o *liveOptions, cmd *cobra.Command, _, stderr io.Writer) (plan.Provider, error) {
	apply := cmd.Name() == "apply"
	secret, from := secretReader(r, o.secretEnv)
	token, err := omInputs(o, apply && o.restore == "", secret)
	if err != nil {
		return nil, err
	}
	c, err := omapi.NewClient(omapi.ClientOptions{BaseURL: o.openmetadata, Token: token, CAFile: o.caFile, Timeout: o.timeout})
	if err != nil {
		return nil, err
	}
	if u, err := url.Parse(c.Base()); err == nil && u.Scheme == "http" && !loopback(u.Hostname()) {
		if !o.insecureHTTP {
			return nil, fmt.Errorf("--openmetadata-api-url %s is plain http: the admin token (and on apply the client secret) would cross the network unencrypted\n    fix: use https, or reach the server on loopback (kubectl port-forward svc/openmetadata 8585), or pass --insecure-http", c.Base())
		}
		fmt.Fprintf(stderr, "warning: --openmetadata-api-url %s is plain http (--insecure-http): the admin token (and on apply the client secret) cross the network unencrypted\n", c.Base())
	}
	if o.restore != "" {
		// The secret is read only when the backup needs it (a confidential client's masked
		// secret); a basic-auth or public-client backup never asks for it.
		rs, err := omapi.LoadRestore(c, o.restore, secret, from, r.Okta.ClientID)
		if err != nil {
			return nil, err
		}
		rs.RenderCommand = renderCommand(r)
		return rs, nil
	}
	if apply && secret != nil {
		// Read now so a missing secret stops apply before the prompt, not after it; the value is
		// kept only in this closure and sent only in the PUT/validate bodies.
		s, err := secret()
		if err != nil {
			return nil, err
		}
		c.Hide(s)
		secret = func() (string, error) { return s, nil }
	} else if secret != nil {
		// plan never sends the secret, but the server knows it and may echo it: hide it from
		// what omsso repeats whenever it can be read here.
		if s, err := secret(); err == nil {
			c.Hide(s)
		}
	}
	if o.rotateSecret && !r.Confidential() {
		return nil, errors.New("--rotate-secret: the settings' client is public (okta.clientType), so OpenMetadata stores no client secret to rotate")
	}
	idToken, err := readTestLoginToken(o.testLoginToken, cmd.InOrStdin())
	if err != nil {
		return nil, err
	}
	return &omapi.Target{Client: c, Settings: r, Secret: secret, SecretFrom: from, BackupFile: o.backupFile, RestoreCommand: restoreCommand(r, o, c.Base()),
		RenderCommand: renderCommand(r), IDToken: idToken, Confirm: confirmer(o, cmd.InOrStdin(), stderr), RotateSecret: o.rotateSecret}, nil
}

// restoreCommand prints the command that restores a backup with this run's settings, server
// and token source.
func restoreCommand(r *settings.Resolved, o *liveOptions, base string) func(string) string {
	return func(backup string) string {
		args := []string{"omsso", "apply", "--target", "openmetadata", "--restore", backup}
		args = append(args, settingsArgs(r)...)
		args = append(args, "--openmetadata-api-url", base)
		if o.tokenFile != "" {
			args = append(args, "--token-file", o.tokenFile)
		} else if o.tokenEnv != "OPENMETADATA_TOKEN" {
			args = append(args, "--token-env", o.tokenEnv)
		}
		for i, a := range args {
			args[i] = quote.Shell(a)
		}
		return strings.Join(args, " ")
	}
}

// confirmer asks on the terminal whether to go on after a failed test login; without a
// terminal (or with the token on stdin) the answer is no.
func confirmer(o *liveOptions, in io.Reader, stderr io.Writer) func(string) bool {
	return func(q string) bool {
		if o.testLoginToken == "-" || !isTerminal(in) {
			return false
		}
		fmt.Fprintf(stderr, "\n%s Only \"yes\" is accepted: ", q)
		return plan.ReadAnswer(in) == "yes"
	}
}

// readTestLoginToken reads --test-login-token: a file, or stdin for "-". The token is a secret: no
// message repeats it.
func readTestLoginToken(path string, stdin io.Reader) (string, error) {
	if path == "" {
		return "", nil
	}
	what := "--test-login-token " + path
	if path == "-" {
		what = "--test-login-token - (stdin)"
	}
	b, err := readTokenFrom("--test-login-token", path, stdin)
	if err != nil {
		return "", err
	}
	t, err := tokenText(what, string(b), "an Okta ID token (id_token) for the app, e.g. from the browser's sign-in")
	if err != nil {
		return "", err
	}
	if strings.Count(t, ".") != 2 {
		return "", fmt.Errorf("%s does not hold a JWT (three dot-separated parts): put the ID token (id_token) there, not an access token's opaque form or a file of several tokens", what)
	}
	return t, nil
}

// tokenText checks a token read from a file or env var: one line, no scheme prefix, no spaces.
func tokenText(what, raw, wanted string) (string, error) {
	t := strings.TrimSpace(raw)
	switch {
	case t == "":
		return "", fmt.Errorf("%s is empty; it must hold %s", what, wanted)
	case strings.ContainsAny(t, "\r\n"):
		return "", fmt.Errorf("%s holds %d lines; it must hold only %s, on one line", what, strings.Count(strings.ReplaceAll(t, "\r\n", "\n"), "\n")+1, wanted)
	case hasScheme(t):
		return "", fmt.Errorf("%s starts with an authorization scheme (%q); store the token alone: omsso adds the scheme", what, strings.Fields(t)[0]+" ")
	case strings.ContainsAny(t, " \t"):
		return "", fmt.Errorf("%s contains spaces; it must hold only %s", what, wanted)
	}
	return t, nil
}

func hasScheme(t string) bool {
	for _, p := range []string{"bearer ", "ssws "} {
		if len(t) > len(p) && strings.EqualFold(t[:len(p)], p) {
			return true
		}
	}
	return false
}

// renderCommand writes the deployment files for these settings.
func renderCommand(r *settings.Resolved) string {
	render := []string{"omsso", "render"}
	for _, a := range settingsArgs(r) {
		render = append(render, quote.Shell(a))
	}
	return strings.Join(render, " ")
}

// settingsArgs are the -f flags that load these settings again: every file, in order (the
// merge needs them all). Settings read from stdin have no file to name: SETTINGS stands in.
func settingsArgs(r *settings.Resolved) []string {
	var args []string
	if r.Source != nil {
		for _, f := range r.Source.Files {
			if f == settings.StdinName || f == "-" {
				f = "SETTINGS"
			}
			args = append(args, "-f", f)
		}
	}
	if len(args) == 0 {
		args = []string{"-f", "SETTINGS"}
	}
	return args
}

// loadLive loads the settings. A kubernetesSecret reference cannot be read from a workstation,
// so for the live targets --client-secret-env may name an env var holding that same secret;
// the settings flag would otherwise add a second reference, which the settings refuse.
func loadLive(cmd *cobra.Command, o *liveOptions, stderr io.Writer) (*settings.Resolved, error) {
	r, err := o.load(cmd, stderr)
	f := cmd.Flags().Lookup("client-secret-env")
	if err == nil || f == nil || !f.Changed {
		return r, err
	}
	env := f.Value.String()
	if f.Value.Set("") != nil {
		return nil, err
	}
	f.Changed = false
	r2, err2 := o.load(cmd, stderr)
	if err2 != nil || r2.Okta.ClientSecret == nil || r2.Okta.ClientSecret.KubernetesSecret == nil {
		// The flag was not standing in for a Kubernetes Secret: the first error is the one
		// that explains the settings.
		return nil, err
	}
	o.secretEnv = env
	return r2, nil
}

// loopback reports whether host is this machine, where plain http exposes nothing.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// omInputs reads the admin token and checks --openmetadata-api-url (and, when needSecret, that the
// client secret can be read), reporting every missing or bad input at once.
func omInputs(o *liveOptions, needSecret bool, secret func() (string, error)) (string, error) {
	token, tokErr := readToken(o)
	errs := []error{omapi.CheckBaseURL(o.openmetadata), tokErr}
	if needSecret && secret != nil {
		_, err := secret()
		errs = append(errs, err)
	}
	return token, allOf(errs)
}

// allOf is the non-nil errors as one: the error itself when there is one, else a list.
func allOf(errs []error) error {
	var bad []any
	for _, e := range errs {
		if e != nil {
			bad = append(bad, e)
		}
	}
	switch len(bad) {
	case 0:
		return nil
	case 1:
		return bad[0].(error)
	}
	return fmt.Errorf("%d inputs are missing or wrong:"+strings.Repeat("\n  - %w", len(bad)), append([]any{len(bad)}, bad...)...)
}

// readToken takes the admin token from --token-file or the --token-env variable, never from a
// flag value, so it stays out of shell history and process lists.
func readToken(o *liveOptions) (string, error) {
	const wanted = "an admin's personal access token"
	if o.tokenFile != "" {
		b, err := os.ReadFile(o.tokenFile)
		if err != nil {
			return "", fmt.Errorf("--token-file: %w", err)
		}
		return tokenText("--token-file "+o.tokenFile, string(b), wanted)
	}
	if raw := os.Getenv(o.tokenEnv); strings.TrimSpace(raw) != "" {
		return tokenText("$"+o.tokenEnv, raw, wanted)
	}
	return "", fmt.Errorf("no admin token: set $%s to an admin's personal access token (profile > Access Token > Generate New Token in OpenMetadata), or pass --token-file FILE; bot tokens are refused by the security API", o.tokenEnv)
}

// secretReader reads the confidential client's secret from the settings' reference at apply
// time; nil for public clients.
func secretReader(r *settings.Resolved, kubeEnv string) (func() (string, error), string) {
	cs := r.Okta.ClientSecret
	if !r.Confidential() || cs == nil {
		return nil, ""
	}
	env, what := cs.Env, "okta.clientSecret.env"
	if cs.KubernetesSecret != nil && kubeEnv != "" {
		env, what = kubeEnv, "--client-secret-env, standing in for the Kubernetes Secret"
	}
	switch {
	case env != "":
		from := "$" + env + " (" + what + ")"
		return func() (string, error) {
			if s := os.Getenv(env); s != "" {
				return s, nil
			}
			return "", fmt.Errorf("the client secret env var $%s (%s) is empty or unset; export it before apply: the secret is read only when saving", env, what)
		}, from
	case cs.File != "":
		from := "the file in okta.clientSecret.file"
		return func() (string, error) {
			b, err := os.ReadFile(cs.File)
			if err != nil {
				return "", fmt.Errorf("read the client secret (okta.clientSecret.file): %w", err)
			}
			if s := strings.TrimRight(string(b), "\r\n"); s != "" {
				return s, nil
			}
			return "", errors.New("the client secret file (okta.clientSecret.file) is empty")
		}, from
	}
	return func() (string, error) {
		return "", errors.New("okta.clientSecret is a kubernetesSecret reference, which omsso cannot read from here; for apply, put the secret in an env var and pass --client-secret-env VAR")
	}, "a Kubernetes Secret (okta.clientSecret.kubernetesSecret)"
}
