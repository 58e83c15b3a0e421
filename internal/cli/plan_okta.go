package cli

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/okta/oktaapi"
	"github.com/omsso/omsso/internal/okta/oktaplan"
	"github.com/omsso/omsso/internal/plan"
	"github.com/omsso/omsso/internal/settings"
)

// addOktaTarget registers --target okta (issue: the Okta side, automated).
func addOktaTarget(m map[string]liveTarget) {
	m["okta"] = liveTarget{build: newOktaProvider, partial: partialForCreateApp}
}

func newOktaProvider(r *settings.Resolved, o *liveOptions, cmd *cobra.Command, _, _ io.Writer) (plan.Provider, error) {
	cred, err := oktaCredential(o)
	if err != nil {
		return nil, err
	}
	base, err := oktaAPIBase(r, o.oktaAPIURL)
	if err != nil {
		return nil, err
	}
	c, err := oktaapi.New(oktaapi.Config{BaseURL: base, Credential: cred, Timeout: o.timeout, CAFile: o.caFile})
	if err != nil {
		return nil, err
	}
	file := ""
	if r.Source != nil {
		file = r.Source.File
	}
	return oktaplan.New(r, oktaplan.Options{Client: c, CreateApp: o.createApp, CreateServer: o.createAuthServer, SettingsFile: file}), nil
}

// oktaCredential reads the token from the env var or file the flags name. Flags never carry
// the token itself, and errors name the variable or file, never the value.
func oktaCredential(o *liveOptions) (oktaapi.Credential, error) {
	if o.oktaAccessTokenEnv != "" {
		v := os.Getenv(o.oktaAccessTokenEnv)
		if strings.TrimSpace(v) == "" {
			return oktaapi.Credential{}, fmt.Errorf("--okta-access-token-env names %s, which is empty or unset", o.oktaAccessTokenEnv)
		}
		return oktaapi.AccessToken(v), nil
	}
	if o.oktaTokenFile != "" {
		data, err := os.ReadFile(o.oktaTokenFile)
		if err != nil {
			return oktaapi.Credential{}, fmt.Errorf("--okta-token-file: %w", err)
		}
		if strings.TrimSpace(string(data)) == "" || len(data) > 4096 || strings.Contains(strings.TrimSpace(string(data)), "\n") {
			return oktaapi.Credential{}, fmt.Errorf("--okta-token-file %s must hold one API token on one line", o.oktaTokenFile)
		}
		return oktaapi.APIToken(string(data)), nil
	}
	v := os.Getenv(o.oktaTokenEnv)
	if strings.TrimSpace(v) == "" {
		return oktaapi.Credential{}, fmt.Errorf("no Okta API token: %s is empty or unset. Create one under Security > API > Tokens and export it, or use --okta-token-file FILE or --okta-access-token-env VAR", o.oktaTokenEnv)
	}
	return oktaapi.APIToken(v), nil
}

// oktaAPIBase is where the Management API is: --okta-api-url / $OMSSO_OKTA_API_URL, else the
// issuer's host (an Okta domain, or a custom domain, which serves the API too). A loopback
// issuer (accepted as check accepts it) keeps its scheme and port, so one local server can
// serve discovery, keys and the API.
func oktaAPIBase(r *settings.Resolved, override string) (string, error) {
	if override != "" {
		u, err := url.Parse(override)
		if err != nil || u.Host == "" || u.User != nil {
			return "", fmt.Errorf("--okta-api-url %q is not a URL like https://dev-123456.okta.com/api/v1", override)
		}
		return strings.TrimRight(override, "/"), nil
	}
	u, err := url.Parse(r.Issuer)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("cannot derive the Okta API URL from the issuer %q; pass --okta-api-url", r.Issuer)
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return "", errors.New("an http issuer is only accepted on a loopback address")
	}
	return u.Scheme + "://" + u.Host + "/api/v1", nil
}

// partialForCreateApp lets `apply --create-app` run on settings whose only problem is the
// missing okta.clientId, which the apply is about to create.
func partialForCreateApp(o *liveOptions, apply bool, err error) *settings.Resolved {
	var f *settings.Failure
	if !apply || !o.createApp || !errors.As(err, &f) || f.Partial == nil {
		return nil
	}
	for _, p := range f.Problems {
		if p.Path != "okta.clientId" || p.ID != settings.RuleRequired {
			return nil
		}
	}
	return f.Partial
}
