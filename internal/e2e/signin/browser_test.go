package signin

// The browser side: headless Debian Chromium driven by chromedp, and a small page on the
// OpenMetadata URL's origin that signs in the way OpenMetadata's UI does. The UI's Okta setup
// is modelled from open-metadata/OpenMetadata
//   openmetadata-ui/src/main/resources/ui/src/components/Auth/AuthProviders/OktaAuthProvider.tsx
//     @ 04605f8e5a1c3902785d26fd6e983889229d6f61 (new OktaAuth({clientId, issuer, redirectUri,
//     scopes, pkce, tokenManager, cookies, services}), signInWithRedirect, then on the callback
//     the Security component's redirect handling and getUser())
//   openmetadata-ui/src/main/resources/ui/src/utils/AuthProvider.util.ts (getAuthConfig, Okta
//     case; OKTA-FACTS §0 names 01450e13): clientId, issuer = authority, redirectUri =
//     callbackUrl (else origin + /callback), scopes openid profile email offline_access, pkce true.
// okta-auth-js itself is the npm package pinned in package.json/package-lock.json here.

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// skipLogEnv names a file to which each skipped browser test appends its name, so that make
// test can say in one line what it skipped.
const skipLogEnv = "OMSSO_BROWSER_SKIPLOG"

// need fails under CI=true and skips visibly elsewhere (noting the skip in $OMSSO_BROWSER_SKIPLOG).
func need(t *testing.T, ok bool, msg string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	if log := os.Getenv(skipLogEnv); log != "" {
		if f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintln(f, t.Name())
			_ = f.Close()
		}
	}
	t.Skip(msg)
}

// prerequisites are Chromium ($OMSSO_CHROMIUM, else /usr/bin/chromium) and okta-auth-js's
// browser bundle from `npm ci` in this folder.
func prerequisites(t *testing.T) (chromium, bundle string) {
	t.Helper()
	if testing.Short() {
		t.Skip("the browser sign-in runs in the full tier (not with -short)")
	}
	chromium = os.Getenv("OMSSO_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	_, err := os.Stat(chromium)
	need(t, err == nil, "Chromium not found at "+chromium+"; apt-get install chromium (or set OMSSO_CHROMIUM); .ci/run installs it")
	bundle, _ = filepath.Abs(filepath.Join("node_modules", "@okta", "okta-auth-js", "dist", "okta-auth-js.min.js"))
	_, err = os.Stat(bundle)
	need(t, err == nil, "okta-auth-js not installed; run npm ci in internal/e2e/signin; .ci/run does")
	return chromium, bundle
}

// browser starts one headless Chromium for the test, with the flags root needs in a container.
func browser(t *testing.T, chromium string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir())}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("starting Chromium: %v", err)
	}
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

// page is OpenMetadata's origin: it serves the UI's sign-in page with the auth config the
// server would serve at /api/v1/system/config/auth.
type page struct {
	URL    string // http://localhost:port
	bundle string
	mu     sync.Mutex
	config []byte // the served auth config (JSON)
}

func newPage(t *testing.T, bundle string) *page {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &page{URL: fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port), bundle: bundle}
	srv := &http.Server{Handler: http.HandlerFunc(p.serve), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return p
}

func (p *page) serve(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/okta-auth-js.min.js":
		http.ServeFile(w, r, p.bundle)
	case "/api/v1/system/config/auth":
		p.mu.Lock()
		defer p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(p.config)
	default: // /signin and /callback: the UI's single page
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(uiPage))
	}
}

// uiPage fetches the served auth config, builds the Okta client as getAuthConfig and
// OktaAuthProvider do, and either starts the sign-in or completes it on the callback (token
// exchange with PKCE, the ID token's verification by okta-auth-js, getUser through
// /userinfo), leaving the outcome in window.__omsso and the title.
const uiPage = `<!doctype html><title>loading</title>
<script src="/okta-auth-js.min.js"></script>
<script>
(async () => {
  const done = (title, result) => { window.__omsso = result; document.title = title; };
  try {
    const authConfig = await (await fetch('/api/v1/system/config/auth')).json();
    const Okta = window.OktaAuth.OktaAuth || window.OktaAuth;
    const oktaAuth = new Okta({
      clientId: authConfig.clientId,
      issuer: authConfig.authority,
      redirectUri: authConfig.callbackUrl || (window.location.origin + '/callback'),
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      pkce: true,
      tokenManager: {autoRenew: true, storage: 'memory', syncStorage: true, expireEarlySeconds: 60, secure: true},
      cookies: {secure: true, sameSite: 'lax'},
      services: {autoRenew: true, renewOnTabActivation: true, tabInactivityDuration: 3600},
    });
    if (oktaAuth.isLoginRedirect()) {
      const {tokens} = await oktaAuth.token.parseFromUrl();
      oktaAuth.tokenManager.setTokens(tokens);
      const info = await oktaAuth.getUser();
      done('signed-in', {idToken: tokens.idToken.idToken, refreshToken: !!tokens.refreshToken, email: info.email || ''});
    } else {
      await oktaAuth.signInWithRedirect();
    }
  } catch (e) {
    done('failed', {error: String((e && (e.errorSummary || e.message)) || e)});
  }
})();
</script>`

// outcome is what the page ended with. The ID token stays in memory: never printed.
type outcome struct {
	IDToken      string `json:"idToken"`
	RefreshToken bool   `json:"refreshToken"`
	Email        string `json:"email"`
	Error        string `json:"error"`
	IdPError     string // the IdP refused before any redirect back (its page's text)
}

// signIn opens the UI in a fresh browser context, signs user in on the IdP's page and returns
// the outcome.
func signIn(t *testing.T, bctx context.Context, p *page, config []byte, user string) outcome {
	t.Helper()
	p.mu.Lock()
	p.config = config
	p.mu.Unlock()
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	// settled: the UI finished (signed in or failed), or a page of the IdP shows (the
	// sign-in form, or an error the IdP shows itself).
	const settled = `(location.host.indexOf('localhost') === 0 && (document.title === 'signed-in' || document.title === 'failed')) ||
	  (location.host.indexOf('localhost') !== 0 && document.readyState === 'complete')`
	err := chromedp.Do(ctx, chromedp.Navigate(p.URL+"/signin"))
	if err == nil {
		err = waitFor(ctx, settled)
	}
	if err != nil {
		t.Fatalf("opening the sign-in: %v", err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(loc, "fake-login") {
		err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#okta-signin-username"), user), chromedp.Click(chromedp.CSS("#okta-signin-submit")))
		if err == nil {
			err = waitFor(ctx, `(`+settled+`) && !document.querySelector('#okta-signin-username')`)
		}
		if err != nil {
			t.Fatalf("signing in: %v", err)
		}
	}
	var out outcome
	if loc, err = chromedp.Run(ctx, chromedp.Location()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(loc, p.URL) {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
		out.IdPError = strings.TrimSpace(text)
		return out
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.__omsso)`))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		t.Fatal("the page's outcome is not JSON")
	}
	return out
}

// waitFor evaluates a predicate until it holds. Pages navigate meanwhile (the redirects of a
// sign-in), so an evaluation that fails for that is retried; the context bounds the wait.
func waitFor(ctx context.Context, predicate string) error {
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](predicate))
		if err == nil && ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the page: %w (last evaluation: %v)", ctx.Err(), err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
