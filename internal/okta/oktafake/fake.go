// Package oktafake is a stateful fake Okta org for tests, served on 127.0.0.1 by httptest. It
// answers the Management API calls omsso makes plus OIDC discovery and keys, with the shapes
// recorded in OKTA-API-FACTS.md and OKTA-API-WRITES.md: create app → 200 with a generated
// 0oa… client ID and a 64-character secret, PUT replaces, policies and rules with priorities,
// trusted origins, group assignment by PUT, Link paging, 429 with X-Rate-Limit-Reset, E0000011,
// E0000006, E0000015, E0000007, a hanging call, and Classic vs Identity Engine.
package oktafake

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options shape the org.
type Options struct {
	Token       string // accepted as SSWS {Token}
	AccessToken string // accepted as Bearer {AccessToken}
	// ReadOnlyToken is accepted for GETs only; writes answer 403 E0000006 (a read-only admin).
	ReadOnlyToken string
	Classic       bool   // pipeline v1: no consent_method in app answers
	NoAPIAM       bool   // no API Access Management: /authorizationServers answers 401 E0000015
	CustomDomain  string // e.g. login.example.com: CUSTOM_URL issuers use https://{it}
	PageSize      int    // list page size (default 2, so every list of 3+ pages)
	// DefaultIssuerMode of the pre-created default server (default DYNAMIC, as recorded).
	DefaultIssuerMode string
}

// Request is one request the fake saw (for canary checks: the Authorization header is kept
// only as its scheme).
type Request struct {
	Method, Path, AuthScheme string
	Body                     string
}

// Org is the fake.
type Org struct {
	*httptest.Server
	opts Options

	mu       sync.Mutex
	apps     []Object
	secrets  map[string]string   // app id -> client secret
	assign   map[string][]Object // app id -> group assignments
	users    map[string][]Object // app id -> user assignments (see assign.go)
	groups   []Object
	servers  []Object
	scopes   map[string][]Object
	policies map[string][]Object
	rules    map[string][]Object // policy id -> rules
	origins  []Object
	requests []Request
	// faults: consumed in order by matching requests.
	faults []Fault
	oauth  *oauth // Okta's OAuth endpoints, when EnableOAuth turned them on (oauth.go)
}

// Object is a JSON object.
type Object = map[string]any

// Fault makes one matching request fail (or hang).
type Fault struct {
	Method string // "" = any
	Prefix string // path prefix under /api/v1, e.g. "/authorizationServers"
	Status int    // e.g. 429, 500
	Code   string // errorCode
	Hang   bool   // never answer (until the client gives up)
	Times  int    // how many requests it hits (default 1)
	// Summary replaces the errorSummary (a hostile or echoing server).
	Summary string
	// Raw, when set, is the whole body, sent with ContentType (a proxy's HTML page).
	Raw, ContentType string
	// Location is sent with a 3xx Status (a redirect).
	Location string
	// Reset and Date set X-Rate-Limit-Reset (epoch seconds) and Date on a 429, to model
	// Okta's clock apart from the client's.
	Reset int64
	Date  time.Time
	// After runs the request normally first, then answers with the fault (a write stored
	// whose answer is lost).
	After bool
}

// New starts a fake org.
func New(opts Options) *Org {
	if opts.PageSize <= 0 {
		opts.PageSize = 2
	}
	if opts.DefaultIssuerMode == "" {
		opts.DefaultIssuerMode = "DYNAMIC"
	}
	o := &Org{opts: opts, secrets: map[string]string{}, assign: map[string][]Object{}, users: map[string][]Object{},
		scopes: map[string][]Object{}, policies: map[string][]Object{}, rules: map[string][]Object{}}
	o.groups = []Object{{"id": newID("00g"), "type": "BUILT_IN", "profile": Object{"name": "Everyone", "description": "All users in your organization"}}}
	o.Server = httptest.NewServer(http.HandlerFunc(o.serve))
	if !opts.NoAPIAM {
		def := Object{"id": newID("aus"), "name": "default", "description": "Default Authorization Server for your Applications",
			"audiences": []any{"api://default"}, "issuerMode": opts.DefaultIssuerMode, "status": "ACTIVE", "default": true,
			"credentials": Object{"signing": Object{"rotationMode": "AUTO", "kid": "fakekid-default"}}}
		o.servers = append(o.servers, def)
		o.scopes[def["id"].(string)] = systemScopes()
	}
	return o
}

// Inject queues faults.
func (o *Org) Inject(f ...Fault) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, x := range f {
		if x.Times == 0 {
			x.Times = 1
		}
		o.faults = append(o.faults, x)
	}
}

// ClearFaults drops the faults not yet consumed.
func (o *Org) ClearFaults() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.faults = nil
}

// Requests returns what the fake saw.
func (o *Org) Requests() []Request {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.requests)
}

// Secret returns an app's current client secret (tests compare it before and after).
func (o *Org) Secret(appID string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.secrets[appID]
}

// Domain is host:port of the fake.
func (o *Org) Domain() string { u, _ := url.Parse(o.URL); return u.Host }

// AddApp seeds an app (a JSON object as Okta returns it; id, client_id and defaults are
// filled in) and returns its id. A secret is generated for secret-based methods.
func (o *Org) AddApp(app Object) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	app = clone(app)
	id, _ := app["id"].(string)
	if id == "" {
		id = newID("0oa")
	}
	app["id"] = id
	app["name"] = "oidc_client"
	app["signOnMode"] = "OPENID_CONNECT"
	if app["status"] == nil {
		app["status"] = "ACTIVE"
	}
	cr := sub(app, "credentials", "oauthClient")
	if cr["client_id"] == nil {
		cr["client_id"] = id
	}
	if m, _ := cr["token_endpoint_auth_method"].(string); m != "none" {
		o.secrets[id] = randString(64)
	}
	delete(cr, "client_secret")
	o.fillApp(app)
	o.apps = append(o.apps, app)
	return id
}

// AssignGroup seeds a group assignment.
func (o *Org) AssignGroup(appID string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.assign[appID] = append(o.assign[appID], Object{"id": o.groups[0]["id"], "priority": 0, "profile": Object{}})
}

// AddServer seeds a custom authorization server and returns its id.
func (o *Org) AddServer(as Object) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	as = clone(as)
	id := newID("aus")
	as["id"], as["status"], as["default"] = id, "ACTIVE", false
	if as["issuerMode"] == nil {
		as["issuerMode"] = "ORG_URL"
	}
	o.servers = append(o.servers, as)
	o.scopes[id] = systemScopes()
	return id
}

// DefaultServerID is the id of the pre-created default server.
func (o *Org) DefaultServerID() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, s := range o.servers {
		if s["default"] == true {
			return s["id"].(string)
		}
	}
	return ""
}

// AddPolicy seeds an access policy on a server and returns its id.
func (o *Org) AddPolicy(asID string, p Object) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	p = clone(p)
	id := newID("00p")
	p["id"], p["type"] = id, "OAUTH_AUTHORIZATION_POLICY"
	if p["status"] == nil {
		p["status"] = "ACTIVE"
	}
	if p["priority"] == nil {
		p["priority"] = len(o.policies[asID]) + 1
	}
	o.policies[asID] = append(o.policies[asID], p)
	return id
}

// AddRule seeds a rule on a policy.
func (o *Org) AddRule(policyID string, r Object) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	r = clone(r)
	id := newID("0pr")
	r["id"], r["type"] = id, "RESOURCE_ACCESS"
	if r["status"] == nil {
		r["status"] = "ACTIVE"
	}
	if r["priority"] == nil {
		r["priority"] = len(o.rules[policyID]) + 1
	}
	o.rules[policyID] = append(o.rules[policyID], r)
	return id
}

// AddTrustedOrigin seeds a trusted origin.
func (o *Org) AddTrustedOrigin(origin string, scopes ...string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var sc []any
	for _, s := range scopes {
		sc = append(sc, Object{"type": s})
	}
	o.origins = append(o.origins, Object{"id": newID("tos"), "name": origin, "origin": origin, "scopes": sc, "status": "ACTIVE"})
}

// App returns a copy of an app as GET shows it, or nil.
func (o *Org) App(id string) Object {
	o.mu.Lock()
	defer o.mu.Unlock()
	if a := o.findApp(id); a != nil {
		return o.appView(a, false)
	}
	return nil
}

// Apps returns copies of every app.
func (o *Org) Apps() []Object {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []Object
	for _, a := range o.apps {
		out = append(out, o.appView(a, false))
	}
	return out
}

// AuthServer returns a copy of a server by id or "default".
func (o *Org) AuthServer(id string) Object {
	o.mu.Lock()
	defer o.mu.Unlock()
	if s := o.findServer(id); s != nil {
		return clone(s)
	}
	return nil
}

// PoliciesOf returns copies of a server's policies.
func (o *Org) PoliciesOf(asID string) []Object {
	o.mu.Lock()
	defer o.mu.Unlock()
	if s := o.findServer(asID); s != nil {
		asID = s["id"].(string)
	}
	var out []Object
	for _, p := range o.policies[asID] {
		out = append(out, clone(p))
	}
	return out
}

// RulesOf returns copies of a policy's rules.
func (o *Org) RulesOf(policyID string) []Object {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []Object
	for _, r := range o.rules[policyID] {
		out = append(out, clone(r))
	}
	return out
}

// Origins returns copies of the trusted origins.
func (o *Org) Origins() []Object {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []Object
	for _, t := range o.origins {
		out = append(out, clone(t))
	}
	return out
}

// Assignments returns an app's group assignments.
func (o *Org) Assignments(appID string) []Object {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.assign[appID])
}

// ---------------------------------------------------------------------------------------

type apiErr struct {
	status        int
	code, summary string
	causes        []string
}

func errf(status int, code, summary string, causes ...string) *apiErr {
	return &apiErr{status, code, summary, causes}
}

func (o *Org) write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Okta-Request-Id", "fake-"+randString(8))
	w.Header().Set("X-Rate-Limit-Limit", "600")
	w.Header().Set("X-Rate-Limit-Remaining", "599")
	w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(time.Now().Add(time.Minute).Unix(), 10))
	w.WriteHeader(status)
	if v != nil {
		_ = json.NewEncoder(w).Encode(v) // the client may be gone; nothing to tell it
	}
}

func (o *Org) fail(w http.ResponseWriter, e *apiErr) {
	causes := []any{}
	for _, c := range e.causes {
		causes = append(causes, Object{"errorSummary": c})
	}
	body := Object{"errorCode": e.code, "errorSummary": e.summary, "errorLink": e.code, "errorId": "oae" + randString(17), "errorCauses": causes}
	if e.status == http.StatusTooManyRequests {
		w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(time.Now().Add(time.Second).Unix(), 10))
		w.Header().Set("X-Rate-Limit-Limit", "0")
		w.Header().Set("X-Rate-Limit-Remaining", "0")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(e.status)
		_ = json.NewEncoder(w).Encode(body) // the client may be gone; nothing to tell it
		return
	}
	o.write(w, e.status, body)
}

func (o *Org) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	r.Body = io.NopCloser(bytes.NewReader(body)) // the OAuth endpoints read forms (oauth.go)
	scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	o.mu.Lock()
	o.requests = append(o.requests, Request{Method: r.Method, Path: r.URL.RequestURI(), AuthScheme: scheme, Body: string(body)})
	o.mu.Unlock()
	if err != nil {
		o.fail(w, errf(400, "E0000003", "The request body was not well-formed."))
		return
	}

	p := r.URL.Path
	switch {
	case p == "/.well-known/okta-organization":
		o.org(w)
		return
	case strings.HasPrefix(p, "/.well-known/") || strings.HasPrefix(p, "/oauth2/"):
		if a := o.oauthOn(); a != nil {
			a.serve(w, r)
			return
		}
		o.oidc(w, r)
		return
	case !strings.HasPrefix(p, "/api/v1/"):
		o.fail(w, errf(404, "E0000022", "The endpoint does not support the provided HTTP method"))
		return
	}
	p = strings.TrimPrefix(p, "/api/v1")
	if f, ok := o.takeFault(r.Method, p); ok {
		if f.After {
			o.serveAPI(httptest.NewRecorder(), r, p, body)
		}
		o.serveFault(w, r, f)
		return
	}
	o.serveAPI(w, r, p, body)
}

// serveFault answers with a queued fault.
func (o *Org) serveFault(w http.ResponseWriter, r *http.Request, f Fault) {
	switch {
	case f.Hang:
		<-r.Context().Done()
	case f.Raw != "" || f.Location != "":
		if f.ContentType != "" {
			w.Header().Set("Content-Type", f.ContentType)
		}
		if f.Location != "" {
			w.Header().Set("Location", f.Location)
		}
		w.WriteHeader(f.Status)
		_, _ = io.WriteString(w, f.Raw) // the client may be gone; nothing to tell it
	case f.Status == http.StatusTooManyRequests && f.Reset != 0:
		w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(f.Reset, 10))
		w.Header().Set("Date", f.Date.UTC().Format(http.TimeFormat))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.Status)
		_ = json.NewEncoder(w).Encode(Object{"errorCode": "E0000047", "errorSummary": summaryOf("E0000047")})
	default:
		sum := summaryOf(f.Code)
		if f.Summary != "" {
			sum = f.Summary
		}
		o.fail(w, errf(f.Status, f.Code, sum))
	}
}

// serveAPI answers one authenticated Management API call.
func (o *Org) serveAPI(w http.ResponseWriter, r *http.Request, p string, body []byte) {
	if e := o.auth(r); e != nil {
		o.fail(w, e)
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	var in Object
	if len(body) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			o.fail(w, errf(400, "E0000003", "The request body was not well-formed."))
			return
		}
	}
	status, out, e := o.route(r, p, in)
	if e != nil {
		o.fail(w, e)
		return
	}
	if list, ok := out.([]Object); ok {
		o.page(w, r, list)
		return
	}
	o.write(w, status, out)
}

func summaryOf(code string) string {
	switch code {
	case "E0000047":
		return "API call exceeded rate limit due to too many requests."
	case "E0000011":
		return "Invalid token provided"
	case "E0000006":
		return "You do not have permission to perform the requested action"
	case "E0000015":
		return "You do not have permission to access the feature you are requesting"
	case "E0000009":
		return "Internal Server Error"
	}
	return "Error"
}

func (o *Org) takeFault(method, p string) (Fault, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i, f := range o.faults {
		if (f.Method == "" || f.Method == method) && strings.HasPrefix(p, f.Prefix) {
			o.faults[i].Times--
			if o.faults[i].Times <= 0 {
				o.faults = slices.Delete(o.faults, i, i+1)
			}
			return f, true
		}
	}
	return Fault{}, false
}

func (o *Org) auth(r *http.Request) *apiErr {
	h := r.Header.Get("Authorization")
	switch {
	case o.opts.Token != "" && h == "SSWS "+o.opts.Token, o.opts.AccessToken != "" && h == "Bearer "+o.opts.AccessToken:
		return nil
	case o.opts.ReadOnlyToken != "" && h == "SSWS "+o.opts.ReadOnlyToken:
		if r.Method == http.MethodGet {
			return nil
		}
		return errf(403, "E0000006", "You do not have permission to perform the requested action")
	}
	return errf(401, "E0000011", "Invalid token provided")
}

// page serves a list with cursor paging and Link headers, as Okta does.
func (o *Org) page(w http.ResponseWriter, r *http.Request, list []Object) {
	start, _ := strconv.Atoi(r.URL.Query().Get("after"))
	if start > len(list) {
		start = len(list)
	}
	end := min(start+o.opts.PageSize, len(list))
	self := *r.URL
	w.Header().Add("Link", fmt.Sprintf(`<%s%s>; rel="self"`, o.URL, self.RequestURI()))
	if end < len(list) {
		q := r.URL.Query()
		q.Set("after", strconv.Itoa(end))
		next := *r.URL
		next.RawQuery = q.Encode()
		w.Header().Add("Link", fmt.Sprintf(`<%s%s>; rel="next"`, o.URL, next.RequestURI()))
	}
	out := list[start:end]
	if out == nil {
		out = []Object{}
	}
	o.write(w, 200, out)
}

func (o *Org) route(r *http.Request, p string, in Object) (int, any, *apiErr) {
	seg := strings.Split(strings.Trim(p, "/"), "/")
	m := r.Method
	switch seg[0] {
	case "apps":
		return o.routeApps(r, seg, in)
	case "groups":
		if len(seg) == 1 && m == http.MethodGet {
			q := r.URL.Query().Get("q")
			var out []Object
			for _, g := range o.groups {
				if strings.HasPrefix(strings.ToLower(sub(g, "profile")["name"].(string)), strings.ToLower(q)) {
					out = append(out, clone(g))
				}
			}
			return 200, out, nil
		}
	case "authorizationServers":
		if o.opts.NoAPIAM {
			return 0, nil, errf(401, "E0000015", "You do not have permission to access the feature you are requesting")
		}
		return o.routeServers(r, seg, in)
	case "trustedOrigins":
		return o.routeOrigins(r, seg, in)
	}
	return 0, nil, errf(404, "E0000007", "Not found: Resource not found: "+p+" (Path)")
}

// ---- apps

func (o *Org) findApp(id string) Object {
	for _, a := range o.apps {
		if a["id"] == id {
			return a
		}
	}
	return nil
}

// appView is the app as an answer shows it: no secret on GET, the current secret on create
// and update (OKTA-API-WRITES §2.4); no consent_method on a Classic org (§11).
func (o *Org) appView(a Object, withSecret bool) Object {
	v := clone(a)
	cr := sub(v, "credentials", "oauthClient")
	if s := o.secrets[a["id"].(string)]; withSecret && s != "" {
		cr["client_secret"] = s
	}
	if o.opts.Classic {
		delete(sub(v, "settings", "oauthClient"), "consent_method")
	}
	return v
}

func (o *Org) fillApp(a Object) {
	sc := sub(a, "settings", "oauthClient")
	cr := sub(a, "credentials", "oauthClient")
	if cr["token_endpoint_auth_method"] == nil {
		cr["token_endpoint_auth_method"] = "client_secret_basic"
	}
	if cr["autoKeyRotation"] == nil {
		cr["autoKeyRotation"] = true
	}
	if cr["pkce_required"] == nil {
		cr["pkce_required"] = sc["application_type"] == "browser" || sc["application_type"] == "native"
	}
	for k, v := range map[string]any{"client_uri": nil, "logo_uri": nil, "wildcard_redirect": "DISABLED", "dpop_bound_access_tokens": false,
		"idp_initiated_login": Object{"mode": "DISABLED", "default_scope": []any{}}} {
		if _, ok := sc[k]; !ok {
			sc[k] = v
		}
	}
	if sc["issuer_mode"] == nil {
		sc["issuer_mode"] = "DYNAMIC"
		if o.opts.CustomDomain != "" {
			sc["issuer_mode"] = "CUSTOM_URL"
		}
	}
	if sc["consent_method"] == nil {
		sc["consent_method"] = "TRUSTED"
	}
	if slices.Contains(strs(sc["grant_types"]), "refresh_token") {
		if sc["refresh_token"] == nil {
			rt := "STATIC"
			if sc["application_type"] == "browser" {
				rt = "ROTATE"
			}
			sc["refresh_token"] = Object{"rotation_type": rt, "leeway": 30}
		}
	} else {
		delete(sc, "refresh_token")
	}
	if a["visibility"] == nil {
		a["visibility"] = Object{"autoLaunch": false, "autoSubmitToolbar": false, "hide": Object{"iOS": true, "web": true}}
	}
	if a["accessibility"] == nil {
		a["accessibility"] = Object{"selfService": false, "errorRedirectUrl": nil, "loginRedirectUrl": nil}
	}
	sub(a, "settings")["notes"] = Object{"admin": nil, "enduser": nil}
	a["features"] = []any{}
	a["_links"] = Object{"groups": Object{"href": o.URL + "/api/v1/apps/" + a["id"].(string) + "/groups"}}
}

func (o *Org) validApp(a Object) *apiErr {
	sc := sub(a, "settings", "oauthClient")
	cr := sub(a, "credentials", "oauthClient")
	if s, _ := a["label"].(string); s == "" {
		return errf(400, "E0000001", "Api validation failed: label", "label: The field cannot be left blank")
	}
	if len(strs(sc["grant_types"])) == 0 {
		return errf(400, "E0000001", "Api validation failed: grant_types", "grant_types: The field cannot be left blank")
	}
	if len(strs(sc["redirect_uris"])) == 0 {
		return errf(400, "E0000001", "Api validation failed: redirect_uris", "redirect_uris: At least one redirect URI is required")
	}
	if cr["token_endpoint_auth_method"] == "none" && cr["pkce_required"] == false {
		return errf(400, "E0000001", "Api validation failed: pkce_required", "pkce_required: PKCE must be required when token_endpoint_auth_method is none")
	}
	if slices.Contains(strs(sc["grant_types"]), "implicit") && !slices.Contains(strs(sc["response_types"]), "token") && !slices.Contains(strs(sc["response_types"]), "id_token") {
		return errf(400, "E0000001", "Api validation failed: response_types", "response_types: implicit needs token or id_token")
	}
	return nil
}

func (o *Org) routeApps(r *http.Request, seg []string, in Object) (int, any, *apiErr) {
	m := r.Method
	switch {
	case len(seg) == 1 && m == http.MethodGet:
		return o.listApps(r.URL.Query())
	case len(seg) == 1 && m == http.MethodPost:
		return o.createApp(in, r.URL.Query().Get("activate") != "false")
	case len(seg) == 1:
		return 0, nil, errNoMethod()
	}
	a := o.findApp(seg[1])
	if a == nil {
		return 0, nil, errf(404, "E0000007", "Not found: Resource not found: "+seg[1]+" (AppInstance)")
	}
	id := a["id"].(string)
	switch {
	case len(seg) == 2 && m == http.MethodGet:
		return 200, o.appView(a, false), nil
	case len(seg) == 2 && m == http.MethodPut:
		return o.replaceApp(a, in)
	case len(seg) == 3 && seg[2] == "groups" && m == http.MethodGet:
		return 200, slices.Clone(o.assign[id]), nil
	case len(seg) == 4 && seg[2] == "groups" && m == http.MethodPut:
		return o.assignApp(id, seg[3])
	case len(seg) == 3 && seg[2] == "users" && m == http.MethodGet:
		return 200, cloneAll(o.users[id]), nil
	}
	return 0, nil, errNoMethod()
}

// errNoMethod is Okta's answer to a method a path does not support.
func errNoMethod() *apiErr {
	return errf(405, "E0000022", "The endpoint does not support the provided HTTP method")
}

// listApps answers GET /apps with the filter and the label prefix search omsso uses.
func (o *Org) listApps(q url.Values) (int, any, *apiErr) {
	var out []Object
	for _, a := range o.apps {
		if f := q.Get("filter"); f != "" && f != `name eq "oidc_client"` {
			return 0, nil, errf(400, "E0000031", "Invalid search criteria.")
		}
		if s := q.Get("q"); s != "" && !strings.HasPrefix(strings.ToLower(a["label"].(string)), strings.ToLower(s)) {
			continue
		}
		out = append(out, o.appView(a, false))
	}
	return 200, out, nil
}

// createApp answers POST /apps: a new id and client ID, a generated secret unless the client
// is public, and a refusal of a second active app with the same label.
func (o *Org) createApp(in Object, activate bool) (int, any, *apiErr) {
	a := clone(in)
	if e := o.validApp(a); e != nil {
		return 0, nil, e
	}
	for _, x := range o.apps {
		if x["label"] == a["label"] && x["status"] == "ACTIVE" {
			return 0, nil, errf(400, "E0000001", "Api validation failed: label", fmt.Sprintf("label: An active OpenID Connect Client instance with the label %q already exists.", a["label"]))
		}
	}
	id := newID("0oa")
	a["id"], a["name"], a["signOnMode"] = id, "oidc_client", "OPENID_CONNECT"
	a["status"] = "ACTIVE"
	if !activate {
		a["status"] = "INACTIVE"
	}
	a["created"] = now()
	cr := sub(a, "credentials", "oauthClient")
	if cr["client_id"] == nil {
		cr["client_id"] = id
	}
	secret, _ := cr["client_secret"].(string)
	delete(cr, "client_secret")
	o.fillApp(a)
	if cr["token_endpoint_auth_method"] != "none" {
		if secret == "" {
			secret = randString(64)
		}
		o.secrets[id] = secret
	}
	o.apps = append(o.apps, a)
	return 200, o.appView(a, true), nil
}

// replaceApp answers PUT /apps/{id}: the body replaces the app, except what Okta keeps (ids,
// status, type, an omitted secret or refresh_token).
func (o *Org) replaceApp(a, in Object) (int, any, *apiErr) {
	id := a["id"].(string)
	n := clone(in)
	for _, k := range []string{"id", "name", "status", "created", "signOnMode"} {
		n[k] = a[k]
	}
	ncr := sub(n, "credentials", "oauthClient")
	ocr := sub(a, "credentials", "oauthClient")
	if c, ok := ncr["client_id"]; ok && c != ocr["client_id"] {
		return 0, nil, errf(400, "E0000001", "Api validation failed: client_id", "client_id: client_id cannot be changed")
	}
	ncr["client_id"] = ocr["client_id"]
	osc, nsc := sub(a, "settings", "oauthClient"), sub(n, "settings", "oauthClient")
	if nsc["application_type"] != osc["application_type"] {
		return 0, nil, errf(400, "E0000001", "Api validation failed: application_type", "application_type: cannot be changed after creation")
	}
	if e := o.validApp(n); e != nil {
		return 0, nil, e
	}
	// client_secret "" or absent keeps the secret (W6b); a value replaces it.
	if s, _ := ncr["client_secret"].(string); s != "" {
		o.secrets[id] = s
	}
	delete(ncr, "client_secret")
	if ncr["token_endpoint_auth_method"] != "none" && o.secrets[id] == "" {
		o.secrets[id] = randString(64)
	}
	// refresh_token: "When you update an app integration, your previously configured
	// values are used" when omitted.
	if nsc["refresh_token"] == nil && osc["refresh_token"] != nil {
		nsc["refresh_token"] = osc["refresh_token"]
	}
	n["lastUpdated"] = now()
	o.fillApp(n)
	for i := range o.apps {
		if o.apps[i]["id"] == id {
			o.apps[i] = n
		}
	}
	return 200, o.appView(n, true), nil
}

// assignApp answers PUT /apps/{id}/groups/{groupId}; assigning twice returns the assignment.
func (o *Org) assignApp(appID, groupID string) (int, any, *apiErr) {
	if !slices.ContainsFunc(o.groups, func(g Object) bool { return g["id"] == groupID }) {
		return 0, nil, errf(404, "E0000007", "Not found: Resource not found: "+groupID+" (UserGroup)")
	}
	for _, g := range o.assign[appID] {
		if g["id"] == groupID {
			return 200, g, nil
		}
	}
	g := Object{"id": groupID, "lastUpdated": now(), "priority": len(o.assign[appID]), "profile": Object{}}
	o.assign[appID] = append(o.assign[appID], g)
	return 200, g, nil
}

// ---- authorization servers

func (o *Org) findServer(id string) Object {
	for _, s := range o.servers {
		if s["id"] == id || (id == "default" && s["default"] == true) {
			return s
		}
	}
	return nil
}

func (o *Org) issuer(s Object) string {
	id := s["id"].(string)
	if s["default"] == true {
		id = "default"
	}
	if s["issuerMode"] == "CUSTOM_URL" && o.opts.CustomDomain != "" {
		return "https://" + o.opts.CustomDomain + "/oauth2/" + id
	}
	return o.URL + "/oauth2/" + id
}

func (o *Org) serverView(s Object) Object {
	v := clone(s)
	v["issuer"] = o.issuer(s)
	return v
}

func systemScopes() []Object {
	var out []Object
	for _, n := range []string{"openid", "profile", "email", "address", "phone", "offline_access"} {
		out = append(out, Object{"id": newID("scp"), "name": n, "displayName": n, "system": true, "default": false,
			"consent": "IMPLICIT", "metadataPublish": "ALL_CLIENTS", "optional": false, "apiResourceId": nil})
	}
	return out
}

func (o *Org) routeServers(r *http.Request, seg []string, in Object) (int, any, *apiErr) {
	m := r.Method
	switch {
	case len(seg) == 1 && m == http.MethodGet:
		var out []Object
		for _, s := range o.servers {
			out = append(out, o.serverView(s))
		}
		return 200, out, nil
	case len(seg) == 1 && m == http.MethodPost:
		return o.createServer(in)
	case len(seg) == 1:
		return 0, nil, errNoMethod()
	}
	s := o.findServer(seg[1])
	if s == nil {
		return 0, nil, errf(404, "E0000007", "Not found: Resource not found: "+seg[1]+" (AuthorizationServer)")
	}
	id := s["id"].(string)
	switch {
	case len(seg) == 2 && m == http.MethodGet:
		return 200, o.serverView(s), nil
	case len(seg) == 2 && m == http.MethodPut:
		return o.replaceServer(s, in)
	case len(seg) == 3 && seg[2] == "scopes" && m == http.MethodGet:
		return 200, cloneAll(o.scopes[id]), nil
	case len(seg) == 3 && seg[2] == "scopes" && m == http.MethodPost:
		return o.createScope(id, in)
	case len(seg) >= 3 && seg[2] == "policies":
		return o.routePolicies(r, id, seg[3:], in)
	}
	return 0, nil, errNoMethod()
}

// validServer is Okta's check of a server body: a name and at least one audience.
func validServer(s Object) *apiErr {
	if n, _ := s["name"].(string); n == "" || len(strs(s["audiences"])) == 0 {
		return errf(400, "E0000001", "Api validation failed: authorizationServer", "name and audiences are required")
	}
	return nil
}

// createServer answers POST /authorizationServers: a new server with the system scopes.
func (o *Org) createServer(in Object) (int, any, *apiErr) {
	s := clone(in)
	if e := validServer(s); e != nil {
		return 0, nil, e
	}
	id := newID("aus")
	s["id"], s["status"], s["default"], s["created"] = id, "ACTIVE", false, now()
	if s["issuerMode"] == nil {
		s["issuerMode"] = "ORG_URL"
	}
	sub(s, "credentials", "signing")["rotationMode"] = "AUTO" // MANUAL is ignored on create
	sub(s, "credentials", "signing")["kid"] = "fakekid-" + id
	if _, ok := s["description"]; !ok {
		s["description"] = nil
	}
	o.servers = append(o.servers, s)
	o.scopes[id] = systemScopes()
	return 201, o.serverView(s), nil
}

// replaceServer answers PUT /authorizationServers/{id}, keeping the server's id, status and
// issuer mode (when omitted); CUSTOM_URL needs a custom domain.
func (o *Org) replaceServer(s, in Object) (int, any, *apiErr) {
	n := clone(in)
	if e := validServer(n); e != nil {
		return 0, nil, e
	}
	for _, k := range []string{"id", "status", "default", "created"} {
		n[k] = s[k]
	}
	delete(n, "issuer")
	if n["issuerMode"] == nil {
		n["issuerMode"] = s["issuerMode"]
	}
	if mode := n["issuerMode"]; mode == "CUSTOM_URL" && o.opts.CustomDomain == "" {
		return 0, nil, errf(400, "E0000001", "Api validation failed: issuerMode", "issuerMode: CUSTOM_URL needs a custom domain")
	}
	n["lastUpdated"] = now()
	for i := range o.servers {
		if o.servers[i]["id"] == s["id"] {
			o.servers[i] = n
		}
	}
	return 200, o.serverView(n), nil
}

// createScope answers POST /authorizationServers/{id}/scopes; names are unique per server.
func (o *Org) createScope(asID string, in Object) (int, any, *apiErr) {
	sc := clone(in)
	name, _ := sc["name"].(string)
	if name == "" {
		return 0, nil, errf(400, "E0000001", "Api validation failed: name")
	}
	for _, x := range o.scopes[asID] {
		if x["name"] == name {
			return 0, nil, errf(400, "E0000001", "Api validation failed: name", "name: A scope with the same name already exists")
		}
	}
	sc["id"], sc["system"], sc["apiResourceId"] = newID("scp"), false, nil
	for k, v := range map[string]any{"default": false, "consent": "IMPLICIT", "metadataPublish": "NO_CLIENTS", "optional": false, "displayName": ""} {
		if sc[k] == nil {
			sc[k] = v
		}
	}
	o.scopes[asID] = append(o.scopes[asID], sc)
	return 201, clone(sc), nil
}

func byPriority(list []Object) {
	sort.SliceStable(list, func(i, j int) bool { return num(list[i]["priority"]) < num(list[j]["priority"]) })
}

func (o *Org) routePolicies(r *http.Request, asID string, seg []string, in Object) (int, any, *apiErr) {
	m := r.Method
	switch {
	case len(seg) == 0 && m == http.MethodGet:
		byPriority(o.policies[asID])
		return 200, cloneAll(o.policies[asID]), nil
	case len(seg) == 0 && m == http.MethodPost:
		return o.createPolicy(asID, in)
	case len(seg) == 0:
		return 0, nil, errNoMethod()
	}
	i := slices.IndexFunc(o.policies[asID], func(p Object) bool { return p["id"] == seg[0] })
	if i < 0 {
		return 0, nil, errf(404, "E0000007", "Not found: Resource not found: "+seg[0]+" (Policy)")
	}
	pol := o.policies[asID][i]
	pid := pol["id"].(string)
	switch {
	case len(seg) == 1 && m == http.MethodGet:
		return 200, clone(pol), nil
	case len(seg) == 1 && m == http.MethodPut:
		n := keep(in, pol, "id", "type", "system", "created", "status")
		n["lastUpdated"] = now()
		o.policies[asID][i] = n
		return 200, clone(n), nil
	case len(seg) == 2 && seg[1] == "rules" && m == http.MethodGet:
		byPriority(o.rules[pid])
		return 200, cloneAll(o.rules[pid]), nil
	case len(seg) == 2 && seg[1] == "rules" && m == http.MethodPost:
		return o.createRule(pid, in)
	case len(seg) == 3 && seg[1] == "rules":
		return o.routeRule(m, pid, seg[2], in)
	}
	return 0, nil, errNoMethod()
}

// keep is a copy of in with old's values of the keys Okta keeps on PUT; status only when in
// omits it.
func keep(in, old Object, keys ...string) Object {
	n := clone(in)
	for _, k := range keys {
		if k != "status" || n[k] == nil {
			n[k] = old[k]
		}
	}
	return n
}

// createPolicy answers POST .../policies: active, last in priority unless given one.
func (o *Org) createPolicy(asID string, in Object) (int, any, *apiErr) {
	p := clone(in)
	if n, _ := p["name"].(string); n == "" {
		return 0, nil, errf(400, "E0000001", "Api validation failed: name")
	}
	p["id"], p["type"], p["system"], p["created"] = newID("00p"), "OAUTH_AUTHORIZATION_POLICY", false, now()
	if p["status"] == nil {
		p["status"] = "ACTIVE"
	}
	if p["conditions"] == nil {
		p["conditions"] = Object{"clients": Object{"include": []any{}}}
	}
	if p["priority"] == nil {
		p["priority"] = len(o.policies[asID]) + 1
	}
	o.policies[asID] = append(o.policies[asID], p)
	return 201, clone(p), nil
}

// createRule answers POST .../policies/{id}/rules.
func (o *Org) createRule(pid string, in Object) (int, any, *apiErr) {
	rl := clone(in)
	if e := validRule(rl); e != nil {
		return 0, nil, e
	}
	rl["id"], rl["type"], rl["system"], rl["created"] = newID("0pr"), "RESOURCE_ACCESS", false, now()
	if rl["status"] == nil {
		rl["status"] = "ACTIVE"
	}
	if rl["priority"] == nil {
		rl["priority"] = len(o.rules[pid]) + 1
	}
	normRule(rl)
	o.rules[pid] = append(o.rules[pid], rl)
	return 201, clone(rl), nil
}

// routeRule answers GET and PUT .../rules/{ruleID}.
func (o *Org) routeRule(m, pid, ruleID string, in Object) (int, any, *apiErr) {
	i := slices.IndexFunc(o.rules[pid], func(rl Object) bool { return rl["id"] == ruleID })
	if i < 0 {
		return 0, nil, errf(404, "E0000007", "Not found: Resource not found: "+ruleID+" (PolicyRule)")
	}
	rl := o.rules[pid][i]
	switch m {
	case http.MethodGet:
		return 200, clone(rl), nil
	case http.MethodPut:
		n := clone(in)
		if e := validRule(n); e != nil {
			return 0, nil, e
		}
		n = keep(n, rl, "id", "type", "system", "created", "status")
		normRule(n)
		o.rules[pid][i] = n
		return 200, clone(n), nil
	}
	return 0, nil, errf(404, "E0000007", "Not found: Resource not found: "+ruleID+" (PolicyRule)")
}

func validRule(rl Object) *apiErr {
	if n, _ := rl["name"].(string); n == "" {
		return errf(400, "E0000001", "Api validation failed: name")
	}
	g := strs(sub(rl, "conditions", "grantTypes")["include"])
	people := sub(rl, "conditions", "people")
	hasPeople := len(strs(sub(people, "users")["include"]))+len(strs(sub(people, "groups")["include"])) > 0
	if !hasPeople && (slices.Contains(g, "authorization_code") || slices.Contains(g, "implicit") || slices.Contains(g, "password")) {
		return errf(400, "E0000001", "Api validation failed: conditions.people",
			"At least one of 'conditions.people.users.include' or 'conditions.people.groups.include' must contain a valid user or group when 'conditions.grantTypes' contains one or more of [authorization_code, implicit, password].")
	}
	return nil
}

// normRule echoes a rule the way Okta does: users:{} → {"exclude":[]}, scopes:{} → include [].
func normRule(rl Object) {
	people := sub(rl, "conditions", "people")
	if u := sub(people, "users"); u["exclude"] == nil {
		u["exclude"] = []any{}
	}
	if s := sub(rl, "conditions", "scopes"); s["include"] == nil {
		s["include"] = []any{}
	}
}

// ---- trusted origins

func (o *Org) routeOrigins(r *http.Request, seg []string, in Object) (int, any, *apiErr) {
	m := r.Method
	if len(seg) == 1 {
		switch m {
		case http.MethodGet:
			return 200, cloneAll(o.origins), nil
		case http.MethodPost:
			t := clone(in)
			origin, _ := t["origin"].(string)
			if u, err := url.Parse(origin); err != nil || u.Host == "" {
				return 0, nil, errf(400, "E0000001", "Api validation failed: origin", "origin: Origin value is not valid")
			}
			for _, x := range o.origins {
				if x["origin"] == origin || x["name"] == t["name"] {
					return 0, nil, errf(400, "E0000001", "Api validation failed: origin", "origin: An object with this field already exists")
				}
			}
			t["id"], t["created"], t["createdBy"] = newID("tos"), now(), "00ufake"
			if t["status"] == nil {
				t["status"] = "ACTIVE"
			}
			o.origins = append(o.origins, t)
			return 200, clone(t), nil
		}
		return 0, nil, errNoMethod()
	}
	for i, t := range o.origins {
		if t["id"] != seg[1] {
			continue
		}
		switch {
		case len(seg) == 2 && m == http.MethodGet:
			return 200, clone(t), nil
		case len(seg) == 2 && m == http.MethodPut:
			n := clone(in)
			n["id"], n["created"], n["createdBy"] = t["id"], t["created"], t["createdBy"]
			if n["status"] == nil {
				n["status"] = t["status"]
			}
			o.origins[i] = n
			return 200, clone(n), nil
		}
	}
	return 0, nil, errf(404, "E0000007", "Not found: Resource not found: "+strings.Join(seg[1:], "/")+" (TrustedOrigin)")
}

// ---- org metadata and OIDC

func (o *Org) org(w http.ResponseWriter) {
	pipeline := "idx"
	if o.opts.Classic {
		pipeline = "v1"
	}
	links := Object{"organization": Object{"href": o.URL}}
	if o.opts.CustomDomain != "" {
		links["alternate"] = Object{"href": "https://" + o.opts.CustomDomain}
	}
	o.write(w, 200, Object{"id": "00ofakeorg0000000001", "pipeline": pipeline, "_links": links})
}

// oidc serves discovery and keys for the org server and each custom server.
func (o *Org) oidc(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	defer o.mu.Unlock()
	p := r.URL.Path
	keys := Object{"keys": []any{Object{"kty": "RSA", "alg": "RS256", "kid": "fakekid0000000000000000000000000000000000001", "use": "sig", "e": "AQAB", "n": "u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0_IzW7yWR7QkrmBL7jTKEn5u-qKhbwKfBstIs-bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW_VDL5AaWTg0nLVkjRo9z-40RQzuVaE8AkAFmxZzow3x-VJYKdjykkJ0iT9wCS0DRTXu269V264Vf_3jvredZiKRkgwlL9xNAwxXFg0x_XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC-9aGVd-Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmw"}}}
	if p == "/.well-known/openid-configuration" || p == "/oauth2/v1/keys" {
		if p == "/oauth2/v1/keys" {
			o.write(w, 200, keys)
			return
		}
		o.write(w, 200, o.discovery(o.URL, o.URL+"/oauth2", []string{"openid", "email", "profile", "address", "phone", "offline_access", "groups"}))
		return
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) < 3 || parts[0] != "oauth2" {
		o.fail(w, errf(404, "E0000022", "The endpoint does not support the provided HTTP method"))
		return
	}
	s := o.findServer(parts[1])
	if s == nil || o.opts.NoAPIAM {
		o.fail(w, errf(404, "E0000007", "Not found: Resource not found: "+parts[1]+" (AuthorizationServer)"))
		return
	}
	rest := strings.Join(parts[2:], "/")
	switch rest {
	case ".well-known/openid-configuration", ".well-known/oauth-authorization-server":
		var published []string
		for _, sc := range o.scopes[s["id"].(string)] {
			if sc["metadataPublish"] == "ALL_CLIENTS" {
				published = append(published, sc["name"].(string))
			}
		}
		base := o.URL + "/oauth2/" + parts[1]
		o.write(w, 200, o.discovery(o.issuer(s), base, published))
	case "v1/keys":
		o.write(w, 200, keys)
	default:
		o.fail(w, errf(404, "E0000022", "The endpoint does not support the provided HTTP method"))
	}
}

func (o *Org) discovery(issuer, base string, scopes []string) Object {
	methods := []any{"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"}
	return Object{"issuer": issuer, "authorization_endpoint": base + "/v1/authorize", "token_endpoint": base + "/v1/token",
		"userinfo_endpoint": base + "/v1/userinfo", "registration_endpoint": o.URL + "/oauth2/v1/clients", "jwks_uri": base + "/v1/keys",
		"response_types_supported":              []any{"code", "id_token", "code id_token", "code token", "id_token token", "code id_token token"},
		"response_modes_supported":              []any{"query", "fragment", "form_post", "okta_post_message"},
		"grant_types_supported":                 []any{"authorization_code", "implicit", "refresh_token", "password"},
		"subject_types_supported":               []any{"public"},
		"id_token_signing_alg_values_supported": []any{"RS256"},
		"scopes_supported":                      scopes,
		"token_endpoint_auth_methods_supported": methods,
		"code_challenge_methods_supported":      []any{"S256"},
		"end_session_endpoint":                  base + "/v1/logout",
	}
}

// ---- helpers

func sub(m Object, path ...string) Object {
	cur := m
	for _, p := range path {
		next, ok := cur[p].(map[string]any)
		if !ok {
			next = Object{}
			cur[p] = next
		}
		cur = next
	}
	return cur
}

func strs(v any) []string {
	var out []string
	switch a := v.(type) {
	case []any:
		for _, x := range a {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	case []string:
		out = append(out, a...)
	}
	return out
}

func num(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int:
		return float64(n)
	}
	return 0
}

func clone(m Object) Object {
	if m == nil {
		return Object{}
	}
	b, err := json.Marshal(m)
	var out Object
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		panic(err) // objects here are decoded JSON: a failure is a bug in the fake
	}
	return out
}

func cloneAll(l []Object) []Object {
	out := []Object{}
	for _, x := range l {
		out = append(out, clone(x))
	}
	return out
}

func now() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000Z") }

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randString(n int) string {
	b := make([]byte, n)
	for i := range b {
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alnum))))
		b[i] = alnum[k.Int64()]
	}
	return string(b)
}

// newID is an Okta-shaped id: a 3-character prefix and 17 alphanumerics.
func newID(prefix string) string { return prefix + randString(17) }
