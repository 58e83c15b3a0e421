package oktatf_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/omsso/omsso/internal/okta/desired"
	"github.com/omsso/omsso/internal/okta/oktaapi"
	"github.com/omsso/omsso/internal/okta/oktafake"
	"github.com/omsso/omsso/internal/okta/oktatf"
	"github.com/omsso/omsso/internal/settings"
)

var update = flag.Bool("update", false, "rewrite testdata/adopt-*")

type org struct {
	*oktafake.Org
	c   *oktaapi.Client
	ids map[string]string // placeholder -> id, to write the golden without random ids
}

func newOrg(t *testing.T) *org {
	t.Helper()
	o := oktafake.New(oktafake.Options{Token: "adopt-token"})
	t.Cleanup(o.Close)
	c, err := oktaapi.New(oktaapi.Config{BaseURL: o.URL + "/api/v1", Credential: oktaapi.APIToken("adopt-token")})
	if err != nil {
		t.Fatal(err)
	}
	return &org{Org: o, c: c, ids: map[string]string{}}
}

func (o *org) resolved(t *testing.T, server, clientID string) (*settings.Resolved, desired.State) {
	t.Helper()
	s := settings.Settings{}
	s.OpenMetadata.URL = "https://om.example.com"
	s.Okta.Issuer, s.Okta.ClientID = o.URL+"/oauth2/"+server, clientID
	s.Authorizer.AdminPrincipals, s.Authorizer.PrincipalDomain = []string{"alice"}, "example.com"
	r, err := settings.Resolve(s)
	if err != nil {
		t.Fatal(err)
	}
	return r, desired.For(r)
}

func rule(name string, grants ...any) oktafake.Object {
	return oktafake.Object{"name": name, "conditions": oktafake.Object{"grantTypes": oktafake.Object{"include": grants},
		"scopes": oktafake.Object{"include": []any{"openid", "profile", "email", "offline_access"}}, "people": oktafake.Object{"groups": oktafake.Object{"include": []any{"EVERYONE"}}}},
		"actions": oktafake.Object{"token": oktafake.Object{"accessTokenLifetimeMinutes": 30, "refreshTokenLifetimeMinutes": 0, "refreshTokenWindowMinutes": 10080}}}
}

// Against a fake org holding the app, a dedicated server with omsso's default scope, omsso's
// policy and rule, another team's policy, the trusted origin and a group assignment: every
// existing object is imported with the provider's id format, the other team's policy gets no
// block, the values omsso does not own stay, and the org is only read.
func TestAdoptExistingObjects(t *testing.T) {
	o := newOrg(t)
	as := o.AddServer(oktafake.Object{"name": "om-prod", "description": "OpenMetadata prod", "audiences": []any{"api://om"}, "issuerMode": "DYNAMIC",
		"credentials": oktafake.Object{"signing": oktafake.Object{"rotationMode": "AUTO"}}})
	app := o.AddApp(oktafake.Object{"label": "OM prod", "settings": oktafake.Object{"oauthClient": oktafake.Object{"application_type": "browser",
		"grant_types": []any{"authorization_code"}, "response_types": []any{"code"},
		"redirect_uris": []any{"https://om.example.com/callback", "https://old.example.com/callback"}}},
		"credentials": oktafake.Object{"oauthClient": oktafake.Object{"token_endpoint_auth_method": "none"}}})
	sc, err := o.c.CreateScope(context.Background(), as, oktaapi.Object{"name": "openmetadata", "description": "ours", "consent": "IMPLICIT", "metadataPublish": "NO_CLIENTS", "default": true})
	if err != nil {
		t.Fatal(err)
	}
	teamB := o.AddPolicy(as, oktafake.Object{"name": "Team B", "description": "B", "priority": 1, "conditions": oktafake.Object{"clients": oktafake.Object{"include": []any{"0oaTEAMB"}}}})
	o.AddRule(teamB, rule("B", "authorization_code", "implicit"))
	pol := o.AddPolicy(as, oktafake.Object{"name": "OpenMetadata", "description": "mine", "priority": 2, "conditions": oktafake.Object{"clients": oktafake.Object{"include": []any{app, "0oaOTHER"}}}})
	rl := o.AddRule(pol, rule("OpenMetadata", "authorization_code"))
	o.AddTrustedOrigin("https://om.example.com", "CORS")
	origin := o.Origins()[0]["id"].(string)
	grp := o.AddGroup("OpenMetadata Users")
	o.AssignGroupID(app, grp)
	o.ids = map[string]string{"<app_id>": app, "<auth_server_id>": as, "<scope_id>": sc.ID(), "<policy_id>": pol, "<policy_rule_id>": rl,
		"<trusted_origin_id>": origin, "<group_id>": grp, "<org>": strings.TrimPrefix(o.URL, "http://")}
	before := len(o.Requests())

	files := o.adopt(t, as, app, []string{"OpenMetadata Users", "Data Stewards"})
	wantImports := map[string]string{
		"okta_app_oauth.openmetadata":                  app,
		"okta_auth_server.openmetadata":                as,
		"okta_auth_server_scope.openmetadata":          as + "/" + sc.ID(),
		"okta_auth_server_policy.openmetadata":         as + "/" + pol,
		"okta_auth_server_policy_rule.openmetadata":    as + "/" + pol + "/" + rl,
		"okta_trusted_origin.openmetadata":             origin,
		"okta_app_group_assignment.openmetadata_users": app + "/" + grp,
	}
	checkImports(t, files, wantImports)
	// Data Stewards is not added: the app has an assignment already (the rule of apply --target okta).
	checkResources(t, files, []string{"data.okta_auth_server.openmetadata", "data.okta_group.openmetadata_users",
		"okta_app_group_assignment.openmetadata_users", "okta_app_oauth.openmetadata", "okta_auth_server.openmetadata",
		"okta_auth_server_policy.openmetadata", "okta_auth_server_policy_rule.openmetadata", "okta_auth_server_scope.openmetadata", "okta_trusted_origin.openmetadata"})
	if strings.Contains(string(files["main.tf"]), teamB) {
		t.Errorf("another team's policy is referenced:\n%s", files["main.tf"])
	}
	for _, r := range o.Requests()[before:] {
		if r.Method != "GET" {
			t.Errorf("adoption wrote to the org: %s %s", r.Method, r.Path)
		}
	}
	o.golden(t, "adopt-dedicated", files)
}

// A policy another team owns that already lets the client get tokens is read with a data
// source: no policy or rule of omsso's, no import of theirs.
func TestAdoptSharedPolicy(t *testing.T) {
	o := newOrg(t)
	def := o.DefaultServerID()
	app := o.AddApp(oktafake.Object{"label": "OM", "settings": oktafake.Object{"oauthClient": oktafake.Object{"application_type": "browser",
		"grant_types": []any{"authorization_code", "refresh_token", "implicit"}, "response_types": []any{"code", "id_token", "token"},
		"redirect_uris": []any{"https://om.example.com/callback", "https://om.example.com/silent-callback"}}},
		"credentials": oktafake.Object{"oauthClient": oktafake.Object{"token_endpoint_auth_method": "none"}}})
	shared := o.AddPolicy(def, oktafake.Object{"name": "Default Policy", "description": "all", "conditions": oktafake.Object{"clients": oktafake.Object{"include": []any{"ALL_CLIENTS"}}}})
	o.AddRule(shared, rule("Default Rule", "authorization_code", "implicit", "client_credentials"))
	o.ids = map[string]string{"<app_id>": app, "<auth_server_id>": def, "<org>": strings.TrimPrefix(o.URL, "http://")}
	files := o.adopt(t, "default", app, nil)
	checkImports(t, files, map[string]string{"okta_app_oauth.openmetadata": app, "okta_auth_server_default.default": def})
	checkResources(t, files, []string{"data.okta_auth_server.default", "data.okta_auth_server_policy.shared", "okta_app_oauth.openmetadata",
		"okta_auth_server_default.default", "okta_trusted_origin.openmetadata"})
	o.golden(t, "adopt-shared-policy", files)
}

func (o *org) adopt(t *testing.T, server, app string, groups []string) map[string][]byte {
	t.Helper()
	r, d := o.resolved(t, server, app)
	live, err := oktatf.Read(context.Background(), o.c, d, groups)
	if err != nil {
		t.Fatal(err)
	}
	out, err := oktatf.Render(oktatf.Build(oktatf.Input{R: r, D: d, Groups: groups, Live: live}), "Generated by omsso (test)")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range out {
		files[f.Name] = f.Data
	}
	return files
}

// blocks parses a file and returns its top-level blocks.
func blocks(t *testing.T, data []byte) hclsyntax.Blocks {
	t.Helper()
	f, diags := hclsyntax.ParseConfig(data, "x.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return f.Body.(*hclsyntax.Body).Blocks
}

func checkImports(t *testing.T, files map[string][]byte, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, b := range blocks(t, files["imports.tf"]) {
		to := b.Body.Attributes["to"].Expr.Variables()[0]
		id, _ := b.Body.Attributes["id"].Expr.Value(nil)
		got[to.RootName()+"."+to[1].(hcl.TraverseAttr).Name] = id.AsString()
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("import %s: id %q, want %q", k, got[k], v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected import of %s", k)
		}
	}
}

func checkResources(t *testing.T, files map[string][]byte, want []string) {
	t.Helper()
	var got []string
	for _, b := range blocks(t, files["main.tf"]) {
		switch b.Type {
		case "resource":
			got = append(got, b.Labels[0]+"."+b.Labels[1])
		case "data":
			got = append(got, "data."+b.Labels[0]+"."+b.Labels[1])
		}
	}
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Errorf("blocks %v\nwant %v", got, want)
	}
}

// golden compares the files, ids replaced by their placeholders, with testdata/<name>.
func (o *org) golden(t *testing.T, name string, files map[string][]byte) {
	t.Helper()
	var pairs []string
	for k, v := range o.ids {
		pairs = append(pairs, v, k)
	}
	rep := strings.NewReplacer(pairs...)
	for f, data := range files {
		path := filepath.Join("testdata", name, f)
		got := rep.Replace(string(data))
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test ./internal/okta/oktatf -update, then read the diff)", err)
		}
		if string(want) != got {
			t.Errorf("%s differs:\n--- want\n%s\n--- got\n%s", path, want, got)
		}
	}
}

// The rule of apply --target okta holds for the code: omsso sets the issuer mode and adds its
// default scope only on a server whose one audience is the client ID; a shared server (or one
// not read, without --adopt) keeps its own mode and gets no default scope.
func TestSharedServerKeepsIssuerMode(t *testing.T) {
	for _, c := range []struct {
		name      string
		audience  func(app string) []any
		adopt     bool
		wantMode  string
		wantScope bool
	}{
		{"dedicated, adopted", func(app string) []any { return []any{app} }, true, `issuer_mode               = "ORG_URL"`, true},
		{"shared, adopted", func(string) []any { return []any{"api://other-team"} }, true, `issuer_mode               = data.okta_auth_server.openmetadata.issuer_mode`, false},
		{"not read", func(app string) []any { return []any{app} }, false, `issuer_mode               = data.okta_auth_server.openmetadata.issuer_mode`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := newOrg(t)
			app := o.AddApp(oktafake.Object{"label": "OM", "settings": oktafake.Object{"oauthClient": oktafake.Object{"application_type": "browser",
				"grant_types": []any{"authorization_code"}, "response_types": []any{"code"}, "redirect_uris": []any{"https://om.example.com/callback"}}},
				"credentials": oktafake.Object{"oauthClient": oktafake.Object{"token_endpoint_auth_method": "none"}}})
			as := o.AddServer(oktafake.Object{"name": "om", "audiences": c.audience(app), "issuerMode": "DYNAMIC",
				"credentials": oktafake.Object{"signing": oktafake.Object{"rotationMode": "AUTO"}}})
			var files map[string][]byte
			if c.adopt {
				files = o.adopt(t, as, app, nil)
			} else {
				r, d := o.resolved(t, as, app)
				out, err := oktatf.Render(oktatf.Build(oktatf.Input{R: r, D: d}), "test")
				if err != nil {
					t.Fatal(err)
				}
				files = map[string][]byte{}
				for _, f := range out {
					files[f.Name] = f.Data
				}
			}
			main := string(files["main.tf"])
			if !strings.Contains(main, c.wantMode) {
				t.Errorf("main.tf lacks %s:\n%s", c.wantMode, main)
			}
			if strings.Contains(main, "setunion(") {
				t.Errorf("main.tf widens the server's audiences:\n%s", main)
			}
			if got := strings.Contains(main, `resource "okta_auth_server_scope" "openmetadata"`); got != c.wantScope {
				t.Errorf("default scope resource: %v, want %v:\n%s", got, c.wantScope, main)
			}
		})
	}
}
