// Package omapi plans and applies the Okta security config of a running OpenMetadata (1.10+)
// through its security API (GET/PUT /api/v1/system/security/config, POST
// /api/v1/system/security/validate): the desired SecurityConfiguration comes from the same key
// table the render uses, the stored one is read back and normalised, and apply guards against
// locking the admin out before it saves anything.
package omapi

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/omsso/omsso/internal/redact"
	"github.com/omsso/omsso/internal/tlsca"
)

// API paths, under the server's base URL.
const (
	PathVersion  = "/api/v1/system/version"
	PathConfig   = "/api/v1/system/security/config"
	PathValidate = "/api/v1/system/security/validate"
	PathJWKS     = "/api/v1/system/config/jwks"
	// PathTestLogin checks an ID token against a candidate config without saving it (2.0+).
	PathTestLogin = "/api/v1/system/security/test-login/validate-token"
	// PathLoggedInUser is the token's own user (its email, for the domain guard).
	PathLoggedInUser = "/api/v1/users/loggedInUser"
)

// Mask is what OpenMetadata returns instead of a stored secret.
const Mask = "*********"

// maxBody bounds what omsso reads from the server: a security config is a few KB.
const maxBody = 4 << 20

// Client talks to one OpenMetadata server with an admin's token. The token is never part of
// an error or any output.
type Client struct {
	base    *url.URL
	token   string
	http    *http.Client
	timeout time.Duration
	// secrets are strings removed from any server text omsso repeats (the token, the secret).
	secrets []string
}

// ClientOptions configure a Client.
type ClientOptions struct {
	BaseURL string
	Token   string
	CAFile  string        // extra CA certificates (PEM), added to the system pool
	Timeout time.Duration // per call
}

// CheckBaseURL says what is wrong with --openmetadata-api-url, if anything, before a client is built,
// so a command can report it together with its other missing inputs.
func CheckBaseURL(base string) error {
	if base == "" {
		return errors.New("--openmetadata-api-url is required: the API base URL of the server, e.g. https://om.internal:8585 (or set $OMSSO_OPENMETADATA_API_URL)")
	}
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--openmetadata-api-url %q is not an http(s) URL; use e.g. https://om.internal:8585", base)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("--openmetadata-api-url must not carry credentials, a query or a fragment; the token comes from --token-env or --token-file")
	}
	return nil
}

// NewClient checks the base URL and builds a verifying TLS client.
func NewClient(o ClientOptions) (*Client, error) {
	if err := CheckBaseURL(o.BaseURL); err != nil {
		return nil, err
	}
	u, err := url.Parse(strings.TrimRight(o.BaseURL, "/"))
	if err != nil {
		return nil, err
	}
	if o.Token == "" {
		return nil, errors.New("no admin token: the token env var or file is empty")
	}
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	pool, err := tlsca.Pool(o.CAFile)
	if err != nil {
		return nil, err
	}
	tlsConf.RootCAs = pool
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = tlsConf
	return &Client{
		base: u, token: o.Token, timeout: timeout, secrets: []string{o.Token},
		http: &http.Client{
			Transport: tr,
			// A redirect would carry the token to another place; OpenMetadata's API does not redirect.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}, nil
}

// Base is the server's API base URL.
func (c *Client) Base() string { return c.base.String() }

// Hide adds a string that must never be repeated from server text (e.g. the client secret).
func (c *Client) Hide(s string) {
	if s != "" {
		c.secrets = append(c.secrets, s)
	}
}

// Error is a failed API call, with one line of cause and fix.
type Error struct {
	Method, Path string
	Status       int // 0 for network errors and timeouts
	Msg          string
	// Server is the server's own message (cleaned), when it sent one.
	Server string
	// Err is the underlying error (network, TLS, decoding), for errors.Is/As; Msg already
	// says what it means, with the token and secret removed.
	Err error
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// call sends one request and decodes a JSON answer into out (when non-nil and 2xx). Non-2xx
// answers become an *Error unless accept lists the status.
func (c *Client) call(ctx context.Context, method, path string, body any, out any, accept ...int) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, fmt.Errorf("encode %s body: %w", path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+path, rd)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, c.netError(method, path, err)
	}
	defer resp.Body.Close()
	// One byte over the limit tells a too-large answer from a complete one.
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return resp.StatusCode, c.netError(method, path, err)
	}
	if len(data) > maxBody {
		return resp.StatusCode, &Error{Method: method, Path: path, Status: resp.StatusCode,
			Msg: fmt.Sprintf("%s %s answered HTTP %d with more than %d MiB, far more than a security config; is %s the OpenMetadata API base URL?%s", method, path, resp.StatusCode, maxBody>>20, c.base, mayBeStored(method))}
	}
	ok := resp.StatusCode/100 == 2
	for _, a := range accept {
		ok = ok || resp.StatusCode == a
	}
	if !ok {
		return resp.StatusCode, c.statusError(method, path, resp, data)
	}
	if out != nil && len(bytes.TrimSpace(data)) > 0 {
		if isHTML(resp, data) {
			return resp.StatusCode, c.htmlError(method, path, resp.StatusCode)
		}
		if err := json.Unmarshal(data, out); err != nil {
			return resp.StatusCode, &Error{Method: method, Path: path, Status: resp.StatusCode, Err: err,
				Msg: fmt.Sprintf("%s %s answered HTTP %d with a body that is not the expected JSON (%s); is %s an OpenMetadata API base URL?", method, path, resp.StatusCode, c.clean(err.Error()), c.base)}
		}
	}
	return resp.StatusCode, nil
}

// isWrite reports whether a call may change what the server stores.
func isWrite(method, path string) bool {
	return method == http.MethodPut || method == http.MethodPatch || (method == http.MethodPost && path != PathValidate && path != PathTestLogin)
}

// mayBeStored is the tail of a failed write's message: the server may have saved it anyway.
func mayBeStored(method string) string {
	if method == http.MethodPut || method == http.MethodPatch {
		return " The server may have stored the new config anyway: run omsso plan to see what is stored now"
	}
	return ""
}

// isHTML reports whether an answer is a web page (a proxy, a login page, the UI) rather than
// the JSON API.
func isHTML(resp *http.Response, data []byte) bool {
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	t := bytes.TrimSpace(data)
	return strings.Contains(ct, "text/html") || bytes.HasPrefix(bytes.ToLower(t), []byte("<!doctype html")) || bytes.HasPrefix(bytes.ToLower(t), []byte("<html"))
}

func (c *Client) htmlError(method, path string, status int) error {
	return &Error{Method: method, Path: path, Status: status,
		Msg: fmt.Sprintf("%s %s answered HTTP %d with an HTML page, not OpenMetadata's JSON API: a proxy, a login page or the UI is in front of %s; point --openmetadata-api-url at the server's API base (e.g. https://om.internal:8585)", method, path, status, c.base)}
}

func (c *Client) netError(method, path string, err error) error {
	var ne net.Error
	var ue x509.UnknownAuthorityError
	var he x509.HostnameError
	var ce *tls.CertificateVerificationError
	var ie x509.CertificateInvalidError
	var oe *net.OpError
	sent := !(errors.As(err, &oe) && oe.Op == "dial")
	tail := " Nothing was changed by this call"
	if sent && isWrite(method, path) {
		tail = "." + mayBeStored(method)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return &Error{Method: method, Path: path, Err: err,
			Msg: fmt.Sprintf("OpenMetadata at %s did not answer %s %s within %s; check --openmetadata-api-url and the network path, or raise --timeout.%s", c.base, method, path, c.timeout, tail)}
	case errors.As(err, &ue) || errors.As(err, &he) || errors.As(err, &ce) || errors.As(err, &ie):
		return &Error{Method: method, Path: path, Err: err,
			Msg: fmt.Sprintf("TLS to %s failed: %s; pass the server's CA with --ca-file (omsso always verifies TLS)", c.base, c.clean(err.Error()))}
	}
	return &Error{Method: method, Path: path, Err: err,
		Msg: fmt.Sprintf("cannot reach OpenMetadata at %s (%s %s): %s; check --openmetadata-api-url.%s", c.base, method, path, c.clean(err.Error()), tail)}
}

// serverMessage reads Dropwizard's {"code","message"} body, or the first line of text.
func (c *Client) serverMessage(data []byte) string {
	var em struct {
		Message string `json:"message"`
	}
	msg := ""
	if json.Unmarshal(data, &em) == nil && em.Message != "" {
		msg = em.Message
	} else {
		msg = strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0])
	}
	// Redact before cutting: a secret that crossed the cut would no longer match whole.
	return clipText(c.clean(msg), 300)
}

// clipText cuts s to at most n bytes on a rune boundary.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// clean makes text the server or the network stack produced safe to repeat: no run of 8+
// characters of the token or the secret, no URL user-info, no control characters.
func (c *Client) clean(s string) string {
	return redact.New(c.secrets...).Text(s)
}

func (c *Client) statusError(method, path string, resp *http.Response, data []byte) error {
	status := resp.StatusCode
	if status/100 == 3 {
		return &Error{Method: method, Path: path, Status: status, Msg: c.redirectLine(method, path, status, resp.Header.Get("Location"))}
	}
	if isHTML(resp, data) && status != http.StatusUnauthorized && status != http.StatusForbidden {
		return c.htmlError(method, path, status)
	}
	msg := c.serverMessage(data)
	var line string
	switch {
	case status == http.StatusUnauthorized:
		line = fmt.Sprintf("OpenMetadata refused the token (HTTP 401 on %s %s): it is invalid or expired, or no longer verifies because OpenMetadata's own JWKS (%s) is missing from publicKeyUrls, or its user is outside an enforced principal domain (the server says: %s); create a new personal access token for an admin user and put it in the token env var or file", method, path, PathJWKS, orNone(msg))
	case status == http.StatusForbidden:
		line = fmt.Sprintf("OpenMetadata refused the token (HTTP 403 on %s %s): its user is not an admin, and bot tokens (e.g. ingestion-bot) always get 403 here; use an admin's personal access token: sign in as an admin, open your profile > Access Token > Generate New Token, and put it in the token env var or file", method, path)
	case status == http.StatusNotFound:
		line = fmt.Sprintf("OpenMetadata at %s has no %s (HTTP 404): servers before 1.10 have no security API and read the security config only from their files, so the files omsso render writes are enough: deploy them and restart", c.base, path)
	case status == http.StatusBadRequest:
		line = fmt.Sprintf("OpenMetadata rejected the body of %s %s (HTTP 400): %s; nothing was saved. Fix the settings field named there, or report it as an omsso bug if it names a field omsso sets on its own", method, path, orNone(msg))
	case status == http.StatusConflict:
		line = fmt.Sprintf("OpenMetadata refused %s %s (HTTP 409): %s; nothing was saved. The deployment files own these fields (SECURITY_CONFIG_SOURCE=ENV): change them with omsso render and a restart, or set SECURITY_CONFIG_SOURCE=AUTO to manage them through the API", method, path, orNone(strings.TrimRight(msg, ".")))
	case status == http.StatusPreconditionFailed:
		line = fmt.Sprintf("OpenMetadata refused %s %s (HTTP 412): someone else saved the security config between omsso's read and its write; nothing was saved by this call. Run omsso plan to see the config as it is now, then apply again", method, path)
	case status >= 500:
		line = fmt.Sprintf("OpenMetadata failed on %s %s (HTTP %d): %s; see the server log", method, path, status, orNone(msg))
	default:
		line = fmt.Sprintf("OpenMetadata answered %s %s with HTTP %d: %s", method, path, status, orNone(msg))
	}
	return &Error{Method: method, Path: path, Status: status, Msg: line, Server: msg}
}

// redirectLine explains a redirect: omsso never follows one (it would carry the token), and
// an http URL redirected to https wants the https URL.
func (c *Client) redirectLine(method, path string, status int, location string) string {
	loc := c.clean(location)
	fix := "point --openmetadata-api-url at the server's API base, which answers directly"
	if u, err := url.Parse(location); err == nil && u.Scheme == "https" && c.base.Scheme == "http" {
		fix = "use the https URL: --openmetadata-api-url https://" + u.Host
	}
	if loc == "" {
		loc = "(no Location)"
	}
	return fmt.Sprintf("%s %s answered HTTP %d, a redirect to %s, which omsso does not follow (it would carry the token there); %s", method, path, status, clipText(loc, 200), fix)
}

func orNone(s string) string {
	if s == "" {
		return "(no message)"
	}
	return s
}

// ServerVersion is GET /api/v1/system/version.
type ServerVersion struct {
	Version  string `json:"version"`
	Revision string `json:"revision"`
}

// Version reads the server version (a public endpoint).
func (c *Client) Version(ctx context.Context) (ServerVersion, error) {
	var v ServerVersion
	_, err := c.call(ctx, http.MethodGet, PathVersion, nil, &v)
	return v, err
}

// Config reads the stored SecurityConfiguration (secrets masked by the server).
func (c *Client) Config(ctx context.Context) (map[string]any, error) {
	var doc map[string]any
	if _, err := c.call(ctx, http.MethodGet, PathConfig, nil, &doc); err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, &Error{Method: http.MethodGet, Path: PathConfig, Status: 200, Msg: fmt.Sprintf("GET %s answered with an empty body; is %s an OpenMetadata 1.10+ API base URL?", PathConfig, c.base)}
	}
	return doc, nil
}

// Put saves a full SecurityConfiguration. PUT, never PATCH: PATCH silently drops OIDC
// operations while the stored provider is not OIDC.
func (c *Client) Put(ctx context.Context, body map[string]any) error {
	_, err := c.call(ctx, http.MethodPut, PathConfig, body, nil)
	return err
}

// FieldError is one finding of the validate endpoint, in either response shape.
type FieldError struct {
	Field string // dot path, "" or "general" for generic errors; the component for the legacy shape
	Error string
}

// Validate posts a full body to the validate endpoint. HTTP 200 carries the verdict in
// status; both the FieldError shape (1.10.6+) and the legacy ValidationResult shape are read.
func (c *Client) Validate(ctx context.Context, body map[string]any) ([]FieldError, error) {
	var resp struct {
		Status string `json:"status"`
		Errors []struct {
			Field string `json:"field"`
			Error string `json:"error"`
		} `json:"errors"`
		Message string `json:"message"`
		Results []struct {
			Component string `json:"component"`
			Status    string `json:"status"`
			Message   string `json:"message"`
		} `json:"results"`
	}
	if _, err := c.call(ctx, http.MethodPost, PathValidate, body, &resp); err != nil {
		return nil, err
	}
	var out []FieldError
	for _, e := range resp.Errors {
		out = append(out, FieldError{c.clean(e.Field), c.clean(e.Error)})
	}
	for _, r := range resp.Results {
		if strings.EqualFold(r.Status, "failed") || strings.EqualFold(r.Status, "error") {
			out = append(out, FieldError{c.clean(r.Component), c.clean(r.Message)})
		}
	}
	switch strings.ToLower(resp.Status) {
	case "success", "warning":
		// A warning-only verdict passes; any failed result still stops.
		return out, nil
	case "failed", "error", "failure":
		if len(out) == 0 {
			out = append(out, FieldError{"general", orNone(c.clean(resp.Message))})
		}
		return out, nil
	}
	if len(out) > 0 {
		return out, nil
	}
	return nil, &Error{Method: http.MethodPost, Path: PathValidate, Status: 200, Msg: fmt.Sprintf("POST %s answered with status %q, which omsso cannot read; nothing was saved", PathValidate, c.clean(resp.Status))}
}
