package settings

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// badText explains why a string can't be carried safely, or returns "".
func badText(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == '\n':
			return "contains a line break"
		case r == '\r':
			return "contains a carriage return"
		case r == '\u2028' || r == '\u2029' || r == '\u0085':
			return fmt.Sprintf("contains a Unicode line separator (U+%04X)", r)
		case unicode.IsControl(r):
			return fmt.Sprintf("contains a control character (U+%04X)", r)
		case r == '\uFEFF':
			return "contains a byte-order mark (U+FEFF)"
		}
	}
	return ""
}

type field struct{ path, value string }

// stringFields lists every user-supplied string with its path.
func stringFields(s *Settings) []field {
	fs := []field{
		{"openmetadata.url", s.OpenMetadata.URL},
		{"openmetadata.version", s.OpenMetadata.Version},
		{"okta.domain", s.Okta.Domain},
		{"okta.clientId", s.Okta.ClientID},
		{"okta.authorizationServer", s.Okta.AuthorizationServer},
		{"okta.issuer", s.Okta.Issuer},
		{"okta.jwksUrl", s.Okta.JWKSURL},
		{"okta.clientType", s.Okta.ClientType},
		{"authorizer.principalDomain", s.Authorizer.PrincipalDomain},
		{"authentication.providerName", s.Authentication.ProviderName},
		{"authentication.tokenValidationAlgorithm", s.Authentication.TokenValidationAlgorithm},
		{"authentication.emailClaim", s.Authentication.EmailClaim},
		{"authentication.displayNameClaim", s.Authentication.DisplayNameClaim},
		{"authorizer.botDomain", s.Authorizer.BotDomain},
		{"configSource.security", s.ConfigSource.Security},
		{"targets.docker.omJwksUrl", s.Targets.Docker.OmJwksURL},
		{"targets.helm.omJwksUrl", s.Targets.Helm.OmJwksURL},
		{"targets.baremetal.omJwksUrl", s.Targets.Baremetal.OmJwksURL},
	}
	fs = append(fs, gitopsFields(s)...)
	list := func(p string, l []string) {
		for i, v := range l {
			fs = append(fs, field{fmt.Sprintf("%s[%d]", p, i), v})
		}
	}
	list("okta.scopes", s.Okta.Scopes)
	list("okta.assignGroups", s.Okta.AssignGroups)
	list("authorizer.adminPrincipals", s.Authorizer.AdminPrincipals)
	list("authorizer.allowedDomains", s.Authorizer.AllowedDomains)
	list("authorizer.allowedEmailRegistrationDomains", s.Authorizer.AllowedEmailRegistrationDomains)
	list("authentication.jwtPrincipalClaims", s.Authentication.JWTPrincipalClaims)
	list("authentication.jwtPrincipalClaimsMapping", s.Authentication.JWTPrincipalClaimsMapping)
	list("authorizer.adminEmails", s.Authorizer.AdminEmails)
	list("authorizer.allowedEmailDomains", s.Authorizer.AllowedEmailDomains)
	if cs := s.Okta.ClientSecret; cs != nil {
		fs = append(fs, field{"okta.clientSecret.env", cs.Env}, field{"okta.clientSecret.file", cs.File})
		if ks := cs.KubernetesSecret; ks != nil {
			fs = append(fs, field{"okta.clientSecret.kubernetesSecret.name", ks.Name}, field{"okta.clientSecret.kubernetesSecret.key", ks.Key})
		}
	}
	return fs
}

// CheckField validates one answer the way Load would, for prompts that check as the user types.
// It builds settings that are valid but for the field, so only that field's rules speak.
func CheckField(path, value string) Problems { return CheckFieldFor(path, value, nil) }

// CheckFieldFor is CheckField in the light of answers already given (field path -> value, for
// openmetadata.version and authorizer.principalDomain): init asks the line and the domain
// first, so that an admin written as alice@example.org is judged against the real domain.
func CheckFieldFor(path, value string, given map[string]string) Problems {
	s := Settings{}
	s.OpenMetadata.URL = "https://openmetadata.example.com"
	s.Okta.Domain = "dev-123456.okta.com"
	s.Okta.ClientID = "0oa1abcd2EFGH3ijk4l5"
	s.Authorizer.AdminPrincipals = []string{"admin"}
	s.Authorizer.PrincipalDomain = "example.com"
	if v := given["openmetadata.version"]; v != "" {
		s.OpenMetadata.Version = v
	}
	if v := given["authorizer.principalDomain"]; v != "" {
		s.Authorizer.PrincipalDomain = v
	}
	switch path {
	case "openmetadata.version":
		s.OpenMetadata.Version = value
	case "openmetadata.url":
		s.OpenMetadata.URL = value
	case "okta.domain":
		s.Okta.Domain = value
	case "okta.clientId":
		s.Okta.ClientID = value
	case "okta.authorizationServer":
		s.Okta.AuthorizationServer = value
	case "okta.clientType":
		s.Okta.ClientType = value
		if value == Confidential {
			s.Okta.ClientSecret = &SecretRef{Env: "OKTA_CLIENT_SECRET"}
		}
	case "okta.clientSecret.env":
		s.Okta.ClientType = Confidential
		s.Okta.ClientSecret = &SecretRef{Env: value}
	case "authorizer.adminPrincipals":
		s.Authorizer.AdminPrincipals = nil
		for _, a := range strings.Split(value, ",") {
			if a = strings.TrimSpace(a); a != "" {
				s.Authorizer.AdminPrincipals = append(s.Authorizer.AdminPrincipals, a)
			}
		}
	case "authorizer.principalDomain":
		s.Authorizer.PrincipalDomain = value
	}
	r, err := Resolve(s)
	var out Problems
	var f *Failure
	if err != nil && errors.As(err, &f) {
		out = append(out, f.Problems...)
	}
	if r != nil {
		for _, w := range r.Warnings {
			if w.Severity == Warning {
				out = append(out, w)
			}
		}
	}
	var mine Problems
	for _, p := range out {
		if p.Path == path || strings.HasPrefix(p.Path, path+".") || strings.HasPrefix(p.Path, path+"[") {
			mine = append(mine, p)
		}
	}
	return mine
}
