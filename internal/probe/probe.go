// Package probe verifies the settings against the live Okta authorization server (and
// optionally the running OpenMetadata): discovery, issuer, JWKS, and the flow's requirements.
package probe

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/omsso/omsso/internal/plural"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"slices"
	"strings"
	"time"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/tlsca"
	"github.com/omsso/omsso/targets"
)

// Status of one check.
type Status string

// Statuses.
const (
	Pass Status = "pass"
	Warn Status = "warn"
	Fail Status = "fail"
)

// Result is one check.
type Result struct {
	Name   string `json:"name"`
	Status Status `json:"status"`
	Reason string `json:"reason"`
}

// Report is every check, in order.
type Report struct {
	Results []Result `json:"checks"`
}

// Failed reports whether any check failed.
func (r Report) Failed() bool {
	return slices.ContainsFunc(r.Results, func(c Result) bool { return c.Status == Fail })
}

// Options tunes the network side.
type Options struct {
	Timeout      time.Duration // per request; default 10s
	CAFile       string        // extra CA certificates (PEM), on top of the system's
	OpenMetadata string        // OpenMetadata's URL, to check its /system/config endpoints too
	// OpenMetadataToken is an admin's token for the 2.1 config-source report; "" skips it.
	OpenMetadataToken string
	Progress          func(string) // called before each request, for a terminal; may be nil
	Client            *http.Client // tests; nil builds one from the options
}

// MaxBody bounds what is read from a server.
const MaxBody = 1 << 20

// publicScopes are what OpenMetadata's UI requests for an Okta public client (hard-coded).
func publicScopes() []string { return []string{"openid", "profile", "email", "offline_access"} }

// Run performs every check. It never sees or prints the client secret.
func Run(ctx context.Context, r *settings.Resolved, opts Options) Report {
	c := &checker{r: r, opts: opts}
	if err := c.client(); err != nil {
		return Report{Results: []Result{{Name: "setup", Status: Fail, Reason: err.Error()}}}
	}
	c.okta(ctx)
	if opts.OpenMetadata != "" {
		c.openmetadata(ctx)
	}
	return Report{Results: c.results}
}

type checker struct {
	r       *settings.Resolved
	opts    Options
	http    *http.Client
	results []Result
}

func (c *checker) add(name string, s Status, format string, args ...any) {
	c.results = append(c.results, Result{Name: name, Status: s, Reason: fmt.Sprintf(format, args...)})
}

func (c *checker) client() error {
	if c.opts.Timeout == 0 {
		c.opts.Timeout = 10 * time.Second
	}
	if c.opts.Client != nil {
		c.http = c.opts.Client
		return nil
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	pool, err := tlsca.Pool(c.opts.CAFile)
	if err != nil {
		return err
	}
	tr.TLSClientConfig.RootCAs = pool
	c.http = &http.Client{Transport: tr, Timeout: c.opts.Timeout, CheckRedirect: noRedirects}
	return nil
}

// explained is an error whose message says what its cause means in user terms; Unwrap keeps
// the cause for errors.Is/As.
type explained struct {
	msg   string
	cause error
}

func (e *explained) Error() string { return e.msg }
func (e *explained) Unwrap() error { return e.cause }

// noRedirects: discovery and keys are served directly; a redirect means a wrong URL.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// withoutURL is the cause of a failed request without the *url.Error's own "Get \"URL\":"
// prefix, so a message that names the URL already names it once.
func withoutURL(err error) error {
	var ue *neturl.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// getJSON fetches url and decodes it into v, explaining failures in user terms.
func (c *checker) getJSON(ctx context.Context, url string, v any) error {
	if c.opts.Progress != nil {
		c.opts.Progress("fetching " + url)
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		var ne net.Error
		if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
			return &explained{fmt.Sprintf("no answer from %s within %s", url, c.opts.Timeout), err}
		}
		var ce *tls.CertificateVerificationError
		if errors.As(err, &ce) {
			return fmt.Errorf("TLS certificate of %s not trusted (%w); pass --ca-file for a private CA", url, ce.Err)
		}
		return &explained{fmt.Sprintf("GET %s: %v", url, withoutURL(err)), err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return fmt.Errorf("%s redirects (%d) to %s; it must answer directly: check the URL (scheme, host, authorization server)", url, resp.StatusCode, resp.Header.Get("Location"))
	case resp.StatusCode == http.StatusNotFound:
		return fmt.Errorf("%s answers 404: no such authorization server or path; check okta.domain and okta.authorizationServer", url)
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("%s answers HTTP %d", url, resp.StatusCode)
	case len(body) > MaxBody:
		return fmt.Errorf("%s answers more than %d bytes", url, MaxBody)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%s does not answer JSON: %w", url, err)
	}
	return nil
}

type discovery struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	JWKSURI                           string   `json:"jwks_uri"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ScopesSupported                   []string `json:"scopes_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
}

type jwk struct {
	Kid string `json:"kid"`
	Kty string `json:"kty"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// okta checks the Okta authorization server: its discovery document against the settings,
// its keys, and what the flow needs.
func (c *checker) okta(ctx context.Context) {
	d, ok := c.discover(ctx)
	if !ok {
		return
	}
	c.issuer(ctx, d)
	if slices.Contains(d.ResponseTypesSupported, "code") {
		c.add("response_types", Pass, "code is supported")
	} else {
		c.add("response_types", Fail, "response_types_supported %v lacks code, which OpenMetadata's login uses", d.ResponseTypesSupported)
	}
	c.scopes(d)
	c.clientAuth(d)
}

// discover fetches the discovery document; false when it is missing or lacks an endpoint.
func (c *checker) discover(ctx context.Context) (discovery, bool) {
	url := c.r.Issuer + "/.well-known/openid-configuration"
	var d discovery
	if err := c.getJSON(ctx, url, &d); err != nil {
		c.add("discovery", Fail, "%v", err)
		return d, false
	}
	var missing []string
	for k, v := range map[string]string{"issuer": d.Issuer, "jwks_uri": d.JWKSURI, "authorization_endpoint": d.AuthorizationEndpoint, "token_endpoint": d.TokenEndpoint} {
		if v == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		c.add("discovery", Fail, "%s lacks %s", url, strings.Join(missing, ", "))
		return d, false
	}
	c.add("discovery", Pass, "%s answers", url)
	return d, true
}

// issuer checks the issuer and the JWKS URL byte for byte, then the keys.
func (c *checker) issuer(ctx context.Context, d discovery) {
	r := c.r
	if d.Issuer == r.Issuer {
		c.add("issuer", Pass, "the server's issuer is %s, byte for byte", d.Issuer)
	} else {
		c.add("issuer", Fail, "the server says issuer %q but the settings give %q; tokens carry the server's value, so logins fail", d.Issuer, r.Issuer)
	}
	if d.JWKSURI == r.OktaJwksURL {
		c.add("jwks_uri", Pass, "publicKeyUrls holds the server's jwks_uri %s", d.JWKSURI)
	} else {
		c.add("jwks_uri", Fail, "publicKeyUrls would hold %s but the server publishes its keys at %s; tokens fail with \"No key found ... with kid\"", r.OktaJwksURL, d.JWKSURI)
	}
	c.keys(ctx, r.OktaJwksURL)
}

// scopes checks that the server supports the scopes the flow requests.
func (c *checker) scopes(d discovery) {
	scopes, whose := c.r.Okta.Scopes, "okta.scopes"
	if !c.r.Confidential() {
		scopes, whose = publicScopes(), "the scopes OpenMetadata's UI requests for a public client"
	}
	switch missing := without(scopes, d.ScopesSupported); {
	case len(d.ScopesSupported) == 0:
		c.add("scopes", Warn, "the server does not list scopes_supported; cannot check %s", strings.Join(scopes, " "))
	case len(missing) > 0:
		c.add("scopes", Fail, "%s are not in scopes_supported (%s): Okta rejects the login with invalid_scope; add them to the authorization server", strings.Join(missing, ", "), whose)
	default:
		c.add("scopes", Pass, "%s supported", strings.Join(scopes, " "))
	}
}

// clientAuth checks how the client proves itself: client_secret_post for a confidential
// client, PKCE with S256 for a public one.
func (c *checker) clientAuth(d discovery) {
	if c.r.Confidential() {
		if slices.Contains(d.TokenEndpointAuthMethodsSupported, "client_secret_post") {
			c.add("client_auth", Pass, "client_secret_post (OpenMetadata's default) is supported")
		} else {
			c.add("client_auth", Fail, "token_endpoint_auth_methods_supported %v lacks client_secret_post, which OpenMetadata uses", d.TokenEndpointAuthMethodsSupported)
		}
		return
	}
	if slices.Contains(d.CodeChallengeMethodsSupported, "S256") {
		c.add("pkce", Pass, "S256 is supported for the public client's PKCE flow")
	} else {
		c.add("pkce", Fail, "code_challenge_methods_supported %v lacks S256, which the public client's PKCE flow needs", d.CodeChallengeMethodsSupported)
	}
}

func without(want, have []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}

// keys fetches a JWKS and checks it has a key usable for the token algorithm.
func (c *checker) keys(ctx context.Context, url string) {
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := c.getJSON(ctx, url, &set); err != nil {
		c.add("jwks", Fail, "%v", err)
		return
	}
	alg := c.r.Authentication.TokenValidationAlgorithm
	kty := "RSA"
	if strings.HasPrefix(alg, "ES") {
		kty = "EC"
	}
	usable := 0
	for _, k := range set.Keys {
		if k.Kid != "" && k.Kty == kty && (k.Alg == "" || k.Alg == alg) && (k.Use == "" || k.Use == "sig") {
			usable++
		}
	}
	switch {
	case len(set.Keys) == 0:
		c.add("jwks", Fail, "%s holds no keys", url)
	case usable == 0:
		c.add("jwks", Fail, "%s holds %s but none with a kid, kty %s and alg %s (authentication.tokenValidationAlgorithm)", url, plural.Of(len(set.Keys), "key", "keys"), kty, alg)
	default:
		c.add("jwks", Pass, "%s at %s", plural.Of(usable, "usable "+alg+" key", "usable "+alg+" keys"), url)
	}
}

// openmetadata checks the running server: its own JWKS, and the auth config it serves, which
// shows a stale database-stored config (OpenMetadata 1.10+) as a difference.
func (c *checker) openmetadata(ctx context.Context) {
	base := strings.TrimRight(c.opts.OpenMetadata, "/")
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := c.getJSON(ctx, base+"/api/v1/system/config/jwks", &set); err != nil {
		c.add("om_jwks", Fail, "%v", err)
	} else if len(set.Keys) == 0 {
		c.add("om_jwks", Fail, "%s/api/v1/system/config/jwks holds no keys: bot and ingestion tokens cannot be verified", base)
	} else {
		c.add("om_jwks", Pass, "OpenMetadata's own JWKS answers with %s", plural.Of(len(set.Keys), "key", "keys"))
	}
	defer c.omSource(ctx, base)
	var got map[string]any
	if err := c.getJSON(ctx, base+"/api/v1/system/config/auth", &got); err != nil {
		c.add("om_auth", Fail, "%v", err)
		return
	}
	want := targets.Baremetal{}.Expected(c.r) // the server's own view
	// Only the table's Public keys are copied into the public endpoint by 1.10-1.12.
	var diffs []string
	for _, k := range omconf.Keys() {
		if !k.Public {
			continue
		}
		f := k.Name()
		w := want[k.Path]
		if !sameJSON(w, got[f]) {
			diffs = append(diffs, fmt.Sprintf("%s is %s, settings say %s", f, show(got[f]), show(w)))
		}
	}
	if len(diffs) > 0 {
		c.add("om_auth", Fail, "the running server uses another auth config: %s. %s", strings.Join(diffs, "; "), storedWinsFix(c.r.OpenMetadata.Version))
		return
	}
	c.add("om_auth", Pass, "/api/v1/system/config/auth matches the settings")
}

// sameJSON compares two values as JSON, with null and [] the same; values that do not encode
// are never the same.
func sameJSON(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	if errA != nil || errB != nil {
		return false
	}
	if string(ja) == "null" && string(jb) == "[]" || string(ja) == "[]" && string(jb) == "null" {
		return true
	}
	return string(ja) == string(jb)
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
