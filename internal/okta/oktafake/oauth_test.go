package oktafake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// oauthOrg is an org with a web app on the default server, assigned to Everyone, and a policy
// and rule for it.
func oauthOrg(t *testing.T, grants []string, ruleGrants []string) (*Org, string, string) {
	t.Helper()
	o := New(Options{})
	t.Cleanup(o.Close)
	o.EnableOAuth(User{Login: "alice@example.com", Email: "alice@example.com", Name: "Alice"})
	gt := []any{}
	for _, g := range grants {
		gt = append(gt, g)
	}
	id := o.AddApp(Object{"label": "OM", "settings": Object{"oauthClient": Object{"application_type": "web", "grant_types": gt,
		"response_types": []any{"code"}, "redirect_uris": []any{"http://127.0.0.1:9/callback"}}},
		"credentials": Object{"oauthClient": Object{"token_endpoint_auth_method": "client_secret_post"}}})
	o.AssignGroup(id)
	as := o.DefaultServerID()
	pid := o.AddPolicy(as, Object{"name": "p", "status": "ACTIVE", "priority": 1, "conditions": Object{"clients": Object{"include": []any{id}}}})
	rg := []any{}
	for _, g := range ruleGrants {
		rg = append(rg, g)
	}
	o.AddRule(pid, Object{"name": "r", "status": "ACTIVE", "priority": 1, "conditions": Object{"grantTypes": Object{"include": rg},
		"scopes": Object{"include": []any{"*"}}, "people": Object{"groups": Object{"include": []any{"EVERYONE"}}}}})
	return o, id, o.Secret(id)
}

var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// signIn walks authorize → sign-in page → callback and returns the final redirect's query.
func signIn(t *testing.T, o *Org, issuer, clientID, scope, user string) url.Values {
	t.Helper()
	q := url.Values{"client_id": {clientID}, "response_type": {"code"}, "scope": {scope}, "redirect_uri": {"http://127.0.0.1:9/callback"}, "state": {"s1"}, "nonce": {"n1"}}
	resp, err := noFollow.Get(issuer + "/v1/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if loc == nil || !strings.Contains(loc.Path, "fake-login") {
		return loc.Query()
	}
	resp, err = noFollow.PostForm(o.URL+loginPath, url.Values{"id": {loc.Query().Get("id")}, "username": {user}})
	if err != nil {
		t.Fatal(err)
	}
	for resp.StatusCode == http.StatusFound || resp.StatusCode == http.StatusSeeOther {
		loc, _ = url.Parse(resp.Header.Get("Location"))
		if loc.Host == "127.0.0.1:9" {
			return loc.Query()
		}
		if resp, err = noFollow.Get(loc.String()); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := io.ReadAll(resp.Body)
	t.Fatalf("sign-in ended with %d: %s", resp.StatusCode, b)
	return nil
}

func TestOAuthConfidentialCodeExchange(t *testing.T) {
	o, id, secret := oauthOrg(t, []string{"authorization_code", "refresh_token"}, []string{"authorization_code"})
	issuer := o.URL + "/oauth2/default"
	got := signIn(t, o, issuer, id, "openid email profile", "alice@example.com")
	if got.Get("code") == "" || got.Get("state") != "s1" {
		t.Fatalf("no code: %v", got)
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {got.Get("code")}, "redirect_uri": {"http://127.0.0.1:9/callback"}, "client_id": {id}, "client_secret": {secret}}
	resp, err := http.PostForm(issuer+"/v1/token", form)
	if err != nil {
		t.Fatal(err)
	}
	var tok map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	if resp.StatusCode != 200 || tok["id_token"] == nil {
		t.Fatalf("token: %d %v", resp.StatusCode, tok)
	}
	form.Set("client_secret", "wrong")
	resp, _ = http.PostForm(issuer+"/v1/token", form)
	if resp.StatusCode == 200 {
		t.Fatal("a wrong secret got tokens")
	}
}

func TestOAuthRefusals(t *testing.T) {
	o, id, _ := oauthOrg(t, []string{"authorization_code"}, []string{"implicit"})
	issuer := o.URL + "/oauth2/default"
	if q := signIn(t, o, issuer, id, "openid email", "alice@example.com"); !strings.Contains(q.Get("error_description"), "Policy evaluation failed") {
		t.Fatalf("rule without authorization_code: %v", q)
	}
	if q := signIn(t, o, issuer, id, "openid offline_access", "alice@example.com"); q.Get("error") != "invalid_scope" {
		t.Fatalf("offline_access without the refresh grant: %v", q)
	}
	o2, id2, _ := oauthOrg(t, []string{"authorization_code"}, []string{"authorization_code"})
	o2.mu.Lock()
	o2.assign[id2] = nil
	o2.mu.Unlock()
	if q := signIn(t, o2, o2.URL+"/oauth2/default", id2, "openid email", "alice@example.com"); !strings.Contains(q.Get("error_description"), "not assigned") {
		t.Fatalf("unassigned: %v", q)
	}
}
