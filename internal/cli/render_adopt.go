package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/okta/desired"
	"github.com/omsso/omsso/internal/okta/oktaapi"
	"github.com/omsso/omsso/internal/okta/oktatf"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

// adoptFlags are render's --adopt and the Okta connection flags it needs, the same as plan's
// (names, defaults, env vars): adoption reads the org, as plan --target okta does, and writes
// nothing to it.
//
// Adoption is a render flag, not a plan output, because its product is files: render owns
// writing them (nothing written unless every target passes, files omsso did not write kept,
// unchanged files not rewritten, --dry-run, --output-dir -), and the terraform/ folder is the
// same with or without it; plan prints differences and writes nothing.
type adoptFlags struct {
	adopt                                       bool
	tokenEnv, tokenFile, accessTokenEnv, apiURL string
	allowHosts                                  []string
	caFile                                      string
	timeout                                     time.Duration
}

func (a *adoptFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.BoolVar(&a.adopt, "adopt", false, "terraform: read the Okta org (read only) and import every object that exists, keeping what omsso does not own")
	f.StringVar(&a.tokenEnv, "okta-token-env", "OKTA_API_TOKEN", "with --adopt: env var holding an Okta API token (sent as SSWS)")
	f.StringVar(&a.tokenFile, "okta-token-file", "", "with --adopt: file holding an Okta API token")
	f.StringVar(&a.accessTokenEnv, "okta-access-token-env", "", "with --adopt: env var holding an OAuth 2.0 access token (sent as Bearer)")
	f.StringVar(&a.apiURL, "okta-api-url", os.Getenv("OMSSO_OKTA_API_URL"), "with --adopt: Management API base (default https://{okta.domain}/api/v1; $OMSSO_OKTA_API_URL)")
	f.StringSliceVar(&a.allowHosts, "okta-allow-host", envList("OMSSO_OKTA_ALLOW_HOSTS"), "with --adopt: a host that is not on an Okta domain (your org's custom domain) which may receive the token ($OMSSO_OKTA_ALLOW_HOSTS)")
	f.StringVar(&a.caFile, "okta-ca-file", "", "with --adopt: PEM file with extra CA certificates to trust")
	f.DurationVar(&a.timeout, "okta-timeout", 30*time.Second, "with --adopt: timeout of each Okta API call")
}

// configure gives the terraform target its reader of the org; --adopt needs that target.
func (a *adoptFlags) configure(cmd *cobra.Command, ts []targets.Target) ([]targets.Target, error) {
	if !a.adopt {
		return ts, nil
	}
	found := false
	for i, t := range ts {
		if _, ok := t.(targets.Terraform); ok {
			ts[i], found = targets.Terraform{Adopt: a.reader(cmd)}, true
		}
	}
	if !found {
		return nil, errors.New("--adopt reads the Okta org for the Terraform code: add --target terraform")
	}
	return ts, nil
}

// reader reads the org the settings name, with the token the flags name.
func (a *adoptFlags) reader(cmd *cobra.Command) func(*settings.Resolved, desired.State, []string) (*oktatf.Live, error) {
	return func(r *settings.Resolved, d desired.State, groups []string) (*oktatf.Live, error) {
		lo := &liveOptions{oktaTokenEnv: a.tokenEnv, oktaTokenFile: a.tokenFile, oktaAccessTokenEnv: a.accessTokenEnv}
		cred, err := oktaCredential(lo)
		if err != nil {
			return nil, err
		}
		base, why, err := oktaAPIBase(r, a.apiURL, a.allowHosts)
		if err != nil {
			return nil, err
		}
		c, err := oktaapi.New(oktaapi.Config{BaseURL: base, Credential: cred, Timeout: a.timeout, CAFile: a.caFile, Progress: cmd.ErrOrStderr()})
		if err != nil {
			return nil, err
		}
		// Before the first call: where the token goes, as plan --target okta says it.
		fmt.Fprintf(cmd.ErrOrStderr(), "okta: Management API %s (%s); the %s token is sent there only (read only)\n", c.Base(), why, cred.Scheme())
		ctx := cmd.Context()
		if ctx == nil {
			ctx = context.Background()
		}
		return oktatf.Read(ctx, c, d, groups)
	}
}
