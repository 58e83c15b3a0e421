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
	token, err := readToken(o)
	if err != nil {
		return nil, err
	}
	c, err := omapi.NewClient(omapi.ClientOptions{BaseURL: o.openmetadata, Token: token, CAFile: o.caFile, Timeout: o.timeout})
	if err != nil {
		return nil, err
	}
	if u, err := url.Parse(c.Base()); err == nil && u.Scheme == "http" && !loopback(u.Hostname()) {
		if !o.insecureHTTP {
			return nil, fmt.Errorf("--openmetadata %s is plain http: the admin token (and on apply the client secret) would cross the network unencrypted\n    fix: use https, or reach the server on loopback (kubectl port-forward svc/openmetadata 8585), or pass --insecure-http", c.Base())
		}
		fmt.Fprintf(stderr, "warning: --openmetadata %s is plain http (--insecure-http): the admin token (and on apply the client secret) cross the network unencrypted\n", c.Base())
	}
	secret, from := secretReader(r, o.secretEnv)
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
	if o.restore != "" {
		return omapi.LoadRestore(c, o.restore, secret, from, r.Okta.ClientID)
	}
	restoreCmd := func(backup string) string {
		args := []string{"omsso", "apply", "--target", "openmetadata", "--restore", backup}
		if r.Source != nil {
			for _, f := range r.Source.Files { // every -f, in order: the merge needs them all
				args = append(args, "-f", f)
			}
		}
		args = append(args, "--openmetadata", c.Base())
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
	return &omapi.Target{Client: c, Settings: r, Secret: secret, SecretFrom: from, BackupFile: o.backupFile, RestoreCommand: restoreCmd}, nil
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

// readToken takes the admin token from --token-file or the --token-env variable, never from a
// flag value, so it stays out of shell history and process lists.
func readToken(o *liveOptions) (string, error) {
	if o.tokenFile != "" {
		b, err := os.ReadFile(o.tokenFile)
		if err != nil {
			return "", fmt.Errorf("--token-file: %w", err)
		}
		if t := strings.TrimSpace(string(b)); t != "" {
			return t, nil
		}
		return "", fmt.Errorf("--token-file %s is empty; write an admin's personal access token into it", o.tokenFile)
	}
	if t := strings.TrimSpace(os.Getenv(o.tokenEnv)); t != "" {
		return t, nil
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
