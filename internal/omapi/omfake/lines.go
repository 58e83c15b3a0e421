package omfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The endpoints of later lines, and the admin user's own.
const (
	pathSource    = "/api/v1/system/settings/source"
	pathTestLogin = "/api/v1/system/security/test-login/validate-token"
	pathMe        = "/api/v1/users/loggedInUser"
)

var securityTypes = []string{"authenticationConfiguration", "authorizerConfiguration"}

// atLeast reports whether the faked server is line maj.mnr or later ("unknown" is not).
func (s *Server) atLeast(maj, mnr int) bool {
	var a, b int
	if n, _ := fmt.Sscanf(s.opts.Version, "%d.%d", &a, &b); n < 2 {
		return false
	}
	return a > maj || (a == maj && b >= mnr)
}

// authenticated lists the paths outside /system/security/ that need the admin's token.
func (s *Server) authenticated(path string) bool {
	return path == pathSource || path == pathMe
}

// serveLines answers the endpoints the later lines add; false when the path is not one.
func (s *Server) serveLines(w http.ResponseWriter, r *http.Request, body []byte) bool {
	switch {
	case r.URL.Path == pathMe && r.Method == http.MethodGet:
		writeJSON(w, 200, map[string]any{"name": strings.SplitN(s.adminEmail(), "@", 2)[0], "email": s.adminEmail(), "isAdmin": true, "isBot": false})
	case r.URL.Path == pathSource && r.Method == http.MethodGet && s.atLeast(2, 1):
		writeJSON(w, 200, s.source())
	case r.URL.Path == pathTestLogin && r.Method == http.MethodPost && s.atLeast(2, 0):
		s.testLogin(w, body)
	case r.URL.Path == pathSource || r.URL.Path == pathTestLogin:
		errorBody(w, 404, "HTTP 404 Not Found")
	default:
		return false
	}
	return true
}

func (s *Server) adminEmail() string {
	if s.opts.AdminEmail != "" {
		return s.opts.AdminEmail
	}
	return "admin@open-metadata.org"
}

// domainLock is SecurityUtil.validateDomainEnforcement for the admin's (non-bot) token: with
// enforcePrincipalDomain, the token's email domain must be the principal domain, or one of
// allowedDomains when that list is not empty (exact match).
func (s *Server) domainLock() (int, string) {
	s.mu.Lock()
	z, _ := s.stored["authorizerConfiguration"].(map[string]any)
	s.mu.Unlock()
	if enforce, _ := z["enforcePrincipalDomain"].(bool); !enforce {
		return 0, ""
	}
	_, domain, _ := strings.Cut(s.adminEmail(), "@")
	allowed := strs(z["allowedDomains"])
	principal, _ := z["principalDomain"].(string)
	if (len(allowed) == 0 && domain != principal) || (len(allowed) > 0 && !slices.Contains(allowed, domain)) {
		return 401, "Not Authorized! Email does not match the principal domain " + principal
	}
	return 0, ""
}

// maskedFields are the password fields GET masks: 2.1 masks every one.
func (s *Server) maskedFields() []string {
	out := []string{"authenticationConfiguration.oidcConfiguration.secret", "authenticationConfiguration.ldapConfiguration.dnAdminPassword"}
	if s.atLeast(2, 1) {
		out = append(out, "authenticationConfiguration.ldapConfiguration.trustStoreConfig.customTrustManagerConfig.trustStoreFilePassword",
			"authenticationConfiguration.samlConfiguration.sp.spPrivateKey", "authenticationConfiguration.samlConfiguration.security.keyStorePassword")
	}
	return out
}

// restoreMasks is 2.1's PUT: a masked password is replaced by the stored one. Before 2.1 the
// mask is stored as it came.
func (s *Server) restoreMasks(doc map[string]any) map[string]any {
	if !s.atLeast(2, 1) {
		return doc
	}
	stored := s.Stored()
	for _, p := range s.maskedFields() {
		if get(doc, p) == Mask {
			set(doc, p, get(stored, p))
		}
	}
	return doc
}

// pojoDefaults are what Jackson fills into an authenticationConfiguration a PUT lacks; 2.0
// adds the session cap (schema default 5) and the trusted redirect list.
func (s *Server) pojoDefaults() map[string]any {
	d := map[string]any{"clientType": "public", "responseType": "id_token", "tokenValidationAlgorithm": "RS256", "enableSelfSignup": false, "jwtPrincipalClaimsMapping": []any{}}
	if s.atLeast(2, 0) {
		d["maxActiveSessionsPerUser"] = 5
		d["additionalTrustedRedirectUris"] = []any{}
	}
	return d
}

// guardWrite is 2.1's write guard: in ENV mode a PUT that changes a field the deployment owns
// answers 409 before any validation; a row another writer changed answers 412 (compare-and-set;
// documented for PATCH, modelled for PUT too so the client's handling is tested).
func (s *Server) guardWrite(body []byte) (int, string) {
	if !s.atLeast(2, 1) {
		return 0, ""
	}
	s.mu.Lock()
	interloper := s.opts.Interloper
	s.opts.Interloper = false
	s.mu.Unlock()
	if interloper {
		return 412, "The setting was changed by another request; read it again and retry"
	}
	if s.mode() != "ENV" {
		return 0, ""
	}
	var doc map[string]any
	if json.Unmarshal(body, &doc) != nil || doc == nil {
		return 0, "" // bean validation answers it
	}
	doc = s.restoreMasks(doc)
	stored := s.Stored()
	for _, ct := range securityTypes {
		var changed []string
		for _, m := range s.opts.Managed[ct] {
			if !sameValue(at(stored[ct], m), at(doc[ct], m)) {
				changed = append(changed, m)
			}
		}
		if len(changed) > 0 {
			return 409, fmt.Sprintf("%s is managed by the deployment configuration (SECURITY_CONFIG_SOURCE=ENV), so %s cannot be changed here. Change the configuration file or environment and restart the server.", ct, strings.Join(changed, ", "))
		}
	}
	return 0, ""
}

func (s *Server) mode() string {
	if s.opts.Source == "" {
		return "AUTO"
	}
	return s.opts.Source
}

// at reads a JSON pointer inside a setting ("/" is the whole setting).
func at(v any, ptr string) any {
	for p := range strings.SplitSeq(strings.Trim(ptr, "/"), "/") {
		if p == "" {
			continue
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// sameValue is the server's normalisation: null, "" and absent are equal, so are [] and {}.
func sameValue(a, b any) bool {
	blank := func(v any) bool {
		switch t := v.(type) {
		case nil:
			return true
		case string:
			return t == ""
		case []any:
			return len(t) == 0
		case map[string]any:
			return len(t) == 0
		}
		return false
	}
	if blank(a) && blank(b) {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// source is GET /api/v1/system/settings/source for the two security settings.
func (s *Server) source() map[string]any {
	var out []any
	for _, ct := range securityTypes {
		e := map[string]any{"configType": ct, "source": s.mode(), "sourceVariable": "SECURITY_CONFIG_SOURCE", "editable": s.mode() != "ENV"}
		if s.mode() == "ENV" {
			e["managedPaths"] = append([]string{}, s.opts.Managed[ct]...)
			e["overriddenFields"] = []any{}
		} else {
			e["managedPaths"] = []any{}
			e["overriddenFields"] = append([]Overridden{}, s.opts.Overridden[ct]...)
		}
		if ct == "authenticationConfiguration" && s.opts.ReloadError != "" {
			e["lastReloadError"] = s.opts.ReloadError
		}
		out = append(out, e)
	}
	return map[string]any{"settings": out}
}

// testLogin is POST …/test-login/validate-token: the ID token must be one the IdP issued for the
// candidate's client; the principal comes from the first jwtPrincipalClaims entry (email: its
// local part); the domain check is validateDomainEnforcement's. Nothing is stored.
func (s *Server) testLogin(w http.ResponseWriter, body []byte) {
	var req map[string]json.RawMessage
	if err := json.Unmarshal(body, &req); err != nil || req["idToken"] == nil || req["securityConfiguration"] == nil || len(req) != 2 {
		errorBody(w, 400, "[idToken must not be null, securityConfiguration must not be null]")
		return
	}
	var tok string
	var cand map[string]any
	if json.Unmarshal(req["idToken"], &tok) != nil || json.Unmarshal(req["securityConfiguration"], &cand) != nil {
		errorBody(w, 400, "Unable to process JSON")
		return
	}
	id, ok := s.opts.IDTokens[tok]
	client, _ := get(cand, "authenticationConfiguration.clientId").(string)
	switch {
	case !ok:
		writeJSON(w, 200, map[string]any{"status": "failed", "stage": "TOKEN_VALIDATED", "errors": []string{"Token signature could not be verified with the configured public keys"}})
		return
	case id.Audience != client:
		writeJSON(w, 200, map[string]any{"status": "failed", "stage": "TOKEN_VALIDATED", "errors": []string{"Token audience " + id.Audience + " does not match clientId " + client}})
		return
	}
	principal := strings.SplitN(id.Email, "@", 2)[0]
	_, domain, _ := strings.Cut(id.Email, "@")
	z, _ := cand["authorizerConfiguration"].(map[string]any)
	enforce, _ := z["enforcePrincipalDomain"].(bool)
	pd, _ := z["principalDomain"].(string)
	allowed := strs(z["allowedDomains"])
	passed := !enforce || (len(allowed) == 0 && domain == pd) || (len(allowed) > 0 && slices.Contains(allowed, domain))
	res := map[string]any{"status": "success", "stage": "DOMAIN_CHECKED", "resolvedPrincipal": principal, "resolvedEmail": id.Email,
		"mappedRoles": append([]string{}, id.Roles...), "mappedTeams": append([]string{}, id.Teams...),
		"domainCheck": map[string]any{"enforced": enforce, "principalDomain": pd, "resolvedDomain": domain, "passed": passed}}
	if !passed {
		res["status"], res["errors"] = "failed", []string{"Email domain " + domain + " is not allowed"}
	}
	writeJSON(w, 200, res)
}

// line2x loads the 2.x schemas: only the 2.0 authorizer schema was published under its own
// name; for 2.1 it gains the email-first keys (no longer requiring adminPrincipals and
// principalDomain) and the OIDC client gains endSessionWithProvider (OM-2X-FACTS §2).
func (l loader) line2x(sub, base string) (any, bool, error) {
	name := base
	switch {
	case sub == "configuration" && base == "authorizerConfiguration.json":
		name = "authorizerConfiguration.2.0-0d30e855.json"
	case !(l.line21 && sub == filepath.Join("security", "client") && base == "oidcClientConfig.json"):
		return nil, false, nil
	}
	b, err := os.ReadFile(filepath.Join(l.dir, sub, name))
	if os.IsNotExist(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, true, err
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, true, err
	}
	if l.line21 {
		props, _ := doc["properties"].(map[string]any)
		if base == "oidcClientConfig.json" {
			props["endSessionWithProvider"] = map[string]any{"type": "boolean"}
		} else {
			list := map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
			props["adminEmails"], props["allowedEmailDomains"], props["botDomain"] = list, list, map[string]any{"type": "string"}
			doc["required"] = []any{"className", "containerRequestFilter", "enforcePrincipalDomain", "enableSecureSocketConnection"}
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, true, err
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(out)))
	return v, true, err
}

// mutate applies Options.Mutate after the MutateAfter-th GET of the config.
func (s *Server) mutate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gets++
	if s.opts.Mutate != nil && s.gets == s.opts.MutateAfter {
		s.opts.Mutate(s.stored)
	}
}
