// Package oktaapi is a small typed client for the dozen Okta Management API calls omsso needs
// (apps, group assignments, authorization servers, scopes, policies, rules, trusted origins).
//
// Objects are kept as JSON maps (Object) rather than structs: app and authorization-server
// PUTs replace the whole object, so a read-modify-write must send back every member the read
// returned, including ones this client does not know about. A struct would drop them.
//
// Facts it follows (OKTA-API-FACTS.md, OKTA-API-WRITES.md): SSWS or Bearer auth, JSON both ways,
// cursor paging through Link: rel="next", 429 with X-Rate-Limit-Reset (epoch seconds), errors
// as {errorCode, errorSummary, errorCauses}.
package oktaapi

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/omsso/omsso/internal/plural"
	"github.com/omsso/omsso/internal/redact"
	"github.com/omsso/omsso/internal/tlsca"
)

// MaxBody bounds what is read from one response: real list pages are well below it.
const MaxBody = 8 << 20

// Credential is how the client authenticates. Its value never leaves Authorization headers:
// String and GoString hide it, so a %v in an error or a log cannot print it.
type Credential struct {
	scheme string // "SSWS" or "Bearer"
	value  string
}

// APIToken is an Okta API token, sent as "SSWS {token}".
func APIToken(tok string) Credential { return Credential{"SSWS", strings.TrimSpace(tok)} }

// AccessToken is an OAuth 2.0 access token with okta.* scopes, sent as "Bearer {token}".
func AccessToken(tok string) Credential { return Credential{"Bearer", strings.TrimSpace(tok)} }

// Empty reports whether there is no token.
func (c Credential) Empty() bool { return c.value == "" }

// Scheme is SSWS or Bearer.
func (c Credential) Scheme() string { return c.scheme }

func (c Credential) String() string   { return c.scheme + " [redacted]" }
func (c Credential) GoString() string { return c.String() }

// Config builds a Client.
type Config struct {
	// BaseURL is the Management API base, e.g. https://dev-123456.okta.com/api/v1.
	BaseURL    string
	Credential Credential
	Timeout    time.Duration // per request, default 30s
	CAFile     string        // extra CA certificates (PEM)
	// MaxRetries on 429 (default 3) and MaxWait per wait (default 60s): Okta's reset is at
	// most a minute away, and a CLI that sleeps longer looks hung.
	MaxRetries int
	MaxWait    time.Duration
	// HTTPClient replaces the transport (tests); Timeout still applies per request.
	HTTPClient *http.Client
	// Sleep waits (tests make it instant); default honours ctx.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock used against X-Rate-Limit-Reset when an answer has no Date (tests).
	Now func() time.Time
	// Progress receives a line while the client waits for a rate limit (nil: silent).
	Progress io.Writer
}

// Client talks to one org.
type Client struct {
	base     *url.URL
	cred     Credential
	http     *http.Client
	timeout  time.Duration
	retries  int
	maxWait  time.Duration
	sleep    func(ctx context.Context, d time.Duration) error
	now      func() time.Time
	red      *redact.Secrets // the token: hidden from any text a server or the network sends back
	progress io.Writer
}

// New checks the configuration and builds a client. TLS is always verified.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("the Okta API URL %q is not an http(s) URL", redact.URLs(cfg.BaseURL))
	}
	if u.User != nil {
		return nil, fmt.Errorf("the Okta API URL %s carries a user name or password; remove it: the token comes from --okta-token-env, --okta-token-file or --okta-access-token-env", redact.URLs(u.String()))
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return nil, fmt.Errorf("the Okta API URL %s uses http; Okta serves its API over https only (http is accepted for 127.0.0.1/localhost test servers)", u.Redacted())
	}
	if cfg.Credential.Empty() {
		return nil, errors.New("no Okta API token: set OKTA_API_TOKEN (or the env var named by --okta-token-env), or pass --okta-token-file or --okta-access-token-env")
	}
	c := &Client{base: u, cred: cfg.Credential, timeout: cfg.Timeout, retries: cfg.MaxRetries, maxWait: cfg.MaxWait, sleep: cfg.Sleep, now: cfg.Now,
		red: redact.New(cfg.Credential.value), progress: cfg.Progress}
	if c.timeout <= 0 {
		c.timeout = 30 * time.Second
	}
	if c.retries <= 0 {
		c.retries = 3
	}
	if c.maxWait <= 0 {
		c.maxWait = 60 * time.Second
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.now == nil {
		c.now = time.Now
	}
	if cfg.HTTPClient != nil {
		c.http = cfg.HTTPClient
		return c, nil
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	pool, err := tlsca.Pool(cfg.CAFile)
	if err != nil {
		return nil, err
	}
	tr.TLSClientConfig.RootCAs = pool
	// Redirects would carry the token elsewhere; the API answers directly.
	c.http = &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return c, nil
}

// Base is the API base URL (no secret in it).
func (c *Client) Base() string { return c.base.String() }

// Origin is scheme://host of the API, where /.well-known/okta-organization lives.
func (c *Client) Origin() string { return c.base.Scheme + "://" + c.base.Host }

func loopback(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Error is an Okta error answer, or a transport failure described for people. It never holds
// the token: requests are described by method and path only.
type Error struct {
	Method, Path string
	Status       int
	Code         string   // errorCode, e.g. E0000006
	Summary      string   // errorSummary
	Causes       []string // errorCauses[].errorSummary
	RequestID    string   // X-Okta-Request-Id, for Okta support
	Fix          string
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.Status)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Summary != "" {
		// Already cleaned (apiError): quoting again would double every escape.
		fmt.Fprintf(&b, " \"%s\"", e.Summary)
	}
	if len(e.Causes) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(e.Causes, "; "))
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request id %s]", e.RequestID)
	}
	if e.Fix != "" {
		b.WriteString(". " + e.Fix)
	}
	return b.String()
}

// transportError is a transport failure described for people; Unwrap keeps the cause (e.g.
// context.DeadlineExceeded) for errors.Is.
type transportError struct {
	msg   string
	err   error
	write bool // a write whose outcome is unknown
}

func (e *transportError) Error() string { return e.msg }
func (e *transportError) Unwrap() error { return e.err }

// Is404 reports whether err is Okta's "not found".
func Is404(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Status == http.StatusNotFound || e.Code == "E0000007")
}

// IsNoAPIAM reports whether err is E0000015: the org lacks API Access Management.
func IsNoAPIAM(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == "E0000015"
}

// scopeFor names the OAuth scope an API path needs, for E0000006 fixes (OKTA-API-WRITES §9.4).
func scopeFor(method, path string) string {
	kind := "read"
	if method != http.MethodGet {
		kind = "manage"
	}
	switch {
	case strings.HasPrefix(path, "/authorizationServers"):
		return "okta.authorizationServers." + kind
	case strings.HasPrefix(path, "/trustedOrigins"):
		return "okta.trustedOrigins." + kind
	case strings.HasPrefix(path, "/groups"):
		return "okta.groups.read"
	default:
		return "okta.apps." + kind
	}
}

func roleFor(path string) string {
	switch {
	case strings.HasPrefix(path, "/authorizationServers"):
		return "Super Administrator or API Access Management Administrator"
	case strings.HasPrefix(path, "/trustedOrigins"):
		return "Super Administrator (which standard roles may manage trusted origins is not documented)"
	default:
		return "Super Administrator, Application Administrator (OIDC apps) or API Access Management Administrator"
	}
}

func fixFor(e *Error, cred Credential) string {
	switch e.Code {
	case "E0000011", "E0000004":
		return "The token is invalid or expired (API tokens expire after 30 days unused): create a new one under Security > API > Tokens, or a new access token"
	case "E0000005", "E0000006":
		if cred.scheme == "Bearer" {
			return fmt.Sprintf("The access token lacks the scope %s, or its admin lacks the role: grant the scope to the service app and request it", scopeFor(e.Method, e.Path))
		}
		return fmt.Sprintf("The API token's admin lacks the permission: it needs the %s role (OAuth scope %s)", roleFor(e.Path), scopeFor(e.Method, e.Path))
	case "E0000015":
		return "The org lacks API Access Management, so it has no custom authorization servers: only the org authorization server is possible. Set okta.authorizationServer: org in the settings (issuer https://{okta.domain})"
	case "E0000007":
		return "Okta has no such object: check the id in the settings"
	case "E0000047":
		return "Okta's rate limit: wait a minute and run again"
	}
	return ""
}

// request runs one call with bounded 429 retries. path is relative to the API base and may
// carry a query; a full URL (from a Link header) must be on the same origin as the base.
func (c *Client) request(ctx context.Context, method, path string, body any, out any) (http.Header, error) {
	target, shown, err := c.resolve(path)
	if err != nil {
		return nil, err
	}
	var payload []byte
	if body != nil {
		if payload, err = json.Marshal(body); err != nil {
			return nil, fmt.Errorf("%s %s: encoding the body: %w", method, shown, err)
		}
	}
	for attempt := 0; ; attempt++ {
		hdr, status, data, err := c.once(ctx, method, target, shown, payload)
		if err != nil {
			return nil, err
		}
		if status == http.StatusTooManyRequests {
			wait := c.retryAfter(hdr)
			if attempt >= c.retries || wait > c.maxWait {
				e := c.apiError(method, shown, status, hdr, data)
				e.Fix = fmt.Sprintf("Okta's rate limit for this endpoint resets in %s: wait %s and run again", wait.Round(time.Second), minutes(wait))
				return nil, fmt.Errorf("gave up after %s on Okta's rate limit: %w", plural.Of(attempt+1, "attempt", "attempts"), e)
			}
			if c.progress != nil {
				fmt.Fprintf(c.progress, "Okta rate limit on %s %s: waiting %s for the reset (X-Rate-Limit-Reset), then retrying (%d of %d)\n", method, pathOnly(shown), wait.Round(time.Second), attempt+1, c.retries)
			}
			if err := c.sleep(ctx, wait); err != nil {
				return nil, fmt.Errorf("%s %s: waiting for the rate limit: %w", method, shown, err)
			}
			continue
		}
		if status < 200 || status > 299 {
			return nil, c.apiError(method, shown, status, hdr, data)
		}
		if out != nil && len(bytes.TrimSpace(data)) > 0 {
			if err := json.Unmarshal(data, out); err != nil {
				if htmlPage(hdr, data) {
					return nil, fmt.Errorf("%s %s: the answer is an HTML page, not Okta's API: %s is not the org's Management API; use https://{org}.okta.com/api/v1 as --okta-api-url", method, shown, c.Base())
				}
				return nil, fmt.Errorf("%s %s: the answer is not the JSON expected: %s", method, shown, c.clip(err.Error()))
			}
		}
		return hdr, nil
	}
}

// retryAfter is X-Rate-Limit-Reset minus the answer's Date, plus a second, as Okta's SDKs
// compute it: both times come from Okta's clock, so a skewed local clock does not matter. The
// local clock stands in only for a missing Date; without a usable reset it waits a short fixed time.
func (c *Client) retryAfter(h http.Header) time.Duration {
	reset, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-Rate-Limit-Reset")), 10, 64)
	if err != nil {
		return 5 * time.Second
	}
	now := c.now()
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		now = d
	}
	d := time.Unix(reset, 0).Sub(now) + time.Second
	if d < time.Second {
		d = time.Second
	}
	return d
}

// minutes says how long to wait in whole minutes, rounded up ("1 minute", "3 minutes").
func minutes(d time.Duration) string {
	n := int((d + time.Minute - 1) / time.Minute)
	if n <= 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", n)
}

func (c *Client) resolve(path string) (string, string, error) {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		u, err := url.Parse(path)
		if err != nil || u.Scheme != c.base.Scheme || u.Host != c.base.Host {
			// A next link to another host would receive the token: refuse.
			return "", "", fmt.Errorf("the paging link of Okta (%s) points to another host than %s; refusing to send the token there", c.clip(path), c.base.Host)
		}
		return u.String(), strings.TrimPrefix(u.RequestURI(), c.base.Path), nil
	}
	if strings.HasPrefix(path, "/.well-known/") {
		return c.Origin() + path, path, nil
	}
	return c.base.String() + path, path, nil
}

func (c *Client) once(ctx context.Context, method, target, shown string, payload []byte) (http.Header, int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, 0, nil, c.cleanErr(fmt.Sprintf("%s %s", method, shown), err)
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "omsso")
	if !strings.HasPrefix(shown, "/.well-known/") {
		req.Header.Set("Authorization", c.cred.scheme+" "+c.cred.value)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, nil, c.transportErr(method, shown, err, false)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, 0, nil, c.transportErr(method, shown, err, true)
	}
	if len(data) > MaxBody {
		return nil, 0, nil, fmt.Errorf("%s %s: the answer is larger than %d MiB, the most omsso reads (the JSON was not read, so it was not judged); is the API URL %s the Management API?", method, shown, MaxBody>>20, c.Base())
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return nil, 0, nil, c.redirectErr(method, shown, resp)
	}
	return resp.Header, resp.StatusCode, data, nil
}

// transportErr describes a failed exchange. A write that timed out may have been stored:
// Okta received the request and the answer was lost, so the message says so and points at plan.
func (c *Client) transportErr(method, shown string, err error, reading bool) error {
	var ne net.Error
	var ce *tls.CertificateVerificationError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		what := "no answer"
		if reading {
			what = "no complete answer"
		}
		msg := fmt.Sprintf("%s %s: %s within %s (--timeout)", method, shown, what, c.timeout)
		if method != http.MethodGet {
			msg += "; Okta may have stored this change anyway: run omsso plan --target okta to see what is left before applying again"
		}
		return &transportError{msg: msg, err: err, write: method != http.MethodGet}
	case errors.As(err, &ce):
		return c.cleanErr(fmt.Sprintf("%s %s: the TLS certificate of %s is not trusted; pass --ca-file for a private CA", method, shown, c.base.Host), ce.Err)
	}
	// url.Error prints the URL; keep the message short and the cause cleaned (a malformed
	// answer is quoted in Go's error text).
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if reading {
		return c.cleanErr(fmt.Sprintf("%s %s: reading the answer", method, shown), err)
	}
	return c.cleanErr(fmt.Sprintf("%s %s", method, shown), err)
}

// redirectErr names where the API sent omsso. The token is never sent after a redirect; the
// user decides whether the new place is the org.
func (c *Client) redirectErr(method, shown string, resp *http.Response) error {
	loc := c.clip(resp.Header.Get("Location"))
	fix := "use the org's own Okta domain as the API URL (--okta-api-url https://{org}.okta.com/api/v1)"
	if u, err := url.Parse(resp.Header.Get("Location")); err == nil && c.base.Scheme == "http" && u.Scheme == "https" {
		fix = "the server wants https: use https:// in the issuer or in --okta-api-url"
	}
	if loc == "" {
		loc = "(no Location header)"
	}
	return fmt.Errorf("%s %s: the API URL %s answered with a redirect (HTTP %d) to %s; omsso does not follow redirects with the token: %s", method, shown, c.Base(), resp.StatusCode, loc, fix)
}

// cleanErr is an error whose text is cleaned of the token and control characters; Unwrap keeps
// the cause for errors.Is.
func (c *Client) cleanErr(prefix string, err error) error {
	return &transportError{msg: prefix + ": " + c.red.Text(err.Error()), err: err}
}

func (c *Client) apiError(method, shown string, status int, h http.Header, data []byte) *Error {
	var body struct {
		ErrorCode    string `json:"errorCode"`
		ErrorSummary string `json:"errorSummary"`
		ErrorCauses  []struct {
			ErrorSummary string `json:"errorSummary"`
		} `json:"errorCauses"`
	}
	// A body that is not Okta's error JSON (a proxy's page) leaves the fields empty: the
	// status still says what failed.
	_ = json.Unmarshal(data, &body)
	e := &Error{Method: method, Path: pathOnly(shown), Status: status, Code: body.ErrorCode, Summary: c.clip(body.ErrorSummary), RequestID: c.clip(h.Get("X-Okta-Request-Id"))}
	for _, cs := range body.ErrorCauses {
		e.Causes = append(e.Causes, c.clip(cs.ErrorSummary))
	}
	if e.Code == "" && status == http.StatusUnauthorized {
		e.Code = "E0000011"
	}
	e.Fix = fixFor(e, c.cred)
	if e.Code == "" && htmlPage(h, data) {
		e.Fix = fmt.Sprintf("the answer is an HTML page, not Okta's API: %s is not the org's Management API (a proxy, a sign-in page or a custom domain without the API?); use https://{org}.okta.com/api/v1 as --okta-api-url", c.Base())
	}
	return e
}

// htmlPage reports whether an answer is a web page rather than JSON.
func htmlPage(h http.Header, data []byte) bool {
	if strings.HasPrefix(strings.ToLower(h.Get("Content-Type")), "text/html") {
		return true
	}
	head := strings.ToLower(strings.TrimSpace(string(data[:min(len(data), 64)])))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
}

// NextStep says what to do before running apply again: after a refusal of the token or its
// permissions, running again alone changes nothing.
func (e *Error) NextStep() string {
	switch e.Code {
	case "E0000005", "E0000006":
		return "grant the permission named above, then run apply again (what was done is kept; every step is idempotent)"
	case "E0000011", "E0000004":
		return "replace the token, then run apply again (what was done is kept; every step is idempotent)"
	}
	return ""
}

// NextStep points at plan after a write whose outcome is unknown.
func (e *transportError) NextStep() string {
	if e.write {
		return "run omsso plan --target okta to see whether it was stored, then apply again"
	}
	return ""
}

func pathOnly(p string) string {
	if i := strings.IndexByte(p, '?'); i >= 0 {
		return p[:i]
	}
	return p
}

// clip makes text Okta sent back safe to print: no run of the token, no URL user-info, no
// control characters; then cuts it to 300 bytes (after hiding, so a token that crossed the cut
// cannot show in part).
func (c *Client) clip(s string) string { return c.red.Clip(s, 300) }

// nextLink finds rel="next" among the Link headers (one relation per header, or several
// comma-separated in one).
func nextLink(h http.Header) string {
	for _, v := range h.Values("Link") {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if !strings.Contains(part, `rel="next"`) {
				continue
			}
			if i, j := strings.IndexByte(part, '<'), strings.IndexByte(part, '>'); i >= 0 && j > i {
				return part[i+1 : j]
			}
		}
	}
	return ""
}

// maxPages bounds paging: 200 per page makes that 100,000 objects.
const maxPages = 500

// list GETs every page of a collection.
func (c *Client) list(ctx context.Context, path string) ([]Object, error) {
	var all []Object
	for page := 0; path != ""; page++ {
		if page >= maxPages {
			return nil, fmt.Errorf("GET %s: more than %d pages; stopping", pathOnly(path), maxPages)
		}
		var items []Object
		h, err := c.request(ctx, http.MethodGet, path, nil, &items)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		path = nextLink(h)
	}
	return all, nil
}

func (c *Client) get(ctx context.Context, path string) (Object, error) {
	var o Object
	_, err := c.request(ctx, http.MethodGet, path, nil, &o)
	return o, err
}

func (c *Client) send(ctx context.Context, method, path string, body any) (Object, error) {
	var o Object
	_, err := c.request(ctx, method, path, body, &o)
	return o, err
}

// esc escapes one path segment.
func esc(s string) string { return url.PathEscape(s) }
