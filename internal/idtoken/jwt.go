// Package idtoken explains what OpenMetadata's server does with an ID token, step by step, for
// the config one OpenMetadata line binds: the key set (by publicKeyUrls, fetched over HTTP) that
// holds the token's kid, the algorithm, the signature, the expiry, then the principal, the email,
// the principal-domain rule and the admin list. The model follows OpenMetadata's server sources:
//
//   - JwtFilter.decodeAndVerify and filter (openmetadata-service/.../security/JwtFilter.java
//     @ 00d5d7d6625b73826415e1fe38d9c5600313a094): decode, expiry (no leeway), key by kid,
//     verify with the configured tokenValidationAlgorithm; claims looked up case-insensitively;
//     iss and aud are not checked by the server (the browser's okta-auth-js checks them).
//   - MultiUrlJwkProvider (@ 06c47971603a36a53c242b3377cfb6b3ddd4abd8): publicKeyUrls tried in
//     order, the first that has the kid wins; none → "JWT Token keyID doesn't match the
//     configured keyID".
//   - SecurityUtil (@ 03c865295292b08eea509fb99f191b2ead3fa66e): findUserNameFromClaims,
//     findEmailFromClaims, getFirstMatchJwtClaim, validateDomainEnforcement.
//   - AuthenticationCodeFlowHandler.getOrCreateOidcUser: admin = username in adminPrincipals.
//   - JwtIdentityResolver (@ 3734135d90e7f572493ce70f967d24bd0fbb616f, 2.1-era): the
//     email-first path when emailClaim is set and the mapping is empty, email_verified.
//
// The token is a secret: nothing here prints, logs or returns it or any part of it.
package idtoken

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// ErrNotJWT is an input that is not a compact JWS (three base64url parts of JSON). Its text
// never includes the input.
var ErrNotJWT = errors.New("the input is not a JWT (three base64url parts separated by dots, the first two JSON); paste the ID token itself, which starts with eyJ")

// token is a decoded compact JWS. signed is header.payload, the bytes the signature covers.
type token struct {
	header map[string]any
	claims map[string]any
	signed []byte
	sig    []byte
}

// parse decodes a compact JWS without verifying it.
func parse(s string) (*token, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimPrefix(s, "Bearer "))
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return nil, ErrNotJWT
	}
	t := &token{signed: []byte(parts[0] + "." + parts[1])}
	var err error
	if t.header, err = jsonPart(parts[0]); err != nil {
		return nil, ErrNotJWT
	}
	if t.claims, err = jsonPart(parts[1]); err != nil {
		return nil, ErrNotJWT
	}
	if t.sig, err = base64.RawURLEncoding.DecodeString(parts[2]); err != nil {
		return nil, ErrNotJWT
	}
	return t, nil
}

func jsonPart(p string) (map[string]any, error) {
	raw, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("not an object")
	}
	return m, nil
}

func (t *token) headerString(name string) string {
	s, _ := t.header[name].(string)
	return s
}

// claim looks a claim up the way JwtFilter does: its claims map is a TreeMap with
// String.CASE_INSENSITIVE_ORDER, so "Email" finds "email". An exact match wins.
func (t *token) claim(name string) (any, bool) {
	if v, ok := t.claims[name]; ok {
		return v, true
	}
	for k, v := range t.claims {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

// claimString is getClaimOrObject: a string claim's text, "" for anything else (auth0's
// Claim.asString returns null for numbers, booleans, lists).
func (t *token) claimString(name string) string {
	v, _ := t.claim(name)
	s, _ := v.(string)
	return s
}

// numericDate reads exp/iat/nbf (seconds since the epoch).
func (t *token) numericDate(name string) (int64, bool) {
	v, ok := t.claims[name].(json.Number)
	if !ok {
		return 0, false
	}
	if i, err := v.Int64(); err == nil {
		return i, true
	}
	f, err := v.Float64()
	return int64(f), err == nil
}

// audiences is aud as a list (a string or an array of strings).
func (t *token) audiences() []string {
	switch a := t.claims["aud"].(type) {
	case string:
		return []string{a}
	case []any:
		var out []string
		for _, x := range a {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
