package cli

import (
	"fmt"
	"os"
	"testing"

	"github.com/omsso/omsso/internal/okta/oktafake"
)

// sink catches every request the package's tests make to a host that is not loopback: the
// proxy variables point at it before any client reads them. A test that expects omsso not to
// contact a host checks sink.Hosts(); a credential reaching it fails the whole package.
var sink *oktafake.Sink

func TestMain(m *testing.M) {
	sink = oktafake.NewSink()
	for _, v := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"} {
		os.Setenv(v, sink.URL)
	}
	os.Unsetenv("NO_PROXY")
	os.Unsetenv("no_proxy")
	code := m.Run()
	for _, r := range sink.Seen() {
		if r.HadAuth {
			fmt.Fprintf(os.Stderr, "FAIL: a request with an Authorization header (%s) left for %s\n", r.AuthScheme, r.Host)
			code = 1
		}
	}
	sink.Close()
	os.Exit(code)
}
