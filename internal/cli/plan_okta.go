package cli

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/okta/oktaapi"
	"github.com/omsso/omsso/internal/okta/oktaplan"
	"github.com/omsso/omsso/internal/plan"
	"github.com/omsso/omsso/internal/redact"
	"github.com/omsso/omsso/internal/settings"
)

// addOktaTarget registers --target okta (issue: the Okta side, automated).
func addOktaTarget(m map[string]liveTarget) {
	m["okta"] = liveTarget{build: newOktaProvider, partial: partialForCreateApp}
}

func newOktaProvider(r *settings.Resolved, o *liveOptions, cmd *cobra.Command, _, stderr io.Writer) (plan.Provider, error) {
	cred, credErr := oktaCredential(o)
	base, why, baseErr := oktaAPIBase(r, o.oktaAPIURL, o.oktaAllowHosts)
	if err := allOf([]error{credErr, baseErr}); err != nil {
		return nil, err
	}
	c, err := oktaapi.New(oktaapi.Config{BaseURL: base, Credential: cred, Timeout: o.timeout, CAFile: o.caFile, Progress: stderr})
	if err != nil {
		return nil, err
	}
	// Before the first call: where the token goes, and why omsso trusts that host.
	fmt.Fprintf(stderr, "okta: Management API %s (%s); the %s token is sent there only\n", c.Base(), why, cred.Scheme())
	file := ""
	if r.Source != nil {
		file = r.Source.File
	}
	return oktaplan.New(r, oktaplan.Options{Client: c, CreateApp: o.createApp, CreateServer: o.createAuthServer, JoinPolicy: o.joinPolicy, SettingsFile: file}), nil
}

// oktaCredential reads the token from the env var or file the flags name. Flags never carry
// the token itself, and errors name the variable or file, never the value.
func oktaCredential(o *liveOptions) (oktaapi.Credential, error) {
	if o.oktaAccessTokenEnv != "" {
		v := os.Getenv(o.oktaAccessTokenEnv)
		if strings.TrimSpace(v) == "" {
			return oktaapi.Credential{}, fmt.Errorf("--okta-access-token-env names %s, which is empty or unset", o.oktaAccessTokenEnv)
		}
		if err := tokenShape(v, "$"+o.oktaAccessTokenEnv); err != nil {
			return oktaapi.Credential{}, err
		}
		return oktaapi.AccessToken(v), nil
	}
	if o.oktaTokenFile != "" {
		v, err := readTokenFile(o.oktaTokenFile)
		if err != nil {
			return oktaapi.Credential{}, err
		}
		return oktaapi.APIToken(v), nil
	}
	v := os.Getenv(o.oktaTokenEnv)
	if strings.TrimSpace(v) == "" {
		return oktaapi.Credential{}, fmt.Errorf("no Okta API token: %s is empty or unset. Create one under Security > API > Tokens and export it, or use --okta-token-file FILE or --okta-access-token-env VAR", o.oktaTokenEnv)
	}
	if err := tokenShape(v, "$"+o.oktaTokenEnv); err != nil {
		return oktaapi.Credential{}, err
	}
	return oktaapi.APIToken(v), nil
}

// readTokenFile reads a file holding one token. The messages name the file and the cause, never
// any part of its content.
func readTokenFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("--okta-token-file: %w", err)
	}
	if len(data) > 4096 {
		return "", fmt.Errorf("--okta-token-file %s is %d bytes: it must hold only the API token (about 42 characters)", path, len(data))
	}
	var lines int
	for _, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) != "" {
			lines++
		}
	}
	switch {
	case lines == 0:
		return "", fmt.Errorf("--okta-token-file %s is empty: put the API token in it (Security > API > Tokens)", path)
	case lines > 1:
		return "", fmt.Errorf("--okta-token-file %s has %d non-empty lines: it must hold only the API token, on one line (no comments, no NAME= prefix, no second token)", path, lines)
	}
	v := strings.TrimSpace(string(data))
	return v, tokenShape(v, "--okta-token-file "+path)
}

// tokenShape refuses a token that carries its scheme or a variable name: omsso adds the scheme
// (SSWS for API tokens, Bearer for access tokens), so "SSWS 00abc" would be sent as "SSWS SSWS
// 00abc" and refused as an invalid token, hiding the real cause.
func tokenShape(v, where string) error {
	t := strings.TrimSpace(v)
	for _, p := range []string{"SSWS ", "Bearer ", "bearer ", "ssws "} {
		if strings.HasPrefix(t, p) {
			return fmt.Errorf("the token in %s starts with %q: store only the token; omsso adds the scheme itself (SSWS for an API token, Bearer for --okta-access-token-env)", where, strings.TrimSpace(p))
		}
	}
	if strings.ContainsAny(t, " \t\r\n") {
		return fmt.Errorf("the token in %s contains white space: it must be the bare token, one word", where)
	}
	if strings.Contains(t, "=") && strings.HasPrefix(strings.ToUpper(t), "OKTA") {
		return fmt.Errorf("the token in %s looks like NAME=value: store only the value", where)
	}
	return nil
}

// oktaAPIBase is where the Management API is, and why the token may go there. The API token is
// sent without asking only to Okta's own domains (and loopback test servers); the issuer comes
// from the settings, which a pull request can change, so any other host must be named outside
// them: --okta-api-url / $OMSSO_OKTA_API_URL, or --okta-allow-host / $OMSSO_OKTA_ALLOW_HOSTS.
func oktaAPIBase(r *settings.Resolved, override string, allow []string) (string, string, error) {
	if override != "" {
		base, err := checkAPIURL(override)
		return base, "named by --okta-api-url", err
	}
	u, err := url.Parse(r.Issuer)
	if err != nil || u.Host == "" {
		return "", "", fmt.Errorf("cannot derive the Okta API URL from the issuer %q; pass --okta-api-url", redact.URLs(r.Issuer))
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return "", "", errors.New("an http issuer is only accepted on a loopback address")
	}
	base := u.Scheme + "://" + u.Host + "/api/v1"
	host := strings.ToLower(u.Hostname())
	switch {
	case oktaapi.OktaDomain(host):
		return base, "an Okta domain, from okta.issuer", nil
	case loopback(host):
		return base, "a loopback test server, from okta.issuer", nil
	case slices.ContainsFunc(allow, func(a string) bool { return strings.EqualFold(strings.TrimSpace(a), host) }):
		return base, "allowed by --okta-allow-host", nil
	}
	return "", "", fmt.Errorf("the issuer's host %s is not on an Okta domain (%s), so omsso does not send the Okta API token there without being told: "+
		"the settings file may come from a pull request. If %s is your org's custom domain, pass --okta-api-url https://{org}.okta.com/api/v1 "+
		"(or $OMSSO_OKTA_API_URL), or allow the host with --okta-allow-host %s (or $OMSSO_OKTA_ALLOW_HOSTS); a settings field cannot allow it", host, oktaapi.OktaDomains(), host, host)
}

// checkAPIURL checks --okta-api-url: https (or loopback http), no user-info, and the
// Management API path /api/v1 (the org URL alone is a common slip).
func checkAPIURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("--okta-api-url %q is not a URL like https://dev-123456.okta.com/api/v1", redact.URLs(s))
	}
	if u.User != nil {
		return "", fmt.Errorf("--okta-api-url %s carries a user name or password; remove it: the token comes from --okta-token-env, --okta-token-file or --okta-access-token-env", redact.URLs(s))
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("--okta-api-url %s has a query or fragment; use the API base alone, e.g. %s://%s/api/v1", u.Redacted(), u.Scheme, u.Host)
	}
	if p := strings.TrimRight(u.Path, "/"); !strings.HasSuffix(p, "/api/v1") {
		return "", fmt.Errorf("--okta-api-url %s does not end in /api/v1: it is the Management API base, e.g. %s://%s/api/v1", u.String(), u.Scheme, u.Host)
	}
	return strings.TrimRight(s, "/"), nil
}

// partialForCreateApp lets `plan|apply --create-app` run on settings whose only problem is
// the missing okta.clientId, which apply is about to create. Without --create-app that same
// problem points at it.
func partialForCreateApp(o *liveOptions, err error) (*settings.Resolved, error) {
	var f *settings.Failure
	if !errors.As(err, &f) || f.Partial == nil {
		return nil, err
	}
	for _, p := range f.Problems {
		if p.Path != "okta.clientId" || p.ID != settings.RuleRequired {
			return nil, err
		}
	}
	if !o.createApp {
		return nil, fmt.Errorf("%w\n    no app yet? omsso can create it: omsso plan --target okta --create-app shows what it would create (add --create-authorization-server NAME for a dedicated server), then run apply with the same flags", err)
	}
	return f.Partial, nil
}
