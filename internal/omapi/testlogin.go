package omapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/omsso/omsso/internal/plan"
)

// TestLoginResult is testLoginResult.json: who a real login would resolve to under a
// candidate config, without creating a user, token or session.
type TestLoginResult struct {
	Status            string   `json:"status"` // success | failed
	Stage             string   `json:"stage"`
	ResolvedPrincipal string   `json:"resolvedPrincipal"`
	ResolvedEmail     string   `json:"resolvedEmail"`
	MappedRoles       []string `json:"mappedRoles"`
	MappedTeams       []string `json:"mappedTeams"`
	DomainCheck       *struct {
		Enforced        bool   `json:"enforced"`
		PrincipalDomain string `json:"principalDomain"`
		ResolvedDomain  string `json:"resolvedDomain"`
		Passed          bool   `json:"passed"`
	} `json:"domainCheck"`
	Errors []string `json:"errors"`
}

// TestLogin posts a candidate config and an ID token to the test-login endpoint (2.0+). The
// token is hidden from every message, like the admin token.
func (c *Client) TestLogin(ctx context.Context, body map[string]any, idToken string) (TestLoginResult, error) {
	c.Hide(idToken)
	var res TestLoginResult
	req := map[string]any{"securityConfiguration": body, "idToken": idToken}
	if _, err := c.call(ctx, http.MethodPost, PathTestLogin, req, &res); err != nil {
		return res, err
	}
	res.Status = strings.ToLower(c.clean(res.Status))
	res.Stage = c.clean(res.Stage)
	res.ResolvedPrincipal, res.ResolvedEmail = c.clean(res.ResolvedPrincipal), c.clean(res.ResolvedEmail)
	for _, l := range [][]string{res.MappedRoles, res.MappedTeams, res.Errors} {
		for i := range l {
			l[i] = c.clean(l[i])
		}
	}
	if d := res.DomainCheck; d != nil {
		d.PrincipalDomain, d.ResolvedDomain = c.clean(d.PrincipalDomain), c.clean(d.ResolvedDomain)
	}
	return res, nil
}

// testLogin runs the login test before the PUT and prints who the token resolves to; a failed
// test stops unless the user confirms on a terminal.
func (t *Target) testLogin(ctx context.Context, body map[string]any, out io.Writer) error {
	if t.IDToken == "" {
		return nil
	}
	fmt.Fprintf(out, "testing a login with the ID token (POST %s) ...\n", PathTestLogin)
	res, err := t.Client.TestLogin(ctx, body, t.IDToken)
	if err != nil {
		var ae *Error
		if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
			return plan.Unchanged(fmt.Errorf("%w; the server has no test login (OpenMetadata 2.0+): drop --test-login-token", err))
		}
		return plan.Unchanged(err)
	}
	printTestLogin(out, res)
	if res.Status == "success" {
		return nil
	}
	why := strings.Join(res.Errors, "; ")
	if why == "" {
		why = "(no reason given)"
	}
	if t.Confirm != nil && t.Confirm("The test login failed: a real login would fail the same way. Save anyway?") {
		fmt.Fprintln(out, "saving although the test login failed (confirmed)")
		return nil
	}
	return plan.Unchanged(fmt.Errorf("the test login failed at stage %s: %s; nothing was saved. Fix the settings (or get a fresh ID token: they expire within an hour), or run apply on a terminal to save anyway", orNone(res.Stage), why))
}

// printTestLogin shows what the login resolved to.
func printTestLogin(out io.Writer, r TestLoginResult) {
	fmt.Fprintf(out, "test login %s (stage %s)\n", orNone(r.Status), orNone(r.Stage))
	fmt.Fprintf(out, "  principal: %s\n  email:     %s\n", orNone(r.ResolvedPrincipal), orNone(r.ResolvedEmail))
	fmt.Fprintf(out, "  roles:     %s\n  teams:     %s\n", listOrNone(r.MappedRoles), listOrNone(r.MappedTeams))
	if d := r.DomainCheck; d != nil {
		verdict := "passed"
		if !d.Passed {
			verdict = "FAILED"
		}
		fmt.Fprintf(out, "  domain:    %s (enforced %v, principal domain %s, the login's domain %s)\n", verdict, d.Enforced, orNone(d.PrincipalDomain), orNone(d.ResolvedDomain))
	}
	for _, e := range r.Errors {
		fmt.Fprintf(out, "  error:     %s\n", e)
	}
}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "(none)"
	}
	return strings.Join(l, ", ")
}
