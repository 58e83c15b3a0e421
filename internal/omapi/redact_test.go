package omapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestLiveTruncatedSecretLeaks(t *testing.T) {
	secret := "canarySECRET-okta-client-9876543210fedcba"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		// the server echoes the body in its message (OM-SECURITY-API §5: 500 "Failed to update security configuration: …")
		msg := "Failed to update security configuration: " + strings.Repeat("x", 300-41-20) + "secret=" + secret
		json.NewEncoder(w).Encode(map[string]any{"code": 500, "message": msg})
	}))
	defer srv.Close()
	c, err := NewClient(ClientOptions{BaseURL: srv.URL, Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	c.Hide(secret)
	err = c.Put(context.Background(), map[string]any{})
	t.Logf("%v", err)
	if strings.Contains(err.Error(), secret[:10]) {
		t.Errorf("a prefix of the secret leaked: %q", err.Error()[len(err.Error())-60:])
	}
}
