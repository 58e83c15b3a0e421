package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/omsso/omsso/internal/probe"
)

type checkOptions struct {
	settingsFlags
	caFile       string
	timeout      time.Duration
	openmetadata string
	idToken      string
	tokenEnv     string
	tokenFile    string
	output       *outputFlag
}

// isTerminal reports whether v (a writer or a reader, such as the command's stdin) is a
// terminal, where prompts and progress lines help. A character device is not enough: /dev/null
// is one, and omsso must neither prompt nor print progress there (CI, docker run without -t).
func isTerminal(v any) bool {
	if l, ok := v.(lazyReader); ok {
		v = l.File()
	}
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newCheckCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check the settings against the live Okta authorization server (online)",
		Long: `Check fetches {issuer}/.well-known/openid-configuration (TLS verified, no redirects followed)
and checks that:
  issuer          is byte-equal to the configured one
  jwks_uri        equals the Okta JWKS URL omsso puts in publicKeyUrls
  jwks            fetches and has a key with a kid usable for tokenValidationAlgorithm
  response_types  include code
  scopes          include the scopes the flow requests (okta.scopes for confidential
                  clients, openid profile email offline_access for public ones)
  pkce            S256 is supported (public clients)
  client_auth     client_secret_post is supported (confidential clients)
With --openmetadata-api-url URL it also checks that OpenMetadata's own /api/v1/system/config/jwks
answers and that /api/v1/system/config/auth matches the settings, so a stale config stored in
the database (1.10+) shows up. On OpenMetadata 2.1 it also lists the deployment values the
server ignores because its stored config overrides them (om_source): that report is admin-only,
so it needs an admin's personal access token ($OPENMETADATA_TOKEN, --token-env or --token-file),
sent only to --openmetadata-api-url and never printed. Exit status 1 when a check fails. The client
secret is never read.

With --id-token FILE (or - for stdin) it checks an ID token instead, offline but for the key
sets, the way OpenMetadata's server checks it for the settings' line: which publicKeyUrls key
set holds its kid (fetched over HTTP, as the server does), the algorithm, the signature, the
expiry, the issuer and audience (which the browser checks), the principal and email from
jwtPrincipalClaims or jwtPrincipalClaimsMapping, the principal-domain rule, and whether the
user is an admin; on failure, the one change that fixes it. The token is never printed, logged
or written; exit status 1 when OpenMetadata would refuse it.`,
		Example: `  omsso check -f omsso.yaml
  omsso check -f omsso.yaml --openmetadata-api-url https://openmetadata.example.com -o json
  omsso check -f omsso.yaml --ca-file corp-ca.pem --timeout 5s
  pbpaste | omsso check -f omsso.yaml --id-token -`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := o.output.format(cmd, stderr)
			if err != nil {
				return err
			}
			if o.idToken != "" && o.openmetadata != "" {
				return errors.New("check: --id-token and --openmetadata-api-url check different things; give one")
			}
			if o.idToken == "-" && o.readsStdin() {
				return errors.New("check: --id-token - and -f - both read stdin; put the settings or the token in a file")
			}
			r, err := o.load(cmd, stderr)
			if err != nil {
				return err
			}
			if o.idToken != "" {
				return o.checkIDToken(r, cmd.InOrStdin(), stdout, format)
			}
			token, err := checkToken(o, stderr)
			if err != nil {
				return err
			}
			opts := probe.Options{Timeout: o.timeout, CAFile: o.caFile, OpenMetadata: o.openmetadata, OpenMetadataToken: token, Progress: progress(cmd, stderr)}
			rep := probe.Run(context.Background(), r, opts)
			if format == "json" {
				if err := writeJSON(stdout, rep); err != nil {
					return err
				}
			} else {
				tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "CHECK\tSTATUS\tREASON")
				for _, c := range rep.Results {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Name, c.Status, c.Reason)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			if rep.Failed() {
				return exitError{1}
			}
			return nil
		},
	}
	o.settingsFlags.add(cmd)
	cmd.Flags().StringVar(&o.caFile, "ca-file", "", "PEM file of CA certificates to trust on top of the system's")
	cmd.Flags().DurationVar(&o.timeout, "timeout", 10*time.Second, "timeout of each request")
	cmd.Flags().StringVar(&o.openmetadata, "openmetadata-api-url", "", "the OpenMetadata server to check too (its JWKS and served auth config), its API base, e.g. https://om.internal:8585 (a flag only: no env var makes check call a server)")
	renamedFlag(cmd, "openmetadata", "openmetadata-api-url")
	cmd.Flags().StringVar(&o.idToken, "id-token", "", "an ID token to explain as OpenMetadata would check it: a file, or - for stdin (never printed)")
	cmd.Flags().StringVar(&o.tokenEnv, "token-env", "OPENMETADATA_TOKEN", "env var holding an admin's personal access token, for the 2.1 config-source report (optional)")
	cmd.Flags().StringVar(&o.tokenFile, "token-file", "", "file holding an admin's personal access token, for the 2.1 config-source report (optional)")
	o.output = addOutputFlag(cmd, []string{"text", "json"}, "", nil)
	return cmd
}

// checkToken is the optional admin token of check --openmetadata-api-url: only an explicit file must
// exist; plain http off this machine never carries it.
func checkToken(o *checkOptions, stderr io.Writer) (string, error) {
	if o.openmetadata == "" || (o.tokenFile == "" && strings.TrimSpace(os.Getenv(o.tokenEnv)) == "") {
		return "", nil
	}
	t, err := readToken(&liveOptions{tokenEnv: o.tokenEnv, tokenFile: o.tokenFile})
	if err != nil {
		return "", err
	}
	if u, err := url.Parse(o.openmetadata); err == nil && u.Scheme == "http" && !loopback(u.Hostname()) {
		fmt.Fprintf(stderr, "warning: --openmetadata-api-url %s is plain http: the admin token is not sent, so the 2.1 config-source report is skipped\n", o.openmetadata)
		return "", nil
	}
	return t, nil
}
