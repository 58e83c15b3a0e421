// Package tlsca builds the certificate pool of every online call omsso makes (the Okta
// discovery and Management API, OpenMetadata's API): the system's roots plus the CAs of
// --ca-file. TLS is always verified; this only adds trust.
package tlsca

import (
	"crypto/x509"
	"fmt"
	"os"
)

// Pool returns the system roots plus the PEM certificates in caFile; nil for no caFile, which
// means the system roots.
func Pool(caFile string) (*x509.CertPool, error) {
	if caFile == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("--ca-file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("--ca-file %s holds no PEM certificate", caFile)
	}
	return pool, nil
}
