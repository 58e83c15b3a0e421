// Package tokentest makes signed ID tokens and key sets for tests: keys the test generates, so
// no real token or key ever enters the repository.
package tokentest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
)

// Key is an RSA signing key with its key id.
type Key struct {
	Kid  string
	Priv *rsa.PrivateKey
}

// NewKey generates a 2048-bit RSA key.
func NewKey(kid string) (*Key, error) {
	p, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return &Key{Kid: kid, Priv: p}, nil
}

// JWK is the public key as a key set member (Okta's member order: kty, alg, kid, use, e, n).
func (k *Key) JWK() map[string]any {
	e := big.NewInt(int64(k.Priv.E)).Bytes()
	return map[string]any{"kty": "RSA", "alg": "RS256", "kid": k.Kid, "use": "sig",
		"e": base64.RawURLEncoding.EncodeToString(e), "n": base64.RawURLEncoding.EncodeToString(k.Priv.N.Bytes())}
}

// KeySet is the JSON of a key set holding the keys.
func KeySet(keys ...*Key) []byte {
	var l []any
	for _, k := range keys {
		l = append(l, k.JWK())
	}
	b, _ := json.Marshal(map[string]any{"keys": l}) // maps of strings always marshal
	return b
}

// Sign returns a compact RS256 JWS of the claims with the key's kid.
func (k *Key) Sign(claims map[string]any) (string, error) {
	h, err := json.Marshal(map[string]any{"alg": "RS256", "kid": k.Kid})
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signed := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, k.Priv, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}
