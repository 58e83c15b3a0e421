package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"text/tabwriter"
	"time"

	"github.com/omsso/omsso/internal/idtoken"
	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/tlsca"
)

// maxTokenBytes bounds what a token flag reads: Okta ID tokens are a few kilobytes.
const maxTokenBytes = 64 << 10

// readIDToken reads --id-token's token from a file or stdin ("-").
func readIDToken(src string, stdin io.Reader) (string, error) {
	b, err := readTokenFrom("--id-token", src, stdin)
	return string(b), err
}

// readTokenFrom reads a token that flag names, from a file or stdin ("-"), at most
// maxTokenBytes. Errors name the flag and the source, never the content.
func readTokenFrom(flag, src string, stdin io.Reader) ([]byte, error) {
	var r io.Reader = stdin
	if src != "-" {
		f, err := os.Open(src)
		if err != nil {
			return nil, fmt.Errorf("%s: cannot read %s: %w", flag, src, errors.Unwrap(err))
		}
		defer func() { _ = f.Close() }()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxTokenBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read %s", flag, src)
	}
	if len(b) > maxTokenBytes {
		return nil, fmt.Errorf("%s: %s is larger than 64 KiB; an ID token is a few kilobytes", flag, src)
	}
	return b, nil
}

// tokenClient fetches the key sets as the server does (redirects followed), trusting the
// system's CAs and --ca-file.
func tokenClient(caFile string, timeout time.Duration) (*http.Client, error) {
	pool, err := tlsca.Pool(caFile)
	if err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: pool}
	return &http.Client{Transport: tr, Timeout: timeout}, nil
}

// checkIDToken explains the token for the settings' line, on the server's own view of the
// config (the bare-metal target's publicKeyUrls: Okta's key set first).
func (o *checkOptions) checkIDToken(r *settings.Resolved, stdin io.Reader, stdout io.Writer, format string) error {
	raw, err := readIDToken(o.idToken, stdin)
	if err != nil {
		return err
	}
	c, err := tokenClient(o.caFile, o.timeout)
	if err != nil {
		return err
	}
	rules := idtoken.RulesFrom(omconf.Expected(r, "baremetal"))
	res, err := idtoken.Check(context.Background(), raw, rules, idtoken.Options{Client: c})
	if err != nil {
		return fmt.Errorf("--id-token: %w", err)
	}
	if format == "json" {
		err = writeJSON(stdout, res)
	} else {
		err = writeTokenSteps(stdout, res)
	}
	if err != nil {
		return err
	}
	if !res.OK {
		return exitError{1}
	}
	return nil
}

func writeTokenSteps(w io.Writer, res *idtoken.Result) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tSTATUS\tDETAIL")
	for _, s := range res.Steps {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, s.Status, s.Detail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, res.Verdict)
	for _, s := range res.Steps {
		if s.Status == idtoken.Fail && s.Fix != "" {
			fmt.Fprintf(w, "fix: %s\n", s.Fix)
			break
		}
	}
	return nil
}
