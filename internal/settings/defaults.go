package settings

// applyDefaults fills what the user left out. Lists default only when absent, so an explicit
// empty list stays empty (and is then judged by the semantic checks).
func applyDefaults(s *Settings, isSet func(string) bool) {
	if s.OpenMetadata.Version == "" {
		s.OpenMetadata.Version = DefaultVersion
	}
	if s.Okta.AuthorizationServer == "" && s.Okta.Issuer == "" {
		s.Okta.AuthorizationServer = DefaultAuthorizationServer
	}
	if s.Okta.ClientType == "" {
		s.Okta.ClientType = Public
	}
	if !isSet("okta.scopes") {
		s.Okta.Scopes = []string{"openid", "email", "profile"}
	}
	if !isSet("authorizer.allowedemailregistrationdomains") {
		s.Authorizer.AllowedEmailRegistrationDomains = []string{"all"}
	}
	if s.Authorizer.AllowedDomains == nil {
		s.Authorizer.AllowedDomains = []string{}
	}
	if !isSet("authentication.jwtprincipalclaims") {
		s.Authentication.JWTPrincipalClaims = []string{"email", "preferred_username", "sub"}
	}
	if s.Authentication.JWTPrincipalClaimsMapping == nil {
		s.Authentication.JWTPrincipalClaimsMapping = []string{}
	}
	if s.Authentication.TokenValidationAlgorithm == "" {
		s.Authentication.TokenValidationAlgorithm = "RS256"
	}
	if s.Targets.Docker.OmJwksURL == "" {
		s.Targets.Docker.OmJwksURL = DefaultDockerJwks
	}
	if s.Targets.Helm.OmJwksURL == "" {
		s.Targets.Helm.OmJwksURL = DefaultHelmJwks
	}
	if s.Targets.Baremetal.OmJwksURL == "" {
		s.Targets.Baremetal.OmJwksURL = DefaultBaremetalJwks
	}
	if cs := s.Okta.ClientSecret; cs != nil && cs.Env == "" && cs.File == "" && cs.KubernetesSecret == nil {
		s.Okta.ClientSecret = nil // an empty mapping from a half-filled file or env
	}
	if ks := s.okSecret(); ks != nil && ks.ClientIDKey == "" {
		ks.ClientIDKey = DefaultKubeClientIDKey
	}
}

// Resolve validates settings built in code (tests, fuzzing): defaults apply to empty fields and
// nil lists, then the same checks as Load.
func Resolve(s Settings) (*Resolved, error) {
	isSet := func(key string) bool {
		switch key {
		case "okta.scopes":
			return s.Okta.Scopes != nil
		case "authorizer.allowedemailregistrationdomains":
			return s.Authorizer.AllowedEmailRegistrationDomains != nil
		case "authentication.jwtprincipalclaims":
			return s.Authentication.JWTPrincipalClaims != nil
		}
		return false
	}
	scopesSet := s.Okta.Scopes != nil
	applyDefaults(&s, isSet)
	r, ps := resolve(&s, &Source{}, scopesSet, Table{})
	if len(ps) > 0 {
		return nil, &Failure{Problems: ps, Partial: r}
	}
	return r, nil
}
