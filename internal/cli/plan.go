package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/plan"
	"github.com/omsso/omsso/internal/settings"
)

// liveOptions are the flags of plan and apply. Tokens and secrets never come from a flag value:
// flags name the env var or file that holds them.
type liveOptions struct {
	settingsFlags
	target           string
	output           *outputFlag
	detailedExitcode bool
	requiredOnly     bool
	autoApprove      bool
	caFile           string
	timeout          time.Duration

	// okta
	oktaTokenEnv, oktaTokenFile, oktaAccessTokenEnv, oktaAPIURL string
	oktaAllowHosts                                              []string
	createApp                                                   bool
	createAuthServer, joinPolicy                                string

	// openmetadata
	openmetadata, tokenEnv, tokenFile, restore, backupFile string
	testLoginToken                                         string
	rotateSecret                                           bool
	insecureHTTP                                           bool
	// secretEnv is set when --client-secret-env names where apply finds a secret the
	// settings keep in a Kubernetes Secret (see loadLive).
	secretEnv string
}

// liveTarget builds the provider of one live target from the loaded settings and the flags.
// Each target registers itself in its own file (plan_okta.go, plan_openmetadata.go).
type liveTarget struct {
	build func(r *settings.Resolved, o *liveOptions, cmd *cobra.Command, stdout, stderr io.Writer) (plan.Provider, error)
	// partial, when set, may accept settings that failed to load (apply --create-app runs
	// before the client ID exists); nil refuses them.
	partial func(o *liveOptions, err error) (*settings.Resolved, error)
}

func liveTargets() map[string]liveTarget {
	m := map[string]liveTarget{}
	registerLiveTargets(m)
	return m
}

func liveTargetNames() []string {
	var names []string
	for n := range liveTargets() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func newPlanCmd(stdout, stderr io.Writer) *cobra.Command { return newLiveCmd(false, stdout, stderr) }

func newApplyCmd(stdout, stderr io.Writer) *cobra.Command { return newLiveCmd(true, stdout, stderr) }

func newLiveCmd(apply bool, stdout, stderr io.Writer) *cobra.Command {
	o := &liveOptions{}
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Show what the live Okta org or OpenMetadata server needs to change (reads only)",
		Long: `plan reads a live system and prints every difference from what the settings need, the way
terraform plan does: one block per object, "+" for what would be created or added, "~" for what
changes in place, "-" for what would be removed; a list shows only the items added or removed.
Each change says whether login needs it [required] or OpenMetadata's guide recommends it
[recommended], and why. A closing line counts them: "Plan: 1 to add, 3 to change, 0 to destroy."
It never writes.

Targets:
  okta           the Okta org: app, assignments, authorization server, scopes, policies, trusted origins
  openmetadata   a running OpenMetadata (1.10+): the security config stored in its database

The Okta API token is sent without asking only to Okta's own domains (*.okta.com,
*.oktapreview.com, *.okta-emea.com); for a custom domain pass --okta-api-url or --okta-allow-host.
The host is printed before the first call.

Exit status: 0 no changes (or changes without --detailed-exitcode), 2 changes pending with
--detailed-exitcode (only required ones with --required-only), 1 on any error. Tokens are read
from env vars or files, never from flags.`,
		Example: `  # what the Okta org needs (token in $OKTA_API_TOKEN)
  omsso plan --target okta -f omsso.yaml

  # no app yet: show the app and a dedicated authorization server omsso would create
  omsso plan --target okta --create-app --create-authorization-server OpenMetadata

  # CI: fail the job only when login-relevant changes are pending, as one JSON document
  omsso plan --target okta --detailed-exitcode --required-only -o json

  # the running server's stored security config
  omsso plan --target openmetadata --openmetadata-api-url https://om.internal:8585`,
		Args: cobra.NoArgs,
	}
	if apply {
		cmd.Use = "apply"
		cmd.Short = "Make the changes plan shows, after consent, then plan again to show convergence"
		cmd.Long = `apply prints the plan, asks for "yes" on a terminal (without one it needs --auto-approve),
makes the listed changes and nothing else, then plans again and shows that nothing is left.
Every step is idempotent: after a failure part-way, run apply again to finish (after a timed-out
write, run plan first: Okta or OpenMetadata may have stored it). Changes marked "manual" are
left for a person and make apply exit 1.

omsso never deletes, never changes a shared authorization server's audience, default scopes or
issuer mode, never joins another team's access policy unless --join-access-policy names it, and
assigns only the groups okta.assignGroups lists.`
		cmd.Example = `  # create the app and a dedicated authorization server; the ids go into omsso.yaml
  omsso apply --target okta --create-app --create-authorization-server OpenMetadata

  # CI, after review of the plan: no prompt
  omsso apply --target okta --auto-approve

  # the running server's stored security config (a backup is saved first)
  omsso apply --target openmetadata --openmetadata-api-url https://om.internal:8585`
	}
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		return runLive(cmd, o, apply, stdout, stderr)
	}
	o.settingsFlags.add(cmd)
	f := cmd.Flags()
	f.StringVar(&o.target, "target", "", "live target: "+strings.Join(liveTargetNames(), " | "))
	o.output = addOutputFlag(cmd, []string{"text", "json"}, "", nil)
	f.StringVar(&o.caFile, "ca-file", "", "PEM file with extra CA certificates to trust")
	f.DurationVar(&o.timeout, "timeout", 30*time.Second, "timeout of each API call")
	f.StringVar(&o.oktaTokenEnv, "okta-token-env", "OKTA_API_TOKEN", "okta: env var holding an Okta API token (sent as SSWS)")
	f.StringVar(&o.oktaTokenFile, "okta-token-file", "", "okta: file holding an Okta API token")
	f.StringVar(&o.oktaAccessTokenEnv, "okta-access-token-env", "", "okta: env var holding an OAuth 2.0 access token (sent as Bearer) for orgs that forbid API tokens")
	f.StringVar(&o.oktaAPIURL, "okta-api-url", os.Getenv("OMSSO_OKTA_API_URL"), "okta: Management API base (default https://{okta.domain}/api/v1; $OMSSO_OKTA_API_URL)")
	f.StringSliceVar(&o.oktaAllowHosts, "okta-allow-host", envList("OMSSO_OKTA_ALLOW_HOSTS"), "okta: a host that is not on an Okta domain (your org's custom domain) which may receive the token, derived from okta.issuer ($OMSSO_OKTA_ALLOW_HOSTS, comma-separated)")
	f.StringVar(&o.joinPolicy, "join-access-policy", "", "okta: add the client to this existing access policy of the authorization server instead of creating omsso's own (its rules then govern OpenMetadata's tokens)")
	f.StringVar(&o.openmetadata, "openmetadata-api-url", envRenamed(omAPIURLEnv), "openmetadata: the server omsso calls, its API base, e.g. https://om.internal:8585 ($"+omAPIURLEnv+"); the settings' openmetadata.url is what browsers open")
	renamedFlag(cmd, "openmetadata", "openmetadata-api-url")
	f.StringVar(&o.tokenEnv, "token-env", "OPENMETADATA_TOKEN", "openmetadata: env var holding an admin's personal access token")
	f.BoolVar(&o.insecureHTTP, "insecure-http", false, "openmetadata: allow a plain-http --openmetadata-api-url that is not loopback (the token crosses the network unencrypted)")
	f.StringVar(&o.tokenFile, "token-file", "", "openmetadata: file holding an admin's personal access token")
	f.BoolVar(&o.rotateSecret, "rotate-secret", false, "openmetadata: send the client secret even when nothing else changed (after rotating it in Okta: the server masks the stored one, so omsso cannot see the change)")
	f.BoolVar(&o.createApp, "create-app", false, "okta: create the app when the settings have no okta.clientId (apply writes the new client ID into the settings file)")
	f.StringVar(&o.createAuthServer, "create-authorization-server", "", "okta: create a dedicated authorization server with this NAME (apply writes its id into the settings file)")
	if apply {
		f.BoolVar(&o.autoApprove, "auto-approve", false, "apply without asking (needed without a terminal)")
		f.StringVar(&o.restore, "restore", "", "openmetadata: PUT back a config saved by an earlier apply (FILE), with the secret from the settings")
		f.StringVar(&o.backupFile, "backup-file", "", "openmetadata: where to save the current config before changing it (default omsso-security-backup-<time>.json)")
		f.StringVar(&o.testLoginToken, "test-login-token", "", "openmetadata (2.0+): FILE (or - for stdin) holding an Okta ID token; before saving, the server resolves it with the new config and omsso shows who would sign in. A failed test stops unless you confirm on a terminal")
	} else {
		f.BoolVar(&o.detailedExitcode, "detailed-exitcode", false, "exit 2 when changes are pending, 0 when none")
		f.BoolVar(&o.requiredOnly, "required-only", false, "with --detailed-exitcode: exit 2 only for changes login needs, not for recommendations")
	}
	mustRegister(cmd.RegisterFlagCompletionFunc("target", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return liveTargetNames(), cobra.ShellCompDirectiveNoFileComp
	}))
	return cmd
}

// envList splits a comma-separated env var, lower-cased (host names).
func envList(name string) []string {
	var out []string
	for _, v := range strings.Split(os.Getenv(name), ",") {
		if v = strings.ToLower(strings.TrimSpace(v)); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func runLive(cmd *cobra.Command, o *liveOptions, apply bool, stdout, stderr io.Writer) error {
	t, ok := liveTargets()[o.target]
	if !ok {
		return fmt.Errorf("--target must be one of %s (got %q)", strings.Join(liveTargetNames(), ", "), o.target)
	}
	format, err := o.output.format(cmd, stderr)
	if err != nil {
		return err
	}
	if o.requiredOnly && !o.detailedExitcode {
		return errors.New("--required-only changes the exit status of --detailed-exitcode: pass both")
	}
	r, err := loadLive(cmd, o, stderr)
	if err != nil {
		if t.partial == nil {
			return err
		}
		if r, err = t.partial(o, err); r == nil {
			return err
		}
	}
	p, err := t.build(r, o, cmd, stdout, stderr)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := plan.Run(ctx, p, plan.Options{
		Target: o.target, Apply: apply, AutoApprove: o.autoApprove, Terminal: isTerminal(cmd.InOrStdin()),
		JSON: format == "json", In: cmd.InOrStdin(), Out: stdout, Err: stderr,
	})
	if err != nil {
		return err
	}
	if code := plan.ExitCode(res.Before, o.detailedExitcode && !apply, o.requiredOnly); code != 0 {
		return exitError{code}
	}
	return nil
}
