// Package omfake is a stateful fake of OpenMetadata's security API (1.9 – 2.1) for tests,
// following OM-SECURITY-API.md field by field, quirks included: GET masks the secret and PUT
// stores whatever it gets (the mask too); validate answers 200 with status failed (or the
// legacy shape); bodies are bean-validated against the upstream schemas (400); 401/403 carry
// WWW-Authenticate: om-auth; PATCH drops operations by the stored provider;
// /system/config/auth returns a subset; a 1.9 server has no security endpoints. The 2.x lines
// (lines.go) add test login (2.0), the config-source modes with 409 and 412, mask restore and
// wider masking (2.1); domain enforcement locks out tokens of users outside the domain.
package omfake

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Mask is the server's secret mask.
const Mask = "*********"

// Options describe the server being faked.
type Options struct {
	Version string // e.g. "1.12.6"; before 1.10 the security endpoints answer 404
	// LegacyValidation answers validate in the early-1.10 shape {status, message, results}.
	LegacyValidation bool
	// AutoPopulate adds the IdP's JWKS to publicKeyUrls of confidential OIDC configs on save
	// (PR #25589, 1.11.x/1.12).
	AutoPopulate bool
	// SchemaDir is upstream's json/schema folder; bodies are bean-validated against
	// configuration/securityConfiguration.json. Empty: no bean validation.
	SchemaDir string
	// Tokens: admin tokens pass; bot and user tokens get 403; anything else 401.
	AdminToken, BotToken, UserToken string
	// The IdP the validator can reach: its JWKS URL and its clients (id -> secret, "" public).
	OktaJWKS string
	Clients  map[string]string
	// Initial is the stored config at start (default: Basic()).
	Initial map[string]any
	// Delay makes every call wait (timeout tests); Fail answers "METHOD /path" with a status.
	Delay time.Duration
	Fail  map[string]int
	// TLS serves https with httptest's self-signed certificate (see CertPEM).
	TLS bool

	// AdminEmail is the admin token's user (GET /api/v1/users/loggedInUser); default
	// admin@open-metadata.org.
	AdminEmail string
	// IDTokens are the ID tokens test login accepts (2.0+), with who they resolve to.
	IDTokens map[string]Identity
	// Source is the 2.1 config-source mode of the security settings (AUTO when empty);
	// Managed lists the JSON pointers the deployment owns in ENV mode, per configType;
	// Overridden the deployment values the stored ones override (AUTO, DB), per configType.
	Source     string
	Managed    map[string][]string
	Overridden map[string][]Overridden
	// ReloadError is the 2.1 lastReloadError of authenticationConfiguration.
	ReloadError string
	// Interloper makes the next PUT find the row changed by someone else: 2.1 answers 412.
	Interloper bool
	// Mutate changes the stored config right after the MutateAfter-th GET of the config
	// (someone else saving between omsso's plan and its apply).
	Mutate      func(stored map[string]any)
	MutateAfter int
	// SlowPut stores a PUT, then answers only after this long (a save that times out).
	SlowPut time.Duration
	// Echo makes every failure message repeat the request's token and body (a hostile or
	// careless server), to test redaction.
	Echo bool
}

// Identity is who an ID token resolves to in test login.
type Identity struct {
	Audience, Email, Name string
	Roles, Teams          []string
}

// Overridden is one overriddenFields entry of GET /api/v1/system/settings/source.
type Overridden struct {
	Path        string `json:"path"`
	EnvVariable string `json:"envVariable,omitempty"`
}

// Request is one call the server saw (body as sent).
type Request struct {
	Method, Path, Body string
}

// Server is a running fake.
type Server struct {
	URL  string
	opts Options
	srv  *httptest.Server

	mu       sync.Mutex
	stored   map[string]any
	requests []Request
	reloads  int
	gets     int
	schema   *jsonschema.Schema
}

// Basic is the config a fresh basic-auth install seeds from its YAML: the unused OIDC, LDAP and
// SAML blocks come along with empty required fields.
func Basic() map[string]any {
	return decode(`{
  "authenticationConfiguration": {
    "provider": "basic", "providerName": "basic", "clientType": "public", "responseType": "id_token",
    "publicKeyUrls": ["http://localhost:8585/api/v1/system/config/jwks"],
    "tokenValidationAlgorithm": "RS256", "authority": "https://accounts.google.com",
    "clientId": "", "callbackUrl": "", "jwtPrincipalClaims": ["email","preferred_username","sub"],
    "jwtPrincipalClaimsMapping": [], "enableSelfSignup": true,
    "oidcConfiguration": {"id": "", "type": "", "secret": "", "scope": "openid email profile", "discoveryUri": "",
      "useNonce": "true", "preferredJwsAlgorithm": "RS256", "responseType": "code", "disablePkce": true,
      "callbackUrl": "http://localhost:8585/callback", "serverUrl": "http://localhost:8585",
      "clientAuthenticationMethod": "client_secret_post", "tenant": "", "maxClockSkew": "", "tokenValidity": 3600,
      "customParams": {}, "maxAge": "0", "prompt": "consent", "sessionExpiry": 604800},
    "ldapConfiguration": {"host": "", "port": 10636, "maxPoolSize": 3, "isFullDn": false, "dnAdminPrincipal": "",
      "dnAdminPassword": "", "sslEnabled": true, "userBaseDN": "", "groupBaseDN": "", "roleAdminName": "",
      "allAttributeName": "", "mailAttributeName": "", "usernameAttributeName": "", "groupAttributeName": "",
      "groupAttributeValue": "", "groupMemberAttributeName": "", "authRolesMapping": "", "authReassignRoles": []},
    "samlConfiguration": {"debugMode": false, "idp": {"entityId": "", "ssoLoginUrl": "", "idpX509Certificate": "", "authorityUrl": "http://localhost:8585/api/v1/saml/login", "nameId": "urn:oasis:names:tc:SAML:2.0:nameid-format:emailAddress"},
      "sp": {"entityId": "", "acs": "", "spX509Certificate": "", "spPrivateKey": "", "callback": ""},
      "security": {"strictMode": false, "validateXml": false, "tokenValidity": 3600, "sendEncryptedNameId": false,
        "sendSignedAuthRequest": false, "signSpMetadata": false, "wantMessagesSigned": false, "wantAssertionsSigned": false,
        "wantAssertionEncrypted": false, "keyStoreFilePath": "", "keyStoreAlias": "", "keyStorePassword": ""}}
  },
  "authorizerConfiguration": {
    "className": "org.openmetadata.service.security.DefaultAuthorizer",
    "containerRequestFilter": "org.openmetadata.service.security.JwtFilter",
    "adminPrincipals": ["admin"], "allowedEmailRegistrationDomains": ["all"], "principalDomain": "open-metadata.org",
    "allowedDomains": [], "enforcePrincipalDomain": false, "enableSecureSocketConnection": false, "useRolesFromProvider": false
  }
}`)
}

func decode(s string) map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		panic(err) // a literal in this file
	}
	return m
}

func clone(m map[string]any) map[string]any {
	b, err := json.Marshal(m)
	var out map[string]any
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		panic(err) // documents here are decoded JSON: a failure is a bug in the fake
	}
	return out
}

// Start runs a fake on 127.0.0.1. Close it with Close.
func Start(o Options) (*Server, error) {
	s := &Server{opts: o, stored: clone(o.Initial)}
	if o.Initial == nil {
		s.stored = Basic()
	}
	if o.SchemaDir != "" {
		sch, err := compile(o.SchemaDir, s.atLeast(2, 1))
		if err != nil {
			return nil, fmt.Errorf("compile the upstream schema: %w", err)
		}
		s.schema = sch
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.srv.Listener.Close()
	s.srv.Listener = l
	// Handshake failures are test cases here, not news.
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if o.TLS {
		s.srv.StartTLS()
	} else {
		s.srv.Start()
	}
	s.URL = s.srv.URL
	return s, nil
}

// CertPEM is the server's certificate (TLS only), for --ca-file.
func (s *Server) CertPEM() []byte {
	if s.srv.Certificate() == nil {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.srv.Certificate().Raw})
}

// Close stops the server.
func (s *Server) Close() { s.srv.CloseClientConnections(); s.srv.Close() }

// Stored returns a copy of the stored config (unmasked: what the database row holds).
func (s *Server) Stored() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return clone(s.stored)
}

// SetStored replaces the stored config.
func (s *Server) SetStored(m map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stored = clone(m)
}

// Requests returns the calls seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Reloads counts successful saves (each reloads the security system of this "pod").
func (s *Server) Reloads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reloads
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client may be gone; nothing to tell it
}

func errorBody(w http.ResponseWriter, status int, msg string) {
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		w.Header().Set("WWW-Authenticate", "om-auth")
	}
	writeJSON(w, status, map[string]any{"code": status, "message": msg})
}

func (s *Server) before110() bool {
	var maj, mnr int
	if n, _ := fmt.Sscanf(s.opts.Version, "%d.%d", &maj, &mnr); n < 2 {
		return false // "unknown": a build without /catalog/VERSION
	}
	return maj < 1 || (maj == 1 && mnr < 10)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.mu.Lock()
	s.requests = append(s.requests, Request{r.Method, r.URL.Path, string(body)})
	s.mu.Unlock()
	if err != nil {
		errorBody(w, 400, "Unable to read the request body")
		return
	}
	if s.opts.Delay > 0 {
		select {
		case <-time.After(s.opts.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if st, ok := s.opts.Fail[r.Method+" "+r.URL.Path]; ok {
		msg := fmt.Sprintf("injected failure %d", st)
		if s.opts.Echo {
			msg += " for " + r.Header.Get("Authorization") + " with " + string(body)
		}
		if r.Method == http.MethodPut {
			msg = "Failed to update security configuration: " + msg
		}
		errorBody(w, st, msg)
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/api/v1/system/security/") && !s.authenticated(r.URL.Path) {
		s.servePublic(w, r)
		return
	}
	if s.before110() {
		errorBody(w, 404, "HTTP 404 Not Found")
		return
	}
	if st, msg := s.authorize(r); st != 0 {
		errorBody(w, st, msg)
		return
	}
	if s.serveLines(w, r, body) {
		return
	}
	s.serveSecurity(w, r, body)
}

// servePublic answers the endpoints outside the security API: version, OpenMetadata's own
// JWKS and the auth config the UI reads.
func (s *Server) servePublic(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		errorBody(w, 404, "HTTP 404 Not Found")
		return
	}
	switch r.URL.Path {
	case "/api/v1/system/version":
		writeJSON(w, 200, map[string]any{"version": s.opts.Version, "revision": "c56f2aae3e", "timestamp": 1760000000000})
	case "/api/v1/system/config/jwks":
		writeJSON(w, 200, map[string]any{"keys": []any{map[string]any{"kty": "RSA", "kid": "omfake", "n": "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw", "e": "AQAB", "alg": "RS256", "use": "sig"}}})
	case "/api/v1/system/config/auth":
		writeJSON(w, 200, s.authSubset())
	default:
		errorBody(w, 404, "HTTP 404 Not Found")
	}
}

// serveSecurity answers the security API for an authorised admin.
func (s *Server) serveSecurity(w http.ResponseWriter, r *http.Request, body []byte) {
	p := r.URL.Path
	switch {
	case p == "/api/v1/system/security/config" && r.Method == http.MethodGet:
		writeJSON(w, 200, s.masked())
		s.mutate()
	case p == "/api/v1/system/security/config" && r.Method == http.MethodPut:
		if st, msg := s.guardWrite(body); st != 0 {
			errorBody(w, st, msg)
			return
		}
		doc, st, msg := s.bean(body)
		if st != 0 {
			errorBody(w, st, msg)
			return
		}
		s.save(s.restoreMasks(doc))
		if s.opts.SlowPut > 0 {
			select {
			case <-time.After(s.opts.SlowPut):
			case <-r.Context().Done():
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		_, _ = w.Write(body) // echoes the request, plaintext secret included; the client may be gone
	case p == "/api/v1/system/security/config" && r.Method == http.MethodPatch:
		s.patch(w, body)
	case p == "/api/v1/system/security/validate" && r.Method == http.MethodPost:
		doc, st, msg := s.bean(body)
		if st != 0 {
			errorBody(w, st, msg)
			return
		}
		writeJSON(w, 200, s.validate(doc))
	default:
		errorBody(w, 405, "HTTP 405 Method Not Allowed")
	}
}

// authorize: a token verifies only while OpenMetadata's own JWKS is in the stored
// publicKeyUrls (JwtFilter builds its key provider from exactly that list).
func (s *Server) authorize(r *http.Request) (int, string) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return 401, "Not Authorized! Token not present"
	}
	s.mu.Lock()
	keys := strs(get(s.stored, "authenticationConfiguration.publicKeyUrls"))
	s.mu.Unlock()
	if !slices.ContainsFunc(keys, func(u string) bool { return strings.HasSuffix(u, "/api/v1/system/config/jwks") }) {
		return 401, "Not Authorized! Token verification failed: no key for this token"
	}
	switch tok {
	case s.opts.AdminToken:
		if st, msg := s.domainLock(); st != 0 {
			return st, msg
		}
		return 0, ""
	case s.opts.BotToken, s.opts.UserToken:
		if tok != "" {
			return 403, "Principal: CatalogPrincipal{name='ingestion-bot'} is not admin"
		}
	}
	return 401, "Not Authorized! Token verification failed"
}

func (s *Server) masked() map[string]any {
	s.mu.Lock()
	doc := clone(s.stored)
	s.mu.Unlock()
	for _, p := range s.maskedFields() {
		if v, ok := get(doc, p).(string); ok && v != "" {
			set(doc, p, Mask)
		}
	}
	return doc
}

// save stores the body as it came (the mask too: 1.10 – 2.0 PUT does not unmask), with the
// POJO defaults Jackson fills in.
func (s *Server) save(doc map[string]any) {
	authn, _ := doc["authenticationConfiguration"].(map[string]any)
	for k, v := range s.pojoDefaults() {
		if _, ok := authn[k]; !ok {
			authn[k] = v
		}
	}
	if oidc, ok := authn["oidcConfiguration"].(map[string]any); ok {
		for k, v := range map[string]any{"scope": "openid email profile", "useNonce": "true", "preferredJwsAlgorithm": "RS256", "responseType": "code", "disablePkce": true, "tokenValidity": 3600, "sessionExpiry": 604800} {
			if _, ok := oidc[k]; !ok {
				oidc[k] = v
			}
		}
		if s.opts.AutoPopulate && authn["clientType"] == "confidential" && s.opts.OktaJWKS != "" {
			keys := strs(authn["publicKeyUrls"])
			if !slices.Contains(keys, s.opts.OktaJWKS) {
				authn["publicKeyUrls"] = append(anys(keys), s.opts.OktaJWKS)
			}
		}
	}
	s.mu.Lock()
	s.stored = doc
	s.reloads++
	s.mu.Unlock()
}

// bean decodes and validates a body the way Jersey's @Valid does (here: the upstream schema).
func (s *Server) bean(body []byte) (map[string]any, int, string) {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&doc); err != nil || doc == nil {
		return nil, 400, "Unable to process JSON"
	}
	if s.schema != nil {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err == nil {
			err = s.schema.Validate(inst)
		}
		if err != nil {
			return nil, 400, "[" + strings.Join(violations(err), ", ") + "]"
		}
	}
	if _, ok := doc["authenticationConfiguration"].(map[string]any); !ok {
		return nil, 400, "[authenticationConfiguration must not be null]"
	}
	if _, ok := doc["authorizerConfiguration"].(map[string]any); !ok {
		return nil, 400, "[authorizerConfiguration must not be null]"
	}
	return doc, 0, ""
}

func violations(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []string{err.Error()}
	}
	p := message.NewPrinter(language.English)
	var out []string
	var walk func(*jsonschema.ValidationError)
	walk = func(v *jsonschema.ValidationError) {
		if len(v.Causes) == 0 {
			loc := strings.Join(v.InstanceLocation, ".")
			if req, ok := v.ErrorKind.(*kind.Required); ok {
				for _, m := range req.Missing {
					out = append(out, strings.TrimPrefix(loc+"."+m, ".")+" must not be null")
				}
				return
			}
			out = append(out, loc+" "+v.ErrorKind.LocalizedString(p))
		}
		for _, c := range v.Causes {
			walk(c)
		}
	}
	walk(ve)
	slices.Sort(out)
	return slices.Compact(out)
}

// validate runs the three stages (base fields, provider, authorizer), at most one error each.
func (s *Server) validate(doc map[string]any) map[string]any {
	type fe struct{ field, msg string }
	var errs []fe
	a := "authenticationConfiguration."
	str := func(p string) string { v, _ := get(doc, p).(string); return v }
	if str(a+"providerName") == "" {
		errs = append(errs, fe{a + "providerName", "Provider name is required"})
	}
	if str(a+"provider") == "okta" {
		confidential := str(a+"clientType") == "confidential"
		keys := strs(get(doc, a+"publicKeyUrls"))
		switch {
		case !confidential && !s.knows(str(a+"clientId")):
			errs = append(errs, fe{a + "clientId", "Client ID validation failed. HTTP response: 404"})
		case confidential && !s.knows(str(a+"oidcConfiguration.id")):
			errs = append(errs, fe{a + "oidcConfiguration.id", "Invalid client credentials: Invalid value for 'client_id' parameter."})
		case confidential && s.opts.Clients[str(a+"oidcConfiguration.id")] != str(a+"oidcConfiguration.secret"):
			errs = append(errs, fe{a + "oidcConfiguration.secret", "Invalid client credentials. HTTP response: 401"})
		case len(keys) > 0 && s.opts.OktaJWKS != "" && !slices.Contains(keys, s.opts.OktaJWKS):
			errs = append(errs, fe{a + "publicKeyUrls", "None of the public key URLs match the provider's JWKS endpoint " + s.opts.OktaJWKS})
		}
	}
	z := "authorizerConfiguration."
	switch {
	case len(strs(get(doc, z+"adminPrincipals"))) == 0:
		errs = append(errs, fe{z + "adminPrincipals", "At least one admin principal is required"})
	case str(z+"principalDomain") == "":
		errs = append(errs, fe{z + "principalDomain", "Principal domain is required"})
	}
	if s.opts.LegacyValidation {
		status, results := "success", []any{}
		for _, e := range errs {
			status = "failed"
			comp := "okta"
			if strings.HasPrefix(e.field, "authorizerConfiguration.") {
				comp = "authorizer"
			}
			results = append(results, map[string]any{"component": comp, "status": "failed", "message": e.msg})
		}
		if status == "success" {
			results = append(results, map[string]any{"component": "okta", "status": "success", "message": "Okta configuration is valid"})
		}
		return map[string]any{"status": status, "message": "Security configuration validation " + status, "results": results}
	}
	if len(errs) == 0 {
		return map[string]any{"status": "success"}
	}
	var out []any
	for _, e := range errs {
		out = append(out, map[string]any{"field": e.field, "error": e.msg})
	}
	return map[string]any{"status": "failed", "errors": out}
}

func (s *Server) knows(id string) bool {
	_, ok := s.opts.Clients[id]
	return ok && id != ""
}

// patch applies a JSON Patch to the unmasked stored config after dropping the operations the
// stored provider filters out (filterInvalidPatchOperations): OIDC ops while the provider is not
// OIDC, SAML ops while it is not SAML.
func (s *Server) patch(w http.ResponseWriter, body []byte) {
	var ops []struct {
		Op    string `json:"op"`
		Path  string `json:"path"`
		Value any    `json:"value"`
	}
	if err := json.Unmarshal(body, &ops); err != nil {
		errorBody(w, 400, "Invalid JSON Patch")
		return
	}
	s.mu.Lock()
	doc := clone(s.stored)
	s.mu.Unlock()
	provider, _ := get(doc, "authenticationConfiguration.provider").(string)
	oidc := slices.Contains([]string{"google", "azure", "okta", "auth0", "aws-cognito", "custom-oidc"}, provider)
	for _, op := range ops {
		if (!oidc && strings.Contains(op.Path, "oidcConfiguration")) ||
			(provider == "saml" && (strings.Contains(op.Path, "oidcConfiguration") || strings.Contains(op.Path, "clientType"))) ||
			(provider != "saml" && strings.Contains(op.Path, "samlConfiguration")) {
			continue // silently dropped
		}
		path := strings.ReplaceAll(strings.TrimPrefix(op.Path, "/"), "/", ".")
		switch op.Op {
		case "add", "replace":
			setCreate(doc, path, op.Value)
		case "remove":
			del(doc, path)
		}
	}
	s.save(doc)
	w.WriteHeader(http.StatusNoContent)
}

// authSubset is /system/config/auth in 1.10 – 1.12.12: a new AuthenticationConfiguration
// with only some fields copied; the rest are POJO defaults whatever is stored (#29597).
func (s *Server) authSubset() map[string]any {
	s.mu.Lock()
	authn, _ := clone(s.stored)["authenticationConfiguration"].(map[string]any)
	s.mu.Unlock()
	out := map[string]any{"responseType": "id_token", "publicKeyUrls": []any{}, "tokenValidationAlgorithm": "RS256", "jwtPrincipalClaimsMapping": []any{}, "enableSelfSignup": false, "clientType": "public"}
	for _, k := range []string{"provider", "providerName", "clientType", "enableSelfSignup", "jwtPrincipalClaims", "jwtPrincipalClaimsMapping", "clientId", "authority", "callbackUrl"} {
		if v, ok := authn[k]; ok {
			out[k] = v
		}
	}
	return out
}

func get(doc map[string]any, path string) any {
	var cur any = doc
	for p := range strings.SplitSeq(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

func set(doc map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	m := doc
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			return
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}

func setCreate(doc map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	m := doc
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}

func del(doc map[string]any, path string) {
	parts := strings.Split(path, ".")
	m := doc
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			return
		}
		m = next
	}
	delete(m, parts[len(parts)-1])
}

func strs(v any) []string {
	items, _ := v.([]any)
	var out []string
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func anys(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// Stubs stand in for the schemas the reference data does not carry: the provider enum
// (OM-SECURITY-API §2) and the LDAP and SAML blocks with their required fields.
var stubs = map[string]string{
	"openMetadataConnection.json": `{"definitions":{"authProvider":{"type":"string","enum":["basic","azure","google","okta","auth0","custom-oidc","aws-cognito","openmetadata","ldap","saml"]}}}`,
	"ldapConfiguration.json":      `{"type":"object","required":["host","port","dnAdminPrincipal","dnAdminPassword","userBaseDN","mailAttributeName"]}`,
	"samlSSOClientConfig.json":    `{"type":"object","properties":{"idp":{"type":"object","required":["entityId","ssoLoginUrl"]},"sp":{"type":"object","required":["entityId","acs","callback"]}}}`,
}

// loader resolves every schema URL by its file name: upstream's $ids do not agree with the
// relative refs between files (authenticationConfiguration.json's $id has an extra "entity/").
type loader struct {
	dir    string
	line21 bool // 2.1: the email-first authorizer keys and endSessionWithProvider exist
}

func (l loader) Load(u string) (any, error) {
	base := u[strings.LastIndex(u, "/")+1:]
	if s, ok := stubs[base]; ok {
		return jsonschema.UnmarshalJSON(strings.NewReader(s))
	}
	for _, sub := range []string{"configuration", filepath.Join("security", "client")} {
		if doc, ok, err := l.line2x(sub, base); ok || err != nil {
			return doc, err
		}
		f, err := os.Open(filepath.Join(l.dir, sub, base))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return jsonschema.UnmarshalJSON(f)
	}
	return nil, fmt.Errorf("schema %s not in the reference data", u)
}

func compile(dir string, line21 bool) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.UseLoader(loader{dir, line21})
	return c.Compile("https://open-metadata.org/schema/configuration/securityConfiguration.json")
}

// Compile exposes the schema check for tests of bodies built elsewhere.
func Compile(dir string) (func(body []byte) error, error) {
	sch, err := compile(dir, false)
	if err != nil {
		return nil, err
	}
	return func(body []byte) error {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err != nil {
			return err
		}
		if err := sch.Validate(inst); err != nil {
			return &schemaError{violations(err), err}
		}
		return nil
	}, nil
}

// schemaError lists a body's schema violations; Unwrap gives the validator's own error.
type schemaError struct {
	violations []string
	err        error
}

func (e *schemaError) Error() string { return strings.Join(e.violations, "; ") }
func (e *schemaError) Unwrap() error { return e.err }
