package idtoken

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/omsso/omsso/internal/plural"
)

// Step statuses.
const (
	Pass = "pass"
	Fail = "fail"
	Info = "info" // not checked by the server, or not decisive
	Skip = "skip" // not reached or not enforced
)

// Step is one thing the server (or the browser, for iss and aud) does with the token.
type Step struct {
	Name   string `json:"step"`
	Status string `json:"status"`
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

// User is the account OpenMetadata signs the token's holder into (creating it when new).
type User struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Admin bool   `json:"admin"`
}

// Result is the whole explanation. Verdict is the first failing step: what the server answers.
type Result struct {
	Steps   []Step `json:"steps"`
	User    *User  `json:"user,omitempty"`
	Verdict string `json:"verdict"`
	OK      bool   `json:"ok"`
}

// Options are the check's environment; Now and Client are injectable for tests.
type Options struct {
	Now    func() time.Time
	Client *http.Client
}

// Check explains what the server does with the token under the rules. The only error is
// ErrNotJWT; everything else is a step.
func Check(ctx context.Context, raw string, r Rules, opts Options) (*Result, error) {
	t, err := parse(raw)
	if err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 10 * time.Second}
	}
	res := &Result{}
	add := func(s Step) { res.Steps = append(res.Steps, s) }
	add(Step{Name: "token", Status: Pass, Detail: fmt.Sprintf("a JWT, header alg %s, kid %s", quoted(t.headerString("alg")), quoted(t.headerString("kid")))})
	add(expiry(t, opts.Now()))
	key := keyStep(ctx, t, r, opts.Client)
	add(key.step)
	add(algStep(t, r))
	add(sigStep(t, r, key.key))
	add(issuerStep(t, r))
	add(audienceStep(t, r))
	id := r.resolve(t)
	add(principalStep(id))
	add(emailStep(t, r, id))
	add(domainStep(r, id))
	if id.Problem == "" {
		admin, why := r.admin(id)
		st := Step{Name: "admin", Status: Info, Detail: "no: " + why}
		if admin {
			st = Step{Name: "admin", Status: Pass, Detail: "yes: " + why}
		}
		add(st)
		res.User = &User{Name: id.User, Email: id.Email, Admin: admin}
		add(signupStep(r, id, admin))
	}
	res.finish()
	return res, nil
}

func (res *Result) finish() {
	for _, s := range res.Steps {
		if s.Status == Fail {
			res.Verdict = "OpenMetadata refuses this token at step " + s.Name + ": " + s.Detail
			return
		}
	}
	res.OK = true
	u := res.User
	role := "a user (not an admin)"
	if u.Admin {
		role = "an admin"
	}
	res.Verdict = fmt.Sprintf("OpenMetadata signs this token in as user %s (%s), %s", quoted(u.Name), printable(u.Email), role)
}

func expiry(t *token, now time.Time) Step {
	exp, ok := t.numericDate("exp")
	if !ok {
		return Step{Name: "expiry", Status: Pass, Detail: "no exp claim: the server does not check expiry then"}
	}
	at := time.Unix(exp, 0).UTC()
	if at.Before(now) {
		return Step{Name: "expiry", Status: Fail, Detail: "expired at " + at.Format(time.RFC3339),
			Fix: "sign in again and take a fresh token (Okta ID tokens last one hour)"}
	}
	return Step{Name: "expiry", Status: Pass, Detail: "valid until " + at.Format(time.RFC3339)}
}

type keyResult struct {
	step Step
	key  *jwk
}

func keyStep(ctx context.Context, t *token, r Rules, c *http.Client) keyResult {
	kid := t.headerString("kid")
	if len(r.PublicKeyURLs) == 0 {
		return keyResult{step: Step{Name: "key set", Status: Fail, Detail: "publicKeyUrls is empty", Fix: "render the settings again: omsso puts Okta's JWKS URL into publicKeyUrls"}}
	}
	tried := findKey(ctx, c, r.PublicKeyURLs, kid)
	var notes []string
	for i, k := range tried {
		switch {
		case k.Key != nil:
			return keyResult{key: k.Key, step: Step{Name: "key set", Status: Pass,
				Detail: fmt.Sprintf("%s (publicKeyUrls #%d) has kid %s", printable(k.URL), i+1, quoted(kid))}}
		case k.Error != "":
			notes = append(notes, printable(k.URL)+" "+k.Error)
		default:
			notes = append(notes, fmt.Sprintf("%s has %s, none with that kid", printable(k.URL), plural.Of(k.Kids, "key", "keys")))
		}
	}
	return keyResult{step: Step{Name: "key set", Status: Fail,
		Detail: fmt.Sprintf("no key set has kid %s (%s): \"JWT Token keyID doesn't match the configured keyID\"", quoted(kid), strings.Join(notes, "; ")),
		Fix:    keyFix(t, r)}}
}

// keyFix names the settings change that puts the token issuer's key set into publicKeyUrls.
func keyFix(t *token, r Rules) string {
	iss := t.claimString("iss")
	if iss == "" || iss == r.Authority {
		return "the key set of the issuer " + printable(r.Authority) + " lacks the token's key: check okta.domain and okta.authorizationServer, then render again"
	}
	return fmt.Sprintf("the token comes from issuer %s, whose keys are at %s: set okta.issuer to %s (or okta.authorizationServer to match) and render again",
		printable(iss), printable(JWKSURL(iss)), printable(iss))
}

// JWKSURL is the key set of an Okta issuer: {issuer}/v1/keys for a custom server,
// https://{domain}/oauth2/v1/keys for the org server (OKTA-API-FACTS §1.1).
func JWKSURL(issuer string) string {
	if i := strings.Index(issuer, "/oauth2/"); i >= 0 && !strings.Contains(issuer[i+len("/oauth2/"):], "/") {
		return issuer + "/v1/keys"
	}
	return strings.TrimSuffix(issuer, "/") + "/oauth2/v1/keys"
}

func algStep(t *token, r Rules) Step {
	alg := t.headerString("alg")
	if alg == r.Algorithm {
		return Step{Name: "algorithm", Status: Pass, Detail: alg + ", as tokenValidationAlgorithm"}
	}
	return Step{Name: "algorithm", Status: Fail, Detail: fmt.Sprintf("the token is signed with %s, the server verifies with tokenValidationAlgorithm %s", quoted(alg), r.Algorithm),
		Fix: "set authentication.tokenValidationAlgorithm to " + printable(alg) + " (Okta signs with RS256)"}
}

func sigStep(t *token, r Rules, k *jwk) Step {
	if k == nil {
		return Step{Name: "signature", Status: Skip, Detail: "no key to verify with"}
	}
	if err := verify(r.Algorithm, k, t.signed, t.sig); err != nil {
		return Step{Name: "signature", Status: Fail, Detail: err.Error(), Fix: "take the token from the same Okta authorization server as the settings' issuer"}
	}
	return Step{Name: "signature", Status: Pass, Detail: "verified with that key"}
}

func issuerStep(t *token, r Rules) Step {
	iss := t.claimString("iss")
	if iss == r.Authority {
		return Step{Name: "issuer", Status: Pass, Detail: printable(iss) + ", the settings' issuer (authority)"}
	}
	if iss == strings.TrimSuffix(r.Authority, "/") {
		// okta-auth-js strips the slash from its issuer, and the server does not check iss;
		// what breaks is every URL built from authority (discovery, a confidential client's).
		return Step{Name: "issuer", Status: Info, Detail: fmt.Sprintf("%s; authority %s differs by its trailing slash, which the browser strips, but URLs built from it (discovery) break", quoted(iss), quoted(r.Authority)),
			Fix: "remove the trailing slash from okta.issuer"}
	}
	return Step{Name: "issuer", Status: Fail, Detail: fmt.Sprintf("%s, but authority is %s: the browser (okta-auth-js) rejects the token", quoted(iss), quoted(r.Authority)),
		Fix: "set okta.issuer to " + printable(iss) + " if that is the authorization server you mean, else sign in through " + printable(r.Authority)}
}

func audienceStep(t *token, r Rules) Step {
	aud := t.audiences()
	if slices.Contains(aud, r.ClientID) {
		return Step{Name: "audience", Status: Pass, Detail: quoted(r.ClientID) + ", the settings' client ID"}
	}
	return Step{Name: "audience", Status: Fail, Detail: fmt.Sprintf("aud %s does not hold clientId %s: the browser (okta-auth-js) rejects the token", quotedList(aud), quoted(r.ClientID)),
		Fix: "set okta.clientId to the client ID of the Okta app that issued the token"}
}

func principalStep(id identity) Step {
	if id.Problem != "" {
		return Step{Name: "principal", Status: Fail, Detail: id.Problem, Fix: id.Fix}
	}
	return Step{Name: "principal", Status: Pass, Detail: fmt.Sprintf("%s from claim %s (%s)", quoted(id.User), id.UserFrom, id.Via)}
}

func emailStep(t *token, r Rules, id identity) Step {
	if id.Problem != "" {
		return Step{Name: "email", Status: Skip, Detail: "no principal"}
	}
	if r.EmailFirstLine && t.claims["email_verified"] == false {
		return Step{Name: "email", Status: Fail, Detail: printable(id.Email) + ": the token says email_verified false",
			Fix: "verify the user's email address in Okta"}
	}
	return Step{Name: "email", Status: Pass, Detail: fmt.Sprintf("%s from %s", printable(id.Email), id.EmailFrom)}
}

func domainStep(r Rules, id identity) Step {
	if !r.EnforcePrincipalDomain {
		return Step{Name: "domain", Status: Skip, Detail: "not enforced (authorizer.enforcePrincipalDomain is false)"}
	}
	if id.Problem != "" {
		return Step{Name: "domain", Status: Skip, Detail: "no principal"}
	}
	d, ok, against := r.domainOK(id)
	if ok {
		return Step{Name: "domain", Status: Pass, Detail: quoted(d) + " matches " + against}
	}
	fix := "add " + printable(d) + " to authorizer.allowedDomains"
	if len(r.AllowedDomains) == 0 {
		fix = "set authorizer.principalDomain to " + printable(d) + " (or list every domain in authorizer.allowedDomains)"
	}
	if d == "" {
		fix = "put email first in authentication.jwtPrincipalClaims: the domain rule reads the principal claim's text after @"
	}
	return Step{Name: "domain", Status: Fail, Detail: fmt.Sprintf("domain %s does not match %s: the server answers 401", quoted(d), against), Fix: fix}
}

// signupStep: admins exist from the server's start; anyone else is created at first sign-in
// through self-signup, limited by allowedEmailRegistrationDomains.
func signupStep(r Rules, id identity, admin bool) Step {
	if admin {
		return Step{Name: "account", Status: Pass, Detail: "created at server start for authorizer.adminPrincipals"}
	}
	if !r.SelfSignup {
		return Step{Name: "account", Status: Info, Detail: "must exist already: authentication.enableSelfSignup is false"}
	}
	_, domain, _ := strings.Cut(id.Email, "@")
	if len(r.RegistrationDomains) > 0 && !slices.Contains(r.RegistrationDomains, "all") && !slices.Contains(r.RegistrationDomains, domain) {
		return Step{Name: "account", Status: Info, Detail: fmt.Sprintf("a new user cannot sign up: %s is not in authorizer.allowedEmailRegistrationDomains", quoted(domain))}
	}
	return Step{Name: "account", Status: Pass, Detail: "created at first sign-in (self-signup)"}
}

// printable escapes control and invisible characters of text that came from the token or a
// server, so it cannot move the cursor or hide in a terminal.
func printable(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) < 0 {
		return s
	}
	q := strconv.QuoteToASCII(s)
	return q[1 : len(q)-1]
}

func quoted(s string) string { return strconv.QuoteToASCII(s) }

func quotedList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = quoted(s)
	}
	return "[" + strings.Join(q, " ") + "]"
}
