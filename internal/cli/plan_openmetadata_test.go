package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omsso/omsso/internal/cli"
	"github.com/omsso/omsso/internal/omapi/omfake"
	"github.com/omsso/omsso/internal/upstream"
)

// Canaries: neither may appear in any output or file omsso writes.
const (
	canaryToken  = "eyJcanaryTOKEN-om-admin-pat-0123456789abcdef"
	canarySecret = "canarySECRET-okta-client-9876543210fedcba"
	botToken     = "eyJbot-token-ingestion-bot"
	publicID     = "0oa1abcd2EFGH3ijk4l5"
	confID       = "0oa9conf2EFGH3ijk4l5"
	oktaJWKS     = "https://dev-123456.okta.com/oauth2/default/v1/keys"
)

func schemaDir(t *testing.T) string {
	return upstream.Path(t, "openmetadata", "openmetadata-spec", "src", "main", "resources", "json", "schema")
}

func startOM(t *testing.T, o omfake.Options) *omfake.Server {
	t.Helper()
	if o.Version == "" {
		o.Version = "1.12.6"
	}
	if o.SchemaDir == "" {
		o.SchemaDir = schemaDir(t)
	}
	o.AdminToken, o.BotToken = canaryToken, botToken
	o.OktaJWKS = oktaJWKS
	if o.Clients == nil {
		o.Clients = map[string]string{publicID: "", confID: canarySecret}
	}
	s, err := omfake.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// settingsFile writes omsso settings; confidential clients read the secret from $OMSSO_TEST_SECRET.
func settingsFile(t *testing.T, dir string, confidential bool, version string, admins string) string {
	t.Helper()
	client := "clientId: " + publicID + ", clientType: public"
	if confidential {
		client = "clientId: " + confID + ", clientType: confidential, clientSecret: {env: OMSSO_TEST_SECRET}"
	}
	if admins == "" {
		admins = "[alice, bob]"
	}
	text := `openmetadata: {url: https://openmetadata.example.com, version: "` + version + `"}
okta: {domain: dev-123456.okta.com, authorizationServer: default, ` + client + `}
authorizer: {adminPrincipals: ` + admins + `, principalDomain: example.com}
authentication: {providerName: Okta}
`
	p := filepath.Join(dir, "omsso-"+strings.ReplaceAll(time.Now().Format("150405.000000000"), ".", "")+".yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func runOM(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.RunIO(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestOMSmoke(t *testing.T) {
	t.Setenv("OPENMETADATA_TOKEN", canaryToken)
	t.Setenv("OMSSO_TEST_SECRET", canarySecret)
	dir := t.TempDir()
	for _, conf := range []bool{false, true} {
		s := startOM(t, omfake.Options{})
		f := settingsFile(t, dir, conf, "1.12", "")
		code, out, errs := runOM(t, "", "plan", "-f", f, "--target", "openmetadata", "--openmetadata", s.URL)
		t.Logf("plan %d\n%s\n%s", code, out, errs)
		code, out, errs = runOM(t, "", "apply", "-f", f, "--target", "openmetadata", "--openmetadata", s.URL, "--auto-approve", "--backup-file", filepath.Join(dir, "b"+time.Now().Format("150405.000000000")+".json"))
		t.Logf("apply %d\n%s\n%s", code, out, errs)
	}
}
