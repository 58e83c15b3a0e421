package oktaapi_test

import (
	"context"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omsso/omsso/internal/okta/oktaapi"
	"github.com/omsso/omsso/internal/okta/oktafake"
)

const token = "00CANARY-token"

func client(t *testing.T, org *oktafake.Org, mod func(*oktaapi.Config)) (*oktaapi.Client, *[]time.Duration) {
	t.Helper()
	var waits []time.Duration
	cfg := oktaapi.Config{BaseURL: org.URL + "/api/v1", Credential: oktaapi.APIToken(token), Timeout: 2 * time.Second,
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
	if mod != nil {
		mod(&cfg)
	}
	c, err := oktaapi.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, &waits
}

func TestPagingFollowsLinkNext(t *testing.T) {
	org := oktafake.New(oktafake.Options{Token: token, PageSize: 2})
	defer org.Close()
	for i := range 5 {
		org.AddTrustedOrigin(fmt.Sprintf("https://o%d.example.com", i), "CORS")
	}
	c, _ := client(t, org, nil)
	got, err := c.TrustedOrigins(context.Background())
	if err != nil || len(got) != 5 {
		t.Fatalf("got %d origins, err %v", len(got), err)
	}
	gets := 0
	for _, r := range org.Requests() {
		if strings.HasPrefix(r.Path, "/api/v1/trustedOrigins") {
			gets++
		}
	}
	if gets != 3 {
		t.Fatalf("%d page requests, want 3", gets)
	}
}

func TestCustomClientIDFoundByListing(t *testing.T) {
	org := oktafake.New(oktafake.Options{Token: token, PageSize: 2})
	defer org.Close()
	for range 4 {
		org.AddApp(oktafake.Object{"label": "x", "settings": oktafake.Object{"oauthClient": oktafake.Object{"application_type": "web"}}})
	}
	org.AddApp(oktafake.Object{"label": "custom", "credentials": oktafake.Object{"oauthClient": oktafake.Object{"client_id": "something_from_somewhere"}},
		"settings": oktafake.Object{"oauthClient": oktafake.Object{"application_type": "web"}}})
	c, _ := client(t, org, nil)
	app, err := c.FindOIDCApp(context.Background(), "something_from_somewhere")
	if err != nil || app == nil || app.Str("label") != "custom" {
		t.Fatalf("app %v err %v", app, err)
	}
}

func TestRateLimitWaitsThenGivesUp(t *testing.T) {
	org := oktafake.New(oktafake.Options{Token: token})
	defer org.Close()
	org.Inject(oktafake.Fault{Prefix: "/trustedOrigins", Status: 429, Code: "E0000047", Times: 2})
	c, waits := client(t, org, nil)
	if _, err := c.TrustedOrigins(context.Background()); err != nil {
		t.Fatalf("two 429s then success: %v", err)
	}
	if len(*waits) != 2 || (*waits)[0] < time.Second || (*waits)[0] > 3*time.Second {
		t.Fatalf("waits %v: want two waits until X-Rate-Limit-Reset", *waits)
	}
	org.Inject(oktafake.Fault{Prefix: "/trustedOrigins", Status: 429, Code: "E0000047", Times: 10})
	_, err := c.TrustedOrigins(context.Background())
	if err == nil || !strings.Contains(err.Error(), "gave up after 4 attempts") || !strings.Contains(err.Error(), "E0000047") {
		t.Fatalf("want a give-up error, got %v", err)
	}
}

func TestTimeout(t *testing.T) {
	org := oktafake.New(oktafake.Options{Token: token})
	defer org.Close()
	org.Inject(oktafake.Fault{Prefix: "/apps", Hang: true})
	c, _ := client(t, org, func(c *oktaapi.Config) { c.Timeout = 200 * time.Millisecond })
	_, err := c.GetApp(context.Background(), "0oa1")
	if err == nil || !strings.Contains(err.Error(), "no answer within 200ms") {
		t.Fatalf("got %v", err)
	}
}

func TestErrorsByCode(t *testing.T) {
	org := oktafake.New(oktafake.Options{Token: token, NoAPIAM: true})
	defer org.Close()
	c, _ := client(t, org, nil)
	_, err := c.GetAuthServer(context.Background(), "default")
	if !oktaapi.IsNoAPIAM(err) || !strings.Contains(err.Error(), "authorizationServer: org") {
		t.Fatalf("E0000015: %v", err)
	}
	_, err = c.GetApp(context.Background(), "0oaNOPE")
	if !oktaapi.Is404(err) || !strings.Contains(err.Error(), "E0000007") {
		t.Fatalf("E0000007: %v", err)
	}
	bad, _ := client(t, org, func(c *oktaapi.Config) { c.Credential = oktaapi.APIToken("wrong-token") })
	_, err = bad.GetApp(context.Background(), "0oa1")
	if err == nil || !strings.Contains(err.Error(), "E0000011") || strings.Contains(err.Error(), "wrong-token") {
		t.Fatalf("E0000011: %v", err)
	}
	if s := fmt.Sprintf("%v %+v %#v", oktaapi.APIToken("tok-canary"), oktaapi.APIToken("tok-canary"), oktaapi.APIToken("tok-canary")); strings.Contains(s, "tok-canary") {
		t.Fatalf("credential printed: %s", s)
	}
}

func TestRefusesForeignNextLinkAndPlainHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Link", `<https://evil.example.com/api/v1/trustedOrigins?after=2>; rel="next"`)
		_, _ = w.Write([]byte("[]"))
	}))
	defer srv.Close()
	c, err := oktaapi.New(oktaapi.Config{BaseURL: srv.URL + "/api/v1", Credential: oktaapi.APIToken(token)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.TrustedOrigins(context.Background()); err == nil || !strings.Contains(err.Error(), "another host") {
		t.Fatalf("got %v", err)
	}
	if _, err := oktaapi.New(oktaapi.Config{BaseURL: "http://dev-1.okta.com/api/v1", Credential: oktaapi.APIToken(token)}); err == nil {
		t.Fatal("plain http to a non-loopback host must be refused")
	}
}

func TestTLSVerifiedAndCAFile(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("[]")) }))
	defer srv.Close()
	c, err := oktaapi.New(oktaapi.Config{BaseURL: srv.URL + "/api/v1", Credential: oktaapi.APIToken(token)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.TrustedOrigins(context.Background()); err == nil || !strings.Contains(err.Error(), "--ca-file") {
		t.Fatalf("an untrusted certificate must fail with a --ca-file hint, got %v", err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = oktaapi.New(oktaapi.Config{BaseURL: srv.URL + "/api/v1", Credential: oktaapi.APIToken(token), CAFile: ca})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.TrustedOrigins(context.Background()); err != nil {
		t.Fatalf("with --ca-file: %v", err)
	}
}

// Issue 19 finding 12: the wait is X-Rate-Limit-Reset − Date + 1 s from Okta's answer, whatever
// the local clock says (here a day behind), and a line is printed while waiting.
func TestRateLimitWaitUsesOktasClock(t *testing.T) {
	org := oktafake.New(oktafake.Options{Token: token})
	defer org.Close()
	okta := time.Now().Add(24 * time.Hour).Truncate(time.Second)
	org.Inject(oktafake.Fault{Prefix: "/trustedOrigins", Status: 429, Reset: okta.Add(7 * time.Second).Unix(), Date: okta})
	var progress strings.Builder
	c, waits := client(t, org, func(c *oktaapi.Config) {
		c.Now = func() time.Time { return okta.Add(-24 * time.Hour) }
		c.Progress = &progress
	})
	if _, err := c.TrustedOrigins(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(*waits) != 1 || (*waits)[0] != 8*time.Second || !strings.Contains(progress.String(), "waiting 8s") {
		t.Fatalf("waits %v, progress %q", *waits, progress.String())
	}
}
