package idtoken

import (
	"context"
	"crypto"
	"crypto/rsa"
	_ "crypto/sha256" // registers SHA-256 for crypto.SHA256
	_ "crypto/sha512" // registers SHA-384 and SHA-512
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
)

// jwk is one key of a key set, as Okta and OpenMetadata serve them.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// keySetResult is what one publicKeyUrls entry gave.
type keySetResult struct {
	URL   string
	Kids  int    // keys in the set
	Key   *jwk   // the key with the token's kid, if any
	Error string // why the set could not be read
}

// findKey tries the URLs in order, as MultiUrlJwkProvider does, and stops at the first set that
// holds kid. Every URL tried is reported.
func findKey(ctx context.Context, c *http.Client, urls []string, kid string) []keySetResult {
	var out []keySetResult
	for _, u := range urls {
		r := keySetResult{URL: u}
		keys, err := fetchKeys(ctx, c, u)
		if err != nil {
			r.Error = err.Error()
		}
		r.Kids = len(keys)
		for i := range keys {
			if keys[i].Kid == kid {
				r.Key = &keys[i]
				break
			}
		}
		out = append(out, r)
		if r.Key != nil {
			break
		}
	}
	return out
}

func fetchKeys(ctx context.Context, c *http.Client, u string) ([]jwk, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("not a URL: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, errors.New("cannot fetch: " + shortErr(err))
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("answered HTTP %d", resp.StatusCode)
	}
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&set); err != nil {
		return nil, errors.New("answered something that is not a JSON key set")
	}
	return set.Keys, nil
}

// shortErr drops Go's "Get \"url\": " prefix; the URL is reported beside it.
func shortErr(err error) string {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) && ue.Unwrap() != nil {
		return ue.Unwrap().Error()
	}
	return err.Error()
}

// algorithms are the tokenValidationAlgorithm values (the schema's enum) and how each verifies.
var algorithms = map[string]struct {
	hash crypto.Hash
	kty  string
}{
	"RS256": {crypto.SHA256, "RSA"}, "RS384": {crypto.SHA384, "RSA"}, "RS512": {crypto.SHA512, "RSA"},
}

// verify checks the signature with the key under the configured algorithm, as JwtFilter's
// createAlgorithmFromJwk does: the server's algorithm, not the token's header, decides.
func verify(alg string, k *jwk, signed, sig []byte) error {
	a, ok := algorithms[alg]
	if !ok {
		return fmt.Errorf("tokenValidationAlgorithm %q is not one OpenMetadata supports (RS256, RS384, RS512)", alg)
	}
	if k.Kty != a.kty {
		return fmt.Errorf("the key is %s, %s needs an RSA key", k.Kty, alg)
	}
	pub, err := rsaKey(k)
	if err != nil {
		return err
	}
	h := a.hash.New()
	h.Write(signed)
	if err := rsa.VerifyPKCS1v15(pub, a.hash, h.Sum(nil), sig); err != nil {
		return errors.New("the signature does not match the key (public key mismatch)")
	}
	return nil
}

func rsaKey(k *jwk) (*rsa.PublicKey, error) {
	n, err1 := base64.RawURLEncoding.DecodeString(k.N)
	e, err2 := base64.RawURLEncoding.DecodeString(k.E)
	if err1 != nil || err2 != nil || len(n) == 0 || len(e) == 0 || len(e) > 4 {
		return nil, errors.New("the key's n or e is not base64url")
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}, nil
}
